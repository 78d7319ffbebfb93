import { sql } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import { AppError } from '../../server/http/errors.ts';
import type { Principal } from '../auth/principal.ts';
import { KINDS, STATUSES, type Kind, type Status } from './renovation.domain.ts';
import { visibleSql } from './renovation.service.ts';

/**
 * Progress by region: under the province its cities, under a city its counties (a project spanning counties counts
 * at its city). Counts, elevators and budget by kind and by state; subsidy requested, approved and disbursed.
 * Cancelled projects are counted by state only, never in the money.
 */
const Money = z.object({ budget: z.number(), subsidyRequested: z.number(), subsidyApproved: z.number(), subsidyDisbursed: z.number() });
const Block = Money.extend({
  regionCode: z.string(),
  regionName: z.string(),
  projects: z.number(),
  elevators: z.number(),
  byKind: z.record(z.enum(KINDS), z.object({ projects: z.number(), elevators: z.number(), budget: z.number() })),
  byStatus: z.record(z.enum(STATUSES), z.number()),
});
export const ProgressOut = z.object({ regionCode: z.string().nullable(), rows: z.array(Block), totals: Block });
type Block = z.infer<typeof Block>;

const empty = (regionCode: string, regionName: string): Block => ({
  regionCode,
  regionName,
  projects: 0,
  elevators: 0,
  budget: 0,
  subsidyRequested: 0,
  subsidyApproved: 0,
  subsidyDisbursed: 0,
  byKind: Object.fromEntries(KINDS.map((k) => [k, { projects: 0, elevators: 0, budget: 0 }])) as Block['byKind'],
  byStatus: Object.fromEntries(STATUSES.map((s) => [s, 0])) as Block['byStatus'],
});

const cents = (n: number) => Math.round(n * 100) / 100;

export async function progress(ctx: AppContext, p: Principal, regionCode?: string): Promise<z.infer<typeof ProgressOut>> {
  if (regionCode && !ctx.regions.get(regionCode)) throw new AppError('REGION_NOT_FOUND', { fields: [{ field: 'regionCode', message: '未知的行政区划代码' }] });
  const prefix = regionCode ? ctx.regions.prefix(regionCode) : '';
  // Group one level below the region asked for: province (or none) → cities, city → counties.
  const width = prefix.length <= 2 ? 4 : 6;
  const conds = [visibleSql(ctx, p)];
  if (prefix) conds.push(sql<boolean>`(p.region_code >= ${prefix} AND p.region_code < ${`${prefix}~`})`);
  const { rows } = await sql<{ area: string; kind: Kind; status: Status; projects: number; elevators: number; budget: number; requested: number; approved: number; disbursed: number }>`
    SELECT substr(p.region_code, 1, ${width}) AS area, p.kind, p.status, count(*)::int AS projects,
           sum((SELECT count(*) FROM renovation_project_elevator c WHERE c.project_id = p.id))::int AS elevators,
           COALESCE(sum(p.budget), 0)::float8 AS budget, COALESCE(sum(p.subsidy_requested), 0)::float8 AS requested,
           COALESCE(sum(p.subsidy_approved), 0)::float8 AS approved, COALESCE(sum(p.subsidy_disbursed), 0)::float8 AS disbursed
      FROM renovation_project p WHERE ${sql.join(conds, sql` AND `)}
     GROUP BY 1, 2, 3 ORDER BY 1`.execute(ctx.store.db);
  const name = (code: string) => ctx.regions.get(code)?.name ?? code;
  const totals = empty(regionCode ?? '', regionCode ? name(regionCode) : '全部');
  const byArea = new Map<string, Block>();
  for (const r of rows) {
    const code = r.area.padEnd(6, '0');
    let b = byArea.get(code);
    if (!b) byArea.set(code, (b = empty(code, name(code))));
    for (const x of [b, totals]) {
      x.byStatus[r.status] += r.projects;
      if (r.status === 'cancelled') continue;
      x.projects += r.projects;
      x.elevators += r.elevators;
      x.budget = cents(x.budget + r.budget);
      x.subsidyRequested = cents(x.subsidyRequested + r.requested);
      x.subsidyApproved = cents(x.subsidyApproved + r.approved);
      x.subsidyDisbursed = cents(x.subsidyDisbursed + r.disbursed);
      const k = x.byKind[r.kind];
      k.projects += r.projects;
      k.elevators += r.elevators;
      k.budget = cents(k.budget + r.budget);
    }
  }
  return { regionCode: regionCode ?? null, rows: [...byArea.values()], totals };
}
