import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import mqtt from 'mqtt';
import pino from 'pino';
import { openTestEnv, storeKinds, type TestEnv } from '../../test/harness.ts';
import { bearer, buildRow, createOrg, toCsv, userToken } from '../../test/factories.ts';
import { startBroker, type BrokerHandle } from '../../server/mqtt/broker.ts';

/**
 * Devices over real MQTT 3.1.1: the embedded aedes broker (login = device id + secret, own topics only) and, where
 * CI provides it (TEST_MQTT_URL), Mosquitto with the platform subscribed through a shared subscription.
 */
const log = pino({ level: 'silent' });

async function until<T>(what: string, fn: () => Promise<T | undefined | false>, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function connect(url: string, username: string, password: string): Promise<mqtt.MqttClient> {
  return new Promise((resolve, reject) => {
    const c = mqtt.connect(url, { protocolVersion: 4, clientId: `${username}-${crypto.randomBytes(3).toString('hex')}`, username, password, reconnectPeriod: 0, connectTimeout: 5000 });
    c.once('connect', () => resolve(c));
    c.once('error', (err) => {
      c.end(true);
      reject(err);
    });
  });
}

interface Setup {
  env: TestEnv;
  broker: BrokerHandle;
  admin: Record<string, string>;
  codes: string[];
}

async function setup(kind: 'pglite' | 'postgres', brokerUrl?: string): Promise<Setup> {
  const broker = await startBroker({ port: 0, externalUrl: brokerUrl, log });
  const tag = crypto.randomBytes(4).toString('hex');
  const env = await openTestEnv(kind, {
    now: new Date().toISOString(),
    broker,
    env: { MQTT_SHARE_GROUP: `t${tag}`, MQTT_CLIENT_ID: `liftsafe-test-${tag}` },
  });
  // Real time here: messages carry the device's clock.
  (env.ctx as { clock: { now(): Date } }).clock = { now: () => new Date() };
  const platform = await env.ctx.store.db.selectFrom('organization').select('id').where('type', '=', 'platform').executeTakeFirst();
  const admin = bearer(await userToken(env, { orgId: (platform ?? (await createOrg(env.ctx, { type: 'platform' }))).id, roles: ['admin'] }));
  const rows = [buildRow(), buildRow(), buildRow()];
  const imp = await env.app.inject({ method: 'POST', url: '/api/elevators/import', headers: { ...admin, 'content-type': 'text/csv' }, payload: toCsv(rows) });
  await env.runner.wait(imp.json().importId);
  return { env, broker, admin, codes: rows.map((r) => r.registrationCode) };
}

const activeAlarms = async (s: Setup, code: string) => {
  await s.env.iot.settle();
  return (await s.env.app.inject({ method: 'GET', url: `/api/alarms?registrationCode=${code}&status=active`, headers: s.admin })).json().items as { type: string }[];
};

for (const kind of storeKinds()) {
  describe(`devices over the embedded broker (${kind})`, () => {
    let s: Setup;
    const tag = crypto.randomBytes(3).toString('hex');
    const A = `LS-A-${tag}`;
    const B = `LS-B-${tag}`;
    const JT = `JT-${tag}`;
    before(async () => {
      s = await setup(kind);
      const reg = (deviceId: string, protocol: string, registrationCode: string, extra = {}) =>
        s.env.app.inject({ method: 'POST', url: '/api/devices', headers: s.admin, payload: { deviceId, protocol, secret: `${deviceId}-secret!`, registrationCode, ...extra } });
      assert.equal((await reg(A, 'native', s.codes[0]!)).statusCode, 201);
      assert.equal((await reg(B, 'native', s.codes[1]!)).statusCode, 201);
      assert.equal((await reg(JT, 'jtc340', s.codes[2]!, { productKey: 'pk1' })).statusCode, 201);
    });
    after(async () => {
      await s.env.close();
      await s.broker.close();
    });

    test('wrong secret, unknown device: connection refused', async () => {
      await assert.rejects(connect(s.broker.url, A, 'wrong-secret'), /Bad username or password|Not authorized|bad/i);
      await assert.rejects(connect(s.broker.url, 'NOBODY', 'whatever-secret'), /Bad username or password|Not authorized|bad/i);
    });

    test('a native event over QoS 1 becomes an alarm and is acknowledged on the device\'s own topic', async () => {
      const c = await connect(s.broker.url, A, `${A}-secret!`);
      const acks: string[] = [];
      c.on('message', (_t, p) => acks.push(p.toString()));
      await c.subscribeAsync(`liftsafe/v1/${A}/ack`, { qos: 1 });
      await c.publishAsync(`liftsafe/v1/${A}/status`, JSON.stringify({ v: 1, id: 's1', ts: Date.now(), floor: '4', direction: 'stop', doorOpen: false, occupied: true }), { qos: 0 });
      await c.publishAsync(`liftsafe/v1/${A}/event`, JSON.stringify({ v: 1, id: 'e1', ts: Date.now(), phase: 'open', fault: 'overspeed' }), { qos: 1 });
      const alarms = await until('alarm', async () => {
        const a = await activeAlarms(s, s.codes[0]!);
        return a.length ? a : undefined;
      });
      assert.deepEqual(alarms.map((a) => a.type), ['overspeed']);
      await until('ack', async () => acks.length > 0);
      assert.deepEqual(JSON.parse(acks[0]!), { id: 'e1', code: 200 });
      const live = (await s.env.app.inject({ method: 'GET', url: `/api/elevators/${s.codes[0]}/live`, headers: s.admin })).json();
      assert.equal(live.floor, '4');
      // Subscribing to another device's downlink is refused (granted 128).
      const granted = await c.subscribeAsync(`liftsafe/v1/${B}/ack`, { qos: 1 }).catch(() => [{ qos: 128 }]);
      assert.equal(granted[0]!.qos, 128);
      await c.endAsync();
    });

    test('a publish naming another device is refused, counted, and the sender disconnected', async () => {
      const c = await connect(s.broker.url, A, `${A}-secret!`);
      const closed = new Promise<void>((r) => c.once('close', () => r()));
      c.publish(`liftsafe/v1/${B}/event`, JSON.stringify({ v: 1, id: 'x', ts: Date.now(), phase: 'open', fault: 'trapped' }), { qos: 1 });
      await closed;
      c.end(true);
      assert.equal((await activeAlarms(s, s.codes[1]!)).length, 0);
      const health = (await s.env.app.inject({ method: 'GET', url: `/api/devices/${A}`, headers: s.admin })).json().health;
      assert.equal(health.spoofed, 1);
    });

    test('JTC340 terminal: LockEvent becomes a trapped alarm; the reply {"Code":200} arrives', async () => {
      const c = await connect(s.broker.url, JT, `${JT}-secret!`);
      const replies: { topic: string; payload: string }[] = [];
      c.on('message', (topic, p) => replies.push({ topic, payload: p.toString() }));
      await c.subscribeAsync(`/server/pk1/${JT}/thing/event/+/post_reply/`, { qos: 0 });
      const local = new Date(Date.now() + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 19);
      await c.publishAsync(`/device/pk1/${JT}/thing/event/LockEvent/post/`, JSON.stringify({ Version: '1.0', Params: { Value: { Type: 1, LockTime: local }, Time: Math.floor(Date.now() / 1000) } }), { qos: 1 });
      await until('trapped alarm', async () => (await activeAlarms(s, s.codes[2]!)).some((a) => a.type === 'trapped'));
      await until('reply', async () => replies.some((r) => r.topic === `/server/pk1/${JT}/thing/event/LockEvent/post_reply/` && r.payload === '{"Code":200}'));
      await c.endAsync();
    });

    test('a disabled device is disconnected and cannot log in again', async () => {
      const c = await connect(s.broker.url, B, `${B}-secret!`);
      const closed = new Promise<void>((r) => c.once('close', () => r()));
      await s.env.app.inject({ method: 'POST', url: `/api/devices/${B}/disable`, headers: s.admin });
      await closed;
      c.end(true);
      await assert.rejects(connect(s.broker.url, B, `${B}-secret!`));
    });

    test('garbage from one device leaves the broker and other devices working', async () => {
      const c = await connect(s.broker.url, A, `${A}-secret!`);
      for (let i = 0; i < 20; i++) c.publish(`liftsafe/v1/${A}/status`, i % 2 ? '{{{{' : Buffer.alloc(70_000, 65));
      await c.publishAsync(`liftsafe/v1/${A}/event`, JSON.stringify({ v: 1, id: 'after-garbage', ts: Date.now(), phase: 'open', fault: 'door_close_fault' }), { qos: 1 });
      await until('alarm after garbage', async () => (await activeAlarms(s, s.codes[0]!)).some((a) => a.type === 'door_close_fault'));
      await s.env.iot.pipeline.flushHealth();
      const h = (await s.env.app.inject({ method: 'GET', url: `/api/devices/${A}`, headers: s.admin })).json().health;
      assert.equal(h.malformed, 10);
      assert.equal(h.oversized, 10);
      await c.endAsync();
    });
  });
}

const mosquitto = process.env.TEST_MQTT_URL;
describe('devices through Mosquitto (TEST_MQTT_URL)', { skip: mosquitto ? false : 'TEST_MQTT_URL not set: Mosquitto tests run in CI (.ci/run sets it)' }, () => {
  let s: Setup;
  const tag = crypto.randomBytes(3).toString('hex');
  const A = `LS-M-${tag}`;
  const JT = `JT-M-${tag}`;
  before(async () => {
    s = await setup('pglite', mosquitto);
    await s.env.app.inject({ method: 'POST', url: '/api/devices', headers: s.admin, payload: { deviceId: A, protocol: 'native', secret: 'mosquitto-secret', registrationCode: s.codes[0] } });
    await s.env.app.inject({ method: 'POST', url: '/api/devices', headers: s.admin, payload: { deviceId: JT, protocol: 'jtc340', productKey: 'pkm', secret: 'mosquitto-secret', registrationCode: s.codes[1] } });
  });
  after(async () => {
    await s.env.close();
    await s.broker.close();
  });

  test('the same ingest through Mosquitto: status, a native fault, a JTC340 entrapment with its reply', async () => {
    assert.equal(s.env.iot.external?.connected, true);
    const c = await connect(mosquitto!, A, 'mosquitto-secret');
    const j = await connect(mosquitto!, JT, 'mosquitto-secret');
    const replies: string[] = [];
    j.on('message', (t) => replies.push(t));
    await j.subscribeAsync(`/server/pkm/${JT}/thing/event/+/post_reply/`, { qos: 0 });
    await c.publishAsync(`liftsafe/v1/${A}/status`, JSON.stringify({ v: 1, id: 's', ts: Date.now(), floor: '-2B', direction: 'down', doorOpen: false, occupied: false }), { qos: 1 });
    await c.publishAsync(`liftsafe/v1/${A}/event`, JSON.stringify({ v: 1, id: 'm1', ts: Date.now(), phase: 'open', controller: 'monarch', code: 'E41' }), { qos: 1 });
    await j.publishAsync(`/device/pkm/${JT}/thing/event/LockEvent/post/`, JSON.stringify({ Version: '1.0', Params: { Value: { Type: 0 }, Time: Date.now() } }), { qos: 1 });
    await until('safety circuit alarm', async () => (await activeAlarms(s, s.codes[0]!)).some((a) => a.type === 'safety_circuit'));
    await until('trapped alarm', async () => (await activeAlarms(s, s.codes[1]!)).some((a) => a.type === 'trapped'));
    await until('JTC340 reply', async () => replies.includes(`/server/pkm/${JT}/thing/event/LockEvent/post_reply/`));
    const live = (await s.env.app.inject({ method: 'GET', url: `/api/elevators/${s.codes[0]}/live`, headers: s.admin })).json();
    assert.equal(live.floor, '-2B');
    // Traffic naming an unknown device is dropped and counted, nothing else happens.
    const before = s.env.iot.pipeline.stats.dropped.unknown_device;
    await c.publishAsync(`liftsafe/v1/UNKNOWN-${tag}/event`, JSON.stringify({ v: 1, id: 'u', ts: Date.now(), phase: 'open', fault: 'trapped' }), { qos: 1 });
    await until('unknown device counted', async () => s.env.iot.pipeline.stats.dropped.unknown_device > before);
    await c.endAsync();
    await j.endAsync();
  });
});
