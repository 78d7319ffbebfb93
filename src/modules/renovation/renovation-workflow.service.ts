import type { Kysely } from 'kysely';
import type { AppContext } from '../../server/context.ts';
import { shanghaiDate } from '../../server/clock.ts';
import type { DB } from '../../server/db/schema.ts';
import { AppError } from '../../server/http/errors.ts';
import * as audit from '../audit/audit.service.ts';
import type { Principal } from '../auth/principal.ts';
import { checkApproval, checkDisbursement, checkFunding, fen, startProblems, subsidyLine, transition, type Status, type SubsidyStatus } from './renovation.domain.ts';
import { acceptanceChanges, applyRegistryChanges, moveHazards } from './renovation-acceptance.ts';
import * as repo from './renovation.repo.ts';
import type { ActionInput, ProjectOut } from './renovation.schema.ts';
import { get, load, partiesOf } from './renovation.service.ts';

/**
 * One step of a project (renovation.domain.ts `transition`), by a party of the project, with the step's own checks;
 * the project row (optimistic on its version), the step's records, the timeline entry and the audit entry are one
 * transaction.
 */
export async function act(ctx: AppContext, p: Principal, id: number, input: ActionInput): Promise<ProjectOut> {
  const { db } = ctx.store;
  const project = await load(db, ctx, p, id);
  const t = transition({ kind: project.kind, status: project.status, subsidy: project.subsidy_status }, input.action, partiesOf(ctx, p, project));
  if (!t.ok) {
    if (t.reason === 'party') throw new AppError('FORBIDDEN', { reason: 'not a party to this step' });
    throw new AppError('RENOVATION_ACTION_INVALID', { status: project.status, subsidyStatus: project.subsidy_status, action: input.action, reason: t.reason }, { status: project.status });
  }
  const now = ctx.clock.now();
  const today = shanghaiDate(now);
  const set: Record<string, unknown> = { status: t.status, subsidy_status: t.subsidy };
  let note: string | null = 'note' in input ? (input.note ?? null) : null;
  let extra: (trx: Kysely<DB>) => Promise<void> = async () => {};
  const notFuture = (field: string, day: string) => {
    if (day > today) throw new AppError('VALIDATION_FAILED', { fields: [{ field, message: '日期不能晚于今天' }] });
  };

  switch (input.action) {
    case 'decide':
      if (project.vote_required && !(project.vote as { result?: { passed?: boolean } } | null)?.result?.passed) throw new AppError('RENOVATION_VOTE_NOT_PASSED');
      break;
    case 'confirm_funding': {
      const check = checkFunding(Number(project.budget), await repo.fundingOf(db, id));
      if (!check.balanced) throw new AppError('RENOVATION_FUNDING_NOT_READY', { fields: check.problems }, { detail: check.problems[0]?.message ?? '' });
      break;
    }
    case 'apply_subsidy': {
      const line = subsidyLine(await repo.fundingOf(db, id));
      if (fen(line) <= 0) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'funding.subsidy', message: '资金方案中没有财政补贴，无需申请' }] });
      Object.assign(set, { subsidy_requested: line, subsidy_approved: null });
      note = `申请财政补贴 ${line} 元${note ? `：${note}` : ''}`;
      extra = async (trx) => {
        await trx.insertInto('renovation_subsidy').values({ project_id: id, requested: line, status: 'applied', note: input.note ?? null, applied_by: p.userId, applied_at: now }).execute();
      };
      break;
    }
    case 'approve_subsidy':
    case 'reject_subsidy': {
      const application = await db.selectFrom('renovation_subsidy').select(['id', 'requested']).where('project_id', '=', id).where('status', '=', 'applied').orderBy('id', 'desc').executeTakeFirstOrThrow();
      const approve = input.action === 'approve_subsidy';
      if (approve) {
        const problems = checkApproval(Number(application.requested), input.amount);
        if (problems.length) throw new AppError('VALIDATION_FAILED', { fields: problems });
      }
      set.subsidy_approved = approve ? input.amount : null;
      note = approve ? `核定补贴 ${input.amount} 元${input.note ? `：${input.note}` : ''}` : `不予补贴：${input.reason}`;
      extra = async (trx) => {
        await trx
          .updateTable('renovation_subsidy')
          .set({ status: approve ? 'approved' : 'rejected', approved: approve ? input.amount : null, reason: approve ? null : input.reason, decided_by: p.userId, decided_org_id: p.orgId, decided_at: now })
          .where('id', '=', application.id)
          .execute();
      };
      break;
    }
    case 'disburse': {
      notFuture('paidOn', input.paidOn);
      const c = checkDisbursement(Number(project.subsidy_approved ?? 0), Number(project.subsidy_disbursed), input.amount);
      if (c.problems.length) throw new AppError('VALIDATION_FAILED', { fields: c.problems });
      const application = await db.selectFrom('renovation_subsidy').select('id').where('project_id', '=', id).where('status', '=', 'approved').orderBy('id', 'desc').executeTakeFirstOrThrow();
      set.subsidy_disbursed = (fen(Number(project.subsidy_disbursed)) + fen(input.amount)) / 100;
      set.subsidy_status = c.complete ? 'disbursed' : 'approved';
      note = `拨付 ${input.amount} 元（凭证 ${input.voucherNo}），尚余 ${c.remaining} 元`;
      extra = async (trx) => {
        await trx.insertInto('renovation_disbursement').values({ project_id: id, subsidy_id: application.id, amount: input.amount, paid_on: input.paidOn, voucher_no: input.voucherNo, created_by: p.userId, created_at: now }).execute();
      };
      break;
    }
    case 'start': {
      notFuture('startedOn', input.startedOn);
      const problems = startProblems(Number(project.budget), await repo.fundingOf(db, id), { status: project.subsidy_status, approved: project.subsidy_approved === null ? null : Number(project.subsidy_approved) });
      if (problems.length) throw new AppError('RENOVATION_FUNDING_NOT_READY', { fields: problems }, { detail: problems[0]!.message });
      const installer = input.installerCreditCode ? await db.selectFrom('organization').select('id').where('credit_code', '=', input.installerCreditCode).executeTakeFirst() : undefined;
      Object.assign(set, { construction_started_on: input.startedOn, installer_name: input.installerName, installer_credit_code: input.installerCreditCode ?? null, installer_org_id: installer?.id ?? null });
      note = `${input.startedOn} 开工，施工单位 ${input.installerName}`;
      extra = async (trx) => {
        await moveHazards(trx, p, now, project, ['open', 'planned', 'agreed'], 'in_progress', 'start', true);
      };
      break;
    }
    case 'accept': {
      const changes = await acceptanceChanges(db, project, input, today);
      set.accepted_on = input.acceptedOn;
      note = `${input.acceptedOn} 验收合格${input.note ? `：${input.note}` : ''}`;
      extra = async (trx) => {
        for (const [elevatorId, change] of changes)
          await trx.updateTable('renovation_project_elevator').set({ registry_change: JSON.stringify(change) }).where('project_id', '=', id).where('elevator_id', '=', elevatorId).execute();
        await moveHazards(trx, p, now, project, ['open', 'planned', 'agreed', 'in_progress'], 'fixed', 'fix', false);
      };
      break;
    }
    case 'register': {
      const done = await applyRegistryChanges(ctx, p, id);
      note = `变更登记 ${done.length} 台${input.note ? `：${input.note}` : ''}`;
      break;
    }
    case 'close':
      break;
    case 'cancel':
      if (fen(Number(project.subsidy_disbursed)) > 0) throw new AppError('RENOVATION_ACTION_INVALID', { status: project.status, action: 'cancel', reason: 'disbursed' }, { status: project.status });
      note = input.reason;
      extra = async (trx) => {
        await trx.updateTable('hazard').set({ project_id: null }).where('project_id', '=', id).where('status', 'not in', ['fixed', 'verified', 'closed']).execute();
      };
      break;
  }

  await db.transaction().execute(async (trx) => {
    await repo.writeProject(trx, id, project.version, now, set);
    await extra(trx);
    await repo.insertEvent(trx, { projectId: id, action: input.action, from: project.status, to: set.status as Status, note, actorName: p.displayName || p.username, orgName: p.orgName, at: now });
    await audit.record(trx, audit.actorOf(p), now, [
      {
        action: `renovation.${input.action}`,
        entityType: 'renovation_project',
        entityId: String(id),
        regionCode: project.region_code,
        before: { status: project.status, subsidyStatus: project.subsidy_status },
        after: { status: set.status, subsidyStatus: set.subsidy_status as SubsidyStatus, input },
      },
    ]);
  });
  return get(ctx, p, id);
}
