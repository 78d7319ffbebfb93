import crypto from 'node:crypto';
import type { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import { AppError } from '../../server/http/errors.ts';
import * as audit from '../audit/audit.service.ts';
import type { Principal } from '../auth/principal.ts';
import * as jobs from '../jobs/jobs.repo.ts';
import type { JobRunner } from '../jobs/job-runner.ts';
import { activeModel, recomputeAll } from './risk-compute.ts';
import { modelProblems, type RiskModelParams } from './risk.domain.ts';
import type { ModelInput, ModelOut, RecomputeStatus } from './risk.schema.ts';

/**
 * The risk model's versions and the province-wide recomputation. A model is changed by writing a new version
 * (the old ones stay, so every stored score can still be explained); only the province level may do it, since
 * scores are compared across cities.
 */
export async function currentModel(ctx: AppContext): Promise<z.infer<typeof ModelOut>> {
  const m = await activeModel(ctx.store.db);
  const row = await ctx.store.db.selectFrom('risk_model').select(['note', 'created_at']).where('version', '=', m.version).executeTakeFirstOrThrow();
  return { version: m.version, params: m.params, note: row.note, createdAt: row.created_at.toISOString() };
}

function provinceLevel(ctx: AppContext, p: Principal): boolean {
  return (p.orgType === 'platform' && p.roles.includes('admin')) || (p.orgType === 'regulator' && ctx.regions.prefix(p.regionCode).length <= 2);
}

export async function saveModel(ctx: AppContext, p: Principal, input: z.infer<typeof ModelInput>): Promise<z.infer<typeof ModelOut>> {
  if (!provinceLevel(ctx, p)) throw new AppError('FORBIDDEN', { reason: 'the risk model is set by the province' });
  const problems = modelProblems(input.params as RiskModelParams);
  if (problems.length) throw new AppError('VALIDATION_FAILED', { fields: problems.map((x) => ({ field: `params.${x.field}`, message: x.message })) });
  const { db } = ctx.store;
  const now = ctx.clock.now();
  await activeModel(db);
  await db.transaction().execute(async (trx) => {
    const last = await trx.selectFrom('risk_model').select((eb) => eb.fn.max('version').as('v')).executeTakeFirstOrThrow();
    const version = Number(last.v ?? 0) + 1;
    await trx.insertInto('risk_model').values({ version, params: JSON.stringify(input.params), note: input.note, created_by: p.userId, created_at: now }).execute();
    await audit.record(trx, audit.actorOf(p), now, [{ action: 'risk.model.create', entityType: 'risk_model', entityId: String(version), after: { note: input.note, params: input.params } }]);
  });
  return currentModel(ctx);
}

/** Starts a full recomputation as a job (progress readable while it runs); one at a time. */
export async function startRecompute(ctx: AppContext, p: Principal, runner: JobRunner): Promise<{ jobId: string }> {
  if (!provinceLevel(ctx, p)) throw new AppError('FORBIDDEN', { reason: 'the province recomputes all scores' });
  const { db } = ctx.store;
  const running = await db.selectFrom('job').select('id').where('kind', '=', 'risk-recompute').where('status', 'in', ['queued', 'running']).executeTakeFirst();
  if (running) return { jobId: running.id };
  const id = crypto.randomUUID();
  const now = ctx.clock.now();
  await jobs.insert(db, { id, kind: 'risk-recompute', created_by: p.userId, org_id: p.orgId, file_name: null, created_at: now });
  await audit.record(db, audit.actorOf(p), now, [{ action: 'risk.recompute', entityType: 'job', entityId: id }]);
  runner.start(id, async () => {
    await jobs.update(db, id, { status: 'running', started_at: ctx.clock.now(), heartbeat_at: ctx.clock.now() });
    try {
      const r = await recomputeAll(db, ctx.clock.now(), {
        onProgress: (pr) => jobs.update(db, id, { total: pr.total, processed: pr.done, updated: pr.written, heartbeat_at: ctx.clock.now() }).then(() => undefined),
      });
      await jobs.update(db, id, { status: 'done', total: r.total, processed: r.total, updated: r.written, finished_at: ctx.clock.now() });
    } catch (err) {
      await jobs.update(db, id, { status: 'failed', error: err instanceof Error ? err.message : String(err), finished_at: ctx.clock.now() });
      throw err;
    }
  });
  return { jobId: id };
}

export async function recomputeStatus(ctx: AppContext, id: string): Promise<z.infer<typeof RecomputeStatus>> {
  const j = await jobs.getById(ctx.store.db, id);
  if (!j || j.kind !== 'risk-recompute') throw new AppError('NOT_FOUND');
  return { jobId: j.id, status: j.status, done: j.processed, total: j.total, written: j.updated, error: j.error };
}
