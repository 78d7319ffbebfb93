/**
 * npm run bench:registry [-- --rows 1000000 --skip-postgres]
 * 1. Generates a province registry file (CSV, UTF-8) of --rows rows.
 * 2. Imports it with the product's import job into embedded PGlite (on disk) and into PostgreSQL: rows/s.
 * 3. At that size, times the filtered list, facet counts and address search (p50/p95 over 60 queries each).
 * 4. Serves the PGlite store over HTTP and drives the public lookup with autocannon: req/s and p99.
 * Goals (issue 2): import 1M ≤ 30 s PGlite, ≤ 15 s PostgreSQL; queries p95 ≤ 50 ms PGlite, ≤ 20 ms PostgreSQL;
 * public lookup ≥ 3,000 req/s with p99 ≤ 50 ms.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { createLogger, openContext } from '../src/server/bootstrap.ts';
import { loadConfig } from '../src/server/config.ts';
import type { AppContext } from '../src/server/context.ts';
import { openStore } from '../src/server/db/store.ts';
import { buildApp } from '../src/server/app.ts';
import { startIot } from '../src/modules/iot/iot.runtime.ts';
import { startEmergency } from '../src/modules/emergency/emergency.runtime.ts';
import { makePrincipal } from '../src/modules/auth/principal.ts';
import { runImport } from '../src/modules/elevators/elevator-import.service.ts';
import * as elevators from '../src/modules/elevators/elevators.service.ts';
import { ElevatorListQuery } from '../src/modules/elevators/elevators.schema.ts';
import { JobRunner } from '../src/modules/jobs/job-runner.ts';
import { generateRows } from '../tools/demo/generate-province.ts';
import { writeRegistryFile } from '../tools/demo/registry-file.ts';
import { arg, latency, round, rss } from './lib.ts';

const ROWS = Number(arg('rows', '1000000'));
const PG_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const skipPostgres = process.argv.includes('--skip-postgres');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'liftsafe-bench-'));
const log = createLogger({ LOG_LEVEL: 'warn' });

async function importInto(ctx: AppContext, file: string, label: string) {
  const jobId = crypto.randomUUID();
  await ctx.store.db.insertInto('job').values({ id: jobId, kind: 'elevator-import', status: 'queued', created_by: null, org_id: null, file_name: 'bench.csv', file_sha256: null, error: null, created_at: new Date(), started_at: null, finished_at: null, heartbeat_at: null }).execute();
  const t = performance.now();
  const counts = await runImport(ctx, jobId, file, { userId: null, name: 'bench', orgId: null });
  const s = (performance.now() - t) / 1000;
  console.log(`[${label}] import ${counts.total.toLocaleString()} rows: ${round(s)} s = ${Math.round(counts.total / s).toLocaleString()} rows/s (imported ${counts.imported}, rejected ${counts.rejected}); RSS ${rss()}`);
  return counts;
}

async function queries(ctx: AppContext, label: string) {
  const admin = makePrincipal({ userId: 0, username: 'bench', displayName: 'bench', orgId: 0, orgName: 'bench', orgType: 'platform', regionCode: '370000', roles: ['admin'] });
  const cityReg = makePrincipal({ userId: 0, username: 'bench', displayName: 'bench', orgId: 0, orgName: 'bench', orgType: 'regulator', regionCode: '370200', roles: ['regulator'] });
  const cities = ctx.regions.all().filter((r) => r.level === 2).map((r) => r.code);
  const counties = ctx.regions.all().filter((r) => r.level === 3 && r.kind === 'gbt2260').map((r) => r.code);
  const statuses = ['IN_USE', 'STOPPED', undefined] as const;
  const total = Number((await ctx.store.db.selectFrom('elevator').select(ctx.store.db.fn.max('id').as('m')).executeTakeFirstOrThrow()).m);
  const ids = Array.from({ length: 2000 }, (_, i) => 1 + ((i * 7919 + 13) % total));
  const sample = await ctx.store.db.selectFrom('elevator').select(['address', 'rescue_code']).where('id', 'in', ids).where('rescue_code', 'is not', null).execute();
  const pick = <T,>(a: readonly T[], i: number) => a[(i * 7919) % a.length];
  const n = 60;
  const idx = Array.from({ length: n }, (_, i) => i);
  const q = (o: Record<string, unknown>) => ElevatorListQuery.parse(o);
  const list = await latency(idx, (i) => elevators.list(ctx, i % 2 ? admin : cityReg, q({ regionCode: i % 3 ? pick(cities, i) : pick(counties, i), status: pick(statuses, i), page: 1 + (i % 5), pageSize: 20 })));
  const facets = await latency(idx, (i) => elevators.facets(ctx, i % 2 ? admin : cityReg, q({ regionCode: i % 4 === 0 ? undefined : pick(cities, i), status: pick(statuses, i) })));
  const search = await latency(idx, (i) => {
    const a = sample[i % sample.length].address;
    const frag = a.slice(6 + (i % 4), 12 + (i % 4)); // e.g. a road name and number inside the address
    return elevators.list(ctx, admin, q({ q: frag, pageSize: 20 }));
  });
  const code = await latency(idx, (i) => elevators.list(ctx, admin, q({ q: sample[i % sample.length].rescue_code ?? '100000', pageSize: 20 })));
  console.log(`[${label}] filtered list  p50 ${list.p50} ms  p95 ${list.p95} ms  (n=${list.n})`);
  console.log(`[${label}] facet counts   p50 ${facets.p50} ms  p95 ${facets.p95} ms  (n=${facets.n})`);
  console.log(`[${label}] address search p50 ${search.p50} ms  p95 ${search.p95} ms  (n=${search.n})`);
  console.log(`[${label}] code search    p50 ${code.p50} ms  p95 ${code.p95} ms  (n=${code.n})`);
}

/**
 * Public lookup over HTTP. "cold": every request a different code, so every one misses the 30-second cache and
 * reaches the store. "mixed": 10 s over the same codes again, as repeated QR scans of popular cars would.
 */
async function publicLookup(ctx: AppContext) {
  const codes = (await ctx.store.db.selectFrom('elevator').select('rescue_code').where('rescue_code', 'is not', null).orderBy('rescue_code').limit(30_000).execute()).map((r) => r.rescue_code!);
  const emergency = await startEmergency(ctx, { background: false });
  const iot = await startIot(ctx, { background: false });
  const app = await buildApp(ctx, { runner: new JobRunner(log), iot, emergency });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as { port: number }).port;
  const run = async (label: string, opts: { amount?: number; duration?: number }) => {
    let i = 0;
    const r = await autocannon({
      url: `http://127.0.0.1:${port}`,
      connections: 50,
      ...opts,
      requests: [{ method: 'GET', setupRequest: (req: autocannon.Request) => ({ ...req, path: `/api/public/elevators/${codes[i++ % codes.length]}` }) }],
    });
    console.log(`[${ctx.store.kind}] public lookup ${label}: ${Math.round(r.requests.average).toLocaleString()} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, requests ${r.requests.total.toLocaleString()} over ${codes.length.toLocaleString()} distinct codes, non-2xx ${r.non2xx}, errors ${r.errors}`);
  };
  await run('cold (each code once, all cache misses)', { amount: codes.length });
  await run('mixed (repeat scans, 10 s)', { duration: 10 });
  await app.close();
  await iot.stop();
}

async function main() {
  console.log(`LiftSafe registry bench: ${ROWS.toLocaleString()} rows, ${os.cpus().length} cores, node ${process.version}`);
  const file = path.join(work, 'registry.csv');
  let t = performance.now();
  const written = await writeRegistryFile(generateRows({ elevators: ROWS, seed: 7 }), { out: file, format: 'csv', encoding: 'utf8' });
  console.log(`generated ${written.toLocaleString()} rows (${Math.round(fs.statSync(file).size / 1e6)} MB) in ${round((performance.now() - t) / 1000)} s`);

  const config = { ...loadConfig({ LOG_LEVEL: 'warn', MQTT_ENABLED: 'false', DATA_DIR: path.join(work, 'pglite'), PUBLIC_RATE_PER_MINUTE: '0' }) };
  const lite = await openContext(config, { log });
  await importInto(lite, file, 'pglite');
  await queries(lite, 'pglite');
  await publicLookup(lite);
  await lite.store.close();

  if (!skipPostgres) {
    const schema = `bench_${Date.now()}`;
    const admin = await openStore({ databaseUrl: PG_URL, poolSize: 1 });
    await admin.pool.query(`CREATE SCHEMA ${schema}`);
    await admin.pool.query('CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public');
    try {
      const store = await openStore({ databaseUrl: PG_URL, poolSize: 10, schema });
      const pg = await openContext({ ...config, DATABASE_URL: PG_URL, storeKind: 'postgres' }, { log, store });
      t = performance.now();
      await importInto(pg, file, 'postgres');
      await pg.store.pool.query('ANALYZE');
      await queries(pg, 'postgres');
      await publicLookup(pg);
      await store.close();
    } finally {
      await admin.pool.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.close();
    }
  }
  fs.rmSync(work, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  fs.rmSync(work, { recursive: true, force: true });
  process.exit(1);
});
