import { z } from 'zod';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fs from 'node:fs';
import type { AppContext } from '../../server/context.ts';
import { AppError } from '../../server/http/errors.ts';
import { principalOf } from '../../server/http/auth-hook.ts';
import { typed } from '../../server/http/types.ts';
import { actorOf } from '../audit/audit.service.ts';
import type { Principal } from '../auth/principal.ts';
import type { Permission } from '../auth/roles.ts';
import * as jobs from '../jobs/jobs.repo.ts';
import type { JobRunner } from '../jobs/job-runner.ts';
import { acceptUpload, ImportFileError, runImport } from './elevator-import.service.ts';
import { template } from './elevator-export.service.ts';

const FILE_TYPES = [
  'text/csv',
  'text/plain',
  'application/csv',
  'application/vnd.ms-excel',
  'application/octet-stream',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
];
/** Largest accepted import file: a million-row registry export is ~400 MB as CSV. */
const MAX_IMPORT_BYTES = 1024 * 1024 * 1024;
/** Rows listed in the job report; all of them stay in the store (job_issue). */
const REPORT_LIMIT = 10_000;

const Issue = z.object({ line: z.number(), registrationCode: z.string().nullable(), errors: z.array(z.object({ field: z.string(), message: z.string() })) });
const JobSummary = z.object({
  id: z.string(),
  status: z.enum(['queued', 'running', 'done', 'failed']),
  fileName: z.string().nullable(),
  fileSha256: z.string().nullable(),
  total: z.number(),
  processed: z.number(),
  imported: z.number(),
  updated: z.number(),
  rejectedCount: z.number(),
  warningCount: z.number(),
  error: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
const JobOut = JobSummary.extend({ rejected: z.array(Issue), warnings: z.array(Issue) });

type JobRow = NonNullable<Awaited<ReturnType<typeof jobs.getById>>>;
const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);
function summary(j: JobRow): z.infer<typeof JobSummary> {
  return {
    id: j.id,
    status: j.status,
    fileName: j.file_name,
    fileSha256: j.file_sha256,
    total: j.total,
    processed: j.processed,
    imported: j.imported,
    updated: j.updated,
    rejectedCount: j.rejected,
    warningCount: j.warnings,
    error: j.error,
    createdAt: iso(j.created_at)!,
    startedAt: iso(j.started_at),
    finishedAt: iso(j.finished_at),
  };
}

/** The permission that lets a caller follow an import job of each kind. */
const IMPORT_PERMISSION: Record<string, Permission> = { 'elevator-import': 'registry.import', 'incident-import': 'emergency.import' };

/** An import belongs to the organisation that started it; the platform's admins see all. */
function canSee(p: Principal, j: JobRow) {
  return p.orgType === 'platform' || j.org_id === p.orgId;
}

export function importRoutes(app: FastifyInstance, ctx: AppContext, runner: JobRunner) {
  const r = typed(app);
  // The body of an import is the file itself, streamed to disk, never buffered whole in memory.
  app.addContentTypeParser(FILE_TYPES, (_req, payload, done) => done(null, payload));

  r.post('/api/elevators/import', {
    config: { auth: 'registry.import' },
    bodyLimit: MAX_IMPORT_BYTES,
    schema: {
      tags: ['elevators'],
      summary: 'Import a registry file (CSV UTF-8/GBK or XLSX) as the raw body; runs as a job',
      headers: z.object({ 'x-file-name': z.string().max(300).optional() }).passthrough(),
      response: { 202: z.object({ importId: z.string() }) },
    },
    handler: async (req, reply) => reply.code(202).send(await receiveImport(ctx, runner, req, 'elevator-import', (jobId, file, p) => execute(ctx, jobId, file, p))),
  });

  r.get('/api/imports/:id', {
    // Registry imports need registry.import, incident history imports emergency.import (checked below).
    config: { auth: 'authenticated' },
    schema: { tags: ['elevators'], params: z.object({ id: z.string().uuid() }), response: { 200: JobOut } },
    handler: async (req) => {
      const j = await jobs.getById(ctx.store.db, req.params.id);
      const p = principalOf(req);
      if (!j || !canSee(p, j) || !p.permissions.has(IMPORT_PERMISSION[j.kind] ?? 'registry.import')) throw new AppError('IMPORT_NOT_FOUND');
      const [rejected, warnings] = await Promise.all([
        jobs.issues(ctx.store.db, j.id, 'error', REPORT_LIMIT),
        jobs.issues(ctx.store.db, j.id, 'warning', REPORT_LIMIT),
      ]);
      const issue = (i: (typeof rejected)[number]) => ({ line: i.line, registrationCode: i.registration_code, errors: i.errors as z.infer<typeof Issue>['errors'] });
      return { ...summary(j), rejected: rejected.map(issue), warnings: warnings.map(issue) };
    },
  });

  r.get('/api/imports', {
    config: { auth: 'authenticated' },
    schema: { tags: ['elevators'], querystring: z.object({ kind: z.enum(['elevator-import', 'incident-import']).default('elevator-import') }), response: { 200: z.object({ items: z.array(JobSummary) }) } },
    handler: async (req) => {
      const p = principalOf(req);
      if (!p.permissions.has(IMPORT_PERMISSION[req.query.kind]!)) throw new AppError('FORBIDDEN');
      const rows = await jobs.listRecent(ctx.store.db, { kind: req.query.kind, orgId: p.orgType === 'platform' ? undefined : p.orgId, limit: 20 });
      return { items: rows.map(summary) };
    },
  });

  r.get('/api/elevators/import-template', {
    config: { auth: 'registry.read' },
    schema: { tags: ['elevators'], querystring: z.object({ format: z.enum(['csv', 'xlsx']).default('xlsx') }) },
    handler: async (req, reply) => {
      const { format } = req.query;
      const name = encodeURIComponent('电梯档案导入模板') + '.' + format;
      reply.header('content-disposition', `attachment; filename*=UTF-8''${name}`);
      reply.type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      return reply.send(await template(format));
    },
  });
}

/**
 * An import file arriving as the raw request body (streamed to disk, hashed) becomes a job; the caller's `run` does
 * the work in the background. The same contract for every kind of import: 202 `{importId}`, then
 * `GET /api/imports/{id}` for progress and the rows refused.
 */
export async function receiveImport(
  ctx: AppContext,
  runner: JobRunner,
  req: FastifyRequest,
  kind: string,
  run: (jobId: string, file: string, p: Principal) => Promise<void>,
): Promise<{ importId: string }> {
  const p = principalOf(req);
  const body = req.body as NodeJS.ReadableStream | undefined;
  if (!body || typeof (body as { pipe?: unknown }).pipe !== 'function') throw new AppError('UNSUPPORTED_FILE');
  const raw = req.headers['x-file-name'];
  const fileName = typeof raw === 'string' ? safeDecode(raw) : null;
  const { jobId, file, size } = await acceptUpload(ctx, body, { fileName, userId: p.userId, orgId: p.orgId, kind });
  if (size === 0) await jobs.update(ctx.store.db, jobId, { status: 'failed', error: '文件为空', finished_at: ctx.clock.now() });
  else runner.start(jobId, () => run(jobId, file, p));
  req.log.info({ jobId, size, fileName, kind }, 'import accepted');
  return { importId: jobId };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s).slice(0, 200);
  } catch {
    return s.slice(0, 200);
  }
}

async function execute(ctx: AppContext, jobId: string, file: string, p: Principal) {
  try {
    const counts = await runImport(ctx, jobId, file, actorOf(p));
    await jobs.update(ctx.store.db, jobId, { status: 'done', total: counts.total, finished_at: ctx.clock.now() });
    ctx.log.info({ jobId, ...counts }, 'import done');
  } catch (err) {
    const message = err instanceof ImportFileError ? err.message : `导入中断：${(err as Error).message}`;
    if (!(err instanceof ImportFileError)) ctx.log.error({ err, jobId }, 'import failed');
    await jobs.update(ctx.store.db, jobId, { status: 'failed', error: message, finished_at: ctx.clock.now() }).catch(() => {});
  } finally {
    await fs.promises.unlink(file).catch(() => {});
  }
}
