import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import { principalOf } from '../../server/http/auth-hook.ts';
import { IdParam, typed } from '../../server/http/types.ts';
import { actOn, createAction, getAction, listActions } from './actions.service.ts';
import { campaignElevators, closeCampaign, createCampaign, getCampaign, listCampaigns, preview, recordResult } from './campaigns.service.ts';
import { createCheck, getCheck, listChecks } from './checks.service.ts';
import {
  ActionInput,
  ActionListOut,
  ActionListQuery,
  ActionOut,
  ActionStepInput,
  CampaignCriteria,
  CampaignElevatorListOut,
  CampaignElevatorQuery,
  CampaignInput,
  CampaignOut,
  CheckInput,
  CheckListOut,
  CheckListQuery,
  CheckOut,
  InspectorOut,
  PreviewOut,
  ResultInput,
} from './enforcement.schema.ts';
import { listInspectors } from './enforcement.scope.ts';

const TAG = ['enforcement'];

/** Enforcement (执法监督): supervision checks, actions with deadlines and closure, hazard investigation campaigns. */
export function enforcementRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = typed(app);
  r.get('/api/enforcement/inspectors', {
    config: { auth: 'enforcement.read' },
    schema: { tags: TAG, summary: 'Users of regulators in the caller’s region (inspectors for checks and campaigns)', response: { 200: InspectorOut } },
    handler: (req) => listInspectors(ctx, principalOf(req)),
  });
  r.get('/api/enforcement/checks', {
    config: { auth: 'enforcement.read' },
    schema: { tags: TAG, summary: 'Supervision checks (监督检查) in the region, newest first', querystring: CheckListQuery, response: { 200: CheckListOut } },
    handler: (req) => listChecks(ctx, principalOf(req), req.query),
  });
  r.get('/api/enforcement/checks/:id', {
    config: { auth: 'enforcement.read' },
    schema: { tags: TAG, params: IdParam, response: { 200: CheckOut } },
    handler: (req) => getCheck(ctx, principalOf(req), req.params.id),
  });
  r.post('/api/enforcement/checks', {
    config: { auth: 'enforcement.manage' },
    schema: { tags: TAG, summary: 'Record a check with findings; a finding may raise a hazard (source supervision)', body: CheckInput, response: { 201: CheckOut } },
    handler: async (req, reply) => reply.code(201).send(await createCheck(ctx, principalOf(req), req.body)),
  });
  r.get('/api/enforcement/actions', {
    config: { auth: 'enforcement.read' },
    schema: { tags: TAG, summary: 'Enforcement actions in the region: open first, by deadline; overdue=true: open past the deadline', querystring: ActionListQuery, response: { 200: ActionListOut } },
    handler: (req) => listActions(ctx, principalOf(req), req.query),
  });
  r.get('/api/enforcement/actions/:id', {
    config: { auth: 'enforcement.read' },
    schema: { tags: TAG, params: IdParam, response: { 200: ActionOut } },
    handler: (req) => getAction(ctx, principalOf(req), req.params.id),
  });
  r.post('/api/enforcement/actions', {
    config: { auth: 'enforcement.manage' },
    schema: { tags: TAG, summary: '警示通报 / 约谈 / 曝光 / 挂牌督办 / 行政处罚 against an organisation; writes its credit event', body: ActionInput, response: { 201: ActionOut } },
    handler: async (req, reply) => reply.code(201).send(await createAction(ctx, principalOf(req), req.body)),
  });
  r.post('/api/enforcement/actions/:id/steps', {
    config: { auth: 'enforcement.manage' },
    schema: { tags: TAG, summary: 'follow_up, close (listed supervision and penalties after a follow-up), revoke (revokes the credit event), publish', params: IdParam, body: ActionStepInput, response: { 200: ActionOut } },
    handler: (req) => actOn(ctx, principalOf(req), req.params.id, req.body),
  });
  r.post('/api/enforcement/campaigns/preview', {
    config: { auth: 'enforcement.read' },
    schema: { tags: TAG, summary: 'How many elevators the criteria select in the region, by county, with a sample', body: CampaignCriteria, response: { 200: PreviewOut } },
    handler: (req) => preview(ctx, principalOf(req), req.body),
  });
  r.get('/api/enforcement/campaigns', {
    config: { auth: 'enforcement.read' },
    schema: { tags: TAG, summary: 'Hazard investigation campaigns (隐患排查专项行动) in the region with progress', response: { 200: z.object({ items: z.array(CampaignOut) }) } },
    handler: (req) => listCampaigns(ctx, principalOf(req)),
  });
  r.post('/api/enforcement/campaigns', {
    config: { auth: 'enforcement.manage' },
    schema: { tags: TAG, summary: 'Create a campaign from criteria and assign its elevators to inspectors (round-robin or by county)', body: CampaignInput, response: { 201: CampaignOut } },
    handler: async (req, reply) => reply.code(201).send(await createCampaign(ctx, principalOf(req), req.body)),
  });
  r.get('/api/enforcement/campaigns/:id', {
    config: { auth: 'enforcement.read' },
    schema: { tags: TAG, summary: 'A campaign with progress by region and by inspector', params: IdParam, response: { 200: CampaignOut } },
    handler: (req) => getCampaign(ctx, principalOf(req), req.params.id),
  });
  r.get('/api/enforcement/campaigns/:id/elevators', {
    config: { auth: 'enforcement.read' },
    schema: { tags: TAG, summary: 'A campaign’s elevators (mine=true: assigned to the caller), pending first', params: IdParam, querystring: CampaignElevatorQuery, response: { 200: CampaignElevatorListOut } },
    handler: (req) => campaignElevators(ctx, principalOf(req), req.params.id, req.query),
  });
  r.post('/api/enforcement/campaigns/:id/elevators/:code/result', {
    config: { auth: 'enforcement.manage' },
    schema: {
      tags: TAG,
      summary: 'Record one elevator’s result: ok, or hazard (raises a hazard with source supervision)',
      params: IdParam.extend({ code: z.string().regex(/^\d{20}$/) }),
      body: ResultInput,
      response: { 200: CampaignOut },
    },
    handler: (req) => recordResult(ctx, principalOf(req), req.params.id, req.params.code, req.body),
  });
  r.post('/api/enforcement/campaigns/:id/close', {
    config: { auth: 'enforcement.manage' },
    schema: { tags: TAG, summary: 'The organising regulator ends the campaign', params: IdParam, response: { 200: CampaignOut } },
    handler: (req) => closeCampaign(ctx, principalOf(req), req.params.id),
  });
}
