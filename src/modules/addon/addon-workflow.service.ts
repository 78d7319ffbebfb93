import { sql, type Kysely, type Updateable } from 'kysely';
import type { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import { shanghaiDate } from '../../server/clock.ts';
import type { DB } from '../../server/db/schema.ts';
import type { AddonProjectTable, AddonStatus } from '../../server/db/tables/addon.ts';
import { AppError } from '../../server/http/errors.ts';
import type { Principal } from '../auth/principal.ts';
import { invalidatePublic } from '../elevators/public-lookup.service.ts';
import { addDays, daysBetween, nextStatus, nextSubsidyStatus, noticeEndsOn, noticeOver, sharesMatchTotal, subsidyFor, tallyConsent, type AddonAction, type SubsidyAction } from './addon.domain.ts';
import * as repo from './addon.repo.ts';
import { addonRules } from './addon.rules.ts';
import type { ObjectionInput, ReviewInput, StepInput } from './addon.schema.ts';
import { mutate } from './addon.service.ts';

const fieldError = (field: string, message: string) => new AppError('VALIDATION_FAILED', { fields: [{ field, message }] });
const STATUS_ZH: Record<AddonStatus, string> = {
  consultation: '征求意见',
  agreement: '签订协议',
  design: '设计选型',
  notice: '公示',
  review: '待审批',
  approved: '已批准',
  construction: '施工',
  accepted: '已验收',
  registered: '已使用登记',
  contracted: '已签维保合同',
  in_service: '已纳入96333',
  cancelled: '已取消',
};

/** The status `action` leads to from the row's status, or 409 naming both. */
export function transition(row: { status: AddonStatus }, action: AddonAction): AddonStatus {
  const to = nextStatus(row.status, action);
  if (!to) throw new AppError('ADDON_ACTION_INVALID', { status: row.status, action }, { action: `${ACTION_ZH[action]}（当前阶段：${STATUS_ZH[row.status]}）` });
  return to;
}

export const ACTION_ZH: Record<AddonAction, string> = {
  confirmConsent: '确认意见征询结果',
  signAgreement: '签订费用分摊协议',
  completeDesign: '完成设计选型',
  startNotice: '开始公示',
  submit: '提交审批',
  approve: '批准',
  reject: '退回',
  startConstruction: '开工',
  accept: '竣工验收',
  register: '使用登记',
  recordContract: '登记维保合同',
  enrol: '纳入96333',
  cancel: '取消项目',
};

/** The implementing body's (or street office's) steps. */
export function step(ctx: AppContext, p: Principal, id: number, input: StepInput) {
  return mutate(ctx, p, id, input.action, async (trx, row, now) => {
    const to = transition(row, input.action);
    const today = shanghaiDate(now);
    const set = (values: Updateable<AddonProjectTable>) => trx.updateTable('addon_project').set(values).where('id', '=', id).execute();
    switch (input.action) {
      case 'confirmConsent': {
        const rules = await addonRules(trx, row.region_code);
        const tally = tallyConsent((await repo.households(trx, id)).map((h) => ({ area: Number(h.area), vote: h.vote })), rules);
        if (!tally.reached) throw new AppError('ADDON_CONSENT_NOT_REACHED', { tally });
        await set({ status: to });
        return { to, after: { tally } };
      }
      case 'signAgreement': {
        const hh = await repo.households(trx, id);
        const ids = new Set(hh.map((h) => h.id));
        const seen = new Set<number>();
        const fields: { field: string; message: string }[] = [];
        input.shares.forEach((s, i) => {
          if (!ids.has(s.householdId) || seen.has(s.householdId)) fields.push({ field: `shares.${i}.householdId`, message: '住户不属于本项目或重复' });
          seen.add(s.householdId);
          if (!s.signed && s.share > 0) fields.push({ field: `shares.${i}.share`, message: '未签署协议的住户不分摊费用' });
        });
        if (!fields.length && !sharesMatchTotal(input.shares.map((s) => s.share), input.totalCost))
          fields.push({ field: 'shares', message: `各户分摊合计 ${input.shares.reduce((a, s) => a + s.share, 0).toFixed(2)} 元，与总费用 ${input.totalCost.toFixed(2)} 元不符` });
        if (fields.length) throw new AppError('VALIDATION_FAILED', { fields });
        const byId = new Map(input.shares.map((s) => [s.householdId, s]));
        for (const h of hh) {
          const s = byId.get(h.id);
          await trx.updateTable('addon_household').set({ signed: s?.signed ?? false, share: s?.share ?? 0 }).where('id', '=', h.id).execute();
        }
        await set({ status: to, total_cost: input.totalCost });
        return { to, after: { totalCost: input.totalCost, shares: input.shares } };
      }
      case 'completeDesign': {
        const { action: _a, ...design } = input;
        await set({ status: to, design: JSON.stringify(design), notice_starts_on: null, notice_ends_on: null, notice_paused_since: null, notice_days: null });
        return { to, after: design };
      }
      case 'startNotice': {
        if (row.notice_starts_on) throw new AppError('ADDON_ACTION_INVALID', { status: row.status }, { action: '开始公示（已在公示中）' });
        const startsOn = input.startsOn ?? today;
        if (startsOn > today) throw fieldError('startsOn', '公示开始日期不能晚于今天');
        const days = (await addonRules(trx, row.region_code)).noticeDays;
        await set({ notice_days: days, notice_starts_on: startsOn, notice_ends_on: noticeEndsOn(startsOn, days) });
        return { after: { startsOn, days, endsOn: noticeEndsOn(startsOn, days) }, note: `公示 ${days} 天，${startsOn} 起` };
      }
      case 'submit': {
        if (!noticeOver({ noticeEndsOn: row.notice_ends_on, pausedSince: row.notice_paused_since }, today))
          throw new AppError('ADDON_NOTICE_NOT_OVER', { endsOn: row.notice_ends_on, pausedSince: row.notice_paused_since });
        await set({ status: to });
        return { to, after: {} };
      }
      case 'startConstruction': {
        const on = input.startedOn ?? today;
        if (on > today) throw fieldError('startedOn', '开工日期不能晚于今天');
        await set({ status: to, construction_on: on });
        return { to, after: { startedOn: on }, note: input.note ?? null };
      }
      case 'accept': {
        if (input.acceptedOn > today) throw fieldError('acceptedOn', '验收日期不能晚于今天');
        if (row.construction_on && input.acceptedOn < row.construction_on) throw fieldError('acceptedOn', `验收日期早于开工日期 ${row.construction_on}`);
        const due = addDays(input.acceptedOn, (await addonRules(trx, row.region_code)).registrationDays);
        await set({ status: to, accepted_on: input.acceptedOn, registration_due_on: due });
        return { to, after: { acceptedOn: input.acceptedOn, registrationDueOn: due } };
      }
      case 'recordContract':
        return recordContract(ctx, trx, row, input, p, now, to);
      case 'enrol': {
        const gaps = await enrolmentGaps(trx, row.elevator_id!);
        if (gaps.length) throw new AppError('ADDON_ENROL_INCOMPLETE', { gaps }, { gaps: gaps.join('、') });
        await set({ status: to, enrolled_at: now });
        return { to, after: { enrolledAt: now.toISOString() } };
      }
      case 'cancel':
        await set({ status: to, note: input.reason });
        return { to, after: { reason: input.reason }, note: input.reason };
    }
  });
}

/** The maintenance contract, recorded the way maintenance/contracts.service.ts files one: 告知性登记 first, no overlap; the contract in force names the company in the registry. */
async function recordContract(ctx: AppContext, trx: Kysely<DB>, row: repo.ProjectRow, input: Extract<StepInput, { action: 'recordContract' }>, p: Principal, now: Date, to: AddonStatus) {
  if (input.endsOn < input.startsOn) throw fieldError('endsOn', '结束日期早于开始日期');
  const e = await trx.selectFrom('elevator').select(['id', 'registration_code', 'rescue_code', 'region_code', 'category_code', 'maintenance_org_id']).where('id', '=', row.elevator_id!).executeTakeFirstOrThrow();
  const m = await trx.selectFrom('organization').select(['id', 'name', 'type', 'active']).where('id', '=', input.maintenanceOrgId).executeTakeFirst();
  if (!m || m.type !== 'maintenance' || !m.active) throw fieldError('maintenanceOrgId', '维保单位不存在或已停用');
  const city = `${e.region_code.slice(0, 4)}00`;
  const notified = await trx.selectFrom('maintenance_notification').select('id').where('org_id', '=', m.id).where('city_code', '=', city).executeTakeFirst();
  if (!notified) throw fieldError('maintenanceOrgId', `该维保单位尚未在${ctx.regions.get(city)?.name ?? city}办理告知性登记`);
  const overlap = await trx.selectFrom('maintenance_contract').select('id').where('elevator_id', '=', e.id).where('starts_on', '<=', input.endsOn).where('ends_on', '>=', input.startsOn).executeTakeFirst();
  if (overlap) throw fieldError('startsOn', '该期间已有维保合同');
  const c = await trx
    .insertInto('maintenance_contract')
    .values({ org_id: m.id, elevator_id: e.id, region_code: e.region_code, category_code: e.category_code, starts_on: input.startsOn, ends_on: input.endsOn, price_per_year: input.pricePerYear, scope: 'standard', created_by: p.userId, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  const today = shanghaiDate(now);
  const active = input.startsOn <= today && input.endsOn >= today;
  if (active && e.maintenance_org_id !== m.id) await trx.updateTable('elevator').set((eb) => ({ maintenance_org_id: m.id, updated_at: now, version: eb('version', '+', 1) })).where('id', '=', e.id).execute();
  invalidatePublic(ctx, [e.registration_code, e.rescue_code]);
  await trx.updateTable('addon_project').set({ status: to, contract_id: c.id }).where('id', '=', row.id).execute();
  return { to, after: { contractId: c.id, maintenanceOrgId: m.id, startsOn: input.startsOn, endsOn: input.endsOn, pricePerYear: input.pricePerYear, active }, note: m.name };
}

/** What 96333 coverage (emergency/coverage.service.ts) needs of the elevator and it lacks: rescue code, a rescuer, a hotline. */
export async function enrolmentGaps(db: Kysely<DB>, elevatorId: number): Promise<string[]> {
  const { rows } = await sql<{ rescue_code: string | null; rescuer: boolean; hotline: string | null; status: string }>`
    SELECT e.rescue_code, e.status, (m.id IS NOT NULL AND m.active AND m.type = 'maintenance') AS rescuer,
           coalesce(nullif(e.maintenance_phone, ''), nullif(m.hotline, ''), nullif(m.contact_phone, '')) AS hotline
      FROM elevator e LEFT JOIN organization m ON m.id = e.maintenance_org_id WHERE e.id = ${elevatorId}`.execute(db);
  const r = rows[0];
  if (!r) return ['电梯未登记'];
  return [...(r.status === 'IN_USE' ? [] : ['电梯不在用']), ...(r.rescue_code ? [] : ['无救援识别码']), ...(r.rescuer ? [] : ['无维保单位（一级救援）']), ...(r.hotline ? [] : ['无值守电话'])];
}

/** The housing department approves or sends the project back to design. */
export function review(ctx: AppContext, p: Principal, id: number, input: z.infer<typeof ReviewInput>) {
  return mutate(ctx, p, id, input.decision, async (trx, row, now) => {
    const to = transition(row, input.decision);
    if (input.decision === 'reject' && !input.note) throw fieldError('note', '退回时请说明原因');
    const set =
      input.decision === 'approve'
        ? { status: to, approval_no: input.approvalNo ?? null, approved_on: shanghaiDate(now) }
        : { status: to, notice_starts_on: null, notice_ends_on: null, notice_paused_since: null, notice_days: null };
    await trx.updateTable('addon_project').set(set).where('id', '=', id).execute();
    return { to, after: { approvalNo: input.approvalNo, note: input.note }, note: input.note ?? input.approvalNo ?? null };
  });
}

/** A public-notice objection: the notice holds (its end moves later by the days it was held) until every one is resolved. */
export function addObjection(ctx: AppContext, p: Principal, id: number, input: z.infer<typeof ObjectionInput>) {
  return mutate(ctx, p, id, 'objection.add', async (trx, row, now) => {
    if (row.status !== 'notice' || !row.notice_starts_on) throw new AppError('ADDON_ACTION_INVALID', { status: row.status }, { action: '登记异议（仅公示期间）' });
    const today = shanghaiDate(now);
    await trx.insertInto('addon_objection').values({ project_id: id, objector: input.objector, content: input.content, filed_on: today, created_by: p.userId }).execute();
    if (!row.notice_paused_since) await trx.updateTable('addon_project').set({ notice_paused_since: today }).where('id', '=', id).execute();
    return { after: input, note: `${input.objector}：${input.content}` };
  });
}

export function resolveObjection(ctx: AppContext, p: Principal, id: number, objectionId: number, resolution: string) {
  return mutate(ctx, p, id, 'objection.resolve', async (trx, row, now) => {
    const o = await trx.selectFrom('addon_objection').selectAll().where('id', '=', objectionId).where('project_id', '=', id).executeTakeFirst();
    if (!o) throw new AppError('NOT_FOUND');
    if (o.status !== 'open') throw new AppError('ADDON_ACTION_INVALID', { status: o.status }, { action: '处理异议（已处理）' });
    const today = shanghaiDate(now);
    await trx.updateTable('addon_objection').set({ status: 'resolved', resolution, resolved_on: today, resolved_by: p.userId }).where('id', '=', objectionId).execute();
    const open = await trx.selectFrom('addon_objection').select('id').where('project_id', '=', id).where('status', '=', 'open').executeTakeFirst();
    let endsOn = row.notice_ends_on;
    if (!open && row.notice_paused_since && row.notice_ends_on) {
      endsOn = addDays(row.notice_ends_on, daysBetween(row.notice_paused_since, today));
      await trx.updateTable('addon_project').set({ notice_paused_since: null, notice_ends_on: endsOn }).where('id', '=', id).execute();
    }
    return { after: { objectionId, resolution, noticeEndsOn: endsOn }, note: resolution };
  });
}

/** Subsidy: the implementing body applies (amount computed from storeys and non-signing households); finance decides and disburses. */
export function subsidy(ctx: AppContext, p: Principal, id: number, action: SubsidyAction, note?: string) {
  return mutate(ctx, p, id, `subsidy.${action}`, async (trx, row) => {
    const to = nextSubsidyStatus(row.status, row.subsidy_status, action);
    if (!to) throw new AppError('ADDON_ACTION_INVALID', { status: row.status, subsidyStatus: row.subsidy_status, action }, { action: `补助${SUBSIDY_ZH[action]}（当前：${STATUS_ZH[row.status]}，补助${SUBSIDY_STATUS_ZH[row.subsidy_status]}）` });
    if (action === 'reject' && !note) throw fieldError('note', '不予补助时请说明原因');
    if (action === 'apply') {
      const rules = await addonRules(trx, row.region_code);
      const nonSigning = (await repo.households(trx, id)).filter((h) => !h.signed).length;
      const calc = subsidyFor(row.storeys, nonSigning, rules);
      await trx.updateTable('addon_project').set({ subsidy_status: to, subsidy_amount: calc.amount, subsidy_basis: JSON.stringify(calc), subsidy_note: note ?? null }).where('id', '=', id).execute();
      return { after: { subsidyStatus: to, ...calc }, note: `申请补助 ${calc.amount} 元` };
    }
    await trx.updateTable('addon_project').set({ subsidy_status: to, subsidy_note: note ?? row.subsidy_note }).where('id', '=', id).execute();
    return { after: { subsidyStatus: to, note }, note: note ?? null };
  });
}

const SUBSIDY_ZH: Record<SubsidyAction, string> = { apply: '申请', approve: '批准', reject: '不予批准', disburse: '拨付' };
const SUBSIDY_STATUS_ZH = { none: '未申请', applied: '已申请', approved: '已批准', rejected: '未获批准', disbursed: '已拨付' } as const;
