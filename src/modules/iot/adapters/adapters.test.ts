import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DecodeError, fromShanghaiLocal } from './adapter.ts';
import { loadAdapters } from './index.ts';
import { monarchCodes } from './monarch-codes.ts';

const now = new Date('2026-11-29T08:00:00Z');
const buf = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v));
const reg = await loadAdapters();
const jtc = reg.get('jtc340')!;
const native = reg.get('native')!;

function rejects(fn: () => unknown, reason: string) {
  assert.throws(fn, (err: unknown) => err instanceof DecodeError && err.reason === reason, `expected ${reason}`);
}

describe('adapter registry', () => {
  test('finds every *.adapter.ts and routes topics to the device they name', () => {
    assert.deepEqual(reg.protocols.sort(), ['jtc340', 'native']);
    assert.deepEqual(reg.route('/device/a1Pk/DEV-1/thing/event/LiveData/post/'), { adapter: jtc, deviceId: 'DEV-1' });
    assert.deepEqual(reg.route('/device/a1Pk/DEV-1/thing/event/LiveData/post'), { adapter: jtc, deviceId: 'DEV-1' });
    assert.deepEqual(reg.route('liftsafe/v1/LS-9/status'), { adapter: native, deviceId: 'LS-9' });
    assert.equal(reg.route("liftsafe/v1/LS-9/ack"), null, "the platform's own downlink is not uplink");
    assert.equal(reg.route('/device/a1Pk/DEV-1/thing/event/LiveData/post/extra'), null);
    assert.equal(reg.route('liftsafe/v1/LS-9/status/x'), null);
    assert.equal(reg.route('other/topic'), null);
  });
  test('downlink subscriptions: only the device\'s own', () => {
    assert.ok(native.ownsDownlink('liftsafe/v1/LS-9/ack', 'LS-9'));
    assert.ok(!native.ownsDownlink('liftsafe/v1/+/ack', 'LS-9'));
    assert.ok(!native.ownsDownlink('liftsafe/v1/LS-8/ack', 'LS-9'));
    assert.ok(jtc.ownsDownlink('/server/a1Pk/DEV-1/thing/event/+/post_reply/', 'DEV-1'));
    assert.ok(!jtc.ownsDownlink('/server/+/DEV-1/thing/event/+/post_reply/', 'DEV-1'));
    assert.ok(!jtc.ownsDownlink('/server/a1Pk/DEV-2/thing/event/+/post_reply/', 'DEV-1'));
    assert.ok(!jtc.ownsDownlink('#', 'DEV-1'));
  });
});

describe('Shanghai local time', () => {
  test('both formats, UTC+8, invalid dates refused', () => {
    assert.equal(fromShanghaiLocal('2026-11-29 16:05:09')?.toISOString(), '2026-11-29T08:05:09.000Z');
    assert.equal(fromShanghaiLocal('2026/1/5 00:30:00')?.toISOString(), '2026-01-04T16:30:00.000Z');
    assert.equal(fromShanghaiLocal('2026-02-30 10:00:00'), null);
    assert.equal(fromShanghaiLocal('yesterday'), null);
  });
});

describe('JTC340 adapter (real message shapes)', () => {
  const topic = (ev: string) => `/device/a1Pk/DEV-1/thing/event/${ev}/post/`;
  test('LiveData with epoch seconds, string numbers and a basement floor', () => {
    const d = jtc.decode(topic('LiveData'), buf({ Version: '1.0', Params: { Value: { DoorState: 0, PersonState: '1', CurrentFloor: '-2B', RunDirection: 2, RunState: 1 }, Time: 1764403200 } }), now);
    assert.deepEqual(d.messages, [{ kind: 'status', at: new Date(1764403200_000), floor: '-2B', direction: 'down', doorOpen: false, occupied: true }]);
    assert.deepEqual(d.reply, { topic: '/server/a1Pk/DEV-1/thing/event/LiveData/post_reply/', payload: '{"Code":200}' });
  });
  test('LiveData with epoch milliseconds; stopped car; numeric floor', () => {
    const d = jtc.decode(topic('LiveData'), buf({ Params: { Value: { DoorState: 1, PersonState: 0, CurrentFloor: 12, RunDirection: 1, RunState: 0 }, Time: 1764403200123 } }), now);
    assert.deepEqual(d.messages[0], { kind: 'status', at: new Date(1764403200123), floor: '12', direction: 'stop', doorOpen: true, occupied: false });
  });
  test('LiveData without Time takes the receive time', () => {
    const d = jtc.decode(topic('LiveData'), buf({ Params: { Value: { DoorState: 0, PersonState: 0, CurrentFloor: '1', RunDirection: 0 } } }), now);
    assert.equal(d.messages[0]!.at.getTime(), now.getTime());
  });
  test('ErrorEvent / ErrorClose 1001–1009 with local times, deduplicated by their own time', () => {
    const open = jtc.decode(topic('ErrorEvent'), buf({ Version: '1.0', Params: { Value: { ErrorType: 1002, ErrorTime: '2026-11-29 15:59:00' } } }), now);
    assert.deepEqual(open.messages[0], { kind: 'fault', at: new Date('2026-11-29T07:59:00Z'), phase: 'open', type: 'door_open_moving', vendorCode: 'JTC340:1002', dedupKey: 'j:1002:open:1795939140000', detail: undefined });
    const again = jtc.decode(topic('ErrorEvent'), buf({ Params: { Value: { ErrorType: '1002', ErrorTime: '2026-11-29 15:59:00' }, Time: 1764403199 } }), now);
    assert.equal((again.messages[0] as { dedupKey: string }).dedupKey, (open.messages[0] as { dedupKey: string }).dedupKey);
    const close = jtc.decode(topic('ErrorClose'), buf({ Params: { Value: { ErrorType: 1002, CloseTime: '2026-11-29 16:03:00' } } }), now);
    assert.equal(close.messages[0]!.kind, 'fault');
    assert.equal((close.messages[0] as { phase: string }).phase, 'close');
    const types = [1001, 1003, 1004, 1005, 1006, 1007, 1008, 1009].map((c) => (jtc.decode(topic('ErrorEvent'), buf({ Params: { Value: { ErrorType: c } } }), now).messages[0] as { type: string }).type);
    assert.deepEqual(types, ['unintended_movement', 'stop_outside_zone', 'overtravel_top', 'overtravel_bottom', 'door_open_fault', 'door_close_fault', 'door_repeat', 'power_loss']);
  });
  test('LockEvent (trapped) keeps the zone; AlarmEvent 2002/2003; SelfError → terminal_fault', () => {
    const lock = jtc.decode(topic('LockEvent'), buf({ Params: { Value: { Type: 2, LockTime: '2026-11-29 15:00:00' } } }), now).messages[0] as Record<string, unknown>;
    assert.equal(lock.type, 'trapped');
    assert.deepEqual(lock.detail, { zone: 'outside_levelling_zone' });
    assert.equal((jtc.decode(topic('AlarmEvent'), buf({ Params: { Value: { AlarmType: 2003 } } }), now).messages[0] as { type: string }).type, 'door_blocked');
    assert.equal((jtc.decode(topic('AlarmClose'), buf({ Params: { Value: { AlarmType: 2002 } } }), now).messages[0] as { type: string }).type, 'door_repeat');
    const self = jtc.decode(topic('SelfError'), buf({ Params: { Value: { ErrorType: 3004 } } }), now).messages[0] as Record<string, unknown>;
    assert.equal(self.type, 'terminal_fault');
    assert.deepEqual(self.detail, { sensor: 'battery_low' });
  });
  test('RunStatistics: a period with slash dates, counted as a delta', () => {
    const d = jtc.decode(topic('RunStatistics'), buf({ Params: { Value: { StartTime: '2026/11/29 15:00:00', EndTime: '2026/11/29 16:00:00', DoorToggleCount: 40, RunMins: 12, RunMileage: 1.5, RunCount: 20 } } }), now);
    assert.deepEqual(d.messages[0], { kind: 'counters', at: new Date('2026-11-29T08:00:00Z'), basis: 'delta', from: new Date('2026-11-29T07:00:00Z'), runs: 20, runSeconds: 720, distanceM: 1500, doorCycles: 40 });
  });
  test('bad input is classified', () => {
    rejects(() => jtc.decode(topic('LiveData'), buf('{not json'), now), 'malformed');
    rejects(() => jtc.decode(topic('LiveData'), buf({ Params: { Value: { DoorState: 'open', PersonState: 0, CurrentFloor: '1', RunDirection: 0 } } }), now), 'invalid');
    rejects(() => jtc.decode(topic('LiveData'), buf({ Params: { Value: { DoorState: 0, PersonState: 0, CurrentFloor: '1; DROP', RunDirection: 0 } } }), now), 'invalid');
    rejects(() => jtc.decode(topic('ErrorEvent'), buf({ Params: { Value: { ErrorType: 1999 } } }), now), 'unknown_event');
    rejects(() => jtc.decode(topic('Firmware'), buf({ Params: { Value: {} } }), now), 'unknown_event');
    rejects(() => jtc.decode(topic('ErrorEvent'), buf({ Params: { Value: { ErrorType: 1001, ErrorTime: '2026-13-01 00:00:00' } } }), now), 'invalid');
    rejects(() => jtc.decode(topic('RunStatistics'), buf({ Params: { Value: { StartTime: '2026/11/29 16:00:00', EndTime: '2026/11/29 15:00:00' } } }), now), 'invalid');
    rejects(() => jtc.decode(topic('LiveData'), buf([1, 2, 3]), now), 'invalid');
  });
});

describe('native adapter', () => {
  test('status, stats, info, event with canonical type and with a Monarch code', () => {
    const s = native.decode('liftsafe/v1/LS-9/status', buf({ v: 1, id: 's1', ts: 1764403200000, floor: '3A', direction: 'up', doorOpen: false, occupied: true, mode: 'normal' }), now);
    assert.deepEqual(s.messages[0], { kind: 'status', at: new Date(1764403200000), floor: '3A', direction: 'up', doorOpen: false, occupied: true, mode: 'normal' });
    assert.equal(s.reply, undefined);
    const t = native.decode('liftsafe/v1/LS-9/stats', buf({ v: 1, id: 't1', ts: 1764403200000, runs: 10, runSeconds: 600, distanceM: 100, doorCycles: 20 }), now);
    assert.equal((t.messages[0] as { basis: string }).basis, 'total');
    const e = native.decode('liftsafe/v1/LS-9/event', buf({ v: 1, id: 'e1', ts: 1764403200000, phase: 'open', fault: 'trapped' }), now);
    assert.deepEqual(e.messages[0], { kind: 'fault', at: new Date(1764403200000), phase: 'open', type: 'trapped', dedupKey: 'n:e1', detail: undefined });
    assert.deepEqual(e.reply, { topic: 'liftsafe/v1/LS-9/ack', payload: '{"id":"e1","code":200}' });
    const m = native.decode('liftsafe/v1/LS-9/event', buf({ v: 1, id: 'e2', ts: 1764403200000, phase: 'open', controller: 'monarch', code: 'E41' }), now).messages[0] as Record<string, unknown>;
    assert.equal(m.type, 'safety_circuit');
    assert.equal(m.severity, 'critical'); // level 5A
    assert.equal(m.vendorCode, 'MONARCH:E41');
    const drive = native.decode('liftsafe/v1/LS-9/event', buf({ v: 1, id: 'e3', ts: 1764403200000, phase: 'open', controller: 'monarch', code: 'E02' }), now).messages[0] as Record<string, unknown>;
    assert.equal(drive.type, null, 'a drive fault has no canonical counterpart: history only');
  });
  test('bad input is classified', () => {
    rejects(() => native.decode('liftsafe/v1/LS-9/status', buf('nope'), now), 'malformed');
    rejects(() => native.decode('liftsafe/v1/LS-9/status', buf({ v: 2, id: 'x', ts: 1 }), now), 'invalid');
    rejects(() => native.decode('liftsafe/v1/LS-9/status', buf({ v: 1, id: 'x', ts: 1764403200000, direction: 'sideways' }), now), 'invalid');
    rejects(() => native.decode('liftsafe/v1/LS-9/event', buf({ v: 1, id: 'x', ts: 1764403200000, phase: 'open' }), now), 'invalid');
    rejects(() => native.decode('liftsafe/v1/LS-9/event', buf({ v: 1, id: 'x', ts: 1764403200000, phase: 'open', fault: 'alien' }), now), 'invalid');
    rejects(() => native.decode('liftsafe/v1/LS-9/event', buf({ v: 1, id: 'x', ts: 1764403200000, phase: 'open', controller: 'monarch', code: 'E99' }), now), 'unknown_event');
    rejects(() => native.decode('liftsafe/v1/LS-9/firmware', buf({ v: 1, id: 'x', ts: 1 }), now), 'unknown_event');
  });
});

describe('Monarch NICE3000+ codes', () => {
  test('every non-reserved code is loaded with a severity from its level', () => {
    const t = monarchCodes();
    assert.ok(t.size >= 45);
    assert.equal(t.get('E01'), undefined, 'reserved codes are skipped');
    assert.deepEqual(t.get('E53'), { code: 'E53', nameZh: '门锁故障', level: 5, type: 'safety_circuit', severity: 'critical' });
    assert.equal(t.get('E22')!.severity, 'warning');
    assert.equal(t.get('E43')!.type, 'overtravel_top');
  });
});
