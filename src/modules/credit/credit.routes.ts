import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import { principalOf } from '../../server/http/auth-hook.ts';
import { IdParam, typed } from '../../server/http/types.ts';
import { CommendationInput, CreditCodeParam, CreditEventOut, CreditFileOut, CreditListOut, CreditListQuery, PublicCreditFileOut, RevokeInput, RulesOut } from './credit.schema.ts';
import * as credit from './credit.service.ts';

const TAG = ['credit'];

/** Credit files (信用档案): the regulators' list, one file in scope, one's own, commendations, publication, the public file. */
export function creditRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = typed(app);
  r.get('/api/credit/orgs', {
    config: { auth: 'credit.read' },
    schema: { tags: TAG, summary: 'Organisations with a credit file active in the caller’s region, worst score first; counts by grade', querystring: CreditListQuery, response: { 200: CreditListOut } },
    handler: (req) => credit.list(ctx, principalOf(req), req.query),
  });
  r.get('/api/credit/orgs/:creditCode', {
    config: { auth: 'authenticated' },
    schema: { tags: TAG, summary: 'One credit file: score, grade, events and the score’s history (an organisation its own; regulators in region; else 404)', params: CreditCodeParam, response: { 200: CreditFileOut } },
    handler: (req) => credit.getFile(ctx, principalOf(req), req.params.creditCode),
  });
  r.get('/api/credit/me', {
    config: { auth: 'credit.own' },
    schema: { tags: TAG, summary: 'The caller’s own organisation’s credit file (我的信用)', response: { 200: CreditFileOut } },
    handler: (req) => credit.myFile(ctx, principalOf(req)),
  });
  r.get('/api/credit/rules', {
    config: { auth: 'credit.read' },
    schema: { tags: TAG, summary: 'Points per kind, window and grade thresholds in force for a region', querystring: z.object({ regionCode: z.string().regex(/^\d{6}$/).optional() }), response: { 200: RulesOut } },
    handler: (req) => credit.rules(ctx, principalOf(req), req.query.regionCode),
  });
  r.post('/api/credit/orgs/:creditCode/commendations', {
    config: { auth: 'credit.manage' },
    schema: { tags: TAG, summary: 'A regulator records a commendation (表彰)', params: CreditCodeParam, body: CommendationInput, response: { 201: CreditFileOut } },
    handler: async (req, reply) => reply.code(201).send(await credit.commend(ctx, principalOf(req), req.params.creditCode, req.body)),
  });
  r.post('/api/credit/events/:id/publish', {
    config: { auth: 'credit.manage' },
    schema: { tags: TAG, summary: 'Publish an event (penalty, exposure, listed supervision, warning, commendation): public from now on', params: IdParam, response: { 200: CreditEventOut } },
    handler: (req) => credit.publish(ctx, principalOf(req), req.params.id),
  });
  r.post('/api/credit/events/:id/revoke', {
    config: { auth: 'credit.manage' },
    schema: { tags: TAG, summary: 'Revoke a hand-recorded event (events of other sources follow their source)', params: IdParam, body: RevokeInput, response: { 200: CreditEventOut } },
    handler: (req) => credit.revoke(ctx, principalOf(req), req.params.id, req.body.reason),
  });
  r.get('/api/public/credit/orgs/:creditCode', {
    config: { auth: 'public' },
    schema: { tags: ['public'], summary: 'The published credit file: score, grade and published events only', params: CreditCodeParam, response: { 200: PublicCreditFileOut } },
    handler: (req) => credit.publicFile(ctx, req.params.creditCode),
  });
}
