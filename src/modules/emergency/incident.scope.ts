import { sql, type RawBuilder } from 'kysely';
import type { AppContext } from '../../server/context.ts';
import type { Principal } from '../auth/principal.ts';
import { scopeOf } from '../elevators/elevators.service.ts';

/**
 * Which incidents a caller sees. Region-wide organisations (regulators, the 96333 centre, street offices,
 * departments) see those inside their region; a use unit those on its elevators; a maintenance company those on
 * the elevators it maintains and every call-out dispatched to it; a rescue station or fire service only the
 * call-outs dispatched to it.
 */
export type IncidentScope =
  | { kind: 'all' }
  | { kind: 'region'; prefix: string; placeType?: string }
  | { kind: 'use_unit'; orgId: number }
  | { kind: 'responder'; orgId: number; maintains: boolean }
  | { kind: 'none' };

export function incidentScope(ctx: AppContext, p: Principal): IncidentScope {
  if (p.orgType === 'maintenance') return { kind: 'responder', orgId: p.orgId, maintains: true };
  if (p.orgType === 'rescue_station' || p.orgType === 'fire_service') return { kind: 'responder', orgId: p.orgId, maintains: false };
  const s = scopeOf(ctx, p);
  switch (s.kind) {
    case 'all':
      return s;
    case 'region':
      return s;
    case 'org':
      return s.column === 'use_unit_id' ? { kind: 'use_unit', orgId: s.orgId } : { kind: 'none' };
    default:
      return { kind: 'none' };
  }
}

/** The scope as SQL on an incident row aliased `i`. */
export function incidentScopeSql(scope: IncidentScope): RawBuilder<boolean> {
  switch (scope.kind) {
    case 'all':
      return sql<boolean>`true`;
    case 'none':
      return sql<boolean>`false`;
    case 'region': {
      const range = sql<boolean>`(i.region_code >= ${scope.prefix} AND i.region_code < ${`${scope.prefix}~`})`;
      return scope.placeType ? sql<boolean>`(${range} AND i.place_type = ${scope.placeType})` : range;
    }
    case 'use_unit':
      return sql<boolean>`i.use_unit_id = ${scope.orgId}`;
    case 'responder': {
      const dispatched = sql<boolean>`EXISTS (SELECT 1 FROM incident_dispatch sd WHERE sd.incident_id = i.id AND sd.org_id = ${scope.orgId})`;
      return scope.maintains ? sql<boolean>`(i.maintenance_org_id = ${scope.orgId} OR ${dispatched})` : dispatched;
    }
  }
}

export interface IncidentScopeFacts {
  regionCode: string;
  placeType: string;
  useUnitId: number | null;
  maintenanceOrgId: number | null;
  /** Organisations this incident has been dispatched to. */
  dispatchedOrgIds: number[];
}

/** The same rule for one incident in memory (the live feed). */
export function incidentScopeAllows(scope: IncidentScope, f: IncidentScopeFacts): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'none':
      return false;
    case 'region':
      return f.regionCode.startsWith(scope.prefix) && (!scope.placeType || f.placeType === scope.placeType);
    case 'use_unit':
      return f.useUnitId === scope.orgId;
    case 'responder':
      return (scope.maintains && f.maintenanceOrgId === scope.orgId) || f.dispatchedOrgIds.includes(scope.orgId);
  }
}
