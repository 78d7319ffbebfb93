import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import { principalOf } from '../../server/http/auth-hook.ts';
import { AppError } from '../../server/http/errors.ts';
import { typed } from '../../server/http/types.ts';
import { TtlCache } from '../../server/ttl-cache.ts';
import { itemsFor } from './catalog.ts';
import { CatalogOut, CatalogQuery, OverdueOut, OverdueQuery, RecordInput, RecordListQuery, RecordOut, WorkerInput } from './maintenance.schema.ts';
import * as records from './records.service.ts';
import { GradeOut, GradeQuery, grades } from './grading.service.ts';
import { ContractInput, ContractOut, fileContract, gaps, listContracts, NotificationInput, notify } from './contracts.service.ts';

const TAG = ['maintenance'];

/** Maintenance supervision: the TSG T5002 catalogue, records with checks, photos, workers, overdue elevators. */
/** How long the public grades of a period stay cached (a grade changes only when a regulator reviews a flag). */
export const PUBLIC_GRADES_TTL_MS = 10 * 60_000;

export function maintenanceRoutes(app: FastifyInstance, ctx: AppContext): void {
  const publicGrades = new TtlCache<{ period: string; items: { name: string; grade: string; score: number }[] }>(PUBLIC_GRADES_TTL_MS, 500);
  const r = typed(app);
  r.get('/api/maintenance/catalog', {
    config: { auth: 'authenticated' },
    schema: { tags: TAG, summary: 'TSG T5002-2017 items of an annex, cumulative for the cycle asked', querystring: CatalogQuery, response: { 200: CatalogOut } },
    handler: async (req) => ({
      items: itemsFor(req.query.annex, req.query.cycle).map((i) => ({ code: i.code, name: i.name, requirement: i.requirement, cycle: i.cycle, judgeType: i.judgeType, min: i.min, max: i.max, unit: i.unit })),
    }),
  });
  r.post('/api/maintenance/records', {
    config: { auth: 'maintenance.record' },
    schema: { tags: TAG, summary: 'File a visit; checked on arrival: 201 with flags and the next due dates', body: RecordInput, response: { 201: RecordOut } },
    handler: async (req, reply) => reply.code(201).send(await records.submit(ctx, principalOf(req), req.body)),
  });
  r.get('/api/maintenance/records', {
    config: { auth: 'maintenance.read' },
    schema: { tags: TAG, querystring: RecordListQuery },
    handler: (req) => records.list(ctx, principalOf(req), req.query),
  });
  r.get('/api/maintenance/records/:id', {
    config: { auth: 'maintenance.read' },
    schema: { tags: TAG, params: z.object({ id: z.coerce.number().int().positive() }), response: { 200: RecordOut } },
    handler: (req) => records.get(ctx, principalOf(req), req.params.id),
  });
  r.get('/api/maintenance/flags', {
    config: { auth: 'maintenance.read' },
    schema: {
      tags: TAG,
      summary: 'Record quality flags with their evidence (a company: its own)',
      querystring: z.object({
        status: z.enum(['open', 'upheld', 'dismissed']).optional(),
        code: z.string().max(40).optional(),
        regionCode: z.string().regex(/^\d{2,6}$/).optional(),
        page: z.coerce.number().int().min(1).max(10_000).default(1),
        pageSize: z.coerce.number().int().min(1).max(200).default(20),
      }),
    },
    handler: (req) => records.flags(ctx, principalOf(req), req.query),
  });
  r.post('/api/maintenance/flags/:id/review', {
    config: { auth: 'maintenance.review' },
    schema: { tags: TAG, summary: 'A regulator records a flag’s outcome (upheld faked records count against the grade)', params: z.object({ id: z.coerce.number().int().positive() }), body: z.object({ status: z.enum(['upheld', 'dismissed']), outcome: z.string().trim().min(1).max(1000) }) },
    handler: (req) => records.reviewFlag(ctx, principalOf(req), req.params.id, req.body),
  });
  r.post('/api/maintenance/records/:id/confirm', {
    config: { auth: 'maintenance.read' },
    schema: { tags: TAG, summary: 'The use unit’s safety manager confirms the record', params: z.object({ id: z.coerce.number().int().positive() }), body: z.object({ signer: z.string().trim().min(1).max(40) }) },
    handler: (req) => records.confirm(ctx, principalOf(req), req.params.id, req.body.signer),
  });
  r.get('/api/maintenance/workers', {
    config: { auth: 'maintenance.read' },
    schema: { tags: TAG, summary: 'Registered workers (a company: its own)', querystring: z.object({ orgId: z.coerce.number().int().positive().optional() }) },
    handler: async (req) => ({ items: await records.listWorkers(ctx, principalOf(req), req.query.orgId) }),
  });
  r.get('/api/maintenance/notifications', {
    config: { auth: 'maintenance.read' },
    schema: { tags: TAG, summary: '告知性登记 on file (a company: its own)' },
    handler: async (req) => ({ items: await records.listNotifications(ctx, principalOf(req)) }),
  });
  r.get('/api/maintenance/photos/:sha256', {
    config: { auth: 'maintenance.read' },
    schema: { tags: TAG, summary: 'A photo named by a record the caller may see', params: z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/) }) },
    handler: async (req, reply) => {
      const { file, type } = await records.readPhoto(ctx, principalOf(req), req.params.sha256);
      reply.header('cache-control', 'private, max-age=86400, immutable');
      return reply.type(type).send(fs.createReadStream(file));
    },
  });
  r.get('/api/maintenance/plan', {
    config: { auth: 'maintenance.read' },
    schema: {
      tags: TAG,
      summary: 'Next visit per cycle for one elevator, or the elevators in scope due within N days (the next visit’s cycle: the longest one due)',
      querystring: z.object({
        registrationCode: z.string().regex(/^\d{20}$/).optional(),
        regionCode: z.string().regex(/^\d{2,6}$/).optional(),
        withinDays: z.coerce.number().int().min(0).max(366).default(7),
        page: z.coerce.number().int().min(1).max(10_000).default(1),
        pageSize: z.coerce.number().int().min(1).max(500).default(50),
      }),
    },
    handler: (req) => records.plan(ctx, principalOf(req), req.query),
  });
  r.get('/api/maintenance/overdue', {
    config: { auth: 'maintenance.read' },
    schema: { tags: TAG, summary: 'In-use elevators past their half-month due date (or with no visit on record)', querystring: OverdueQuery, response: { 200: OverdueOut } },
    handler: (req) => records.overdue(ctx, principalOf(req), req.query),
  });
  r.post('/api/maintenance/workers', {
    config: { auth: 'maintenance.record' },
    schema: { tags: TAG, summary: 'Register a worker’s certificate at a company (employment period kept)', body: WorkerInput },
    handler: async (req, reply) => reply.code(201).send(await records.addWorker(ctx, principalOf(req), req.body)),
  });
  r.post('/api/maintenance/notifications', {
    config: { auth: 'maintenance.record' },
    schema: { tags: TAG, summary: '告知性登记: a company notifies a city’s regulator before working there', body: NotificationInput },
    handler: async (req, reply) => reply.code(201).send(await notify(ctx, principalOf(req), req.body)),
  });
  r.post('/api/maintenance/contracts', {
    config: { auth: 'maintenance.record' },
    schema: { tags: TAG, summary: 'File a contract; the one in force names the elevator’s maintenance company; price checked against the city median', body: ContractInput, response: { 201: ContractOut } },
    handler: async (req, reply) => reply.code(201).send(await fileContract(ctx, principalOf(req), req.body)),
  });
  r.get('/api/maintenance/contracts', {
    config: { auth: 'maintenance.read' },
    schema: {
      tags: TAG,
      querystring: z.object({ registrationCode: z.string().max(40).optional(), regionCode: z.string().regex(/^\d{2,6}$/).optional(), dumping: z.enum(['true', 'false']).transform((v) => v === 'true').optional() }),
      response: { 200: z.object({ items: z.array(ContractOut) }) },
    },
    handler: async (req) => ({ items: await listContracts(ctx, principalOf(req), { ...req.query, dumpingOnly: req.query.dumping }) }),
  });
  r.get('/api/maintenance/contract-gaps', {
    config: { auth: 'maintenance.read' },
    schema: {
      tags: TAG,
      summary: 'In-use elevators with no maintenance contract in force',
      querystring: z.object({ regionCode: z.string().regex(/^\d{2,6}$/).optional(), page: z.coerce.number().int().min(1).max(10_000).default(1), pageSize: z.coerce.number().int().min(1).max(500).default(50) }),
    },
    handler: (req) => gaps(ctx, principalOf(req), req.query),
  });
  r.get('/api/maintenance/grades', {
    config: { auth: 'maintenance.read' },
    schema: { tags: TAG, summary: 'Company grades for a month: score, grade, every indicator with its basis (a company sees its own)', querystring: GradeQuery, response: { 200: GradeOut } },
    handler: (req) => grades(ctx, principalOf(req), req.query),
  });
  r.get('/api/public/maintenance-grades', {
    config: { auth: 'public' },
    schema: {
      tags: ['public'],
      summary: 'Published grades of maintenance companies (name, grade, score)',
      querystring: GradeQuery,
      response: { 200: z.object({ period: z.string(), items: z.array(z.object({ name: z.string(), grade: z.string(), score: z.number() })) }) },
    },
    handler: (req) =>
      // Grading a month reads the whole region's records (most of a second at province scale): computed once per
      // period and region for everyone, so a page served to the public cannot tie up the store.
      publicGrades.get(`${req.query.period}|${req.query.regionCode ?? ''}`, ctx.clock.now().getTime(), async () => {
        const g = await grades(ctx, null, req.query);
        return { period: g.period, items: g.items.map((i) => ({ name: i.name, grade: i.grade, score: i.score })) };
      }),
  });
  app.register(async (scoped) => {
    scoped.addContentTypeParser(['image/jpeg', 'image/png'], { parseAs: 'buffer', bodyLimit: 10 * 1024 * 1024 }, (_req, body, done) => done(null, body));
    typed(scoped).put('/api/maintenance/photos/:sha256', {
      config: { auth: 'maintenance.record' },
      schema: { tags: TAG, summary: 'Photo bytes (JPEG/PNG) under their SHA-256; a record may name them before or after', params: z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/) }) },
      handler: async (req) => {
        if (!Buffer.isBuffer(req.body)) throw new AppError('UNSUPPORTED_FILE');
        return records.uploadPhoto(ctx, principalOf(req), req.params.sha256, req.body);
      },
    });
  });
}
