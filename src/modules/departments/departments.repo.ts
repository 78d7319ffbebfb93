import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../server/db/schema.ts';
import { projectScopeSql as addonScopeSql, type ProjectScope } from '../addon/addon.repo.ts';

/** Aggregates the department dashboards need that no module's summary gives: funding by source and subsidy state. */

const within = (column: string, prefix: string): RawBuilder<boolean> =>
  prefix ? sql<boolean>`(${sql.ref(column)} >= ${prefix} AND ${sql.ref(column)} < ${`${prefix}~`})` : sql<boolean>`true`;

/** Renovation funding plans by source over visible, not cancelled projects (`visible` is the module's own scope). */
export async function renovationFunding(db: Kysely<DB>, visible: RawBuilder<boolean>, prefix: string) {
  const { rows } = await sql<{ source: string; projects: number; amount: number }>`
    SELECT f.source, count(DISTINCT f.project_id)::int AS projects, COALESCE(sum(f.amount), 0)::float8 AS amount
      FROM renovation_funding f JOIN renovation_project p ON p.id = f.project_id
     WHERE ${visible} AND ${within('p.region_code', prefix)} AND p.status <> 'cancelled' AND f.amount > 0 GROUP BY 1`.execute(db);
  return rows;
}

/** Renovation projects by subsidy state (not cancelled). */
export async function renovationSubsidyStates(db: Kysely<DB>, visible: RawBuilder<boolean>, prefix: string) {
  const { rows } = await sql<{ status: string; projects: number }>`
    SELECT p.subsidy_status AS status, count(*)::int AS projects FROM renovation_project p
     WHERE ${visible} AND ${within('p.region_code', prefix)} AND p.status <> 'cancelled' GROUP BY 1`.execute(db);
  return rows;
}

/** Added-elevator projects by subsidy state with the decided amounts (not cancelled). */
export async function addonSubsidyStates(db: Kysely<DB>, scope: ProjectScope, prefix: string) {
  const { rows } = await sql<{ status: string; projects: number; amount: number }>`
    SELECT ap.subsidy_status AS status, count(*)::int AS projects, COALESCE(sum(ap.subsidy_amount), 0)::float8 AS amount
      FROM addon_project ap WHERE ${addonScopeSql(scope)} AND ${within('ap.region_code', prefix)} AND ap.status <> 'cancelled' GROUP BY 1`.execute(db);
  return rows;
}
