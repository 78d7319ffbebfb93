import type { ExpressionBuilder, Expression, SqlBool } from 'kysely';
import { sql, type RawBuilder } from 'kysely';
import type { DB, ElevatorTable } from '../../server/db/schema.ts';
import type { Scope } from '../auth/principal.ts';

/**
 * The one place a registry Scope becomes SQL. Every list, read and write of elevators goes through it,
 * so a maintenance company can never reach another company's elevators by any route.
 */
export function scopeWhere(eb: ExpressionBuilder<DB & { e: ElevatorTable }, 'e'>, scope: Scope): Expression<SqlBool> {
  switch (scope.kind) {
    case 'all':
      return sql<boolean>`true`;
    case 'none':
      return sql<boolean>`false`;
    case 'region': {
      const inRegion = prefixRange(eb, 'e.region_code', scope.prefix);
      return scope.placeType ? eb.and([inRegion, eb('e.place_type', '=', scope.placeType)]) : inRegion;
    }
    case 'org':
      return eb(`e.${scope.column}`, '=', scope.orgId);
    case 'insurer':
      return insuredBy(scope);
  }
}

/**
 * An insurer's elevators: a policy of its own, not cancelled, whose period contains `asOf`. Lapsed or future
 * policies do not open an elevator; the policy's own (elevator_id, ends_on) index answers it.
 */
function insuredBy(scope: { orgId: number; asOf: string }): RawBuilder<boolean> {
  return sql<boolean>`EXISTS (SELECT 1 FROM insurance_policy ip WHERE ip.elevator_id = e.id AND ip.insurer_org_id = ${scope.orgId}
    AND ip.status = 'active' AND ip.starts_on <= ${scope.asOf} AND ip.ends_on >= ${scope.asOf})`;
}

/** True when facet counts for this scope can come from the pre-aggregated elevator_count table. */
export function scopeUsesCounts(scope: Scope): boolean {
  return scope.kind === 'all' || scope.kind === 'region';
}

/** Escapes LIKE wildcards in user text. */
export function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * `column` starts with `prefix`, as a btree range (>= prefix and < prefix + '~'). Codes here are digits and
 * capitals, all below '~' in the C collation. Unlike LIKE with a bound parameter, a range uses the index in every
 * plan, generic or custom, on both engines.
 */
export function prefixRange(
  eb: ExpressionBuilder<DB & { e: ElevatorTable }, 'e'>,
  column: 'e.region_code' | 'e.registration_code' | 'e.equipment_code',
  prefix: string,
): Expression<SqlBool> {
  return eb.and([eb(column, '>=', prefix), eb(column, '<', `${prefix}~`)]);
}

/** The scope as a raw SQL condition on an elevator row aliased `e`, for other modules' joins to the registry. */
export function scopeSql(scope: Scope): RawBuilder<boolean> {
  switch (scope.kind) {
    case 'all':
      return sql<boolean>`true`;
    case 'none':
      return sql<boolean>`false`;
    case 'region': {
      const range = sql<boolean>`(e.region_code >= ${scope.prefix} AND e.region_code < ${`${scope.prefix}~`})`;
      return scope.placeType ? sql<boolean>`(${range} AND e.place_type = ${scope.placeType})` : range;
    }
    case 'org':
      return sql<boolean>`${sql.ref(`e.${scope.column}`)} = ${scope.orgId}`;
    case 'insurer':
      return insuredBy(scope);
  }
}

/** What scoping needs to know of one elevator, for checks made in memory (live feeds). */
export interface ElevatorScopeFacts {
  regionCode: string;
  placeType: string;
  useUnitId: number | null;
  maintenanceOrgId: number | null;
  manufacturerOrgId: number | null;
}

const ORG_FACT = { use_unit_id: 'useUnitId', maintenance_org_id: 'maintenanceOrgId', manufacturer_org_id: 'manufacturerOrgId' } as const;

/** The same rule as scopeWhere, for one elevator already in memory. */
export function scopeAllows(scope: Scope, e: ElevatorScopeFacts): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'none':
      return false;
    case 'region':
      return e.regionCode.startsWith(scope.prefix) && (!scope.placeType || e.placeType === scope.placeType);
    case 'org':
      return e[ORG_FACT[scope.column]] === scope.orgId;
    case 'insurer':
      // Policies are not among the facts in memory; insurers hold no live-feed permission (iot.read) either.
      return false;
  }
}
