/**
 * npm run bench:inspection [-- --elevators 1000000 --reports 600000 --skip-postgres]
 * 1. A province of --elevators elevators (acceptance dates 2004–2025, 3% stopped, 1% scrapped) with --reports past
 *    inspection reports (default: last year's for all, this year's for 90%), written straight into the store (embedded
 *    PGlite on disk, then PostgreSQL).
 * 2. Recomputes every elevator's due date (schedule.service recomputeAll: read facts, compute, write): seconds.
 * 3. The overdue list of a city (GET /api/inspection/overdue's service, first page with total): p50/p95 over 40 calls
 *    across the 16 cities.
 * Goals (issue 5): recompute 1M ≤ 20 s on PGlite; a city's overdue list ≤ 100 ms.
 */
import os from 'node:os';
import { sql } from 'kysely';
import type { AppContext } from '../src/server/context.ts';
import { makePrincipal } from '../src/modules/auth/principal.ts';
import { enterBulkLoad, leaveBulkLoad } from '../src/modules/elevators/bulk-load.ts';
import { recomputeAll } from '../src/modules/inspection/schedule.service.ts';
import { overdue } from '../src/modules/inspection/supervision.service.ts';
import { OverdueQuery } from '../src/modules/inspection/inspection.schema.ts';
import { arg, latency, onEachStore, round, rss } from './lib.ts';

const ELEVATORS = Number(arg('elevators', '1000000'));
const REPORTS = Number(arg('reports', '1900000'));

async function seed(ctx: AppContext, label: string) {
  const t = performance.now();
  const db = ctx.store.db;
  const counties = (await db.selectFrom('region').select('code').where('level', '=', 3).where('kind', '=', 'gbt2260').execute()).map((r) => r.code);
  const agency = await db.insertInto('organization').values({ name: '压测特检院', type: 'inspection', region_code: '370100' }).returning('id').executeTakeFirstOrThrow();
  await enterBulkLoad(db);
  for (let from = 1; from <= ELEVATORS; from += 200_000) {
    const to = Math.min(ELEVATORS, from + 199_999);
    await sql`INSERT INTO elevator (registration_code, category_code, region_code, address, status, acceptance_date, status_changed_at)
      SELECT lpad(g::text, 20, '0'), '3110', (${counties}::text[])[1 + g % ${counties.length}], '山东省压测地址' || g || '号',
             CASE WHEN g % 100 < 3 THEN 'STOPPED' WHEN g % 100 = 3 THEN 'SCRAPPED' ELSE 'IN_USE' END,
             date '2004-01-01' + ((g::bigint * 7919) % 8000)::int, now() - interval '30 days'
        FROM generate_series(${from}::int, ${to}::int) g`.execute(db);
  }
  await leaveBulkLoad(db);
  // Past reports: for most elevators the last two anniversaries' inspections (periodic, so they settle any year),
  // done up to 40 days early; 2% failed. Elevators without them are the overdue ones.
  for (let from = 1; from <= REPORTS; from += 200_000) {
    const to = Math.min(REPORTS, from + 199_999);
    await sql`INSERT INTO inspection_report (elevator_id, region_code, agency_org_id, report_no, type, date, conclusion, inspectors, signer_name, signer_cert, measurements, created_at)
      SELECT e.id, e.region_code, ${agency.id}, 'B' || g, 'periodic',
             least(current_date, (e.acceptance_date + make_interval(years => (2025 - extract(year FROM e.acceptance_date)::int) + (g > ${ELEVATORS})::int))::date - (g % 40)),
             CASE WHEN g % 50 = 0 THEN 'fail' ELSE 'pass' END, '[]', '压测', 'TS-0', '{}', now()
        FROM generate_series(${from}::int, ${to}::int) g JOIN elevator e ON e.id = 1 + (g - 1) % ${ELEVATORS}`.execute(db);
  }
  await sql`ANALYZE`.execute(db);
  console.log(`[${label}] seeded ${ELEVATORS.toLocaleString()} elevators and ${REPORTS.toLocaleString()} reports in ${round((performance.now() - t) / 1000)} s`);
}

async function run(ctx: AppContext, label: string) {
  await seed(ctx, label);
  let t = performance.now();
  let last = 0;
  const timings: Record<string, number> = {};
  const n = await recomputeAll(ctx, {
    timings,
    onProgress: (done) => {
      if (done - last >= 250_000) {
        last = done;
        console.log(`[${label}]   … ${done.toLocaleString()} in ${round((performance.now() - t) / 1000)} s`);
      }
    },
  });
  const s = (performance.now() - t) / 1000;
  console.log(`[${label}] recomputed the due dates of ${n.toLocaleString()} elevators in ${round(s)} s (${Math.round(n / s).toLocaleString()}/s); RSS ${rss()}`);
  console.log(`[${label}]   where the time went (s): ${Object.entries(timings).map(([k, v]) => `${k} ${round(v / 1000)}`).join(', ')}`);
  // Again, everything: nothing changed, so nothing is written (reads and computation only).
  t = performance.now();
  const again = await recomputeAll(ctx);
  console.log(`[${label}] full recompute again, nothing changed: ${again.toLocaleString()} in ${round((performance.now() - t) / 1000)} s`);
  // The daily run: only schedules whose due date has passed can change by themselves.
  t = performance.now();
  const daily = await recomputeAll(ctx, { onlyPastDue: true });
  console.log(`[${label}] daily run (schedules past due): ${daily.toLocaleString()} in ${round((performance.now() - t) / 1000)} s`);
  await sql`ANALYZE inspection_due`.execute(ctx.store.db);
  const counts = await sql<{ overdue: number; scheduled: number }>`SELECT (count(*) FILTER (WHERE next_due_date < current_date))::int AS overdue, count(next_due_date)::int AS scheduled FROM inspection_due`.execute(ctx.store.db);
  console.log(`[${label}] ${counts.rows[0]!.scheduled.toLocaleString()} scheduled, ${counts.rows[0]!.overdue.toLocaleString()} overdue`);
  const admin = makePrincipal({ userId: 0, username: 'bench', displayName: 'bench', orgId: 0, orgName: 'bench', orgType: 'platform', regionCode: '370000', roles: ['admin'] });
  const cities = ctx.regions.all().filter((r) => r.level === 2).map((r) => r.code);
  t = performance.now();
  const r = await latency(Array.from({ length: 40 }, (_, i) => cities[i % cities.length]!), (city) => overdue(ctx, admin, OverdueQuery.parse({ regionCode: city })));
  const one = await overdue(ctx, admin, OverdueQuery.parse({ regionCode: '370100' }));
  console.log(`[${label}] a city's overdue list (first page + total): p50 ${r.p50} ms, p95 ${r.p95} ms (n=${r.n}; 济南 ${one.total.toLocaleString()} overdue)`);
}

console.log(`bench:inspection on ${os.cpus().length} cores, Node ${process.version}`);
await onEachStore('inspection', run);
console.log('Goals (issue 5): recompute 1M ≤ 20 s on PGlite; a city’s overdue list ≤ 100 ms.');
process.exit(0);
