import { sql, type Kysely, type RawBuilder, type Updateable } from 'kysely';
import type { DB } from '../../server/db/schema.ts';
import type { RenovationProjectTable } from '../../server/db/tables/renovation.ts';
import { AppError } from '../../server/http/errors.ts';
import type { Scope } from '../auth/principal.ts';
import { scopeSql } from '../elevators/elevators.scope.ts';
import type { Kind, Source, Status, SubsidyStatus } from './renovation.domain.ts';

/** One project row with the names the views need. */
export interface ProjectRow {
  id: number;
  kind: Kind;
  status: Status;
  subsidy_status: SubsidyStatus;
  title: string;
  region_code: string;
  use_unit_id: number | null;
  use_unit_name: string | null;
  compound: string | null;
  owner_org_id: number;
  owner_name: string;
  plan: string;
  budget: number;
  vote_required: boolean;
  vote: unknown;
  subsidy_requested: number | null;
  subsidy_approved: number | null;
  subsidy_disbursed: number;
  installer_name: string | null;
  installer_credit_code: string | null;
  construction_started_on: string | null;
  accepted_on: string | null;
  elevator_count: number;
  version: number;
  created_at: Date;
  updated_at: Date;
}

/**
 * Who sees a project: its own organisation (the one running it), and everyone whose registry scope covers one of its
 * elevators — a use unit its elevators', a maintenance company those it maintains, a region its region's. Out of
 * scope is a 404.
 */
export function projectScopeSql(scope: Scope, orgId: number): RawBuilder<boolean> {
  return sql<boolean>`(p.owner_org_id = ${orgId} OR EXISTS (SELECT 1 FROM renovation_project_elevator pe JOIN elevator e ON e.id = pe.elevator_id
    WHERE pe.project_id = p.id AND ${scopeSql(scope)}))`;
}

const COLUMNS = sql`p.id, p.kind, p.status, p.subsidy_status, p.title, p.region_code, p.use_unit_id, u.name AS use_unit_name, p.compound,
  p.owner_org_id, o.name AS owner_name, p.plan, p.budget, p.vote_required, p.vote, p.subsidy_requested, p.subsidy_approved,
  p.subsidy_disbursed, p.installer_name, p.installer_credit_code, p.construction_started_on, p.accepted_on,
  (SELECT count(*)::int FROM renovation_project_elevator c WHERE c.project_id = p.id) AS elevator_count, p.version, p.created_at, p.updated_at`;
const FROM = sql`FROM renovation_project p JOIN organization o ON o.id = p.owner_org_id LEFT JOIN organization u ON u.id = p.use_unit_id`;

export async function listProjects(db: Kysely<DB>, conds: RawBuilder<boolean>[], page: number, pageSize: number) {
  const where = sql.join(conds, sql` AND `);
  const [rows, count] = await Promise.all([
    sql<ProjectRow>`SELECT ${COLUMNS} ${FROM} WHERE ${where} ORDER BY p.updated_at DESC, p.id DESC LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`.execute(db),
    sql<{ n: number }>`SELECT count(*)::int AS n FROM renovation_project p WHERE ${where}`.execute(db),
  ]);
  return { rows: rows.rows, total: count.rows[0]?.n ?? 0 };
}

export async function loadProject(db: Kysely<DB>, scope: RawBuilder<boolean>, id: number): Promise<ProjectRow> {
  const { rows } = await sql<ProjectRow>`SELECT ${COLUMNS} ${FROM} WHERE p.id = ${id} AND ${scope}`.execute(db);
  if (!rows[0]) throw new AppError('RENOVATION_PROJECT_NOT_FOUND');
  return rows[0];
}

export interface ProjectElevatorRow {
  elevator_id: number;
  registration_code: string;
  address: string;
  place_name: string | null;
  place_type: string;
  region_code: string;
  use_unit_id: number | null;
  model: string | null;
  factory_no: string | null;
  manufacture_date: string | null;
  ascending_overspeed_protection: boolean | null;
  registry_change: Record<string, unknown> | null;
  registry_updated_at: Date | null;
}

export async function elevatorsOf(db: Kysely<DB>, projectId: number): Promise<ProjectElevatorRow[]> {
  const { rows } = await sql<ProjectElevatorRow>`
    SELECT e.id AS elevator_id, e.registration_code, e.address, e.place_name, e.place_type, e.region_code, e.use_unit_id, e.model, e.factory_no,
           e.manufacture_date, e.ascending_overspeed_protection, pe.registry_change, pe.registry_updated_at
      FROM renovation_project_elevator pe JOIN elevator e ON e.id = pe.elevator_id WHERE pe.project_id = ${projectId} ORDER BY e.registration_code`.execute(db);
  return rows;
}

export async function fundingOf(db: Kysely<DB>, projectId: number) {
  const rows = await db.selectFrom('renovation_funding').select(['source', 'amount', 'note']).where('project_id', '=', projectId).execute();
  const order = ['maintenance_fund', 'subsidy', 'public_income', 'insurance', 'owners'];
  return rows.map((r) => ({ source: r.source as Source, amount: Number(r.amount), note: r.note })).sort((a, b) => order.indexOf(a.source) - order.indexOf(b.source));
}

export async function subsidiesOf(db: Kysely<DB>, projectId: number) {
  return db
    .selectFrom('renovation_subsidy as s')
    .leftJoin('app_user as u', 'u.id', 's.decided_by')
    .leftJoin('organization as o', 'o.id', 's.decided_org_id')
    .select(['s.id', 's.requested', 's.status', 's.approved', 's.note', 's.reason', 's.applied_at', 's.decided_at', 'u.display_name', 'o.name as org_name'])
    .where('s.project_id', '=', projectId)
    .orderBy('s.id')
    .execute();
}

export async function disbursementsOf(db: Kysely<DB>, projectId: number) {
  return db.selectFrom('renovation_disbursement').select(['id', 'subsidy_id', 'amount', 'paid_on', 'voucher_no', 'created_at']).where('project_id', '=', projectId).orderBy('id').execute();
}

export async function eventsOf(db: Kysely<DB>, projectId: number) {
  return db.selectFrom('renovation_event').selectAll().where('project_id', '=', projectId).orderBy('id').execute();
}

export async function hazardsOf(db: Kysely<DB>, projectId: number) {
  return db
    .selectFrom('hazard as h')
    .innerJoin('elevator as e', 'e.id', 'h.elevator_id')
    .select(['h.id', 'e.registration_code', 'h.item', 'h.severity', 'h.remedy', 'h.status'])
    .where('h.project_id', '=', projectId)
    .orderBy('h.id')
    .execute();
}

/** Elevators of these ids already in a project that is neither closed nor cancelled. */
export async function openProjectsOf(db: Kysely<DB>, elevatorIds: number[], exceptProject?: number) {
  if (!elevatorIds.length) return [];
  return db
    .selectFrom('renovation_project_elevator as pe')
    .innerJoin('renovation_project as p', 'p.id', 'pe.project_id')
    .innerJoin('elevator as e', 'e.id', 'pe.elevator_id')
    .select(['e.registration_code', 'p.id as project_id'])
    .where('pe.elevator_id', 'in', elevatorIds)
    .where('p.status', 'not in', ['closed', 'cancelled'])
    .$if(exceptProject !== undefined, (q) => q.where('p.id', '<>', exceptProject!))
    .execute();
}

export interface EventInput {
  projectId: number;
  action: string;
  from?: string | null;
  to?: string | null;
  note?: string | null;
  actorName: string;
  orgName: string | null;
  at: Date;
}

export async function insertEvent(trx: Kysely<DB>, e: EventInput): Promise<void> {
  await trx
    .insertInto('renovation_event')
    .values({ project_id: e.projectId, action: e.action, from_status: e.from ?? null, to_status: e.to ?? null, note: e.note ?? null, actor_name: e.actorName, org_name: e.orgName, at: e.at })
    .execute();
}

/** Writes a project only if it still has the version the change was decided on (two people, one project). */
export async function writeProject(trx: Kysely<DB>, id: number, version: number, at: Date, set: Record<string, unknown>): Promise<void> {
  const r = await trx
    .updateTable('renovation_project')
    .set({ ...(set as Updateable<RenovationProjectTable>), updated_at: at, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  if (!Number(r.numUpdatedRows)) throw new AppError('VERSION_CONFLICT');
}

/** The region's rule values (most specific prefix wins), like region-settings.ts for the other modules. */
export async function ruleSettings(db: Kysely<DB>, regionCode: string): Promise<Map<string, number>> {
  const prefixes = ['', regionCode.slice(0, 2), regionCode.slice(0, 4), regionCode];
  const rows = await db.selectFrom('renovation_rule_setting').select(['region_prefix', 'key', 'value']).where('region_prefix', 'in', prefixes).execute();
  rows.sort((a, b) => a.region_prefix.length - b.region_prefix.length);
  return new Map(rows.map((r) => [r.key, Number(r.value)]));
}
