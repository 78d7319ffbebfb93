import { sql } from 'kysely';
import type { AppContext } from '../../server/context.ts';
import { publish } from '../events/outbox.ts';
import { clearAlarms, recordFaults, TOPIC_ESCALATED, type AlarmChange, type FaultInput } from './alarm-engine.ts';
import { raiseSeverity, type Severity } from './iot.domain.ts';
import type { RuleSettings } from './rule-settings.ts';

/**
 * Server-side rules that no single message triggers: silence (offline), a car occupied, closed and still for too
 * long (inferred trapped), an alarm nobody acknowledges (escalation). One node runs a sweep at a time
 * (transaction-scoped advisory lock); every step is a conditional update, so a repeated sweep changes nothing.
 */
const SWEEP_LOCK = 0x4c53_0301; // 'LS' 03 01
const BATCH = 5000;

export class RuleSweeper {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  /**
   * Silence and stillness are counted from no earlier than this node's start: while the platform itself was down,
   * terminals could not be heard, and a car seen still just before a restart has not been watched since.
   */
  private readonly startedAt: Date;
  /** When this node last pruned old occupancy minutes (epoch ms; 0: not yet). */
  private prunedAt = 0;

  constructor(
    private ctx: AppContext,
    private settings: RuleSettings,
    private opts: { intervalMs: number; onAlarms?: (c: AlarmChange[]) => void; beforeSweep?: () => Promise<void> },
  ) {
    this.startedAt = ctx.clock.now();
  }

  start(): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.sweep()
        .then((c) => {
          if (c.length) this.opts.onAlarms?.(c);
        })
        .catch((err) => this.ctx.log.error({ err }, 'IoT rule sweep failed'))
        .finally(() => (this.running = undefined));
    }, this.opts.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One sweep at the clock's now. Returns the alarm changes it made. */
  async sweep(): Promise<AlarmChange[]> {
    await this.opts.beforeSweep?.();
    await this.settings.refreshIfOlder(30_000);
    const now = this.ctx.clock.now();
    return this.ctx.store.db.transaction().execute(async (trx) => {
      const { rows: lock } = await sql<{ ok: boolean }>`SELECT pg_try_advisory_xact_lock(${SWEEP_LOCK}) AS ok`.execute(trx);
      if (!lock[0]?.ok) return [];
      const changes: AlarmChange[] = [];
      const s = this.settings;

      // 1. Offline: no message for longer than the elevator's threshold.
      const offlineMin = s.min('offlineAfterSeconds');
      const { rows: silent } = await sql<{ elevator_id: number; region_code: string; last_seen: Date; device_pk: number | null; vendor: string | null }>`
        SELECT l.elevator_id, l.region_code, l.last_seen, l.device_pk, d.vendor
          FROM elevator_live l LEFT JOIN device d ON d.id = l.device_pk
         WHERE l.online AND greatest(l.last_seen, ${this.startedAt}) < ${new Date(now.getTime() - offlineMin * 1000)}
         ORDER BY l.last_seen LIMIT ${BATCH}`.execute(trx);
      const heardFrom = (r: { last_seen: Date }) => Math.max(r.last_seen.getTime(), this.startedAt.getTime());
      const gone = silent.filter((r) => heardFrom(r) < now.getTime() - s.get('offlineAfterSeconds', r.region_code, r.vendor) * 1000);
      if (gone.length) {
        await sql`UPDATE elevator_live l SET online = false, still_since = NULL, updated_at = ${now}
                   FROM unnest(${gone.map((g) => g.elevator_id)}::bigint[], ${gone.map((g) => g.last_seen.toISOString())}::timestamptz[]) AS v(id, seen)
                  WHERE l.elevator_id = v.id AND l.online AND l.last_seen = v.seen`.execute(trx);
        const faults: FaultInput[] = gone.map((g) => ({
          elevatorId: g.elevator_id,
          regionCode: g.region_code,
          devicePk: g.device_pk,
          vendor: g.vendor,
          type: 'offline',
          phase: 'open',
          at: now,
          dedupKey: `rule:offline:${g.last_seen.getTime()}`,
          source: 'rule',
          detail: { lastSeen: g.last_seen.toISOString(), thresholdSeconds: s.get('offlineAfterSeconds', g.region_code, g.vendor) },
        }));
        changes.push(...(await recordFaults(trx, faults, s, now)));
      }

      // 2. Inferred trapped: occupied, door closed, stationary for longer than the threshold.
      const trapMin = s.min('trappedAfterSeconds');
      const { rows: still } = await sql<{ elevator_id: number; region_code: string; still_since: Date; device_pk: number | null; vendor: string | null; floor: string | null }>`
        SELECT l.elevator_id, l.region_code, l.still_since, l.device_pk, d.vendor, l.floor
          FROM elevator_live l LEFT JOIN device d ON d.id = l.device_pk
         WHERE l.still_since IS NOT NULL AND l.online AND greatest(l.still_since, ${this.startedAt}) < ${new Date(now.getTime() - trapMin * 1000)}
           AND NOT EXISTS (SELECT 1 FROM alarm a WHERE a.elevator_id = l.elevator_id AND a.type = 'trapped' AND a.status = 'active')
         LIMIT ${BATCH}`.execute(trx);
      const trapped = still.filter((r) => Math.max(r.still_since.getTime(), this.startedAt.getTime()) < now.getTime() - s.get('trappedAfterSeconds', r.region_code, r.vendor) * 1000);
      if (trapped.length)
        changes.push(
          ...(await recordFaults(
            trx,
            trapped.map((t) => ({
              elevatorId: t.elevator_id,
              regionCode: t.region_code,
              devicePk: t.device_pk,
              vendor: t.vendor,
              type: 'trapped',
              phase: 'open',
              at: now,
              dedupKey: `rule:trapped:${t.still_since.getTime()}`,
              source: 'rule',
              detail: { inferred: true, stillSince: t.still_since.toISOString(), floor: t.floor, thresholdSeconds: s.get('trappedAfterSeconds', t.region_code, t.vendor) },
            })),
            s,
            now,
          )),
        );

      // 3. An inferred entrapment ends when the car moves, the door opens or it empties.
      const { rows: ended } = await sql<{ id: number; elevator_id: number }>`
        SELECT a.id, a.elevator_id FROM alarm a JOIN elevator_live l ON l.elevator_id = a.elevator_id
         WHERE a.status = 'active' AND a.type = 'trapped' AND a.source = 'rule' AND l.still_since IS NULL AND l.online
         LIMIT ${BATCH}`.execute(trx);
      for (const e of ended) changes.push(...(await clearAlarms(trx, e.elevator_id, 'trapped', now, { actorId: null, reason: '状态恢复：轿厢运行、开门或无人' }, e.id)));

      // 4. Escalation: active, unacknowledged, not yet escalated, older than the threshold.
      const escMin = s.min('escalateAfterSeconds');
      const { rows: stale } = await sql<{ id: number; region_code: string; vendor: string | null; opened_at: Date; severity: Severity; elevator_id: number; type: string }>`
        SELECT a.id, a.region_code, d.vendor, a.opened_at, a.severity, a.elevator_id, a.type
          FROM alarm a LEFT JOIN device d ON d.id = a.device_pk
         WHERE a.status = 'active' AND NOT a.acknowledged AND a.escalated_at IS NULL
           AND a.opened_at < ${new Date(now.getTime() - escMin * 1000)}
         ORDER BY a.opened_at LIMIT ${BATCH}`.execute(trx);
      for (const a of stale) {
        const limit = s.get('escalateAfterSeconds', a.region_code, a.vendor);
        if (a.opened_at.getTime() >= now.getTime() - limit * 1000) continue;
        const raised = raiseSeverity(a.severity);
        const upd = await trx
          .updateTable('alarm')
          .set({ escalated_at: now, severity: raised, version: sql`version + 1` })
          .where('id', '=', a.id)
          .where('escalated_at', 'is', null)
          .where('acknowledged', '=', false)
          .executeTakeFirst();
        if (!upd.numUpdatedRows) continue;
        await trx.insertInto('alarm_event').values({ alarm_id: a.id, kind: 'escalated', at: now, actor_id: null, detail: JSON.stringify({ unacknowledgedSeconds: limit, from: a.severity, to: raised }) }).execute();
        await publish(trx, now, [{ topic: TOPIC_ESCALATED, key: String(a.elevator_id), payload: { alarmId: a.id, elevatorId: a.elevator_id, regionCode: a.region_code, type: a.type, severity: raised, at: now.toISOString() } }]);
        changes.push({ action: 'escalated', alarmId: a.id });
      }

      // 5. Occupancy minutes older than the retention (IOT_OCCUPANCY_DAYS), at most once an hour per node.
      if (now.getTime() - this.prunedAt >= 3_600_000) {
        this.prunedAt = now.getTime();
        const cutoff = new Date(now.getTime() + 8 * 3_600_000 - this.ctx.config.IOT_OCCUPANCY_DAYS * 86_400_000).toISOString().slice(0, 10);
        await sql`DELETE FROM elevator_occupancy WHERE day < ${cutoff}::date`.execute(trx);
      }
      return changes;
    });
  }
}
