import { sql, type Kysely } from 'kysely';
import type { DB } from '../../server/db/schema.ts';
import type { ElevatorFields } from './elevator-row.ts';

/** A validated record with its organisations resolved to ids. */
export interface ElevatorWrite extends ElevatorFields {
  useUnitId: number | null;
  maintenanceOrgId: number | null;
  manufacturerOrgId: number | null;
}

export interface UpsertResult {
  id: number;
  registration_code: string;
  inserted: boolean;
}

const COLUMNS: [keyof ElevatorWrite, string, string][] = [
  ['registrationCode', 'registration_code', 'text'],
  ['equipmentCode', 'equipment_code', 'text'],
  ['certificateNo', 'certificate_no', 'text'],
  ['rescueCode', 'rescue_code', 'text'],
  ['categoryCode', 'category_code', 'text'],
  ['regionCode', 'region_code', 'text'],
  ['address', 'address', 'text'],
  ['placeName', 'place_name', 'text'],
  ['placeType', 'place_type', 'text'],
  ['useUnitId', 'use_unit_id', 'int8'],
  ['maintenanceOrgId', 'maintenance_org_id', 'int8'],
  ['maintenancePhone', 'maintenance_phone', 'text'],
  ['manufacturerName', 'manufacturer_name', 'text'],
  ['manufacturerOrgId', 'manufacturer_org_id', 'int8'],
  ['model', 'model', 'text'],
  ['factoryNo', 'factory_no', 'text'],
  ['manufactureDate', 'manufacture_date', 'date'],
  ['commissioningDate', 'commissioning_date', 'date'],
  ['registrationDate', 'registration_date', 'date'],
  ['acceptanceDate', 'acceptance_date', 'date'],
  ['status', 'status', 'text'],
  ['floors', 'floors', 'int2'],
  ['ratedSpeed', 'rated_speed', 'numeric'],
  ['ratedLoad', 'rated_load', 'int4'],
  ['ascendingOverspeedProtection', 'ascending_overspeed_protection', 'bool'],
  ['longitude', 'longitude', 'numeric'],
  ['latitude', 'latitude', 'numeric'],
];
const UPDATABLE = COLUMNS.filter(([, col]) => col !== 'registration_code').map(([, col]) => col);

/**
 * Writes a batch in one statement (unnest of column arrays: ~10× faster than row inserts on PGlite).
 * `known: 'new'` is a plain INSERT for rows the caller found absent: about twice as fast as ON CONFLICT's
 * speculative insertion, and a row inserted meanwhile by someone else fails the batch (the caller then goes row
 * by row). Otherwise an upsert by 注册代码; rows whose values are all unchanged are not touched (no version bump)
 * and are absent from the result. Rescue-code conflicts must already be excluded.
 */
export async function upsertElevators(
  trx: Kysely<DB>,
  rows: ElevatorWrite[],
  meta: { now: Date; importId: string | null; known?: 'new' },
): Promise<UpsertResult[]> {
  if (!rows.length) return [];
  const arrays = COLUMNS.map(([key, , type]) => sql`${rows.map((r) => r[key] ?? null)}::${sql.raw(type)}[]`);
  const cols = COLUMNS.map(([, col]) => col);
  const insert = sql`
    INSERT INTO elevator AS e (${sql.raw(cols.join(', '))}, status_changed_at, last_import_id, created_at, updated_at)
    SELECT t.*, ${meta.now}::timestamptz, ${meta.importId}::text, ${meta.now}::timestamptz, ${meta.now}::timestamptz
      FROM unnest(${sql.join(arrays)}) AS t(${sql.raw(cols.join(', '))})`;
  if (meta.known === 'new') {
    const result = await sql<UpsertResult>`${insert} RETURNING e.id, e.registration_code, true AS inserted`.execute(trx);
    return result.rows;
  }
  const result = await sql<UpsertResult>`${insert}
    ON CONFLICT (registration_code) DO UPDATE SET
      ${sql.raw(UPDATABLE.map((c) => `${c} = excluded.${c}`).join(', '))},
      status_changed_at = CASE WHEN e.status IS DISTINCT FROM excluded.status THEN excluded.status_changed_at ELSE e.status_changed_at END,
      last_import_id = excluded.last_import_id,
      updated_at = excluded.updated_at,
      version = e.version + 1
    WHERE (${sql.raw(UPDATABLE.map((c) => `e.${c}`).join(', '))})
          IS DISTINCT FROM (${sql.raw(UPDATABLE.map((c) => `excluded.${c}`).join(', '))})
    RETURNING e.id, e.registration_code, (e.xmax = 0) AS inserted`.execute(trx);
  return result.rows;
}
