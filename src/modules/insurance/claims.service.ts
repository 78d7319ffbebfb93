import { sql } from 'kysely';
import type { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import { shanghaiDate } from '../../server/clock.ts';
import { AppError } from '../../server/http/errors.ts';
import * as audit from '../audit/audit.service.ts';
import type { Principal } from '../auth/principal.ts';
import { claimActionsFrom, nextClaimStatus, type ClaimAction } from './insurance.domain.ts';
import type { ClaimInput, ClaimOut, ClaimQuery, LinkableOut } from './insurance.schema.ts';
import { getPolicy, rowScope } from './policies.service.ts';
import { assertInsurer } from './products.service.ts';

const fieldError = (field: string, message: string) => new AppError('VALIDATION_FAILED', { fields: [{ field, message }] });
const ACTION_ZH: Record<ClaimAction, string> = { accept: '受理', approve: '核定', pay: '赔付', reject: '拒赔', withdraw: '撤案' };

type Row = {
  id: number; policy_id: number; policy_no: string; insurer_org_id: number; insurer_name: string; registration_code: string; address: string; occurred_on: string; description: string;
  amount_claimed: number; amount_paid: number | null; status: z.infer<typeof ClaimOut>['status']; incident_id: number | null; incident_type: string | null; received_at: Date | null;
  alarm_id: number | null; alarm_type: string | null; opened_at: Date | null; maintenance_record_id: number | null; record_started_at: Date | null; hazard_id: number | null; hazard_description: string | null; hazard_status: string | null; note: string | null; created_at: Date;
};

/** Claims: an insurer its own; everyone else those on elevators in its registry scope (`c` read as `ip` for the scope rule). */
export async function listClaims(ctx: AppContext, p: Principal, q: Partial<z.infer<typeof ClaimQuery>> & { id?: number }) {
  const conds = [rowScope(ctx, p, 'c.insurer_org_id')];
  if (q.id) conds.push(sql<boolean>`c.id = ${q.id}`);
  if (q.status) conds.push(sql<boolean>`c.status = ${q.status}`);
  if (q.policyId) conds.push(sql<boolean>`c.policy_id = ${q.policyId}`);
  if (q.regionCode) {
    const prefix = ctx.regions.prefix(q.regionCode);
    conds.push(sql<boolean>`(c.region_code >= ${prefix} AND c.region_code < ${`${prefix}~`})`);
  }
  const where = sql.join(conds, sql` AND `);
  const from = sql`FROM insurance_claim c JOIN insurance_policy ip ON ip.id = c.policy_id JOIN elevator e ON e.id = c.elevator_id JOIN organization o ON o.id = c.insurer_org_id
    LEFT JOIN incident i ON i.id = c.incident_id LEFT JOIN alarm a ON a.id = c.alarm_id LEFT JOIN maintenance_record m ON m.id = c.maintenance_record_id LEFT JOIN hazard hz ON hz.id = c.hazard_id`;
  const pageSize = q.pageSize ?? 20;
  const [rows, count] = await Promise.all([
    sql<Row>`SELECT c.*, ip.policy_no, o.name AS insurer_name, e.registration_code, e.address, i.type AS incident_type, i.received_at, a.type AS alarm_type, a.opened_at, m.started_at AS record_started_at,
                    hz.description AS hazard_description, hz.status AS hazard_status
               ${from} WHERE ${where} ORDER BY c.id DESC LIMIT ${pageSize} OFFSET ${((q.page ?? 1) - 1) * pageSize}`.execute(ctx.store.db),
    sql<{ n: number }>`SELECT count(*)::int AS n ${from} WHERE ${where}`.execute(ctx.store.db),
  ]);
  const items = rows.rows.map((r): z.infer<typeof ClaimOut> => ({
    id: r.id,
    policyId: r.policy_id,
    policyNo: r.policy_no,
    insurer: { id: r.insurer_org_id, name: r.insurer_name },
    registrationCode: r.registration_code,
    address: r.address,
    occurredOn: r.occurred_on,
    description: r.description,
    amountClaimed: Number(r.amount_claimed),
    amountPaid: r.amount_paid === null ? null : Number(r.amount_paid),
    status: r.status,
    incident: r.incident_id ? { id: r.incident_id, type: r.incident_type!, receivedAt: r.received_at!.toISOString() } : null,
    alarm: r.alarm_id ? { id: r.alarm_id, type: r.alarm_type!, openedAt: r.opened_at!.toISOString() } : null,
    maintenanceRecord: r.maintenance_record_id ? { id: r.maintenance_record_id, startedAt: r.record_started_at!.toISOString() } : null,
    hazard: r.hazard_id ? { id: r.hazard_id, description: r.hazard_description!, status: r.hazard_status! } : null,
    note: r.note,
    actions: p.orgType === 'insurer' ? claimActionsFrom(r.status) : [],
    createdAt: r.created_at.toISOString(),
  }));
  return { items, total: count.rows[0]?.n ?? 0 };
}

async function getClaim(ctx: AppContext, p: Principal, id: number) {
  const { items } = await listClaims(ctx, p, { id });
  if (!items[0]) throw new AppError('INSURANCE_CLAIM_NOT_FOUND');
  return items[0];
}

/** What a claim may be linked to on the policy's elevator: 96333 incidents, IoT alarms, maintenance records and hazards (the latest 50 of each). */
export async function linkable(ctx: AppContext, p: Principal, policyId: number): Promise<z.infer<typeof LinkableOut>> {
  await getPolicy(ctx, p, policyId);
  const { db } = ctx.store;
  const pol = await db.selectFrom('insurance_policy').select(['elevator_id']).where('id', '=', policyId).executeTakeFirstOrThrow();
  const [incidents, alarms, records, hazards] = await Promise.all([
    db.selectFrom('incident').select(['id', 'type', 'status', 'received_at']).where('elevator_id', '=', pol.elevator_id).orderBy('received_at', 'desc').limit(50).execute(),
    db.selectFrom('alarm').select(['id', 'type', 'severity', 'opened_at']).where('elevator_id', '=', pol.elevator_id).orderBy('opened_at', 'desc').limit(50).execute(),
    db.selectFrom('maintenance_record').select(['id', 'cycle', 'started_at']).where('elevator_id', '=', pol.elevator_id).orderBy('started_at', 'desc').limit(50).execute(),
    db.selectFrom('hazard').select(['id', 'description', 'status', 'created_at']).where('elevator_id', '=', pol.elevator_id).orderBy('created_at', 'desc').limit(50).execute(),
  ]);
  return {
    incidents: incidents.map((i) => ({ id: i.id, type: i.type, status: i.status, receivedAt: i.received_at.toISOString() })),
    alarms: alarms.map((a) => ({ id: a.id, type: a.type, severity: a.severity, openedAt: a.opened_at.toISOString() })),
    maintenanceRecords: records.map((m) => ({ id: m.id, cycle: m.cycle, startedAt: m.started_at.toISOString() })),
    hazards: hazards.map((h) => ({ id: h.id, description: h.description, status: h.status, createdAt: h.created_at.toISOString() })),
  };
}

/** The insurer files a claim on its policy, linked to what happened on that elevator. */
export async function fileClaim(ctx: AppContext, p: Principal, input: z.infer<typeof ClaimInput>) {
  assertInsurer(p);
  const { db } = ctx.store;
  const pol = await db.selectFrom('insurance_policy').selectAll().where('id', '=', input.policyId).where('insurer_org_id', '=', p.orgId).executeTakeFirst();
  if (!pol) throw new AppError('INSURANCE_POLICY_NOT_FOUND', { fields: [{ field: 'policyId', message: '本机构没有这张保单' }] });
  const fields: { field: string; message: string }[] = [];
  if (input.occurredOn < pol.starts_on || input.occurredOn > pol.ends_on) fields.push({ field: 'occurredOn', message: `出险日期不在保险期间 ${pol.starts_on} 至 ${pol.ends_on} 内` });
  if (input.occurredOn > shanghaiDate(ctx.clock.now())) fields.push({ field: 'occurredOn', message: '出险日期不能晚于今天' });
  const onElevator = async (table: 'incident' | 'alarm' | 'maintenance_record' | 'hazard', id: number | undefined, field: string, label: string) => {
    if (!id) return;
    const hit = await db.selectFrom(table).select('id').where('id', '=', id).where('elevator_id', '=', pol.elevator_id).executeTakeFirst();
    if (!hit) fields.push({ field, message: `${label}不存在或不属于本保单的电梯` });
  };
  await onElevator('incident', input.incidentId, 'incidentId', '96333 事件');
  await onElevator('alarm', input.alarmId, 'alarmId', '物联网告警');
  await onElevator('maintenance_record', input.maintenanceRecordId, 'maintenanceRecordId', '维保（维修）记录');
  await onElevator('hazard', input.hazardId, 'hazardId', '隐患整治');
  if (fields.length) throw new AppError('VALIDATION_FAILED', { fields });
  const now = ctx.clock.now();
  const id = await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('insurance_claim')
      .values({
        policy_id: pol.id, insurer_org_id: p.orgId, elevator_id: pol.elevator_id, region_code: pol.region_code, occurred_on: input.occurredOn, description: input.description, amount_claimed: input.amountClaimed,
        incident_id: input.incidentId ?? null, alarm_id: input.alarmId ?? null, maintenance_record_id: input.maintenanceRecordId ?? null, hazard_id: input.hazardId ?? null, created_by: p.userId, created_at: now, updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit.record(trx, audit.actorOf(p), now, [{ action: 'insurance.claim.file', entityType: 'insurance_claim', entityId: String(row.id), regionCode: pol.region_code, after: input }]);
    return row.id;
  });
  return getClaim(ctx, p, id);
}

/** Accept, approve (with the amount), pay, reject (with a reason) or withdraw, following the claim workflow. */
export async function actOnClaim(ctx: AppContext, p: Principal, id: number, input: { action: ClaimAction; amountPaid?: number; note?: string }) {
  assertInsurer(p);
  const now = ctx.clock.now();
  await ctx.store.db.transaction().execute(async (trx) => {
    const c = await trx.selectFrom('insurance_claim').selectAll().where('id', '=', id).where('insurer_org_id', '=', p.orgId).forUpdate().executeTakeFirst();
    if (!c) throw new AppError('INSURANCE_CLAIM_NOT_FOUND');
    const to = nextClaimStatus(c.status, input.action);
    if (!to) throw new AppError('INSURANCE_ACTION_INVALID', { status: c.status, action: input.action }, { action: `理赔${ACTION_ZH[input.action]}` });
    if (input.action === 'approve' && input.amountPaid === undefined) throw fieldError('amountPaid', '核定时请填写赔付金额');
    if (input.action === 'approve' && input.amountPaid! > Number(c.amount_claimed)) throw fieldError('amountPaid', '赔付金额不能超过索赔金额');
    if (input.action === 'reject' && !input.note) throw fieldError('note', '拒赔时请说明理由');
    await trx
      .updateTable('insurance_claim')
      .set({ status: to, updated_at: now, ...(input.action === 'approve' ? { amount_paid: input.amountPaid } : {}), ...(input.note ? { note: input.note } : {}) })
      .where('id', '=', id)
      .execute();
    await audit.record(trx, audit.actorOf(p), now, [{ action: `insurance.claim.${input.action}`, entityType: 'insurance_claim', entityId: String(id), regionCode: c.region_code, before: { status: c.status }, after: { status: to, amountPaid: input.amountPaid, note: input.note } }]);
  });
  return getClaim(ctx, p, id);
}
