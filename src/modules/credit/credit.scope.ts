import { sql, type RawBuilder } from 'kysely';
import type { AppContext } from '../../server/context.ts';
import { AppError } from '../../server/http/errors.ts';
import { can, type Principal } from '../auth/principal.ts';

/**
 * Whose credit files a caller sees (SQL on an organisation row aliased `o`):
 * - the platform administrator: every file;
 * - a regulator (credit.read): organisations active in its region — registered there (organisation region), or using,
 *   maintaining or having made an elevator there, or with an inspection report on one there, or with a credit event
 *   recorded there;
 * - any other organisation (credit.own): its own file only;
 * - nobody else. A file outside the scope is a 404, never a 403.
 */
export type CreditScope = { kind: 'all' } | { kind: 'region'; prefix: string } | { kind: 'own'; orgId: number } | { kind: 'none' };

export function creditScope(ctx: AppContext, p: Principal): CreditScope {
  if (p.orgType === 'platform' && p.roles.includes('admin')) return { kind: 'all' };
  if (can(p, 'credit.read') && (p.orgType === 'regulator' || p.orgType === 'platform')) return { kind: 'region', prefix: ctx.regions.prefix(p.regionCode) };
  if (can(p, 'credit.own')) return { kind: 'own', orgId: p.orgId };
  return { kind: 'none' };
}

const range = (col: RawBuilder<unknown>, prefix: string) => sql<boolean>`(${col} >= ${prefix} AND ${col} < ${`${prefix}~`})`;

/** Organisations active in a region (prefix of GB/T 2260 codes). */
export function activeInRegion(prefix: string): RawBuilder<boolean> {
  if (!prefix) return sql<boolean>`true`;
  const e = sql`e.region_code`;
  return sql<boolean>`(${range(sql`o.region_code`, prefix)}
    OR EXISTS (SELECT 1 FROM elevator e WHERE e.use_unit_id = o.id AND ${range(e, prefix)})
    OR EXISTS (SELECT 1 FROM elevator e WHERE e.maintenance_org_id = o.id AND ${range(e, prefix)})
    OR EXISTS (SELECT 1 FROM elevator e WHERE e.manufacturer_org_id = o.id AND ${range(e, prefix)})
    OR EXISTS (SELECT 1 FROM inspection_report r WHERE r.agency_org_id = o.id AND ${range(sql`r.region_code`, prefix)})
    OR EXISTS (SELECT 1 FROM credit_event ce WHERE ce.org_id = o.id AND ${range(sql`ce.region_code`, prefix)}))`;
}

export function creditScopeSql(scope: CreditScope): RawBuilder<boolean> {
  switch (scope.kind) {
    case 'all':
      return sql<boolean>`true`;
    case 'none':
      return sql<boolean>`false`;
    case 'own':
      return sql<boolean>`o.id = ${scope.orgId}`;
    case 'region':
      return activeInRegion(scope.prefix);
  }
}

/** The region prefix a regulator's list is narrowed to (its own, or a region inside it). */
export function listPrefix(ctx: AppContext, scope: CreditScope, regionCode?: string): string {
  const own = scope.kind === 'region' ? scope.prefix : '';
  if (!regionCode) return own;
  const wanted = ctx.regions.prefix(regionCode);
  if (!wanted.startsWith(own)) throw new AppError('REGION_OUT_OF_SCOPE');
  return wanted;
}
