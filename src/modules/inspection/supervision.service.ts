import { sql } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import { shanghaiDate } from '../../server/clock.ts';
import { AppError } from '../../server/http/errors.ts';
import * as audit from '../audit/audit.service.ts';
import { syncRegistrations } from '../personnel/registrations-sync.ts';
import type { Principal } from '../auth/principal.ts';
import { scopeSql } from '../elevators/elevators.scope.ts';
import { scopeOf } from '../elevators/elevators.service.ts';
import { checkMissedHazard } from './inspection.domain.ts';
import { recordCreditEvent, revokeCreditEvent } from '../credit/credit-events.ts';
import { creditText } from '../credit/credit-text.ts';
import { isAgency, recordScopeSql, regionFilter, rulesFor } from './inspection.access.ts';
import type { FlagListOut, FlagListQuery, FlagReview, InspectorInput, InspectorOut, OverdueOut, OverdueQuery, PlanInput, PlanListQuery, PlanOut, PostponementInput } from './inspection.schema.ts';
import { addMonths, daysBetween } from './schedule.ts';
import { recomputeAll } from './schedule.service.ts';

/** What regulators watch: overdue elevators, coverage and agencies, quality flags; and what agencies register. */

function regionOf(ctx: AppContext, p: Principal, regionCode?: string) {
  const scope = scopeOf(ctx, p);
  if (regionCode && scope.kind === 'region' && !ctx.regions.prefix(regionCode).startsWith(scope.prefix)) throw new AppError('REGION_OUT_OF_SCOPE');
  return scope;
}

export async function overdue(ctx: AppContext, p: Principal, q: z.infer<typeof OverdueQuery>): Promise<z.infer<typeof OverdueOut>> {
  const today = shanghaiDate(ctx.clock.now());
  const scope = regionOf(ctx, p, q.regionCode);
  // Only in-use elevators have a due date (stopped and scrapped ones have none), so no status filter is needed.
  const conds = [regionFilter(ctx, sql`d.region_code`, q.regionCode), sql<boolean>`d.next_due_date < ${today}`];
  if (q.type) conds.push(sql<boolean>`d.next_type = ${q.type}`);
  // A region-wide caller's count is an index-only read of inspection_due; other scopes need the registry row.
  const regionWide = scope.kind === 'all' || (scope.kind === 'region' && !scope.placeType);
  const own = regionWide && scope.kind === 'region' ? [sql<boolean>`(d.region_code >= ${scope.prefix} AND d.region_code < ${`${scope.prefix}~`})`] : [];
  const countWhere = sql.join([...conds, ...own], sql` AND `);
  conds.push(scopeSql(scope));
  const where = sql.join(conds, sql` AND `);
  const { db } = ctx.store;
  const [rows, count] = await Promise.all([
    sql<{ registration_code: string; address: string; region_code: string; next_due_date: string; next_type: string | null; use_unit: string | null }>`
      SELECT e.registration_code, e.address, d.region_code, d.next_due_date, d.next_type, u.name AS use_unit
        FROM inspection_due d JOIN elevator e ON e.id = d.elevator_id LEFT JOIN organization u ON u.id = e.use_unit_id
       WHERE ${where} ORDER BY d.next_due_date, d.elevator_id LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`.execute(db),
    regionWide
      ? sql<{ n: number }>`SELECT count(*)::int AS n FROM inspection_due d WHERE ${countWhere}`.execute(db)
      : sql<{ n: number }>`SELECT count(*)::int AS n FROM inspection_due d JOIN elevator e ON e.id = d.elevator_id WHERE ${where}`.execute(db),
  ]);
  return {
    items: rows.rows.map((r) => ({ registrationCode: r.registration_code, address: r.address, regionCode: r.region_code, nextDueDate: r.next_due_date, nextType: r.next_type, overdueDays: daysBetween(r.next_due_date, today), useUnit: r.use_unit })),
    total: count.rows[0]?.n ?? 0,
  };
}

export const ComplianceOut = z.object({
  today: z.string(),
  byRegion: z.array(z.object({ regionCode: z.string(), name: z.string(), scheduled: z.number(), overdue: z.number(), dueIn30Days: z.number(), overdueRate: z.number().nullable() })),
  byAgency: z.array(z.object({ agencyId: z.number(), name: z.string(), reports: z.number(), failed: z.number(), flagged: z.number(), flagRate: z.number().nullable(), lateReports: z.number() })),
  month: z.object({ month: z.string(), due: z.number(), planned: z.number(), unplanned: z.number() }),
});

/** Coverage by region one level down, agencies' volume and flag rates over the last year, this month's plan status. */
export async function compliance(ctx: AppContext, p: Principal, regionCode?: string): Promise<z.infer<typeof ComplianceOut>> {
  const today = shanghaiDate(ctx.clock.now());
  const scope = regionOf(ctx, p, regionCode);
  const prefix = regionCode ? ctx.regions.prefix(regionCode) : scope.kind === 'region' ? scope.prefix : '';
  const childLen = prefix.length <= 2 ? 4 : 6;
  const soon = addMonths(today, 1);
  const monthStart = `${today.slice(0, 7)}-01`;
  const monthEnd = addMonths(monthStart, 1);
  const yearAgo = addMonths(today, -12);
  const { db } = ctx.store;
  const inRegion = sql`e.region_code >= ${prefix} AND e.region_code < ${`${prefix}~`} AND ${scopeSql(scope)}`;
  const [regions, agencies, month] = await Promise.all([
    sql<{ code: string; scheduled: number; overdue: number; soon: number }>`
      SELECT substr(d.region_code, 1, ${childLen}) AS code, (count(*) FILTER (WHERE d.next_due_date IS NOT NULL))::int AS scheduled,
             (count(*) FILTER (WHERE d.next_due_date < ${today}))::int AS overdue,
             (count(*) FILTER (WHERE d.next_due_date >= ${today} AND d.next_due_date < ${soon}))::int AS soon
        FROM inspection_due d JOIN elevator e ON e.id = d.elevator_id WHERE ${inRegion} AND e.status = 'IN_USE' GROUP BY 1 ORDER BY 1`.execute(db),
    sql<{ id: number; name: string; reports: number; failed: number; flagged: number; late: number }>`
      SELECT o.id, o.name, count(*)::int AS reports, (count(*) FILTER (WHERE r.conclusion IN ('fail', 'fail_after_reinspection')))::int AS failed,
             (count(*) FILTER (WHERE EXISTS (SELECT 1 FROM inspection_flag f WHERE f.report_id = r.id)))::int AS flagged,
             (count(*) FILTER (WHERE r.created_at > (r.date + 30)::timestamp))::int AS late
        FROM inspection_report r JOIN elevator e ON e.id = r.elevator_id JOIN organization o ON o.id = r.agency_org_id
       WHERE ${inRegion} AND r.date >= ${yearAgo} ${isAgency(p) ? sql`AND r.agency_org_id = ${p.orgId}` : sql``}
       GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 100`.execute(db),
    sql<{ due: number; planned: number }>`
      SELECT count(*)::int AS due,
             (count(*) FILTER (WHERE EXISTS (SELECT 1 FROM inspection_plan pl WHERE pl.elevator_id = d.elevator_id AND pl.status <> 'cancelled'
                                              AND pl.planned_date >= ${addMonths(monthStart, -2)} AND pl.planned_date < ${monthEnd})))::int AS planned
        FROM inspection_due d JOIN elevator e ON e.id = d.elevator_id
       WHERE ${inRegion} AND e.status = 'IN_USE' AND d.next_due_date >= ${monthStart} AND d.next_due_date < ${monthEnd}`.execute(db),
  ]);
  const full = (c: string) => (c.length === 4 ? `${c}00` : c);
  const m = month.rows[0] ?? { due: 0, planned: 0 };
  return {
    today,
    byRegion: regions.rows.map((r) => ({ regionCode: full(r.code), name: ctx.regions.get(full(r.code))?.name ?? r.code, scheduled: r.scheduled, overdue: r.overdue, dueIn30Days: r.soon, overdueRate: r.scheduled ? Math.round((r.overdue / r.scheduled) * 10_000) / 10_000 : null })),
    byAgency: agencies.rows.map((a) => ({ agencyId: a.id, name: a.name, reports: a.reports, failed: a.failed, flagged: a.flagged, flagRate: a.reports ? Math.round((a.flagged / a.reports) * 10_000) / 10_000 : null, lateReports: a.late })),
    month: { month: today.slice(0, 7), due: m.due, planned: m.planned, unplanned: m.due - m.planned },
  };
}

// ---- quality flags

export async function flags(ctx: AppContext, p: Principal, q: z.infer<typeof FlagListQuery>): Promise<z.infer<typeof FlagListOut>> {
  const conds = [recordScopeSql(ctx, p), regionFilter(ctx, sql`f.region_code`, q.regionCode)];
  if (q.status) conds.push(sql<boolean>`f.status = ${q.status}`);
  if (q.code) conds.push(sql<boolean>`f.code = ${q.code}`);
  const where = sql.join(conds, sql` AND `);
  const from = sql`FROM inspection_flag f JOIN inspection_report r ON r.id = f.report_id JOIN elevator e ON e.id = r.elevator_id JOIN organization o ON o.id = r.agency_org_id`;
  const { db } = ctx.store;
  const [rows, count] = await Promise.all([
    sql<{ id: number; report_id: number; report_no: string; agency: string; registration_code: string; code: string; message: string; evidence: unknown; status: 'open' | 'upheld' | 'dismissed'; outcome: string | null; created_at: Date }>`
      SELECT f.id, f.report_id, r.report_no, o.name AS agency, e.registration_code, f.code, f.message, f.evidence, f.status, f.outcome, f.created_at
      ${from} WHERE ${where} ORDER BY f.id DESC LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`.execute(db),
    sql<{ n: number }>`SELECT count(*)::int AS n ${from} WHERE ${where}`.execute(db),
  ]);
  return {
    items: rows.rows.map((r) => ({ id: r.id, reportId: r.report_id, reportNo: r.report_no, agency: r.agency, registrationCode: r.registration_code, code: r.code as z.infer<typeof FlagListOut>['items'][number]['code'], message: r.message, evidence: r.evidence, status: r.status, outcome: r.outcome, createdAt: r.created_at.toISOString() })),
    total: count.rows[0]?.n ?? 0,
  };
}

/** A regulator records the outcome of a flag (upheld: it goes to the agency's credit file in the oversight module). */
export async function reviewFlag(ctx: AppContext, p: Principal, id: number, input: z.infer<typeof FlagReview>) {
  const { db } = ctx.store;
  const { rows } = await sql<{ id: number; status: string; region_code: string; agency_org_id: number; report_no: string; message: string; pdf_sha256: string | null; registration_code: string }>`
    SELECT f.id, f.status, f.region_code, r.agency_org_id, r.report_no, f.message, r.pdf_sha256, e.registration_code
      FROM inspection_flag f JOIN inspection_report r ON r.id = f.report_id JOIN elevator e ON e.id = r.elevator_id
     WHERE f.id = ${id} AND ${scopeSql(scopeOf(ctx, p))}`.execute(db);
  const f = rows[0];
  if (!f) throw new AppError('FLAG_NOT_FOUND');
  const now = ctx.clock.now();
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('inspection_flag').set({ status: input.status, outcome: input.outcome, reviewed_by: p.userId, reviewed_at: now }).where('id', '=', id).execute();
    // Upheld: a report-quality event in the agency's credit file; dismissed on a later review: that event is revoked.
    if (input.status === 'upheld')
      await recordCreditEvent(trx, {
        orgId: f.agency_org_id,
        kind: 'report_flag_upheld',
        sourceType: 'inspection_flag',
        sourceId: id,
        summary: creditText('summary.reportFlag', { reportNo: f.report_no, code: f.registration_code, message: f.message }),
        evidence: { text: input.outcome, files: f.pdf_sha256 ? [f.pdf_sha256] : [] },
        regionCode: f.region_code,
        recordedBy: p.userId,
        at: now,
      });
    else await revokeCreditEvent(trx, { sourceType: 'inspection_flag', sourceId: id, reason: input.outcome, at: now });
    await audit.record(trx, audit.actorOf(p), now, [{ action: 'inspection.flag.review', entityType: 'inspection_flag', entityId: String(id), regionCode: f.region_code, before: { status: f.status }, after: input }]);
  });
  return { id, status: input.status, outcome: input.outcome };
}

/**
 * Hazard possibly missed: passed reports followed within N days by an entrapment (96333) or a critical alarm (IoT)
 * on the same elevator. Runs over reports of the last `lookbackDays`; a flag is written once (unique per message).
 */
export async function flagMissedHazards(ctx: AppContext, lookbackDays = 120): Promise<number> {
  const { db } = ctx.store;
  const now = ctx.clock.now();
  const since = addMonths(shanghaiDate(now), -Math.ceil(lookbackDays / 30));
  const { rows } = await sql<{ id: number; region_code: string; date: string; conclusion: string; events: { at: string; kind: string; ref: string }[] | null }>`
    SELECT r.id, r.region_code, r.date, r.conclusion,
           (SELECT json_agg(x) FROM (
              SELECT to_char(i.received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS at, 'trapped' AS kind, 'incident:' || i.id AS ref
                FROM incident i WHERE i.elevator_id = r.elevator_id AND i.type = 'trapped' AND i.status <> 'cancelled' AND i.received_at >= r.date::timestamp - interval '8 hours'
              UNION ALL
              SELECT to_char(a.opened_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), 'critical_fault', 'alarm:' || a.id
                FROM alarm a WHERE a.elevator_id = r.elevator_id AND a.severity = 'critical' AND a.type <> 'trapped' AND a.opened_at >= r.date::timestamp - interval '8 hours') x) AS events
      FROM inspection_report r
     WHERE r.date >= ${since} AND r.conclusion IN ('pass', 'pass_after_reinspection')
       AND (EXISTS (SELECT 1 FROM incident i WHERE i.elevator_id = r.elevator_id AND i.type = 'trapped' AND i.received_at >= r.date::timestamp - interval '8 hours')
         OR EXISTS (SELECT 1 FROM alarm a WHERE a.elevator_id = r.elevator_id AND a.severity = 'critical' AND a.opened_at >= r.date::timestamp - interval '8 hours'))`.execute(db);
  let n = 0;
  for (const r of rows) {
    const rules = await rulesFor(db, r.region_code);
    const flag = checkMissedHazard(r, r.events ?? [], rules);
    if (!flag) continue;
    const res = await db
      .insertInto('inspection_flag')
      .values({ report_id: r.id, region_code: r.region_code, code: flag.code, message: flag.message, evidence: JSON.stringify(flag.evidence), created_at: now })
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .execute();
    n += res.length;
  }
  return n;
}

// ---- inspectors

export async function addInspector(ctx: AppContext, p: Principal, input: z.infer<typeof InspectorInput>): Promise<z.infer<typeof InspectorOut>> {
  const orgId = isAgency(p) ? p.orgId : input.agencyOrgId;
  if (!orgId) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'agencyOrgId', message: '请指定检验检测机构' }] });
  if (isAgency(p) && input.agencyOrgId && input.agencyOrgId !== p.orgId) throw new AppError('FORBIDDEN');
  const { db } = ctx.store;
  const org = await db.selectFrom('organization').select(['id', 'name', 'type', 'region_code']).where('id', '=', orgId).executeTakeFirst();
  if (!org || org.type !== 'inspection') throw new AppError('ORG_NOT_FOUND');
  if (input.employedTo && input.employedTo < input.employedFrom) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'employedTo', message: '离职日期早于入职日期' }] });
  const now = ctx.clock.now();
  const row = await db.transaction().execute(async (trx) => {
    const r = await trx
      .insertInto('inspector')
      .values({ org_id: org.id, name: input.name, certificate_no: input.certificateNo, qualification: input.qualification, valid_from: input.validFrom ?? null, valid_to: input.validTo ?? null, employed_from: input.employedFrom, employed_to: input.employedTo ?? null })
      .onConflict((oc) => oc.columns(['org_id', 'certificate_no', 'employed_from']).doUpdateSet({ name: input.name, qualification: input.qualification, valid_from: input.validFrom ?? null, valid_to: input.validTo ?? null, employed_to: input.employedTo ?? null }))
      .returningAll()
      .executeTakeFirstOrThrow();
    await syncRegistrations(trx, now, { source: 'inspector', ids: [r.id] });
    await audit.record(trx, audit.actorOf(p), now, [{ action: 'inspection.inspector.save', entityType: 'inspector', entityId: String(r.id), regionCode: org.region_code, after: { ...input, agencyOrgId: org.id } }]);
    return r;
  });
  return { id: row.id, agency: { id: org.id, name: org.name }, name: row.name, certificateNo: row.certificate_no, qualification: row.qualification, validFrom: row.valid_from, validTo: row.valid_to, employedFrom: row.employed_from, employedTo: row.employed_to };
}

export async function listInspectors(ctx: AppContext, p: Principal, q: { certificateNo?: string; agencyOrgId?: number }): Promise<z.infer<typeof InspectorOut>[]> {
  let query = ctx.store.db.selectFrom('inspector as i').innerJoin('organization as o', 'o.id', 'i.org_id').selectAll('i').select('o.name as org_name');
  if (isAgency(p)) query = query.where('i.org_id', '=', p.orgId);
  else if (q.agencyOrgId) query = query.where('i.org_id', '=', q.agencyOrgId);
  if (q.certificateNo) query = query.where('i.certificate_no', '=', q.certificateNo);
  const rows = await query.orderBy('i.name').limit(500).execute();
  return rows.map((r) => ({ id: r.id, agency: { id: r.org_id, name: r.org_name }, name: r.name, certificateNo: r.certificate_no, qualification: r.qualification, validFrom: r.valid_from, validTo: r.valid_to, employedFrom: r.employed_from, employedTo: r.employed_to }));
}

// ---- plans and applications

export async function addPlan(ctx: AppContext, p: Principal, input: z.infer<typeof PlanInput>): Promise<z.infer<typeof PlanOut>> {
  const { db } = ctx.store;
  const today = shanghaiDate(ctx.clock.now());
  if (input.plannedDate < today) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'plannedDate', message: '计划日期不能早于今天' }] });
  const agency = isAgency(p);
  const { rows } = await sql<{ id: number; region_code: string; address: string }>`
    SELECT e.id, e.region_code, e.address FROM elevator e WHERE e.registration_code = ${input.registrationCode} AND ${agency ? sql`true` : scopeSql(scopeOf(ctx, p))}`.execute(db);
  const e = rows[0];
  if (!e) throw new AppError('ELEVATOR_NOT_FOUND', { fields: [{ field: 'registrationCode', message: '未找到该电梯或无权操作' }] });
  if (!agency && p.orgType !== 'use_unit') throw new AppError('FORBIDDEN');
  const target = agency ? p.orgId : input.agencyOrgId;
  if (target) {
    const org = await db.selectFrom('organization').select('type').where('id', '=', target).executeTakeFirst();
    if (org?.type !== 'inspection') throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'agencyOrgId', message: '不是检验检测机构' }] });
  }
  const now = ctx.clock.now();
  const id = await db.transaction().execute(async (trx) => {
    const r = await trx
      .insertInto('inspection_plan')
      .values({ kind: agency ? 'agency_plan' : 'application', elevator_id: e.id, region_code: e.region_code, org_id: p.orgId, agency_org_id: target ?? null, planned_date: input.plannedDate, type: input.type, inspectors: JSON.stringify(input.inspectors), report_id: null, created_by: p.userId, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit.record(trx, audit.actorOf(p), now, [{ action: 'inspection.plan.create', entityType: 'inspection_plan', entityId: String(r.id), regionCode: e.region_code, after: input }]);
    return r.id;
  });
  return (await listPlans(ctx, p, { page: 1, pageSize: 1 }, id)).items[0]!;
}

export async function listPlans(ctx: AppContext, p: Principal, q: z.infer<typeof PlanListQuery>, onlyId?: number): Promise<{ items: z.infer<typeof PlanOut>[]; total: number }> {
  const scope = isAgency(p) ? sql<boolean>`(pl.org_id = ${p.orgId} OR pl.agency_org_id = ${p.orgId})` : scopeSql(scopeOf(ctx, p));
  const conds = [scope, regionFilter(ctx, sql`pl.region_code`, q.regionCode)];
  if (onlyId) conds.push(sql<boolean>`pl.id = ${onlyId}`);
  if (q.from) conds.push(sql<boolean>`pl.planned_date >= ${q.from}`);
  if (q.to) conds.push(sql<boolean>`pl.planned_date <= ${q.to}`);
  if (q.status) conds.push(sql<boolean>`pl.status = ${q.status}`);
  const where = sql.join(conds, sql` AND `);
  const from = sql`FROM inspection_plan pl JOIN elevator e ON e.id = pl.elevator_id JOIN organization o ON o.id = pl.org_id LEFT JOIN organization a ON a.id = pl.agency_org_id`;
  const { db } = ctx.store;
  const [rows, count] = await Promise.all([
    sql<{ id: number; kind: 'agency_plan' | 'application'; registration_code: string; address: string; org: string; agency: string | null; planned_date: string; type: string; inspectors: { name: string; certificateNo: string }[]; status: 'submitted' | 'done' | 'cancelled'; report_id: number | null }>`
      SELECT pl.id, pl.kind, e.registration_code, e.address, o.name AS org, a.name AS agency, pl.planned_date, pl.type, pl.inspectors, pl.status, pl.report_id
      ${from} WHERE ${where} ORDER BY pl.planned_date, pl.id LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`.execute(db),
    sql<{ n: number }>`SELECT count(*)::int AS n ${from} WHERE ${where}`.execute(db),
  ]);
  return {
    items: rows.rows.map((r) => ({ id: r.id, kind: r.kind, registrationCode: r.registration_code, address: r.address, org: r.org, agency: r.agency, plannedDate: r.planned_date, type: r.type, inspectors: r.inspectors, status: r.status, reportId: r.report_id })),
    total: count.rows[0]?.n ?? 0,
  };
}

// ---- postponements

/** A regulator postpones due dates in its region; the region's schedules are recomputed at once. */
export async function postpone(ctx: AppContext, p: Principal, input: z.infer<typeof PostponementInput>) {
  if (!ctx.regions.get(input.regionCode)) throw new AppError('REGION_NOT_FOUND', { fields: [{ field: 'regionCode', message: '未知的行政区划代码' }] });
  if (input.to < input.from) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'to', message: '结束日期早于开始日期' }] });
  const scope = scopeOf(ctx, p);
  const prefix = ctx.regions.prefix(input.regionCode);
  if (!(scope.kind === 'all' || (scope.kind === 'region' && !scope.placeType && prefix.startsWith(scope.prefix)))) throw new AppError('REGION_OUT_OF_SCOPE');
  const now = ctx.clock.now();
  const id = await ctx.store.db.transaction().execute(async (trx) => {
    const r = await trx
      .insertInto('inspection_postponement')
      .values({ region_prefix: prefix, date_from: input.from, date_to: input.to, days: input.days, reason: input.reason, created_by: p.userId, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit.record(trx, audit.actorOf(p), now, [{ action: 'inspection.postpone', entityType: 'inspection_postponement', entityId: String(r.id), regionCode: input.regionCode, after: input }]);
    return r.id;
  });
  const recomputed = await recomputeAll(ctx, { regionPrefix: prefix });
  return { id, recomputed };
}

export async function postponements(ctx: AppContext) {
  const rows = await ctx.store.db.selectFrom('inspection_postponement').selectAll().orderBy('id', 'desc').limit(200).execute();
  return rows.map((r) => ({ id: r.id, regionPrefix: r.region_prefix, from: r.date_from, to: r.date_to, days: r.days, reason: r.reason, createdAt: r.created_at.toISOString() }));
}
