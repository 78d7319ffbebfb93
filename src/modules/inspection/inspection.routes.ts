import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import { principalOf } from '../../server/http/auth-hook.ts';
import { AppError } from '../../server/http/errors.ts';
import { typed } from '../../server/http/types.ts';
import {
  DefectAction,
  DefectListOut,
  DefectListQuery,
  DefectOut,
  FlagListOut,
  FlagListQuery,
  FlagReview,
  InspectorInput,
  InspectorOut,
  OverdueOut,
  OverdueQuery,
  PlanInput,
  PlanListQuery,
  PlanOut,
  PostponementInput,
  ReportCreatedOut,
  ReportInput,
  ReportListOut,
  ReportListQuery,
  ReportOut,
} from './inspection.schema.ts';
import * as hazards from '../hazards/hazards.service.ts';
import * as reports from './reports.service.ts';
import * as supervision from './supervision.service.ts';

const TAG = ['inspection'];
const IdParam = z.object({ id: z.coerce.number().int().positive() });

/** Inspection and self-testing: reports, rectification, flags, plans, inspectors, overdue and compliance views. */
export function inspectionRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = typed(app);

  r.post('/api/inspection/reports', {
    config: { auth: 'inspection.submit' },
    schema: { tags: TAG, summary: 'Submit a report (JSON); checked on arrival: 201 with flags and the elevator’s new schedule', body: ReportInput, response: { 201: ReportCreatedOut } },
    handler: async (req, reply) => reply.code(201).send(await reports.submit(ctx, principalOf(req), req.body)),
  });
  r.get('/api/inspection/reports', {
    config: { auth: 'inspection.read' },
    schema: { tags: TAG, summary: 'Reports in scope (an agency: its own)', querystring: ReportListQuery, response: { 200: ReportListOut } },
    handler: (req) => reports.list(ctx, principalOf(req), req.query),
  });
  r.get('/api/inspection/reports/:id', {
    config: { auth: 'inspection.read' },
    schema: { tags: TAG, params: IdParam, response: { 200: ReportOut } },
    handler: (req) => reports.get(ctx, principalOf(req), req.params.id),
  });
  app.register(async (scoped) => {
    scoped.addContentTypeParser('application/pdf', { parseAs: 'buffer', bodyLimit: 30 * 1024 * 1024 }, (_req, body, done) => done(null, body));
    typed(scoped).put('/api/inspection/reports/:id/pdf', {
      config: { auth: 'inspection.submit' },
      schema: { tags: TAG, summary: 'Attach the signed PDF (raw application/pdf body); stored with its SHA-256', params: IdParam, response: { 200: z.object({ sha256: z.string(), bytes: z.number() }) } },
      handler: async (req) => {
        if (!Buffer.isBuffer(req.body)) throw new AppError('UNSUPPORTED_FILE');
        return reports.attachPdf(ctx, principalOf(req), req.params.id, req.body);
      },
    });
  });
  r.get('/api/inspection/reports/:id/pdf', {
    config: { auth: 'inspection.read' },
    schema: { tags: TAG, params: IdParam },
    handler: async (req, reply) => {
      const { file, sha256 } = await reports.readPdf(ctx, principalOf(req), req.params.id);
      reply.header('x-content-sha256', sha256);
      return reply.type('application/pdf').send(fs.createReadStream(file));
    },
  });

  r.get('/api/inspection/overdue', {
    config: { auth: 'inspection.read' },
    schema: { tags: TAG, summary: 'In-use elevators past their inspection due date, most overdue first', querystring: OverdueQuery, response: { 200: OverdueOut } },
    handler: (req) => supervision.overdue(ctx, principalOf(req), req.query),
  });
  r.get('/api/inspection/compliance', {
    config: { auth: 'inspection.read' },
    schema: { tags: TAG, summary: 'Coverage by region, agencies’ volume and flag rates, this month’s due vs planned', querystring: z.object({ regionCode: z.string().regex(/^\d{2,6}$/).optional() }), response: { 200: supervision.ComplianceOut } },
    handler: (req) => supervision.compliance(ctx, principalOf(req), req.query.regionCode),
  });

  r.get('/api/inspection/defects', {
    config: { auth: 'inspection.read' },
    schema: { tags: TAG, summary: 'Rectification tasks from inspection defects (the hazards of source inspection; see /api/hazards)', querystring: DefectListQuery, response: { 200: DefectListOut } },
    handler: (req) => hazards.list(ctx, principalOf(req), { ...req.query, source: 'inspection' }),
  });
  r.post('/api/inspection/defects/:id/actions', {
    config: { auth: 'inspection.read' },
    schema: { tags: TAG, summary: 'fix (use unit, with evidence) / verify / reopen (agency, regulator) / close', params: IdParam, body: DefectAction, response: { 200: DefectOut } },
    handler: (req) => hazards.act(ctx, principalOf(req), req.params.id, req.body),
  });

  r.get('/api/inspection/flags', {
    config: { auth: 'inspection.read' },
    schema: { tags: TAG, summary: 'Report quality flags with their evidence', querystring: FlagListQuery, response: { 200: FlagListOut } },
    handler: (req) => supervision.flags(ctx, principalOf(req), req.query),
  });
  r.post('/api/inspection/flags/:id/review', {
    config: { auth: 'inspection.review' },
    schema: { tags: TAG, summary: 'Record the outcome of a flag (upheld / dismissed)', params: IdParam, body: FlagReview, response: { 200: z.object({ id: z.number(), status: z.string(), outcome: z.string() }) } },
    handler: (req) => supervision.reviewFlag(ctx, principalOf(req), req.params.id, req.body),
  });

  r.post('/api/inspection/inspectors', {
    config: { auth: 'inspection.submit' },
    schema: { tags: TAG, summary: 'Register an inspector’s certificate at an agency (employment period kept)', body: InspectorInput, response: { 201: InspectorOut } },
    handler: async (req, reply) => reply.code(201).send(await supervision.addInspector(ctx, principalOf(req), req.body)),
  });
  r.get('/api/inspection/inspectors', {
    config: { auth: 'inspection.read' },
    schema: { tags: TAG, querystring: z.object({ certificateNo: z.string().max(40).optional(), agencyOrgId: z.coerce.number().int().positive().optional() }), response: { 200: z.object({ items: z.array(InspectorOut) }) } },
    handler: async (req) => ({ items: await supervision.listInspectors(ctx, principalOf(req), req.query) }),
  });

  r.post('/api/inspection/plans', {
    config: { auth: 'inspection.plan' },
    schema: { tags: TAG, summary: 'An agency’s planned visit, or a use unit’s application', body: PlanInput, response: { 201: PlanOut } },
    handler: async (req, reply) => reply.code(201).send(await supervision.addPlan(ctx, principalOf(req), req.body)),
  });
  r.get('/api/inspection/plans', {
    config: { auth: 'inspection.read' },
    schema: { tags: TAG, querystring: PlanListQuery, response: { 200: z.object({ items: z.array(PlanOut), total: z.number() }) } },
    handler: (req) => supervision.listPlans(ctx, principalOf(req), req.query),
  });

  r.post('/api/inspection/postponements', {
    config: { auth: 'inspection.review' },
    schema: { tags: TAG, summary: 'Postpone due dates in a region and period (schedules recomputed)', body: PostponementInput, response: { 201: z.object({ id: z.number(), recomputed: z.number() }) } },
    handler: async (req, reply) => reply.code(201).send(await supervision.postpone(ctx, principalOf(req), req.body)),
  });
  r.get('/api/inspection/postponements', {
    config: { auth: 'inspection.read' },
    schema: { tags: TAG, response: { 200: z.object({ items: z.array(z.object({ id: z.number(), regionPrefix: z.string(), from: z.string(), to: z.string(), days: z.number(), reason: z.string(), createdAt: z.string() })) }) } },
    handler: async () => ({ items: await supervision.postponements(ctx) }),
  });
}
