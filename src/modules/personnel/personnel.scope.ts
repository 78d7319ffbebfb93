import { sql, type RawBuilder } from 'kysely';
import type { AppContext } from '../../server/context.ts';
import type { Principal } from '../auth/principal.ts';
import { elevatorScope } from '../auth/principal.ts';

/**
 * Who sees which people. The platform's admins: everyone. Region-wide organisations (regulators): people employed
 * (now or before) by an organisation of their region. Every other organisation: the people it employs or employed.
 * A person outside is a 404, like an elevator outside the registry scope.
 */
export type PeopleScope = { kind: 'all' } | { kind: 'region'; prefix: string } | { kind: 'org'; orgId: number };

export function peopleScope(ctx: AppContext, p: Principal): PeopleScope {
  const s = elevatorScope(p, (c) => ctx.regions.prefix(c));
  if (s.kind === 'all') return { kind: 'all' };
  if (s.kind === 'region') return { kind: 'region', prefix: s.prefix };
  return { kind: 'org', orgId: p.orgId };
}

/** The scope as SQL on a person row aliased `p`. */
export function personVisible(scope: PeopleScope): RawBuilder<boolean> {
  switch (scope.kind) {
    case 'all':
      return sql<boolean>`true`;
    case 'region':
      return sql<boolean>`EXISTS (SELECT 1 FROM person_employment pe JOIN organization o ON o.id = pe.org_id
        WHERE pe.person_id = p.id AND o.region_code >= ${scope.prefix} AND o.region_code < ${`${scope.prefix}~`})`;
    case 'org':
      return sql<boolean>`EXISTS (SELECT 1 FROM person_employment pe WHERE pe.person_id = p.id AND pe.org_id = ${scope.orgId})`;
  }
}

/** Employment rows shown with a person: an organisation sees only its own; regulators and admins all of them. */
export function employmentVisible(scope: PeopleScope, alias = 'pe'): RawBuilder<boolean> {
  return scope.kind === 'org' ? sql<boolean>`${sql.ref(`${alias}.org_id`)} = ${scope.orgId}` : sql<boolean>`true`;
}

/** A region condition on a text[] of region codes (detections name every region involved). */
export function regionsOverlap(column: string, prefix: string): RawBuilder<boolean> {
  return sql<boolean>`EXISTS (SELECT 1 FROM unnest(${sql.ref(column)}) rc WHERE rc >= ${prefix} AND rc < ${`${prefix}~`})`;
}
