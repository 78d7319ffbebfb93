import { sql } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import { AppError } from '../../server/http/errors.ts';
import type { Principal } from '../auth/principal.ts';
import { scopeOf } from '../elevators/elevators.service.ts';
import { GRADE_WEIGHTS, gradeCompany, type CompanyFacts, type GradeWeights } from './maintenance.domain.ts';
import { overlay, regionSettings } from '../regions/region-settings.ts';
import { rulesFor } from './records.service.ts';

/**
 * Grades every maintenance company of a region for a month from the platform's own records: maintenance on time,
 * record quality flags, entrapments (96333) and faults (IoT) per 100 elevators, tier-1 arrival within 30 minutes,
 * first-pass periodic inspections; automatic D for an expired licence, an accident with injuries, or an upheld
 * faked record. One aggregate query per indicator, grouped by company.
 */
export const GradeQuery = z.object({
  period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM'),
  regionCode: z.string().regex(/^\d{2,6}$/).optional(),
});

const Indicator = z.object({ key: z.string(), value: z.number().nullable(), score: z.number(), weight: z.number(), points: z.number(), basis: z.string() });
export const GradeOut = z.object({
  period: z.string(),
  regionCode: z.string(),
  weights: z.record(z.string(), z.number()),
  items: z.array(z.object({ orgId: z.number(), name: z.string(), score: z.number(), grade: z.enum(['A', 'B', 'C', 'D']), triggers: z.array(z.string()), indicators: z.array(Indicator) })),
});

/** Faked-record flags that, once a regulator upholds them, make a serious violation. */
const SERIOUS = ['PHOTO_REUSED', 'WORKER_OTHER_COMPANY', 'IOT_NORMAL_DURING_VISIT', 'IOT_PASSENGERS_DURING_VISIT', 'WORKER_TWO_PLACES'];

export async function weightsFor(ctx: AppContext, regionCode: string): Promise<GradeWeights> {
  return overlay<GradeWeights>({ ...GRADE_WEIGHTS }, await regionSettings(ctx.store.db, 'maintenance_rule_setting', regionCode), 'weight.');
}

export async function grades(ctx: AppContext, p: Principal | null, q: z.infer<typeof GradeQuery>): Promise<z.infer<typeof GradeOut>> {
  const scope = p ? scopeOf(ctx, p) : { kind: 'all' as const };
  let prefix = scope.kind === 'region' ? scope.prefix : '';
  if (q.regionCode) {
    const wanted = ctx.regions.prefix(q.regionCode);
    if (scope.kind === 'region' && !wanted.startsWith(scope.prefix)) throw new AppError('REGION_OUT_OF_SCOPE');
    prefix = wanted;
  }
  const [y, m] = q.period.split('-').map(Number) as [number, number];
  const from = new Date(`${q.period}-01T00:00:00+08:00`);
  const to = new Date(`${m === 12 ? y + 1 : y}-${String(m === 12 ? 1 : m + 1).padStart(2, '0')}-01T00:00:00+08:00`);
  const periodDays = Math.round((to.getTime() - from.getTime()) / 86_400_000);
  const rules = await rulesFor(ctx.store.db, prefix.padEnd(6, '0'));
  const expected = Math.max(1, Math.floor(periodDays / rules.halfMonthDays));
  const lastDay = new Date(to.getTime() - 86_400_000 + 8 * 3600_000).toISOString().slice(0, 10);
  const inRegion = (col: string) => sql`${sql.raw(col)} >= ${prefix} AND ${sql.raw(col)} < ${`${prefix}~`}`;
  const { db } = ctx.store;
  type N = { org_id: number; n: number; k?: number };
  const q1 = <T extends N>(s: ReturnType<typeof sql<T>>) => s.execute(db).then((r) => r.rows);
  const [companies, elevators, onTime, recs, ent, faults, rescue, insp, licences, accidents, violations] = await Promise.all([
    q1(sql<N & { name: string }>`SELECT o.id AS org_id, o.name, 0 AS n FROM organization o WHERE o.type = 'maintenance' AND o.active AND (${inRegion('o.region_code')}
         OR EXISTS (SELECT 1 FROM elevator e WHERE e.maintenance_org_id = o.id AND ${inRegion('e.region_code')}))`),
    q1(sql<N>`SELECT e.maintenance_org_id AS org_id, count(*)::int AS n FROM elevator e WHERE e.status = 'IN_USE' AND e.maintenance_org_id IS NOT NULL AND ${inRegion('e.region_code')} GROUP BY 1`),
    q1(sql<N>`SELECT x.org_id, count(*)::int AS n FROM (SELECT r.org_id, r.elevator_id FROM maintenance_record r
         WHERE r.started_at >= ${from} AND r.started_at < ${to} AND ${inRegion('r.region_code')} GROUP BY 1, 2 HAVING count(*) >= ${expected}) x GROUP BY 1`),
    q1(sql<N>`SELECT r.org_id, count(*)::int AS n, (count(*) FILTER (WHERE EXISTS (SELECT 1 FROM maintenance_flag f WHERE f.record_id = r.id)))::int AS k
         FROM maintenance_record r WHERE r.started_at >= ${from} AND r.started_at < ${to} AND ${inRegion('r.region_code')} GROUP BY 1`),
    q1(sql<N>`SELECT i.maintenance_org_id AS org_id, count(*)::int AS n FROM incident i
         WHERE i.type = 'trapped' AND i.status <> 'cancelled' AND i.received_at >= ${from} AND i.received_at < ${to} AND ${inRegion('i.region_code')} AND i.maintenance_org_id IS NOT NULL GROUP BY 1`),
    q1(sql<N>`SELECT e.maintenance_org_id AS org_id, count(*)::int AS n FROM alarm a JOIN elevator e ON e.id = a.elevator_id
         WHERE a.opened_at >= ${from} AND a.opened_at < ${to} AND a.type NOT IN ('offline') AND ${inRegion('a.region_code')} AND e.maintenance_org_id IS NOT NULL GROUP BY 1`),
    q1(sql<N>`SELECT d.org_id, count(*)::int AS n, (count(*) FILTER (WHERE i.arrived_at IS NOT NULL AND i.tier = 1 AND i.arrived_at - i.received_at <= interval '30 minutes'))::int AS k
         FROM incident_dispatch d JOIN incident i ON i.id = d.incident_id
        WHERE d.tier = 1 AND d.org_id IS NOT NULL AND d.dispatched_at >= ${from} AND d.dispatched_at < ${to} AND ${inRegion('i.region_code')} GROUP BY 1`),
    q1(sql<N>`SELECT e.maintenance_org_id AS org_id, count(*)::int AS n, (count(*) FILTER (WHERE r.conclusion = 'pass'))::int AS k
         FROM inspection_report r JOIN elevator e ON e.id = r.elevator_id
        WHERE r.type = 'periodic' AND r.conclusion <> 'pending' AND r.date >= ${`${q.period}-01`} AND r.date <= ${lastDay} AND ${inRegion('r.region_code')} AND e.maintenance_org_id IS NOT NULL GROUP BY 1`),
    q1(sql<N & { kind: string; expires_on: string }>`SELECT l.org_id, 0 AS n, l.kind, l.expires_on FROM organization_licence l JOIN organization o ON o.id = l.org_id
         WHERE o.type = 'maintenance' AND l.expires_on IS NOT NULL AND l.expires_on < ${lastDay}`),
    q1(sql<N>`SELECT i.maintenance_org_id AS org_id, count(*)::int AS n FROM incident i
         WHERE i.injured > 0 AND i.received_at >= ${from} AND i.received_at < ${to} AND ${inRegion('i.region_code')} AND i.maintenance_org_id IS NOT NULL GROUP BY 1`),
    q1(sql<N>`SELECT f.org_id, count(*)::int AS n FROM maintenance_flag f
         WHERE f.status = 'upheld' AND f.code IN (${sql.join(SERIOUS)}) AND f.reviewed_at >= ${from} AND f.reviewed_at < ${to} AND ${inRegion('f.region_code')} GROUP BY 1`),
  ]);
  const by = <T extends N>(rows: T[]) => new Map(rows.map((r) => [Number(r.org_id), r]));
  const [mE, mOn, mRec, mEnt, mFlt, mRes, mIns, mAcc, mVio] = [elevators, onTime, recs, ent, faults, rescue, insp, accidents, violations].map(by);
  const weights = await weightsFor(ctx, prefix.padEnd(6, '0'));
  const own = p && p.orgType === 'maintenance' ? p.orgId : null;
  const items = companies
    .filter((c) => own === null || c.org_id === own)
    .map((c) => {
      const id = Number(c.org_id);
      const triggers: string[] = [];
      for (const l of licences) if (Number(l.org_id) === id) triggers.push(`${l.kind}已于 ${l.expires_on} 过期`);
      if (mAcc.get(id)?.n) triggers.push(`本月发生伤人事件 ${mAcc.get(id)!.n} 起`);
      if (mVio.get(id)?.n) triggers.push(`查实虚假维保记录 ${mVio.get(id)!.n} 条`);
      const facts: CompanyFacts = {
        elevators: mE.get(id)?.n ?? 0,
        onTimeElevators: mOn.get(id)?.n ?? 0,
        records: mRec.get(id)?.n ?? 0,
        flaggedRecords: mRec.get(id)?.k ?? 0,
        entrapments: mEnt.get(id)?.n ?? 0,
        faults: mFlt.get(id)?.n ?? 0,
        tier1Dispatches: mRes.get(id)?.n ?? 0,
        arrivedIn30: mRes.get(id)?.k ?? 0,
        inspections: mIns.get(id)?.n ?? 0,
        inspectionsPassedFirstTime: mIns.get(id)?.k ?? 0,
        triggers,
      };
      const g = gradeCompany(facts, weights);
      return { orgId: id, name: c.name, score: g.score, grade: g.grade, triggers: g.triggers, indicators: g.indicators, elevators: facts.elevators };
    })
    // Companies with no elevator here and nothing against them have nothing to grade.
    .filter((i) => i.elevators > 0 || i.triggers.length)
    .map(({ elevators: _e, ...i }) => i)
    .sort((a, b) => b.score - a.score || a.name.localeCompare(b.name));
  return { period: q.period, regionCode: prefix, weights, items };
}
