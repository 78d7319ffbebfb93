import { sql } from 'kysely';
import type { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import { shanghaiDate } from '../../server/clock.ts';
import { AppError } from '../../server/http/errors.ts';
import * as audit from '../audit/audit.service.ts';
import type { Principal } from '../auth/principal.ts';
import { recordCreditEvent, revokeCreditEvent } from '../credit/credit-events.ts';
import { creditText } from '../credit/credit-text.ts';
import { ACTION_STATUS_ZH, ACTION_STEP_ZH, NEEDS_DEADLINE, PUBLIC_KINDS, overdueDays, step, type ActionKind, type ActionStatus } from './enforcement.domain.ts';
import type { ActionInput, ActionListQuery, ActionOut, ActionStepInput } from './enforcement.schema.ts';
import { inPrefix, narrow, regionPrefixOf, targetOrg } from './enforcement.scope.ts';

/**
 * Enforcement actions: each one writes a credit event of its kind against its target in the same transaction
 * (source `enforcement_action`, id = the action's id); revoking the action revokes the event, publishing it publishes
 * the event. Every change is audited with before and after.
 */
interface Row {
  id: number;
  kind: ActionKind;
  status: ActionStatus;
  region_code: string;
  regulator_org_id: number;
  regulator_code: string | null;
  regulator_name: string;
  target_org_id: number;
  target_code: string | null;
  target_name: string;
  check_id: number | null;
  reason: string;
  legal_basis: string;
  deadline: string | null;
  penalty_amount: number | null;
  decision_no: string | null;
  follow_ups: ActionOut['followUps'];
  closure_note: string | null;
  closed_at: Date | null;
  overdue_at: Date | null;
  published: boolean;
  published_at: Date | null;
  credit_event_id: number | null;
  created_at: Date;
}

const FROM = sql`FROM enforcement_action a JOIN organization ro ON ro.id = a.regulator_org_id JOIN organization t ON t.id = a.target_org_id`;
const COLS = sql`a.id, a.kind, a.status, a.region_code, a.regulator_org_id, ro.credit_code AS regulator_code, ro.name AS regulator_name,
  a.target_org_id, t.credit_code AS target_code, t.name AS target_name, a.check_id, a.reason, a.legal_basis, a.deadline, a.penalty_amount,
  a.decision_no, a.follow_ups, a.closure_note, a.closed_at, a.overdue_at, a.published, a.published_at, a.credit_event_id, a.created_at`;

function present(r: Row, today: string): ActionOut {
  return {
    id: r.id,
    kind: r.kind,
    status: r.status,
    regionCode: r.region_code,
    regulator: { id: r.regulator_org_id, creditCode: r.regulator_code, name: r.regulator_name },
    target: { id: r.target_org_id, creditCode: r.target_code, name: r.target_name },
    checkId: r.check_id,
    reason: r.reason,
    legalBasis: r.legal_basis,
    deadline: r.deadline,
    overdueDays: overdueDays(r, today),
    overdueFlagged: r.overdue_at !== null,
    penalty: r.kind === 'penalty' && r.decision_no !== null ? { amount: Number(r.penalty_amount), decisionNo: r.decision_no } : null,
    followUps: r.follow_ups,
    closureNote: r.closure_note,
    closedAt: r.closed_at?.toISOString() ?? null,
    published: r.published,
    publishedAt: r.published_at?.toISOString() ?? null,
    creditEventId: r.credit_event_id,
    createdAt: r.created_at.toISOString(),
  };
}

async function load(ctx: AppContext, p: Principal, id: number): Promise<Row> {
  const prefix = regionPrefixOf(ctx, p);
  const { rows } = await sql<Row>`SELECT ${COLS} ${FROM} WHERE a.id = ${id} AND ${inPrefix(sql`a.region_code`, prefix)}`.execute(ctx.store.db);
  if (!rows[0]) throw new AppError('ENFORCEMENT_ACTION_NOT_FOUND');
  return rows[0];
}

export async function getAction(ctx: AppContext, p: Principal, id: number): Promise<ActionOut> {
  return present(await load(ctx, p, id), shanghaiDate(ctx.clock.now()));
}

export async function listActions(ctx: AppContext, p: Principal, q: z.infer<typeof ActionListQuery>): Promise<{ items: ActionOut[]; total: number }> {
  const today = shanghaiDate(ctx.clock.now());
  const conds = [inPrefix(sql`a.region_code`, narrow(ctx, regionPrefixOf(ctx, p), q.regionCode))];
  if (q.status) conds.push(sql<boolean>`a.status = ${q.status}`);
  if (q.kind) conds.push(sql<boolean>`a.kind = ${q.kind}`);
  if (q.overdue) conds.push(sql<boolean>`a.status = 'open' AND a.deadline < ${today}`);
  if (q.targetCreditCode) conds.push(sql<boolean>`t.credit_code = ${q.targetCreditCode}`);
  const where = sql.join(conds, sql` AND `);
  const { db } = ctx.store;
  const [rows, count] = await Promise.all([
    sql<Row>`SELECT ${COLS} ${FROM} WHERE ${where} ORDER BY (a.status = 'open') DESC, a.deadline NULLS LAST, a.id DESC LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`.execute(db),
    sql<{ n: number }>`SELECT count(*)::int AS n ${FROM} WHERE ${where}`.execute(db),
  ]);
  return { items: rows.rows.map((r) => present(r, today)), total: count.rows[0]?.n ?? 0 };
}

function summaryOf(input: Pick<ActionInput, 'kind' | 'reason' | 'penalty'>): string {
  if (input.kind === 'penalty' && input.penalty) return creditText('summary.penalty', { decisionNo: input.penalty.decisionNo, amount: input.penalty.amount, reason: input.reason });
  return creditText('summary.action', { kind: creditText(`kind.${input.kind}`), reason: input.reason });
}

/** Takes an action against an organisation active in the region; its credit event is written with it. */
export async function createAction(ctx: AppContext, p: Principal, input: ActionInput): Promise<ActionOut> {
  const prefix = regionPrefixOf(ctx, p);
  const { db } = ctx.store;
  const now = ctx.clock.now();
  const today = shanghaiDate(now);
  const fields: { field: string; message: string }[] = [];
  if (input.kind === 'penalty' && !input.penalty) fields.push({ field: 'penalty', message: '行政处罚须填写罚款金额和决定书文号' });
  if (input.kind !== 'penalty' && input.penalty) fields.push({ field: 'penalty', message: '只有行政处罚填写罚款' });
  if (NEEDS_DEADLINE.includes(input.kind) && !input.deadline) fields.push({ field: 'deadline', message: '挂牌督办须规定整改期限' });
  if (input.deadline && input.deadline < today) fields.push({ field: 'deadline', message: '期限不能早于今天' });
  if (input.publish && !PUBLIC_KINDS.includes(input.kind)) fields.push({ field: 'publish', message: '约谈不公示' });
  if (fields.length) throw new AppError('VALIDATION_FAILED', { fields });
  const target = await targetOrg(db, prefix, input.targetCreditCode);
  if (input.checkId) {
    const c = await db.selectFrom('supervision_check').select(['id', 'region_code']).where('id', '=', input.checkId).executeTakeFirst();
    if (!c || !c.region_code.startsWith(prefix)) throw new AppError('SUPERVISION_CHECK_NOT_FOUND', { fields: [{ field: 'checkId', message: '监督检查记录不存在' }] });
  }
  if (input.penalty && (await db.selectFrom('enforcement_action').select('id').where('decision_no', '=', input.penalty.decisionNo).executeTakeFirst()))
    throw new AppError('DECISION_NO_TAKEN', { fields: [{ field: 'penalty.decisionNo', message: '文号已被使用' }] });
  const regionCode = target.region_code.startsWith(prefix) ? target.region_code : p.regionCode;
  const id = await db.transaction().execute(async (trx) => {
    const a = await trx
      .insertInto('enforcement_action')
      .values({
        kind: input.kind,
        region_code: regionCode,
        regulator_org_id: p.orgId,
        target_org_id: target.id,
        check_id: input.checkId ?? null,
        reason: input.reason,
        legal_basis: input.legalBasis,
        deadline: input.deadline ?? null,
        penalty_amount: input.penalty?.amount ?? null,
        decision_no: input.penalty?.decisionNo ?? null,
        published: input.publish,
        published_at: input.publish ? now : null,
        created_by: p.userId,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const e = await recordCreditEvent(trx, {
      orgId: target.id,
      kind: input.kind,
      sourceType: 'enforcement_action',
      sourceId: a.id,
      summary: summaryOf(input),
      evidence: { text: input.legalBasis, files: [] },
      regionCode,
      published: input.publish,
      recordedBy: p.userId,
      at: now,
    });
    await trx.updateTable('enforcement_action').set({ credit_event_id: e.id }).where('id', '=', a.id).execute();
    await audit.record(trx, audit.actorOf(p), now, [{ action: 'enforcement.action.create', entityType: 'enforcement_action', entityId: String(a.id), regionCode, after: { ...input, targetOrgId: target.id, creditPoints: e.points } }]);
    return a.id;
  });
  return getAction(ctx, p, id);
}

/** One step: follow up, close, revoke (the credit event with it), publish (the credit event with it). */
export async function actOn(ctx: AppContext, p: Principal, id: number, input: ActionStepInput): Promise<ActionOut> {
  const a = await load(ctx, p, id);
  const t = step({ kind: a.kind, status: a.status, followUps: a.follow_ups.length, published: a.published }, input.step);
  if (!t.ok) {
    if (t.reason === 'follow_up') throw new AppError('ENFORCEMENT_ACTION_INVALID', { reason: 'follow_up_required' }, { status: ACTION_STATUS_ZH[a.status], action: '办结（须先记录整改或执行情况）' });
    throw new AppError('ENFORCEMENT_ACTION_INVALID', { reason: t.reason }, { status: ACTION_STATUS_ZH[a.status], action: ACTION_STEP_ZH[input.step] });
  }
  if ((input.step === 'follow_up' || input.step === 'close' || input.step === 'revoke') && !input.note)
    throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'note', message: '请填写说明' }] });
  const now = ctx.clock.now();
  const by = p.displayName || p.username;
  const set: Record<string, unknown> = { status: t.to, updated_at: now };
  if (input.step === 'follow_up') set.follow_ups = JSON.stringify([...a.follow_ups, { at: now.toISOString(), by, note: input.note, fileSha256: input.fileSha256 ?? null }]);
  if (input.step === 'close') Object.assign(set, { closure_note: input.note, closed_at: now });
  if (input.step === 'publish') Object.assign(set, { published: true, published_at: now });
  await ctx.store.db.transaction().execute(async (trx) => {
    const m = await trx
      .updateTable('enforcement_action')
      .set(set)
      .where('id', '=', id)
      .where('status', '=', a.status)
      .where(sql<boolean>`jsonb_array_length(follow_ups) = ${a.follow_ups.length}`)
      .where('published', '=', a.published)
      .executeTakeFirst();
    if (!Number(m.numUpdatedRows)) throw new AppError('VERSION_CONFLICT');
    if (input.step === 'revoke') await revokeCreditEvent(trx, { orgId: a.target_org_id, sourceType: 'enforcement_action', sourceId: id, reason: input.note, at: now });
    if (input.step === 'publish' && a.credit_event_id)
      await trx.updateTable('credit_event').set({ published: true, published_at: now, published_by: p.userId }).where('id', '=', a.credit_event_id).execute();
    await audit.record(trx, audit.actorOf(p), now, [
      { action: `enforcement.action.${input.step}`, entityType: 'enforcement_action', entityId: String(id), regionCode: a.region_code, before: { status: a.status, published: a.published }, after: { status: t.to, note: input.note, fileSha256: input.fileSha256 ?? null } },
    ]);
  });
  return getAction(ctx, p, id);
}

/** Flags open actions past their deadline, once each (audited); returns how many. */
export async function flagOverdue(ctx: AppContext): Promise<number> {
  const now = ctx.clock.now();
  const today = shanghaiDate(now);
  return ctx.store.db.transaction().execute(async (trx) => {
    const rows = await trx
      .updateTable('enforcement_action')
      .set({ overdue_at: now })
      .where('status', '=', 'open')
      .where('deadline', '<', today)
      .where('overdue_at', 'is', null)
      .returning(['id', 'region_code', 'deadline', 'kind'])
      .execute();
    if (rows.length)
      await audit.record(
        trx,
        { userId: null, name: 'system:enforcement', orgId: null },
        now,
        rows.map((r) => ({ action: 'enforcement.action.overdue', entityType: 'enforcement_action', entityId: String(r.id), regionCode: r.region_code, after: { deadline: r.deadline, kind: r.kind } })),
      );
    return rows.length;
  });
}
