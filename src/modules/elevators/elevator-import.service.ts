import crypto from 'node:crypto';
import { Worker } from 'node:worker_threads';
import fs from 'node:fs';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { AppContext } from '../../server/context.ts';
import type { DB } from '../../server/db/schema.ts';
import { shanghaiDate } from '../../server/clock.ts';
import type { FieldError } from '../../server/http/errors.ts';
import * as audit from '../audit/audit.service.ts';
import * as jobs from '../jobs/jobs.repo.ts';
import { OrgResolver, type OrgRefInput } from '../orgs/org-resolver.ts';
import { upsertElevators, type ElevatorWrite } from './elevator-writer.ts';
import * as repo from './elevators.repo.ts';
import { invalidatePublic } from './public-lookup.service.ts';
import { enterBulkLoad, leaveBulkLoad, wantsBulk } from './bulk-load.ts';
import { countLines, saveStream, sniffFormat } from './import-reader.ts';
import { ImportFileError, type Issue, type ParsedBatch, type PendingRow } from './import-parse.ts';
import type { ParseMessage, ParseWorkerData } from './import-parse.worker.ts';

export { ImportFileError };

export interface ImportCounts {
  total: number;
  imported: number;
  updated: number;
  unchanged: number;
  rejected: number;
  warnings: number;
}

export function importDir(ctx: AppContext): string {
  const dir = path.resolve(ctx.config.DATA_DIR, 'imports');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * Runs one import job over a saved file. Each batch commits in one transaction together with its rejected
 * rows, its audit entry and the job's progress, so a crash at any moment leaves whole rows and a job record
 * that matches them; upsert by 注册代码 makes re-running the same file safe.
 */
export async function runImport(ctx: AppContext, jobId: string, file: string, actor: audit.Actor): Promise<ImportCounts> {
  const { db } = ctx.store;
  const counts: ImportCounts = { total: 0, imported: 0, updated: 0, unchanged: 0, rejected: 0, warnings: 0 };
  const estimate = (await sniffFormat(file)) === 'csv' ? Math.max(0, (await countLines(file)) - 1) : 0;
  await jobs.update(db, jobId, { status: 'running', started_at: ctx.clock.now(), heartbeat_at: ctx.clock.now(), total: estimate });
  const bulk = wantsBulk(estimate, await repo.countFromCounts(db, '', {})) && !(await jobs.othersRunning(db, jobId, 'elevator-import'));
  if (bulk) {
    ctx.log.info({ jobId, estimate }, 'import in bulk-load mode: secondary indexes and counts are rebuilt at the end');
    await enterBulkLoad(db);
  }
  try {
    const resolver = new OrgResolver();
    for await (const batch of parsedBatches(ctx, file)) {
      counts.total = batch.total;
      await writeBatch(ctx, jobId, actor, resolver, batch.pending, batch.rejected, counts);
      await new Promise((r) => setImmediate(r)); // let HTTP requests (progress polls) in between batches
    }
  } finally {
    if (bulk) await leaveBulkLoad(db);
  }
  // PGlite has no autovacuum: without fresh statistics the planner scans a million rows for a 20-row page.
  if (counts.imported + counts.updated > 0) await sql`ANALYZE elevator, elevator_count, organization`.execute(db);
  return counts;
}

/** Batches parsed by a worker thread, in order; its errors surface here (file errors as ImportFileError). */
async function* parsedBatches(ctx: AppContext, file: string): AsyncGenerator<ParsedBatch> {
  const data: ParseWorkerData = {
    file,
    today: shanghaiDate(ctx.clock.now()),
    regions: ctx.regions.all().map(({ cityCode: _c, provinceCode: _p, ...r }) => r),
    aliases: ctx.regions.aliasRows(),
  };
  // The worker's entry is a JS shim that loads tsx first: the worker code is TypeScript like the rest.
  const worker = new Worker(new URL('./import-parse.worker.mjs', import.meta.url), { workerData: data });
  const queue: ParseMessage[] = [];
  let wake: (() => void) | undefined;
  const push = (m: ParseMessage) => {
    queue.push(m);
    wake?.();
  };
  worker.on('message', push);
  worker.on('error', (err) => push({ type: 'error', message: err.message, fileError: false }));
  worker.on('exit', (code) => code !== 0 && push({ type: 'error', message: `parser exited with code ${code}`, fileError: false }));
  try {
    for (;;) {
      while (!queue.length) await new Promise<void>((r) => (wake = r));
      const m = queue.shift()!;
      if (m.type === 'end') return;
      if (m.type === 'error') throw m.fileError ? new ImportFileError(m.message) : new Error(m.message);
      yield m.batch;
      worker.postMessage({ type: 'ack' });
    }
  } finally {
    await worker.terminate();
  }
}



async function writeBatch(
  ctx: AppContext,
  jobId: string,
  actor: audit.Actor,
  resolver: OrgResolver,
  pending: PendingRow[],
  rejected: Issue[],
  counts: ImportCounts,
): Promise<void> {
  const now = ctx.clock.now();
  const before = { ...counts };
  resolver.begin();
  try {
    await ctx.store.db.transaction().execute(async (trx) => {
      const batch = await writeRows(trx, ctx, jobId, actor, resolver, pending, rejected, now);
      await commitProgress(trx, jobId, rejected, pending, batch, counts, now);
    });
  } catch (err) {
    // Something in the batch broke a store rule we did not foresee (e.g. a rescue code taken by a concurrent
    // import). Write row by row so only the offending rows are rejected, each with the store's reason.
    ctx.log.warn({ err, jobId }, 'import batch failed, retrying row by row');
    Object.assign(counts, before);
    resolver.rollback();
    const lone: Issue[] = [...rejected];
    const done = { imported: 0, updated: 0, unchanged: 0 };
    for (const row of pending) {
      resolver.begin();
      try {
        await ctx.store.db.transaction().execute(async (trx) => {
          const r = await writeRows(trx, ctx, jobId, actor, resolver, [row], [], now);
          done.imported += r.imported;
          done.updated += r.updated;
          done.unchanged += r.unchanged;
        });
      } catch (rowErr) {
        resolver.rollback();
        lone.push({ line: row.line, registrationCode: row.value.registrationCode, errors: [storeError(rowErr)] });
      }
    }
    await ctx.store.db.transaction().execute(async (trx) => {
      const ok = pending.filter((p) => !lone.some((l) => l.line === p.line));
      await commitProgress(trx, jobId, lone, ok, done, counts, now);
    });
  }
}

function storeError(err: unknown): FieldError {
  const e = err as { constraint?: string; message?: string };
  if (e.constraint?.includes('rescue_code')) return { field: 'rescueCode', message: '救援识别码：已被其他电梯使用' };
  return { field: 'registrationCode', message: `保存失败：${e.message ?? String(err)}` };
}

async function commitProgress(
  trx: Kysely<DB>,
  jobId: string,
  rejected: Issue[],
  accepted: PendingRow[],
  batch: { imported: number; updated: number; unchanged: number },
  counts: ImportCounts,
  now: Date,
) {
  const warned = accepted.filter((p) => p.warnings.length);
  await jobs.insertIssues(trx, [
    ...rejected.map((r) => ({ job_id: jobId, line: r.line, severity: 'error' as const, registration_code: r.registrationCode, errors: r.errors })),
    ...warned.map((p) => ({ job_id: jobId, line: p.line, severity: 'warning' as const, registration_code: p.value.registrationCode, errors: p.warnings })),
  ]);
  counts.imported += batch.imported;
  counts.updated += batch.updated + batch.unchanged;
  counts.unchanged += batch.unchanged;
  counts.rejected += rejected.length;
  counts.warnings += warned.length;
  await jobs.update(trx, jobId, {
    processed: counts.imported + counts.updated + counts.rejected,
    imported: counts.imported,
    updated: counts.updated,
    rejected: counts.rejected,
    warnings: counts.warnings,
    heartbeat_at: now,
  });
}

/** Writes accepted rows; rows whose rescue code belongs to another elevator move to `rejected`. */
async function writeRows(
  trx: Kysely<DB>,
  ctx: AppContext,
  jobId: string,
  actor: audit.Actor,
  resolver: OrgResolver,
  pending: PendingRow[],
  rejected: Issue[],
  now: Date,
): Promise<{ imported: number; updated: number; unchanged: number }> {
  const owners = await repo.rescueCodeOwners(trx, pending.filter((p) => p.value.rescueCode).map((p) => p.value.rescueCode!));
  const ownerOf = new Map(owners.map((o) => [o.rescue_code!, o.registration_code]));
  const accepted: PendingRow[] = [];
  for (const p of pending) {
    const owner = p.value.rescueCode ? ownerOf.get(p.value.rescueCode) : undefined;
    if (owner && owner !== p.value.registrationCode) {
      rejected.push({ line: p.line, registrationCode: p.value.registrationCode, errors: [{ field: 'rescueCode', message: `救援识别码：已被电梯 ${owner} 使用` }] });
    } else accepted.push(p);
  }
  pending.splice(0, pending.length, ...accepted);
  if (!accepted.length) return { imported: 0, updated: 0, unchanged: 0 };

  const auditEntries: audit.AuditEntry[] = [];
  const refs: OrgRefInput[] = [];
  for (const { value: v } of accepted) {
    if (v.useUnit) refs.push({ ...v.useUnit, type: 'use_unit', regionCode: v.regionCode });
    if (v.maintenance) refs.push({ ...v.maintenance, type: 'maintenance', regionCode: v.regionCode, hotline: v.maintenancePhone });
  }
  await resolver.resolve(trx, refs, auditEntries);
  const writes: ElevatorWrite[] = [];
  for (const { value: v } of accepted) {
    writes.push({
      ...v,
      useUnitId: resolver.idOf(v.useUnit),
      maintenanceOrgId: resolver.idOf(v.maintenance),
      manufacturerOrgId: await resolver.manufacturerId(trx, v.manufacturerName),
    });
  }
  const before = new Map((await repo.existingByCodes(trx, writes.map((w) => w.registrationCode))).map((e) => [e.registration_code, e]));
  const fresh = writes.filter((w) => !before.has(w.registrationCode));
  const known = writes.filter((w) => before.has(w.registrationCode));
  const written = [
    ...(await upsertElevators(trx, fresh, { now, importId: jobId, known: 'new' })),
    ...(await upsertElevators(trx, known, { now, importId: jobId })),
  ];
  const statusChanges = [];
  const byCode = new Map(writes.map((w) => [w.registrationCode, w]));
  for (const r of written) {
    const old = before.get(r.registration_code);
    const w = byCode.get(r.registration_code)!;
    // A new record's first status is on the record itself (status, created_at, last_import_id); history rows
    // record changes, so a province import does not write a million of them.
    if (old && old.status !== w.status)
      statusChanges.push({
        elevator_id: r.id,
        from_status: old.status,
        to_status: w.status,
        reason: '批量导入更新',
        effective_on: shanghaiDate(now),
        actor_id: actor.userId,
        at: now,
      });
  }
  await repo.insertStatusChanges(trx, statusChanges);
  const inserted = written.filter((r) => r.inserted).map((r) => r.registration_code);
  const updated = written.filter((r) => !r.inserted).map((r) => r.registration_code);
  if (inserted.length || updated.length) {
    auditEntries.push({
      action: 'elevator.import',
      entityType: 'import',
      entityId: jobId,
      regionCode: commonRegion(writes.map((w) => w.regionCode)),
      after: { inserted, updated },
    });
  }
  await audit.record(trx, actor, now, auditEntries);
  if (written.length) invalidatePublic(ctx, written.map((r) => r.registration_code).concat(writes.map((w) => w.rescueCode ?? '')));
  const unchanged = accepted.length - written.length;
  return { imported: inserted.length, updated: updated.length, unchanged };
}

/** The longest region prefix shared by a batch (a 6-digit code), so regulators see the audit entry in scope. */
function commonRegion(codes: string[]): string {
  let prefix = codes[0] ?? '370000';
  for (const c of codes) while (!c.startsWith(prefix)) prefix = prefix.slice(0, -1);
  if (prefix.length >= 6) return prefix.slice(0, 6);
  if (prefix.length >= 4) return prefix.slice(0, 4) + '00';
  return (prefix.padEnd(2, '7').slice(0, 2) || '37') + '0000';
}

/** Accepts an upload: saves the body to disk (hashing it) and creates the job. The caller starts runImport. */
export async function acceptUpload(
  ctx: AppContext,
  body: NodeJS.ReadableStream,
  meta: { fileName: string | null; userId: number; orgId: number; kind?: string },
): Promise<{ jobId: string; file: string; size: number }> {
  const jobId = crypto.randomUUID();
  const file = path.join(importDir(ctx), `${jobId}.upload`);
  const hash = crypto.createHash('sha256');
  await jobs.insert(ctx.store.db, { id: jobId, kind: meta.kind ?? 'elevator-import', created_by: meta.userId, org_id: meta.orgId, file_name: meta.fileName, created_at: ctx.clock.now() });
  // A failed upload (a full disk, a dropped connection) must not leave its job queued for ever.
  const size = await saveStream(body, file, hash).catch(async (err: unknown) => {
    await jobs.update(ctx.store.db, jobId, { status: 'failed', error: `上传未完成：${(err as Error).message}`, finished_at: ctx.clock.now() }).catch(() => {});
    throw err;
  });
  await jobs.update(ctx.store.db, jobId, { file_sha256: hash.digest('hex') });
  return { jobId, file, size };
}
