import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import { principalOf } from '../../server/http/auth-hook.ts';
import { IdParam, typed } from '../../server/http/types.ts';
import { actOnClaim, fileClaim, linkable, listClaims } from './claims.service.ts';
import { coverage } from './coverage.service.ts';
import { ClaimActionInput, ClaimInput, ClaimOut, ClaimQuery, CoverageOut, LinkableOut, PolicyInput, PolicyOut, PolicyQuery, ProductInput, ProductOut } from './insurance.schema.ts';
import { cancelPolicy, getPolicy, issuePolicy, listPolicies } from './policies.service.ts';
import { getProduct, listProducts, saveProduct } from './products.service.ts';

const TAG = ['insurance'];

/** Elevator insurance: products, policies per elevator (premium, subsidy, payer), claims, coverage by region. */
export function insuranceRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = typed(app);
  r.get('/api/insurance/products', {
    config: { auth: 'insurance.read' },
    schema: { tags: TAG, summary: 'Products (an insurer: its own; others: every active one)', querystring: z.object({ kind: z.enum(['liability', 'service', 'pension']).optional() }), response: { 200: z.object({ items: z.array(ProductOut) }) } },
    handler: async (req) => ({ items: await listProducts(ctx, principalOf(req), req.query) }),
  });
  r.get('/api/insurance/products/:id', {
    config: { auth: 'insurance.read' },
    schema: { tags: TAG, params: IdParam, response: { 200: ProductOut } },
    handler: (req) => getProduct(ctx, principalOf(req), req.params.id),
  });
  r.post('/api/insurance/products', {
    config: { auth: 'insurance.manage' },
    schema: { tags: TAG, summary: 'An insurer’s product with its coverage and premium rule', body: ProductInput, response: { 201: ProductOut } },
    handler: async (req, reply) => reply.code(201).send(await saveProduct(ctx, principalOf(req), req.body)),
  });
  r.put('/api/insurance/products/:id', {
    config: { auth: 'insurance.manage' },
    schema: { tags: TAG, params: IdParam, body: ProductInput, response: { 200: ProductOut } },
    handler: (req) => saveProduct(ctx, principalOf(req), req.body, req.params.id),
  });
  r.get('/api/insurance/policies', {
    config: { auth: 'insurance.read' },
    schema: { tags: TAG, summary: 'Policies (an insurer: its own; others: on elevators in scope); state=lapsed: ended without renewal', querystring: PolicyQuery, response: { 200: z.object({ items: z.array(PolicyOut), total: z.number() }) } },
    handler: (req) => listPolicies(ctx, principalOf(req), req.query),
  });
  r.get('/api/insurance/policies/:id', {
    config: { auth: 'insurance.read' },
    schema: { tags: TAG, params: IdParam, response: { 200: PolicyOut } },
    handler: (req) => getPolicy(ctx, principalOf(req), req.params.id),
  });
  r.post('/api/insurance/policies', {
    config: { auth: 'insurance.manage' },
    schema: { tags: TAG, summary: 'Issue a policy: premium from the product rule, subsidy from the city rule', body: PolicyInput, response: { 201: PolicyOut } },
    handler: async (req, reply) => reply.code(201).send(await issuePolicy(ctx, principalOf(req), req.body)),
  });
  r.post('/api/insurance/policies/:id/cancel', {
    config: { auth: 'insurance.manage' },
    schema: { tags: TAG, params: IdParam, body: z.object({ reason: z.string().trim().min(1, '请填写退保原因').max(500) }), response: { 200: PolicyOut } },
    handler: (req) => cancelPolicy(ctx, principalOf(req), req.params.id, req.body.reason),
  });
  r.get('/api/insurance/policies/:id/linkable', {
    config: { auth: 'insurance.read' },
    schema: { tags: TAG, summary: 'Incidents, alarms and maintenance records on the policy’s elevator a claim may name', params: IdParam, response: { 200: LinkableOut } },
    handler: (req) => linkable(ctx, principalOf(req), req.params.id),
  });
  r.get('/api/insurance/claims', {
    config: { auth: 'insurance.read' },
    schema: { tags: TAG, querystring: ClaimQuery, response: { 200: z.object({ items: z.array(ClaimOut), total: z.number() }) } },
    handler: (req) => listClaims(ctx, principalOf(req), req.query),
  });
  r.post('/api/insurance/claims', {
    config: { auth: 'insurance.manage' },
    schema: { tags: TAG, summary: 'File a claim on a policy, linked to a 96333 incident, an IoT alarm or a repair', body: ClaimInput, response: { 201: ClaimOut } },
    handler: async (req, reply) => reply.code(201).send(await fileClaim(ctx, principalOf(req), req.body)),
  });
  r.post('/api/insurance/claims/:id/actions', {
    config: { auth: 'insurance.manage' },
    schema: { tags: TAG, summary: 'Accept, approve (amount), pay, reject (reason) or withdraw a claim', params: IdParam, body: ClaimActionInput, response: { 200: ClaimOut } },
    handler: (req) => actOnClaim(ctx, principalOf(req), req.params.id, req.body),
  });
  r.get('/api/insurance/coverage', {
    config: { auth: 'insurance.read' },
    schema: { tags: TAG, summary: 'In-use elevators with a policy in force over all in-use ones, by region; lapsed policies counted', querystring: z.object({ regionCode: z.string().regex(/^\d{6}$/).optional() }), response: { 200: CoverageOut } },
    handler: (req) => coverage(ctx, principalOf(req), req.query.regionCode),
  });
}
