import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestEnv, storeKinds, type TestEnv } from '../../test/harness.ts';
import { bearer, buildRow, createOrg, toCsv, userToken, uscc } from '../../test/factories.ts';
import { setInlineDelivery } from '../events/outbox.ts';
import { recordFaults } from '../iot/alarm-engine.ts';

/**
 * With several nodes, outbox deliveries are claimed SKIP LOCKED, so a terminal's "trap over" event can be taken
 * while its "trapped" event is still being handled on another node. Found by `npm run cluster` (tools/cluster) at
 * 1,200 msg/s on 3 nodes: the incident's timeline lacked `device_cleared`. Needs a second connection holding the
 * first delivery, so PostgreSQL only.
 */
const T0 = '2026-11-30T02:00:00Z';

describe('terminal events reaching 96333 intake out of order (postgres)', { skip: storeKinds().includes('postgres') ? false : 'needs TEST_DATABASE_URL (a second connection holds a delivery)' }, () => {
  let env: TestEnv;
  // The trapped event is normally handled in the alarm's own transaction; this is the dispatcher's path (taken when
  // that fails, or with OUTBOX_INLINE=false).
  before(() => setInlineDelivery(false));
  after(async () => {
    setInlineDelivery(true);
    await env?.close();
  });

  test('"trap over" handled while "trapped" is held elsewhere waits for it, and is still noted', async () => {
    env = await openTestEnv('postgres', { now: T0 });
    const { db } = env.ctx.store;
    const platform = await db.selectFrom('organization').select('id').where('type', '=', 'platform').executeTakeFirst();
    const admin = bearer(await userToken(env, { orgId: (platform ?? (await createOrg(env.ctx, { type: 'platform' }))).id, roles: ['admin'] }));
    const E = buildRow({ regionCode: '370102', maintenanceName: '乱序维保', maintenanceCreditCode: uscc('370102') });
    const imp = await env.app.inject({ method: 'POST', url: '/api/elevators/import', headers: { ...admin, 'content-type': 'text/csv' }, payload: toCsv([E]) });
    await env.runner.wait(imp.json().importId);
    const elevatorId = (await db.selectFrom('elevator').select('id').where('registration_code', '=', E.registrationCode).executeTakeFirstOrThrow()).id;
    const fault = (phase: 'open' | 'close') => ({ elevatorId, regionCode: '370102', devicePk: null, vendor: null, type: 'trapped' as const, phase, at: env.clock.now(), dedupKey: `t-${phase}`, source: 'device' as const });
    await db.transaction().execute((trx) => recordFaults(trx, [fault('open')], env.iot.settings, env.clock.now()));
    env.clock.advance(1000);
    await db.transaction().execute((trx) => recordFaults(trx, [fault('close')], env.iot.settings, env.clock.now()));
    const opened = await db.selectFrom('outbox').select('id').where('topic', '=', 'iot.fault.opened').where('key', '=', String(elevatorId)).executeTakeFirstOrThrow();

    // Another node has claimed the "trapped" delivery and not committed yet.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let claimed!: () => void;
    const isClaimed = new Promise<void>((r) => (claimed = r));
    const other = db.transaction().execute(async (trx) => {
      await trx.selectFrom('outbox_delivery').select('event_id').where('event_id', '=', opened.id).forUpdate().execute();
      claimed();
      await held;
    });
    await isClaimed;
    await env.iot.dispatcher.runOnce();
    release();
    await other;

    await env.iot.dispatcher.runOnce();
    env.clock.advance(10_000); // past the retry's back-off
    await env.iot.dispatcher.runOnce();
    const inc = await db.selectFrom('incident').select('id').where('elevator_id', '=', elevatorId).executeTakeFirstOrThrow();
    const kinds = (await db.selectFrom('incident_event').select('kind').where('incident_id', '=', inc.id).orderBy('id').execute()).map((r) => r.kind);
    assert.deepEqual(kinds, ['received', 'dispatched', 'device_cleared']);
    assert.equal((await db.selectFrom('outbox_delivery').select('event_id').execute()).length, 0, 'nothing left pending');
  });
});
