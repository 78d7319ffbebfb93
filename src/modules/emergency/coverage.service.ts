import { sql } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import { AppError } from '../../server/http/errors.ts';
import type { Principal } from '../auth/principal.ts';
import { PASSENGER_CATEGORIES } from '../elevators/elevators.domain.ts';
import { scopeSql } from '../elevators/elevators.scope.ts';
import { scopeOf } from '../elevators/elevators.service.ts';

/**
 * 96333 coverage (notice: 100% of passenger elevators): an in-use passenger elevator is covered when it has a
 * rescue code, a tier-1 rescuer (an active maintenance company) and a hotline someone answers (the elevator's
 * maintenance phone, else the company's 24-hour hotline or contact phone). Computed from the registry as it is,
 * so an elevator registered a moment ago is counted at once.
 */
export const GAPS = ['no_rescue_code', 'no_rescuer', 'no_hotline'] as const;
export type Gap = (typeof GAPS)[number];

export const CoverageQuery = z.object({ regionCode: z.string().regex(/^\d{2,6}$/).optional() });
export const CoverageRow = z.object({ regionCode: z.string(), name: z.string(), total: z.number(), covered: z.number(), rate: z.number().nullable(), noRescueCode: z.number(), noRescuer: z.number(), noHotline: z.number() });
export const CoverageOut = z.object({ regionCode: z.string(), summary: CoverageRow, byRegion: z.array(CoverageRow) });

export const GapListQuery = CoverageQuery.extend({
  gap: z.enum(GAPS).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
export const GapListOut = z.object({
  items: z.array(z.object({ registrationCode: z.string(), rescueCode: z.string().nullable(), address: z.string(), regionCode: z.string(), maintenance: z.string().nullable(), gaps: z.array(z.enum(GAPS)) })),
  total: z.number(),
});

const HOTLINE = sql`coalesce(nullif(e.maintenance_phone, ''), nullif(m.hotline, ''), nullif(m.contact_phone, ''))`;
const RESCUER = sql`(m.id IS NOT NULL AND m.active AND m.type = 'maintenance')`;
const IN_SCOPE = sql`e.status = 'IN_USE' AND e.category_code IN (${sql.join(PASSENGER_CATEGORIES)})`;

function regionPrefix(ctx: AppContext, p: Principal, regionCode?: string) {
  const scope = scopeOf(ctx, p);
  let prefix = scope.kind === 'region' ? scope.prefix : '';
  if (regionCode) {
    const wanted = ctx.regions.prefix(regionCode);
    if (scope.kind === 'region' && !wanted.startsWith(scope.prefix)) throw new AppError('REGION_OUT_OF_SCOPE');
    prefix = wanted;
  }
  return { scope, prefix };
}

export async function coverage(ctx: AppContext, p: Principal, q: z.infer<typeof CoverageQuery>): Promise<z.infer<typeof CoverageOut>> {
  const { scope, prefix } = regionPrefix(ctx, p, q.regionCode);
  const childLen = prefix.length <= 2 ? 4 : 6;
  const { rows } = await sql<{ code: string; total: number; covered: number; no_code: number; no_rescuer: number; no_hotline: number }>`
    SELECT substr(e.region_code, 1, ${childLen}) AS code, count(*)::int AS total,
           (count(*) FILTER (WHERE e.rescue_code IS NOT NULL AND ${RESCUER} AND ${HOTLINE} IS NOT NULL))::int AS covered,
           (count(*) FILTER (WHERE e.rescue_code IS NULL))::int AS no_code,
           (count(*) FILTER (WHERE NOT ${RESCUER}))::int AS no_rescuer,
           (count(*) FILTER (WHERE ${HOTLINE} IS NULL))::int AS no_hotline
      FROM elevator e LEFT JOIN organization m ON m.id = e.maintenance_org_id
     WHERE ${IN_SCOPE} AND ${scopeSql(scope)} AND e.region_code >= ${prefix} AND e.region_code < ${`${prefix}~`}
     GROUP BY 1 ORDER BY 1`.execute(ctx.store.db);
  const row = (code: string, name: string, r: { total: number; covered: number; no_code: number; no_rescuer: number; no_hotline: number }) => ({
    regionCode: code,
    name,
    total: r.total,
    covered: r.covered,
    rate: r.total ? Math.round((r.covered / r.total) * 10_000) / 10_000 : null,
    noRescueCode: r.no_code,
    noRescuer: r.no_rescuer,
    noHotline: r.no_hotline,
  });
  const sum = rows.reduce((a, r) => ({ total: a.total + r.total, covered: a.covered + r.covered, no_code: a.no_code + r.no_code, no_rescuer: a.no_rescuer + r.no_rescuer, no_hotline: a.no_hotline + r.no_hotline }), {
    total: 0,
    covered: 0,
    no_code: 0,
    no_rescuer: 0,
    no_hotline: 0,
  });
  const full = (c: string) => (c.length === 4 ? `${c}00` : c.length === 2 ? `${c}0000` : c);
  return {
    regionCode: full(prefix || '37'),
    summary: row(full(prefix || ''), prefix ? (ctx.regions.get(full(prefix))?.name ?? prefix) : '全部', sum),
    byRegion: rows.map((r) => row(full(r.code), ctx.regions.get(full(r.code))?.name ?? r.code, r)),
  };
}

/** The elevators behind the gaps, to be fixed one by one (or exported). */
export async function gaps(ctx: AppContext, p: Principal, q: z.infer<typeof GapListQuery>): Promise<z.infer<typeof GapListOut>> {
  const { scope, prefix } = regionPrefix(ctx, p, q.regionCode);
  const gapCond =
    q.gap === 'no_rescue_code' ? sql`e.rescue_code IS NULL` : q.gap === 'no_rescuer' ? sql`NOT ${RESCUER}` : q.gap === 'no_hotline' ? sql`${HOTLINE} IS NULL` : sql`(e.rescue_code IS NULL OR NOT ${RESCUER} OR ${HOTLINE} IS NULL)`;
  const where = sql`${IN_SCOPE} AND ${scopeSql(scope)} AND e.region_code >= ${prefix} AND e.region_code < ${`${prefix}~`} AND ${gapCond}`;
  const from = sql`FROM elevator e LEFT JOIN organization m ON m.id = e.maintenance_org_id`;
  const [rows, count] = await Promise.all([
    sql<{ registration_code: string; rescue_code: string | null; address: string; region_code: string; mname: string | null; rescuer: boolean; hotline: string | null }>`
      SELECT e.registration_code, e.rescue_code, e.address, e.region_code, m.name AS mname, ${RESCUER} AS rescuer, ${HOTLINE} AS hotline ${from} WHERE ${where}
       ORDER BY e.region_code, e.registration_code LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`.execute(ctx.store.db),
    sql<{ n: number }>`SELECT count(*)::int AS n ${from} WHERE ${where}`.execute(ctx.store.db),
  ]);
  return {
    items: rows.rows.map((r) => ({
      registrationCode: r.registration_code,
      rescueCode: r.rescue_code,
      address: r.address,
      regionCode: r.region_code,
      maintenance: r.mname,
      gaps: [...(r.rescue_code ? [] : ['no_rescue_code' as const]), ...(r.rescuer ? [] : ['no_rescuer' as const]), ...(r.hotline ? [] : ['no_hotline' as const])],
    })),
    total: count.rows[0]?.n ?? 0,
  };
}
