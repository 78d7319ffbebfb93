import { sql } from 'kysely';
import type { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import { shanghaiDate } from '../../server/clock.ts';
import { AppError } from '../../server/http/errors.ts';
import type { Principal } from '../auth/principal.ts';
import { scopeSql } from '../elevators/elevators.scope.ts';
import { scopeOf } from '../elevators/elevators.service.ts';
import type { CoverageOut } from './insurance.schema.ts';
import { LAPSED } from './policies.service.ts';

/**
 * Insurance coverage by region: in-use elevators of the caller's registry scope with a policy in force (any
 * insurer, any product) over all in-use elevators; plus the lapsed policies (ended, not renewed) per region.
 */
export async function coverage(ctx: AppContext, p: Principal, regionCode?: string): Promise<z.infer<typeof CoverageOut>> {
  const scope = scopeOf(ctx, p);
  let prefix = scope.kind === 'region' ? scope.prefix : '';
  if (regionCode) {
    if (!ctx.regions.get(regionCode)) throw new AppError('REGION_NOT_FOUND', { fields: [{ field: 'regionCode', message: '未知的行政区划代码' }] });
    const wanted = ctx.regions.prefix(regionCode);
    if (scope.kind === 'region' && !wanted.startsWith(scope.prefix)) throw new AppError('REGION_OUT_OF_SCOPE');
    prefix = wanted;
  }
  const today = shanghaiDate(ctx.clock.now());
  const childLen = prefix.length <= 2 ? 4 : 6;
  const inRegion = (col: string) => sql`${sql.ref(col)} >= ${prefix} AND ${sql.ref(col)} < ${`${prefix}~`}`;
  const [cov, lapsed] = await Promise.all([
    sql<{ code: string; in_use: number; insured: number }>`
      SELECT substr(e.region_code, 1, ${childLen}) AS code, count(*)::int AS in_use,
             (count(*) FILTER (WHERE EXISTS (SELECT 1 FROM insurance_policy ip WHERE ip.elevator_id = e.id AND ip.status = 'active' AND ip.starts_on <= ${today} AND ip.ends_on >= ${today})))::int AS insured
        FROM elevator e WHERE e.status = 'IN_USE' AND ${scopeSql(scope)} AND ${inRegion('e.region_code')} GROUP BY 1 ORDER BY 1`.execute(ctx.store.db),
    sql<{ code: string; n: number }>`
      SELECT substr(ip.region_code, 1, ${childLen}) AS code, count(DISTINCT ip.elevator_id)::int AS n
        FROM insurance_policy ip JOIN elevator e ON e.id = ip.elevator_id
       WHERE ${LAPSED(today)} AND ${p.orgType === 'insurer' ? sql`ip.insurer_org_id = ${p.orgId}` : scopeSql(scope)} AND ${inRegion('ip.region_code')} GROUP BY 1`.execute(ctx.store.db),
  ]);
  const lapsedBy = new Map(lapsed.rows.map((r) => [r.code, r.n]));
  const full = (c: string) => (c.length === 4 ? `${c}00` : c.length === 2 ? `${c}0000` : c);
  const row = (code: string, name: string, inUse: number, insured: number, lapsedN: number) => ({ regionCode: code, name, inUse, insured, rate: inUse ? Math.round((insured / inUse) * 10_000) / 10_000 : null, lapsed: lapsedN });
  const codes = [...new Set([...cov.rows.map((r) => r.code), ...lapsedBy.keys()])].sort();
  const byRegion = codes.map((c) => {
    const r = cov.rows.find((x) => x.code === c);
    return row(full(c), ctx.regions.get(full(c))?.name ?? c, r?.in_use ?? 0, r?.insured ?? 0, lapsedBy.get(c) ?? 0);
  });
  const sum = byRegion.reduce((a, r) => ({ inUse: a.inUse + r.inUse, insured: a.insured + r.insured, lapsed: a.lapsed + r.lapsed }), { inUse: 0, insured: 0, lapsed: 0 });
  return {
    regionCode: full(prefix || '37'),
    summary: row(full(prefix || ''), prefix ? (ctx.regions.get(full(prefix))?.name ?? prefix) : '全部', sum.inUse, sum.insured, sum.lapsed),
    byRegion,
  };
}
