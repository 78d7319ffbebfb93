import { sql } from 'kysely';
import type { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import { AppError } from '../../server/http/errors.ts';
import type { Principal } from '../auth/principal.ts';
import type { FaultStatsOut, FaultStatsQuery } from './manufacturers.schema.ts';
import { makerScope, manufacturerOf } from './manufacturers.scope.ts';

/** Months from `from` to `to` inclusive, YYYY-MM. */
export function monthRange(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  while (y < ty || (y === ty && m <= tm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    if (++m > 12) [y, m] = [y + 1, 1];
  }
  return out;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * Faults per 100 elevators per month, by model and fault code, over a manufacturer's in-use elevators (a regulator:
 * those in its region). Two grouped statements: the fleet size per model, and fault openings per month × model ×
 * code through the partial index `fault_event_open_idx` (elevator, time; type and vendor code included), so the
 * cost grows with the faults in the window, never with a loop over rows. A fault's code is its canonical type, else
 * the controller's vendor code. Months are calendar months in Asia/Shanghai.
 */
export async function faultStats(ctx: AppContext, p: Principal, q: z.infer<typeof FaultStatsQuery>): Promise<z.infer<typeof FaultStatsOut>> {
  if (q.to < q.from) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'to', message: '结束月份早于开始月份' }] });
  const months = monthRange(q.from, q.to);
  if (months.length > 36) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'to', message: '统计区间最长 36 个月' }] });
  const scope = makerScope(ctx, p);
  const org = manufacturerOf(scope, q.manufacturerOrgId);
  const prefix = scope.kind === 'region' ? (q.regionCode && ctx.regions.prefix(q.regionCode).startsWith(scope.prefix) ? ctx.regions.prefix(q.regionCode) : scope.prefix) : q.regionCode ? ctx.regions.prefix(q.regionCode) : '';
  const fleet = sql`SELECT e.id, coalesce(e.model, '') AS model FROM elevator e
     WHERE e.manufacturer_org_id = ${org} AND e.status = 'IN_USE'
       ${prefix ? sql`AND e.region_code >= ${prefix} AND e.region_code < ${`${prefix}~`}` : sql``}
       ${q.model !== undefined ? sql`AND coalesce(e.model, '') = ${q.model}` : sql``}`;
  const start = new Date(`${q.from}-01T00:00:00+08:00`);
  const [ty, tm] = q.to.split('-').map(Number) as [number, number];
  const end = new Date(`${tm === 12 ? ty + 1 : ty}-${String(tm === 12 ? 1 : tm + 1).padStart(2, '0')}-01T00:00:00+08:00`);
  const [sizes, counts] = await Promise.all([
    sql<{ model: string; n: number }>`SELECT f.model, count(*)::int AS n FROM (${fleet}) f GROUP BY f.model`.execute(ctx.store.db),
    sql<{ month: string; model: string; code: string; n: number }>`
      WITH fleet AS MATERIALIZED (${fleet})
      SELECT to_char(fe.occurred_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS month, fl.model, coalesce(fe.type, fe.vendor_code, 'unknown') AS code, count(*)::int AS n
        FROM fleet fl JOIN fault_event fe ON fe.elevator_id = fl.id AND fe.phase = 'open' AND fe.occurred_at >= ${start} AND fe.occurred_at < ${end}
       GROUP BY 1, 2, 3`.execute(ctx.store.db),
  ]);
  const size = new Map(sizes.rows.map((r) => [r.model, r.n]));
  const rows = counts.rows
    .map((r) => ({ month: r.month, model: r.model, code: r.code, faults: r.n, elevators: size.get(r.model) ?? 0, per100: round2((r.n * 100) / (size.get(r.model) || 1)) }))
    .sort((a, b) => a.month.localeCompare(b.month) || a.model.localeCompare(b.model) || b.faults - a.faults || a.code.localeCompare(b.code));
  const byModel = sizes.rows
    .map((s) => {
      const faults = rows.filter((r) => r.model === s.model).reduce((t, r) => t + r.faults, 0);
      return { model: s.model, elevators: s.n, faults, per100PerMonth: round2((faults * 100) / s.n / months.length) };
    })
    .sort((a, b) => b.per100PerMonth - a.per100PerMonth || a.model.localeCompare(b.model));
  return { months, rows, byModel };
}
