import { z } from 'zod';
import type { CanonicalMessage, FaultType } from '../iot.domain.ts';
import { DecodeError, fromEpoch, fromShanghaiLocal, parseJson, validate, type ProtocolAdapter } from './adapter.ts';

/**
 * The JTC340 elevator terminal (vendor/README.md, vendor/iot/jtc340-mqtt-event-codes.csv).
 * Uplink `/device/{productKey}/{deviceName}/thing/event/{Event}/post/`, answered on
 * `/server/{productKey}/{deviceName}/thing/event/{Event}/post_reply/` with `{"Code":200}`.
 * Payload `{"Version":"1.0","Params":{"Value":{…},"Time":<epoch s or ms>}}`; times inside Value are local
 * (Asia/Shanghai) strings; numbers may arrive as strings.
 */
const ERROR_TYPES: Record<number, FaultType> = {
  1001: 'unintended_movement',
  1002: 'door_open_moving',
  1003: 'stop_outside_zone',
  1004: 'overtravel_top',
  1005: 'overtravel_bottom',
  1006: 'door_open_fault',
  1007: 'door_close_fault',
  1008: 'door_repeat',
  1009: 'power_loss',
};
const ALARM_TYPES: Record<number, FaultType> = { 2002: 'door_repeat', 2003: 'door_blocked' };
const SELF_ERRORS: Record<number, string> = { 3001: 'door_sensor', 3002: 'presence_sensor', 3003: 'floor_sensor', 3004: 'battery_low' };
/** Faults and events (everything but LiveData and RunStatistics). */
const EVENTS = ['ErrorEvent', 'ErrorClose', 'LockEvent', 'LockClose', 'AlarmEvent', 'AlarmClose', 'SelfError'];
const LOCK_ZONES: Record<number, string> = { 0: 'out_of_zone', 1: 'in_levelling_zone', 2: 'outside_levelling_zone' };

/** 0/1 flags and codes arrive as numbers or numeric strings. */
const Int = z.union([z.number().int(), z.string().regex(/^-?\d+$/).transform(Number)]);
const Num = z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/).transform(Number)]);
const LocalTime = z.string().max(40);

const Envelope = z.object({
  Version: z.string().max(10).optional(),
  Params: z.object({
    Value: z.record(z.string(), z.unknown()),
    Time: Num.optional(),
  }),
});

const LiveData = z.object({
  DoorState: Int.pipe(z.union([z.literal(0), z.literal(1)])),
  PersonState: Int.pipe(z.union([z.literal(0), z.literal(1)])),
  CurrentFloor: z.union([z.string(), z.number().int()]).transform(String).pipe(z.string().regex(/^-?[0-9A-Za-z]{1,4}$/)),
  RunDirection: Int.pipe(z.union([z.literal(0), z.literal(1), z.literal(2)])),
  RunState: Int.pipe(z.union([z.literal(0), z.literal(1)])).optional(),
});

const RunStatistics = z.object({
  StartTime: LocalTime,
  EndTime: LocalTime,
  DoorToggleCount: Num.pipe(z.number().min(0)).optional(),
  RunMins: Num.pipe(z.number().min(0)).optional(),
  RunMileage: Num.pipe(z.number().min(0)).optional(),
  RunCount: Num.pipe(z.number().min(0)).optional(),
  RunMeters: Num.pipe(z.number().min(0)).optional(),
});

const ErrorValue = z.object({ ErrorType: Int, ErrorTime: LocalTime.optional(), CloseTime: LocalTime.optional() });
const LockValue = z.object({ Type: Int, LockTime: LocalTime.optional(), CloseTime: LocalTime.optional() });
const AlarmValue = z.object({ AlarmType: Int, AlarmTime: LocalTime.optional(), CloseTime: LocalTime.optional() });

function localTime(s: string | undefined, field: string): Date | undefined {
  if (s === undefined || s === '') return undefined;
  const d = fromShanghaiLocal(s);
  if (!d) throw new DecodeError('invalid', `${field}: not a time (${s.slice(0, 30)})`);
  return d;
}

export const adapter: ProtocolAdapter = {
  protocol: 'jtc340',
  label: 'JTC340 电梯物联网终端',
  subscriptions: ['/device/+/+/thing/event/+/post/#'],
  eventSubscriptions: EVENTS.map((e) => `/device/+/+/thing/event/${e}/post/#`),
  isEventTopic: (topic) => EVENTS.includes(topic.split('/')[6] ?? ''),
  deviceOf(topic) {
    const p = topic.split('/');
    // ['', 'device', pk, name, 'thing', 'event', Event, 'post', ('')?]
    if (p.length < 8 || p.length > 9 || p[0] !== '' || p[1] !== 'device' || p[4] !== 'thing' || p[5] !== 'event' || p[7] !== 'post') return null;
    if (p.length === 9 && p[8] !== '') return null;
    return p[3] || null;
  },
  ownsDownlink(filter, deviceId) {
    // /server/{productKey}/{deviceName}/thing/event/{Event or +}/post_reply/ (optionally with #)
    const p = filter.split('/');
    return p[0] === '' && p[1] === 'server' && p[3] === deviceId && !!p[2] && !p[2].includes('+') && !p[2].includes('#') && p[4] === 'thing' && p[5] === 'event';
  },
  decode(topic, payload, receivedAt) {
    const p = topic.split('/');
    const [productKey, deviceName, event] = [p[2], p[3], p[6]!];
    const env = validate(Envelope, parseJson(payload));
    const value = env.Params.Value;
    const sent = env.Params.Time !== undefined ? fromEpoch(env.Params.Time) : undefined;
    const reply = { topic: `/server/${productKey}/${deviceName}/thing/event/${event}/post_reply/`, payload: '{"Code":200}' };
    const fault = (phase: 'open' | 'close', type: FaultType | null, vendorCode: string, at: Date | undefined, detail?: Record<string, unknown>): CanonicalMessage => {
      const when = at ?? sent ?? receivedAt;
      // Retries repeat the event's own time; with no time at all the message cannot be told from a retry.
      const key = at || sent ? `j:${vendorCode}:${phase}:${when.getTime()}` : `j:${vendorCode}:${phase}:r${receivedAt.getTime()}`;
      return { kind: 'fault', at: when, phase, type, vendorCode: `JTC340:${vendorCode}`, dedupKey: key, detail };
    };
    switch (event) {
      case 'LiveData': {
        const v = validate(LiveData, value);
        const moving = v.RunState === undefined ? v.RunDirection !== 0 : v.RunState === 1;
        return {
          messages: [
            {
              kind: 'status',
              at: sent ?? receivedAt,
              floor: v.CurrentFloor,
              direction: !moving ? 'stop' : v.RunDirection === 2 ? 'down' : 'up',
              doorOpen: v.DoorState === 1,
              occupied: v.PersonState === 1,
            },
          ],
          reply,
        };
      }
      case 'RunStatistics': {
        const v = validate(RunStatistics, value);
        const from = localTime(v.StartTime, 'StartTime')!;
        const to = localTime(v.EndTime, 'EndTime')!;
        if (to < from) throw new DecodeError('invalid', 'EndTime: before StartTime');
        return {
          messages: [
            {
              kind: 'counters',
              at: to,
              basis: 'delta',
              from,
              runs: v.RunCount,
              runSeconds: v.RunMins !== undefined ? v.RunMins * 60 : undefined,
              distanceM: v.RunMeters ?? (v.RunMileage !== undefined ? v.RunMileage * 1000 : undefined),
              doorCycles: v.DoorToggleCount,
            },
          ],
          reply,
        };
      }
      case 'ErrorEvent':
      case 'ErrorClose': {
        const v = validate(ErrorValue, value);
        const type = ERROR_TYPES[v.ErrorType];
        if (!type) throw new DecodeError('unknown_event', `unknown ErrorType ${v.ErrorType}`);
        const open = event === 'ErrorEvent';
        return { messages: [fault(open ? 'open' : 'close', type, String(v.ErrorType), localTime(open ? v.ErrorTime : v.CloseTime, open ? 'ErrorTime' : 'CloseTime'))], reply };
      }
      case 'LockEvent':
      case 'LockClose': {
        const v = validate(LockValue, value);
        const zone = LOCK_ZONES[v.Type];
        if (!zone) throw new DecodeError('unknown_event', `unknown lock Type ${v.Type}`);
        const open = event === 'LockEvent';
        return { messages: [fault(open ? 'open' : 'close', 'trapped', `LOCK${v.Type}`, localTime(open ? v.LockTime : v.CloseTime, open ? 'LockTime' : 'CloseTime'), { zone })], reply };
      }
      case 'AlarmEvent':
      case 'AlarmClose': {
        const v = validate(AlarmValue, value);
        const type = ALARM_TYPES[v.AlarmType];
        if (!type) throw new DecodeError('unknown_event', `unknown AlarmType ${v.AlarmType}`);
        const open = event === 'AlarmEvent';
        return { messages: [fault(open ? 'open' : 'close', type, String(v.AlarmType), localTime(open ? v.AlarmTime : v.CloseTime, open ? 'AlarmTime' : 'CloseTime'))], reply };
      }
      case 'SelfError': {
        const v = validate(z.object({ ErrorType: Int }), value);
        const what = SELF_ERRORS[v.ErrorType];
        if (!what) throw new DecodeError('unknown_event', `unknown SelfError ${v.ErrorType}`);
        return { messages: [fault('open', 'terminal_fault', String(v.ErrorType), undefined, { sensor: what })], reply };
      }
      default:
        throw new DecodeError('unknown_event', `unknown event ${event.slice(0, 40)}`);
    }
  },
};
