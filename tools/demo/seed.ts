import crypto from 'node:crypto';
import { sql } from 'kysely';
import path from 'node:path';
import type { AppContext } from '../../src/server/context.ts';
import { shanghaiDate } from '../../src/server/clock.ts';
import * as audit from '../../src/modules/audit/audit.service.ts';
import { SYSTEM_ACTOR } from '../../src/modules/auth/principal.ts';
import { hashPassword } from '../../src/modules/auth/password.ts';
import { importDir, runImport } from '../../src/modules/elevators/elevator-import.service.ts';
import { generateProvince } from './generate-province.ts';
import { demoUsers } from './demo-users.ts';
import { writeRegistryFile } from './registry-file.ts';
import { DEMO_PRODUCT_KEY, demoDeviceId, demoDeviceSecret } from './demo-devices.ts';
import { hashSecret, newSalt } from '../../src/modules/iot/device-directory.ts';
import { seedDemoEmergency } from './seed-emergency.ts';
import { seedDemoInspection } from './seed-inspection.ts';
import { seedDemoMaintenance } from './seed-maintenance.ts';
import { seedDemoAddonInsurance } from './seed-addon-insurance.ts';
import { seedDemoPublication } from './seed-publication.ts';
import { seedDemoOldElevators } from './seed-old-elevators.ts';
import { seedDemoCreditEnforcement } from './seed-credit-enforcement.ts';
import { seedDemoPersonnel } from './seed-personnel.ts';
import { seedDemoComplaints } from './seed-complaints.ts';
import { ensureDepartmentLogins } from './seed-departments.ts';

/**
 * `npm run demo`: on an empty store, creates a synthetic province — its organisations, one login per kind of
 * actor (README) and its elevators through the product's own import job — then the server starts as usual.
 * A store that already has elevators is left alone, so the demo seeds once; the 96333 side (seed-emergency.ts)
 * checks its own parts, and opens a fresh handful of incidents at every start; the inspection side
 * (seed-inspection.ts) adds its inspectors and, once, the report history; the maintenance side (seed-maintenance.ts)
 * its worker login and, once, workers, contracts and two months of visits.
 */
export async function seedDemo(ctx: AppContext, opts: { elevators: number; devices?: number; seed?: number }): Promise<void> {
  const { db } = ctx.store;
  const existing = await db.selectFrom('elevator').select('id').limit(1).executeTakeFirst();
  if (existing) {
    ctx.log.info('demo data already present; not seeding again');
    await seedModules(ctx, opts);
    return;
  }
  const started = performance.now();
  ctx.log.info({ elevators: opts.elevators }, 'seeding the demo province (once)…');
  const { orgs, rows } = generateProvince({ elevators: opts.elevators, seed: opts.seed ?? 1, today: shanghaiDate(ctx.clock.now()) });
  const now = ctx.clock.now();

  const idByKey = new Map<string, number>();
  await db.transaction().execute(async (trx) => {
    for (const o of orgs) {
      const row = await trx
        .insertInto('organization')
        .values({
          credit_code: o.creditCode,
          name: o.name,
          type: o.type,
          region_code: o.regionCode,
          address: o.address ?? null,
          contact_name: o.contactName ?? null,
          contact_phone: o.contactPhone ?? null,
          hotline: o.hotline ?? null,
          longitude: o.lon ?? null,
          latitude: o.lat ?? null,
        })
        .onConflict((oc) => oc.column('credit_code').doUpdateSet({ name: o.name }))
        .returning('id')
        .executeTakeFirstOrThrow();
      idByKey.set(o.key, row.id);
    }
    await audit.record(trx, SYSTEM_ACTOR, now, [{ action: 'demo.seed', entityType: 'organization', entityId: 'demo', regionCode: '370000', after: { organizations: orgs.length } }]);
  });
  ctx.log.info({ organizations: orgs.length }, 'demo organisations created');

  for (const u of demoUsers(orgs, rows)) {
    const exists = await db.selectFrom('app_user').select('id').where('username', '=', u.username).executeTakeFirst();
    if (exists) continue;
    await db
      .insertInto('app_user')
      .values({ username: u.username, display_name: u.displayName, password_hash: await hashPassword(u.password), org_id: idByKey.get(u.orgKey)!, roles: u.roles, phone: null })
      .execute();
  }

  const jobId = crypto.randomUUID();
  const file = path.join(importDir(ctx), `${jobId}.csv`);
  await writeRegistryFile(rows, { out: file, format: 'csv', encoding: 'utf8' });
  await db
    .insertInto('job')
    .values({ id: jobId, kind: 'elevator-import', status: 'queued', created_by: null, org_id: null, file_name: '演示省份电梯档案.csv', file_sha256: null, error: null, created_at: now, started_at: null, finished_at: null, heartbeat_at: null })
    .execute();
  const progress = setInterval(async () => {
    const j = await db.selectFrom('job').select(['processed', 'total']).where('id', '=', jobId).executeTakeFirst();
    if (j) ctx.log.info(`demo import: ${j.processed.toLocaleString()} / ${j.total.toLocaleString()} rows`);
  }, 3000);
  try {
    const counts = await runImport(ctx, jobId, file, SYSTEM_ACTOR);
    await db.updateTable('job').set({ status: 'done', total: counts.total, finished_at: ctx.clock.now() }).where('id', '=', jobId).execute();
    ctx.log.info({ ...counts, seconds: Math.round((performance.now() - started) / 1000) }, 'demo province ready');
  } finally {
    clearInterval(progress);
  }
  await seedModules(ctx, opts);
}

/**
 * Each module's demo data, at every start (each seeder decides for itself whether it has already run): terminals, the
 * 96333 board, inspection, maintenance, added elevators and insurance, complaints, releases, old elevators, credit, personnel.
 */
async function seedModules(ctx: AppContext, opts: { elevators: number; devices?: number; seed?: number }): Promise<void> {
  await seedDemoDevices(ctx, opts.devices ?? 0);
  await seedDemoEmergency(ctx, opts);
  await seedDemoInspection(ctx);
  await seedDemoMaintenance(ctx);
  await seedDemoAddonInsurance(ctx);
  await ensureDepartmentLogins(ctx);
  await seedDemoComplaints(ctx);
  await seedDemoPublication(ctx);
  await seedDemoOldElevators(ctx);
  await seedDemoCreditEnforcement(ctx);
  await seedDemoPersonnel(ctx);
}

/**
 * Monitoring terminals for the demo: `count` in-use elevators spread over every city get a terminal (about 70%
 * native protocol, 30% JTC340) with a secret the simulator can derive (demo-devices.ts). Runs once per store.
 */
export async function seedDemoDevices(ctx: AppContext, count: number): Promise<void> {
  const { db } = ctx.store;
  if (count <= 0) return;
  const has = await db.selectFrom('device').select('id').limit(1).executeTakeFirst();
  if (has) return;
  // Spread over the province: the first elevators of each county, round-robin, so every city shows on the map.
  const { rows } = await sql<{ id: number; registration_code: string; region_code: string; maintenance_org_id: number | null }>`
    SELECT id, registration_code, region_code, maintenance_org_id FROM (
      SELECT e.id, e.registration_code, e.region_code, e.maintenance_org_id,
             row_number() OVER (PARTITION BY e.region_code ORDER BY e.registration_code) AS rn
        FROM elevator e WHERE e.status = 'IN_USE') x
     ORDER BY rn, region_code LIMIT ${count}`.execute(db);
  const now = ctx.clock.now();
  await db.transaction().execute(async (trx) => {
    for (const [i, e] of rows.entries()) {
      const protocol = i % 10 < 7 ? 'native' : 'jtc340';
      const deviceId = demoDeviceId(e.registration_code, protocol);
      const salt = newSalt();
      const d = await trx
        .insertInto('device')
        .values({
          device_id: deviceId,
          protocol,
          product_key: protocol === 'jtc340' ? DEMO_PRODUCT_KEY : null,
          secret_salt: salt,
          secret_hash: hashSecret(salt, demoDeviceSecret(deviceId)),
          vendor: protocol === 'jtc340' ? 'JTC' : 'LiftSafe Sim',
          model: protocol === 'jtc340' ? 'JTC340' : 'LS-T1',
          firmware: '1.0.0',
          elevator_id: e.id,
          owner_org_id: e.maintenance_org_id,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx.insertInto('device_binding').values({ device_pk: d.id, elevator_id: e.id, bound_at: now, actor_id: null }).execute();
      await trx.insertInto('elevator_live').values({ elevator_id: e.id, region_code: e.region_code, device_pk: d.id, online: false, updated_at: now }).execute();
    }
    await audit.record(trx, SYSTEM_ACTOR, now, [{ action: 'demo.devices', entityType: 'device', entityId: 'demo', regionCode: '370000', after: { devices: rows.length } }]);
  });
  ctx.log.info({ devices: rows.length }, 'demo monitoring terminals registered');
}
