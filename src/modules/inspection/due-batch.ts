import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { PGlite } from '@electric-sql/pglite';
import type { DB } from '../../server/db/schema.ts';
import { STATUSES } from '../elevators/elevators.domain.ts';
import { CopyReader, copyOutText, inline } from './due-copy.ts';
import { CONCLUSIONS, REPORT_TYPES, SUPERVISORY_KINDS } from './inspection.domain.ts';
import type { InspectionFact } from './schedule.ts';

/** How many elevators `recomputeAll` reads, computes and writes at a time. */
const BATCH = 50_000;

/** An elevator's facts a schedule is computed from. */
export interface Fact {
  id: number;
  region_code: string;
  status: string;
  status_changed_at: Date | null;
  acceptance_date: string | null;
  commissioning_date: string | null;
}

/** A batch row: the facts and the schedule stored now (d_*). */
export type StoredRow = Fact & { reps?: string | null; d_id: number | null; d_region: string | null; d_due: string | null; d_type: string | null; d_year: number | null };

/**
 * One batch's facts with the stored schedule (and, on PostgreSQL, the packed reports). The first fill (`stored`
 * false) reads no stored schedule: the table was empty, and a row written meanwhile is kept (insertFresh).
 */
export const batchSelect = (columns: RawBuilder<unknown>, after: number, regionCond: RawBuilder<unknown>, dueCond: RawBuilder<unknown>, stored = true) =>
  stored
    ? sql`
  SELECT ${columns}, d.elevator_id AS d_id, d.region_code AS d_region, d.next_due_date AS d_due, d.next_type AS d_type, d.year AS d_year
    FROM elevator e LEFT JOIN inspection_due d ON d.elevator_id = e.id
   WHERE e.id > ${after} ${regionCond} ${dueCond} ORDER BY e.id LIMIT ${BATCH}`
    : sql`
  SELECT ${columns}, NULL::bigint AS d_id, NULL::text AS d_region, NULL::date AS d_due, NULL::text AS d_type, NULL::smallint AS d_year
    FROM elevator e
   WHERE e.id > ${after} ${regionCond} ORDER BY e.id LIMIT ${BATCH}`;

/**
 * PGlite: a batch's facts and reports read with COPY (see due-copy.ts) — the same SELECTs, with their few values
 * inlined (integers and a checked date or region code). Facts carry the stop time as epoch milliseconds.
 */
export async function readBatchLite(trx: Kysely<DB>, lite: PGlite, after: number, prefix: string, dueBefore: string | null, stored = true): Promise<{ rows: StoredRow[]; reports: Map<number, InspectionFact[]> }> {
  const regionCond = prefix ? sql.raw(`AND e.region_code >= '${prefix}' AND e.region_code < '${prefix}~'`) : sql``;
  const dueCond = dueBefore ? sql.raw(`AND d.next_due_date < '${dueBefore}'`) : sql``;
  const columns = sql`e.id, e.region_code, e.status, CASE WHEN e.status = 'STOPPED' THEN (extract(epoch FROM e.status_changed_at) * 1000)::bigint END, e.acceptance_date, e.commissioning_date`;
  const select = inline(batchSelect(columns, after, regionCond, dueCond, stored).compile(trx));
  // The reports' sort (below) spills to disk at the default 4 MB of work memory; this batch's transaction only.
  await sql`SET LOCAL work_mem = '64MB'`.execute(trx);
  const rows: StoredRow[] = [];
  for (const f = new CopyReader(await copyOutText(lite, select)); f.more; ) {
    const id = f.int()!;
    const region_code = f.str()!;
    const status = f.oneOf(STATUSES)!;
    const stoppedAt = f.int();
    rows.push({
      id,
      region_code,
      status,
      status_changed_at: stoppedAt === null ? null : new Date(stoppedAt),
      acceptance_date: f.str(),
      commissioning_date: f.str(),
      d_id: f.int(),
      d_region: f.str(),
      d_due: f.str(),
      d_type: f.oneOf(TYPES),
      d_year: f.int(),
    });
  }
  const reports = new Map<number, InspectionFact[]>();
  if (!rows.length) return { rows, reports };
  const lo = rows[0]!.id;
  const hi = rows[rows.length - 1]!.id;
  const idCond = hi - lo + 1 === rows.length ? `BETWEEN ${lo} AND ${hi}` : `= ANY ('{${rows.map((r) => r.id).join(',')}}'::bigint[])`;
  const reps = new CopyReader(await copyOutText(lite, `SELECT elevator_id, date, type, conclusion, supervisory_kind FROM inspection_report WHERE elevator_id ${idCond} ORDER BY elevator_id, date, id`));
  let id = -1;
  let list: InspectionFact[] = [];
  while (reps.more) {
    const eid = reps.int()!;
    if (eid !== id) reports.set((id = eid), (list = []));
    list.push({ date: reps.str()!, type: reps.oneOf(TYPES)!, conclusion: reps.oneOf(CONCLUSIONS)!, supervisoryKind: reps.oneOf(KINDS) ?? undefined });
  }
  return { rows, reports };
}

// The enumerated values read (CopyReader.oneOf returns these strings; the stored next_type is periodic or self_test).
const TYPES: readonly InspectionFact['type'][] = REPORT_TYPES;
const KINDS: readonly NonNullable<InspectionFact['supervisoryKind']>[] = SUPERVISORY_KINDS;
