import { z } from 'zod';
import { DIRECTIONS, FAULT_TYPES, Floor, MODES, type CanonicalMessage } from '../iot.domain.ts';
import { DecodeError, parseJson, validate, type ProtocolAdapter } from './adapter.ts';
import { monarchCodes } from './monarch-codes.ts';

/**
 * LiftSafe's own terminal protocol (docs/device-protocol.md): JSON on `liftsafe/v1/{deviceId}/{group}`, one topic
 * per GB/T 24476 data group, every message with a version, an id (retries reuse it) and a time in epoch ms.
 */
const PREFIX = 'liftsafe/v1/';
const GROUPS = ['info', 'status', 'stats', 'event'] as const;

const Envelope = z.object({
  v: z.literal(1),
  id: z.string().min(1).max(64),
  // The largest time a Date holds: beyond it `new Date(ts)` is an Invalid Date (found by src/security/fuzz.test.ts).
  ts: z.number().int().positive().max(8.64e15),
});

const Info = Envelope.extend({
  vendor: z.string().max(100).optional(),
  model: z.string().max(100).optional(),
  firmware: z.string().max(100).optional(),
});

const Status = Envelope.extend({
  floor: Floor.optional(),
  direction: z.enum(DIRECTIONS).optional(),
  doorOpen: z.boolean().optional(),
  occupied: z.boolean().optional(),
  inDoorZone: z.boolean().optional(),
  speed: z.number().min(0).max(20).optional(),
  mode: z.enum(MODES).optional(),
});

const Stats = Envelope.extend({
  runs: z.number().int().min(0).max(1e9).optional(),
  runSeconds: z.number().min(0).max(1e10).optional(),
  distanceM: z.number().min(0).max(1e11).optional(),
  doorCycles: z.number().int().min(0).max(1e10).optional(),
});

const Event = Envelope.extend({
  phase: z.enum(['open', 'close']),
  fault: z.enum(FAULT_TYPES).optional(),
  controller: z.literal('monarch').optional(),
  code: z.string().regex(/^E\d{2}$/).optional(),
  detail: z.record(z.string(), z.unknown()).optional(),
}).refine((e) => (e.fault ? !e.controller : !!(e.controller && e.code)), { message: 'give fault, or controller and code' });

export const adapter: ProtocolAdapter = {
  protocol: 'native',
  label: 'LiftSafe 原生协议',
  // One filter per uplink group: a wildcard over the last level would also match the platform's own acks.
  subscriptions: GROUPS.map((g) => `${PREFIX}+/${g}`),
  eventSubscriptions: [`${PREFIX}+/event`],
  isEventTopic: (topic) => topic.startsWith(PREFIX) && topic.endsWith('/event'),
  deviceOf(topic) {
    if (!topic.startsWith(PREFIX)) return null;
    const parts = topic.slice(PREFIX.length).split('/');
    return parts.length === 2 && parts[0] && parts[1] !== 'ack' ? parts[0] : null;
  },
  ownsDownlink(filter, deviceId) {
    return filter === `${PREFIX}${deviceId}/ack`;
  },
  decode(topic, payload) {
    const group = topic.slice(topic.lastIndexOf('/') + 1) as (typeof GROUPS)[number];
    if (!GROUPS.includes(group)) throw new DecodeError('unknown_event', `unknown group ${group}`);
    const raw = parseJson(payload);
    const deviceId = topic.slice(PREFIX.length, topic.lastIndexOf('/'));
    switch (group) {
      case 'status': {
        const m = validate(Status, raw);
        const { v: _v, id: _id, ts, ...fields } = m;
        return { messages: [{ kind: 'status', at: new Date(ts), ...fields }] };
      }
      case 'stats': {
        const m = validate(Stats, raw);
        return {
          messages: [{ kind: 'counters', at: new Date(m.ts), basis: 'total', runs: m.runs, runSeconds: m.runSeconds, distanceM: m.distanceM, doorCycles: m.doorCycles }],
        };
      }
      case 'info': {
        const m = validate(Info, raw);
        return { messages: [{ kind: 'info', at: new Date(m.ts), vendor: m.vendor, model: m.model, firmware: m.firmware }] };
      }
      case 'event': {
        const m = validate(Event, raw);
        const reply = { topic: `${PREFIX}${deviceId}/ack`, payload: JSON.stringify({ id: m.id, code: 200 }) };
        let msg: CanonicalMessage;
        if (m.fault) {
          msg = { kind: 'fault', at: new Date(m.ts), phase: m.phase, type: m.fault, dedupKey: `n:${m.id}`, detail: m.detail };
        } else {
          const c = monarchCodes().get(m.code!);
          if (!c) throw new DecodeError('unknown_event', `unknown controller code ${m.code}`);
          msg = {
            kind: 'fault',
            at: new Date(m.ts),
            phase: m.phase,
            type: c.type,
            vendorCode: `MONARCH:${c.code}`,
            severity: c.severity,
            dedupKey: `n:${m.id}`,
            detail: { ...m.detail, nameZh: c.nameZh, level: c.level },
          };
        }
        return { messages: [msg], reply };
      }
    }
  },
};
