import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import { principalOf } from '../../server/http/auth-hook.ts';
import { typed } from '../../server/http/types.ts';
import * as plan from './renovation-plan.service.ts';
import { progress, ProgressOut } from './renovation-progress.service.ts';
import { act } from './renovation-workflow.service.ts';
import { ActionInput, FundingInput, HazardLinkInput, ProjectInput, ProjectListOut, ProjectListQuery, ProjectOut, ProjectPatch, VoteInput } from './renovation.schema.ts';
import * as projects from './renovation.service.ts';
import { whatIf, WhatIfInput, WhatIfOut } from './what-if.service.ts';

const TAG = ['renovation'];
const IdParam = z.object({ id: z.coerce.number().int().positive() });
const Detail = { 200: ProjectOut };

/** Renovation projects (大修 / 改造 / 更新 / 加装上行超速保护): projects and their steps, progress by region, the what-if. */
export function renovationRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = typed(app);
  r.get('/api/renovation/projects', {
    config: { auth: 'renovation.read' },
    schema: { tags: TAG, summary: 'Projects in scope (by region, kind, state, subsidy state; a registration code or title words)', querystring: ProjectListQuery, response: { 200: ProjectListOut } },
    handler: (req) => projects.list(ctx, principalOf(req), req.query),
  });
  r.post('/api/renovation/projects', {
    config: { auth: 'renovation.manage' },
    schema: { tags: TAG, summary: 'A use unit, street office or regulator creates a project for elevators of one use unit or one residential compound', body: ProjectInput, response: { 201: ProjectOut } },
    handler: async (req, reply) => reply.code(201).send(await projects.create(ctx, principalOf(req), req.body)),
  });
  r.get('/api/renovation/projects/:id', {
    config: { auth: 'renovation.read' },
    schema: { tags: TAG, summary: 'A project with its elevators, vote, funding, subsidy, steps and the actions open to the caller', params: IdParam, response: Detail },
    handler: (req) => projects.get(ctx, principalOf(req), req.params.id),
  });
  r.patch('/api/renovation/projects/:id', {
    config: { auth: 'renovation.manage' },
    schema: { tags: TAG, summary: 'Title, plan and budget (the budget until the funding plan is confirmed)', params: IdParam, body: ProjectPatch, response: Detail },
    handler: (req) => plan.patch(ctx, principalOf(req), req.params.id, req.body),
  });
  r.put('/api/renovation/projects/:id/vote', {
    config: { auth: 'renovation.manage' },
    schema: { tags: TAG, summary: 'The owners’ vote tallies by area and headcount, checked against the region’s rule (default: Civil Code art. 278)', params: IdParam, body: VoteInput, response: Detail },
    handler: (req) => plan.recordVote(ctx, principalOf(req), req.params.id, req.body),
  });
  r.put('/api/renovation/projects/:id/funding', {
    config: { auth: 'renovation.manage' },
    schema: { tags: TAG, summary: 'Funding sources and amounts; they must sum to the budget', params: IdParam, body: FundingInput, response: Detail },
    handler: (req) => plan.setFunding(ctx, principalOf(req), req.params.id, req.body),
  });
  r.put('/api/renovation/projects/:id/hazards', {
    config: { auth: 'renovation.manage' },
    schema: { tags: TAG, summary: 'The hazards of its elevators the project puts right (fixed at acceptance)', params: IdParam, body: HazardLinkInput, response: Detail },
    handler: (req) => plan.setHazards(ctx, principalOf(req), req.params.id, req.body.hazardIds),
  });
  r.post('/api/renovation/projects/:id/actions', {
    config: { auth: 'renovation.read' },
    schema: {
      tags: TAG,
      summary: 'A step: decide, confirm_funding, apply_subsidy, approve_subsidy, reject_subsidy, disburse, start, accept, register, close, cancel (who may: renovation.domain.ts)',
      params: IdParam,
      body: ActionInput,
      response: Detail,
    },
    handler: (req) => act(ctx, principalOf(req), req.params.id, req.body),
  });
  r.get('/api/renovation/progress', {
    config: { auth: 'renovation.read' },
    schema: { tags: TAG, summary: 'Projects, elevators and money by city or county, kind and state; subsidy requested, approved, disbursed', querystring: z.object({ regionCode: z.string().regex(/^\d{2,6}$/).optional() }), response: { 200: ProgressOut } },
    handler: (req) => progress(ctx, principalOf(req), req.query.regionCode),
  });
  r.get('/api/renovation/vote-rule', {
    config: { auth: 'renovation.read' },
    schema: { tags: TAG, summary: 'The owners’ vote rule in force for a region', querystring: z.object({ regionCode: z.string().regex(/^\d{6}$/) }) },
    handler: (req) => projects.voteRule(ctx, req.query.regionCode),
  });
  r.post('/api/renovation/what-if', {
    config: { auth: 'renovation.read' },
    schema: { tags: TAG, summary: 'Given a subsidy budget, the elevators to fund first by risk per yuan (greedy), with the reason per elevator and what the next yuan would buy', body: WhatIfInput, response: { 200: WhatIfOut } },
    handler: (req) => whatIf(ctx, principalOf(req), req.body),
  });
}
