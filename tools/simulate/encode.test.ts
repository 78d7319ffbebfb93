import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { adapter as jtc340 } from '../../src/modules/iot/adapters/jtc340.adapter.ts';
import { adapter as native } from '../../src/modules/iot/adapters/native.adapter.ts';
import { fromShanghaiLocal } from '../../src/modules/iot/adapters/adapter.ts';
import { Rng } from '../demo/random.ts';
import type { StatusSnapshot } from './elevator-model.ts';
import { canReport, createJtcCodec, createNativeCodec, drawQuirks, shanghaiDash, shanghaiSlash, type Outgoing, type Quirks } from './encode.ts';

/** 2026-11-29 08:05:09 in Shanghai. */
const AT = Date.UTC(2026, 10, 29, 0, 5, 9, 250);
const NATIVE: Quirks = { monarch: false, time: 'ms', numbersAsStrings: false, trailingSlash: true };
const JTC: Quirks = { monarch: false, time: 'ms', numbersAsStrings: false, trailingSlash: true };
const TRAPPED: StatusSnapshot = { floor: '-2B', direction: 'stop', doorOpen: false, occupied: true, inDoorZone: false, speed: 0, mode: 'normal' };
const MOVING: StatusSnapshot = { floor: '12', direction: 'down', doorOpen: false, occupied: true, inDoorZone: false, speed: 1.75, mode: 'normal' };

const body = (m: Outgoing | null) => JSON.parse(m!.payload) as Record<string, unknown>;
const value = (m: Outgoing | null) => (body(m).Params as { Value: Record<string, unknown> }).Value;
/** What the platform makes of it: the real adapters must accept every message. */
const decode = (m: Outgoing | null) => (m!.topic.startsWith('liftsafe/') ? native : jtc340).decode(m!.topic, Buffer.from(m!.payload), new Date(AT + 1000));

describe('local time strings', () => {
  it('writes Asia/Shanghai wall-clock time in both JTC340 styles', () => {
    assert.equal(shanghaiDash(AT), '2026-11-29 08:05:09');
    assert.equal(shanghaiSlash(Date.UTC(2026, 0, 4, 16, 5, 9)), '2026/1/5 00:05:09');
    assert.equal(shanghaiSlash(Date.UTC(2026, 11, 31, 18, 0, 0)), '2027/1/1 02:00:00');
    assert.equal(fromShanghaiLocal(shanghaiDash(AT))?.getTime(), AT - 250);
    assert.equal(fromShanghaiLocal(shanghaiSlash(AT))?.getTime(), AT - 250);
  });
});

describe('native encoder', () => {
  const codec = createNativeCodec({ deviceId: 'LS1', protocol: 'native' }, 'boot1', NATIVE);

  it('publishes each group on its topic and QoS with the envelope', () => {
    const s = codec.status(TRAPPED, AT);
    assert.equal(s.topic, 'liftsafe/v1/LS1/status');
    assert.equal(s.qos, 0);
    const { id, ...rest } = body(s);
    assert.match(id as string, /^s-boot1-[0-9a-z]+$/);
    assert.deepEqual(rest, { v: 1, ts: AT, floor: '-2B', direction: 'stop', doorOpen: false, occupied: true, inDoorZone: false, speed: 0, mode: 'normal' });

    const t = codec.stats({ runs: 10, runSeconds: 100.26, distanceM: 30.04, doorCycles: 12 }, AT);
    assert.deepEqual([t.topic, t.qos], ['liftsafe/v1/LS1/stats', 1]);
    assert.deepEqual({ ...body(t), id: 0 }, { v: 1, id: 0, ts: AT, runs: 10, runSeconds: 100, distanceM: 30, doorCycles: 12 });

    const i = codec.info(AT)!;
    assert.deepEqual([i.topic, i.qos], ['liftsafe/v1/LS1/info', 1]);
    assert.deepEqual({ ...body(i), id: 0 }, { v: 1, id: 0, ts: AT, vendor: 'LiftSafe Sim', model: 'LS-T1', firmware: '1.4.2' });
    for (const m of [s, t, i]) assert.equal(decode(m).messages.length, 1);
  });

  it('sends trapped open with the zone and close, each with its own id, and the platform acks them', () => {
    const open = codec.fault({ at: AT, phase: 'open', fault: 'trapped', seq: 3, zone: 'out_of_zone' })!;
    const close = codec.fault({ at: AT + 60_000, phase: 'close', fault: 'trapped', seq: 3 })!;
    assert.deepEqual([open.topic, open.qos, open.kind], ['liftsafe/v1/LS1/event', 1, 'event']);
    assert.deepEqual({ ...body(open), id: 0 }, { v: 1, id: 0, ts: AT, phase: 'open', fault: 'trapped', detail: { zone: 'out_of_zone' } });
    assert.deepEqual({ ...body(close), id: 0 }, { v: 1, id: 0, ts: AT + 60_000, phase: 'close', fault: 'trapped' });
    assert.notEqual(body(open).id, body(close).id);
    const decoded = decode(open);
    assert.deepEqual(decoded.reply, { topic: 'liftsafe/v1/LS1/ack', payload: JSON.stringify({ id: body(open).id, code: 200 }) });
    assert.equal(codec.downlink, 'liftsafe/v1/LS1/ack');
  });

  it('never reuses a message id within a run, and differs between runs', () => {
    const ids = new Set<unknown>();
    for (let k = 0; k < 2000; k++) ids.add(body(codec.status(MOVING, AT)).id);
    assert.equal(ids.size, 2000);
    const other = createNativeCodec({ deviceId: 'LS1', protocol: 'native' }, 'boot2', NATIVE);
    assert.ok(!ids.has(body(other.status(MOVING, AT)).id));
    for (const id of ids) assert.ok((id as string).length <= 64);
  });

  it('passes Monarch controller codes through on some terminals, the same code for open and close', () => {
    const monarch = createNativeCodec({ deviceId: 'LS2', protocol: 'native' }, 'b', { ...NATIVE, monarch: true });
    const open = monarch.fault({ at: AT, phase: 'open', fault: 'door_open_fault', seq: 1 });
    assert.deepEqual({ ...body(open), id: 0 }, { v: 1, id: 0, ts: AT, phase: 'open', controller: 'monarch', code: 'E48' });
    const power = [1, 2].map((seq) => body(monarch.fault({ at: AT, phase: 'open', fault: 'power_loss', seq })).code);
    assert.deepEqual(power.sort(), ['E09', 'E12']);
    for (const seq of [1, 2]) {
      const pair = (['open', 'close'] as const).map((phase) => body(monarch.fault({ at: AT, phase, fault: 'power_loss', seq })).code);
      assert.equal(pair[0], pair[1]);
    }
    // No controller code for it: the canonical name.
    assert.equal(body(monarch.fault({ at: AT, phase: 'open', fault: 'door_blocked', seq: 1 })).fault, 'door_blocked');
    const [m] = decode(open).messages;
    assert.equal(m.kind === 'fault' && m.type, 'door_open_fault');
  });
});

describe('JTC340 encoder', () => {
  const dev = { deviceId: 'JT1', protocol: 'jtc340' as const, productKey: 'a1Pk' };

  it('sends LiveData with 0/1 flags, the floor as a string and the run state', () => {
    const codec = createJtcCodec(dev, JTC);
    const m = codec.status(MOVING, AT);
    assert.deepEqual([m.topic, m.qos, m.kind], ['/device/a1Pk/JT1/thing/event/LiveData/post/', 0, 'status']);
    assert.deepEqual(body(m), { Version: '1.0', Params: { Value: { DoorState: 0, PersonState: 1, CurrentFloor: '12', RunDirection: 2, RunState: 1 }, Time: AT } });
    assert.equal(value(codec.status(TRAPPED, AT)).CurrentFloor, '-2B');
    const [s] = decode(codec.status(TRAPPED, AT)).messages;
    assert.deepEqual(s.kind === 'status' && [s.floor, s.direction, s.occupied, s.doorOpen], ['-2B', 'stop', true, false]);
    assert.equal(codec.downlink, '/server/a1Pk/JT1/thing/event/+/post_reply/#');
  });

  it('varies Time (seconds, milliseconds, missing), numbers as strings and the trailing slash by terminal', () => {
    const secs = createJtcCodec(dev, { ...JTC, time: 's', numbersAsStrings: true, trailingSlash: false });
    const m = secs.status(MOVING, AT);
    assert.equal(m.topic, '/device/a1Pk/JT1/thing/event/LiveData/post');
    assert.deepEqual(body(m), { Version: '1.0', Params: { Value: { DoorState: '0', PersonState: '1', CurrentFloor: '12', RunDirection: '2', RunState: '1' }, Time: Math.floor(AT / 1000) } });
    const none = createJtcCodec(dev, { ...JTC, time: 'none' }).status(MOVING, AT);
    assert.equal('Time' in (body(none).Params as object), false);
    for (const x of [m, none]) assert.equal(decode(x).messages[0].kind, 'status');
    const drawn = Array.from({ length: 400 }, (_, k) => drawQuirks(new Rng(k), 'jtc340'));
    for (const time of ['s', 'ms', 'none']) assert.ok(drawn.some((q) => q.time === time), `no terminal with Time ${time}`);
  });

  it('reports entrapment as LockEvent/LockClose with the zone type and local times', () => {
    const codec = createJtcCodec(dev, JTC);
    const zones = { out_of_zone: 0, in_levelling_zone: 1, outside_levelling_zone: 2 } as const;
    for (const [zone, type] of Object.entries(zones)) {
      const open = codec.fault({ at: AT, phase: 'open', fault: 'trapped', seq: 1, zone: zone as keyof typeof zones })!;
      assert.equal(open.topic, '/device/a1Pk/JT1/thing/event/LockEvent/post/');
      assert.deepEqual(value(open), { Type: type, LockTime: '2026-11-29 08:05:09' });
      const [f] = decode(open).messages;
      assert.deepEqual(f.kind === 'fault' && [f.type, f.phase, f.detail, f.at.getTime()], ['trapped', 'open', { zone }, AT - 250]);
    }
    const close = codec.fault({ at: AT + 600_000, phase: 'close', fault: 'trapped', seq: 1, zone: 'in_levelling_zone' })!;
    assert.equal(close.topic, '/device/a1Pk/JT1/thing/event/LockClose/post/');
    assert.deepEqual(value(close), { Type: 1, CloseTime: '2026-11-29 08:15:09' });
    assert.equal(decode(close).reply?.topic, '/server/a1Pk/JT1/thing/event/LockClose/post_reply/');
  });

  it('maps faults onto ErrorEvent, AlarmEvent and SelfError codes the platform knows', () => {
    const codec = createJtcCodec(dev, JTC);
    const cases: [string, number, string, number, string | null][] = [
      ['door_open_fault', 1, 'ErrorEvent', 1006, 'ErrorTime'],
      ['door_close_fault', 1, 'ErrorEvent', 1007, 'ErrorTime'],
      ['door_repeat', 2, 'ErrorEvent', 1008, 'ErrorTime'],
      ['door_repeat', 1, 'AlarmEvent', 2002, 'AlarmTime'],
      ['door_blocked', 1, 'AlarmEvent', 2003, 'AlarmTime'],
      ['power_loss', 1, 'ErrorEvent', 1009, 'ErrorTime'],
      ['stop_outside_zone', 1, 'ErrorEvent', 1003, 'ErrorTime'],
      ['terminal_fault', 2, 'SelfError', 3003, null],
    ];
    for (const [fault, seq, event, code, timeField] of cases) {
      const m = codec.fault({ at: AT, phase: 'open', fault: fault as 'door_blocked', seq })!;
      assert.equal(m.topic, `/device/a1Pk/JT1/thing/event/${event}/post/`, fault);
      const v = value(m);
      assert.equal(v[event === 'AlarmEvent' ? 'AlarmType' : 'ErrorType'], code);
      if (timeField) assert.equal(v[timeField], '2026-11-29 08:05:09');
      const [f] = decode(m).messages;
      assert.equal(f.kind === 'fault' && f.type, fault);
    }
    const close = codec.fault({ at: AT, phase: 'close', fault: 'door_blocked', seq: 1 })!;
    assert.equal(close.topic, '/device/a1Pk/JT1/thing/event/AlarmClose/post/');
    assert.deepEqual(value(close), { AlarmType: 2003, CloseTime: '2026-11-29 08:05:09' });
    assert.equal(codec.fault({ at: AT, phase: 'close', fault: 'terminal_fault', seq: 1 }), null, 'SelfError has no close');
    assert.equal(codec.fault({ at: AT, phase: 'open', fault: 'overspeed', seq: 1 }), null);
    assert.equal(canReport('jtc340', 'overspeed'), false);
    assert.equal(canReport('native', 'overspeed'), true);
  });

  it('reports RunStatistics as back-to-back periods with slash local times', () => {
    const codec = createJtcCodec(dev, JTC);
    codec.startPeriod({ runs: 100, runSeconds: 1000, distanceM: 500, doorCycles: 200 }, AT);
    const first = codec.stats({ runs: 110, runSeconds: 1130, distanceM: 560.5, doorCycles: 222 }, AT + 15 * 60_000);
    assert.deepEqual([first.topic, first.qos, first.kind], ['/device/a1Pk/JT1/thing/event/RunStatistics/post/', 1, 'stats']);
    assert.deepEqual(value(first), {
      StartTime: '2026/11/29 08:05:09',
      EndTime: '2026/11/29 08:20:09',
      DoorToggleCount: 22,
      RunMins: 2,
      RunMileage: 0.06,
      RunCount: 10,
      RunMeters: 60,
    });
    // The 10 s and 0.5 m left over carry into the next period.
    const second = value(codec.stats({ runs: 110, runSeconds: 1190, distanceM: 561, doorCycles: 222 }, AT + 30 * 60_000));
    assert.deepEqual([second.StartTime, second.RunMins, second.RunMeters, second.RunCount], ['2026/11/29 08:20:09', 1, 1, 0]);
    const [c] = decode(first).messages;
    assert.deepEqual(c.kind === 'counters' && [c.basis, c.runs, c.runSeconds, c.distanceM, c.from?.getTime()], ['delta', 10, 120, 60, AT - 250]);
  });
});
