import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import { principalOf } from '../../server/http/auth-hook.ts';
import { typed } from '../../server/http/types.ts';
import type { JobRunner } from '../jobs/job-runner.ts';
import { currentModel, recomputeStatus, saveModel, startRecompute } from './risk-model.service.ts';
import { ModelInput, ModelOut, OldListOut, OldListQuery, OldSummaryOut, RankingOut, RankingQuery, RecomputeOut, RecomputeStatus, RiskOut } from './risk.schema.ts';
import * as risk from './risk.service.ts';

const TAG = ['risk'];

/** Old-elevator lists and the explainable risk score: per elevator, ranking, the model's versions, recomputation. */
export function riskRoutes(app: FastifyInstance, ctx: AppContext, runner: JobRunner): void {
  const r = typed(app);
  r.get('/api/risk/elevators/:code', {
    config: { auth: 'risk.read' },
    schema: { tags: TAG, summary: 'An elevator’s risk score with each factor’s input and points (they sum to the score)', params: z.object({ code: z.string().trim().min(1).max(40) }), response: { 200: RiskOut } },
    handler: (req) => risk.elevatorRisk(ctx, principalOf(req), req.params.code),
  });
  r.get('/api/risk/old-elevators', {
    config: { auth: 'risk.read' },
    schema: { tags: TAG, summary: 'Old elevators of a tier: 15 (registered before 2009-01-01), 20 (before 2004-01-01), overspeed (made by 2004-12-31 without ascending-overspeed protection)', querystring: OldListQuery, response: { 200: OldListOut } },
    handler: (req) => risk.oldElevators(ctx, principalOf(req), req.query),
  });
  r.get('/api/risk/old-elevators/summary', {
    config: { auth: 'risk.read' },
    schema: { tags: TAG, summary: 'Counts of each tier by child region and place type', querystring: z.object({ regionCode: z.string().regex(/^\d{2,6}$/).optional() }), response: { 200: OldSummaryOut } },
    handler: (req) => risk.oldSummary(ctx, principalOf(req), req.query.regionCode),
  });
  r.get('/api/risk/ranking', {
    config: { auth: 'risk.read' },
    schema: { tags: TAG, summary: 'Scores highest first with the three factors that weigh most; counts by grade', querystring: RankingQuery, response: { 200: RankingOut } },
    handler: (req) => risk.ranking(ctx, principalOf(req), req.query),
  });
  r.get('/api/risk/model', {
    config: { auth: 'risk.read' },
    schema: { tags: TAG, summary: 'The current model: weights, scales, grade thresholds', response: { 200: ModelOut } },
    handler: () => currentModel(ctx),
  });
  r.post('/api/risk/model', {
    config: { auth: 'risk.settings' },
    schema: { tags: TAG, summary: 'A new model version (province level); scores move to it at the next recomputation', body: ModelInput, response: { 201: ModelOut } },
    handler: async (req, reply) => reply.code(201).send(await saveModel(ctx, principalOf(req), req.body)),
  });
  r.post('/api/risk/recompute', {
    config: { auth: 'risk.settings' },
    schema: { tags: TAG, summary: 'Recompute every score now (a job; one at a time)', response: { 202: RecomputeOut } },
    handler: async (req, reply) => reply.code(202).send(await startRecompute(ctx, principalOf(req), runner)),
  });
  r.get('/api/risk/recompute/:id', {
    config: { auth: 'risk.settings' },
    schema: { tags: TAG, params: z.object({ id: z.string().uuid() }), response: { 200: RecomputeStatus } },
    handler: (req) => recomputeStatus(ctx, req.params.id),
  });
}
