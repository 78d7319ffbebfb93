import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import { principalOf } from '../../server/http/auth-hook.ts';
import { AppError } from '../../server/http/errors.ts';
import { typed } from '../../server/http/types.ts';
import { addEvidence, decideReward, EVIDENCE_MAX_BYTES, EVIDENCE_TYPES, readEvidence } from './complaint-reward.service.ts';
import { createComplaint, publicReport } from './complaint-intake.service.ts';
import { effectiveRules, setRule } from './complaint-settings.service.ts';
import {
  ComplaintActionInput,
  ComplaintCreate,
  ComplaintCreated,
  ComplaintDetailOut,
  ComplaintListOut,
  ComplaintListQuery,
  PublicReportCreated,
  PublicReportInput,
  PublicReportStatus,
  RewardInput,
  RuleInput,
  RulesOut,
  SummaryOut,
} from './complaints.schema.ts';
import * as complaints from './complaints.service.ts';
import { formatTrackingCode } from './complaints.domain.ts';
import { SlidingWindowLimit } from './public-limit.ts';

const TAG = ['complaints'];
const IdParam = z.object({ id: z.coerce.number().int().positive() });

/** Per address: a person files a few reports at most; lookups are cheap but must not become a way to enumerate codes. */
export const PUBLIC_REPORT_LIMIT = { max: 5, windowMs: 10 * 60_000 };
export const PUBLIC_LOOKUP_LIMIT = { max: 30, windowMs: 60_000 };

/** 投诉举报: public intake and tracking, staff intake, the workflow, evidence, rewards, deadline settings. */
export function complaintRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = typed(app);
  const reports = new SlidingWindowLimit(PUBLIC_REPORT_LIMIT.max, PUBLIC_REPORT_LIMIT.windowMs);
  const lookups = new SlidingWindowLimit(PUBLIC_LOOKUP_LIMIT.max, PUBLIC_LOOKUP_LIMIT.windowMs);
  const limit = (l: SlidingWindowLimit, ip: string) => {
    if (!l.take(ip, ctx.clock.now().getTime())) throw new AppError('RATE_LIMITED');
  };

  // ---- public (no login)
  r.post('/api/public/reports', {
    config: { auth: 'public' },
    schema: {
      tags: ['public'],
      summary: '投诉举报 from the QR page: 201 with the tracking code (no login; rate-limited per address and per elevator)',
      body: PublicReportInput,
      response: { 201: PublicReportCreated },
    },
    handler: async (req, reply) => {
      limit(reports, req.ip);
      const out = await publicReport(ctx, req.body);
      return reply.code(201).send({ trackingCode: formatTrackingCode(out.trackingCode) });
    },
  });
  r.get('/api/public/reports/:trackingCode', {
    config: { auth: 'public' },
    schema: {
      tags: ['public'],
      summary: 'A report’s status, deadlines (countdowns) and outcome by its tracking code; no personal data',
      params: z.object({ trackingCode: z.string().max(20) }),
      response: { 200: PublicReportStatus },
    },
    handler: async (req, reply) => {
      limit(lookups, req.ip);
      reply.header('cache-control', 'no-store');
      return complaints.publicStatus(ctx, req.params.trackingCode);
    },
  });

  // ---- staff
  r.post('/api/complaints', {
    config: { auth: 'complaints.create' },
    schema: { tags: TAG, summary: 'A 96333 dispatcher (phone) or a regulator (staff) records a complaint in its region', body: ComplaintCreate, response: { 201: ComplaintCreated } },
    handler: async (req, reply) => reply.code(201).send(await createComplaint(ctx, principalOf(req), req.body)),
  });
  r.get('/api/complaints', {
    config: { auth: 'complaints.read' },
    schema: { tags: TAG, summary: 'Complaints in the caller’s region, newest first; overdue = a deadline passed while open', querystring: ComplaintListQuery, response: { 200: ComplaintListOut } },
    handler: (req) => complaints.list(ctx, principalOf(req), req.query),
  });
  r.get('/api/complaints/summary', {
    config: { auth: 'complaints.read' },
    schema: { tags: TAG, summary: 'Totals, open, overdue, outcomes and counts by category in scope', querystring: z.object({ regionCode: z.string().regex(/^\d{2,6}$/).optional() }), response: { 200: SummaryOut } },
    handler: (req) => complaints.summary(ctx, principalOf(req), req.query.regionCode),
  });
  r.get('/api/complaints/rules', {
    config: { auth: 'complaints.read' },
    schema: { tags: TAG, summary: 'Deadlines and repeat window in force for a region (defaults overlaid with its settings)', querystring: z.object({ regionCode: z.string().regex(/^\d{6}$/) }), response: { 200: RulesOut } },
    handler: (req) => effectiveRules(ctx, req.query.regionCode),
  });
  r.put('/api/complaints/rules', {
    config: { auth: 'complaints.handle' },
    schema: { tags: TAG, summary: 'Sets one value for a region prefix (its own region; the administrator also the default)', body: RuleInput, response: { 200: RulesOut } },
    handler: (req) => setRule(ctx, principalOf(req), req.body),
  });
  r.get('/api/complaints/:id', {
    config: { auth: 'complaints.read' },
    schema: { tags: TAG, summary: 'One complaint: timeline, evidence, linked reports, reward, what the caller may do', params: IdParam, response: { 200: ComplaintDetailOut } },
    handler: (req) => complaints.get(ctx, principalOf(req), req.params.id),
  });
  r.post('/api/complaints/:id/actions', {
    config: { auth: 'complaints.handle' },
    schema: {
      tags: TAG,
      summary: 'acknowledge / investigate / confirm (optionally raising a hazard) / dismiss / close / transfer / extend',
      params: IdParam,
      body: ComplaintActionInput,
      response: { 200: ComplaintDetailOut },
    },
    handler: (req) => complaints.act(ctx, principalOf(req), req.params.id, req.body),
  });
  r.post('/api/complaints/:id/reward', {
    config: { auth: 'complaints.reward' },
    schema: { tags: TAG, summary: '有奖举报: grant (amount) or refuse a confirmed report’s reward; pay a granted one', params: IdParam, body: RewardInput, response: { 200: ComplaintDetailOut } },
    handler: (req) => decideReward(ctx, principalOf(req), req.params.id, req.body),
  });
  r.get('/api/complaints/:id/evidence/:sha256', {
    config: { auth: 'complaints.read' },
    schema: { tags: TAG, summary: 'An evidence file', params: z.object({ id: z.coerce.number().int().positive(), sha256: z.string().regex(/^[0-9a-f]{64}$/) }) },
    handler: async (req, reply) => {
      const f = await readEvidence(ctx, principalOf(req), req.params.id, req.params.sha256);
      reply.header('cache-control', 'private, max-age=86400, immutable');
      reply.header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(f.name)}`);
      return reply.type(f.type).send(fs.createReadStream(f.file));
    },
  });
  app.register(async (scoped) => {
    scoped.addContentTypeParser(EVIDENCE_TYPES, { parseAs: 'buffer', bodyLimit: EVIDENCE_MAX_BYTES }, (_req, body, done) => done(null, body));
    typed(scoped).post('/api/complaints/:id/evidence', {
      config: { auth: 'complaints.handle' },
      schema: {
        tags: TAG,
        summary: 'Evidence file (JPEG, PNG or PDF, ≤ 10 MB) as the body; stored under its SHA-256',
        params: IdParam,
        querystring: z.object({ name: z.string().trim().min(1).max(100), note: z.string().trim().max(500).optional() }),
        response: { 200: ComplaintDetailOut },
      },
      handler: async (req) => {
        if (!Buffer.isBuffer(req.body)) throw new AppError('UNSUPPORTED_FILE');
        return addEvidence(ctx, principalOf(req), req.params.id, { contentType: String(req.headers['content-type']).split(';')[0]!.trim(), body: req.body, name: req.query.name, note: req.query.note });
      },
    });
  });
}
