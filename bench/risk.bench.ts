/**
 * npm run bench:risk [-- --elevators 1000000 --skip-postgres]
 * 1. A province of --elevators elevators (registered 1995–2025, made a year earlier, a fifth of the pre-2005 ones
 *    without ascending-overspeed protection; mixed categories and places; 3% stopped, 1% scrapped), with the inputs the
 *    score reads, per million elevators: 1.9M inspection reports (2% failed), 300k IoT alarms and 45k 96333 calls in
 *    the last year, 60k open hazards, a maintenance clock per elevator (5% overdue) and 20k maintenance flags — written straight into
 *    the store (embedded PGlite on disk, then PostgreSQL).
 * 2. Recomputes every risk score (risk-compute recomputeAll: set-based SQL in slices of 100k ids), then again with
 *    nothing changed.
 * 3. Lists: the old-elevator list (tier 15, 20, overspeed; first page + total) of the province, a city and a county;
 *    the ranking of a city; the tier summary of the province: p50/p95.
 * Goals (issue 7): risk scores for 1M elevators recomputed in ≤ 60 s on PGlite; lists ≤ 100 ms.
 */
import os from 'node:os';
import { sql } from 'kysely';
import type { AppContext } from '../src/server/context.ts';
import { makePrincipal } from '../src/modules/auth/principal.ts';
import { enterBulkLoad, leaveBulkLoad } from '../src/modules/elevators/bulk-load.ts';
import { recomputeAll } from '../src/modules/risk/risk-compute.ts';
import { oldElevators, oldSummary, ranking } from '../src/modules/risk/risk.service.ts';
import { OldListQuery, RankingQuery } from '../src/modules/risk/risk.schema.ts';
import { arg, latency, onEachStore, round, rss } from './lib.ts';

const ELEVATORS = Number(arg('elevators', '1000000'));
const N = ELEVATORS;

async function seed(ctx: AppContext, label: string) {
  const t = performance.now();
  const db = ctx.store.db;
  const counties = (await db.selectFrom('region').select('code').where('level', '=', 3).where('kind', '=', 'gbt2260').execute()).map((r) => r.code);
  const org = (name: string, type: string) => db.insertInto('organization').values({ name, type, region_code: '370100' }).returning('id').executeTakeFirstOrThrow();
  const agency = await org('压测特检院', 'inspection');
  const company = await org('压测维保', 'maintenance');
  const places = ['RESIDENTIAL', 'RESIDENTIAL', 'RESIDENTIAL', 'RESIDENTIAL', 'OFFICE', 'MALL', 'SCHOOL', 'HOSPITAL', 'HOTEL', 'TRANSPORT', 'INDUSTRIAL'];
  const cats = ['3110', '3110', '3110', '3110', '3110', '3110', '3120', '3310', '3320', '3430'];
  await enterBulkLoad(db);
  for (let from = 1; from <= N; from += 200_000) {
    const to = Math.min(N, from + 199_999);
    await sql`INSERT INTO elevator (registration_code, category_code, region_code, address, place_type, status, maintenance_org_id, manufacture_date, commissioning_date,
                                    registration_date, ascending_overspeed_protection, status_changed_at)
      SELECT lpad(g::text, 20, '0'), (${cats}::text[])[1 + g % ${cats.length}], (${counties}::text[])[1 + g % ${counties.length}], '山东省压测地址' || g || '号',
             (${places}::text[])[1 + (g / 7) % ${places.length}],
             CASE WHEN g % 100 < 3 THEN 'STOPPED' WHEN g % 100 = 3 THEN 'SCRAPPED' ELSE 'IN_USE' END, ${company.id},
             d - 365, d - 20, d, CASE WHEN d - 365 <= date '2004-12-31' AND g % 5 = 0 THEN NULL ELSE true END, now() - interval '30 days'
        FROM generate_series(${from}::int, ${to}::int) g, LATERAL (SELECT date '1995-01-01' + ((g::bigint * 7919) % 11000)::int AS d) x`.execute(db);
  }
  await leaveBulkLoad(db);
  const reports = Math.round(1.9 * N);
  for (let from = 1; from <= reports; from += 200_000) {
    const to = Math.min(reports, from + 199_999);
    await sql`INSERT INTO inspection_report (elevator_id, region_code, agency_org_id, report_no, type, date, conclusion, inspectors, signer_name, signer_cert, measurements, created_at)
      SELECT e.id, e.region_code, ${agency.id}, 'B' || g, 'periodic', date '2024-01-01' + (g % 700), CASE WHEN g % 50 = 0 THEN 'fail' ELSE 'pass' END, '[]', '压测', 'TS-0', '{}', now()
        FROM generate_series(${from}::int, ${to}::int) g JOIN elevator e ON e.id = 1 + (g - 1) % ${N}`.execute(db);
  }
  await sql`INSERT INTO alarm (elevator_id, region_code, type, severity, status, source, opened_at, last_at)
    SELECT e.id, e.region_code, 'door_fault', 'major', 'cleared', 'device', now() - make_interval(days => g % 360), now() - make_interval(days => g % 360)
      FROM generate_series(1, ${Math.round(0.3 * N)}::int) g JOIN elevator e ON e.id = 1 + (g::bigint * 104729) % ${N}`.execute(db);
  await sql`INSERT INTO incident (elevator_id, region_code, place_type, urban, source, channels, type, status, received_at)
    SELECT e.id, e.region_code, e.place_type, true, 'phone', '{phone}', CASE WHEN g % 9 = 0 THEN 'complaint' ELSE 'trapped' END, 'closed', now() - make_interval(days => g % 360)
      FROM generate_series(1, ${Math.round(0.045 * N)}::int) g JOIN elevator e ON e.id = 1 + (g::bigint * 15485863) % ${N}`.execute(db);
  await sql`INSERT INTO hazard (elevator_id, region_code, item, description, severity, status, deadline, created_at, source)
    SELECT e.id, e.region_code, '压测隐患', '压测', CASE WHEN g % 4 = 0 THEN 'serious' ELSE 'general' END, 'open', current_date + 10, now(), 'supervision'
      FROM generate_series(1, ${Math.round(0.06 * N)}::int) g JOIN elevator e ON e.id = 1 + (g::bigint * 7907) % ${N}`.execute(db);
  await sql`INSERT INTO maintenance_due (elevator_id, region_code, last_visit, next_due)
    SELECT e.id, e.region_code, current_date - 10, CASE WHEN e.id % 20 = 0 THEN current_date - (e.id % 40)::int ELSE current_date + 5 END FROM elevator e`.execute(db);
  await sql`INSERT INTO maintenance_record (elevator_id, region_code, org_id, cycle, started_at, ended_at, items, parts, created_at)
    SELECT e.id, e.region_code, ${company.id}, 'half_month', now() - interval '3 days', now() - interval '3 days' + interval '40 minutes', '[]', '[]', now()
      FROM generate_series(1, ${Math.round(0.02 * N)}::int) g JOIN elevator e ON e.id = 1 + (g::bigint * 3571) % ${N}`.execute(db);
  await sql`INSERT INTO maintenance_flag (record_id, region_code, org_id, code, message, evidence, created_at)
    SELECT m.id, m.region_code, m.org_id, 'TOO_SHORT', '压测', '{}', now() FROM maintenance_record m`.execute(db);
  await sql`ANALYZE`.execute(db);
  console.log(`[${label}] seeded ${N.toLocaleString()} elevators and their inputs in ${round((performance.now() - t) / 1000)} s`);
}

async function run(ctx: AppContext, label: string) {
  await seed(ctx, label);
  const db = ctx.store.db;
  let t = performance.now();
  const first = await recomputeAll(db, new Date(), {
    onProgress: (p) => {
      if (p.done % 200_000 < 100_000) console.log(`[${label}]   … ${p.done.toLocaleString()} of ${p.total.toLocaleString()} in ${round((performance.now() - t) / 1000)} s`);
    },
  });
  console.log(`[${label}] risk scores of ${first.total.toLocaleString()} elevators computed in ${round((performance.now() - t) / 1000)} s (${first.written.toLocaleString()} written); RSS ${rss()}`);
  t = performance.now();
  const again = await recomputeAll(db, new Date());
  console.log(`[${label}] recomputed again, nothing changed: ${round((performance.now() - t) / 1000)} s (${again.written.toLocaleString()} written)`);
  await sql`ANALYZE risk_score`.execute(db);
  const dist = await sql<{ grade: number; n: number }>`SELECT grade, count(*)::int AS n FROM risk_score GROUP BY 1 ORDER BY 1`.execute(db);
  console.log(`[${label}] grades: ${dist.rows.map((r) => `${r.grade}: ${r.n.toLocaleString()}`).join(', ')}`);
  const admin = makePrincipal({ userId: 0, username: 'bench', displayName: 'bench', orgId: 0, orgName: 'bench', orgType: 'platform', regionCode: '370000', roles: ['admin'] });
  const cities = ctx.regions.all().filter((r) => r.level === 2).map((r) => r.code);
  const counties = ctx.regions.all().filter((r) => r.level === 3 && r.kind === 'gbt2260').map((r) => r.code);
  for (const tier of ['15', '20', 'overspeed'] as const) {
    for (const [scope, codes] of [['province', [undefined]], ['city', cities], ['county', counties]] as const) {
      const inputs = Array.from({ length: 30 }, (_, i) => (codes as readonly (string | undefined)[])[i % codes.length]);
      const r = await latency(inputs, (regionCode) => oldElevators(ctx, admin, OldListQuery.parse({ tier, regionCode })));
      const one = await oldElevators(ctx, admin, OldListQuery.parse({ tier, regionCode: inputs[0] }));
      console.log(`[${label}] old-elevator list tier ${tier}, ${scope}: p50 ${r.p50} ms, p95 ${r.p95} ms (first: ${one.total.toLocaleString()})`);
    }
  }
  const rk = await latency(Array.from({ length: 30 }, (_, i) => cities[i % cities.length]), (regionCode) => ranking(ctx, admin, RankingQuery.parse({ regionCode })));
  console.log(`[${label}] ranking of a city (first page, total, grades): p50 ${rk.p50} ms, p95 ${rk.p95} ms`);
  const rkp = await latency([undefined, undefined, undefined, undefined, undefined], (regionCode) => ranking(ctx, admin, RankingQuery.parse({ regionCode })));
  console.log(`[${label}] ranking of the province: p50 ${rkp.p50} ms, p95 ${rkp.p95} ms`);
  const sm = await latency([undefined, undefined, undefined, undefined, undefined], (regionCode) => oldSummary(ctx, admin, regionCode));
  const smc = await latency(Array.from({ length: 16 }, (_, i) => cities[i]), (regionCode) => oldSummary(ctx, admin, regionCode));
  console.log(`[${label}] tier summary: province p50 ${sm.p50} ms, p95 ${sm.p95} ms; a city p50 ${smc.p50} ms, p95 ${smc.p95} ms`);
}

console.log(`bench:risk on ${os.cpus().length} cores, Node ${process.version}`);
await onEachStore('risk', run);
console.log('Goals (issue 7): risk scores for 1M elevators recomputed in ≤ 60 s on PGlite; lists ≤ 100 ms.');
process.exit(0);
