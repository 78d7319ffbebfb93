import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import { principalOf } from '../../server/http/auth-hook.ts';
import { AppError } from '../../server/http/errors.ts';
import { typed } from '../../server/http/types.ts';
import { actorOf } from '../audit/audit.service.ts';
import { receiveImport } from '../elevators/imports.routes.ts';
import type { JobRunner } from '../jobs/job-runner.ts';
import { CoverageOut, CoverageQuery, coverage, GapListOut, GapListQuery, gaps } from './coverage.service.ts';
import type { EmergencyRuntime } from './emergency.runtime.ts';
import { ActionInput, BoardOut, IncidentCreate, IncidentDetailOut, IncidentListOut, IncidentListQuery, LookupOut, PublicReport, SlaInput, SlaOut } from './emergency.schema.ts';
import { executeIncidentImport, INCIDENT_IMPORT_KIND } from './incident-import.service.ts';
import { incidentScope } from './incident.scope.ts';
import * as incidents from './incidents.service.ts';
import { report, ReportOut, reportCsv, stats, StatsOut, StatsQuery } from './kpi.service.ts';

const TAG = ['emergency'];
const IdParam = z.object({ id: z.coerce.number().int().positive() });

/** Public reports from QR pages: a few per minute per address is plenty for a person, and stops a flood. */
const PUBLIC_LIMIT = { max: 5, windowMs: 60_000 };

export function emergencyRoutes(app: FastifyInstance, ctx: AppContext, rt: EmergencyRuntime, runner: JobRunner): void {
  const r = typed(app);
  const streams = new Set<() => void>();
  app.addHook('onClose', async () => {
    for (const end of streams) end();
  });

  r.post('/api/incidents', {
    config: { auth: 'emergency.dispatch' },
    schema: { tags: TAG, summary: 'Take a call: one incident per elevator while open (a second report joins it, merged=true)', body: IncidentCreate, response: { 201: IncidentDetailOut } },
    handler: async (req, reply) => {
      const out = await incidents.create(ctx, principalOf(req), req.body);
      rt.feed.nudge();
      return reply.code(201).send(out);
    },
  });
  r.get('/api/incidents', {
    config: { auth: 'emergency.read' },
    schema: { tags: TAG, summary: 'Incidents in scope, newest first', querystring: IncidentListQuery, response: { 200: IncidentListOut } },
    handler: (req) => incidents.list(ctx, principalOf(req), req.query),
  });
  r.get('/api/incidents/:id', {
    config: { auth: 'emergency.read' },
    schema: { tags: TAG, summary: 'One incident: timeline, dispatches, running clocks, what the caller may do', params: IdParam, response: { 200: IncidentDetailOut } },
    handler: (req) => incidents.get(ctx, principalOf(req), req.params.id),
  });
  r.post('/api/incidents/:id/actions', {
    config: { auth: 'emergency.read' },
    schema: {
      tags: TAG,
      summary: 'dispatch / accept / decline / depart / arrive / rescue / close / cancel (dispatchers: all; rescuers: their own call-out)',
      params: IdParam,
      body: ActionInput,
      response: { 200: IncidentDetailOut },
    },
    handler: async (req) => {
      const out = await incidents.perform(ctx, principalOf(req), req.params.id, req.body);
      rt.feed.nudge();
      return out;
    },
  });

  r.get('/api/emergency/board', {
    config: { auth: 'emergency.read' },
    schema: { tags: TAG, summary: 'Open incidents with their running clocks, most urgent first', response: { 200: BoardOut } },
    handler: (req) => incidents.board(ctx, principalOf(req)),
  });
  r.get('/api/emergency/stream', {
    config: { auth: 'emergency.read' },
    schema: { tags: TAG, summary: 'Server-sent events: `incident` on every change in scope' },
    handler: async (req, reply) => {
      const p = principalOf(req);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
      res.write('retry: 3000\n\n');
      const unsubscribe = rt.feed.subscribe(incidentScope(ctx, p), (c) => res.write(`event: incident\ndata: ${JSON.stringify(c)}\n\n`));
      const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
      const end = () => {
        clearInterval(ping);
        unsubscribe();
        streams.delete(end);
        if (!res.writableEnded) res.end();
      };
      streams.add(end);
      req.raw.on('close', end);
    },
  });
  r.get('/api/emergency/lookup', {
    config: { auth: 'emergency.dispatch' },
    schema: { tags: TAG, summary: 'Call form: elevator by rescue code, 注册代码 or address, with who to phone', querystring: z.object({ q: z.string().max(100) }), response: { 200: LookupOut } },
    handler: (req) => incidents.lookup(ctx, principalOf(req), req.query.q),
  });

  // ---- public QR page
  const hits = new Map<string, number[]>();
  r.post('/api/public/incidents', {
    config: { auth: 'public' },
    schema: {
      tags: ['public'],
      summary: 'QR page: 我被困了 / 报告故障 (no login; rate-limited per address)',
      body: PublicReport,
      response: { 201: z.object({ id: z.number(), status: z.string(), receivedAt: z.string(), merged: z.boolean() }) },
    },
    handler: async (req, reply) => {
      const now = Date.now();
      const list = (hits.get(req.ip) ?? []).filter((t) => now - t < PUBLIC_LIMIT.windowMs);
      if (list.length >= PUBLIC_LIMIT.max) throw new AppError('RATE_LIMITED');
      list.push(now);
      hits.set(req.ip, list);
      if (hits.size > 50_000) hits.clear();
      const out = await incidents.publicReport(ctx, req.body);
      rt.feed.nudge();
      return reply.code(201).send(out);
    },
  });

  // ---- KPIs and coverage
  r.get('/api/stats/emergency', {
    config: { auth: 'emergency.read' },
    schema: { tags: TAG, summary: '96333 KPIs for a region and period (dates inclusive, Asia/Shanghai); rates 0–1', querystring: StatsQuery, response: { 200: StatsOut } },
    handler: (req) => stats(ctx, principalOf(req), req.query),
  });
  r.get('/api/emergency/report', {
    config: { auth: 'emergency.read' },
    schema: { tags: TAG, summary: 'Period report: KPIs by region, rankings per 100 elevators, hours, months, arrival times', querystring: StatsQuery, response: { 200: ReportOut } },
    handler: (req) => report(ctx, principalOf(req), req.query),
  });
  r.get('/api/emergency/report.csv', {
    config: { auth: 'emergency.read' },
    schema: { tags: TAG, summary: 'The period report as CSV', querystring: StatsQuery },
    handler: async (req, reply) => {
      const out = reportCsv(await report(ctx, principalOf(req), req.query));
      reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`96333救援统计_${req.query.from ?? ''}_${req.query.to ?? ''}.csv`)}`);
      return reply.type('text/csv; charset=utf-8').send(out);
    },
  });
  r.get('/api/emergency/coverage', {
    config: { auth: 'emergency.read' },
    schema: { tags: TAG, summary: 'Coverage of in-use passenger elevators: rescue code, tier-1 rescuer, hotline', querystring: CoverageQuery, response: { 200: CoverageOut } },
    handler: (req) => coverage(ctx, principalOf(req), req.query),
  });
  r.get('/api/emergency/coverage/gaps', {
    config: { auth: 'emergency.read' },
    schema: { tags: TAG, summary: 'Elevators not covered, with what is missing', querystring: GapListQuery, response: { 200: GapListOut } },
    handler: (req) => gaps(ctx, principalOf(req), req.query),
  });

  // ---- SLA settings
  r.get('/api/emergency/sla', {
    config: { auth: 'emergency.read' },
    schema: { tags: TAG, summary: 'SLA limits by region prefix, and the defaults', response: { 200: SlaOut } },
    handler: () => incidents.slaSettings(ctx),
  });
  r.put('/api/emergency/sla', {
    config: { auth: 'emergency.settings' },
    schema: { tags: TAG, summary: 'Set limits for a region (seconds; null = inherit); applies to clocks started afterwards', body: SlaInput, response: { 200: SlaOut } },
    handler: (req) => incidents.putSla(ctx, principalOf(req), req.body),
  });

  // ---- history import
  r.get('/api/incidents/import-template', {
    config: { auth: 'emergency.import' },
    schema: { tags: TAG, summary: 'CSV template for past incidents' },
    handler: async (_req, reply) => {
      reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent('救援记录导入模板.csv')}`);
      reply.type('text/csv; charset=utf-8');
      return '\uFEFF注册代码,报警时间,派单时间,到达时间,解救时间,困人人数,原因类别,受伤人数,备注\r\n31103701002019000001,2024-03-05 08:15:00,2024-03-05 08:16:10,2024-03-05 08:27:40,2024-03-05 08:33:00,2,外部原因,0,停电\r\n';
    },
  });
  app.register(async (scoped) => {
    scoped.addContentTypeParser(['text/csv', 'text/plain', 'application/octet-stream', 'application/vnd.ms-excel', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'], (_req, payload, done) => done(null, payload));
    typed(scoped).post('/api/incidents/import', {
      config: { auth: 'emergency.import' },
      bodyLimit: 200 * 1024 * 1024,
      schema: {
        tags: TAG,
        summary: 'Import past incidents (CSV UTF-8/GBK or XLSX as the raw body); runs as a job polled at /api/imports/{id}',
        headers: z.object({ 'x-file-name': z.string().max(300).optional() }).passthrough(),
        response: { 202: z.object({ importId: z.string() }) },
      },
      handler: async (req, reply) =>
        reply.code(202).send(await receiveImport(ctx, runner, req, INCIDENT_IMPORT_KIND, (jobId, file, p) => executeIncidentImport(ctx, jobId, file, actorOf(p)))),
    });
  });
}
