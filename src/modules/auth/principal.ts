import type { OrgType, Permission } from './roles.ts';
import { permissionsOf } from './roles.ts';

/** The caller of every non-public request, resolved from the bearer token. */
export interface Principal {
  userId: number;
  username: string;
  displayName: string;
  orgId: number;
  orgName: string;
  orgType: OrgType;
  /** The organisation's region: regulators see everything inside it. */
  regionCode: string;
  roles: string[];
  permissions: Set<Permission>;
}

/** The audit actor for work done by the platform itself (seeding, migrations, timers). */
export const SYSTEM_ACTOR = { userId: null, name: 'system', orgId: null } as const;

export function makePrincipal(p: Omit<Principal, 'permissions'>): Principal {
  return { ...p, permissions: permissionsOf(p.roles) };
}

export function can(p: Principal, perm: Permission): boolean {
  return p.permissions.has(perm);
}

/**
 * What part of the registry an organisation sees (design.md "Scope"). Repos turn this into SQL;
 * nothing is filtered after the query.
 */
export type Scope =
  | { kind: 'all' }
  | { kind: 'region'; prefix: string; placeType?: string }
  | { kind: 'org'; column: 'use_unit_id' | 'maintenance_org_id' | 'manufacturer_org_id'; orgId: number }
  /** An insurer: the elevators with a policy of its own in force on `asOf` (YYYY-MM-DD, Asia/Shanghai). */
  | { kind: 'insurer'; orgId: number; asOf: string }
  | { kind: 'none' };

const SECTOR_PLACE: Partial<Record<OrgType, string>> = {
  education: 'SCHOOL',
  housing: 'RESIDENTIAL',
  transport: 'TRANSPORT',
};

/**
 * `today` (YYYY-MM-DD, Asia/Shanghai, from the platform's clock) dates the insurer scope; without it an insurer
 * sees nothing.
 */
export function elevatorScope(p: Principal, regionPrefix: (code: string) => string, today?: string): Scope {
  if (p.roles.includes('admin') && p.orgType === 'platform') return { kind: 'all' };
  switch (p.orgType) {
    case 'platform':
    case 'regulator':
    case 'emergency_center':
    case 'street_office':
    case 'inspection':
    case 'rescue_station':
    case 'fire_service':
    case 'finance':
    case 'financial_regulator':
      return { kind: 'region', prefix: regionPrefix(p.regionCode) };
    case 'education':
    case 'housing':
    case 'transport':
      return { kind: 'region', prefix: regionPrefix(p.regionCode), placeType: SECTOR_PLACE[p.orgType] };
    case 'use_unit':
      return { kind: 'org', column: 'use_unit_id', orgId: p.orgId };
    case 'maintenance':
      return { kind: 'org', column: 'maintenance_org_id', orgId: p.orgId };
    case 'manufacturer':
    case 'installer':
      return { kind: 'org', column: 'manufacturer_org_id', orgId: p.orgId };
    case 'insurer':
      // Insurers see the elevators they insure (a policy of theirs in force), and the risk data of those.
      return today ? { kind: 'insurer', orgId: p.orgId, asOf: today } : { kind: 'none' };
    default:
      return { kind: 'none' };
  }
}
