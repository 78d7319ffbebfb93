import crypto from 'node:crypto';
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

/**
 * `npm run demo`: on an empty store, creates a synthetic province — its organisations, one login per kind of
 * actor (README) and its elevators through the product's own import job — then the server starts as usual.
 * A store that already has elevators is left alone, so the demo seeds once.
 */
export async function seedDemo(ctx: AppContext, opts: { elevators: number; seed?: number }): Promise<void> {
  const { db } = ctx.store;
  const existing = await db.selectFrom('elevator').select('id').limit(1).executeTakeFirst();
  if (existing) {
    ctx.log.info('demo data already present; not seeding again');
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
}
