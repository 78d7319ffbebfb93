import type { FaultType } from '../../src/modules/iot/iot.domain.ts';
import type { Rng } from '../demo/random.ts';
import type { StatusSnapshot, Zone } from './elevator-model.ts';

/**
 * Model output → the exact MQTT topics and payloads of docs/device-protocol.md, for the native protocol and the
 * JTC340 terminal. Real fleets are untidy, so each JTC340 terminal gets firmware quirks (Time in seconds, in
 * milliseconds or missing; numbers as strings; topics without the trailing slash) and some native terminals pass
 * their Monarch controller's fault codes through instead of canonical names.
 */

export type MessageKind = 'status' | 'stats' | 'event' | 'info';

/** One publish. Retries of an event reuse the same object, so the same message id or event time. */
export interface Outgoing {
  topic: string;
  payload: string;
  qos: 0 | 1;
  kind: MessageKind;
}

export interface CounterTotals {
  runs: number;
  runSeconds: number;
  distanceM: number;
  doorCycles: number;
}

export interface FaultReport {
  at: number;
  phase: 'open' | 'close';
  fault: FaultType;
  /** Occurrence number: the close repeats the open's, so both pick the same vendor code. */
  seq: number;
  zone?: Zone;
}

export interface EncoderDevice {
  deviceId: string;
  protocol: 'native' | 'jtc340';
  productKey?: string;
}

export interface Quirks {
  /** Native: fault events as Monarch NICE3000+ codes where one exists. */
  monarch: boolean;
  /** JTC340: Params.Time in seconds, milliseconds, or left out. */
  time: 's' | 'ms' | 'none';
  /** JTC340: 0/1 flags and counters sent as strings. */
  numbersAsStrings: boolean;
  /** JTC340: uplink topic ends with `post/` (else `post`). */
  trailingSlash: boolean;
}

export interface DeviceCodec {
  readonly quirks: Quirks;
  /** The downlink filter to subscribe to (native ack, JTC340 post_reply). */
  readonly downlink: string;
  status(s: StatusSnapshot, at: number): Outgoing;
  /** Native: lifetime totals. JTC340: the period since the previous report (RunStatistics). */
  stats(totals: CounterTotals, at: number): Outgoing;
  /** Where the first JTC340 period starts (the simulator's start); native ignores it. */
  startPeriod(totals: CounterTotals, at: number): void;
  /** Null when the protocol has nothing to send (a JTC340 SelfError has no close). */
  fault(f: FaultReport): Outgoing | null;
  /** Native identification on connect; JTC340 has no such event. */
  info(at: number): Outgoing | null;
}

/** Quirks drawn for one terminal. */
export function drawQuirks(rng: Rng, protocol: 'native' | 'jtc340'): Quirks {
  if (protocol === 'native') return { monarch: rng.chance(0.35), time: 'ms', numbersAsStrings: false, trailingSlash: true };
  const r = rng.next();
  return { monarch: false, time: r < 0.45 ? 's' : r < 0.85 ? 'ms' : 'none', numbersAsStrings: rng.chance(0.3), trailingSlash: rng.chance(0.85) };
}

const pad = (n: number) => String(n).padStart(2, '0');

function shanghaiParts(ms: number) {
  const d = new Date(Math.floor(ms / 1000) * 1000 + 8 * 3_600_000);
  return { y: d.getUTCFullYear(), mo: d.getUTCMonth() + 1, d: d.getUTCDate(), time: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}` };
}

/** `2026-11-29 08:05:09` in Asia/Shanghai (JTC340 ErrorTime, LockTime, AlarmTime, CloseTime). */
export function shanghaiDash(ms: number): string {
  const p = shanghaiParts(ms);
  return `${p.y}-${pad(p.mo)}-${pad(p.d)} ${p.time}`;
}

/** `2026/11/29 08:05:09`, month and day unpadded: `2026/1/5 08:05:09` (JTC340 RunStatistics). */
export function shanghaiSlash(ms: number): string {
  const p = shanghaiParts(ms);
  return `${p.y}/${p.mo}/${p.d} ${p.time}`;
}

/** Monarch NICE3000+ codes the platform maps onto canonical types (src/modules/iot/adapters/monarch-codes.ts). */
const MONARCH: Partial<Record<FaultType, string[]>> = {
  door_open_fault: ['E48'],
  door_close_fault: ['E49'],
  power_loss: ['E09', 'E12'],
  stop_outside_zone: ['E22', 'E30'],
  overspeed: ['E33'],
  safety_circuit: ['E41', 'E53'],
  overtravel_top: ['E43'],
  overtravel_bottom: ['E44'],
};

export function createNativeCodec(device: EncoderDevice, bootId: string, quirks: Quirks): DeviceCodec {
  const base = `liftsafe/v1/${device.deviceId}`;
  let counter = 0;
  // Unique across runs of the simulator too: the platform stores an event id once, a reused id is a retry.
  const id = (prefix: string) => `${prefix}-${bootId}-${(++counter).toString(36)}`;
  const msg = (group: string, qos: 0 | 1, kind: MessageKind, body: object): Outgoing => ({ topic: `${base}/${group}`, qos, kind, payload: JSON.stringify(body) });
  return {
    quirks,
    downlink: `${base}/ack`,
    status: (s, at) => msg('status', 0, 'status', { v: 1, id: id('s'), ts: Math.round(at), ...s }),
    stats: (c, at) =>
      msg('stats', 1, 'stats', {
        v: 1,
        id: id('t'),
        ts: Math.round(at),
        runs: c.runs,
        runSeconds: Math.round(c.runSeconds),
        distanceM: Math.round(c.distanceM * 10) / 10,
        doorCycles: c.doorCycles,
      }),
    startPeriod: () => {},
    fault: (f) => {
      const codes = quirks.monarch ? MONARCH[f.fault] : undefined;
      const what = codes ? { controller: 'monarch', code: codes[f.seq % codes.length] } : { fault: f.fault };
      const detail = f.fault === 'trapped' && f.phase === 'open' && f.zone ? { detail: { zone: f.zone } } : {};
      return msg('event', 1, 'event', { v: 1, id: id('e'), ts: Math.round(f.at), phase: f.phase, ...what, ...detail });
    },
    info: (at) => msg('info', 1, 'info', { v: 1, id: id('i'), ts: Math.round(at), vendor: 'LiftSafe Sim', model: 'LS-T1', firmware: '1.4.2' }),
  };
}

type JtcEvent = [open: string, close: string | null, codeField: string, code: number, timeField: string | null];

const LOCK_TYPE: Record<Zone, number> = { out_of_zone: 0, in_levelling_zone: 1, outside_levelling_zone: 2 };
const JTC_ERROR: Partial<Record<FaultType, number>> = {
  unintended_movement: 1001,
  door_open_moving: 1002,
  stop_outside_zone: 1003,
  overtravel_top: 1004,
  overtravel_bottom: 1005,
  door_open_fault: 1006,
  door_close_fault: 1007,
  door_repeat: 1008,
  power_loss: 1009,
};

/** The JTC340 event pair and code for a canonical fault; null when the terminal has no such event. */
export function jtcEventOf(f: FaultReport): JtcEvent | null {
  if (f.fault === 'trapped') return ['LockEvent', 'LockClose', 'Type', LOCK_TYPE[f.zone ?? 'out_of_zone'], 'LockTime'];
  if (f.fault === 'door_blocked') return ['AlarmEvent', 'AlarmClose', 'AlarmType', 2003, 'AlarmTime'];
  // The terminal reports repeated door cycling either as a fault or as an alarm.
  if (f.fault === 'door_repeat' && f.seq % 2 === 1) return ['AlarmEvent', 'AlarmClose', 'AlarmType', 2002, 'AlarmTime'];
  if (f.fault === 'terminal_fault') return ['SelfError', null, 'ErrorType', 3001 + (f.seq % 4), null];
  const code = JTC_ERROR[f.fault];
  return code ? ['ErrorEvent', 'ErrorClose', 'ErrorType', code, 'ErrorTime'] : null;
}

export function createJtcCodec(device: EncoderDevice, quirks: Quirks): DeviceCodec {
  const pk = device.productKey ?? '';
  const dn = device.deviceId;
  const num = (n: number) => (quirks.numbersAsStrings ? String(n) : n);
  const msg = (event: string, qos: 0 | 1, kind: MessageKind, value: object, at: number): Outgoing => {
    const params: { Value: object; Time?: number } = { Value: value };
    if (quirks.time === 's') params.Time = Math.floor(at / 1000);
    else if (quirks.time === 'ms') params.Time = Math.round(at);
    return {
      topic: `/device/${pk}/${dn}/thing/event/${event}/post${quirks.trailingSlash ? '/' : ''}`,
      qos,
      kind,
      payload: JSON.stringify({ Version: '1.0', Params: params }),
    };
  };
  // RunStatistics reports periods; the next one starts where the previous ended.
  let since: number | undefined;
  let base: CounterTotals | undefined;
  return {
    quirks,
    downlink: `/server/${pk}/${dn}/thing/event/+/post_reply/#`,
    status: (s, at) =>
      msg(
        'LiveData',
        0,
        'status',
        {
          DoorState: num(s.doorOpen ? 1 : 0),
          PersonState: num(s.occupied ? 1 : 0),
          CurrentFloor: s.floor,
          RunDirection: num(s.direction === 'up' ? 1 : s.direction === 'down' ? 2 : 0),
          RunState: num(s.direction === 'stop' ? 0 : 1),
        },
        at,
      ),
    stats: (c, at) => {
      const from = since ?? at - 15 * 60_000;
      const b = base ?? c;
      // Whole units are reported; the remainders carry into the next period.
      const runs = c.runs - b.runs;
      const doors = c.doorCycles - b.doorCycles;
      const mins = Math.floor((c.runSeconds - b.runSeconds) / 60);
      const meters = Math.floor(c.distanceM - b.distanceM);
      since = Math.floor(at / 1000) * 1000;
      base = { runs: c.runs, doorCycles: c.doorCycles, runSeconds: b.runSeconds + mins * 60, distanceM: b.distanceM + meters };
      return msg(
        'RunStatistics',
        1,
        'stats',
        {
          StartTime: shanghaiSlash(from),
          EndTime: shanghaiSlash(since),
          DoorToggleCount: num(doors),
          RunMins: num(mins),
          RunMileage: quirks.numbersAsStrings ? (meters / 1000).toFixed(3) : Math.round(meters) / 1000,
          RunCount: num(runs),
          RunMeters: num(meters),
        },
        at,
      );
    },
    startPeriod: (c, at) => {
      since = Math.floor(at / 1000) * 1000;
      base = { ...c };
    },
    fault: (f) => {
      const ev = jtcEventOf(f);
      if (!ev) return null;
      const [open, close, codeField, code, timeField] = ev;
      if (f.phase === 'close' && !close) return null;
      const value: Record<string, unknown> = { [codeField]: num(code) };
      if (timeField) value[f.phase === 'open' ? timeField : 'CloseTime'] = shanghaiDash(f.at);
      return msg(f.phase === 'open' ? open : close!, 1, 'event', value, f.at);
    },
    info: () => null,
  };
}

export function createCodec(device: EncoderDevice, bootId: string, quirks: Quirks): DeviceCodec {
  return device.protocol === 'native' ? createNativeCodec(device, bootId, quirks) : createJtcCodec(device, quirks);
}

/** Whether a protocol can report this fault at all (JTC340 has no overspeed, safety circuit or e-bike event). */
export function canReport(protocol: 'native' | 'jtc340', fault: FaultType): boolean {
  if (fault === 'offline') return true;
  return protocol === 'native' || jtcEventOf({ at: 0, phase: 'open', fault, seq: 0 }) !== null;
}
