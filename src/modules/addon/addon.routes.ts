import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import { principalOf } from '../../server/http/auth-hook.ts';
import { AppError } from '../../server/http/errors.ts';
import { IdParam, typed } from '../../server/http/types.ts';
import * as service from './addon.service.ts';
import * as workflow from './addon-workflow.service.ts';
import { register } from './addon-registration.service.ts';
import { progress } from './addon-progress.service.ts';
import { addonRules } from './addon.rules.ts';
import {
  HouseholdsInput,
  ObjectionInput,
  ProgressOut,
  ProjectInput,
  ProjectItem,
  ProjectOut,
  ProjectQuery,
  RegistrationInput,
  ResolveInput,
  ReviewInput,
  RulesOut,
  StepInput,
  SubsidyDecision,
  VoteInput,
} from './addon.schema.ts';

const TAG = ['addon'];
const Household = IdParam.extend({ householdId: z.coerce.number().int().positive() });
const Objection = IdParam.extend({ objectionId: z.coerce.number().int().positive() });
const Detail = { 200: ProjectOut };

/** 既有住宅加装电梯: projects, households and consent, the workflow, subsidy, progress. */
export function addonRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = typed(app);
  r.get('/api/addon/rules', {
    config: { auth: 'addon.read' },
    schema: { tags: TAG, summary: 'The rules in force for a region: consent thresholds, notice days, subsidy brackets', querystring: z.object({ regionCode: z.string().regex(/^\d{6}$/) }), response: { 200: RulesOut } },
    handler: (req) => {
      if (!ctx.regions.get(req.query.regionCode)) throw new AppError('REGION_NOT_FOUND', { fields: [{ field: 'regionCode', message: '未知的行政区划代码' }] });
      return addonRules(ctx.store.db, req.query.regionCode);
    },
  });
  r.get('/api/addon/projects', {
    config: { auth: 'addon.read' },
    schema: { tags: TAG, summary: 'Projects in scope (a use unit: those it implements); overdue=true: accepted, not registered in time', querystring: ProjectQuery, response: { 200: z.object({ items: z.array(ProjectItem), total: z.number() }) } },
    handler: (req) => service.list(ctx, principalOf(req), req.query),
  });
  r.post('/api/addon/projects', {
    config: { auth: 'addon.manage' },
    schema: { tags: TAG, summary: 'A project for one building unit', body: ProjectInput, response: { 201: ProjectOut } },
    handler: async (req, reply) => reply.code(201).send(await service.create(ctx, principalOf(req), req.body)),
  });
  r.get('/api/addon/projects/:id', {
    config: { auth: 'addon.read' },
    schema: { tags: TAG, summary: 'A project with households, consent tally against the thresholds, subsidy, objections, timeline and the allowed actions', params: IdParam, response: Detail },
    handler: (req) => service.get(ctx, principalOf(req), req.params.id),
  });
  r.post('/api/addon/projects/:id/households', {
    config: { auth: 'addon.manage' },
    schema: { tags: TAG, summary: 'Add households (while owners are consulted)', params: IdParam, body: HouseholdsInput, response: Detail },
    handler: (req) => service.addHouseholds(ctx, principalOf(req), req.params.id, req.body.households),
  });
  r.put('/api/addon/projects/:id/households/:householdId/vote', {
    config: { auth: 'addon.manage' },
    schema: { tags: TAG, summary: 'Record a household’s vote (null: did not take part)', params: Household, body: VoteInput, response: Detail },
    handler: (req) => service.setVote(ctx, principalOf(req), req.params.id, req.params.householdId, req.body.vote),
  });
  r.delete('/api/addon/projects/:id/households/:householdId', {
    config: { auth: 'addon.manage' },
    schema: { tags: TAG, params: Household, response: Detail },
    handler: (req) => service.removeHousehold(ctx, principalOf(req), req.params.id, req.params.householdId),
  });
  r.post('/api/addon/projects/:id/steps', {
    config: { auth: 'addon.manage' },
    schema: { tags: TAG, summary: 'The implementing body’s steps: consent, agreement, design, notice, submit, construction, acceptance, contract, 96333, cancel', params: IdParam, body: StepInput, response: Detail },
    handler: (req) => workflow.step(ctx, principalOf(req), req.params.id, req.body),
  });
  r.post('/api/addon/projects/:id/objections', {
    config: { auth: 'addon.manage' },
    schema: { tags: TAG, summary: 'Record an objection to the public notice (the notice holds until it is resolved)', params: IdParam, body: ObjectionInput, response: Detail },
    handler: (req) => workflow.addObjection(ctx, principalOf(req), req.params.id, req.body),
  });
  r.post('/api/addon/projects/:id/objections/:objectionId/resolve', {
    config: { auth: 'addon.manage' },
    schema: { tags: TAG, params: Objection, body: ResolveInput, response: Detail },
    handler: (req) => workflow.resolveObjection(ctx, principalOf(req), req.params.id, req.params.objectionId, req.body.resolution),
  });
  r.post('/api/addon/projects/:id/review', {
    config: { auth: 'addon.approve' },
    schema: { tags: TAG, summary: 'The housing department approves, or sends the project back to design', params: IdParam, body: ReviewInput, response: Detail },
    handler: (req) => workflow.review(ctx, principalOf(req), req.params.id, req.body),
  });
  r.post('/api/addon/projects/:id/registration', {
    config: { auth: 'registry.write' },
    schema: { tags: TAG, summary: '使用登记 by the market regulator: creates the registry record', params: IdParam, body: RegistrationInput, response: Detail },
    handler: (req) => register(ctx, principalOf(req), req.params.id, req.body),
  });
  r.post('/api/addon/projects/:id/subsidy/apply', {
    config: { auth: 'addon.manage' },
    schema: { tags: TAG, summary: 'Apply for the subsidy (storeys bracket minus non-signing households)', params: IdParam, body: z.object({ note: z.string().trim().max(1000).optional() }), response: Detail },
    handler: (req) => workflow.subsidy(ctx, principalOf(req), req.params.id, 'apply', req.body.note),
  });
  r.post('/api/addon/projects/:id/subsidy/decision', {
    config: { auth: 'renovation.approve' },
    schema: { tags: TAG, summary: 'The finance department approves, rejects or disburses the subsidy', params: IdParam, body: SubsidyDecision, response: Detail },
    handler: (req) => workflow.subsidy(ctx, principalOf(req), req.params.id, req.body.action, req.body.note),
  });
  r.get('/api/addon/orgs', {
    config: { auth: 'addon.read' },
    schema: {
      tags: TAG,
      summary: 'Organisations a project names: street offices of a county, maintenance companies notified (告知性登记) in its city',
      querystring: z.object({ type: z.enum(['street_office', 'maintenance']), regionCode: z.string().regex(/^\d{6}$/) }),
      response: { 200: z.object({ items: z.array(z.object({ id: z.number(), name: z.string(), hotline: z.string().nullable() })) }) },
    },
    handler: async (req) => ({ items: await service.orgOptions(ctx, req.query.type, req.query.regionCode) }),
  });
  r.get('/api/addon/progress', {
    config: { auth: 'addon.read' },
    schema: { tags: TAG, summary: 'Projects by region and status, with overdue use registrations', querystring: z.object({ regionCode: z.string().regex(/^\d{6}$/).optional() }), response: { 200: ProgressOut } },
    handler: (req) => progress(ctx, principalOf(req), req.query.regionCode),
  });
}
