import type { z } from 'zod';
import type { CanonicalMessage, DropReason } from '../iot.domain.ts';

/**
 * A protocol adapter turns one vendor's MQTT traffic into canonical messages. Each adapter is one file in this
 * folder named `<protocol>.adapter.ts` exporting `adapter`; the registry (index.ts) finds them by name, so adding a
 * vendor is adding a file.
 */
export interface ProtocolAdapter {
  /** The value of device.protocol for terminals speaking this protocol. */
  protocol: string;
  /** Human name for the device page. */
  label: string;
  /** Subscriptions (MQTT filters) carrying this protocol's uplink, faults included. */
  subscriptions: string[];
  /**
   * Filters for the faults and events alone. At an external broker the ingest reads them on a second connection,
   * so an entrapment never waits behind a queue of status reports; the bulk connection skips what these carry.
   */
  eventSubscriptions: string[];
  /** True for a topic the event filters carry. */
  isEventTopic(topic: string): boolean;
  /** The device a topic names, or null when the topic is not this protocol's uplink. */
  deviceOf(topic: string): string | null;
  /** May this device subscribe to this filter? Only its own downlink (acknowledgements). */
  ownsDownlink(filter: string, deviceId: string): boolean;
  /** Decodes one publish. Throws DecodeError with the reason it is dropped. */
  decode(topic: string, payload: Buffer, receivedAt: Date): Decoded;
}

export interface Decoded {
  messages: CanonicalMessage[];
  /** What to answer once the messages are stored (JTC340 post_reply; native acks of events). */
  reply?: { topic: string; payload: string };
}

export class DecodeError extends Error {
  constructor(
    readonly reason: DropReason,
    message: string,
  ) {
    super(message);
  }
}

/** Parses JSON or throws DecodeError('malformed'). */
export function parseJson(payload: Buffer): unknown {
  try {
    return JSON.parse(payload.toString('utf8'));
  } catch {
    throw new DecodeError('malformed', 'payload is not JSON');
  }
}

/** Validates with a zod schema or throws DecodeError('invalid') naming the first bad field. */
export function validate<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  throw new DecodeError('invalid', `${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
}

/** Epoch seconds or milliseconds → Date (values below 1e11 are seconds). */
export function fromEpoch(v: number): Date {
  const d = new Date(v < 1e11 ? v * 1000 : v);
  if (Number.isNaN(d.getTime())) throw new DecodeError('invalid', `time out of range (${String(v).slice(0, 30)})`);
  return d;
}

const LOCAL = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/;

/** A wall-clock string in Asia/Shanghai (UTC+8, no daylight saving): `2026-11-29 16:05:00` or `2026/11/29 16:05:00`. */
export function fromShanghaiLocal(s: string): Date | null {
  const m = LOCAL.exec(s.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, se] = m.slice(1).map((x) => Number(x ?? 0)) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 59) return null;
  const t = Date.UTC(y, mo - 1, d, h - 8, mi, se);
  const check = new Date(t + 8 * 3600_000);
  if (check.getUTCDate() !== d) return null; // 2026-02-30
  return new Date(t);
}
