import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import net from 'node:net';
import { Aedes } from 'aedes';
import { connectAsync, type MqttClient } from 'mqtt';
import { adapter as jtc340 } from '../../src/modules/iot/adapters/jtc340.adapter.ts';
import { adapter as native } from '../../src/modules/iot/adapters/native.adapter.ts';
import type { Decoded } from '../../src/modules/iot/adapters/adapter.ts';
import { startFleet, type Fleet, type SimDevice } from './fleet.ts';

async function waitFor(cond: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

interface Seen {
  deviceId: string;
  topic: string;
  body: Record<string, unknown>;
  decoded: Decoded;
}

/**
 * Plays the platform: decodes every uplink of our devices with the real adapters, records it, and answers as the
 * platform would (native ack of events, JTC340 post_reply).
 */
async function monitor(url: string, ids: Set<string>, credentials: { username: string; password: string }) {
  const seen: Seen[] = [];
  const failures: string[] = [];
  const client: MqttClient = await connectAsync(url, { ...credentials, clientId: `${credentials.username}-${crypto.randomUUID().slice(0, 8)}`, protocolVersion: 4, reconnectPeriod: 0 });
  client.on('message', (topic, payload) => {
    if (topic.endsWith('/ack')) return; // our own replies, on the subscribed native filter
    const a = native.deviceOf(topic) ? native : jtc340.deviceOf(topic) ? jtc340 : null;
    const deviceId = a?.deviceOf(topic);
    if (!a || !deviceId || !ids.has(deviceId)) return;
    try {
      const decoded = a.decode(topic, payload, new Date());
      seen.push({ deviceId, topic, body: JSON.parse(payload.toString()), decoded });
      if (decoded.reply) client.publish(decoded.reply.topic, decoded.reply.payload, { qos: 1 });
    } catch (err) {
      failures.push(`${topic}: ${(err as Error).message} in ${payload.toString()}`);
    }
  });
  await client.subscribeAsync(['liftsafe/v1/+/+', '/device/+/+/thing/event/+/post/#'], { qos: 1 });
  return { seen, failures, close: () => client.endAsync() };
}

function fleetDevices(suffix: string): SimDevice[] {
  return Array.from({ length: 20 }, (_, i) => {
    const protocol = i < 12 ? 'native' : 'jtc340';
    return {
      deviceId: `${protocol === 'native' ? 'LS' : 'JT'}sim${suffix}${String(i).padStart(2, '0')}`,
      protocol,
      productKey: protocol === 'jtc340' ? 'a1SimPk' : undefined,
      secret: crypto.randomBytes(12).toString('base64url'),
      floors: 4 + i * 2,
      reportsTrapped: i % 2 === 0,
    };
  });
}

/** The same checks against any broker. */
async function exerciseFleet(url: string, credentials: { username: string; password: string }, devices: SimDevice[], extra: SimDevice[] = []) {
  const ids = new Set(devices.map((d) => d.deviceId));
  const mon = await monitor(url, ids, credentials);
  let fleet: Fleet | undefined;
  try {
    const started = Date.now();
    fleet = await startFleet({ url, devices: [...devices, ...extra], ratePerSecond: 100, frequent: true, seed: 3 });
    const f = fleet;
    await waitFor(() => f.stats().connected === devices.length, 'all devices connected');
    const from = (id: string) => mon.seen.filter((s) => s.deviceId === id);
    await waitFor(() => devices.every((d) => from(d.deviceId).length > 0), 'a message from every device');
    await waitFor(() => mon.seen.some((s) => s.topic.endsWith('/stats')) && mon.seen.some((s) => s.topic.includes('/RunStatistics/')), 'statistics of both protocols');
    await waitFor(() => f.stats().acksReceived > 0, 'acknowledgements back to the devices');

    const nativeDev = devices.find((d) => d.protocol === 'native')!;
    const jtcDev = devices.find((d) => d.protocol === 'jtc340')!;
    const nStatus = from(nativeDev.deviceId).find((s) => s.topic.endsWith('/status'))!;
    assert.deepEqual(Object.keys(nStatus.body).sort(), ['direction', 'doorOpen', 'floor', 'id', 'inDoorZone', 'mode', 'occupied', 'speed', 'ts', 'v']);
    assert.ok(Math.abs((nStatus.body.ts as number) - Date.now()) < 60_000);
    assert.ok(from(nativeDev.deviceId).some((s) => s.topic === `liftsafe/v1/${nativeDev.deviceId}/info`), 'native info on connect');
    const live = from(jtcDev.deviceId).find((s) => s.topic.includes('/LiveData/'))!;
    assert.match(live.topic, new RegExp(`^/device/a1SimPk/${jtcDev.deviceId}/thing/event/LiveData/post/?$`));
    assert.deepEqual(Object.keys((live.body.Params as { Value: object }).Value).sort(), ['CurrentFloor', 'DoorState', 'PersonState', 'RunDirection', 'RunState']);
    assert.equal(live.body.Version, '1.0');

    // inject: a native entrapment, open and close.
    const nativeEvents = () => from(nativeDev.deviceId).filter((s) => s.topic.endsWith('/event'));
    await f.inject(nativeDev.deviceId, 'trapped');
    await waitFor(() => nativeEvents().some((s) => s.body.fault === 'trapped' && s.body.phase === 'open'), 'the injected native trapped event');
    const opened = nativeEvents().find((s) => s.body.fault === 'trapped')!;
    assert.match(String((opened.body.detail as { zone: string }).zone), /zone/);
    // A trapped car shows in the status too (waited for before the close: a status tick need not fall between them).
    await waitFor(
      () => from(nativeDev.deviceId).some((s) => s.topic.endsWith('/status') && s.body.occupied === true && s.body.doorOpen === false && s.body.direction === 'stop'),
      'a status of the trapped car: occupied, doors shut, stopped',
    );
    await f.inject(nativeDev.deviceId, 'trapped', 'close');
    await waitFor(() => nativeEvents().some((s) => s.body.fault === 'trapped' && s.body.phase === 'close'), 'the injected native close');

    // inject: a JTC340 alarm and entrapment.
    await f.inject(jtcDev.deviceId, 'door_blocked');
    await waitFor(() => from(jtcDev.deviceId).some((s) => s.topic.includes('/AlarmEvent/') && (s.body.Params as { Value: { AlarmType: unknown } }).Value.AlarmType == 2003), 'AlarmEvent 2003');
    await f.inject(jtcDev.deviceId, 'trapped');
    await waitFor(() => from(jtcDev.deviceId).some((s) => s.topic.includes('/LockEvent/')), 'LockEvent');
    const lock = from(jtcDev.deviceId).find((s) => s.topic.includes('/LockEvent/'))!;
    assert.match(String((lock.body.Params as { Value: { LockTime: string } }).Value.LockTime), /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    await waitFor(() => f.stats().entrapments >= 2 && f.stats().faultsOpened >= 1, 'fault counters');

    await assert.rejects(f.inject('nobody', 'trapped'), /unknown device/);
    await assert.rejects(f.inject(jtcDev.deviceId, 'overspeed'), /cannot report/);

    // Simulated silence: the terminal disconnects, then comes back.
    await f.inject(devices[1].deviceId, 'offline');
    await waitFor(() => f.stats().connected === devices.length - 1, 'a silent terminal');
    await f.inject(devices[1].deviceId, 'offline', 'close');
    await waitFor(() => f.stats().connected === devices.length, 'the terminal back');

    assert.deepEqual(mon.failures, [], 'every message decodes with the platform adapters');
    const s = f.stats();
    const elapsed = (Date.now() - started) / 1000;
    assert.ok(s.published >= mon.seen.length * 0.9, `published ${s.published}, seen ${mon.seen.length}`);
    assert.ok(s.published / elapsed < 300, `${s.published} messages in ${elapsed.toFixed(1)} s is well above the rate`);
    assert.ok(s.publishedByKind.status > 0 && s.publishedByKind.event >= 4 && s.publishedByKind.stats >= devices.length && s.publishedByKind.info >= 12);
    return s;
  } finally {
    await fleet?.stop();
    await mon.close();
  }
}

describe('fleet on an embedded aedes broker', () => {
  let broker: Aedes;
  let server: net.Server;
  let url: string;
  const secrets = new Map<string, string>([['monitor', 'monitor-secret']]);
  const logins: { clientId: string; username: string }[] = [];

  before(async () => {
    broker = await Aedes.createBroker();
    broker.authenticate = (client, username, password, done) => {
      const ok = !!username && secrets.get(username) === password?.toString();
      if (ok) logins.push({ clientId: client.id, username: username! });
      done(ok ? null : Object.assign(new Error('bad credentials'), { returnCode: 4 as const }), ok);
    };
    server = net.createServer(broker.handle);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `mqtt://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  });

  after(async () => {
    await new Promise<void>((r) => broker.close(() => r()));
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('drives both protocols, answers inject() and survives a refused device', async () => {
    const devices = fleetDevices('a');
    for (const d of devices) secrets.set(d.deviceId, d.secret);
    const impostor: SimDevice = { deviceId: 'LSsimWrongSecret', protocol: 'native', secret: 'wrong', floors: 6 };
    secrets.set(impostor.deviceId, 'right');
    const s = await exerciseFleet(url, { username: 'monitor', password: 'monitor-secret' }, devices, [impostor]);
    assert.ok(s.errors >= 1, 'the refused CONNECT is counted');
    // Devices log in as themselves, with their id as client id.
    for (const d of devices) assert.ok(logins.some((l) => l.username === d.deviceId && l.clientId === d.deviceId), d.deviceId);
    await waitFor(() => broker.connectedClients === 0, 'every device disconnected after stop()');
  });

  it('opens a demo run with one of each story (prologue)', async () => {
    const devices = fleetDevices('p').slice(0, 8);
    for (const d of devices) secrets.set(d.deviceId, d.secret);
    const mon = await monitor(url, new Set(devices.map((d) => d.deviceId)), { username: 'monitor', password: 'monitor-secret' });
    const logs: string[] = [];
    // A simulated minute every real second: the prologue's first minutes take seconds.
    const t0 = Date.now();
    const now = () => t0 + (Date.now() - t0) * 60;
    let fleet: Fleet | undefined;
    try {
      fleet = await startFleet({ url, devices, ratePerSecond: 50, frequent: true, prologue: true, seed: 3, runSeed: 12345, now, log: (m) => logs.push(m) });
      const f = fleet;
      const picked = (story: string) => logs.map((l) => new RegExp(`^prologue: ${story} on (\\S+) from`).exec(l)?.[1]).find(Boolean);
      const [reported, unreported, silent] = [picked('reported entrapment'), picked('unreported entrapment'), picked('silence')];
      assert.ok(reported && unreported && silent && new Set([reported, unreported, silent]).size === 3, logs.join('\n'));
      assert.ok(devices.some((d) => d.deviceId === silent), logs.join('\n'));
      assert.ok(devices.find((d) => d.deviceId === reported)!.reportsTrapped && !devices.find((d) => d.deviceId === unreported)!.reportsTrapped);
      const from = (id: string) => mon.seen.filter((s) => s.deviceId === id);
      const trappedOpen = (s: Seen) => s.decoded.messages.some((m) => m.kind === 'fault' && m.type === 'trapped' && m.phase === 'open');
      await waitFor(() => from(reported).some(trappedOpen), `the reported entrapment on ${reported}`);
      // The other car stands occupied, closed and still for longer than the platform's 120 s, and says nothing.
      const stuck = () =>
        from(unreported)
          .flatMap((s) => s.decoded.messages)
          .filter((m) => m.kind === 'status' && m.occupied === true && m.doorOpen === false && m.direction === 'stop')
          .map((m) => m.at.getTime());
      await waitFor(() => stuck().length > 1 && Math.max(...stuck()) - Math.min(...stuck()) > 150_000, `the unreported entrapment on ${unreported}`, 30_000);
      assert.ok(!from(unreported).some(trappedOpen), 'a terminal that does not detect entrapment does not report it');
      await waitFor(() => f.stats().connected < devices.length, `the silence of ${silent}`);
      assert.deepEqual(mon.failures, []);
    } finally {
      await fleet?.stop();
      await mon.close();
    }
  });
});

describe('fleet on an external broker (TEST_MQTT_URL)', { skip: !process.env.TEST_MQTT_URL && 'set TEST_MQTT_URL, e.g. mqtt://127.0.0.1:1883' }, () => {
  it('drives both protocols and answers inject()', async () => {
    const suffix = crypto.randomBytes(3).toString('hex');
    await exerciseFleet(process.env.TEST_MQTT_URL!, { username: 'monitor', password: 'monitor' }, fleetDevices(suffix));
  });
});
