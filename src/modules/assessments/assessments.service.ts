import { sql } from 'kysely';
import type { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import { shanghaiDate } from '../../server/clock.ts';
import { AppError } from '../../server/http/errors.ts';
import * as audit from '../audit/audit.service.ts';
import type { Principal } from '../auth/principal.ts';
import { scopeSql } from '../elevators/elevators.scope.ts';
import { scopeOf } from '../elevators/elevators.service.ts';
import * as hazards from '../hazards/hazards.service.ts';
import type { Remedy } from '../hazards/hazards.domain.ts';
import { dataPack } from './data-pack.ts';
import type { AssessmentListOut, AssessmentOut, CommissionInput, ListQuery, SubmitInput } from './assessments.schema.ts';

/**
 * Safety assessments (GB/T 42615): a use unit (its own elevator) or a regulator (its region) commissions a qualified
 * agency, which receives the platform's data pack and records items, a risk grade on the configured scale and a
 * conclusion. A conclusion other than "continue" becomes a hazard to rectify (repair / modernise / replace).
 */
const FROM = sql`FROM safety_assessment a JOIN elevator e ON e.id = a.elevator_id JOIN organization c ON c.id = a.commissioned_by JOIN organization g ON g.id = a.agency_org_id`;
const COLUMNS = sql`a.id, e.registration_code, e.address, a.region_code, c.name AS commissioned_by, g.name AS agency, a.agency_org_id, a.status, a.due_on, a.report_no,
  a.assessed_on, a.items, a.grade, a.grade_scale, a.conclusion, a.measures, a.data_pack, a.elevator_id,
  COALESCE((SELECT array_agg(h.id ORDER BY h.id) FROM hazard h WHERE h.source = 'assessment' AND h.source_ref = a.id::text), '{}') AS hazard_ids`;

type Row = {
  id: number; registration_code: string; address: string; region_code: string; commissioned_by: string; agency: string; agency_org_id: number; elevator_id: number;
  status: 'commissioned' | 'submitted' | 'cancelled'; due_on: string | null; report_no: string | null; assessed_on: string | null;
  items: z.infer<typeof AssessmentOut>['items']; grade: number | null; grade_scale: number | null; conclusion: z.infer<typeof AssessmentOut>['conclusion'];
  measures: string | null; data_pack: unknown; hazard_ids: number[];
};

function scopeOfAssessments(ctx: AppContext, p: Principal) {
  return p.orgType === 'inspection' ? sql<boolean>`a.agency_org_id = ${p.orgId}` : scopeSql(scopeOf(ctx, p));
}

function present(r: Row): z.infer<typeof AssessmentOut> {
  return {
    id: r.id, registrationCode: r.registration_code, address: r.address, regionCode: r.region_code, commissionedBy: r.commissioned_by, agency: r.agency,
    status: r.status, dueOn: r.due_on, reportNo: r.report_no, assessedOn: r.assessed_on, items: r.items, grade: r.grade, gradeScale: r.grade_scale,
    conclusion: r.conclusion, measures: r.measures, hazardIds: r.hazard_ids.map(Number), dataPack: r.data_pack,
  };
}

export async function get(ctx: AppContext, p: Principal, id: number): Promise<z.infer<typeof AssessmentOut>> {
  const { rows } = await sql<Row>`SELECT ${COLUMNS} ${FROM} WHERE a.id = ${id} AND ${scopeOfAssessments(ctx, p)}`.execute(ctx.store.db);
  if (!rows[0]) throw new AppError('ASSESSMENT_NOT_FOUND');
  return present(rows[0]);
}

export async function list(ctx: AppContext, p: Principal, q: z.infer<typeof ListQuery>): Promise<z.infer<typeof AssessmentListOut>> {
  const conds = [scopeOfAssessments(ctx, p)];
  if (q.status) conds.push(sql<boolean>`a.status = ${q.status}`);
  if (q.regionCode) {
    const prefix = ctx.regions.prefix(q.regionCode);
    conds.push(sql<boolean>`a.region_code >= ${prefix} AND a.region_code < ${`${prefix}~`}`);
  }
  const where = sql.join(conds, sql` AND `);
  const [rows, count] = await Promise.all([
    sql<Row>`SELECT ${COLUMNS} ${FROM} WHERE ${where} ORDER BY a.id DESC LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`.execute(ctx.store.db),
    sql<{ n: number }>`SELECT count(*)::int AS n ${FROM} WHERE ${where}`.execute(ctx.store.db),
  ]);
  return { items: rows.rows.map((r) => { const { dataPack: _d, items: _i, ...rest } = present(r); return rest; }), total: count.rows[0]?.n ?? 0 };
}

export async function commission(ctx: AppContext, p: Principal, input: z.infer<typeof CommissionInput>) {
  if (!(p.orgType === 'use_unit' || p.orgType === 'regulator' || (p.orgType === 'platform' && p.roles.includes('admin')))) throw new AppError('FORBIDDEN');
  const { db } = ctx.store;
  const { rows } = await sql<{ id: number; region_code: string; use_unit_id: number | null }>`SELECT e.id, e.region_code, e.use_unit_id FROM elevator e WHERE e.registration_code = ${input.registrationCode} AND ${scopeSql(scopeOf(ctx, p))}`.execute(db);
  const e = rows[0];
  if (!e) throw new AppError('ELEVATOR_NOT_FOUND', { fields: [{ field: 'registrationCode', message: '登记库中没有这台电梯，或不在您的范围' }] });
  const now = ctx.clock.now();
  const today = shanghaiDate(now);
  if (input.dueOn < today) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'dueOn', message: '完成期限不能早于今天' }] });
  // A qualified agency: an inspection / assessment organisation holding a licence in force.
  const agency = await db.selectFrom('organization').select(['id', 'type']).where('id', '=', input.agencyOrgId).executeTakeFirst();
  const licence = agency
    ? await db.selectFrom('organization_licence').select('id').where('org_id', '=', agency.id).where((eb) => eb.or([eb('expires_on', 'is', null), eb('expires_on', '>=', today)])).executeTakeFirst()
    : undefined;
  if (!agency || agency.type !== 'inspection' || !licence) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'agencyOrgId', message: '评估机构须为持有有效资质的检验检测（评估）机构' }] });
  const pack = await dataPack(db, e.id, now);
  const id = await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('safety_assessment')
      .values({ elevator_id: e.id, region_code: e.region_code, commissioned_by: p.orgId, agency_org_id: agency.id, status: 'commissioned', due_on: input.dueOn, data_pack: JSON.stringify(pack), created_by: p.userId, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit.record(trx, audit.actorOf(p), now, [{ action: 'assessment.commission', entityType: 'safety_assessment', entityId: String(row.id), regionCode: e.region_code, after: input }]);
    return row.id;
  });
  return get(ctx, p, id);
}

const REMEDY: Record<'repair' | 'modernise' | 'replace', Remedy> = { repair: 'repair', modernise: 'modernise', replace: 'replace' };

export async function submit(ctx: AppContext, p: Principal, id: number, input: z.infer<typeof SubmitInput>) {
  const { db } = ctx.store;
  const { rows } = await sql<Row>`SELECT ${COLUMNS} ${FROM} WHERE a.id = ${id} AND ${scopeOfAssessments(ctx, p)}`.execute(db);
  const a = rows[0];
  if (!a) throw new AppError('ASSESSMENT_NOT_FOUND');
  if (p.orgType !== 'inspection' || a.agency_org_id !== p.orgId) throw new AppError('FORBIDDEN', { reason: 'only the commissioned agency records the assessment' });
  if (a.status !== 'commissioned') throw new AppError('ASSESSMENT_CLOSED', { status: a.status });
  const scale = ctx.config.ASSESSMENT_GRADE_SCALE;
  const now = ctx.clock.now();
  const fields = [
    ...(input.grade > scale ? [{ field: 'grade', message: `风险等级应在 1–${scale} 之间` }] : []),
    ...input.items.flatMap((it, i) => (it.risk > scale ? [{ field: `items.${i}.risk`, message: `风险等级应在 1–${scale} 之间` }] : [])),
    ...(input.assessedOn > shanghaiDate(now) ? [{ field: 'assessedOn', message: '评估日期不能晚于今天' }] : []),
  ];
  if (fields.length) throw new AppError('VALIDATION_FAILED', { fields });
  await db.transaction().execute(async (trx) => {
    const n = await trx
      .updateTable('safety_assessment')
      .set({ status: 'submitted', report_no: input.reportNo, assessed_on: input.assessedOn, items: JSON.stringify(input.items), grade: input.grade, grade_scale: scale, conclusion: input.conclusion, measures: input.measures, submitted_at: now })
      .where('id', '=', id)
      .where('status', '=', 'commissioned')
      .executeTakeFirst()
      .catch((err: { code?: string }) => {
        if (err.code === '23505') throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'reportNo', message: '本机构已有同号报告' }] });
        throw err;
      });
    if (!Number(n.numUpdatedRows)) throw new AppError('ASSESSMENT_CLOSED', { status: 'submitted' });
    if (input.conclusion !== 'continue')
      await hazards.raise(trx, now, [
        { elevatorId: a.elevator_id, source: 'assessment', sourceRef: String(id), item: '安全评估结论', description: input.measures, severity: input.grade >= scale - 1 ? 'serious' : 'general', remedy: REMEDY[input.conclusion] },
      ]);
    await audit.record(trx, audit.actorOf(p), now, [{ action: 'assessment.submit', entityType: 'safety_assessment', entityId: String(id), regionCode: a.region_code, after: { reportNo: input.reportNo, grade: input.grade, conclusion: input.conclusion } }]);
  });
  return get(ctx, p, id);
}
