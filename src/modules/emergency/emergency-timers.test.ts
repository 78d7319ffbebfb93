import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openTestEnv, storeKinds, type TestEnv } from '../../test/harness.ts';
import { bearer, buildRow, createOrg, toCsv, userToken, uscc } from '../../test/factories.ts';
import { setInlineDelivery } from '../events/outbox.ts';
import { recordFaults } from '../iot/alarm-engine.ts';
import { elevatorFacts, intake, intakeTrappedAlarms } from './incident-engine.ts';
import { IOT_CONSUMER } from './iot-intake.ts';

/**
 * The legal clocks outlive the process that started them, and with several nodes each fires once. A terminal's
 * trapped alarm opens and dispatches an incident by itself.
 */
const T0 = '2026-11-30T02:00:00Z';
const MIN = 60_000;

async function seed(env: TestEnv, rows: Record<string, string>[]) {
  const platform = await env.ctx.store.db.selectFrom('organization').select('id').where('type', '=', 'platform').executeTakeFirst();
  const admin = bearer(await userToken(env, { orgId: (platform ?? (await createOrg(env.ctx, { type: 'platform' }))).id, roles: ['admin'] }));
  const imp = await env.app.inject({ method: 'POST', url: '/api/elevators/import', headers: { ...admin, 'content-type': 'text/csv' }, payload: toCsv(rows) });
  await env.runner.wait(imp.json().importId);
  const center = await createOrg(env.ctx, { type: 'emergency_center', regionCode: '370100' });
  return { admin, dispatcher: bearer(await userToken(env, { orgId: center.id, roles: ['dispatcher'] })) };
}

for (const kind of storeKinds()) {
  describe(`96333 clocks across restarts (${kind})`, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liftsafe-restart-'));
    const open: TestEnv[] = [];
    after(async () => {
      for (const e of open.reverse()) await e.close().catch(() => {});
      fs.rmSync(dir, { recursive: true, force: true });
    });

    test('a clock started before a restart fires after it, once', async () => {
      const node1 = await openTestEnv(kind, { now: T0, pgliteDir: kind === 'pglite' ? dir : undefined });
      open.push(node1);
      const E = buildRow({ regionCode: '370102', maintenanceName: '重启测试维保', maintenanceCreditCode: uscc('370102') });
      const { dispatcher } = await seed(node1, [E]);
      const inc = (await node1.app.inject({ method: 'POST', url: '/api/incidents', headers: dispatcher, payload: { code: E.rescueCode, type: 'trapped', trapped: 1 } })).json();
      assert.equal(inc.status, 'received');

      // The process goes away with the dispatch clock running; the next one starts 4 minutes later.
      let node2: TestEnv;
      if (kind === 'pglite') {
        await node1.close();
        open.pop();
        node2 = await openTestEnv(kind, { now: '2026-11-30T02:04:00Z', pgliteDir: dir });
      } else {
        await node1.emergency.stop();
        node2 = await openTestEnv(kind, { now: '2026-11-30T02:04:00Z', joinSchemaOf: node1 });
      }
      open.push(node2);
      assert.equal(await node2.emergency.sweeper.sweep(), 1);
      assert.equal(await node2.emergency.sweeper.sweep(), 0, 'fired is final');
      const row = await node2.ctx.store.db.selectFrom('incident').select(['status', 'tier', 'breaches']).where('id', '=', inc.id).executeTakeFirstOrThrow();
      assert.deepEqual(row, { status: 'dispatched', tier: 1, breaches: ['dispatch'] });
      const fired = await node2.ctx.store.db.selectFrom('incident_timer').select(['kind', 'fired_at', 'done_at']).where('incident_id', '=', inc.id).orderBy('id').execute();
      assert.deepEqual(
        fired.map((t) => [t.kind, t.fired_at?.toISOString() ?? null, t.done_at === null]),
        [['dispatch', '2026-11-30T02:04:00.000Z', true], ['arrive', null, true], ['accept', null, true]],
      );
    });
  });
}

if (storeKinds().includes('postgres')) {
  describe('96333 clocks on two nodes (postgres)', () => {
    let a: TestEnv;
    let b: TestEnv;
    after(async () => {
      await b?.close();
      await a?.close();
    });

    test('two nodes sweeping the same due clocks fire each exactly once', async () => {
      a = await openTestEnv('postgres', { now: T0 });
      b = await openTestEnv('postgres', { now: T0, joinSchemaOf: a });
      const M = { maintenanceName: '双节点维保', maintenanceCreditCode: uscc('370102') };
      const rows = Array.from({ length: 30 }, () => buildRow({ regionCode: '370102', ...M }));
      const { dispatcher } = await seed(a, rows);
      const ids: number[] = [];
      for (const r of rows) {
        // Calls are taken on either node; both nodes share the store.
        const node = ids.length % 2 ? a : b;
        const res = await node.app.inject({ method: 'POST', url: '/api/incidents', headers: dispatcher, payload: { code: r.rescueCode, type: 'trapped', trapped: 1 } });
        assert.equal(res.statusCode, 201, res.body);
        ids.push(res.json().id);
      }
      a.clock.advance(4 * MIN);
      b.clock.advance(4 * MIN);
      const [fa, fb] = await Promise.all([a.emergency.sweeper.sweep(), b.emergency.sweeper.sweep()]);
      assert.equal(fa + fb, 30, `node a fired ${fa}, node b ${fb}`);
      const { db } = a.ctx.store;
      const dispatches = await db.selectFrom('incident_dispatch').select(['incident_id']).where('incident_id', 'in', ids).execute();
      assert.equal(dispatches.length, 30, 'one dispatch per incident, none doubled');
      assert.equal(new Set(dispatches.map((d) => d.incident_id)).size, 30);
      const breaches = await db.selectFrom('incident_event').select('incident_id').where('kind', '=', 'sla_breach').where('incident_id', 'in', ids).execute();
      assert.equal(breaches.length, 30);
      assert.deepEqual(await Promise.all([a.emergency.sweeper.sweep(), b.emergency.sweeper.sweep()]), [0, 0]);
    });

    test('the same elevator reported on two nodes at once is one incident', async () => {
      const E = buildRow({ regionCode: '370102', maintenanceName: '双节点维保', maintenanceCreditCode: '' });
      const { dispatcher } = await seed(a, [E]);
      const calls = await Promise.all(
        Array.from({ length: 6 }, (_, i) => (i % 2 ? a : b).app.inject({ method: 'POST', url: '/api/incidents', headers: dispatcher, payload: { code: E.rescueCode, type: 'trapped', trapped: 1 } })),
      );
      assert.deepEqual(calls.map((c) => c.statusCode), [201, 201, 201, 201, 201, 201]);
      assert.equal(new Set(calls.map((c) => c.json().id)).size, 1);
      assert.equal(calls.filter((c) => c.json().merged).length, 5);
    });
  });
}

for (const kind of storeKinds()) {
  describe(`96333 intake from IoT (${kind})`, () => {
    let env: TestEnv;
    after(() => env?.close());

    test('a trapped alarm opens an incident and calls tier 1 at once; a call joins it; the terminal clearing is noted', async () => {
      env = await openTestEnv(kind, { now: T0 });
      const E = buildRow({ regionCode: '370102', maintenanceName: '物联救援维保', maintenanceCreditCode: uscc('370102') });
      const { dispatcher } = await seed(env, [E]);
      const elevatorId = (await env.ctx.store.db.selectFrom('elevator').select('id').where('registration_code', '=', E.registrationCode).executeTakeFirstOrThrow()).id;
      const fault = (phase: 'open' | 'close') => ({ elevatorId, regionCode: '370102', devicePk: null, vendor: null, type: 'trapped' as const, phase, at: env.clock.now(), dedupKey: `t-${phase}`, source: 'device' as const });
      await env.ctx.store.db.transaction().execute((trx) => recordFaults(trx, [fault('open')], env.iot.settings, env.clock.now()));
      // Other kinds of fault open no incident.
      await env.ctx.store.db.transaction().execute((trx) => recordFaults(trx, [{ ...fault('open'), type: 'door_open_moving', dedupKey: 'd1' }], env.iot.settings, env.clock.now()));
      await env.iot.dispatcher.runOnce();
      const list = (await env.app.inject({ method: 'GET', url: `/api/incidents?registrationCode=${E.registrationCode}`, headers: dispatcher })).json();
      assert.equal(list.total, 1);
      const inc = (await env.app.inject({ method: 'GET', url: `/api/incidents/${list.items[0].id}`, headers: dispatcher })).json();
      assert.equal(inc.source, 'iot');
      assert.equal(inc.status, 'dispatched');
      assert.equal(inc.tier, 1);
      assert.equal(inc.dispatches[0].reason, 'auto');
      assert.equal(inc.dispatches[0].orgName, '物联救援维保');
      assert.equal(inc.receivedAt, inc.dispatchedAt, 'no dispatcher in the loop');
      assert.ok(inc.alarmId);

      const call = (await env.app.inject({ method: 'POST', url: '/api/incidents', headers: dispatcher, payload: { code: E.rescueCode, type: 'trapped', trapped: 2, callerPhone: '13800000000' } })).json();
      assert.equal(call.id, inc.id);
      assert.equal(call.merged, true);
      assert.deepEqual(call.channels, ['iot', 'phone']);
      assert.equal(call.trapped, 2);

      env.clock.advance(MIN);
      await env.ctx.store.db.transaction().execute((trx) => recordFaults(trx, [fault('close')], env.iot.settings, env.clock.now()));
      await env.iot.dispatcher.runOnce();
      const after = (await env.app.inject({ method: 'GET', url: `/api/incidents/${inc.id}`, headers: dispatcher })).json();
      assert.equal(after.timeline.at(-1).kind, 'device_cleared');
      assert.equal(after.status, 'dispatched', 'people are counted out by a rescuer, not by the terminal');
    });

    test('a burst of trapped alarms is taken in one go and writes exactly what one-by-one intake writes', async () => {
      const M = { maintenanceName: '突发救援维保', maintenanceCreditCode: uscc('370102') };
      const rows = [buildRow({ regionCode: '370102', ...M }), buildRow({ regionCode: '370124', ...M }), buildRow({ regionCode: '370102', ...M }), buildRow({ regionCode: '370102', maintenanceName: '', maintenanceCreditCode: '', maintenancePhone: '' })];
      await seed(env, rows);
      const { db } = env.ctx.store;
      const idOf = async (code: string) => (await db.selectFrom('elevator').select('id').where('registration_code', '=', code).executeTakeFirstOrThrow()).id;
      const [x, y, single, orphan] = await Promise.all(rows.map((r) => idOf(r.registrationCode)));
      // Single path, for comparison: intake + dispatch one by one.
      await db.transaction().execute(async (trx) => intake(trx, env.ctx, { userId: null, name: 'system:iot', orgId: null }, (await elevatorFacts(trx, { id: single! }))!, { source: 'iot', type: 'trapped', receivedAt: env.clock.now(), autoDispatch: true }));
      // The burst: x and y together, the orphan elevator (no maintenance company: tier 2 search) and x's second alarm
      // one by one (the latter joins x's incident).
      const fault = (elevatorId: number, key: string) => ({ elevatorId, regionCode: '370102', devicePk: null, vendor: null, type: 'trapped' as const, phase: 'open' as const, at: env.clock.now(), dedupKey: key, source: 'device' as const });
      // The alarms alone (inline intake off, as by default): this test drives the burst intake itself.
      const wasInline = setInlineDelivery(false);
      await db.transaction().execute((trx) => recordFaults(trx, [fault(x!, 'b1'), fault(y!, 'b2'), fault(orphan!, 'b3')], env.iot.settings, env.clock.now())).finally(() => setInlineDelivery(wasInline));
      const alarmOf = async (id: number) => (await db.selectFrom('alarm').select('id').where('elevator_id', '=', id).executeTakeFirstOrThrow()).id;
      const burstAlarms = [x!, y!, orphan!, x!].map(async (id) => ({ elevatorId: id, alarmId: await alarmOf(id), receivedAt: env.clock.now() }));
      const counts = await db.transaction().execute(async (trx) => intakeTrappedAlarms(trx, env.ctx, { userId: null, name: 'system:iot', orgId: null }, await Promise.all(burstAlarms)));
      assert.deepEqual(counts, { together: 2, oneByOne: 2 });
      // The outbox deliveries of the same alarms change nothing more (they join the incidents now open).
      await env.iot.dispatcher.runOnce();
      const shape = async (elevatorId: number) => {
        const inc = await db.selectFrom('incident').selectAll().where('elevator_id', '=', elevatorId).executeTakeFirstOrThrow();
        const events = await db.selectFrom('incident_event').select(['kind', 'actor_name', 'detail']).where('incident_id', '=', inc.id).orderBy('id').execute();
        const dispatches = await db.selectFrom('incident_dispatch').select(['tier', 'org_name', 'phone', 'reason', 'actor_name', 'accepted_at', 'ended_at']).where('incident_id', '=', inc.id).execute();
        const timers = await db.selectFrom('incident_timer').select(['kind', 'due_at', 'done_at', 'fired_at']).where('incident_id', '=', inc.id).orderBy('kind').execute();
        const audit = await db.selectFrom('audit_log').select(['action', 'before', 'after', 'actor_name']).where('entity_type', '=', 'incident').where('entity_id', '=', String(inc.id)).orderBy('id').execute();
        const t0 = inc.received_at.getTime();
        return {
          incident: { ...inc, id: 0, elevator_id: 0, alarm_id: inc.alarm_id ? 1 : 0, received_at: 0, dispatched_at: inc.dispatched_at!.getTime() - t0, created_at: 0, updated_at: 0, region_code: 0, urban: 0 },
          events: events.map((e) => ({ ...e, detail: { ...(e.detail as object), alarmId: undefined } })),
          dispatches,
          timers: timers.map((t) => ({ kind: t.kind, due: t.due_at.getTime() - t0, done: t.done_at ? t.done_at.getTime() - t0 : null, fired: t.fired_at })),
          audit: audit.map((a) => ({ ...a, after: { ...(a.after as object), elevator: undefined } })),
        };
      };
      const burst = await shape(x!);
      // x's second alarm and the outbox delivery joined its incident: drop those timeline rows before comparing.
      burst.events = burst.events.filter((e) => e.kind !== 'merged');
      burst.audit = burst.audit.filter((a) => a.action !== 'incident.merge');
      burst.incident = { ...burst.incident, version: burst.incident.version - 2 };
      const one = await shape(single!);
      assert.deepEqual({ ...burst, incident: { ...burst.incident, alarm_id: 0 } }, { ...one, incident: { ...one.incident, alarm_id: 0 } });
      assert.equal(burst.incident.alarm_id, 1, 'the burst links the alarm');
      assert.equal((await shape(y!)).incident.status, 'dispatched');
      const o = await db.selectFrom('incident').select(['tier', 'status']).where('elevator_id', '=', orphan!).executeTakeFirstOrThrow();
      assert.deepEqual(o, { tier: 3, status: 'dispatched' }, 'no company and no station on the platform: 119');
    });

    test('OUTBOX_INLINE: the incident commits with the alarm, no dispatcher run needed', async () => {
      const E = buildRow({ regionCode: '370102', maintenanceName: '同事务救援维保', maintenanceCreditCode: uscc('370102') });
      await seed(env, [E]);
      const { db } = env.ctx.store;
      const elevatorId = (await db.selectFrom('elevator').select('id').where('registration_code', '=', E.registrationCode).executeTakeFirstOrThrow()).id;
      const fault = { elevatorId, regionCode: '370102', devicePk: null, vendor: null, type: 'trapped' as const, phase: 'open' as const, at: env.clock.now(), dedupKey: 'inline-1', source: 'device' as const };
      const wasInline = setInlineDelivery(true);
      await db.transaction().execute((trx) => recordFaults(trx, [fault], env.iot.settings, env.clock.now())).finally(() => setInlineDelivery(wasInline));
      const inc = await db.selectFrom('incident').select(['status', 'tier', 'alarm_id', 'received_at', 'dispatched_at']).where('elevator_id', '=', elevatorId).executeTakeFirstOrThrow();
      assert.deepEqual([inc.status, inc.tier, inc.alarm_id !== null, inc.received_at.getTime() === inc.dispatched_at?.getTime()], ['dispatched', 1, true, true]);
      const pending = await db.selectFrom('outbox_delivery').innerJoin('outbox', 'outbox.id', 'outbox_delivery.event_id').select('outbox_delivery.event_id').where('consumer', '=', IOT_CONSUMER).where('outbox.key', '=', String(elevatorId)).execute();
      assert.equal(pending.length, 0, 'handled inline: no delivery left for the dispatcher');
    });
  });
}
