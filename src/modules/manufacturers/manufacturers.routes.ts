import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import { principalOf } from '../../server/http/auth-hook.ts';
import { IdParam, typed } from '../../server/http/types.ts';
import { acknowledge, getAdvice, listAdvice, outstanding, sendAdvice } from './advice.service.ts';
import { faultStats } from './fault-stats.service.ts';
import { AckInput, AdviceDetailOut, AdviceInput, AdviceOut, AdviceQuery, FaultStatsOut, FaultStatsQuery, ModelsOut, ModelsQuery, OutstandingOut, RiskItemInput, RiskItemOut, RiskItemQuery } from './manufacturers.schema.ts';
import { listModels, listRiskItems, saveRiskItem } from './risk-list.service.ts';

const TAG = ['manufacturers'];
const Page = z.object({ page: z.coerce.number().int().min(1).max(10_000).default(1), pageSize: z.coerce.number().int().min(1).max(200).default(20) });

/** Manufacturers: the 风险管控清单, their products' fault statistics, and advice to use units and maintenance companies. */
export function manufacturerRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = typed(app);
  r.get('/api/manufacturers/risk-items', {
    config: { auth: 'manufacturer.read' },
    schema: { tags: TAG, summary: 'Risk control list (a manufacturer: its own; regulators: any)', querystring: RiskItemQuery, response: { 200: z.object({ items: z.array(RiskItemOut) }) } },
    handler: async (req) => ({ items: await listRiskItems(ctx, principalOf(req), req.query) }),
  });
  r.post('/api/manufacturers/risk-items', {
    config: { auth: 'manufacturer.manage' },
    schema: { tags: TAG, body: RiskItemInput, response: { 201: RiskItemOut } },
    handler: async (req, reply) => reply.code(201).send(await saveRiskItem(ctx, principalOf(req), req.body)),
  });
  r.put('/api/manufacturers/risk-items/:id', {
    config: { auth: 'manufacturer.manage' },
    schema: { tags: TAG, params: IdParam, body: RiskItemInput, response: { 200: RiskItemOut } },
    handler: (req) => saveRiskItem(ctx, principalOf(req), req.body, req.params.id),
  });
  r.get('/api/manufacturers/models', {
    config: { auth: 'manufacturer.read' },
    schema: { tags: TAG, summary: 'The manufacturer’s models with their in-use elevators in scope', querystring: ModelsQuery, response: { 200: ModelsOut } },
    handler: (req) => listModels(ctx, principalOf(req), req.query.manufacturerOrgId),
  });
  r.get('/api/manufacturers/fault-stats', {
    config: { auth: 'manufacturer.read' },
    schema: { tags: TAG, summary: 'Faults per 100 elevators per month by model and fault code, from IoT fault data', querystring: FaultStatsQuery, response: { 200: FaultStatsOut } },
    handler: (req) => faultStats(ctx, principalOf(req), req.query),
  });
  r.get('/api/manufacturers/advice', {
    config: { auth: 'advice.read' },
    schema: { tags: TAG, summary: 'Advice sent by one’s organisation, sent to it, or reaching elevators in the region', querystring: AdviceQuery, response: { 200: z.object({ items: z.array(AdviceOut), total: z.number() }) } },
    handler: (req) => listAdvice(ctx, principalOf(req), req.query),
  });
  r.post('/api/manufacturers/advice', {
    config: { auth: 'manufacturer.manage' },
    schema: { tags: TAG, summary: 'Send 维保建议 / 安全提示 to the use units and maintenance companies of selected elevators', body: AdviceInput, response: { 201: AdviceDetailOut } },
    handler: async (req, reply) => reply.code(201).send(await sendAdvice(ctx, principalOf(req), req.body)),
  });
  r.get('/api/manufacturers/advice-outstanding', {
    config: { auth: 'advice.read' },
    schema: { tags: TAG, summary: 'Recipients that have not acknowledged, oldest first', querystring: Page, response: { 200: OutstandingOut } },
    handler: (req) => outstanding(ctx, principalOf(req), req.query),
  });
  r.get('/api/manufacturers/advice/:id', {
    config: { auth: 'advice.read' },
    schema: { tags: TAG, params: IdParam, response: { 200: AdviceDetailOut } },
    handler: (req) => getAdvice(ctx, principalOf(req), req.params.id),
  });
  r.post('/api/manufacturers/advice/:id/ack', {
    config: { auth: 'advice.ack' },
    schema: { tags: TAG, summary: 'Acknowledge advice sent to one’s organisation', params: IdParam, body: AckInput, response: { 200: AdviceDetailOut } },
    handler: (req) => acknowledge(ctx, principalOf(req), req.params.id, req.body),
  });
}
