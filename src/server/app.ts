import fs from 'node:fs';
import path from 'node:path';
import Fastify, { LogController, type FastifyError, type FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { hasZodFastifySchemaValidationErrors, jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { backgroundJobs } from './background.ts';
import type { AppContext } from './context.ts';
import { registerAuthHook, type RouteAuth } from './http/auth-hook.ts';
import { registerSecurityHeaders } from './http/security-headers.ts';
import { registerPublicRateLimit } from './http/rate-limit.ts';
import { AppError, ERROR_STATUS, errorBody, errorMessage, infrastructureError, type ErrorCode } from './http/errors.ts';
import { resolveToken } from '../modules/auth/auth.service.ts';
import authRoutes from '../modules/auth/auth.routes.ts';
import auditRoutes from '../modules/audit/audit.routes.ts';
import elevatorRoutes from '../modules/elevators/elevators.routes.ts';
import { importRoutes } from '../modules/elevators/imports.routes.ts';
import type { JobRunner } from '../modules/jobs/job-runner.ts';
import type { IotRuntime } from '../modules/iot/iot.runtime.ts';
import { iotRoutes } from '../modules/iot/iot.routes.ts';
import type { EmergencyRuntime } from '../modules/emergency/emergency.runtime.ts';
import { emergencyRoutes } from '../modules/emergency/emergency.routes.ts';
import { inspectionRoutes } from '../modules/inspection/inspection.routes.ts';
import { maintenanceRoutes } from '../modules/maintenance/maintenance.routes.ts';
import { hazardRoutes } from '../modules/hazards/hazards.routes.ts';
import { riskRoutes } from '../modules/risk/risk.routes.ts';
import { stewardshipRoutes } from '../modules/stewardship/stewardship.routes.ts';
import { assessmentRoutes } from '../modules/assessments/assessments.routes.ts';
import { renovationRoutes } from '../modules/renovation/renovation.routes.ts';
import { addonRoutes } from '../modules/addon/addon.routes.ts';
import { insuranceRoutes } from '../modules/insurance/insurance.routes.ts';
import { publicationRoutes } from '../modules/publication/publication.routes.ts';
import { ruleSettingRoutes } from '../modules/settings/rules.routes.ts';
import { creditRoutes } from '../modules/credit/credit.routes.ts';
import { enforcementRoutes } from '../modules/enforcement/enforcement.routes.ts';
import { personnelRoutes } from '../modules/personnel/personnel.routes.ts';
import { manufacturerRoutes } from '../modules/manufacturers/manufacturers.routes.ts';
import { complaintRoutes } from '../modules/complaints/complaints.routes.ts';
import { cockpitRoutes } from '../modules/cockpit/cockpit.routes.ts';
import { departmentRoutes } from '../modules/departments/departments.routes.ts';
import orgRoutes from '../modules/orgs/orgs.routes.ts';
import regionRoutes from '../modules/regions/regions.routes.ts';
import userRoutes from '../modules/users/users.routes.ts';

// Validation messages reach people: zod's built-in Chinese locale for the generic ones.
z.config(z.locales.zhCN());

const WEB_DIR = path.resolve(import.meta.dirname, '../../dist/web');
const JSON_BODY_LIMIT = 2 * 1024 * 1024;

export interface RouteEntry {
  method: string;
  url: string;
  auth: RouteAuth | undefined;
}

declare module 'fastify' {
  interface FastifyInstance {
    routeTable: readonly RouteEntry[];
  }
}

export interface AppOptions {
  runner: JobRunner;
  iot: IotRuntime;
  emergency: EmergencyRuntime;
  /** Set once the store is migrated and the server accepts work; /api/health answers 503 before. */
  ready?: () => boolean;
}

/** The path of the first string holding a NUL character in a parsed request part (plain objects and arrays only). */
function nulField(value: unknown, where: string, depth = 0): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? where : undefined;
  if (depth > 32 || value === null || typeof value !== 'object' || Buffer.isBuffer(value) || typeof (value as { pipe?: unknown }).pipe === 'function') return undefined;
  for (const [k, v] of Object.entries(value)) {
    if (k.includes('\u0000')) return `${where}.${k.replace(/\u0000/g, '')}`;
    const f = nulField(v, `${where}.${k}`, depth + 1);
    if (f) return f;
  }
  return undefined;
}

/** Builds the HTTP app: one error format, the access rule of every route, OpenAPI, the API and the SPA. */
export async function buildApp(ctx: AppContext, opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: ctx.log,
    bodyLimit: JSON_BODY_LIMIT,
    trustProxy: ctx.config.TRUST_PROXY,
    // Per-request lines would flood the log at province load; slow and failed requests are logged below.
    logController: new LogController({ disableRequestLogging: true }),
    requestTimeout: 120_000,
    // Live streams and keep-alive sockets must not hold up a shutdown: viewers reconnect to another node.
    forceCloseConnections: true,
  });
  // The route table (method, url, access rule) as registered: the security suite derives its matrix from it.
  const routeTable: RouteEntry[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routeTable.push({ method, url: route.url, auth: route.config?.auth });
  });
  app.decorate('routeTable', routeTable);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler((err: FastifyError, req, reply) => {
    // Answered before the whole body was read (an upload refused mid-stream, e.g. a full disk): the rest of the body is
    // still on the wire, so this connection cannot carry another request; without this the client's next request on
    // it hung (found by `npm run faults` disk-full).
    if (!req.raw.complete) reply.header('connection', 'close');
    if (err instanceof AppError) return reply.code(err.status).send(errorBody(err.code, err.message, err.details));
    if (hasZodFastifySchemaValidationErrors(err)) {
      const where = err.validationContext ?? 'body';
      const fields = err.validation.map((v) => ({
        field: [where === 'body' ? '' : where, ...(v.instancePath || '').split('/').filter(Boolean)].filter(Boolean).join('.') || where,
        message: v.message ?? '',
      }));
      return reply.code(400).send(errorBody('VALIDATION_FAILED', errorMessage('VALIDATION_FAILED'), { fields }));
    }
    const known: Record<string, ErrorCode> = {
      FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
      FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_FILE',
      FST_ERR_CTP_EMPTY_JSON_BODY: 'BAD_REQUEST',
      FST_ERR_CTP_INVALID_JSON_BODY: 'BAD_REQUEST',
      FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BAD_REQUEST',
    };
    const code = err.code && known[err.code];
    if (code) return reply.code(err.statusCode ?? 400).send(errorBody(code, errorMessage(code)));
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      const byStatus: Record<number, ErrorCode> = { 403: 'FORBIDDEN', 404: 'NOT_FOUND', 413: 'PAYLOAD_TOO_LARGE', 415: 'UNSUPPORTED_FILE', 429: 'RATE_LIMITED' };
      const c = byStatus[err.statusCode] ?? 'BAD_REQUEST';
      return reply.code(err.statusCode).send(errorBody(c, errorMessage(c)));
    }
    const infra = infrastructureError(err);
    if (infra) {
      req.log.error({ err }, infra === 'STORE_UNAVAILABLE' ? 'store unavailable' : 'storage full');
      if (infra === 'STORE_UNAVAILABLE') reply.header('retry-after', '5');
      return reply.code(ERROR_STATUS[infra]).send(errorBody(infra, errorMessage(infra)));
    }
    req.log.error({ err }, 'unhandled error');
    return reply.code(500).send(errorBody('INTERNAL', errorMessage('INTERNAL')));
  });
  // PostgreSQL cannot store NUL in text: a NUL anywhere in a request's strings is the caller's error (400), not a
  // server error from the first query that meets it. Found by the security probes (src/security/probes.test.ts).
  app.addHook('preValidation', async (req) => {
    const field = nulField(req.params, 'params') ?? nulField(req.query, 'querystring') ?? nulField(req.body, 'body');
    if (field) throw new AppError('NUL_CHARACTER', { fields: [{ field, message: errorMessage('NUL_CHARACTER') }] });
  });
  app.addHook('onResponse', async (req, reply) => {
    if (reply.statusCode >= 500 || reply.elapsedTime > 1000)
      req.log.info({ method: req.method, url: req.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
  });
  // Behind HTTPS (PUBLIC_BASE_URL https://…) browsers are told to come back only over HTTPS.
  registerSecurityHeaders(app, { https: ctx.config.PUBLIC_BASE_URL?.startsWith('https://') ?? false });

  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'LiftSafe 梯安 API', version: '0.1.0', description: 'Provincial elevator safety supervision platform' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { config: { auth: 'public' }, schema: { hide: true } }, async () => app.swagger());

  registerPublicRateLimit(app, ctx);
  registerAuthHook(app, (token) => resolveToken(ctx, token));

  app.get('/api/health', { config: { auth: 'public' }, schema: { tags: ['system'] } }, async (_req, reply) => {
    const ready = opts.ready?.() ?? true;
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ok' : 'starting', store: ctx.store.kind, uptimeSeconds: Math.round(process.uptime()) });
  });

  app.get(
    '/api/system/jobs',
    {
      config: { auth: 'users.manage' },
      schema: { tags: ['system'], summary: "This node's background jobs: running now, runs, last start, finish, duration and error" },
    },
    async () => ({ items: backgroundJobs() }),
  );

  await app.register(async (scoped) => {
    for (const mod of [authRoutes, userRoutes, orgRoutes, regionRoutes, elevatorRoutes, auditRoutes]) await mod(scoped, ctx);
  });
  await app.register(async (scoped) => importRoutes(scoped, ctx, opts.runner));
  await app.register(async (scoped) => iotRoutes(scoped, ctx, opts.iot));
  await app.register(async (scoped) => emergencyRoutes(scoped, ctx, opts.emergency, opts.runner));
  await app.register(async (scoped) => inspectionRoutes(scoped, ctx));
  await app.register(async (scoped) => maintenanceRoutes(scoped, ctx));
  await app.register(async (scoped) => hazardRoutes(scoped, ctx));
  await app.register(async (scoped) => riskRoutes(scoped, ctx, opts.runner));
  await app.register(async (scoped) => stewardshipRoutes(scoped, ctx));
  await app.register(async (scoped) => assessmentRoutes(scoped, ctx));
  await app.register(async (scoped) => renovationRoutes(scoped, ctx));
  await app.register(async (scoped) => addonRoutes(scoped, ctx));
  await app.register(async (scoped) => insuranceRoutes(scoped, ctx));
  await app.register(async (scoped) => publicationRoutes(scoped, ctx));
  await app.register(async (scoped) => ruleSettingRoutes(scoped, ctx));
  await app.register(async (scoped) => creditRoutes(scoped, ctx));
  await app.register(async (scoped) => enforcementRoutes(scoped, ctx));
  await app.register(async (scoped) => personnelRoutes(scoped, ctx));
  await app.register(async (scoped) => manufacturerRoutes(scoped, ctx));
  await app.register(async (scoped) => complaintRoutes(scoped, ctx));
  await app.register(async (scoped) => cockpitRoutes(scoped, ctx));
  await app.register(async (scoped) => departmentRoutes(scoped, ctx));

  const hasWeb = fs.existsSync(path.join(WEB_DIR, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, { root: WEB_DIR, wildcard: true, index: false, maxAge: '1h' });
    // The site root is the app itself (the static plugin answers a directory with 403).
    app.get('/', { schema: { hide: true } }, (_req, reply) => reply.header('cache-control', 'no-cache').sendFile('index.html'));
  }
  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api/') || req.method !== 'GET') return reply.code(404).send(errorBody('ROUTE_NOT_FOUND', errorMessage('ROUTE_NOT_FOUND')));
    if (!hasWeb) return reply.code(503).type('text/plain; charset=utf-8').send('网页尚未构建：请运行 npm run build:web（npm run demo 会自动构建）');
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
  return app;
}

