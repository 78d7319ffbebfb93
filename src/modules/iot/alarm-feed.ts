import { sql } from 'kysely';
import type { AppContext } from '../../server/context.ts';
import type { Scope } from '../auth/principal.ts';
import { scopeAllows } from '../elevators/elevators.scope.ts';
import { ALARM_COLUMNS, presentAlarm, type AlarmOut, type AlarmRow } from './alarms.service.ts';

/**
 * Alarm changes for live views. One reader per node follows the alarm_event table (so a change made by any node
 * reaches every node's viewers) and fans each change out to the subscribers whose scope covers the elevator.
 * A local change nudges the reader at once; otherwise it polls every second.
 */
export interface FeedItem {
  action: string;
  alarm: AlarmOut;
}

interface Subscriber {
  scope: Scope;
  send(item: FeedItem): void;
}

const KIND_ACTION: Record<string, string> = {
  opened: 'opened',
  repeated: 'updated',
  severity_raised: 'updated',
  acknowledged: 'acknowledged',
  cleared: 'cleared',
  escalated: 'escalated',
  assigned: 'assigned',
  commented: 'commented',
};

export class AlarmFeed {
  private subs = new Set<Subscriber>();
  private cursor = 0;
  private recent = new Set<number>();
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;

  constructor(private ctx: AppContext) {}

  async start(intervalMs = 1000): Promise<void> {
    const { rows } = await sql<{ id: number | null }>`SELECT max(id) AS id FROM alarm_event`.execute(this.ctx.store.db);
    this.cursor = rows[0]?.id ?? 0;
    this.timer = setInterval(() => this.nudge(), intervalMs);
    this.timer.unref();
  }

  stop(): Promise<void> | undefined {
    clearInterval(this.timer);
    this.subs.clear();
    return this.running;
  }

  subscribe(scope: Scope, send: (item: FeedItem) => void): () => void {
    const sub = { scope, send };
    this.subs.add(sub);
    return () => this.subs.delete(sub);
  }

  get subscribers(): number {
    return this.subs.size;
  }

  /** Read new changes now (after a local commit). */
  nudge(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.poll()
      .catch((err) => this.ctx.log.warn({ err }, 'alarm feed poll failed'))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.nudge();
        }
      });
  }

  /** Waits for the reader to catch up (tests). */
  async settle(): Promise<void> {
    this.nudge();
    while (this.running) await this.running;
  }

  private async poll(): Promise<void> {
    if (!this.subs.size) {
      // Nobody watching: just move the cursor.
      const { rows } = await sql<{ id: number | null }>`SELECT max(id) AS id FROM alarm_event`.execute(this.ctx.store.db);
      this.cursor = Math.max(this.cursor, rows[0]?.id ?? 0);
      return;
    }
    // Ids are handed out before commit, so a small window behind the cursor is re-read for late commits.
    const from = Math.max(0, this.cursor - 200);
    const { rows } = await sql<AlarmRow & { event_id: number; kind: string }>`
      SELECT ae.id AS event_id, ae.kind, ${ALARM_COLUMNS} FROM alarm_event ae JOIN alarm a ON a.id = ae.alarm_id
        JOIN elevator e ON e.id = a.elevator_id LEFT JOIN app_user u ON u.id = a.assignee_id
       WHERE ae.id > ${from} ORDER BY ae.id LIMIT 2000`.execute(this.ctx.store.db);
    for (const r of rows) {
      this.cursor = Math.max(this.cursor, r.event_id);
      if (this.recent.has(r.event_id)) continue;
      this.recent.add(r.event_id);
      const item = { action: KIND_ACTION[r.kind] ?? 'updated', alarm: presentAlarm(r) };
      const facts = { regionCode: r.region_code, placeType: r.place_type, useUnitId: r.use_unit_id, maintenanceOrgId: r.maintenance_org_id, manufacturerOrgId: r.manufacturer_org_id };
      for (const s of this.subs) if (scopeAllows(s.scope, facts)) s.send(item);
    }
    if (this.recent.size > 5000) {
      const keep = [...this.recent].filter((id) => id > this.cursor - 400);
      this.recent = new Set(keep);
    }
    if (rows.length === 2000) this.again = true;
  }
}
