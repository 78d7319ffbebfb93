import { sql } from 'kysely';
import type { AppContext } from '../../server/context.ts';
import { TableFeed } from '../events/table-feed.ts';
import { incidentScopeAllows, type IncidentScope } from './incident.scope.ts';

/**
 * Incident changes for the dispatch board (a TableFeed over incident_event: a change made on any node, or by the
 * SLA sweeper, reaches every node's boards), each sent to the subscribers whose scope covers the incident.
 */
export interface IncidentChange {
  eventId: number;
  incidentId: number;
  kind: string;
  at: string;
  status: string;
  tier: number | null;
}

type FeedRow = {
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
};

export class IncidentFeed extends TableFeed<FeedRow, IncidentScope, IncidentChange> {
  constructor(ctx: AppContext) {
    super(ctx, 'incident_event', 1000);
  }

  protected async read(from: number, limit: number): Promise<FeedRow[]> {
    const { rows } = await sql<FeedRow>`SELECT ev.id AS event_id, ev.incident_id, ev.kind, ev.at, i.status, i.tier, i.region_code, i.place_type, i.use_unit_id, i.maintenance_org_id,
              (SELECT array_agg(d.org_id) FROM incident_dispatch d WHERE d.incident_id = i.id AND d.org_id IS NOT NULL) AS orgs
         FROM incident_event ev JOIN incident i ON i.id = ev.incident_id
        WHERE ev.id > ${from} ORDER BY ev.id LIMIT ${limit}`.execute(this.ctx.store.db);
    return rows;
  }

  protected item(r: FeedRow): IncidentChange {
    return { eventId: r.event_id, incidentId: r.incident_id, kind: r.kind, at: r.at.toISOString(), status: r.status, tier: r.tier };
  }

  protected allows(scope: IncidentScope, r: FeedRow): boolean {
    return incidentScopeAllows(scope, { regionCode: r.region_code, placeType: r.place_type, useUnitId: r.use_unit_id, maintenanceOrgId: r.maintenance_org_id, dispatchedOrgIds: (r.orgs ?? []).map(Number) });
  }
}
