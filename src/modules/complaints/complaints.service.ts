import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { AppContext } from '../../server/context.ts';
import type { DB } from '../../server/db/schema.ts';
import { AppError } from '../../server/http/errors.ts';
import * as audit from '../audit/audit.service.ts';
import { can, type Principal } from '../auth/principal.ts';
import { raise } from '../hazards/hazards.service.ts';
import { shanghaiDate } from '../../server/clock.ts';
import { recordCreditEvent } from '../credit/credit-events.ts';
import { allowedActions, extendedDue, normalizeTrackingCode, outcomeOf, rewardTransition, STATUS_ZH, transition, type RewardState } from './complaints.domain.ts';
import { routingCandidates, rulesFor } from './complaint-intake.service.ts';
import { present, presentPublic } from './complaints.presenter.ts';
import * as repo from './complaints.repo.ts';
import type { ComplaintActionInput, ComplaintDetailOut, ComplaintListQuery, ComplaintOut, PublicReportStatus } from './complaints.schema.ts';

/**
 * Complaints after intake: who sees them, the workflow's steps, the reporter's status page. A regulator sees the
 * complaints of its region (a city also those routed to its counties); the platform administrator all; nobody
 * else — use units and maintenance companies learn of a confirmed complaint through the hazard it raises.
 */
export function complaintScope(ctx: AppContext, p: Principal): RawBuilder<boolean> {
  if (p.orgType === 'platform' && p.roles.includes('admin')) return sql<boolean>`true`;
  if ((p.orgType === 'regulator' || p.orgType === 'platform') && can(p, 'complaints.read')) {
    const prefix = ctx.regions.prefix(p.regionCode);
    return sql<boolean>`(c.region_code >= ${prefix} AND c.region_code < ${`${prefix}~`})`;
  }
  return sql<boolean>`false`;
}

export async function list(ctx: AppContext, p: Principal, q: ComplaintListQuery): Promise<{ items: ComplaintOut[]; total: number }> {
  const now = ctx.clock.now();
  const conds = [complaintScope(ctx, p)];
  if (q.regionCode) {
    const prefix = ctx.regions.prefix(q.regionCode);
    conds.push(sql<boolean>`(c.region_code >= ${prefix} AND c.region_code < ${`${prefix}~`})`);
  }
  if (q.status) conds.push(sql<boolean>`c.status = ${q.status}`);
  if (q.category) conds.push(sql<boolean>`c.category = ${q.category}`);
  if (q.channel) conds.push(sql<boolean>`c.channel = ${q.channel}`);
  if (q.open) conds.push(sql<boolean>`c.status IN ('received', 'acknowledged', 'investigating')`);
  if (q.overdue) conds.push(repo.overdueSql(now));
  if (q.mine) conds.push(sql<boolean>`c.regulator_org_id = ${p.orgId}`);
  if (q.registrationCode) conds.push(sql<boolean>`(e.registration_code = ${q.registrationCode} OR c.code_given = ${q.registrationCode})`);
  if (q.trackingCode) conds.push(sql<boolean>`c.tracking_code = ${normalizeTrackingCode(q.trackingCode) ?? ''}`);
  const { rows, total } = await repo.list(ctx.store.db, sql.join(conds, sql` AND `) as RawBuilder<boolean>, { limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
  return { items: rows.map((r) => present(ctx, p, r, now)), total };
}

async function load(db: Kysely<DB>, ctx: AppContext, p: Principal, id: number, forUpdate = false): Promise<repo.ComplaintRow> {
  const r = await repo.getById(db, id, complaintScope(ctx, p), { forUpdate });
  if (!r) throw new AppError('COMPLAINT_NOT_FOUND');
  return r;
}

function rewardState(r: repo.ComplaintRow): RewardState {
  return r.paid_at ? 'paid' : (r.reward_decision ?? 'none');
}

async function detail(ctx: AppContext, p: Principal, r: repo.ComplaintRow, visible = true): Promise<ComplaintDetailOut> {
  const { db } = ctx.store;
  const [events, evidence, linked] = await Promise.all([repo.events(db, r.id), repo.evidence(db, r.id), repo.chain(db, r)]);
  const handles = visible && can(p, 'complaints.handle');
  const rewards = visible && can(p, 'complaints.reward');
  return {
    ...present(ctx, p, r, ctx.clock.now()),
    events: events.map((e) => ({ id: e.id, at: e.at.toISOString(), action: e.action, actorName: e.actor_name, note: e.note, data: e.data ?? null })),
    evidence: evidence.map((e) => ({ id: e.id, sha256: e.sha256, fileName: e.file_name, contentType: e.content_type, bytes: e.bytes, note: e.note, uploadedAt: e.uploaded_at.toISOString() })),
    linked: linked.map((l) => ({ id: l.id, trackingCode: l.tracking_code, status: l.status, receivedAt: l.received_at.toISOString() })),
    actions: handles ? allowedActions(r.status, r.extended_at !== null) : [],
    rewardActions: rewards ? (['grant', 'refuse', 'pay'] as const).filter((a) => rewardTransition(r.outcome, rewardState(r), a) !== null) : [],
  };
}

export async function get(ctx: AppContext, p: Principal, id: number): Promise<ComplaintDetailOut> {
  return detail(ctx, p, await load(ctx.store.db, ctx, p, id));
}

/** The reporter's page. Unknown and malformed codes are the same 404. */
export async function publicStatus(ctx: AppContext, typed: string): Promise<PublicReportStatus> {
  const code = normalizeTrackingCode(typed);
  const r = code ? await repo.getByTrackingCode(ctx.store.db, code) : undefined;
  if (!r) throw new AppError('COMPLAINT_NOT_FOUND');
  return presentPublic(r, ctx.clock.now());
}

const shownName = (p: Principal) => p.displayName || p.username;

/** One step of the workflow (complaints.domain.ts), with its timeline event and audit entry in one transaction. */
export async function act(ctx: AppContext, p: Principal, id: number, input: ComplaintActionInput): Promise<ComplaintDetailOut> {
  const { db } = ctx.store;
  const now = ctx.clock.now();
  let stillVisible = true;
  const changed = await db.transaction().execute(async (trx) => {
    const r = await load(trx, ctx, p, id, true);
    if (input.version !== undefined && input.version !== r.version) throw new AppError('VERSION_CONFLICT');
    const t = transition(r.status, input.action, { extended: r.extended_at !== null });
    if (!t.ok) throw new AppError('COMPLAINT_ACTION_INVALID', { status: r.status, action: input.action, reason: t.reason }, { status: STATUS_ZH[r.status] });
    const set: Record<string, unknown> = { status: t.to, updated_at: now };
    const data: Record<string, unknown> = {};
    const outcome = outcomeOf(input.action);
    if (input.action === 'acknowledge') set.acknowledged_at = now;
    if (outcome) {
      if (!input.resultText) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'resultText', message: '请填写给举报人的答复' }] });
      Object.assign(set, { outcome, outcome_text: input.resultText, decided_at: now });
      data.resultText = input.resultText;
    }
    if (input.hazard && input.action !== 'confirm') throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'hazard', message: '只有举报属实时才能登记隐患' }] });
    if (input.action === 'confirm') {
      if (input.responsibleOrgId !== undefined) {
        const o = await trx.selectFrom('organization').select(['id', 'name']).where('id', '=', input.responsibleOrgId).executeTakeFirst();
        if (!o) throw new AppError('ORG_NOT_FOUND', { fields: [{ field: 'responsibleOrgId', message: '责任单位不存在' }] });
        set.responsible_org_id = o.id;
      }
      data.responsibleOrgId = set.responsible_org_id ?? r.responsible_org_id;
      if (input.hazard) {
        if (r.elevator_id === null) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'hazard', message: '未关联登记电梯的举报无法登记隐患' }] });
        if (input.hazard.deadline && input.hazard.deadline < shanghaiDate(now)) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'hazard.deadline', message: '整改期限不能早于今天' }] });
        const [h] = await raise(trx, now, [
          { elevatorId: r.elevator_id, source: 'complaint', sourceRef: `投诉举报 #${r.id}`, item: input.hazard.item, description: input.resultText!, severity: input.hazard.severity, remedy: input.hazard.remedy, deadline: input.hazard.deadline, raisedBy: p.userId },
        ]);
        set.hazard_id = h!.id;
        data.hazardId = h!.id;
        await audit.record(trx, audit.actorOf(p), now, [{ action: 'hazard.raise', entityType: 'hazard', entityId: String(h!.id), regionCode: r.region_code, after: { source: 'complaint', complaintId: r.id, ...input.hazard } }]);
      }
      // A report found true goes into the responsible organisation's credit file (信用档案), once per complaint.
      const responsible = (set.responsible_org_id as number | undefined) ?? r.responsible_org_id;
      if (responsible !== null && responsible !== undefined) {
        const credit = await recordCreditEvent(trx, {
          orgId: Number(responsible),
          kind: 'complaint_confirmed',
          sourceType: 'complaint',
          sourceId: r.id,
          summary: `投诉举报查实（#${r.id}）：${input.resultText}`.slice(0, 500),
          evidence: { text: input.note ?? null },
          occurredOn: shanghaiDate(now),
          regionCode: r.region_code,
          recordedBy: p.userId,
          at: now,
        });
        data.creditEventId = credit.id;
      }
    }
    if (input.action === 'close') set.closed_at = now;
    if (input.action === 'extend') {
      const due = extendedDue(r.outcome_due_at, await rulesFor(ctx, r.region_code, trx));
      Object.assign(set, { outcome_due_at: due, extended_at: now });
      Object.assign(data, { from: r.outcome_due_at.toISOString(), to: due.toISOString() });
    }
    if (input.action === 'transfer') {
      const region = input.regionCode ? ctx.regions.resolve(input.regionCode)?.region : undefined;
      if (!region) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'regionCode', message: '请选择移交的区县或城市' }] });
      if (region.code === r.region_code) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'regionCode', message: '已在该区划办理' }] });
      const regulator = await repo.regulatorFor(trx, routingCandidates(ctx, region.code));
      Object.assign(set, { region_code: region.code, regulator_org_id: regulator?.id ?? null });
      Object.assign(data, { fromRegion: r.region_code, toRegion: region.code, regulator: regulator?.name ?? null });
      stillVisible = p.orgType === 'platform' || ctx.regions.contains(p.regionCode, region.code);
    }
    if (!(await repo.update(trx, r.id, r.version, set))) throw new AppError('VERSION_CONFLICT');
    await repo.addEvent(trx, { complaintId: r.id, at: now, action: input.action, actorId: p.userId, actorName: shownName(p), orgId: p.orgId, note: input.note, data });
    await audit.record(trx, audit.actorOf(p), now, [
      { action: `complaint.${input.action}`, entityType: 'complaint', entityId: String(r.id), regionCode: r.region_code, before: { status: r.status, regionCode: r.region_code }, after: { status: t.to, note: input.note, ...data } },
    ]);
    return r.id;
  });
  if (stillVisible) return get(ctx, p, changed);
  // Transferred out of the caller's region: this answer is the last the caller sees of it.
  const r = await repo.getById(db, changed, sql<boolean>`true`);
  return detail(ctx, p, r!, false);
}

export async function summary(ctx: AppContext, p: Principal, regionCode?: string) {
  const conds = [complaintScope(ctx, p)];
  if (regionCode) {
    const prefix = ctx.regions.prefix(regionCode);
    conds.push(sql<boolean>`(c.region_code >= ${prefix} AND c.region_code < ${`${prefix}~`})`);
  }
  return repo.summary(ctx.store.db, sql.join(conds, sql` AND `) as RawBuilder<boolean>, ctx.clock.now());
}
