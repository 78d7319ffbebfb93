import type { AppContext } from '../../server/context.ts';
import { shanghaiDate } from '../../server/clock.ts';
import { AppError } from '../../server/http/errors.ts';
import * as audit from '../audit/audit.service.ts';
import type { Principal } from '../auth/principal.ts';
import { checkFunding, fen, SOURCE_ZH, subsidyLine, type Status } from './renovation.domain.ts';
import * as repo from './renovation.repo.ts';
import type { FundingInput, ProjectOut, ProjectPatch, VoteInput } from './renovation.schema.ts';
import { get, linkHazards, load, partiesOf, voteRule } from './renovation.service.ts';
import { evaluateVote, tallyProblems } from './vote.ts';

/** The plan of a project before construction: its text and budget, the owners' vote, the funding plan, its hazards. */

async function managed(ctx: AppContext, p: Principal, id: number, allowed: readonly Status[], what: string) {
  const project = await load(ctx.store.db, ctx, p, id);
  if (!partiesOf(ctx, p, project).includes('manager')) throw new AppError('FORBIDDEN', { reason: 'not the manager of this project' });
  if (!allowed.includes(project.status)) throw new AppError('RENOVATION_ACTION_INVALID', { status: project.status, action: what }, { status: project.status });
  return project;
}

async function write(ctx: AppContext, p: Principal, project: repo.ProjectRow, action: string, note: string | null, set: Record<string, unknown>, before: unknown, after: unknown, extra?: (trx: Parameters<typeof repo.insertEvent>[0]) => Promise<void>) {
  const now = ctx.clock.now();
  await ctx.store.db.transaction().execute(async (trx) => {
    await repo.writeProject(trx, project.id, project.version, now, set);
    if (extra) await extra(trx);
    await repo.insertEvent(trx, { projectId: project.id, action, note, actorName: p.displayName || p.username, orgName: p.orgName, at: now });
    await audit.record(trx, audit.actorOf(p), now, [{ action: `renovation.${action}`, entityType: 'renovation_project', entityId: String(project.id), regionCode: project.region_code, before, after }]);
  });
}

export async function patch(ctx: AppContext, p: Principal, id: number, input: ProjectPatch): Promise<ProjectOut> {
  const project = await managed(ctx, p, id, ['draft', 'decided', 'funded'], 'edit');
  if (input.budget !== undefined && project.status === 'funded' && fen(input.budget) !== fen(Number(project.budget)))
    throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'budget', message: '资金方案确认后不能修改预算' }] });
  const set = { ...(input.title ? { title: input.title } : {}), ...(input.plan ? { plan: input.plan } : {}), ...(input.budget !== undefined ? { budget: input.budget } : {}) };
  await write(ctx, p, project, 'edit', null, set, { title: project.title, plan: project.plan, budget: Number(project.budget) }, input);
  return get(ctx, p, id);
}

/** Records the owners' vote and its evaluation against the region's rule (draft only: the vote precedes the decision). */
export async function recordVote(ctx: AppContext, p: Principal, id: number, input: VoteInput): Promise<ProjectOut> {
  const project = await managed(ctx, p, id, ['draft'], 'vote');
  const problems = tallyProblems(input);
  if (input.heldOn > shanghaiDate(ctx.clock.now())) problems.push({ field: 'heldOn', message: '表决日期不能晚于今天' });
  if (problems.length) throw new AppError('VALIDATION_FAILED', { fields: problems });
  const rule = await voteRule(ctx, project.region_code);
  const vote = { ...input, rule, result: evaluateVote(input, rule) };
  const note = vote.result.passed ? '表决通过' : '表决未通过';
  await write(ctx, p, project, 'vote', note, { vote: JSON.stringify(vote) }, project.vote, vote);
  return get(ctx, p, id);
}

/**
 * The funding plan: each source once, summing to the budget. Before construction only; while a subsidy application is
 * pending its line stays as applied for, and once approved it may not exceed the approved amount.
 */
export async function setFunding(ctx: AppContext, p: Principal, id: number, input: FundingInput): Promise<ProjectOut> {
  const project = await managed(ctx, p, id, ['draft', 'decided', 'funded'], 'funding');
  const check = checkFunding(Number(project.budget), input.lines);
  const problems = [...check.problems];
  const line = subsidyLine(input.lines);
  const idx = Math.max(0, input.lines.findIndex((l) => l.source === 'subsidy'));
  if (project.subsidy_status === 'applied' && fen(line) !== fen(Number(project.subsidy_requested ?? 0)))
    problems.push({ field: `lines.${idx}.amount`, message: `补贴申请审批中，财政补贴应保持申请金额 ${project.subsidy_requested} 元` });
  if ((project.subsidy_status === 'approved' || project.subsidy_status === 'disbursed') && fen(line) > fen(Number(project.subsidy_approved ?? 0)))
    problems.push({ field: `lines.${idx}.amount`, message: `财政补贴不能超过核定金额 ${project.subsidy_approved} 元` });
  if (problems.length) throw new AppError('VALIDATION_FAILED', { fields: problems });
  const before = await repo.fundingOf(ctx.store.db, id);
  await write(ctx, p, project, 'funding', input.lines.map((l) => `${SOURCE_ZH[l.source]} ${l.amount} 元`).join('，'), {}, before, input.lines, async (trx) => {
    await trx.deleteFrom('renovation_funding').where('project_id', '=', id).execute();
    await trx.insertInto('renovation_funding').values(input.lines.map((l) => ({ project_id: id, source: l.source, amount: l.amount, note: l.note ?? null }))).execute();
  });
  return get(ctx, p, id);
}

/** The hazards the project puts right (open hazards of its elevators); construction may still add them. */
export async function setHazards(ctx: AppContext, p: Principal, id: number, hazardIds: number[]): Promise<ProjectOut> {
  const project = await managed(ctx, p, id, ['draft', 'decided', 'funded', 'in_construction'], 'hazards');
  const elevators = await repo.elevatorsOf(ctx.store.db, id);
  const before = (await repo.hazardsOf(ctx.store.db, id)).map((h) => h.id);
  await write(ctx, p, project, 'hazards', hazardIds.join('，') || null, {}, { hazardIds: before }, { hazardIds }, (trx) =>
    linkHazards(trx, id, elevators.map((e) => e.elevator_id), hazardIds),
  );
  return get(ctx, p, id);
}
