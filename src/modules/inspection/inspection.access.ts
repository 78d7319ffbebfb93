import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { AppContext } from '../../server/context.ts';
import type { DB } from '../../server/db/schema.ts';
import type { Principal } from '../auth/principal.ts';
import { scopeSql } from '../elevators/elevators.scope.ts';
import { scopeOf } from '../elevators/elevators.service.ts';
import { overlay, regionSettings } from '../regions/region-settings.ts';
import { INSPECTION_RULES, type InspectionRules } from './inspection.domain.ts';

/**
 * Who sees which inspection records: an inspection agency sees the reports, defects and plans it made (and the
 * plans addressed to it); everyone else sees those of the elevators in their registry scope (regulators by region,
 * use units and maintenance companies their own elevators). Expressed on rows aliased `r` (with an `agency_org_id`)
 * joined to their elevator `e`.
 */
export function isAgency(p: Principal): boolean {
  return p.orgType === 'inspection';
}

export function recordScopeSql(ctx: AppContext, p: Principal, agencyColumn: RawBuilder<unknown> = sql`r.agency_org_id`): RawBuilder<boolean> {
  if (isAgency(p)) return sql<boolean>`${agencyColumn} = ${p.orgId}`;
  return scopeSql(scopeOf(ctx, p));
}

/** A region filter on a column, inside what the scope allows (the scope SQL is applied as well). */
export function regionFilter(ctx: AppContext, column: RawBuilder<unknown>, regionCode?: string): RawBuilder<boolean> {
  if (!regionCode) return sql<boolean>`true`;
  const prefix = ctx.regions.prefix(regionCode);
  return sql<boolean>`(${column} >= ${prefix} AND ${column} < ${`${prefix}~`})`;
}

/** The check rules for a region: defaults overridden by the most specific region prefix that sets each. */
export async function rulesFor(db: Kysely<DB>, regionCode: string): Promise<InspectionRules> {
  return overlay<InspectionRules>({ ...INSPECTION_RULES }, await regionSettings(db, 'inspection_rule_setting', regionCode));
}
