import { sql } from 'kysely';
import type { AppContext } from '../../server/context.ts';
import { incidentScopeAllows, type IncidentScope } from './incident.scope.ts';

/**
 * Incident changes for the dispatch board. One reader per node follows incident_event (so a change made on any
 * node, or by the SLA sweeper, reaches every node's boards) and sends each change to the subscribers whose scope
 * covers the incident. A local change nudges the reader at once; otherwise it polls every second.
 */
export interface IncidentChange {
  eventId: number;
  incidentId: number;
  kind: string;
  at: string;
  status: string;
  tier: number | null;
}

interface Subscriber {
  scope: IncidentScope;
  send(change: IncidentChange): void;
}

export class IncidentFeed {
  private subs = new Set<Subscriber>();
  private cursor = 0;
  private recent = new Set<number>();
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;

  constructor(private ctx: AppContext) {}

  async start(intervalMs = 1000): Promise<void> {
    const { rows } = await sql<{ id: number | null }>`SELECT max(id) AS id FROM incident_event`.execute(this.ctx.store.db);
    this.cursor = rows[0]?.id ?? 0;
    if (intervalMs > 0) {
      this.timer = setInterval(() => this.nudge(), intervalMs);
      this.timer.unref();
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.subs.clear();
    await this.running;
  }

  subscribe(scope: IncidentScope, send: (c: IncidentChange) => void): () => void {
    const sub = { scope, send };
    this.subs.add(sub);
    return () => this.subs.delete(sub);
  }

  nudge(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.poll()
      .catch((err) => this.ctx.log.warn({ err }, 'incident feed poll failed'))
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
    const { db } = this.ctx.store;
    if (!this.subs.size) {
      const { rows } = await sql<{ id: number | null }>`SELECT max(id) AS id FROM incident_event`.execute(db);
      this.cursor = Math.max(this.cursor, rows[0]?.id ?? 0);
      return;
    }
    // Ids are handed out before commit: a window behind the cursor is read again for late commits.
    const from = Math.max(0, this.cursor - 200);
    const { rows } = await sql<{
      event_id: number;
      incident_id: number;
      kind: string;
      at: Date;
      status: string;
      tier: number | null;
      region_code: string;
      place_type: string;
      use_unit_id: number | null;
      maintenance_org_id: number | null;
      orgs: number[] | null;
    }>`SELECT ev.id AS event_id, ev.incident_id, ev.kind, ev.at, i.status, i.tier, i.region_code, i.place_type, i.use_unit_id, i.maintenance_org_id,
              (SELECT array_agg(d.org_id) FROM incident_dispatch d WHERE d.incident_id = i.id AND d.org_id IS NOT NULL) AS orgs
         FROM incident_event ev JOIN incident i ON i.id = ev.incident_id
        WHERE ev.id > ${from} ORDER BY ev.id LIMIT 1000`.execute(db);
    for (const r of rows) {
      this.cursor = Math.max(this.cursor, r.event_id);
      if (this.recent.has(r.event_id)) continue;
      this.recent.add(r.event_id);
      const change: IncidentChange = { eventId: r.event_id, incidentId: r.incident_id, kind: r.kind, at: r.at.toISOString(), status: r.status, tier: r.tier };
      const facts = { regionCode: r.region_code, placeType: r.place_type, useUnitId: r.use_unit_id, maintenanceOrgId: r.maintenance_org_id, dispatchedOrgIds: (r.orgs ?? []).map(Number) };
      for (const s of this.subs) if (incidentScopeAllows(s.scope, facts)) s.send(change);
    }
    if (this.recent.size > 5000) this.recent = new Set([...this.recent].filter((id) => id > this.cursor - 400));
    if (rows.length === 1000) this.again = true;
  }
}
