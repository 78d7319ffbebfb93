import type { ExpressionBuilder, Expression, SqlBool } from 'kysely';
import { sql } from 'kysely';
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
  }
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
