import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import { principalOf } from '../../server/http/auth-hook.ts';
import { typed } from '../../server/http/types.ts';
import {
  ApproveInput,
  DiscardInput,
  PrepareInput,
  PublicationListOut,
  PublicationListQuery,
  PublicationOut,
  PublicReleaseListOut,
  PublicReleaseListQuery,
  PublicReleaseOut,
} from './publication.schema.ts';
import * as publication from './publication.service.ts';

const TAG = ['publication'];
const IdParam = z.object({ id: z.coerce.number().int().positive() });

/** Published statistics: regulators prepare and approve a quarter's release; the public reads what was approved. */
export function publicationRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = typed(app);
  r.get('/api/publications', {
    config: { auth: 'publication.prepare' },
    schema: { tags: TAG, summary: 'Releases of the caller’s region, every version and status', querystring: PublicationListQuery, response: { 200: PublicationListOut } },
    handler: (req) => publication.list(ctx, principalOf(req), req.query),
  });
  r.post('/api/publications', {
    config: { auth: 'publication.prepare' },
    schema: { tags: TAG, summary: 'Prepare a quarter’s release (figures computed now and frozen); a published period needs correctionNote', body: PrepareInput, response: { 201: PublicationOut } },
    handler: async (req, reply) => reply.code(201).send(await publication.prepare(ctx, principalOf(req), req.body)),
  });
  r.get('/api/publications/:id', {
    config: { auth: 'publication.prepare' },
    schema: { tags: TAG, params: IdParam, response: { 200: PublicationOut } },
    handler: (req) => publication.get(ctx, principalOf(req), req.params.id),
  });
  r.post('/api/publications/:id/approve', {
    config: { auth: 'publication.approve' },
    schema: { tags: TAG, summary: 'Approve a draft (not its preparer; names the hash of the figures reviewed): it becomes public and immutable', params: IdParam, body: ApproveInput, response: { 200: PublicationOut } },
    handler: (req) => publication.approve(ctx, principalOf(req), req.params.id, req.body),
  });
  r.post('/api/publications/:id/discard', {
    config: { auth: 'publication.prepare' },
    schema: { tags: TAG, summary: 'Discard a draft', params: IdParam, body: DiscardInput, response: { 200: PublicationOut } },
    handler: (req) => publication.discard(ctx, principalOf(req), req.params.id, req.body),
  });
  r.get('/api/public/releases', {
    config: { auth: 'public' },
    schema: { tags: ['public'], summary: 'Published statistics releases (no login)', querystring: PublicReleaseListQuery, response: { 200: PublicReleaseListOut } },
    handler: (req) => publication.publicList(ctx, req.query),
  });
  r.get('/api/public/releases/:id', {
    config: { auth: 'public' },
    schema: { tags: ['public'], summary: 'One published release with its figures and their SHA-256', params: IdParam, response: { 200: PublicReleaseOut } },
    handler: (req) => publication.publicGet(ctx, req.params.id),
  });
}
