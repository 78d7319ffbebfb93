import { sql } from 'kysely';
import type { AppContext } from '../../server/context.ts';
import type { Scope } from '../auth/principal.ts';
import { scopeAllows } from '../elevators/elevators.scope.ts';
import { TableFeed } from '../events/table-feed.ts';
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

type FeedRow = AlarmRow & { event_id: number; kind: string };

export class AlarmFeed extends TableFeed<FeedRow, Scope, FeedItem> {
  constructor(ctx: AppContext) {
    super(ctx, 'alarm_event', 2000);
  }

  protected async read(from: number, limit: number): Promise<FeedRow[]> {
    const { rows } = await sql<FeedRow>`
      SELECT ae.id AS event_id, ae.kind, ${ALARM_COLUMNS} FROM alarm_event ae JOIN alarm a ON a.id = ae.alarm_id
        JOIN elevator e ON e.id = a.elevator_id LEFT JOIN app_user u ON u.id = a.assignee_id
       WHERE ae.id > ${from} ORDER BY ae.id LIMIT ${limit}`.execute(this.ctx.store.db);
    return rows;
  }

  protected item(r: FeedRow): FeedItem {
    return { action: KIND_ACTION[r.kind] ?? 'updated', alarm: presentAlarm(r) };
  }

  protected allows(scope: Scope, r: FeedRow): boolean {
    return scopeAllows(scope, { regionCode: r.region_code, placeType: r.place_type, useUnitId: r.use_unit_id, maintenanceOrgId: r.maintenance_org_id, manufacturerOrgId: r.manufacturer_org_id });
  }
}
