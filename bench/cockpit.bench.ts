/**
 * npm run bench:cockpit [-- --elevators 50000 --skip-postgres]
 * A province of --elevators elevators (3% stopped) with stored inspection and maintenance clocks (a third overdue),
 * open hazards on 2%, active alarms on 0.5% and this month's incidents on 1%, written straight into the store; then
 * every cockpit panel and every map metric, for the province regulator and for a city regulator narrowed to a county:
 * p50/p95 over 20 calls each. Each panel is one request of the page, so the page waits for the slowest.
 * Goal (issue 8): every panel and the map ≤ 300 ms at province scale on PostgreSQL; nothing scans the registry per request.
 */
import os from 'node:os';
import { sql } from 'kysely';
import type { AppContext } from '../src/server/context.ts';
import { makePrincipal, type Principal } from '../src/modules/auth/principal.ts';
import { enterBulkLoad, leaveBulkLoad } from '../src/modules/elevators/bulk-load.ts';
import { regionMap } from '../src/modules/cockpit/cockpit-map.service.ts';
import { PANELS } from '../src/modules/cockpit/cockpit.routes.ts';
import { MAP_METRICS } from '../src/modules/cockpit/cockpit.schema.ts';
import { arg, latency, onEachStore, round } from './lib.ts';

const ELEVATORS = Number(arg('elevators', '50000'));

async function seed(ctx: AppContext, label: string) {
  const t = performance.now();
  const db = ctx.store.db;
  const counties = (await db.selectFrom('region').select('code').where('level', '=', 3).where('kind', '=', 'gbt2260').execute()).map((r) => r.code);
  const places = ['RESIDENTIAL', 'RESIDENTIAL', 'RESIDENTIAL', 'SCHOOL', 'HOSPITAL', 'MALL', 'TRANSPORT', 'OFFICE'];
  await enterBulkLoad(db);
  for (let from = 1; from <= ELEVATORS; from += 200_000) {
    const to = Math.min(ELEVATORS, from + 199_999);
    await sql`INSERT INTO elevator (registration_code, category_code, region_code, address, place_type, status, acceptance_date, registration_date, status_changed_at)
      SELECT lpad(g::text, 20, '0'), '3110', (${counties}::text[])[1 + g % ${counties.length}], '山东省压测地址' || g || '号', (${places}::text[])[1 + g % ${places.length}],
             CASE WHEN g % 100 < 3 THEN 'STOPPED' ELSE 'IN_USE' END, date '2000-01-01' + ((g::bigint * 7919) % 9000)::int, date '2000-01-01' + ((g::bigint * 7919) % 9000)::int + 20, now()
        FROM generate_series(${from}::int, ${to}::int) g`.execute(db);
  }
  await leaveBulkLoad(db);
  await sql`INSERT INTO inspection_due (elevator_id, region_code, next_due_date, next_type, year)
    SELECT id, region_code, CASE WHEN status = 'IN_USE' THEN current_date - 200 + (id % 600)::int END, 'periodic', 1 FROM elevator`.execute(db);
  await sql`INSERT INTO maintenance_due (elevator_id, region_code, last_visit, next_due)
    SELECT id, region_code, current_date - 10 - (id % 30)::int, current_date + 5 - (id % 30)::int FROM elevator`.execute(db);
  await sql`INSERT INTO hazard (elevator_id, region_code, source, item, description, severity, remedy, status, deadline, created_at)
    SELECT id, region_code, 'supervision', '门锁', '压测', 'general', 'repair', 'open', current_date - 5 + (id % 30)::int, now() FROM elevator WHERE id % 50 = 0`.execute(db);
  await sql`INSERT INTO alarm (elevator_id, region_code, type, severity, status, source, opened_at, last_at)
    SELECT id, region_code, 'door_fault', 'major', 'active', 'device', now(), now() FROM elevator WHERE id % 200 = 0`.execute(db);
  await sql`INSERT INTO incident (elevator_id, region_code, place_type, urban, source, channels, type, status, received_at)
    SELECT id, region_code, place_type, true, 'phone', ARRAY['phone'], 'trapped', 'closed', date_trunc('month', now()) + interval '1 hour' FROM elevator WHERE id % 100 = 7`.execute(db);
  await sql`INSERT INTO risk_grade_count (region_code, place_type, grade, n)
    SELECT region_code, place_type, 1 + (id % 4)::int, count(*) FROM elevator GROUP BY 1, 2, 3 ON CONFLICT DO NOTHING`.execute(db);
  await sql`ANALYZE`.execute(db);
  console.log(`[${label}] seeded ${ELEVATORS.toLocaleString()} elevators with clocks, hazards, alarms and incidents in ${round((performance.now() - t) / 1000)} s`);
}

const who = (orgType: 'regulator' | 'education', regionCode: string): Principal =>
  makePrincipal({ userId: 0, username: 'bench', displayName: 'bench', orgId: 0, orgName: 'bench', orgType, regionCode, roles: [orgType === 'regulator' ? 'regulator' : 'department'] });

async function run(ctx: AppContext, label: string) {
  await seed(ctx, label);
  const callers: [string, Principal, string | undefined][] = [
    ['province', who('regulator', '370000'), undefined],
    ['济南 → 历下', who('regulator', '370100'), '370102'],
    ['education (schools)', who('education', '370000'), undefined],
  ];
  for (const [name, p, region] of callers) {
    const rows: string[] = [];
    for (const panel of PANELS) {
      const r = await latency(Array.from({ length: 20 }, () => 0), () => panel.load(ctx, p, region));
      rows.push(`${panel.key} ${r.p50}/${r.p95}`);
    }
    if (p.orgType === 'regulator')
      for (const metric of MAP_METRICS) {
        const r = await latency(Array.from({ length: 20 }, () => 0), () => regionMap(ctx, p, metric, region));
        rows.push(`map:${metric} ${r.p50}/${r.p95}`);
      }
    console.log(`[${label}] ${name}, ms p50/p95: ${rows.join(', ')}`);
  }
}

console.log(`bench:cockpit on ${os.cpus().length} cores, Node ${process.version}, ${ELEVATORS.toLocaleString()} elevators`);
await onEachStore('cockpit', run);
console.log('Goal (issue 8): every panel and the map ≤ 300 ms at province scale on PostgreSQL.');
process.exit(0);
