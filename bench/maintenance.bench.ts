/**
 * npm run bench:maintenance [-- --elevators 1000000 --month-records 2000000 --uploads 3000 --skip-postgres --skip-pglite]
 * PostgreSQL: a fresh schema `bench_maintenance` of BENCH_DATABASE_URL (else TEST_DATABASE_URL, else the local server).
 * 1. A province of --elevators elevators maintained by 300 companies (3,000 registered workers), each elevator's
 *    maintenance clock, and a month of --month-records past records (with workers and some flags), written straight
 *    into the store (embedded PGlite on disk, then PostgreSQL).
 * 2. Record upload throughput through the records service with every check on (items, time, place, photos, workers,
 *    same-day overlap, IoT modes): --uploads records, 8 in flight on PostgreSQL, 1 on PGlite; records/s.
 * 3. A city's overdue list (GET /api/maintenance/overdue's service, first page + total): p50/p95 over 40 calls.
 * 4. Grading every company of the province for that month: seconds.
 * Goals (issue 6): ≥ 1,000 records/s on PostgreSQL, ≥ 300/s on PGlite; overdue list ≤ 100 ms; grading ≤ 60 s.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { createLogger, openContext } from '../src/server/bootstrap.ts';
import { loadConfig } from '../src/server/config.ts';
import type { AppContext } from '../src/server/context.ts';
import { TestClock } from '../src/server/clock.ts';
import { openStore } from '../src/server/db/store.ts';
import { makePrincipal } from '../src/modules/auth/principal.ts';
import { enterBulkLoad, leaveBulkLoad } from '../src/modules/elevators/bulk-load.ts';
import { itemsFor } from '../src/modules/maintenance/catalog.ts';
import { grades } from '../src/modules/maintenance/grading.service.ts';
import { OverdueQuery, RecordInput } from '../src/modules/maintenance/maintenance.schema.ts';
import { overdue, submit } from '../src/modules/maintenance/records.service.ts';
import { arg, latency, percentile, round, rss } from './lib.ts';

const ELEVATORS = Number(arg('elevators', '1000000'));
const MONTH_RECORDS = Number(arg('month-records', '2000000'));
const UPLOADS = Number(arg('uploads', '3000'));
const COMPANIES = 300;
const PG_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const skipPostgres = process.argv.includes('--skip-postgres');
const skipPglite = process.argv.includes('--skip-pglite');
const log = createLogger({ LOG_LEVEL: 'warn' });
/** The bench's "now": 2026-11-30 22:00 Shanghai; the seeded month is November 2026. */
const NOW = new Date('2026-11-30T14:00:00Z');

async function seed(ctx: AppContext, label: string) {
  const t = performance.now();
  const db = ctx.store.db;
  const counties = (await db.selectFrom('region').select('code').where('level', '=', 3).where('kind', '=', 'gbt2260').execute()).map((r) => r.code);
  const orgs = (
    await sql<{ id: number }>`INSERT INTO organization (name, type, region_code, hotline)
      SELECT '压测维保' || g, 'maintenance', '370102', '0531-9' || lpad(g::text, 6, '0') FROM generate_series(1, ${COMPANIES}::int) g RETURNING id`.execute(db)
  ).rows.map((r) => r.id);
  await enterBulkLoad(db);
  for (let from = 1; from <= ELEVATORS; from += 200_000) {
    const to = Math.min(ELEVATORS, from + 199_999);
    await sql`INSERT INTO elevator (registration_code, category_code, region_code, address, status, maintenance_org_id, longitude, latitude)
      SELECT lpad(g::text, 20, '0'), '3110', (${counties}::text[])[1 + g % ${counties.length}], '山东省压测地址' || g || '号', 'IN_USE',
             (${orgs}::bigint[])[1 + g % ${orgs.length}], 117 + (g % 1000) / 1000.0, 36 + (g % 997) / 1000.0
        FROM generate_series(${from}::int, ${to}::int) g`.execute(db);
  }
  await leaveBulkLoad(db);
  await sql`INSERT INTO maintenance_worker (org_id, name, certificate_no, valid_to, employed_from)
    SELECT (${orgs}::bigint[])[1 + g % ${orgs.length}], '作业员' || g, 'W' || lpad(g::text, 6, '0'), date '2030-01-01', date '2020-01-01' FROM generate_series(0, ${COMPANIES * 10 - 1}::int) g`.execute(db);
  // A month of records: every elevator visited on a day of 1–14 November, and again 15 days later — except one in
  // twenty, which missed its second visit (those are the overdue ones on the 30th). Each by a worker of its
  // company; 4% carry a flag.
  for (let from = 1; from <= MONTH_RECORDS; from += 200_000) {
    const to = Math.min(MONTH_RECORDS, from + 199_999);
    await sql`WITH g AS (
        SELECT g, 1 + (g - 1) % ${ELEVATORS} AS eid, (g - 1) / ${ELEVATORS} AS visit FROM generate_series(${from}::int, ${to}::int) g
      ), ins AS (
        INSERT INTO maintenance_record (elevator_id, region_code, org_id, cycle, started_at, ended_at, items, created_at)
        SELECT e.id, e.region_code, e.maintenance_org_id, 'half_month',
               timestamptz '2026-11-01 08:00+08' + make_interval(days => (g.eid % 14) + g.visit * 15, mins => (g.eid % 480)),
               timestamptz '2026-11-01 08:45+08' + make_interval(days => (g.eid % 14) + g.visit * 15, mins => (g.eid % 480)), '[]', now()
          FROM g JOIN elevator e ON e.id = g.eid WHERE g.visit = 0 OR g.eid % 20 <> 0
        RETURNING id, elevator_id, org_id, region_code, started_at, ended_at
      ), w AS (
        INSERT INTO maintenance_record_worker (record_id, certificate_no, name, elevator_id, started_at, ended_at)
        SELECT id, 'W' || lpad(((id % 10) * ${COMPANIES} + (org_id % ${COMPANIES}))::text, 6, '0'), '作业员', elevator_id, started_at, ended_at FROM ins
      )
      INSERT INTO maintenance_flag (record_id, region_code, org_id, code, message, evidence, created_at)
      SELECT id, region_code, org_id, 'TOO_SHORT', '压测', '{}', now() FROM ins WHERE id % 25 = 0`.execute(db);
  }
  await sql`INSERT INTO maintenance_due (elevator_id, region_code, last_visit, next_due)
    SELECT r.elevator_id, max(r.region_code), max((r.started_at AT TIME ZONE 'Asia/Shanghai')::date), max((r.started_at AT TIME ZONE 'Asia/Shanghai')::date) + 15
      FROM maintenance_record r GROUP BY r.elevator_id`.execute(db);
  await sql`ANALYZE`.execute(db);
  const n = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM maintenance_record`.execute(db)).rows[0]!.n;
  console.log(`[${label}] seeded ${ELEVATORS.toLocaleString()} elevators, ${COMPANIES} companies, ${n.toLocaleString()} records of November in ${round((performance.now() - t) / 1000)} s`);
}

function recordFor(i: number): RecordInput {
  const eid = 1 + ((i * 7919) % ELEVATORS);
  const startMin = 8 * 60 + (i % 600);
  const at = (min: number) => new Date(Date.parse('2026-11-30T00:00:00+08:00') + min * 60_000).toISOString();
  const items = itemsFor('A', 'half_month').map((it) => ({ code: it.code, result: 'ok' as const, ...(it.judgeType === 'NUMERIC' ? { value: 9 } : {}) }));
  const photos = itemsFor('A', 'half_month')
    .filter((it) => it.judgeType === 'NUMERIC' || /制动器/.test(it.name))
    .map((it) => ({ sha256: crypto.createHash('sha256').update(`${i}-${it.code}`).digest('hex'), takenAt: at(startMin + 10), itemCode: it.code }));
  const lon = 117 + (eid % 1000) / 1000;
  const lat = 36 + (eid % 997) / 1000;
  return RecordInput.parse({
    registrationCode: String(eid).padStart(20, '0'),
    cycle: 'half_month',
    startedAt: at(startMin),
    endedAt: at(startMin + 40),
    workers: [{ name: '作业员', certificateNo: `W${String(((i % 10) * COMPANIES + (eid % COMPANIES)) % (COMPANIES * 10)).padStart(6, '0')}` }],
    startLocation: { lat, lon },
    endLocation: { lat, lon },
    items,
    photos,
  });
}

async function run(ctx: AppContext, label: string, inFlight: number) {
  await seed(ctx, label);
  const admin = makePrincipal({ userId: 0, username: 'bench', displayName: 'bench', orgId: 0, orgName: 'bench', orgType: 'platform', regionCode: '370000', roles: ['admin'] });
  const inputs = Array.from({ length: UPLOADS }, (_, i) => recordFor(i));
  await submit(ctx, admin, inputs[0]!); // warm-up
  let next = 1;
  let flags = 0;
  const t = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < inputs.length) {
        const r = await submit(ctx, admin, inputs[next++]!);
        flags += r.flags.length;
      }
    }),
  );
  const s = (performance.now() - t) / 1000;
  console.log(`[${label}] uploaded ${(UPLOADS - 1).toLocaleString()} records with every check on, ${inFlight} in flight: ${round(s)} s = ${Math.round((UPLOADS - 1) / s).toLocaleString()} records/s (${flags} flags raised); RSS ${rss()}`);
  const cities = ctx.regions.all().filter((r) => r.level === 2).map((r) => r.code);
  const o = await latency(Array.from({ length: 40 }, (_, i) => cities[i % cities.length]!), (city) => overdue(ctx, admin, OverdueQuery.parse({ regionCode: city })));
  const jinan = await overdue(ctx, admin, OverdueQuery.parse({ regionCode: '370100' }));
  console.log(`[${label}] a city's overdue list (first page + total): p50 ${o.p50} ms, p95 ${o.p95} ms (济南 ${jinan.total.toLocaleString()} overdue)`);
  const tg = performance.now();
  const g = await grades(ctx, admin, { period: '2026-11' });
  const counts = g.items.reduce<Record<string, number>>((a, i) => ((a[i.grade] = (a[i.grade] ?? 0) + 1), a), {});
  console.log(`[${label}] graded ${g.items.length} companies for 2026-11 in ${round((performance.now() - tg) / 1000)} s (grades ${JSON.stringify(counts)}; top ${g.items[0]?.name} ${g.items[0]?.score})`);
  void percentile;
}

const config = loadConfig({ LOG_LEVEL: 'warn', DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'liftsafe-bench-mt-')) });
console.log(`bench:maintenance on ${os.cpus().length} cores, Node ${process.version}`);
if (!skipPglite) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liftsafe-bench-mt-lite-'));
  const ctx = await openContext({ ...config, storeKind: 'pglite' } as never, { log, clock: new TestClock(NOW), store: await openStore({ dataDir: dir }) });
  await run(ctx, 'pglite', 1);
  await ctx.store.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
if (!skipPostgres) {
  const admin = await openStore({ databaseUrl: PG_URL, poolSize: 1 });
  await admin.pool.query('DROP SCHEMA IF EXISTS bench_maintenance CASCADE');
  await admin.pool.query('CREATE SCHEMA bench_maintenance');
  await admin.pool.query('CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public');
  const ctx = await openContext({ ...config, storeKind: 'postgres' } as never, { log, clock: new TestClock(NOW), store: await openStore({ databaseUrl: PG_URL, poolSize: 10, schema: 'bench_maintenance' }) });
  await run(ctx, 'postgres', 8);
  await ctx.store.close();
  await admin.pool.query('DROP SCHEMA bench_maintenance CASCADE');
  await admin.close();
}
fs.rmSync(config.DATA_DIR, { recursive: true, force: true });
console.log('Goals (issue 6): ≥ 1,000 records/s on PostgreSQL, ≥ 300/s on PGlite; a city’s overdue list ≤ 100 ms; grading a province month ≤ 60 s.');
process.exit(0);
