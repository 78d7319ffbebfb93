import { sql, type Kysely } from 'kysely';
import type { DB } from '../../server/db/schema.ts';
import { nearest, type Candidate, type Tier } from './emergency.domain.ts';

/**
 * Who is called out at each tier (domain brief §8): tier 1 the elevator's contracted maintenance company, tier 2
 * the nearest public rescue station, tier 3 the nearest 119 fire service. Candidates come from the province the
 * elevator is in; the choice itself is the pure `nearest`.
 */
export interface ElevatorForDispatch {
  regionCode: string;
  longitude: number | null;
  latitude: number | null;
  maintenanceOrgId: number | null;
  maintenancePhone: string | null;
}

export interface Rescuer {
  orgId: number | null;
  name: string;
  phone: string | null;
  distanceKm: number | null;
}

const TIER_ORG_TYPES: Record<Tier, string[]> = {
  1: ['maintenance'],
  2: ['rescue_station'],
  3: ['fire_service'],
};

/** Organisation types a dispatcher may name for a tier (a city may let tier 2 go to another maintenance company). */
export function orgTypesForTier(tier: Tier): string[] {
  return tier === 2 ? ['rescue_station', 'maintenance'] : TIER_ORG_TYPES[tier];
}

/** The 119 hand-over when no fire service organisation is on the platform: recorded, with the number called. */
export const FIRE_SERVICE_FALLBACK: Rescuer = { orgId: null, name: '119 消防救援', phone: '119', distanceKm: null };

export async function chooseRescuer(db: Kysely<DB>, tier: Tier, e: ElevatorForDispatch): Promise<Rescuer | null> {
  if (tier === 1) {
    if (!e.maintenanceOrgId) return null;
    const org = await db
      .selectFrom('organization')
      .select(['id', 'name', 'hotline', 'contact_phone', 'active'])
      .where('id', '=', e.maintenanceOrgId)
      .executeTakeFirst();
    if (!org || !org.active) return null;
    return { orgId: org.id, name: org.name, phone: e.maintenancePhone ?? org.hotline ?? org.contact_phone, distanceKm: null };
  }
  const rows = await db
    .selectFrom('organization')
    .select(['id', 'name', 'region_code', 'longitude', 'latitude', 'hotline', 'contact_phone'])
    .where('type', 'in', TIER_ORG_TYPES[tier])
    .where('active', '=', true)
    .where(sql<boolean>`region_code >= ${e.regionCode.slice(0, 2)} AND region_code < ${`${e.regionCode.slice(0, 2)}~`}`)
    .execute();
  const candidates: Candidate[] = rows.map((r) => ({ id: r.id, name: r.name, regionCode: r.region_code, lon: r.longitude, lat: r.latitude, phone: r.hotline ?? r.contact_phone }));
  const best = nearest(candidates, { regionCode: e.regionCode, lon: e.longitude, lat: e.latitude });
  if (!best) return tier === 3 ? FIRE_SERVICE_FALLBACK : null;
  return { orgId: best.candidate.id, name: best.candidate.name, phone: best.candidate.phone, distanceKm: best.km === null ? null : Math.round(best.km * 100) / 100 };
}
