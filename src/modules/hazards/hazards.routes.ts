import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import { principalOf } from '../../server/http/auth-hook.ts';
import { typed } from '../../server/http/types.ts';
import { AppError } from '../../server/http/errors.ts';
import { BLOB_CONTENT_TYPES } from '../../server/files/blob-store.ts';
import { HazardActionInput, HazardInput, HazardListOut, HazardListQuery, HazardOut, HazardSummaryOut } from './hazards.schema.ts';
import * as hazards from './hazards.service.ts';

const TAG = ['hazards'];
const IdParam = z.object({ id: z.coerce.number().int().positive() });

/** Hazard rectification (隐患整治) across every source: lists, one hazard, raising one, the workflow's steps. */
export function hazardRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = typed(app);
  r.get('/api/hazards', {
    config: { auth: 'hazards.read' },
    schema: { tags: TAG, summary: 'Hazards in scope, by source, status, severity, remedy, region; ordered by deadline', querystring: HazardListQuery, response: { 200: HazardListOut } },
    handler: (req) => hazards.list(ctx, principalOf(req), req.query),
  });
  r.get('/api/hazards/summary', {
    config: { auth: 'hazards.read' },
    schema: { tags: TAG, summary: 'Open, overdue and closed hazards by source; open by remedy', querystring: z.object({ regionCode: z.string().regex(/^\d{2,6}$/).optional() }), response: { 200: HazardSummaryOut } },
    handler: (req) => hazards.summary(ctx, principalOf(req), req.query.regionCode),
  });
  r.get('/api/hazards/:id', {
    config: { auth: 'hazards.read' },
    schema: { tags: TAG, params: IdParam, response: { 200: HazardOut } },
    handler: (req) => hazards.get(ctx, principalOf(req), req.params.id),
  });
  r.post('/api/hazards', {
    config: { auth: 'hazards.supervise' },
    schema: { tags: TAG, summary: 'A regulator records a hazard from a supervision check or a confirmed complaint', body: HazardInput, response: { 201: HazardOut } },
    handler: async (req, reply) => reply.code(201).send(await hazards.raiseByRegulator(ctx, principalOf(req), req.body)),
  });
  r.post('/api/hazards/:id/actions', {
    config: { auth: 'hazards.read' },
    schema: {
      tags: TAG,
      summary: 'A step of the workflow: fix, propose_plan, agree, reject_plan, start, verify, reopen, close (who may: see hazards.domain.ts)',
      params: IdParam,
      body: HazardActionInput,
      response: { 200: HazardOut },
    },
    handler: (req) => hazards.act(ctx, principalOf(req), req.params.id, req.body),
  });
  r.get('/api/hazards/:id/files/:sha256', {
    config: { auth: 'hazards.read' },
    schema: { tags: TAG, summary: 'An evidence file named by a step of this hazard', params: IdParam.extend({ sha256: z.string().regex(/^[0-9a-f]{64}$/) }) },
    handler: async (req, reply) => {
      const { file, type } = await hazards.readFile(ctx, principalOf(req), req.params.id, req.params.sha256);
      reply.header('cache-control', 'private, max-age=86400, immutable');
      return reply.type(type).send(fs.createReadStream(file));
    },
  });
  app.register(async (scoped) => {
    scoped.addContentTypeParser(BLOB_CONTENT_TYPES, { parseAs: 'buffer', bodyLimit: 20 * 1024 * 1024 }, (_req, body, done) => done(null, body));
    typed(scoped).put('/api/hazards/files/:sha256', {
      config: { auth: 'hazards.read' },
      schema: { tags: TAG, summary: 'Evidence file bytes (JPEG, PNG or PDF, ≤ 20 MB) under their SHA-256; a step names it in fileSha256', params: z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/) }) },
      handler: async (req) => {
        if (!Buffer.isBuffer(req.body)) throw new AppError('UNSUPPORTED_FILE');
        return hazards.uploadFile(ctx, req.params.sha256, req.body);
      },
    });
  });
}
