import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../server/db/schema.ts';
import type { Store } from '../../server/db/store.ts';

/**
 * The SQL of a record upload, in two statements whatever the record holds (it was about twenty round trips): one
 * read of everything the checks need, then one write of the record, its workers, photos, flags, the elevator's
 * maintenance clock and the audit entry. A busy province files ≥ 1.6M records a month (issue 6: ≥ 1,000 records/s on
 * PostgreSQL, ≥ 300/s on PGlite), so round trips — not the checks — set the pace.
 */

/** What the checks of one upload read: the elevator, its company's name, the region's rule values, the workers'
 *  registrations and same-day records, other records naming the photos, and the terminal's view of the visit. */
export interface UploadFacts {
  id: number;
  registration_code: string;
  region_code: string;
  category_code: string;
  maintenance_org_id: number | null;
  latitude: number | null;
  longitude: number | null;
  address: string;
  /** The company the record belongs to (the elevator's, else the filer's). */
  org_name: string | null;
  /** The record's id, drawn before the write so the audit entry and hazards can name it. */
  record_id: number;
  settings: { prefix: string; key: string; value: number }[];
  regs: { orgId: number; orgName: string; certificateNo: string; validTo: string | null; employedFrom: string; employedTo: string | null }[];
  same_day: { certificate_no: string; record_id: number; elevator_id: number; started_at: string; ended_at: string }[];
  reused: { sha256: string; record_id: number }[];
  /** The terminal reported at or after the visit's start (else no IoT cross-check). */
  monitored: boolean;
  /** Mode changes from 30 days before the start to the end (monitored elevators only), oldest first. */
  modes: { at: string; mode: string }[];
  occupancy: { day: string; bits: string }[];
}

export interface UploadReadInput {
  registrationCode: string;
  /** The filer's organisation, for an elevator without a maintenance company. */
  filerOrgId: number;
  certificates: string[];
  photoHashes: string[];
  startedAt: Date;
  endedAt: Date;
  /** The Beijing-time days of the start and the end, and the start day's bounds. */
  day: string;
  endDay: string;
  dayStart: Date;
  dayEnd: Date;
}

/**
 * Runs one of the upload's statements as a named (prepared) statement on the pool: its text never changes, so each
 * connection parses it once instead of on every upload. Inside a transaction the caller's handle runs it plainly.
 *
 * On PGlite the statement runs with a generic plan (plan_cache_mode, for that transaction only). PostgreSQL keeps
 * re-planning a prepared statement whose custom plans look cheaper than its generic one, and planning these
 * statements (a dozen tables and their indexes, each sized by a file system call) cost PGlite's wasm engine more than
 * running them (27 fstat calls per upload, 6 with generic plans). Every lookup here is by key or by an indexed
 * range, so the generic plan is the custom plan without the parameters' values. BEGIN and COMMIT are in-process calls
 * on PGlite; on PostgreSQL they would be two more round trips, so it keeps the plan cache's own choice.
 */
async function run<R>(store: Store, name: string, q: RawBuilder<R>, trx?: Kysely<DB>): Promise<R[]> {
  if (trx) return (await q.execute(trx)).rows;
  const c = q.compile(store.db);
  const query = { name, text: c.sql, values: c.parameters as unknown[] };
  if (store.kind !== 'pglite') return (await store.pool.query(query)).rows as R[];
  const client = await store.pool.connect();
  try {
    await client.query('BEGIN; SET LOCAL plan_cache_mode = force_generic_plan');
    const { rows } = await client.query(query);
    await client.query('COMMIT');
    return rows as R[];
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

export async function readForUpload(store: Store, q: UploadReadInput): Promise<UploadFacts | undefined> {
  const modesFrom = new Date(q.startedAt.getTime() - 30 * 86_400_000);
  const rows = await run(store, 'maintenance_upload_read', sql<UploadFacts>`
    SELECT e.id, e.registration_code, e.region_code, e.category_code, e.maintenance_org_id, e.latitude, e.longitude, e.address,
           o.name AS org_name,
           nextval(pg_get_serial_sequence('maintenance_record', 'id'))::bigint AS record_id,
           coalesce((SELECT json_agg(json_build_object('prefix', s.region_prefix, 'key', s.key, 'value', s.value))
                       FROM maintenance_rule_setting s
                      WHERE s.region_prefix IN ('', left(e.region_code, 2), left(e.region_code, 4), e.region_code)), '[]') AS settings,
           coalesce((SELECT json_agg(json_build_object('orgId', w.org_id, 'orgName', wo.name, 'certificateNo', w.certificate_no, 'validTo', w.valid_to,
                                                       'employedFrom', w.employed_from, 'employedTo', w.employed_to))
                       FROM maintenance_worker w JOIN organization wo ON wo.id = w.org_id
                      WHERE w.certificate_no = ANY(${q.certificates}::text[])), '[]') AS regs,
           coalesce((SELECT json_agg(json_build_object('certificate_no', rw.certificate_no, 'record_id', rw.record_id, 'elevator_id', rw.elevator_id,
                                                       'started_at', rw.started_at, 'ended_at', rw.ended_at))
                       FROM maintenance_record_worker rw
                      WHERE rw.certificate_no = ANY(${q.certificates}::text[]) AND rw.started_at >= ${q.dayStart} AND rw.started_at < ${q.dayEnd}), '[]') AS same_day,
           coalesce((SELECT json_agg(json_build_object('sha256', ph.sha256, 'record_id', ph.record_id))
                       FROM maintenance_photo ph WHERE ph.sha256 = ANY(${q.photoHashes}::text[])), '[]') AS reused,
           coalesce(l.last_seen >= ${q.startedAt}, false) AS monitored,
           CASE WHEN l.last_seen >= ${q.startedAt} THEN
             coalesce((SELECT json_agg(json_build_object('at', m.at, 'mode', m.mode) ORDER BY m.at)
                         FROM elevator_mode_log m WHERE m.elevator_id = e.id AND m.at >= ${modesFrom} AND m.at <= ${q.endedAt}), '[]') ELSE '[]' END AS modes,
           CASE WHEN l.last_seen >= ${q.startedAt} THEN
             coalesce((SELECT json_agg(json_build_object('day', to_char(oc.day, 'YYYY-MM-DD'), 'bits', oc.minutes::text))
                         FROM elevator_occupancy oc WHERE oc.elevator_id = e.id AND oc.day >= ${q.day}::date AND oc.day <= ${q.endDay}::date), '[]') ELSE '[]' END AS occupancy
      FROM elevator e
      LEFT JOIN organization o ON o.id = coalesce(e.maintenance_org_id, ${q.filerOrgId})
      LEFT JOIN elevator_live l ON l.elevator_id = e.id
     WHERE e.registration_code = ${q.registrationCode}`);
  return rows[0];
}

/** Under on-demand maintenance only: is the elevator connected, and was anyone trapped in it in the 90 days before? */
export async function onDemandFacts(db: Kysely<DB>, elevatorId: number, day: string): Promise<{ connected: boolean; trapped: boolean }> {
  const since = new Date(Date.parse(`${day}T00:00:00+08:00`) - 90 * 86_400_000);
  const { rows } = await sql<{ connected: boolean; trapped: boolean }>`
    SELECT EXISTS (SELECT 1 FROM device WHERE elevator_id = ${elevatorId} AND status = 'active') AS connected,
           EXISTS (SELECT 1 FROM incident WHERE elevator_id = ${elevatorId} AND type = 'trapped' AND received_at >= ${since}) AS trapped`.execute(db);
  return rows[0]!;
}

export interface UploadWrite {
  recordId: number;
  elevatorId: number;
  regionCode: string;
  orgId: number;
  cycle: string;
  startedAt: Date;
  endedAt: Date;
  start: { lat: number; lon: number };
  end: { lat: number; lon: number };
  items: unknown[];
  parts: unknown[];
  createdBy: number | null;
  now: Date;
  workers: { certificateNo: string; name: string }[];
  photos: { sha256: string; takenAt: string; itemCode?: string }[];
  flags: { code: string; message: string; evidence: unknown }[];
  /** The Beijing-time day of the visit, and the cycles it covers (the tables are cumulative). */
  day: string;
  covers: { quarter: boolean; halfYear: boolean; year: boolean };
  /** Days to the next half-month visit (15, or the region's on-demand interval). */
  intervalDays: number;
  /** The audit append (audit.appendStatement): chained in the same statement, so it commits with the record. */
  audit: RawBuilder<{ appended: number }>;
}

export interface UploadWritten {
  flags: { id: number; code: string; message: string; evidence: unknown }[];
  due: { last_visit: string | null; last_quarter: string | null; last_half_year: string | null; last_year: string | null };
}

/**
 * Writes an upload in one statement (atomic on its own; inside the caller's transaction when hazards were raised
 * first). The clock moves in place: each covered cycle's last visit becomes the later of the stored one and this
 * visit's day (a late-filed older visit never moves it back), the next half-month due date follows the last visit.
 * Flags already stored for the record with the same code and message are skipped (the table's unique key).
 */
export async function writeUpload(store: Store, w: UploadWrite, trx?: Kysely<DB>): Promise<UploadWritten> {
  const dayOr = (on: boolean) => (on ? w.day : null);
  const rows = await run(store, 'maintenance_upload_write', sql<UploadWritten>`
    WITH rec AS (
      INSERT INTO maintenance_record (id, elevator_id, region_code, org_id, cycle, started_at, ended_at, start_lat, start_lon, end_lat, end_lon, items, parts, created_by, created_at)
      OVERRIDING SYSTEM VALUE
      VALUES (${w.recordId}, ${w.elevatorId}, ${w.regionCode}, ${w.orgId}, ${w.cycle}, ${w.startedAt}, ${w.endedAt}, ${w.start.lat}, ${w.start.lon}, ${w.end.lat}, ${w.end.lon},
              ${JSON.stringify(w.items)}::jsonb, ${JSON.stringify(w.parts)}::jsonb, ${w.createdBy}, ${w.now})
      RETURNING id
    ), wk AS (
      INSERT INTO maintenance_record_worker (record_id, certificate_no, name, elevator_id, started_at, ended_at)
      SELECT rec.id, x.c, x.n, ${w.elevatorId}, ${w.startedAt}, ${w.endedAt} FROM rec, jsonb_to_recordset(${JSON.stringify(w.workers.map((x) => ({ c: x.certificateNo, n: x.name })))}::jsonb) AS x(c text, n text)
    ), ph AS (
      INSERT INTO maintenance_photo (record_id, sha256, taken_at, item_code)
      SELECT rec.id, x.s, x.t, x.i FROM rec, jsonb_to_recordset(${JSON.stringify(w.photos.map((p) => ({ s: p.sha256, t: p.takenAt, i: p.itemCode ?? null })))}::jsonb) AS x(s text, t timestamptz, i text)
    ), fl AS (
      INSERT INTO maintenance_flag (record_id, region_code, org_id, code, message, evidence, created_at)
      SELECT rec.id, ${w.regionCode}, ${w.orgId}, x.c, x.m, x.e, ${w.now} FROM rec, jsonb_to_recordset(${JSON.stringify(w.flags.map((f, i) => ({ c: f.code, m: f.message, e: f.evidence, i })))}::jsonb) AS x(c text, m text, e jsonb, i int)
       ORDER BY x.i
      ON CONFLICT DO NOTHING
      RETURNING id, code, message, evidence
    ), due AS (
      INSERT INTO maintenance_due AS d (elevator_id, region_code, last_visit, last_quarter, last_half_year, last_year, next_due)
      VALUES (${w.elevatorId}, ${w.regionCode}, ${w.day}::date, ${dayOr(w.covers.quarter)}::date, ${dayOr(w.covers.halfYear)}::date, ${dayOr(w.covers.year)}::date, ${w.day}::date + ${w.intervalDays}::int)
      ON CONFLICT (elevator_id) DO UPDATE SET
        region_code = excluded.region_code,
        last_visit = greatest(d.last_visit, excluded.last_visit),
        last_quarter = greatest(d.last_quarter, excluded.last_quarter),
        last_half_year = greatest(d.last_half_year, excluded.last_half_year),
        last_year = greatest(d.last_year, excluded.last_year),
        next_due = greatest(d.last_visit, excluded.last_visit) + ${w.intervalDays}::int
      RETURNING last_visit, last_quarter, last_half_year, last_year
    ), au AS (${w.audit})
    SELECT coalesce((SELECT json_agg(json_build_object('id', fl.id, 'code', fl.code, 'message', fl.message, 'evidence', fl.evidence) ORDER BY fl.id) FROM fl), '[]') AS flags,
           (SELECT json_build_object('last_visit', due.last_visit, 'last_quarter', due.last_quarter, 'last_half_year', due.last_half_year, 'last_year', due.last_year) FROM due) AS due,
           (SELECT appended FROM au) AS appended`, trx);
  return rows[0]!;
}
