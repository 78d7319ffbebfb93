import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../server/db/schema.ts';
import type { Scope } from '../auth/principal.ts';
import { scopeSql } from '../elevators/elevators.scope.ts';
import { incidentScopeSql, type IncidentScope } from '../emergency/incident.scope.ts';

/**
 * Counts by child region for the cockpit map, and the inspection schedule's totals. Each reads the narrow table the
 * owning module keeps for its own counts (inspection_due, hazard, risk_grade_count, incident) and applies the scope
 * the way that module's list does, so a region's value equals the total of the list the map links to.
 */

export interface RegionCount {
  /** The child region's prefix: 4 digits (city) or 6 (county). */
  key: string;
  n: number;
}

/** A region range on a column (btree range, as everywhere: see elevators.scope.ts prefixRange). */
const within = (column: string, prefix: string): RawBuilder<boolean> =>
  prefix ? sql<boolean>`(${sql.ref(column)} >= ${prefix} AND ${sql.ref(column)} < ${`${prefix}~`})` : sql<boolean>`true`;

/** Region-wide callers read the row's own region code; others need the registry row for their scope. */
const regionWide = (scope: Scope) => scope.kind === 'all' || (scope.kind === 'region' && !scope.placeType);

/**
 * In-use elevators with a due date and those due within 30 days, under the same conditions as the inspection
 * module's overdue list (only in-use elevators have a due date; region-wide callers read inspection_due alone).
 */
export async function inspectionDue(db: Kysely<DB>, scope: Scope, prefix: string, today: string): Promise<{ scheduled: number; dueIn30Days: number }> {
  const soon = addDays(today, 30);
  const join = regionWide(scope) ? sql`` : sql`JOIN elevator e ON e.id = d.elevator_id AND ${scopeSql(scope)}`;
  const { rows } = await sql<{ scheduled: number; soon: number }>`
    SELECT (count(*) FILTER (WHERE d.next_due_date IS NOT NULL))::int AS scheduled,
           (count(*) FILTER (WHERE d.next_due_date >= ${today} AND d.next_due_date < ${soon}))::int AS soon
      FROM inspection_due d ${join} WHERE ${within('d.region_code', prefix)}`.execute(db);
  return { scheduled: rows[0]?.scheduled ?? 0, dueIn30Days: rows[0]?.soon ?? 0 };
}

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Overdue inspections per child region: the counts of /api/inspection/overdue?regionCode=<child>. */
export async function inspectionOverdueBy(db: Kysely<DB>, scope: Scope, prefix: string, childLen: number, today: string): Promise<RegionCount[]> {
  const join = regionWide(scope) ? sql`` : sql`JOIN elevator e ON e.id = d.elevator_id AND ${scopeSql(scope)}`;
  const { rows } = await sql<RegionCount>`
    SELECT substr(d.region_code, 1, ${childLen}) AS key, count(*)::int AS n
      FROM inspection_due d ${join} WHERE ${within('d.region_code', prefix)} AND d.next_due_date < ${today} GROUP BY 1`.execute(db);
  return rows;
}

/** Open hazards (every status before verified/closed) per child region: /api/hazards?open=true&regionCode=<child>. */
export async function openHazardsBy(db: Kysely<DB>, scope: Scope, prefix: string, childLen: number): Promise<RegionCount[]> {
  const { rows } = await sql<RegionCount>`
    SELECT substr(h.region_code, 1, ${childLen}) AS key, count(*)::int AS n
      FROM hazard h JOIN elevator e ON e.id = h.elevator_id
     WHERE ${scopeSql(scope)} AND ${within('h.region_code', prefix)} AND h.status NOT IN ('verified', 'closed') GROUP BY 1`.execute(db);
  return rows;
}

/** Elevators of a risk grade per child region, from the counts kept at each full recomputation (risk ranking's). */
export async function riskGradeBy(db: Kysely<DB>, scope: Scope, prefix: string, childLen: number, grade: number): Promise<RegionCount[]> {
  const place = scope.kind === 'region' && scope.placeType ? sql`AND c.place_type = ${scope.placeType}` : sql``;
  const { rows } = await sql<RegionCount>`
    SELECT substr(c.region_code, 1, ${childLen}) AS key, sum(c.n)::int AS n
      FROM risk_grade_count c WHERE ${within('c.region_code', prefix)} AND c.grade = ${grade} ${place} GROUP BY 1`.execute(db);
  return rows;
}

/** 96333 incidents received since `since` per child region: /emergency/incidents?from=…&regionCode=<child>. */
export async function incidentsSinceBy(db: Kysely<DB>, scope: IncidentScope, prefix: string, childLen: number, since: Date): Promise<RegionCount[]> {
  const { rows } = await sql<RegionCount>`
    SELECT substr(i.region_code, 1, ${childLen}) AS key, count(*)::int AS n
      FROM incident i WHERE ${incidentScopeSql(scope)} AND ${within('i.region_code', prefix)} AND i.received_at >= ${since} GROUP BY 1`.execute(db);
  return rows;
}
