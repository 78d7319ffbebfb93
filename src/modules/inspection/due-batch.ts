import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { PGlite } from '@electric-sql/pglite';
import type { DB } from '../../server/db/schema.ts';
import { copyOut, inline } from './due-copy.ts';
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

/** One batch's facts with the stored schedule (and, on PostgreSQL, the packed reports). */
export const batchSelect = (columns: RawBuilder<unknown>, after: number, regionCond: RawBuilder<unknown>, dueCond: RawBuilder<unknown>) => sql`
  SELECT ${columns}, d.elevator_id AS d_id, d.region_code AS d_region, d.next_due_date AS d_due, d.next_type AS d_type, d.year AS d_year
    FROM elevator e LEFT JOIN inspection_due d ON d.elevator_id = e.id
   WHERE e.id > ${after} ${regionCond} ${dueCond} ORDER BY e.id LIMIT ${BATCH}`;

/**
 * PGlite: a batch's facts and reports read with COPY (see due-copy.ts) — the same SELECTs, with their few values
 * inlined (integers and a checked date or region code). Facts carry the stop time as epoch milliseconds.
 */
export async function readBatchLite(trx: Kysely<DB>, lite: PGlite, after: number, prefix: string, dueBefore: string | null): Promise<{ rows: StoredRow[]; reports: Map<number, InspectionFact[]> }> {
  const regionCond = prefix ? sql.raw(`AND e.region_code >= '${prefix}' AND e.region_code < '${prefix}~'`) : sql``;
  const dueCond = dueBefore ? sql.raw(`AND d.next_due_date < '${dueBefore}'`) : sql``;
  const columns = sql`e.id, e.region_code, e.status, CASE WHEN e.status = 'STOPPED' THEN (extract(epoch FROM e.status_changed_at) * 1000)::bigint END, e.acceptance_date, e.commissioning_date`;
  const select = inline(batchSelect(columns, after, regionCond, dueCond).compile(trx));
  const rows: StoredRow[] = (await copyOut(lite, select)).map((f) => ({
    id: Number(f[0]),
    region_code: f[1]!,
    status: f[2]!,
    status_changed_at: f[3] === null ? null : new Date(Number(f[3])),
    acceptance_date: f[4]!,
    commissioning_date: f[5]!,
    d_id: f[6] === null ? null : Number(f[6]),
    d_region: f[7]!,
    d_due: f[8]!,
    d_type: f[9]!,
    d_year: f[10] === null ? null : Number(f[10]),
  }));
  const reports = new Map<number, InspectionFact[]>();
  if (!rows.length) return { rows, reports };
  const lo = rows[0]!.id;
  const hi = rows[rows.length - 1]!.id;
  const idCond = hi - lo + 1 === rows.length ? `BETWEEN ${lo} AND ${hi}` : `= ANY ('{${rows.map((r) => r.id).join(',')}}'::bigint[])`;
  const reps = await copyOut(lite, `SELECT elevator_id, date, type, conclusion, supervisory_kind FROM inspection_report WHERE elevator_id ${idCond} ORDER BY elevator_id, date, id`);
  let id = -1;
  let list: InspectionFact[] = [];
  for (const r of reps) {
    const eid = Number(r[0]);
    if (eid !== id) reports.set((id = eid), (list = []));
    list.push({ date: r[1]!, type: r[2] as InspectionFact['type'], conclusion: r[3] as InspectionFact['conclusion'], supervisoryKind: (r[4] ?? undefined) as InspectionFact['supervisoryKind'] });
  }
  return { rows, reports };
}
