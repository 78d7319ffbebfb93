import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import { principalOf } from '../../server/http/auth-hook.ts';
import { typed } from '../../server/http/types.ts';
import { AssessmentListOut, AssessmentOut, CommissionInput, ListQuery, SubmitInput } from './assessments.schema.ts';
import * as assessments from './assessments.service.ts';

const TAG = ['assessments'];
const IdParam = z.object({ id: z.coerce.number().int().positive() });

/** Safety assessments (GB/T 42615): commission, the agency's data pack, the recorded assessment. */
export function assessmentRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = typed(app);
  r.get('/api/assessments', {
    config: { auth: 'assessment.read' },
    schema: { tags: TAG, querystring: ListQuery, response: { 200: AssessmentListOut } },
    handler: (req) => assessments.list(ctx, principalOf(req), req.query),
  });
  r.get('/api/assessments/:id', {
    config: { auth: 'assessment.read' },
    schema: { tags: TAG, summary: 'One assessment with its data pack (what the platform knew when it was commissioned)', params: IdParam, response: { 200: AssessmentOut } },
    handler: (req) => assessments.get(ctx, principalOf(req), req.params.id),
  });
  r.post('/api/assessments', {
    config: { auth: 'assessment.commission' },
    schema: { tags: TAG, summary: 'A use unit or a regulator commissions a qualified agency', body: CommissionInput, response: { 201: AssessmentOut } },
    handler: async (req, reply) => reply.code(201).send(await assessments.commission(ctx, principalOf(req), req.body)),
  });
  r.post('/api/assessments/:id/submit', {
    config: { auth: 'assessment.submit' },
    schema: { tags: TAG, summary: 'The agency records items, grade, conclusion and measures; a conclusion other than continue raises a hazard', params: IdParam, body: SubmitInput, response: { 200: AssessmentOut } },
    handler: (req) => assessments.submit(ctx, principalOf(req), req.params.id, req.body),
  });
}
