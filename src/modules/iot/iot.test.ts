import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import assert from 'node:assert/strict';
import { openTestEnv, storeKinds, type TestEnv } from '../../test/harness.ts';
import { bearer, buildRow, createOrg, toCsv, userToken, uscc } from '../../test/factories.ts';
import { recentEvents } from '../events/outbox.ts';
import { recordFaults } from './alarm-engine.ts';
import { RuleSweeper } from './rule-sweeper.ts';

/**
 * The IoT module end to end below MQTT: device registration, the ingest pipeline (as the broker hooks call it),
 * live state, the alarm lifecycle, the server-side rules on a test clock, bad input, access and the read interface.
 */
for (const kind of storeKinds()) {
  describe(`IoT monitoring (${kind})`, () => {
    let env: TestEnv;
    let admin: Record<string, string>;
    let otherMaint: Record<string, string>;
    let ownMaint: Record<string, string>;
    const J = buildRow({ regionCode: '370102', maintenanceName: '济南物联维保', maintenanceCreditCode: uscc('370102') });
    const K = buildRow({ regionCode: '370102' });
    const Q = buildRow({ regionCode: '370202' });
    const replies: { topic: string; payload: string }[] = [];

    const ts = () => env.clock.now().getTime();
    let n = 0;
    const native = (dev: string, group: string, body: Record<string, unknown>, id = `m${++n}`) =>
      env.iot.pipeline.handle(`liftsafe/v1/${dev}/${group}`, Buffer.from(JSON.stringify({ v: 1, id, ts: ts(), ...body })), dev);
    const alarms = async (q: string, h = admin) => (await env.app.inject({ method: 'GET', url: `/api/alarms?${q}`, headers: h })).json();
    const live = async (code: string, h = admin) => env.app.inject({ method: 'GET', url: `/api/elevators/${code}/live`, headers: h });
    const register = (body: Record<string, unknown>, h = admin) => env.app.inject({ method: 'POST', url: '/api/devices', headers: h, payload: body });

    before(async () => {
      env = await openTestEnv(kind, { now: '2026-11-29T02:00:00Z' });
      (env.iot.pipeline as unknown as { opts: { reply: (t: string, p: string) => void } }).opts.reply = (topic, payload) => replies.push({ topic, payload });
      const { ctx } = env;
      const platform = await ctx.store.db.selectFrom('organization').select('id').where('type', '=', 'platform').executeTakeFirst();
      admin = bearer(await userToken(env, { orgId: (platform ?? (await createOrg(ctx, { type: 'platform' }))).id, roles: ['admin'] }));
      const imp = await env.app.inject({ method: 'POST', url: '/api/elevators/import', headers: { ...admin, 'content-type': 'text/csv' }, payload: toCsv([J, K, Q]) });
      await env.runner.wait(imp.json().importId);
      const maintOrg = await ctx.store.db.selectFrom('organization').select('id').where('name', '=', '济南物联维保').executeTakeFirstOrThrow();
      ownMaint = bearer(await userToken(env, { orgId: maintOrg.id, roles: ['maintenance'] }));
      otherMaint = bearer(await userToken(env, { orgId: (await createOrg(ctx, { type: 'maintenance', regionCode: '370102' })).id, roles: ['maintenance'] }));
    });
    after(() => env.close());

    test('register terminals: one active terminal per elevator, known protocols, audited', async () => {
      const ok = await register({ deviceId: 'LS-J', protocol: 'native', secret: 'secret-secret-1', registrationCode: J.registrationCode });
      assert.equal(ok.statusCode, 201, ok.body);
      assert.equal(ok.json().registrationCode, J.registrationCode);
      assert.equal(ok.json().online, false);
      assert.equal(ok.json().secret, undefined, 'secrets never come back');
      assert.equal((await register({ deviceId: 'LS-J', protocol: 'native', secret: 'secret-secret-1', registrationCode: K.registrationCode })).json().error.code, 'DEVICE_EXISTS');
      assert.equal((await register({ deviceId: 'LS-J2', protocol: 'native', secret: 'secret-secret-1', registrationCode: J.registrationCode })).json().error.code, 'DEVICE_ELEVATOR_TAKEN');
      const bad = await register({ deviceId: 'LS-X', protocol: 'modbus', secret: 'secret-secret-1', registrationCode: K.registrationCode });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().error.code, 'PROTOCOL_UNKNOWN');
      assert.match(bad.json().error.message, /modbus/);
      assert.equal((await register({ deviceId: 'JT-K', protocol: 'jtc340', productKey: 'a1Pk', secret: 'secret-secret-2', registrationCode: K.registrationCode })).statusCode, 201);
      assert.equal((await register({ deviceId: 'LS-Q', protocol: 'native', secret: 'secret-secret-3', registrationCode: Q.registrationCode })).statusCode, 201);
      const audit = await env.ctx.store.db.selectFrom('audit_log').select('action').where('action', '=', 'device.create').execute();
      assert.equal(audit.length, 3);
      const list = (await env.app.inject({ method: 'GET', url: '/api/devices?pageSize=50', headers: admin })).json();
      assert.deepEqual(list.items.map((d: { deviceId: string }) => d.deviceId), ['JT-K', 'LS-J', 'LS-Q']);
    });

    test('status reports become live state; an older report changes nothing', async () => {
      await native('LS-J', 'status', { floor: '-2B', direction: 'up', doorOpen: false, occupied: true, mode: 'normal' });
      await native('LS-J', 'stats', { runs: 100, runSeconds: 7200, distanceM: 5000, doorCycles: 300 });
      await env.iot.pipeline.flush();
      const l = (await live(J.registrationCode)).json();
      assert.equal(l.online, true);
      assert.equal(l.floor, '-2B');
      assert.equal(l.direction, 'up');
      assert.equal(l.doorOpen, false);
      assert.equal(l.occupied, true);
      assert.equal(l.mode, 'normal');
      assert.deepEqual(l.counters, { runs: 100, runHours: 2, distanceKm: 5, doorCycles: 300 });
      assert.deepEqual(l.device, { deviceId: 'LS-J', protocol: 'native' });
      // A late report from a minute ago:
      env.iot.pipeline.handle('liftsafe/v1/LS-J/status', Buffer.from(JSON.stringify({ v: 1, id: 'old', ts: ts() - 60_000, floor: '9' })), 'LS-J');
      await env.iot.pipeline.flush();
      assert.equal((await live(J.registrationCode)).json().floor, '-2B');
      const unmonitored = (await env.app.inject({ method: 'GET', url: `/api/elevators/${buildRow().registrationCode}/live`, headers: admin })).json();
      assert.equal(unmonitored.error.code, 'ELEVATOR_NOT_FOUND');
    });

    test('alarm lifecycle: open, retry deduplicated, repeat counted, ack, device close; events out once', async () => {
      env.clock.advance(1000);
      await native('LS-J', 'event', { phase: 'open', fault: 'door_open_fault' }, 'ev-1');
      await native('LS-J', 'event', { phase: 'open', fault: 'door_open_fault' }, 'ev-1'); // the device's retry
      await env.iot.pipeline.flush();
      let list = await alarms(`registrationCode=${J.registrationCode}&status=active`);
      assert.equal(list.total, 1);
      const a = list.items[0];
      assert.deepEqual([a.type, a.severity, a.status, a.acknowledged, a.occurrences, a.source], ['door_open_fault', 'minor', 'active', false, 1, 'device']);
      assert.deepEqual(replies.filter((r) => r.topic === 'liftsafe/v1/LS-J/ack').map((r) => JSON.parse(r.payload).id), ['ev-1', 'ev-1'], 'acknowledged once stored, retries too');

      await native('LS-J', 'event', { phase: 'open', fault: 'door_open_fault' }, 'ev-2');
      await env.iot.pipeline.flush();
      list = await alarms(`registrationCode=${J.registrationCode}&status=active`);
      assert.equal(list.items[0].occurrences, 2);

      const ack = await env.app.inject({ method: 'POST', url: `/api/alarms/${a.id}/ack`, headers: admin, payload: { comment: '已通知维保' } });
      assert.equal(ack.statusCode, 200, ack.body);
      assert.equal(ack.json().acknowledged, true);

      env.clock.advance(60_000);
      await native('LS-J', 'event', { phase: 'close', fault: 'door_open_fault' }, 'ev-3');
      await env.iot.pipeline.flush();
      const detail = (await env.app.inject({ method: 'GET', url: `/api/alarms/${a.id}`, headers: admin })).json();
      assert.equal(detail.status, 'cleared');
      assert.deepEqual(detail.history.map((h: { kind: string }) => h.kind), ['opened', 'repeated', 'acknowledged', 'cleared']);
      const opened = (await recentEvents(env.ctx.store.db, 'iot.fault.opened')).filter((e) => (e.payload as { alarmId: number }).alarmId === a.id);
      const cleared = (await recentEvents(env.ctx.store.db, 'iot.fault.cleared')).filter((e) => (e.payload as { alarmId: number }).alarmId === a.id);
      assert.equal(opened.length, 1);
      assert.equal(cleared.length, 1);
      assert.equal((await env.app.inject({ method: 'POST', url: `/api/alarms/${a.id}/clear`, headers: admin, payload: { reason: '再次解除' } })).json().error.code, 'ALARM_ALREADY_CLEARED');
    });

    test('repeated faults raise severity: the third power loss within 24 h', async () => {
      for (let i = 0; i < 3; i++) {
        env.clock.advance(10 * 60_000);
        await native('LS-J', 'event', { phase: 'open', fault: 'power_loss' });
        await env.iot.pipeline.flush();
        if (i < 2) {
          env.clock.advance(60_000);
          await native('LS-J', 'event', { phase: 'close', fault: 'power_loss' });
          await env.iot.pipeline.flush();
        }
      }
      const list = await alarms(`registrationCode=${J.registrationCode}&type=power_loss`);
      assert.deepEqual(list.items.map((x: { severity: string; status: string }) => `${x.status}:${x.severity}`), ['active:critical', 'cleared:major', 'cleared:major']);
    });

    test('operator clears with a reason; the reason is required', async () => {
      const active = (await alarms(`registrationCode=${J.registrationCode}&type=power_loss&status=active`)).items[0];
      const noReason = await env.app.inject({ method: 'POST', url: `/api/alarms/${active.id}/clear`, headers: admin, payload: {} });
      assert.equal(noReason.statusCode, 400);
      const ok = await env.app.inject({ method: 'POST', url: `/api/alarms/${active.id}/clear`, headers: admin, payload: { reason: '现场确认已恢复供电' } });
      assert.equal(ok.json().status, 'cleared');
      assert.equal(ok.json().clearReason, '现场确认已恢复供电');
      const cm = await env.app.inject({ method: 'POST', url: `/api/alarms/${active.id}/comments`, headers: admin, payload: { text: '物业已整改' } });
      assert.equal(cm.statusCode, 200);
    });

    test('occupancy minutes older than IOT_OCCUPANCY_DAYS are pruned by the sweep; recent ones stay', async () => {
      const e = await env.ctx.store.db.selectFrom('elevator').select('id').where('registration_code', '=', J.registrationCode).executeTakeFirstOrThrow();
      const today = new Date(env.clock.now().getTime() + 8 * 3_600_000);
      const dayAgo = (n: number) => new Date(today.getTime() - n * 86_400_000).toISOString().slice(0, 10);
      const keep = env.ctx.config.IOT_OCCUPANCY_DAYS;
      for (const day of [dayAgo(keep + 1), dayAgo(keep - 1), dayAgo(0)]) {
        await sql`INSERT INTO elevator_occupancy (elevator_id, day, minutes) VALUES (${e.id}, ${day}::date, repeat('0', 1440)::bit(1440)) ON CONFLICT DO NOTHING`.execute(env.ctx.store.db);
      }
      await env.iot.sweeper.sweep();
      const left = await env.ctx.store.db.selectFrom('elevator_occupancy').select(sql<string>`to_char(day, 'YYYY-MM-DD')`.as('day')).where('elevator_id', '=', e.id).orderBy('day').execute();
      assert.deepEqual(left.map((r) => r.day), [dayAgo(keep - 1), dayAgo(0)]);
      await env.ctx.store.db.deleteFrom('elevator_occupancy').where('elevator_id', '=', e.id).execute();
    });

    test('offline after silence (test clock), back online on the next message', async () => {
      env.clock.advance(5 * 60_000 + 1000);
      await env.iot.sweeper.sweep();
      assert.equal((await live(J.registrationCode)).json().online, false);
      let off = await alarms(`registrationCode=${J.registrationCode}&type=offline&status=active`);
      assert.equal(off.total, 1);
      assert.equal(off.items[0].source, 'rule');
      await env.iot.sweeper.sweep(); // a second sweep changes nothing
      assert.equal((await alarms(`registrationCode=${J.registrationCode}&type=offline`)).total, 1);
      await native('LS-J', 'status', { doorOpen: true, occupied: false, direction: 'stop' });
      await env.iot.pipeline.flush();
      assert.equal((await live(J.registrationCode)).json().online, true);
      off = await alarms(`registrationCode=${J.registrationCode}&type=offline`);
      assert.equal(off.items[0].status, 'cleared');
    });

    test('trapped inferred from live data: occupied, door closed, still for 120 s; cleared when the door opens', async () => {
      await native('LS-J', 'status', { floor: '5', direction: 'stop', doorOpen: false, occupied: true });
      await env.iot.pipeline.flush();
      env.clock.advance(119_000);
      await native('LS-J', 'status', { occupied: true }); // still there, still reporting
      await env.iot.sweeper.sweep();
      assert.equal((await alarms(`registrationCode=${J.registrationCode}&type=trapped&status=active`)).total, 0, 'not yet');
      env.clock.advance(2_000);
      await native('LS-J', 'status', { occupied: true });
      await env.iot.sweeper.sweep();
      const t = await alarms(`registrationCode=${J.registrationCode}&type=trapped&status=active`);
      assert.equal(t.total, 1);
      assert.deepEqual([t.items[0].severity, t.items[0].source], ['critical', 'rule']);
      const opened = await recentEvents(env.ctx.store.db, 'iot.fault.opened');
      assert.ok(opened.some((e) => (e.payload as { type: string; alarmId: number }).type === 'trapped' && (e.payload as { alarmId: number }).alarmId === t.items[0].id));
      await env.iot.sweeper.sweep();
      assert.equal((await alarms(`registrationCode=${J.registrationCode}&type=trapped`)).total, 1, 'one alarm however many sweeps');
      await native('LS-J', 'status', { doorOpen: true, occupied: false });
      await env.iot.sweeper.sweep();
      assert.equal((await alarms(`registrationCode=${J.registrationCode}&type=trapped&status=cleared`)).total, 1);
    });

    test('an alarm nobody acknowledges escalates once; an acknowledged one does not', async () => {
      await native('LS-J', 'event', { phase: 'open', fault: 'door_blocked' });
      await native('LS-J', 'event', { phase: 'open', fault: 'ebike_in_car' });
      await env.iot.pipeline.flush();
      const eb = (await alarms(`registrationCode=${J.registrationCode}&type=ebike_in_car&status=active`)).items[0];
      await env.app.inject({ method: 'POST', url: `/api/alarms/${eb.id}/ack`, headers: admin, payload: {} });
      env.clock.advance(10 * 60_000 + 1000);
      await native('LS-J', 'status', { doorOpen: false });
      await env.iot.sweeper.sweep();
      await env.iot.sweeper.sweep();
      const db = (await alarms(`registrationCode=${J.registrationCode}&type=door_blocked&status=active`)).items[0];
      assert.equal(db.escalated, true);
      assert.equal(db.severity, 'minor', 'warning raised one step');
      assert.equal((await recentEvents(env.ctx.store.db, 'iot.alarm.escalated')).filter((e) => (e.payload as { alarmId: number }).alarmId === db.id).length, 1);
      assert.equal((await alarms(`registrationCode=${J.registrationCode}&type=ebike_in_car&status=active`)).items[0].escalated, false);
    });

    test('rule thresholds per region: Jinan offline after 60 s', async () => {
      const put = await env.app.inject({ method: 'PUT', url: '/api/iot/rules', headers: admin, payload: { key: 'offlineAfterSeconds', regionCode: '370100', value: 60 } });
      assert.equal(put.statusCode, 200, put.body);
      assert.equal((await env.app.inject({ method: 'PUT', url: '/api/iot/rules', headers: admin, payload: { key: 'bogus', value: 1 } })).json().error.code, 'RULE_KEY_UNKNOWN');
      await native('LS-J', 'status', { doorOpen: false });
      await native('LS-Q', 'status', { doorOpen: false });
      await env.iot.pipeline.flush();
      env.clock.advance(61_000);
      await env.iot.sweeper.sweep();
      assert.equal((await live(J.registrationCode)).json().online, false, 'Jinan: 60 s');
      assert.equal((await live(Q.registrationCode)).json().online, true, 'Qingdao: default 5 min');
      const rules = (await env.app.inject({ method: 'GET', url: '/api/iot/rules', headers: admin })).json();
      const o = rules.overrides.find((x: { key: string }) => x.key === 'offlineAfterSeconds');
      assert.equal(o.regionCode, '370100');
      await env.app.inject({ method: 'DELETE', url: `/api/iot/rules/${o.id}`, headers: admin });
      await native('LS-J', 'status', { doorOpen: false });
      await env.iot.pipeline.flush();
    });

    test('JTC340 terminal: live data, entrapment and its close, replies with Code 200', async () => {
      const base = '/device/a1Pk/JT-K/thing/event';
      const send = (ev: string, value: Record<string, unknown>, time?: number) =>
        env.iot.pipeline.handle(`${base}/${ev}/post/`, Buffer.from(JSON.stringify({ Version: '1.0', Params: { Value: value, ...(time ? { Time: time } : {}) } })), 'JT-K');
      const local = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 19);
      await send('LiveData', { DoorState: 0, PersonState: 1, CurrentFloor: '-1', RunDirection: 0, RunState: 0 }, Math.floor(ts() / 1000));
      await send('LockEvent', { Type: 0, LockTime: local(env.clock.now()) });
      await env.iot.pipeline.flush();
      const t = await alarms(`registrationCode=${K.registrationCode}&type=trapped&status=active`);
      assert.equal(t.total, 1);
      assert.equal(t.items[0].vendorCode, 'JTC340:LOCK0');
      assert.ok(replies.some((r) => r.topic === '/server/a1Pk/JT-K/thing/event/LockEvent/post_reply/' && r.payload === '{"Code":200}'));
      assert.ok(replies.some((r) => r.topic === '/server/a1Pk/JT-K/thing/event/LiveData/post_reply/'));
      env.clock.advance(8 * 60_000);
      await send('LockClose', { Type: 0, CloseTime: local(env.clock.now()) });
      await send('RunStatistics', { StartTime: '2026/11/29 9:00:00', EndTime: '2026/11/29 10:00:00', RunCount: 12, RunMins: 30, RunMeters: 900, DoorToggleCount: 24 });
      await send('RunStatistics', { StartTime: '2026/11/29 9:00:00', EndTime: '2026/11/29 10:00:00', RunCount: 12, RunMins: 30, RunMeters: 900, DoorToggleCount: 24 }); // retry
      await env.iot.pipeline.flush();
      assert.equal((await alarms(`registrationCode=${K.registrationCode}&type=trapped`)).items[0].status, 'cleared');
      const l = (await live(K.registrationCode)).json();
      assert.equal(l.floor, '-1');
      assert.deepEqual(l.counters, { runs: 12, runHours: 0.5, distanceKm: 0.9, doorCycles: 24 }, 'a retried period counts once');
    });

    test('bad input is counted per device and dropped; good traffic still flows', async () => {
      const before = (await env.app.inject({ method: 'GET', url: '/api/devices/LS-Q', headers: admin })).json().health;
      env.iot.pipeline.handle('liftsafe/v1/LS-Q/status', Buffer.from('{"v":1,'), 'LS-Q');
      env.iot.pipeline.handle('liftsafe/v1/LS-Q/status', Buffer.from(JSON.stringify({ v: 1, id: 'big', ts: ts(), pad: 'x'.repeat(70_000) })), 'LS-Q');
      env.iot.pipeline.handle('liftsafe/v1/LS-Q/status', Buffer.from(JSON.stringify({ v: 1, id: 'f', ts: ts() + 3600_000, floor: '7' })), 'LS-Q');
      env.iot.pipeline.handle('liftsafe/v1/LS-Q/status', Buffer.from(JSON.stringify({ v: 1, id: 't', ts: ts(), floor: 7 })), 'LS-Q');
      env.iot.pipeline.handle('liftsafe/v1/LS-Q/telemetry', Buffer.from('{}'), 'LS-Q');
      // Another device's topic, published with LS-Q's login: spoofing.
      env.iot.pipeline.handle('liftsafe/v1/LS-J/event', Buffer.from(JSON.stringify({ v: 1, id: 's', ts: ts(), phase: 'open', fault: 'trapped' })), 'LS-Q');
      // A flood: 200 at once; the burst passes, the rest is dropped.
      for (let i = 0; i < 200; i++) env.iot.pipeline.handle('liftsafe/v1/LS-Q/status', Buffer.from(JSON.stringify({ v: 1, id: `fl${i}`, ts: ts(), floor: '3' })), 'LS-Q');
      await env.iot.pipeline.flush();
      const h = (await env.app.inject({ method: 'GET', url: '/api/devices/LS-Q', headers: admin })).json().health;
      assert.equal(h.malformed - before.malformed, 1);
      assert.equal(h.oversized - before.oversized, 1);
      assert.equal(h.futureTime - before.futureTime, 1);
      assert.equal(h.invalid - before.invalid, 1);
      assert.equal(h.unknownEvent - before.unknownEvent, 1);
      assert.equal(h.spoofed - before.spoofed, 1);
      assert.ok(h.floodDropped - before.floodDropped >= 100, `flood dropped ${h.floodDropped - before.floodDropped}`);
      assert.match(h.lastError, /flood_dropped/);
      assert.equal((await alarms(`registrationCode=${J.registrationCode}&type=trapped&status=active`)).total, 0, 'the spoofed entrapment was not taken');
      assert.equal((await live(Q.registrationCode)).json().floor, '3', 'accepted messages went through');
      // An unknown device and an unknown topic hurt nobody.
      env.iot.pipeline.handle('liftsafe/v1/NOBODY/status', Buffer.from('{}'));
      env.iot.pipeline.handle('some/other/topic', Buffer.from('{}'));
      await env.iot.pipeline.flush();
      assert.ok(env.iot.pipeline.stats.dropped.unknown_topic >= 1);
    });

    test('scope: a maintenance company sees only its own elevators\' alarms, devices, live state and faults', async () => {
      const mine = await alarms(`registrationCode=${J.registrationCode}`, ownMaint);
      assert.ok(mine.total > 0);
      assert.equal((await alarms(`registrationCode=${J.registrationCode}`, otherMaint)).total, 0);
      assert.equal((await alarms('', otherMaint)).total, 0);
      const id = mine.items[0].id;
      assert.equal((await env.app.inject({ method: 'GET', url: `/api/alarms/${id}`, headers: otherMaint })).json().error.code, 'ALARM_NOT_FOUND');
      assert.equal((await env.app.inject({ method: 'POST', url: `/api/alarms/${id}/ack`, headers: otherMaint, payload: {} })).json().error.code, 'ALARM_NOT_FOUND');
      assert.equal((await live(J.registrationCode, otherMaint)).statusCode, 404);
      assert.equal((await live(J.registrationCode, ownMaint)).statusCode, 200);
      assert.equal((await env.app.inject({ method: 'GET', url: '/api/devices/LS-J', headers: otherMaint })).statusCode, 404);
      assert.equal((await env.app.inject({ method: 'GET', url: '/api/devices', headers: otherMaint })).json().total, 0);
      assert.equal((await env.app.inject({ method: 'GET', url: '/api/faults', headers: otherMaint })).json().total, 0);
      assert.ok((await env.app.inject({ method: 'GET', url: '/api/faults', headers: ownMaint })).json().total > 0);
      // Binding a terminal to someone else's elevator is refused as if it did not exist.
      const steal = await register({ deviceId: 'LS-STEAL', protocol: 'native', secret: 'secret-secret-9', registrationCode: Q.registrationCode }, otherMaint);
      assert.equal(steal.json().error.code, 'ELEVATOR_NOT_FOUND');
      assert.equal((await env.app.inject({ method: 'GET', url: '/api/alarms', headers: bearer('nope') })).statusCode, 401);
    });

    test('fault data read interface: history, statistics, CSV', async () => {
      const page = (await env.app.inject({ method: 'GET', url: `/api/faults?registrationCode=${J.registrationCode}&type=power_loss`, headers: admin })).json();
      assert.equal(page.total, 5); // three opens, two closes
      const stats = (await env.app.inject({ method: 'GET', url: `/api/faults/stats?groupBy=type&registrationCode=${J.registrationCode}`, headers: admin })).json();
      assert.equal(stats.items.find((s: { key: string }) => s.key === 'power_loss').count, 3);
      const byDay = (await env.app.inject({ method: 'GET', url: '/api/faults/stats?groupBy=day&from=2026-11-29&to=2026-11-29', headers: admin })).json();
      assert.equal(byDay.items[0].key, '2026-11-29');
      const csv = await env.app.inject({ method: 'GET', url: `/api/faults/export?registrationCode=${J.registrationCode}&type=power_loss`, headers: admin });
      assert.match(csv.headers['content-type'] as string, /text\/csv/);
      const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
      assert.equal(lines.length, 6);
      assert.match(lines[1]!, /主电源断电/);
    });

    test('monitoring summary and map by city and county', async () => {
      const s = (await env.app.inject({ method: 'GET', url: '/api/iot/summary', headers: admin })).json();
      assert.equal(s.monitored, 3);
      assert.ok(s.faultsToday > 0);
      const cities = (await env.app.inject({ method: 'GET', url: '/api/iot/map?level=city', headers: admin })).json();
      assert.equal(cities.items.length, 16);
      const jinan = cities.items.find((c: { regionCode: string }) => c.regionCode === '370100');
      assert.equal(jinan.name, '济南市');
      assert.equal(jinan.monitored, 2);
      const counties = (await env.app.inject({ method: 'GET', url: '/api/iot/map?level=county&city=370100', headers: admin })).json();
      assert.equal(counties.items.find((c: { regionCode: string }) => c.regionCode === '370102').monitored, 2);
      const geo = await env.app.inject({ method: 'GET', url: '/api/iot/geo/counties?city=370200', headers: admin });
      assert.ok(geo.json().features.length > 5);
      assert.ok(geo.json().features.every((f: { properties: { city_code: string } }) => f.properties.city_code === '370200'));
    });

    test('disable, rebind, rotate secret; bulk import reports bad rows by line and field', async () => {
      const dis = await env.app.inject({ method: 'POST', url: '/api/devices/LS-Q/disable', headers: admin });
      assert.equal(dis.json().status, 'disabled');
      assert.equal(await env.iot.hooks.authenticate('LS-Q', 'secret-secret-3'), false, 'a disabled terminal cannot log in');
      await env.app.inject({ method: 'POST', url: '/api/devices/LS-Q/enable', headers: admin });
      assert.equal(await env.iot.hooks.authenticate('LS-Q', 'secret-secret-3'), true);
      const rot = (await env.app.inject({ method: 'POST', url: '/api/devices/LS-Q/rotate-secret', headers: admin, payload: {} })).json();
      assert.ok(rot.secret.length >= 20);
      assert.equal(await env.iot.hooks.authenticate('LS-Q', 'secret-secret-3'), false);
      assert.equal(await env.iot.hooks.authenticate('LS-Q', rot.secret), true);
      const un = await env.app.inject({ method: 'POST', url: '/api/devices/LS-Q/unbind', headers: admin });
      assert.equal(un.json().registrationCode, null);
      assert.equal(await env.iot.hooks.authenticate('LS-Q', rot.secret), false, 'an unbound terminal cannot log in');
      const re = await env.app.inject({ method: 'POST', url: '/api/devices/LS-Q/bind', headers: admin, payload: { registrationCode: Q.registrationCode } });
      assert.equal(re.json().registrationCode, Q.registrationCode);

      const E = buildRow({ regionCode: '370102' });
      const imp0 = await env.app.inject({ method: 'POST', url: '/api/elevators/import', headers: { ...admin, 'content-type': 'text/csv' }, payload: toCsv([E]) });
      await env.runner.wait(imp0.json().importId);
      const csv = [
        'deviceId,protocol,secret,registrationCode,productKey,vendor,model,firmware',
        `LS-E,native,good-secret-123,${E.registrationCode},,ACME,T1,1.0`,
        `LS-BAD,native,short,${E.registrationCode},,,,`,
        `LS-P,zigbee,good-secret-123,${E.registrationCode},,,,`,
        `LS-E2,native,good-secret-123,${E.registrationCode},,,,`,
        `LS-N,native,good-secret-123,00000000000000000000,,,,`,
      ].join('\n');
      const imp = await env.app.inject({ method: 'POST', url: '/api/devices/import', headers: { ...admin, 'content-type': 'text/csv' }, payload: csv });
      assert.equal(imp.statusCode, 200, imp.body);
      assert.equal(imp.json().created, 1);
      assert.deepEqual(imp.json().rejected.map((r: { line: number; field: string }) => `${r.line}:${r.field}`), ['3:secret', '4:protocol', '5:registrationCode', '6:registrationCode']);
    });

    test('thousands of faults and device counters in one flush stay under the 65,535-parameter limit', async () => {
      const e = await env.ctx.store.db.selectFrom('elevator').select(['id', 'region_code']).where('registration_code', '=', Q.registrationCode).executeTakeFirstOrThrow();
      const faults = Array.from({ length: 7000 }, (_, i) => ({
        elevatorId: e.id,
        regionCode: e.region_code,
        devicePk: null,
        vendor: null,
        type: null,
        phase: 'open' as const,
        at: env.clock.now(),
        vendorCode: 'MONARCH:E02',
        dedupKey: `bulk-${i}`,
        source: 'device' as const,
      }));
      await env.ctx.store.db.transaction().execute((trx) => recordFaults(trx, faults, env.iot.settings, env.clock.now()));
      const n = await env.ctx.store.db.selectFrom('fault_event').select((eb) => eb.fn.countAll<number>().as('n')).where('dedup_key', 'like', 'bulk-%').executeTakeFirstOrThrow();
      assert.equal(Number(n.n), 7000);
    });

    test('after a restart, silence and stillness count from the start, not from before the downtime', async () => {
      await native('LS-J', 'status', { direction: 'stop', doorOpen: false, occupied: true });
      await env.iot.pipeline.flush();
      env.clock.advance(10 * 60_000); // the platform was down ten minutes
      const restarted = new RuleSweeper(env.ctx, env.iot.settings, { intervalMs: 1000 });
      await restarted.sweep();
      assert.equal((await live(J.registrationCode)).json().online, true, 'not offline straight after the start');
      assert.equal((await alarms(`registrationCode=${J.registrationCode}&type=trapped&status=active`)).total, 0, 'no entrapment inferred from before the start');
      env.clock.advance(5 * 60_000 + 1000);
      await restarted.sweep();
      assert.equal((await live(J.registrationCode)).json().online, false, 'offline once silent for the threshold since the start');
    });

    test('broker hooks for an external broker: auth and ACL', async () => {
      await env.app.inject({ method: 'POST', url: '/api/devices/LS-J/rotate-secret', headers: admin, payload: { secret: 'hook-secret-123' } });
      const auth = (u: string, p: string) => env.app.inject({ method: 'POST', url: '/api/mqtt/auth', payload: { username: u, password: p, clientid: u } });
      assert.equal((await auth('LS-J', 'hook-secret-123')).statusCode, 200);
      assert.equal((await auth('LS-J', 'wrong')).statusCode, 403);
      assert.equal((await auth('NOBODY', 'x')).statusCode, 403);
      const acl = (u: string, topic: string, acc: number) => env.app.inject({ method: 'POST', url: '/api/mqtt/acl', payload: { username: u, topic, acc } });
      assert.equal((await acl('LS-J', 'liftsafe/v1/LS-J/event', 2)).statusCode, 200);
      assert.equal((await acl('LS-J', 'liftsafe/v1/LS-Q/event', 2)).statusCode, 403);
      assert.equal((await acl('LS-J', 'liftsafe/v1/LS-J/ack', 1)).statusCode, 200);
      assert.equal((await acl('LS-J', 'liftsafe/v1/#', 1)).statusCode, 403);
    });
  });
}
