import { sql, type Kysely, type RawBuilder, type Selectable } from 'kysely';
import type { DB } from '../../server/db/schema.ts';
import type { AddonProjectTable } from '../../server/db/tables/addon.ts';
import type { Scope } from '../auth/principal.ts';

/**
 * Which projects a caller sees, as SQL on `addon_project ap`: a use unit those it implements; region-wide
 * organisations (street offices, housing and finance departments, regulators) those in their region — every
 * project is residential, so a department's place type does not narrow it; everyone else none.
 */
export type ProjectScope = { kind: 'all' } | { kind: 'region'; prefix: string } | { kind: 'org'; orgId: number } | { kind: 'none' };

export function projectScopeOf(orgType: string, orgId: number, elevatorScope: Scope): ProjectScope {
  if (orgType === 'use_unit') return { kind: 'org', orgId };
  if (elevatorScope.kind === 'all') return { kind: 'all' };
  if (elevatorScope.kind === 'region') return { kind: 'region', prefix: elevatorScope.prefix };
  return { kind: 'none' };
}

export function projectScopeSql(s: ProjectScope): RawBuilder<boolean> {
  switch (s.kind) {
    case 'all':
      return sql<boolean>`true`;
    case 'none':
      return sql<boolean>`false`;
    case 'region':
      return sql<boolean>`(ap.region_code >= ${s.prefix} AND ap.region_code < ${`${s.prefix}~`})`;
    case 'org':
      return sql<boolean>`ap.org_id = ${s.orgId}`;
  }
}

export type ProjectRow = Selectable<AddonProjectTable> & { org_name: string; street_office_name: string | null; registration_code: string | null };

const SELECT = sql`SELECT ap.*, o.name AS org_name, so.name AS street_office_name, e.registration_code
  FROM addon_project ap JOIN organization o ON o.id = ap.org_id
  LEFT JOIN organization so ON so.id = ap.street_office_id LEFT JOIN elevator e ON e.id = ap.elevator_id`;

export async function getProject(db: Kysely<DB>, scope: ProjectScope, id: number, forUpdate = false): Promise<ProjectRow | undefined> {
  const { rows } = await sql<ProjectRow>`${SELECT} WHERE ap.id = ${id} AND ${projectScopeSql(scope)} ${forUpdate ? sql`FOR UPDATE OF ap` : sql``}`.execute(db);
  return rows[0];
}

export interface ProjectFilter {
  prefix?: string;
  status?: string;
  overdueOn?: string;
  q?: string;
}

function where(scope: ProjectScope, f: ProjectFilter) {
  const conds = [projectScopeSql(scope)];
  if (f.prefix) conds.push(sql<boolean>`(ap.region_code >= ${f.prefix} AND ap.region_code < ${`${f.prefix}~`})`);
  if (f.status) conds.push(sql<boolean>`ap.status = ${f.status}`);
  if (f.overdueOn) conds.push(sql<boolean>`(ap.status = 'accepted' AND ap.registration_due_on < ${f.overdueOn})`);
  if (f.q) conds.push(sql<boolean>`(ap.address || ap.building || ap.unit) ILIKE ${`%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
  return sql.join(conds, sql` AND `);
}

export async function listProjects(db: Kysely<DB>, scope: ProjectScope, f: ProjectFilter, page: { limit: number; offset: number }) {
  const w = where(scope, f);
  const [rows, count] = await Promise.all([
    sql<ProjectRow>`${SELECT} WHERE ${w} ORDER BY ap.updated_at DESC, ap.id DESC LIMIT ${page.limit} OFFSET ${page.offset}`.execute(db),
    sql<{ n: number }>`SELECT count(*)::int AS n FROM addon_project ap WHERE ${w}`.execute(db),
  ]);
  return { rows: rows.rows, total: count.rows[0]?.n ?? 0 };
}

export function households(db: Kysely<DB>, projectId: number) {
  return db.selectFrom('addon_household').selectAll().where('project_id', '=', projectId).orderBy('floor').orderBy('room').execute();
}

export function objections(db: Kysely<DB>, projectId: number) {
  return db.selectFrom('addon_objection').selectAll().where('project_id', '=', projectId).orderBy('id').execute();
}

export function events(db: Kysely<DB>, projectId: number) {
  return db.selectFrom('addon_event').selectAll().where('project_id', '=', projectId).orderBy('id').execute();
}

export async function addEvent(db: Kysely<DB>, e: { projectId: number; at: Date; action: string; from?: string | null; to?: string | null; actorId: number | null; actorName: string | null; note?: string | null }) {
  await db
    .insertInto('addon_event')
    .values({ project_id: e.projectId, at: e.at, action: e.action, from_status: e.from ?? null, to_status: e.to ?? null, actor_id: e.actorId, actor_name: e.actorName, note: e.note ?? null })
    .execute();
}

/** Counts by child region (cities of the province, counties of a city) and status, with overdue registrations. */
export async function progress(db: Kysely<DB>, scope: ProjectScope, prefix: string, childLen: number, today: string) {
  const { rows } = await sql<{ code: string; status: string; n: number; overdue: number }>`
    SELECT substr(ap.region_code, 1, ${childLen}) AS code, ap.status, count(*)::int AS n,
           (count(*) FILTER (WHERE ap.status = 'accepted' AND ap.registration_due_on < ${today}))::int AS overdue
      FROM addon_project ap
     WHERE ${projectScopeSql(scope)} AND ap.region_code >= ${prefix} AND ap.region_code < ${`${prefix}~`}
     GROUP BY 1, 2 ORDER BY 1, 2`.execute(db);
  return rows;
}
