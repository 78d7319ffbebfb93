/**
 * kill-import: a registry file (default 1,000,000 rows, `--rows`) is imported through the API and the server is killed
 * with SIGKILL mid-import, then started again. Verdict: the store is consistent (only whole batches, every elevator
 * counted by the job, rejected rows stored with it, facet counts equal to the rows, the bulk-load indexes and
 * triggers back, the audit chain intact), the job is marked failed as interrupted, and importing the same file again
 * completes with the full count and no duplicates.
 *
 * Two stores: `kill-import` on embedded PGlite (the default deployment: one process owns the directory, so a restart
 * marks the dead job failed at once) and `kill-import-pg` on a private PostgreSQL server, where several nodes may
 * share jobs: a restarted node marks only jobs without a heartbeat for JOB_STALE_MS (2 min) failed, at its start and
 * then every minute, so there the scenario also waits for that and reports how long it took. Until then the job still
 * reads "running" (another node could be working on it); the re-import starts once it is failed.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { openStore } from '../../src/server/db/store.ts';
import { SECONDARY_INDEXES } from '../../src/modules/elevators/bulk-load.ts';
import { JOB_STALE_MS } from '../../src/server/bootstrap.ts';
import { api, log, privatePostgres, ROOT, round, sleep, startApp, tempDir, waitFor, type App, type PrivatePg, type Result, type ScenarioOptions } from './lib.ts';

interface Job {
  status: string;
  total: number;
  processed: number;
  imported: number;
  updated: number;
  rejectedCount: number;
  error: string | null;
}

const BATCH = 2000;

function registryFile(rows: number): string {
  const file = path.join(os.tmpdir(), `liftsafe-faults-registry-${rows}.csv`);
  if (!fs.existsSync(file)) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'tools/generate-registry-file.ts', '--rows', String(rows), '--out', `${file}.part`, '--seed', '9'], { cwd: ROOT, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('generate-registry-file failed');
    fs.renameSync(`${file}.part`, file);
  }
  return file;
}

async function upload(app: App, file: string): Promise<string> {
  const r = await fetch(`${app.base}/api/elevators/import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${app.token}`, 'content-type': 'text/csv', 'x-file-name': path.basename(file) },
    body: await fs.openAsBlob(file),
  });
  if (r.status !== 202) throw new Error(`import upload: ${r.status} ${await r.text()}`);
  return ((await r.json()) as { importId: string }).importId;
}

const job = async (app: App, id: string) => (await api<Job>(app, 'GET', `/api/imports/${id}`)).body;

interface StoreCheck {
  elevators: number;
  distinctCodes: number;
  facetSum: number;
  issues: number;
  indexesMissing: string[];
  triggersDisabled: number;
  job: { status: string; processed: number; imported: number; updated: number; rejected: number; error: string | null };
}

type Target = { dataDir: string } | { databaseUrl: string };

async function checkStore(target: Target, jobId: string): Promise<StoreCheck> {
  const store = await openStore(target);
  try {
    const one = async <T>(q: ReturnType<typeof sql<T>>) => (await q.execute(store.db)).rows[0]!;
    const counts = await one(sql<{ n: number; d: number }>`SELECT count(*)::int AS n, count(DISTINCT registration_code)::int AS d FROM elevator`);
    const facet = await one(sql<{ s: number }>`SELECT coalesce(sum(n), 0)::int AS s FROM elevator_count`);
    const issues = await one(sql<{ n: number }>`SELECT count(*)::int AS n FROM job_issue WHERE job_id = ${jobId} AND severity = 'error'`);
    const idx = (await sql<{ indexname: string }>`SELECT indexname FROM pg_indexes WHERE tablename = 'elevator' AND schemaname = current_schema()`.execute(store.db)).rows.map((r) => r.indexname);
    const trg = await one(sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_trigger WHERE tgrelid = 'elevator'::regclass AND NOT tgisinternal AND tgenabled = 'D'`);
    const j = await store.db.selectFrom('job').select(['status', 'processed', 'imported', 'updated', 'rejected', 'error']).where('id', '=', jobId).executeTakeFirstOrThrow();
    return { elevators: counts.n, distinctCodes: counts.d, facetSum: facet.s, issues: issues.n, indexesMissing: Object.keys(SECONDARY_INDEXES).filter((i) => !idx.includes(i)), triggersDisabled: trg.n, job: j };
  } finally {
    await store.close();
  }
}

export const killImport = (o: ScenarioOptions) => killImportOn('pglite', o);
export const killImportPg = (o: ScenarioOptions) => killImportOn('postgres', o);

async function killImportOn(kind: 'pglite' | 'postgres', o: ScenarioOptions): Promise<Result> {
  const name = kind === 'pglite' ? 'kill-import' : 'kill-import-pg';
  const rows = o.quick ? Math.min(o.rows, 20_000) : o.rows;
  const file = registryFile(rows);
  // DATA_DIR holds the uploads in both cases; with PostgreSQL the store is a private server of this scenario.
  const dataDir = tempDir('import');
  let pg: PrivatePg | undefined;
  let target: Target = { dataDir };
  const env: Record<string, string> = { DATA_DIR: dataDir, MQTT_ENABLED: 'false' };
  let app: App | undefined;
  const problems: string[] = [];
  try {
    if (kind === 'postgres') {
      pg = await privatePostgres();
      const admin = await openStore({ databaseUrl: pg.url, poolSize: 1 });
      await sql`CREATE DATABASE ops_kill_import`.execute(admin.db);
      await admin.close();
      const url = pg.url.replace(/\/postgres$/, '/ops_kill_import');
      target = { databaseUrl: url };
      env.DATABASE_URL = url;
    }
    app = await startApp({ env });
    const t0 = performance.now();
    const id = await upload(app, file);
    // Killed when about 40% of the rows are in: well past the first batches, far from the end.
    const killAt = Math.max(BATCH * 2, Math.floor(rows * 0.4));
    let seen: Job | undefined;
    const a = app;
    await waitFor('the import to reach 40%', 30 * 60_000, async () => ((seen = await job(a, id)), seen.processed >= killAt || (seen.status !== 'running' && seen.status !== 'queued')), 50);
    if (seen!.status !== 'running') throw new Error(`the import ended (${seen!.status}) before it could be killed; use more --rows`);
    await app.kill9();
    const killedT = performance.now();
    const killedAfterS = (killedT - t0) / 1000;
    log(`  SIGKILL after ${round(killedAfterS)} s at ~${seen!.processed.toLocaleString('en-US')} of ${rows.toLocaleString('en-US')} rows processed`);

    const startT = performance.now();
    // The start finishes an interrupted bulk load first (indexes rebuilt over the rows in): minutes at a million rows.
    app = await startApp({ env, timeoutMs: 30 * 60_000 });
    const restartS = (performance.now() - startT) / 1000;
    let after = await job(app, id);
    // PostgreSQL: the job is failed once its heartbeat is JOB_STALE_MS old (the restarted node's sweep, every minute).
    let markedS: number | undefined;
    if (kind === 'postgres') {
      const b = app;
      const sweepLimitMs = JOB_STALE_MS + 60_000 + 60_000;
      log(`  job after the restart: ${after.status}; waiting for the stale-job sweep (heartbeat older than ${JOB_STALE_MS / 1000} s, sweep every 60 s)`);
      await waitFor('the interrupted job to be marked failed', sweepLimitMs, async () => ((after = await job(b, id)), after.status !== 'running' && after.status !== 'queued'), 1000).catch(() => {
        problems.push(`job still ${after.status} ${round(sweepLimitMs / 1000)} s after the kill`);
      });
      markedS = (performance.now() - killedT) / 1000;
    }
    const verify = (await api<{ ok: boolean; checked: number }>(app, 'GET', '/api/audit/verify', undefined, 600_000)).body;
    await app.stop();
    app = undefined;
    const crash = await checkStore(target, id);
    if (after.status !== 'failed') problems.push(`job is ${after.status} after the restart, not failed`);
    if (!/中断/.test(after.error ?? '')) problems.push(`job error does not say interrupted: ${after.error}`);
    if (crash.job.processed % BATCH !== 0) problems.push(`processed ${crash.job.processed} is not whole batches of ${BATCH}`);
    if (crash.job.processed !== crash.job.imported + crash.job.updated + crash.job.rejected) problems.push(`processed ${crash.job.processed} ≠ imported + updated + rejected`);
    if (crash.elevators !== crash.job.imported) problems.push(`store holds ${crash.elevators} elevators, the job reports ${crash.job.imported} imported`);
    if (crash.issues !== crash.job.rejected) problems.push(`${crash.issues} rejected rows stored, the job reports ${crash.job.rejected}`);
    if (crash.facetSum !== crash.elevators) problems.push(`facet counts sum to ${crash.facetSum}, ${crash.elevators} elevators`);
    if (crash.indexesMissing.length) problems.push(`indexes missing after restart: ${crash.indexesMissing.join(', ')}`);
    if (crash.triggersDisabled) problems.push(`${crash.triggersDisabled} triggers still disabled after restart`);
    if (!verify.ok) problems.push('audit chain broken');

    app = await startApp({ env });
    const t1 = performance.now();
    const id2 = await upload(app, file);
    const b = app;
    let done: Job | undefined;
    await waitFor('the second import', 60 * 60_000, async () => ((done = await job(b, id2)), done.status !== 'running' && done.status !== 'queued'), 250);
    const reimportS = (performance.now() - t1) / 1000;
    const verify2 = (await api<{ ok: boolean }>(app, 'GET', '/api/audit/verify', undefined, 600_000)).body;
    await app.stop();
    app = undefined;
    const final = await checkStore(target, id2);
    const expected = rows - final.job.rejected;
    if (final.job.status !== 'done') problems.push(`re-import ended ${final.job.status}: ${final.job.error}`);
    if (final.job.processed !== rows) problems.push(`re-import processed ${final.job.processed} of ${rows} rows`);
    if (final.elevators !== expected) problems.push(`after the re-import ${final.elevators} elevators, expected ${expected} (rows − rejected)`);
    if (final.distinctCodes !== final.elevators) problems.push(`${final.elevators - final.distinctCodes} duplicate registration codes`);
    if (final.job.imported !== expected - crash.elevators) problems.push(`re-import inserted ${final.job.imported}, expected ${expected - crash.elevators} (the rest were there)`);
    if (final.facetSum !== final.elevators) problems.push(`facet counts sum to ${final.facetSum}, ${final.elevators} elevators`);
    if (final.indexesMissing.length || final.triggersDisabled) problems.push('indexes or triggers not restored after the re-import');
    if (!verify2.ok) problems.push('audit chain broken after the re-import');
    return {
      name,
      pass: problems.length === 0,
      figures: {
        store: kind === 'pglite' ? 'embedded PGlite' : 'PostgreSQL 15 (private server)',
        'rows in file': rows,
        'killed after seconds': round(killedAfterS),
        'job after restart': `${after.status} (${after.error ?? ''})`,
        ...(markedS !== undefined ? { 'seconds from the kill until the job was marked failed (stale heartbeat)': round(markedS) } : {}),
        'rows committed before the kill (processed)': crash.job.processed,
        'elevators in store after the kill': crash.elevators,
        'job reported imported / rejected': `${crash.job.imported} / ${crash.job.rejected}`,
        'facet count sum after the kill': crash.facetSum,
        'audit chain after the kill': verify.ok ? `intact (${verify.checked} entries)` : 'BROKEN',
        'seconds to restart (incl. repair)': round(restartS),
        're-import: inserted / updated / rejected': `${final.job.imported} / ${final.job.updated} / ${final.job.rejected}`,
        're-import seconds': round(reimportS),
        'elevators after the re-import (expected rows − rejected)': `${final.elevators} (${expected})`,
        'duplicate registration codes': final.elevators - final.distinctCodes,
      },
      lost: problems.length ? problems.join('; ') : 'nothing (committed batches whole; the re-import finished the rest)',
    };
  } finally {
    await app?.kill9();
    await sleep(100);
    pg?.destroy();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
