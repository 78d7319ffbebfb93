import { sql } from 'kysely';
import type { AppContext } from '../../../server/context.ts';
import type { AdapterRegistry } from '../adapters/index.ts';
import { DecodeError, type Decoded, type ProtocolAdapter } from '../adapters/adapter.ts';
import { recordFaults, type AlarmChange, type FaultInput } from '../alarm-engine.ts';
import type { DeviceDirectory, DeviceEntry } from '../device-directory.ts';
import { CanonicalMessage, DROP_REASONS, MAX_PAYLOAD_BYTES, type DropReason } from '../iot.domain.ts';
import type { RuleSettings } from '../rule-settings.ts';
import { mergeCounters, mergeStatus, writeLive, type PendingLive } from './live-writer.ts';
import { OccupancyLog, writeOccupancy } from './occupancy.ts';

/**
 * The IoT hot path (design.md): MQTT publish → adapter (vendor format → canonical, validated) → live state
 * coalesced per elevator → batched writes; faults go to the alarm engine within tens of milliseconds. Device
 * identity comes from the MQTT login (embedded broker) or the topic as the external broker's ACL allowed it.
 * Bad messages are counted per device and dropped; nothing here throws back into the broker.
 */
/** What decoding one publish gave: canonical messages (and a reply), or the reason it is dropped. */
export type DecodeResult = Decoded | { error: DropReason; message: string };

/** Size limit, adapter decode and the canonical check: pure work on the payload, also run in the ingest worker. */
export function decodeMessage(adapter: ProtocolAdapter, topic: string, payload: Buffer, now: Date): DecodeResult {
  if (payload.length > MAX_PAYLOAD_BYTES) return { error: 'oversized', message: `${payload.length} bytes` };
  try {
    const d = adapter.decode(topic, payload, now);
    const messages: CanonicalMessage[] = [];
    for (const m of d.messages) {
      // A time outside Date's range (epoch 1e20) is an Invalid Date that no range check below catches (NaN compares
      // false) and that breaks the batched write: refuse it here, for every adapter. Found by src/security/fuzz.test.ts.
      if (!(m.at instanceof Date) || Number.isNaN(m.at.getTime())) return { error: 'invalid', message: 'time out of range' };
      // Status reports (nearly all traffic) are built field by field from the adapter's zod-validated input, under
      // the same constraints; re-checking them cost a fifth of the ingest thread. Everything else is checked again.
      if (m.kind === 'status') {
        messages.push(m);
        continue;
      }
      const checked = CanonicalMessage.safeParse(m);
      if (!checked.success) return { error: 'invalid', message: checked.error.issues[0]?.message ?? 'invalid' };
      messages.push(checked.data);
    }
    return { messages, reply: d.reply };
  } catch (err) {
    if (err instanceof DecodeError) return { error: err.reason, message: err.message };
    return { error: 'invalid', message: String((err as Error).message ?? err).slice(0, 200) };
  }
}

export interface PipelineOptions {
  /** Live state flush interval. */
  flushMs: number;
  /** Fault flush interval: the fault → alarm latency budget. */
  faultFlushMs?: number;
  /** Sends a downlink (acknowledgement) once the message is stored. */
  reply?: (topic: string, payload: string) => void;
  /** Called after alarms change (live feeds). */
  onAlarms?: (changes: AlarmChange[]) => void;
}

interface Health {
  accepted: number;
  counts: Record<DropReason, number>;
  lastError?: string;
  lastErrorAt?: Date;
}

interface Bucket {
  tokens: number;
  at: number;
  rate: number;
  burst: number;
  maxAheadMs: number;
  version: number;
}

const FAULT_FLUSHES_IN_FLIGHT = 2;

export interface IngestStats {
  received: number;
  accepted: number;
  /** `backlog`: status reports shed by the ingest thread while the main thread was too far behind. */
  dropped: Record<DropReason | 'unknown_topic' | 'unknown_device' | 'inactive_device' | 'backlog', number>;
  faults: number;
  alarmsChanged: number;
  flushes: number;
  lastFlushMs: number;
  /** The last fault flush: its transaction's duration, and how long its oldest fault waited in the queue first. */
  lastFaultFlushMs: number;
  lastFaultWaitMs: number;
  pendingLive: number;
  pendingFaults: number;
  flushErrors: number;
}

export class IngestPipeline {
  private live = new Map<number, PendingLive>();
  private faults: FaultInput[] = [];
  private faultReplies: { topic: string; payload: string }[] = [];
  private health = new Map<number, Health>();
  private buckets = new Map<number, Bucket>();
  private infoUpdates = new Map<number, { vendor?: string; model?: string; firmware?: string }>();
  private liveTimer?: NodeJS.Timeout;
  private faultTimer?: NodeJS.Timeout;
  private faultsSince = 0;
  private flushing?: Promise<void>;
  /** Minutes with passengers in the car, written with the live state (maintenance cross-check). */
  private occupancy = new OccupancyLog();
  /**
   * Fault flushes in flight: up to two at once, so a burst arriving while one is being written (an entrapment in
   * many cars at once) is written alongside it rather than after it. Two transactions of one node are ordered as two
   * nodes' are: faults of one elevator one transaction at a time, a late open or early close reconciled
   * (alarm-engine.ts).
   */
  private faultFlights = new Set<Promise<void>>();
  private healthTick = 0;
  private acceptedBy = new Map<number, number>();
  private healthFlushing?: Promise<void>;
  readonly stats: IngestStats = {
    received: 0,
    accepted: 0,
    dropped: { ...Object.fromEntries(DROP_REASONS.map((r) => [r, 0])), unknown_topic: 0, unknown_device: 0, inactive_device: 0, backlog: 0 } as IngestStats['dropped'],
    faults: 0,
    alarmsChanged: 0,
    flushes: 0,
    lastFlushMs: 0,
    lastFaultFlushMs: 0,
    lastFaultWaitMs: 0,
    pendingLive: 0,
    pendingFaults: 0,
    flushErrors: 0,
  };

  constructor(
    private ctx: AppContext,
    private adapters: AdapterRegistry,
    private devices: DeviceDirectory,
    private settings: RuleSettings,
    private opts: PipelineOptions,
  ) {}

  start(): void {
    this.liveTimer = setInterval(() => void this.flushLive(), this.opts.flushMs);
    this.liveTimer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.liveTimer);
    clearTimeout(this.faultTimer);
    await this.flush();
  }

  /**
   * One publish. `loginId` is the MQTT username when the broker is ours; a topic naming another device is spoofing.
   * Returns a promise only when the device has to be looked up in the store first.
   */
  handle(topic: string, payload: Buffer, loginId?: string): void | Promise<void> {
    this.stats.received++;
    const routed = this.adapters.route(topic);
    if (!routed) {
      this.stats.dropped.unknown_topic++;
      if (loginId) {
        const sender = this.devices.get(loginId);
        if (sender) this.count(sender, 'unknown_event', `unknown topic ${topic.slice(0, 80)}`);
      }
      return;
    }
    if (loginId !== undefined && loginId !== routed.deviceId) {
      const sender = this.devices.get(loginId);
      if (sender) this.count(sender, 'spoofed', `published as ${routed.deviceId.slice(0, 64)}`);
      else this.stats.dropped.spoofed++;
      return;
    }
    const decode = (): DecodeResult => decodeMessage(routed.adapter, topic, payload, this.ctx.clock.now());
    const entry = this.devices.get(routed.deviceId);
    if (entry) return this.accept(entry, routed.adapter.protocol, decode);
    return this.devices.lookup(routed.deviceId).then((e) => {
      if (!e) this.stats.dropped.unknown_device++;
      else this.accept(e, routed.adapter.protocol, decode);
    });
  }

  /** A message already decoded elsewhere (the ingest worker thread): same checks, same state, same counters. */
  handleDecoded(deviceId: string, protocol: string, result: DecodeResult): void | Promise<void> {
    this.stats.received++;
    const entry = this.devices.get(deviceId);
    if (entry) return this.accept(entry, protocol, () => result);
    return this.devices.lookup(deviceId).then((e) => {
      if (!e) this.stats.dropped.unknown_device++;
      else this.accept(e, protocol, () => result);
    });
  }

  /** Counts status reports the ingest thread shed because its backlog was full (the main thread too far behind). */
  countShed(n: number): void {
    this.stats.received += n;
    this.stats.dropped.backlog += n;
  }

  /** Counts a message the worker could not route (no adapter claims its topic). */
  countUnknownTopic(): void {
    this.stats.received++;
    this.stats.dropped.unknown_topic++;
  }

  private accept(device: DeviceEntry, protocol: string, decode: () => DecodeResult): void {
    if (device.status !== 'active' || device.elevatorId == null) {
      this.stats.dropped.inactive_device++;
      return;
    }
    if (device.protocol !== protocol) return this.count(device, 'spoofed', `topic of protocol ${protocol}, device speaks ${device.protocol}`);
    if (!this.takeToken(device)) return this.count(device, 'flood_dropped', 'rate limit');
    const now = this.ctx.clock.now();
    const decoded = decode();
    if ('error' in decoded) return this.count(device, decoded.error, decoded.message);
    const maxAhead = this.buckets.get(device.pk)!.maxAheadMs;
    const messages: CanonicalMessage[] = [];
    for (const m of decoded.messages) {
      if (m.at.getTime() > now.getTime() + maxAhead) return this.count(device, 'future_time', `time ${m.at.toISOString()} ahead of ${now.toISOString()}`);
      if (m.at.getTime() < Date.UTC(2000, 0, 1)) return this.count(device, 'invalid', `time ${m.at.toISOString()} before 2000`);
      messages.push(m);
    }
    this.stats.accepted++;
    // Accepted counts are kept apart from the (rare) bad-traffic records and written once a minute: at 100k
    // terminals a per-device row every few seconds would cost more store writes than the live state itself.
    this.acceptedBy.set(device.pk, (this.acceptedBy.get(device.pk) ?? 0) + 1);
    let wantsFaultFlush = false;
    const elevatorId = device.elevatorId;
    let p = this.live.get(elevatorId);
    if (!p) {
      p = { elevatorId, regionCode: device.regionCode, devicePk: device.pk, seen: now, statusAt: null };
      this.live.set(elevatorId, p);
    }
    if (now > p.seen) p.seen = now;
    for (const m of messages) {
      switch (m.kind) {
        case 'status':
          mergeStatus(p, m);
          this.occupancy.note(elevatorId, m);
          break;
        case 'counters':
          mergeCounters(p, m);
          break;
        case 'info':
          this.infoUpdates.set(device.pk, { vendor: m.vendor, model: m.model, firmware: m.firmware });
          break;
        case 'fault':
          this.stats.faults++;
          this.faults.push({
            elevatorId,
            regionCode: device.regionCode,
            devicePk: device.pk,
            vendor: device.vendor,
            type: m.type,
            phase: m.phase,
            at: m.at,
            severity: m.severity,
            vendorCode: m.vendorCode,
            dedupKey: m.dedupKey,
            source: 'device',
            detail: m.detail,
          });
          wantsFaultFlush = true;
          break;
      }
    }
    if (decoded.reply && this.opts.reply) {
      // Events are acknowledged once stored; status replies go at once.
      if (wantsFaultFlush) this.faultReplies.push(decoded.reply);
      else this.opts.reply(decoded.reply.topic, decoded.reply.payload);
    }
    if (wantsFaultFlush && !this.faultsSince) this.faultsSince = performance.now();
    if (wantsFaultFlush && !this.faultTimer) {
      this.faultTimer = setTimeout(() => {
        this.faultTimer = undefined;
        void this.flushFaults();
      }, this.opts.faultFlushMs ?? 20);
    }
  }

  private takeToken(d: DeviceEntry): boolean {
    const nowMs = Date.now();
    let b = this.buckets.get(d.pk);
    if (!b || b.version !== this.settings.version) {
      // Thresholds resolved once per device and settings version, not per message.
      const rate = this.settings.get('floodRatePerSecond', d.regionCode, d.vendor);
      const burst = this.settings.get('floodBurst', d.regionCode, d.vendor);
      const maxAheadMs = this.settings.get('maxFutureSeconds', d.regionCode, d.vendor) * 1000;
      b = { tokens: b?.tokens ?? burst, at: b?.at ?? nowMs, rate, burst, maxAheadMs, version: this.settings.version };
      this.buckets.set(d.pk, b);
    }
    const { rate, burst } = b;
    b.tokens = Math.min(burst, b.tokens + ((nowMs - b.at) / 1000) * rate);
    b.at = nowMs;
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  private healthOf(d: DeviceEntry): Health {
    let h = this.health.get(d.pk);
    if (!h) {
      h = { accepted: 0, counts: Object.fromEntries(DROP_REASONS.map((r) => [r, 0])) as Record<DropReason, number> };
      this.health.set(d.pk, h);
    }
    return h;
  }

  private count(d: DeviceEntry, reason: DropReason, message: string): void {
    this.stats.dropped[reason]++;
    const h = this.healthOf(d);
    h.counts[reason]++;
    h.lastError = `${reason}: ${message}`.slice(0, 300);
    h.lastErrorAt = this.ctx.clock.now();
  }

  /** Writes everything pending (tests call this instead of waiting for timers). */
  async flush(withCounters = true): Promise<void> {
    await this.flushFaults();
    await this.flushLive();
    if (withCounters) await this.flushHealth(true);
  }

  async flushFaults(): Promise<void> {
    while (this.faultFlights.size >= FAULT_FLUSHES_IN_FLIGHT) await Promise.race(this.faultFlights);
    if (!this.faults.length) {
      await Promise.all(this.faultFlights);
      return;
    }
    const batch = this.faults;
    const replies = this.faultReplies;
    this.faults = [];
    this.faultReplies = [];
    const started = performance.now();
    this.stats.lastFaultWaitMs = this.faultsSince ? Math.round(started - this.faultsSince) : 0;
    this.faultsSince = 0;
    const flight: Promise<void> = (async () => {
      try {
        const changes = await this.ctx.store.db.transaction().execute((trx) => recordFaults(trx, batch, this.settings, this.ctx.clock.now()));
        this.stats.lastFaultFlushMs = Math.round(performance.now() - started);
        for (const r of replies) this.opts.reply?.(r.topic, r.payload);
        this.stats.alarmsChanged += changes.length;
        if (changes.length) this.opts.onAlarms?.(changes);
      } catch (err) {
        // Keep the faults for the next attempt: a store hiccup must not lose an entrapment.
        this.stats.flushErrors++;
        this.faults = batch.concat(this.faults);
        this.faultReplies = replies.concat(this.faultReplies);
        this.ctx.log.error({ err, faults: batch.length }, 'fault flush failed; will retry');
        if (!this.faultTimer) this.faultTimer = setTimeout(() => ((this.faultTimer = undefined), void this.flushFaults()), 1000);
      }
    })().finally(() => this.faultFlights.delete(flight));
    this.faultFlights.add(flight);
    // Callers (tests, the rule sweeper, stop) rely on every fault taken so far being written when this returns.
    await Promise.all(this.faultFlights);
  }

  async flushLive(): Promise<void> {
    while (this.flushing) await this.flushing;
    this.stats.pendingLive = this.live.size;
    this.stats.pendingFaults = this.faults.length;
    if (!this.live.size && !this.infoUpdates.size) {
      if (++this.healthTick % 10 === 0) await this.flushHealth();
      return;
    }
    const batch = [...this.live.values()];
    const info = this.infoUpdates;
    const occupied = this.occupancy.take();
    this.live = new Map();
    this.infoUpdates = new Map();
    const started = performance.now();
    this.flushing = (async () => {
      try {
        const now = this.ctx.clock.now();
        const changes = await this.ctx.store.db.transaction().execute(async (trx) => {
          // Live state is the latest report, re-sent every few seconds: its commit need not wait for the WAL to reach
          // disk (a server crash loses at most the last flush, never a fault). This keeps the heavy live writes from
          // queueing fault and incident commits behind their fsyncs.
          await sql`SET LOCAL synchronous_commit TO OFF`.execute(trx);
          const wasOffline = await writeLive(trx, batch, now);
          await writeOccupancy(trx, occupied);
          for (const [pk, i] of info) {
            await trx
              .updateTable('device')
              .set({ vendor: i.vendor ?? undefined, model: i.model ?? undefined, firmware: i.firmware ?? undefined })
              .where('id', '=', pk)
              .execute();
          }
          if (!wasOffline.length) return [];
          // Back online: clear the offline alarms there are (a terminal never seen before has none).
          const alarmed = (
            await trx.selectFrom('alarm').select('elevator_id').where('status', '=', 'active').where('type', '=', 'offline').where('elevator_id', '=', sql<number>`any(${wasOffline}::bigint[])`).execute()
          ).map((r) => r.elevator_id);
          if (!alarmed.length) return [];
          const byId = new Map(batch.map((b) => [b.elevatorId, b]));
          return recordFaults(
            trx,
            alarmed.map((id) => {
              const b = byId.get(id)!;
              return { elevatorId: id, regionCode: b.regionCode, devicePk: b.devicePk, vendor: null, type: 'offline' as const, phase: 'close' as const, at: b.seen, dedupKey: `rule:online:${b.seen.getTime()}`, source: 'rule' as const, reason: '终端恢复上报' };
            }),
            this.settings,
            now,
          );
        });
        this.stats.flushes++;
        this.stats.lastFlushMs = Math.round(performance.now() - started);
        if (changes.length) {
          this.stats.alarmsChanged += changes.length;
          this.opts.onAlarms?.(changes);
        }
      } catch (err) {
        this.stats.flushErrors++;
        // Put the batch back unless newer state arrived meanwhile (newer wins anyway on the next flush).
        for (const b of batch) if (!this.live.has(b.elevatorId)) this.live.set(b.elevatorId, b);
        for (const [pk, i] of info) if (!this.infoUpdates.has(pk)) this.infoUpdates.set(pk, i);
        this.occupancy.putBack(occupied);
        this.ctx.log.error({ err, rows: batch.length }, 'live flush failed; will retry');
      }
    })().finally(() => (this.flushing = undefined));
    await this.flushing;
    if (++this.healthTick % 10 === 0) await this.flushHealth();
  }

  /** Per-device bad-traffic counts, added to device_health. */
  flushHealth(withAccepted = this.healthTick % 120 === 0): Promise<void> {
    // One at a time, and tracked, so a stop waits for the one in flight before the store closes.
    this.healthFlushing = (this.healthFlushing ?? Promise.resolve()).then(() => this.writeHealth(withAccepted));
    return this.healthFlushing;
  }

  private async writeHealth(withAccepted: boolean): Promise<void> {
    const batch = this.health;
    this.health = new Map();
    if (withAccepted) {
      for (const [pk, n] of this.acceptedBy) {
        const h = batch.get(pk) ?? { accepted: 0, counts: Object.fromEntries(DROP_REASONS.map((r) => [r, 0])) as Record<DropReason, number> };
        h.accepted += n;
        batch.set(pk, h);
      }
      this.acceptedBy = new Map();
    }
    if (!batch.size) return;
    try {
      const all = [...batch.entries()];
      // PostgreSQL takes at most 65,535 parameters per statement: 2,000 devices (11 columns) per insert.
      for (let i = 0; i < all.length; i += 2000) {
        const rows = all.slice(i, i + 2000);
        await this.ctx.store.db
          .insertInto('device_health')
          .values(
            rows.map(([pk, h]) => ({
              device_pk: pk,
              accepted: h.accepted,
              ...h.counts,
              last_error: h.lastError ?? null,
              last_error_at: h.lastErrorAt ?? null,
            })),
          )
          .onConflict((oc) =>
            oc.column('device_pk').doUpdateSet((eb) => ({
              accepted: eb('device_health.accepted', '+', eb.ref('excluded.accepted')),
              ...Object.fromEntries(DROP_REASONS.map((r) => [r, eb(`device_health.${r}`, '+', eb.ref(`excluded.${r}`))])),
              last_error: eb.fn.coalesce('excluded.last_error', 'device_health.last_error'),
              last_error_at: eb.fn.coalesce('excluded.last_error_at', 'device_health.last_error_at'),
            })),
          )
          .execute();
      }
    } catch (err) {
      this.ctx.log.warn({ err }, 'device health flush failed');
    }
  }

  /** Operators' view of traffic not yet flushed (added to the stored counts). */
  pendingHealth(pk: number): Health | undefined {
    const h = this.health.get(pk);
    const n = this.acceptedBy.get(pk);
    if (!n) return h;
    return { ...(h ?? { counts: Object.fromEntries(DROP_REASONS.map((r) => [r, 0])) as Record<DropReason, number> }), accepted: (h?.accepted ?? 0) + n };
  }
}
