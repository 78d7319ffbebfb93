import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../server/db/schema.ts';
import type { ComplaintTable } from '../../server/db/tables/complaints.ts';
import type { Insertable } from 'kysely';
import type { Category, Channel, Status } from './complaints.domain.ts';

/** All SQL of the complaints module. Reads are scoped by the caller's condition on the complaint row `c`. */

/** Advisory lock class for intake on one elevator (repeat linking must see the report taken just before). */
const INTAKE_LOCK = 0x4c53_0802; // 'LS' 08 02

export interface ComplaintRow {
  id: number;
  tracking_code: string;
  channel: Channel;
  category: Category;
  description: string;
  elevator_id: number | null;
  registration_code: string | null;
  elevator_address: string | null;
  code_given: string | null;
  address: string | null;
  region_code: string;
  regulator_org_id: number | null;
  regulator_name: string | null;
  use_unit_id: number | null;
  use_unit_name: string | null;
  maintenance_org_id: number | null;
  maintenance_name: string | null;
  responsible_org_id: number | null;
  responsible_name: string | null;
  anonymous: boolean;
  reporter_name: string | null;
  reporter_contact: string | null;
  status: Status;
  outcome: 'confirmed' | 'unfounded' | null;
  outcome_text: string | null;
  received_at: Date;
  ack_due_at: Date;
  outcome_due_at: Date;
  extended_at: Date | null;
  acknowledged_at: Date | null;
  decided_at: Date | null;
  closed_at: Date | null;
  linked_to_id: number | null;
  repeats: number;
  hazard_id: number | null;
  version: number;
  reward_decision: 'granted' | 'refused' | null;
  reward_amount: number | null;
  reward_note: string | null;
  approver_name: string | null;
  reward_decided_at: Date | null;
  paid_amount: number | null;
  paid_on: string | null;
  pay_method: 'bank' | 'cash' | 'other' | null;
  pay_reference: string | null;
  paid_at: Date | null;
}

const FROM = sql`FROM complaint c
  LEFT JOIN elevator e ON e.id = c.elevator_id
  LEFT JOIN organization rg ON rg.id = c.regulator_org_id
  LEFT JOIN organization uu ON uu.id = c.use_unit_id
  LEFT JOIN organization mo ON mo.id = c.maintenance_org_id
  LEFT JOIN organization ro ON ro.id = c.responsible_org_id
  LEFT JOIN complaint_reward rw ON rw.complaint_id = c.id`;

const COLUMNS = sql`c.id, c.tracking_code, c.channel, c.category, c.description, c.elevator_id, e.registration_code, e.address AS elevator_address,
  c.code_given, c.address, c.region_code, c.regulator_org_id, rg.name AS regulator_name, c.use_unit_id, uu.name AS use_unit_name,
  c.maintenance_org_id, mo.name AS maintenance_name, c.responsible_org_id, ro.name AS responsible_name, c.anonymous, c.reporter_name,
  c.reporter_contact, c.status, c.outcome, c.outcome_text, c.received_at, c.ack_due_at, c.outcome_due_at, c.extended_at,
  c.acknowledged_at, c.decided_at, c.closed_at, c.linked_to_id, c.hazard_id, c.version,
  (SELECT count(*)::int FROM complaint l WHERE l.linked_to_id = COALESCE(c.linked_to_id, c.id) AND l.id <> c.id)
    + CASE WHEN c.linked_to_id IS NULL THEN 0 ELSE 1 END AS repeats,
  rw.decision AS reward_decision, rw.amount AS reward_amount, rw.note AS reward_note, rw.approver_name, rw.decided_at AS reward_decided_at,
  rw.paid_amount, rw.paid_on, rw.pay_method, rw.pay_reference, rw.paid_at`;

/** Late now: the acknowledgement or the outcome past due while the complaint is open. */
export function overdueSql(now: Date): RawBuilder<boolean> {
  return sql<boolean>`(c.status IN ('received', 'acknowledged', 'investigating') AND (c.outcome_due_at < ${now} OR (c.acknowledged_at IS NULL AND c.ack_due_at < ${now})))`;
}

export async function list(db: Kysely<DB>, where: RawBuilder<boolean>, page: { limit: number; offset: number }): Promise<{ rows: ComplaintRow[]; total: number }> {
  const [rows, count] = await Promise.all([
    sql<ComplaintRow>`SELECT ${COLUMNS} ${FROM} WHERE ${where} ORDER BY c.received_at DESC, c.id DESC LIMIT ${page.limit} OFFSET ${page.offset}`.execute(db),
    sql<{ n: number }>`SELECT count(*)::int AS n ${FROM} WHERE ${where}`.execute(db),
  ]);
  return { rows: rows.rows, total: count.rows[0]?.n ?? 0 };
}

export async function getById(db: Kysely<DB>, id: number, scope: RawBuilder<boolean>, opts: { forUpdate?: boolean } = {}): Promise<ComplaintRow | undefined> {
  if (opts.forUpdate) await sql`SELECT 1 FROM complaint WHERE id = ${id} FOR UPDATE`.execute(db);
  const { rows } = await sql<ComplaintRow>`SELECT ${COLUMNS} ${FROM} WHERE c.id = ${id} AND ${scope}`.execute(db);
  return rows[0];
}

export async function getByTrackingCode(db: Kysely<DB>, code: string): Promise<ComplaintRow | undefined> {
  const { rows } = await sql<ComplaintRow>`SELECT ${COLUMNS} ${FROM} WHERE c.tracking_code = ${code}`.execute(db);
  return rows[0];
}

/** The elevator a code names (注册代码 or 救援识别码), optionally within a registry scope condition on `e`. */
export async function elevatorByCode(db: Kysely<DB>, code: string, scope: RawBuilder<boolean> = sql<boolean>`true`) {
  const { rows } = await sql<{ id: number; region_code: string; use_unit_id: number | null; maintenance_org_id: number | null; registration_code: string }>`
    SELECT e.id, e.region_code, e.use_unit_id, e.maintenance_org_id, e.registration_code FROM elevator e
     WHERE (e.registration_code = ${code} OR e.rescue_code = ${code}) AND ${scope} LIMIT 1`.execute(db);
  return rows[0];
}

/**
 * The regulator a region's complaints go to: the county's market regulator when it has one on the platform, else the
 * city's, else the province's (lowest id when a level has several).
 */
export async function regulatorFor(db: Kysely<DB>, candidates: string[]): Promise<{ id: number; name: string } | undefined> {
  if (!candidates.length) return undefined;
  const rows = await db
    .selectFrom('organization')
    .select(['id', 'name', 'region_code'])
    .where('type', '=', 'regulator')
    .where('active', '=', true)
    .where('region_code', 'in', candidates)
    .orderBy('id')
    .execute();
  for (const code of candidates) {
    const hit = rows.find((r) => r.region_code === code);
    if (hit) return { id: hit.id, name: hit.name };
  }
  return undefined;
}

/** Serialises intake per elevator inside the caller's transaction. */
export async function lockElevator(trx: Kysely<DB>, elevatorId: number): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${INTAKE_LOCK}, ${elevatorId}::int)`.execute(trx);
}

export async function earlierOnElevator(trx: Kysely<DB>, elevatorId: number) {
  return trx
    .selectFrom('complaint')
    .select(['id', 'status', 'received_at', 'linked_to_id'])
    .where('elevator_id', '=', elevatorId)
    .orderBy('received_at')
    .orderBy('id')
    .limit(500)
    .execute();
}

/** Public reports on one elevator since a time (a flood guard that holds across nodes). */
export async function publicCountSince(db: Kysely<DB>, elevatorId: number, since: Date): Promise<number> {
  const r = await db
    .selectFrom('complaint')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('elevator_id', '=', elevatorId)
    .where('channel', '=', 'public')
    .where('received_at', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function insert(trx: Kysely<DB>, row: Insertable<ComplaintTable>): Promise<number> {
  const r = await trx.insertInto('complaint').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function trackingCodeTaken(trx: Kysely<DB>, code: string): Promise<boolean> {
  return !!(await trx.selectFrom('complaint').select('id').where('tracking_code', '=', code).executeTakeFirst());
}

export async function addEvent(
  trx: Kysely<DB>,
  e: { complaintId: number; at: Date; action: string; actorId: number | null; actorName: string; orgId: number | null; note?: string | null; data?: unknown },
): Promise<void> {
  await trx
    .insertInto('complaint_event')
    .values({ complaint_id: e.complaintId, at: e.at, action: e.action, actor_id: e.actorId, actor_name: e.actorName, org_id: e.orgId, note: e.note ?? null, data: e.data === undefined ? null : JSON.stringify(e.data) })
    .execute();
}

export async function events(db: Kysely<DB>, id: number) {
  return db.selectFrom('complaint_event').select(['id', 'at', 'action', 'actor_name', 'note', 'data']).where('complaint_id', '=', id).orderBy('id').execute();
}

export async function evidence(db: Kysely<DB>, id: number) {
  return db.selectFrom('complaint_evidence').selectAll().where('complaint_id', '=', id).orderBy('id').execute();
}

/** The other reports of the chain this one belongs to (its first report and every repeat of it). */
export async function chain(db: Kysely<DB>, c: { id: number; linked_to_id: number | null }) {
  const root = c.linked_to_id ?? c.id;
  return db
    .selectFrom('complaint')
    .select(['id', 'tracking_code', 'status', 'received_at'])
    .where((eb) => eb.or([eb('id', '=', root), eb('linked_to_id', '=', root)]))
    .where('id', '<>', c.id)
    .orderBy('received_at')
    .orderBy('id') // reports taken in the same instant keep their order
    .limit(200)
    .execute();
}

/** Writes a change if the row still has the version it was decided on; false when someone else changed it first. */
export async function update(trx: Kysely<DB>, id: number, version: number, set: Partial<Record<keyof ComplaintTable, unknown>>): Promise<boolean> {
  const r = await trx
    .updateTable('complaint')
    .set({ ...(set as object), version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function summary(db: Kysely<DB>, where: RawBuilder<boolean>, now: Date) {
  const [totals, byCategory] = await Promise.all([
    sql<{ total: number; open: number; overdue: number; confirmed: number; unfounded: number }>`
      SELECT count(*)::int AS total,
             count(*) FILTER (WHERE c.status IN ('received', 'acknowledged', 'investigating'))::int AS open,
             count(*) FILTER (WHERE ${overdueSql(now)})::int AS overdue,
             count(*) FILTER (WHERE c.outcome = 'confirmed')::int AS confirmed,
             count(*) FILTER (WHERE c.outcome = 'unfounded')::int AS unfounded
        FROM complaint c WHERE ${where}`.execute(db),
    sql<{ category: Category; total: number; open: number }>`
      SELECT c.category, count(*)::int AS total, count(*) FILTER (WHERE c.status IN ('received', 'acknowledged', 'investigating'))::int AS open
        FROM complaint c WHERE ${where} GROUP BY c.category ORDER BY c.category`.execute(db),
  ]);
  return { ...totals.rows[0]!, byCategory: byCategory.rows };
}
