import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { DB, ElevatorTable } from '../../server/db/schema.ts';
import type { Scope } from '../auth/principal.ts';
import type { Store } from '../../server/db/store.ts';
import { likeEscape, prefixRange, scopeWhere } from './elevators.scope.ts';

/** Filters of the registry list, facets and export, already checked against the caller's scope. */
export interface ElevatorFilter {
  regionPrefix?: string;
  status?: string;
  category?: string;
  placeType?: string;
  useUnitId?: number;
  maintenanceOrgId?: number;
  /** Commissioned on or before this date (minimum age). */
  commissionedBy?: string;
  /** Commissioned after this date (maximum age). */
  commissionedAfter?: string;
  q?: string;
  /** Organisations whose name contains q (resolved first, so the search can OR indexed conditions). */
  qOrgIds?: number[];
}

type ElevatorQuery<O> = SelectQueryBuilder<DB & { e: ElevatorTable }, 'e', O>;

function applyFilter<O>(q: ElevatorQuery<O>, scope: Scope, f: ElevatorFilter): ElevatorQuery<O> {
  q = q.where((eb) => scopeWhere(eb, scope));
  if (f.regionPrefix) q = q.where((eb) => prefixRange(eb, 'e.region_code', f.regionPrefix!));
  if (f.status) q = q.where('e.status', '=', f.status);
  if (f.category) q = q.where('e.category_code', '=', f.category);
  if (f.placeType) q = q.where('e.place_type', '=', f.placeType);
  if (f.useUnitId) q = q.where('e.use_unit_id', '=', f.useUnitId);
  if (f.maintenanceOrgId) q = q.where('e.maintenance_org_id', '=', f.maintenanceOrgId);
  if (f.commissionedBy) q = q.where('e.commissioning_date', '<=', f.commissionedBy);
  if (f.commissionedAfter) q = q.where('e.commissioning_date', '>', f.commissionedAfter);
  if (f.q) q = applySearch(q, f.q, f.qOrgIds ?? []);
  return q;
}

/**
 * Codes match exactly or by prefix (btree); other text matches address and place name by substring
 * (pg_trgm index), or the name of the use unit or maintenance company.
 */
function applySearch<O>(q: ElevatorQuery<O>, raw: string, orgIds: number[]): ElevatorQuery<O> {
  const term = raw.trim();
  if (/^\d{5,7}$/.test(term))
    return q.where((eb) => eb.or([eb('e.rescue_code', '=', term), prefixRange(eb, 'e.registration_code', term)]));
  if (/^\d{8,20}$/.test(term)) return q.where((eb) => prefixRange(eb, 'e.registration_code', term));
  if (/^\d{4}[0-9A-Za-z]{5,14}$/.test(term)) return q.where((eb) => prefixRange(eb, 'e.equipment_code', term.toUpperCase()));
  const like = `%${likeEscape(term)}%`;
  // Plain id lists (not subqueries) let the planner OR three index scans: trigram, use unit, maintenance.
  if (!orgIds.length) return q.where('e.search_text', 'like', like);
  return q.where((eb) => eb.or([eb('e.search_text', 'like', like), eb('e.use_unit_id', 'in', orgIds), eb('e.maintenance_org_id', 'in', orgIds)]));
}

const SORT_COLUMN = {
  registrationCode: 'e.registration_code',
  commissioningDate: 'e.commissioning_date',
  updatedAt: 'e.updated_at',
  regionCode: 'e.region_code',
} as const;

export async function list(
  db: Kysely<DB>,
  scope: Scope,
  f: ElevatorFilter,
  page: { sort: keyof typeof SORT_COLUMN; order: 'asc' | 'desc'; limit: number; offset: number },
) {
  let q = applyFilter(db.selectFrom('elevator as e'), scope, f)
    .leftJoin('organization as u', 'u.id', 'e.use_unit_id')
    .leftJoin('organization as m', 'm.id', 'e.maintenance_org_id')
    .select([
      'e.registration_code',
      'e.rescue_code',
      'e.category_code',
      'e.region_code',
      'e.address',
      'e.place_name',
      'e.place_type',
      'e.status',
      'e.commissioning_date',
      'e.updated_at',
      'u.name as use_unit_name',
      'm.name as maintenance_name',
    ]);
  const col = SORT_COLUMN[page.sort];
  // Within a region, list by county then code: the order of the (region_code, registration_code) index. Ordering
  // by code alone let the planner walk the whole code index looking for one county's rows (seconds at 1M rows),
  // because a county's codes are not spread evenly through it.
  const regional = !!f.regionPrefix || scope.kind === 'region';
  if (col === 'e.registration_code' && regional) q = q.orderBy('e.region_code', page.order);
  q = q.orderBy(col, page.order);
  if (col !== 'e.registration_code') q = q.orderBy('e.registration_code', page.order);
  return q.limit(page.limit).offset(page.offset).execute();
}

/** Rows matching the filter; with `cap`, counting stops after cap + 1 rows (broad text searches). */
export async function count(db: Kysely<DB>, scope: Scope, f: ElevatorFilter, cap?: number): Promise<number> {
  const base = applyFilter(db.selectFrom('elevator as e'), scope, f);
  if (cap === undefined) {
    const r = await base.select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(r.n);
  }
  const r = await db
    .selectFrom(base.select('e.id').limit(cap + 1).as('m'))
    .select(db.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Organisations whose name contains the text (trigram index), at most `limit`. */
export async function orgIdsByName(db: Kysely<DB>, text: string, limit = 500): Promise<number[]> {
  const rows = await db.selectFrom('organization').select('id').where('name', 'like', `%${likeEscape(text)}%`).limit(limit).execute();
  return rows.map((r) => r.id);
}

export interface FacetRow {
  dim: 'city' | 'county' | 'category' | 'status' | 'place' | 'year';
  key: string;
  n: number;
}

/** Facet counts from the trigger-maintained elevator_count table (scope all/region, no text or org filters). */
export async function facetsFromCounts(db: Kysely<DB>, regionPrefix: string, f: ElevatorFilter): Promise<FacetRow[]> {
  const conds = [sql`region_code LIKE ${regionPrefix + '%'}`, sql`n > 0`];
  if (f.status) conds.push(sql`status = ${f.status}`);
  if (f.category) conds.push(sql`category_code = ${f.category}`);
  if (f.placeType) conds.push(sql`place_type = ${f.placeType}`);
  const { rows } = await sql<{ city: string | null; county: string | null; category: string | null; status: string | null; place: string | null; year: number | null; n: number; g: number }>`
    SELECT left(region_code, 4) || '00' AS city, region_code AS county, category_code AS category, status,
           place_type AS place, commissioning_year AS year, sum(n)::bigint AS n,
           GROUPING(left(region_code, 4) || '00', region_code, category_code, status, place_type, commissioning_year) AS g
      FROM elevator_count
     WHERE ${sql.join(conds, sql` AND `)}
     GROUP BY GROUPING SETS ((left(region_code, 4) || '00'), (region_code), (category_code), (status), (place_type), (commissioning_year))`.execute(db);
  return rows.map(toFacetRow);
}

/** The same facets computed from the elevator table (org scopes, text search, age filters). */
export async function facetsFromRows(db: Kysely<DB>, scope: Scope, f: ElevatorFilter): Promise<FacetRow[]> {
  // The filtered ids as a subquery, so the facet SQL reuses exactly the list's WHERE clause.
  const ids = applyFilter(db.selectFrom('elevator as e'), scope, f).select('e.id');
  const { rows } = await sql<{ city: string | null; county: string | null; category: string | null; status: string | null; place: string | null; year: number | null; n: number; g: number }>`
    SELECT left(region_code, 4) || '00' AS city, region_code AS county, category_code AS category, status,
           place_type AS place, coalesce(extract(year FROM commissioning_date)::int, 0) AS year, count(*)::bigint AS n,
           GROUPING(left(region_code, 4) || '00', region_code, category_code, status, place_type,
                    coalesce(extract(year FROM commissioning_date)::int, 0)) AS g
      FROM elevator WHERE id IN (${ids})
     GROUP BY GROUPING SETS ((left(region_code, 4) || '00'), (region_code), (category_code), (status), (place_type),
                             (coalesce(extract(year FROM commissioning_date)::int, 0)))`.execute(db);
  return rows.map(toFacetRow);
}

function toFacetRow(r: { city: string | null; county: string | null; category: string | null; status: string | null; place: string | null; year: number | null; n: number; g: number }): FacetRow {
  // GROUPING() bit order: city 32, county 16, category 8, status 4, place 2, year 1 (0 = the grouped column).
  const g = Number(r.g);
  const n = Number(r.n);
  if (!(g & 32)) return { dim: 'city', key: r.city!, n };
  if (!(g & 16)) return { dim: 'county', key: r.county!, n };
  if (!(g & 8)) return { dim: 'category', key: r.category!, n };
  if (!(g & 4)) return { dim: 'status', key: r.status!, n };
  if (!(g & 2)) return { dim: 'place', key: r.place!, n };
  return { dim: 'year', key: String(r.year), n };
}

/** Total from elevator_count for the same conditions as facetsFromCounts. */
export async function countFromCounts(db: Kysely<DB>, regionPrefix: string, f: ElevatorFilter): Promise<number> {
  let q = db
    .selectFrom('elevator_count')
    .select(sql<number>`coalesce(sum(n), 0)::bigint`.as('n'))
    .where((eb) => eb.and([eb('region_code', '>=', regionPrefix), eb('region_code', '<', `${regionPrefix}~`)]));
  if (f.status) q = q.where('status', '=', f.status);
  if (f.category) q = q.where('category_code', '=', f.category);
  if (f.placeType) q = q.where('place_type', '=', f.placeType);
  const r = await q.executeTakeFirstOrThrow();
  return Number(r.n);
}

function detailQuery(db: Kysely<DB>) {
  return db
    .selectFrom('elevator as e')
    .leftJoin('organization as u', 'u.id', 'e.use_unit_id')
    .leftJoin('organization as m', 'm.id', 'e.maintenance_org_id')
    .leftJoin('inspection_due as d', 'd.elevator_id', 'e.id')
    .selectAll('e')
    .select([
      'u.name as use_unit_name',
      'u.credit_code as use_unit_credit_code',
      'u.hotline as use_unit_hotline',
      'm.name as maintenance_name',
      'm.credit_code as maintenance_credit_code',
      'm.hotline as maintenance_hotline',
      'd.next_due_date as next_inspection_due',
    ])
    // The latest finished inspection report (inspection module), for the public record.
    .select((eb) => [
      eb.selectFrom('inspection_report as r').select('r.date').whereRef('r.elevator_id', '=', 'e.id').where('r.conclusion', '<>', 'pending').orderBy('r.date', 'desc').orderBy('r.id', 'desc').limit(1).as('last_inspection_date'),
      eb.selectFrom('inspection_report as r').select('r.conclusion').whereRef('r.elevator_id', '=', 'e.id').where('r.conclusion', '<>', 'pending').orderBy('r.date', 'desc').orderBy('r.id', 'desc').limit(1).as('last_inspection_conclusion'),
    ]);
}

export type ElevatorDetailRow = NonNullable<Awaited<ReturnType<typeof getByCode>>>;

export async function getByCode(db: Kysely<DB>, scope: Scope, code: string) {
  return detailQuery(db)
    .where((eb) => scopeWhere(eb, scope))
    .where('e.registration_code', '=', code)
    .executeTakeFirst();
}

/** Public lookup: by 注册代码 or 救援识别码, no scope (the presenter limits the fields). */
function publicQuery(db: Kysely<DB>, code: string) {
  const q = detailQuery(db)
    // Maintenance regularity (the maintenance module's clock) and open hazards, counted only: the public sees no details.
    .leftJoin('maintenance_due as md', 'md.elevator_id', 'e.id')
    .select(['md.last_visit as last_maintenance_date', 'md.next_due as maintenance_next_due'])
    .select((eb) => [
      eb.selectFrom('hazard as h').select(sql<number>`count(*)::int`.as('n')).whereRef('h.elevator_id', '=', 'e.id').where('h.status', 'not in', ['verified', 'closed']).as('open_hazards'),
      eb.selectFrom('hazard as h').select(sql<number>`count(*)::int`.as('n')).whereRef('h.elevator_id', '=', 'e.id').where('h.status', 'not in', ['verified', 'closed']).where('h.severity', '=', 'serious').as('open_serious_hazards'),
    ]);
  return code.length === 20 ? q.where('e.registration_code', '=', code) : q.where('e.rescue_code', '=', code);
}

export type PublicElevatorRow = ElevatorDetailRow & { last_maintenance_date: string | null; maintenance_next_due: string | null; open_hazards: number | null; open_serious_hazards: number | null };

/**
 * The public lookup as a named prepared statement: parsed and planned once per connection, which halves its
 * cost on PGlite. It is the hottest read of the platform (every QR scan).
 */
export async function getPublicPrepared(store: Store, code: string): Promise<PublicElevatorRow | undefined> {
  const kind = code.length === 20 ? 'reg' : 'rescue';
  const compiled = publicQuery(store.db, code).compile();
  const { rows } = await store.pool.query({ name: `public_lookup_${kind}`, text: compiled.sql, values: [...compiled.parameters] });
  return rows[0] as PublicElevatorRow | undefined;
}

export async function statusHistory(db: Kysely<DB>, elevatorId: number) {
  return db.selectFrom('elevator_status_change').selectAll().where('elevator_id', '=', elevatorId).orderBy('id').execute();
}

export async function insertStatusChanges(
  db: Kysely<DB>,
  rows: { elevator_id: number; from_status: string | null; to_status: string; reason: string | null; effective_on: string; actor_id: number | null; at: Date }[],
) {
  if (rows.length) await db.insertInto('elevator_status_change').values(rows).execute();
}

/** Which of these rescue codes already belong to another elevator. */
export async function rescueCodeOwners(db: Kysely<DB>, codes: string[]) {
  if (!codes.length) return [];
  return db
    .selectFrom('elevator')
    .select(['rescue_code', 'registration_code'])
    .where('rescue_code', '=', sql<string>`any(${codes}::text[])`)
    .execute();
}

/** Existing rows of a batch, for insert/update classification, status history and audit "before". */
export async function existingByCodes(db: Kysely<DB>, codes: string[]) {
  if (!codes.length) return [];
  return db
    .selectFrom('elevator')
    .select(['id', 'registration_code', 'status', 'region_code'])
    // One array parameter instead of an IN list of 2,000: far less to parse and bind per batch.
    .where('registration_code', '=', sql<string>`any(${codes}::text[])`)
    .execute();
}

/** One page of the filtered registry in code order, for streaming exports (keyset, not offset). */
export async function exportPage(db: Kysely<DB>, scope: Scope, f: ElevatorFilter, afterCode: string, limit: number) {
  return applyFilter(db.selectFrom('elevator as e'), scope, f)
    .leftJoin('organization as u', 'u.id', 'e.use_unit_id')
    .leftJoin('organization as m', 'm.id', 'e.maintenance_org_id')
    .selectAll('e')
    .select(['u.name as use_unit_name', 'u.credit_code as use_unit_credit_code', 'm.name as maintenance_name', 'm.credit_code as maintenance_credit_code'])
    .where('e.registration_code', '>', afterCode)
    .orderBy('e.registration_code')
    .limit(limit)
    .execute();
}
