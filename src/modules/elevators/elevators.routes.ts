import { z } from 'zod';
import { shanghaiDate } from '../../server/clock.ts';
import { InspectionBlock } from '../inspection/inspection.schema.ts';
import { inspectionSummaryByCode } from '../inspection/schedule.service.ts';
import QRCode from 'qrcode';
import type { FastifyRequest } from 'fastify';
import { principalOf } from '../../server/http/auth-hook.ts';
import { AppError } from '../../server/http/errors.ts';
import { typed, type RouteModule } from '../../server/http/types.ts';
import { exportCsv, exportXlsx } from './elevator-export.service.ts';
import { ELEVATOR_FIELDS } from './elevator-row.ts';
import { PLACE_TYPE_ZH, STATUS_ZH, VARIETIES } from './elevators.domain.ts';
import {
  CodeParam,
  ElevatorInput,
  ElevatorListOut,
  ElevatorListQuery,
  ElevatorOut,
  FacetsOut,
  PublicElevatorOut,
  StatusChangeInput,
} from './elevators.schema.ts';
import * as service from './elevators.service.ts';
import { publicLookup } from './public-lookup.service.ts';

const FilterQuery = ElevatorListQuery.omit({ sort: true, order: true, page: true, pageSize: true });
const PublicCode = z.object({ code: z.string().max(40) });

/** Base URL for QR codes: PUBLIC_BASE_URL, else the host the request came to. */
function publicBase(req: FastifyRequest, configured?: string) {
  return configured?.replace(/\/$/, '') ?? `${req.protocol}://${req.host}`;
}

const routes: RouteModule = (app, ctx) => {
  const r = typed(app);
  r.get('/api/elevators', {
    config: { auth: 'registry.read' },
    schema: { tags: ['elevators'], summary: 'Search and filter the registry (server-side paging and sorting)', querystring: ElevatorListQuery, response: { 200: ElevatorListOut } },
    handler: (req) => service.list(ctx, principalOf(req), req.query),
  });
  r.get('/api/elevators/facets', {
    config: { auth: 'registry.stats' },
    schema: { tags: ['elevators'], summary: 'Counts by city, county, category, status, place type and age', querystring: FilterQuery, response: { 200: FacetsOut } },
    handler: (req) => service.facets(ctx, principalOf(req), req.query),
  });
  r.get('/api/elevators/export', {
    config: { auth: 'registry.export' },
    schema: { tags: ['elevators'], summary: 'The filtered list as CSV or XLSX, in the import template layout', querystring: FilterQuery.extend({ format: z.enum(['csv', 'xlsx']).default('csv') }) },
    handler: async (req, reply) => {
      const { format, ...q } = req.query;
      const p = principalOf(req);
      service.toFilter(ctx, q); // reject a bad filter before headers go out
      const name = encodeURIComponent(`电梯档案-${new Date().toISOString().slice(0, 10)}`) + '.' + format;
      reply.header('content-disposition', `attachment; filename*=UTF-8''${name}`);
      if (format === 'xlsx') {
        reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
        return reply.send(exportXlsx(ctx, p, q));
      }
      reply.type('text/csv; charset=utf-8');
      return reply.send(exportCsv(ctx, p, q));
    },
  });
  r.get('/api/meta/registry', {
    config: { auth: 'public' },
    schema: {
      tags: ['elevators'],
      summary: 'Vocabularies: categories, statuses, place types, import fields',
      response: {
        200: z.object({
          categories: z.array(z.object({ code: z.string(), name: z.string() })),
          statuses: z.array(z.object({ code: z.string(), name: z.string() })),
          placeTypes: z.array(z.object({ code: z.string(), name: z.string() })),
          importFields: z.array(z.object({ key: z.string(), zh: z.string() })),
        }),
      },
    },
    handler: async () => ({
      categories: VARIETIES.map((c) => ({ code: c.code, name: c.nameZh })),
      statuses: Object.entries(STATUS_ZH).map(([code, name]) => ({ code, name })),
      placeTypes: Object.entries(PLACE_TYPE_ZH).map(([code, name]) => ({ code, name })),
      importFields: ELEVATOR_FIELDS.map((f) => ({ key: f.key, zh: f.zh })),
    }),
  });
  r.get('/api/elevators/:registrationCode', {
    config: { auth: 'registry.read' },
    schema: { tags: ['elevators'], summary: 'The full record, with its inspection schedule', params: CodeParam, response: { 200: ElevatorOut.extend({ inspection: InspectionBlock.nullable() }) } },
    handler: async (req) => {
      // The record first: it applies the caller's scope.
      const record = await service.get(ctx, principalOf(req), req.params.registrationCode);
      return { ...record, inspection: await inspectionSummaryByCode(ctx.store.db, record.registrationCode, shanghaiDate(ctx.clock.now())) };
    },
  });
  r.post('/api/elevators', {
    config: { auth: 'registry.write' },
    schema: { tags: ['elevators'], summary: 'Register an elevator', body: ElevatorInput, response: { 201: ElevatorOut } },
    handler: async (req, reply) => reply.code(201).send(await service.create(ctx, principalOf(req), req.body)),
  });
  r.put('/api/elevators/:registrationCode', {
    config: { auth: 'registry.write' },
    schema: { tags: ['elevators'], summary: 'Correct a record (audited; optimistic lock by version)', params: CodeParam, body: ElevatorInput, response: { 200: ElevatorOut } },
    handler: (req) => service.update(ctx, principalOf(req), req.params.registrationCode, req.body),
  });
  r.post('/api/elevators/:registrationCode/status', {
    config: { auth: 'registry.write' },
    schema: { tags: ['elevators'], summary: 'Change status along the lifecycle', params: CodeParam, body: StatusChangeInput, response: { 200: ElevatorOut } },
    handler: (req) => service.changeStatus(ctx, principalOf(req), req.params.registrationCode, req.body),
  });
  r.get('/api/elevators/:registrationCode/qr.:format', {
    config: { auth: 'public' },
    schema: { tags: ['public'], summary: 'QR code (SVG or PNG) pointing to the public page', params: CodeParam.extend({ format: z.enum(['svg', 'png']) }) },
    handler: async (req, reply) => {
      const url = `${publicBase(req, ctx.config.PUBLIC_BASE_URL)}/e/${req.params.registrationCode}`;
      reply.header('cache-control', 'public, max-age=86400');
      if (req.params.format === 'svg') return reply.type('image/svg+xml').send(await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }));
      return reply.type('image/png').send(await QRCode.toBuffer(url, { type: 'png', errorCorrectionLevel: 'M', margin: 2, width: 480 }));
    },
  });
  r.get('/api/public/elevators/:code', {
    config: { auth: 'public' },
    schema: { tags: ['public'], summary: 'Public record by 注册代码 or 救援识别码 (no login)', params: PublicCode, response: { 200: PublicElevatorOut } },
    handler: async (req) => {
      const found = await publicLookup(ctx, req.params.code);
      if (!found) throw new AppError('PUBLIC_ELEVATOR_NOT_FOUND');
      return found;
    },
  });
};
export default routes;
