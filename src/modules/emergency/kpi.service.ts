import { sql, type RawBuilder } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import { shanghaiDayStart } from '../../server/clock.ts';
import { AppError } from '../../server/http/errors.ts';
import type { Principal } from '../auth/principal.ts';
import { csvLine } from '../../lib/csv.ts';
import { CAUSES } from './emergency.domain.ts';
import { incidentScope, incidentScopeSql } from './incident.scope.ts';

/**
 * 96333 KPIs as Shandong cities publish them quarterly (domain brief §8). Definitions (fixed by the API):
 * response = dispatched − received, arrival = arrived − received, rescue = rescued − arrived; a rate counts the
 * incidents that have both timestamps; the 3- and 30-minute marks are the published ones, whatever a region's
 * own SLA limits are. Dates are Asia/Shanghai calendar days, both ends inclusive.
 */
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');

export const StatsQuery = z.object({
  regionCode: z.string().regex(/^\d{2,6}$/).optional(),
  from: Day.optional(),
  to: Day.optional(),
});
export type StatsQuery = z.infer<typeof StatsQuery>;

const ByCause = z.object(Object.fromEntries(CAUSES.map((c) => [c, z.number()])) as Record<(typeof CAUSES)[number], z.ZodNumber>);

export const StatsOut = z.object({
  incidents: z.number(),
  trappedIncidents: z.number(),
  peopleRescued: z.number(),
  responseRate3min: z.number().nullable(),
  arrivalRate30min: z.number().nullable(),
  avgArrivalMinutes: z.number().nullable(),
  avgRescueMinutes: z.number().nullable(),
  byCause: ByCause,
});
export type StatsOut = z.infer<typeof StatsOut>;

const Ranked = z.object({ orgId: z.number(), name: z.string(), trappedIncidents: z.number(), elevators: z.number(), per100: z.number().nullable() });

export const ReportOut = z.object({
  regionCode: z.string(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  summary: StatsOut,
  byRegion: z.array(StatsOut.extend({ regionCode: z.string(), name: z.string() })),
  byMaintenance: z.array(Ranked),
  byUseUnit: z.array(Ranked),
  byHour: z.array(z.object({ hour: z.number(), incidents: z.number(), trapped: z.number() })),
  byMonth: z.array(z.object({ month: z.string(), incidents: z.number(), trapped: z.number() })),
  arrivalHistogram: z.array(z.object({ bucket: z.string(), incidents: z.number() })),
  escalations: z.object({ incidents: z.number(), breachedDispatch: z.number(), breachedAccept: z.number(), breachedArrive: z.number() }),
});

interface Filter {
  where: RawBuilder<boolean>;
  regionPrefix: string;
}

function filterOf(ctx: AppContext, p: Principal, q: StatsQuery): Filter {
  const scope = incidentScope(ctx, p);
  const conds = [incidentScopeSql(scope)];
  let regionPrefix = scope.kind === 'region' ? scope.prefix : '';
  if (q.regionCode) {
    if (!ctx.regions.get(q.regionCode) && q.regionCode.length === 6) throw new AppError('REGION_NOT_FOUND', { fields: [{ field: 'regionCode', message: '未知的行政区划代码' }] });
    const prefix = ctx.regions.prefix(q.regionCode);
    if (scope.kind === 'region' && !prefix.startsWith(scope.prefix) && !scope.prefix.startsWith(prefix)) throw new AppError('REGION_OUT_OF_SCOPE');
    if (prefix.length > regionPrefix.length) regionPrefix = prefix;
    conds.push(sql<boolean>`(i.region_code >= ${prefix} AND i.region_code < ${`${prefix}~`})`);
  }
  if (q.from) conds.push(sql<boolean>`i.received_at >= ${shanghaiDayStart(q.from)}`);
  if (q.to) conds.push(sql<boolean>`i.received_at < ${new Date(shanghaiDayStart(q.to).getTime() + 86_400_000)}`);
  if (q.from && q.to && q.from > q.to) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'to', message: '结束日期早于开始日期' }] });
  return { where: sql.join(conds, sql` AND `) as RawBuilder<boolean>, regionPrefix };
}

const AGGREGATES = sql`count(*)::int AS incidents,
  (count(*) FILTER (WHERE i.type = 'trapped'))::int AS trapped_incidents,
  coalesce(sum(i.rescued_count), 0)::int AS people_rescued,
  (count(*) FILTER (WHERE i.dispatched_at IS NOT NULL))::int AS with_dispatch,
  (count(*) FILTER (WHERE i.dispatched_at - i.received_at <= interval '180 seconds'))::int AS dispatch_ok,
  (count(*) FILTER (WHERE i.arrived_at IS NOT NULL))::int AS with_arrival,
  (count(*) FILTER (WHERE i.arrived_at - i.received_at <= interval '1800 seconds'))::int AS arrival_ok,
  avg(extract(epoch FROM i.arrived_at - i.received_at))::float8 AS avg_arrival_s,
  avg(extract(epoch FROM i.rescued_at - i.arrived_at))::float8 AS avg_rescue_s,
  (count(*) FILTER (WHERE i.cause = 'external'))::int AS c_external,
  (count(*) FILTER (WHERE i.cause = 'human'))::int AS c_human,
  (count(*) FILTER (WHERE i.cause = 'door_system'))::int AS c_door_system,
  (count(*) FILTER (WHERE i.cause = 'equipment'))::int AS c_equipment,
  (count(*) FILTER (WHERE i.cause = 'other'))::int AS c_other`;

interface AggRow {
  incidents: number;
  trapped_incidents: number;
  people_rescued: number;
  with_dispatch: number;
  dispatch_ok: number;
  with_arrival: number;
  arrival_ok: number;
  avg_arrival_s: number | null;
  avg_rescue_s: number | null;
  c_external: number;
  c_human: number;
  c_door_system: number;
  c_equipment: number;
  c_other: number;
}

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

function toStats(r: AggRow | undefined): StatsOut {
  const a = r ?? ({ incidents: 0, trapped_incidents: 0, people_rescued: 0, with_dispatch: 0, dispatch_ok: 0, with_arrival: 0, arrival_ok: 0, avg_arrival_s: null, avg_rescue_s: null, c_external: 0, c_human: 0, c_door_system: 0, c_equipment: 0, c_other: 0 } as AggRow);
  return {
    incidents: a.incidents,
    trappedIncidents: a.trapped_incidents,
    peopleRescued: a.people_rescued,
    responseRate3min: a.with_dispatch ? round(a.dispatch_ok / a.with_dispatch, 4) : null,
    arrivalRate30min: a.with_arrival ? round(a.arrival_ok / a.with_arrival, 4) : null,
    avgArrivalMinutes: a.avg_arrival_s === null ? null : round(a.avg_arrival_s / 60, 2),
    avgRescueMinutes: a.avg_rescue_s === null ? null : round(a.avg_rescue_s / 60, 2),
    byCause: { external: a.c_external, human: a.c_human, door_system: a.c_door_system, equipment: a.c_equipment, other: a.c_other },
  };
}

export async function stats(ctx: AppContext, p: Principal, q: StatsQuery): Promise<StatsOut> {
  const f = filterOf(ctx, p, q);
  const { rows } = await sql<AggRow>`SELECT ${AGGREGATES} FROM incident i WHERE ${f.where}`.execute(ctx.store.db);
  return toStats(rows[0]);
}

/** The full period report: by region one level down, rankings per 100 elevators, hours, months, arrival times. */
export async function report(ctx: AppContext, p: Principal, q: StatsQuery): Promise<z.infer<typeof ReportOut>> {
  const f = filterOf(ctx, p, q);
  const { db } = ctx.store;
  // One level down: province → cities, city → counties.
  const childLen = f.regionPrefix.length <= 2 ? 4 : 6;
  const [summary, regions, maint, units, hours, months, hist, esc] = await Promise.all([
    sql<AggRow>`SELECT ${AGGREGATES} FROM incident i WHERE ${f.where}`.execute(db),
    sql<AggRow & { code: string }>`SELECT substr(i.region_code, 1, ${childLen}) AS code, ${AGGREGATES} FROM incident i WHERE ${f.where} GROUP BY 1 ORDER BY 1`.execute(db),
    sql<{ org_id: number; name: string; n: number }>`SELECT i.maintenance_org_id AS org_id, o.name, count(*)::int AS n FROM incident i JOIN organization o ON o.id = i.maintenance_org_id
        WHERE ${f.where} AND i.type = 'trapped' GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 50`.execute(db),
    sql<{ org_id: number; name: string; n: number }>`SELECT i.use_unit_id AS org_id, o.name, count(*)::int AS n FROM incident i JOIN organization o ON o.id = i.use_unit_id
        WHERE ${f.where} AND i.type = 'trapped' GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 50`.execute(db),
    sql<{ hour: number; n: number; t: number }>`SELECT extract(hour FROM i.received_at AT TIME ZONE 'Asia/Shanghai')::int AS hour, count(*)::int AS n,
        (count(*) FILTER (WHERE i.type = 'trapped'))::int AS t FROM incident i WHERE ${f.where} GROUP BY 1 ORDER BY 1`.execute(db),
    sql<{ month: string; n: number; t: number }>`SELECT to_char(i.received_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS month, count(*)::int AS n,
        (count(*) FILTER (WHERE i.type = 'trapped'))::int AS t FROM incident i WHERE ${f.where} GROUP BY 1 ORDER BY 1`.execute(db),
    sql<{ bucket: number; n: number }>`SELECT least(floor(extract(epoch FROM i.arrived_at - i.received_at) / 300), 12)::int AS bucket, count(*)::int AS n
        FROM incident i WHERE ${f.where} AND i.arrived_at IS NOT NULL GROUP BY 1 ORDER BY 1`.execute(db),
    sql<{ e: number; d: number; a: number; r: number }>`SELECT (count(*) FILTER (WHERE i.escalations > 0))::int AS e, (count(*) FILTER (WHERE 'dispatch' = ANY (i.breaches)))::int AS d,
        (count(*) FILTER (WHERE 'accept' = ANY (i.breaches)))::int AS a, (count(*) FILTER (WHERE 'arrive' = ANY (i.breaches)))::int AS r FROM incident i WHERE ${f.where}`.execute(db),
  ]);
  // Elevators each ranked organisation holds in the region (in use), for entrapments per 100 elevators.
  const counts = async (column: 'maintenance_org_id' | 'use_unit_id', ids: number[]) => {
    if (!ids.length) return new Map<number, number>();
    const prefix = f.regionPrefix;
    const { rows } = await sql<{ id: number; n: number }>`SELECT ${sql.ref(`e.${column}`)} AS id, count(*)::int AS n FROM elevator e
       WHERE ${sql.ref(`e.${column}`)} = ANY (${ids}) AND e.status = 'IN_USE' AND e.region_code >= ${prefix} AND e.region_code < ${`${prefix}~`} GROUP BY 1`.execute(db);
    return new Map(rows.map((r) => [Number(r.id), r.n]));
  };
  const [mCounts, uCounts] = await Promise.all([counts('maintenance_org_id', maint.rows.map((r) => r.org_id)), counts('use_unit_id', units.rows.map((r) => r.org_id))]);
  const ranked = (rows: { org_id: number; name: string; n: number }[], c: Map<number, number>) =>
    rows
      .map((r) => {
        const elevators = c.get(Number(r.org_id)) ?? 0;
        return { orgId: Number(r.org_id), name: r.name, trappedIncidents: r.n, elevators, per100: elevators ? round((r.n * 100) / elevators, 2) : null };
      })
      .sort((a, b) => (b.per100 ?? -1) - (a.per100 ?? -1) || b.trappedIncidents - a.trappedIncidents);
  const byHour = Array.from({ length: 24 }, (_, hour) => {
    const r = hours.rows.find((h) => h.hour === hour);
    return { hour, incidents: r?.n ?? 0, trapped: r?.t ?? 0 };
  });
  const bucketName = (b: number) => (b >= 12 ? '60+' : `${b * 5}-${b * 5 + 5}`);
  return {
    regionCode: f.regionPrefix,
    from: q.from ?? null,
    to: q.to ?? null,
    summary: toStats(summary.rows[0]),
    byRegion: regions.rows.map((r) => {
      const code = r.code.length === 4 ? `${r.code}00` : r.code;
      return { ...toStats(r), regionCode: code, name: ctx.regions.get(code)?.name ?? code };
    }),
    byMaintenance: ranked(maint.rows, mCounts),
    byUseUnit: ranked(units.rows, uCounts),
    byHour,
    byMonth: months.rows.map((m) => ({ month: m.month, incidents: m.n, trapped: m.t })),
    arrivalHistogram: Array.from({ length: 13 }, (_, b) => ({ bucket: bucketName(b), incidents: hist.rows.find((h) => h.bucket === b)?.n ?? 0 })),
    escalations: { incidents: esc.rows[0]?.e ?? 0, breachedDispatch: esc.rows[0]?.d ?? 0, breachedAccept: esc.rows[0]?.a ?? 0, breachedArrive: esc.rows[0]?.r ?? 0 },
  };
}

const pct = (v: number | null) => (v === null ? '' : `${round(v * 100, 2)}%`);

/** The report as a CSV file (UTF-8 with BOM, opens in Excel): regions, then the two rankings. */
export function reportCsv(r: z.infer<typeof ReportOut>): string {
  const lines: string[] = [];
  const csvRow = (cells: (string | number)[]) => csvLine(cells.map(String));
  lines.push(csvRow(['区域', '事件数', '困人事件', '解救人数', '3分钟响应率', '30分钟到达率', '平均到达(分钟)', '平均救援(分钟)']));
  for (const s of [{ ...r.summary, name: '合计' }, ...r.byRegion]) {
    lines.push(csvRow([s.name, s.incidents, s.trappedIncidents, s.peopleRescued, pct(s.responseRate3min), pct(s.arrivalRate30min), s.avgArrivalMinutes ?? '', s.avgRescueMinutes ?? '']));
  }
  lines.push('\r\n');
  lines.push(csvRow(['维保单位', '困人事件', '在用电梯', '每百台困人']));
  for (const m of r.byMaintenance) lines.push(csvRow([m.name, m.trappedIncidents, m.elevators, m.per100 ?? '']));
  lines.push('\r\n');
  lines.push(csvRow(['使用单位', '困人事件', '在用电梯', '每百台困人']));
  for (const m of r.byUseUnit) lines.push(csvRow([m.name, m.trappedIncidents, m.elevators, m.per100 ?? '']));
  return `\uFEFF${lines.join('')}`;
}
