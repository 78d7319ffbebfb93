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
      const inRegion = eb('e.region_code', 'like', `${scope.prefix}%`);
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
