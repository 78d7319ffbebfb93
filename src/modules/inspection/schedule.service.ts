import { sql, type Kysely } from 'kysely';
import type { PGlite } from '@electric-sql/pglite';
import type { AppContext } from '../../server/context.ts';
import type { DB } from '../../server/db/schema.ts';
import { shanghaiDate } from '../../server/clock.ts';
import { copyIn } from './due-copy.ts';
import { batchSelect, readBatchLite, type Fact, type StoredRow } from './due-batch.ts';
import { computeSchedule, type InspectionFact, type Postponement, type Schedule } from './schedule.ts';

/**
 * The schedule of every elevator, kept in `inspection_due` so overdue lists and counts are index reads. Recomputed
 * for one elevator when a report or a status change arrives, for a region when a postponement is declared, and for
 * all (`recomputeAll`) in batches (due-batch.ts): read facts, compute in memory (schedule.ts), write with one
 * statement per batch (COPY on PGlite).
 */
export async function postponementsFor(db: Kysely<DB>): Promise<(Postponement & { prefix: string })[]> {
  const rows = await db.selectFrom('inspection_postponement').select(['region_prefix', 'date_from', 'date_to', 'days']).execute();
  return rows.map((r) => ({ prefix: r.region_prefix, from: r.date_from, to: r.date_to, days: r.days }));
}

const GONE = new Set(['SCRAPPED', 'CANCELLED', 'UNREGISTERED']);

function scheduleOf(e: Fact, reports: InspectionFact[], changes: { to: string; on: string }[], postponements: (Postponement & { prefix: string })[], today: string, terse = false): Schedule {
  if (GONE.has(e.status)) return { nextDueDate: null, nextType: null, overdueDays: 0, year: null, baseline: e.acceptance_date ?? e.commissioning_date, reason: '已报废、注销或未登记，不在检验计划内' };
  const stops: { from: string; to: string | null }[] = [];
  let open: string | null = null;
  for (const c of changes) {
    if (c.to === 'STOPPED' && !open) open = c.on;
    else if (c.to === 'IN_USE' && open) {
      stops.push({ from: open, to: c.on });
      open = null;
    }
  }
  if (e.status === 'STOPPED') stops.push({ from: open ?? (e.status_changed_at ? shanghaiDate(e.status_changed_at) : today), to: null });
  return computeSchedule({
    baseline: e.acceptance_date ?? e.commissioning_date,
    reports,
    stops,
    postponements: postponements.length ? postponements.filter((p) => e.region_code.startsWith(p.prefix)) : undefined,
    today,
    terse,
  });
}

interface DueRow {
  id: number;
  region_code: string;
  s: Schedule;
}

/** Facts, reports and status history of a set of elevators, and their schedules computed. */
/** Reports packed by SQL into one string per elevator (bulk reads): `YYYYMMDD` + type + conclusion + kind, comma-separated. */
const TYPE_OF: Record<string, InspectionFact['type']> = { a: 'acceptance', p: 'periodic', s: 'self_test', r: 'reinspection' };
const CONCLUSION_OF: Record<string, InspectionFact['conclusion']> = { P: 'pass', Q: 'pass_after_reinspection', F: 'fail', G: 'fail_after_reinspection', N: 'pending' };
const KIND_OF: Record<string, InspectionFact['supervisoryKind']> = { i: 'installation', m: 'modernisation', j: 'major_repair', '-': undefined };
const PACK = sql<string>`string_agg(to_char(r.date, 'YYYYMMDD')
    || CASE r.type WHEN 'acceptance' THEN 'a' WHEN 'periodic' THEN 'p' WHEN 'self_test' THEN 's' ELSE 'r' END
    || CASE r.conclusion WHEN 'pass' THEN 'P' WHEN 'pass_after_reinspection' THEN 'Q' WHEN 'fail' THEN 'F' WHEN 'fail_after_reinspection' THEN 'G' ELSE 'N' END
    || CASE r.supervisory_kind WHEN 'installation' THEN 'i' WHEN 'modernisation' THEN 'm' WHEN 'major_repair' THEN 'j' ELSE '-' END, ',' ORDER BY r.date, r.id)`;
export const PACKED_REPORTS = sql<string | null>`(SELECT ${PACK} FROM inspection_report r WHERE r.elevator_id = e.id)`;

export function unpackReports(packed: string): InspectionFact[] {
  return packed.split(',').map((x) => ({
    date: `${x.slice(0, 4)}-${x.slice(4, 6)}-${x.slice(6, 8)}`,
    type: TYPE_OF[x[8]!]!,
    conclusion: CONCLUSION_OF[x[9]!]!,
    supervisoryKind: KIND_OF[x[10]!],
  }));
}

async function computeFor(
  db: Kysely<DB>,
  today: string,
  facts: (Fact & { reps?: string | null })[],
  pp: (Postponement & { prefix: string })[],
  tm: Record<string, number> = {},
  terse = false,
  /** The batch's reports, already read (bulk reads on PGlite). */
  readReports?: Map<number, InspectionFact[]>,
): Promise<DueRow[]> {
  if (!facts.length) return [];
  const ids = facts.map((f) => f.id);
  const lo = ids[0]!;
  const hi = ids[ids.length - 1]!;
  // By id range when the batch is a range (recomputeAll): one index range scan instead of a lookup per id.
  const contiguous = hi - lo + 1 === ids.length;
  const idCond = contiguous ? sql`BETWEEN ${lo} AND ${hi}` : sql`= ANY (${ids}::bigint[])`;
  let t0 = performance.now();
  const packed = readReports !== undefined || facts[0]!.reps !== undefined;
  const [reports, changes] = await Promise.all([
    packed
      ? { rows: [] }
      : sql<{ elevator_id: number; date: string; type: InspectionFact['type']; conclusion: InspectionFact['conclusion']; supervisory_kind: InspectionFact['supervisoryKind'] | null }>`
          SELECT elevator_id, date, type, conclusion, supervisory_kind FROM inspection_report WHERE elevator_id ${idCond} ORDER BY date, id`.execute(db),
    // Only elevators that were ever stopped have stops to consider.
    sql<{ elevator_id: number; to_status: string; effective_on: string }>`
      SELECT s.elevator_id, s.to_status, s.effective_on FROM elevator_status_change s
       WHERE s.elevator_id ${idCond} AND s.to_status IN ('STOPPED', 'IN_USE')
         AND EXISTS (SELECT 1 FROM elevator_status_change x WHERE x.elevator_id = s.elevator_id AND x.to_status = 'STOPPED')
       ORDER BY s.id`.execute(db),
  ]);
  tm.readReports = (tm.readReports ?? 0) + performance.now() - t0;
  t0 = performance.now();
  const reportsOf = readReports ?? new Map<number, InspectionFact[]>();
  if (packed && !readReports) for (const f of facts) if (f.reps) reportsOf.set(f.id, unpackReports(f.reps));
  for (const r of reports.rows) {
    const list = reportsOf.get(r.elevator_id) ?? [];
    list.push({ date: r.date, type: r.type, conclusion: r.conclusion, supervisoryKind: r.supervisory_kind ?? undefined });
    reportsOf.set(r.elevator_id, list);
  }
  const changesOf = new Map<number, { to: string; on: string }[]>();
  for (const c of changes.rows) {
    const list = changesOf.get(c.elevator_id) ?? [];
    list.push({ to: c.to_status, on: c.effective_on });
    changesOf.set(c.elevator_id, list);
  }
  const out = facts.map((e) => ({ id: e.id, region_code: e.region_code, s: scheduleOf(e, reportsOf.get(e.id) ?? [], changesOf.get(e.id) ?? [], pp, today, terse) }));
  tm.compute = (tm.compute ?? 0) + performance.now() - t0;
  return out;
}

// The stop time matters only while stopped (and costs a Date per row to read).
const FACT_COLUMNS = sql`e.id, e.region_code, e.status, CASE WHEN e.status = 'STOPPED' THEN e.status_changed_at END AS status_changed_at, e.acceptance_date, e.commissioning_date`;

async function upsertDue(db: Kysely<DB>, rows: DueRow[]): Promise<void> {
  if (!rows.length) return;
  await sql`INSERT INTO inspection_due (elevator_id, region_code, next_due_date, next_type, year)
    SELECT * FROM unnest(${rows.map((r) => r.id)}::bigint[], ${rows.map((r) => r.region_code)}::text[], ${rows.map((r) => r.s.nextDueDate)}::date[],
                         ${rows.map((r) => r.s.nextType)}::text[], ${rows.map((r) => r.s.year)}::smallint[])
    ON CONFLICT (elevator_id) DO UPDATE SET region_code = excluded.region_code, next_due_date = excluded.next_due_date, next_type = excluded.next_type, year = excluded.year`.execute(db);
}

/** Recomputes and stores the schedule of these elevators (inside the caller's transaction when given one). */
export async function recompute(db: Kysely<DB>, today: string, ids: number[], postponements?: (Postponement & { prefix: string })[]): Promise<Map<number, Schedule>> {
  if (!ids.length) return new Map();
  const pp = postponements ?? (await postponementsFor(db));
  const facts = await sql<Fact>`SELECT ${FACT_COLUMNS} FROM elevator e WHERE e.id = ANY (${ids}::bigint[]) ORDER BY e.id`.execute(db);
  const rows = await computeFor(db, today, facts.rows, pp);
  await upsertDue(db, rows);
  return new Map(rows.map((r) => [r.id, r.s]));
}

/** inspection_due's secondary indexes, as migration 0006 creates them (inspection.test.ts compares the two). */
const DUE_INDEXES = [
  sql`CREATE INDEX IF NOT EXISTS inspection_due_region_idx ON inspection_due (region_code, next_due_date)`,
  sql`CREATE INDEX IF NOT EXISTS inspection_due_date_idx ON inspection_due (next_due_date)`,
];

/**
 * Builds the indexes and the foreign key a first full computation dropped (at start-up too: a crash may have left
 * them dropped), as migration 0006 defines them. The key comes back without blocking the registry: added NOT VALID
 * (new rows are checked and elevator deletions cascade from then on), then validated in one scan; should that find
 * rows of elevators deleted while the key was away, they are removed and the key validated again. A first fill
 * derived its rows from elevator, but in batches committed one by one (the registry stays writable), so an elevator
 * deleted between two batches leaves a row: the validation is what proves there is none, and is not skipped.
 */
export async function ensureDueIndexes(db: Kysely<DB>): Promise<void> {
  for (const q of DUE_INDEXES) await q.execute(db);
  const { rows } = await sql<{ convalidated: boolean }>`SELECT convalidated FROM pg_constraint WHERE conrelid = 'inspection_due'::regclass AND conname = 'inspection_due_elevator_id_fkey'`.execute(db);
  if (rows[0]?.convalidated) return;
  if (!rows.length) {
    try {
      await sql`ALTER TABLE inspection_due ADD CONSTRAINT inspection_due_elevator_id_fkey FOREIGN KEY (elevator_id) REFERENCES elevator (id) ON DELETE CASCADE NOT VALID`.execute(db);
    } catch (err) {
      if ((err as { code?: string }).code !== '42710') throw err; // another node starting put it back first
    }
  }
  const validate = sql`ALTER TABLE inspection_due VALIDATE CONSTRAINT inspection_due_elevator_id_fkey`;
  try {
    await validate.execute(db);
  } catch (err) {
    if ((err as { code?: string }).code !== '23503') throw err;
    await sql`DELETE FROM inspection_due d WHERE NOT EXISTS (SELECT 1 FROM elevator e WHERE e.id = d.elevator_id)`.execute(db);
    await validate.execute(db);
  }
}

type RecomputeOptions = { regionPrefix?: string; onProgress?: (done: number) => void; timings?: Record<string, number>; onlyPastDue?: boolean };
type BatchOptions = RecomputeOptions & { firstFill?: boolean };

/**
 * Every elevator (or those in a region, or those past due). The first full computation fills an empty table: its
 * secondary indexes and its foreign key to elevator are dropped and rebuilt once at the end (PostgreSQL's advice
 * for populating a table) instead of maintained row by row — the key's check locks each elevator row it
 * references (FOR KEY SHARE), which rewrote the whole registry's pages and was most of the writing time.
 */
export async function recomputeAll(ctx: AppContext, opts: RecomputeOptions = {}): Promise<number> {
  const { db } = ctx.store;
  const firstFill = !opts.regionPrefix && !opts.onlyPastDue && !(await db.selectFrom('inspection_due').select('elevator_id').limit(1).executeTakeFirst());
  if (!firstFill) return recomputeInBatches(ctx, opts);
  await sql`DROP INDEX IF EXISTS inspection_due_region_idx, inspection_due_date_idx`.execute(db);
  await sql`ALTER TABLE inspection_due DROP CONSTRAINT IF EXISTS inspection_due_elevator_id_fkey`.execute(db);
  try {
    return await recomputeInBatches(ctx, { ...opts, firstFill: true });
  } finally {
    const t0 = performance.now();
    await ensureDueIndexes(db);
    if (opts.timings) opts.timings.indexes = (opts.timings.indexes ?? 0) + performance.now() - t0;
  }
}

/**
 * In id batches: facts and the stored schedule read together, schedules
 * computed, and only what changed written — new rows inserted, changed ones updated. Returns counts.
 */
async function recomputeInBatches(ctx: AppContext, opts: BatchOptions): Promise<number> {
  const tm = opts.timings ?? {};
  const lap = (k: string, t0: number) => (tm[k] = (tm[k] ?? 0) + performance.now() - t0);
  const { db } = ctx.store;
  const today = shanghaiDate(ctx.clock.now());
  const pp = await postponementsFor(db);
  const prefix = opts.regionPrefix ?? '';
  // COPY inlines its values: only a region code of digits (every code is) takes that way.
  const lite = /^\d*$/.test(prefix) ? ctx.store.lite : undefined;
  const regionCond = prefix ? sql`AND e.region_code >= ${prefix} AND e.region_code < ${`${prefix}~`}` : sql``;
  // The daily run: a schedule changes by itself only once its due date has passed (a later due date may then become
  // the obligation); every other change (a report, a status, a postponement) recomputes its elevators at once.
  const dueCond = opts.onlyPastDue ? sql`AND d.next_due_date < ${today}` : sql``;
  let after = 0;
  let done = 0;
  // One batch: read, compute, write. On PGlite all in one transaction, which holds the engine's one connection
  // while COPY runs on it directly.
  const batch = async (trx: Kysely<DB>): Promise<number> => {
    let t0 = performance.now();
    let rows: StoredRow[];
    let reports: Map<number, InspectionFact[]> | undefined;
    if (lite) ({ rows, reports } = await readBatchLite(trx, lite, after, prefix, opts.onlyPastDue ? today : null, !opts.firstFill));
    else rows = (await batchSelect(sql`${FACT_COLUMNS}, ${PACKED_REPORTS} AS reps`, after, regionCond, dueCond, !opts.firstFill).execute(trx)).rows as StoredRow[];
    lap('readFacts', t0);
    if (!rows.length) return 0;
    const computed = await computeFor(trx, today, rows, pp, tm, true, reports);
    const fresh: DueRow[] = [];
    const changed: DueRow[] = [];
    for (let i = 0; i < computed.length; i++) {
      const c = computed[i]!;
      const old = rows[i]!;
      if (old.d_id === null) fresh.push(c);
      else if (old.d_due !== c.s.nextDueDate || old.d_type !== c.s.nextType || old.d_year !== c.s.year || old.d_region !== c.region_code) changed.push(c);
    }
    t0 = performance.now();
    const write = async (w: Kysely<DB>) => {
      if (fresh.length) await insertFresh(w, lite, fresh);
      await upsertDue(w, changed);
    };
    if (lite) await write(trx);
    else await trx.transaction().execute(write);
    lap('write', t0);
    after = rows[rows.length - 1]!.id;
    return rows.length;
  };
  for (;;) {
    const n = lite ? await db.transaction().execute(batch) : await batch(db);
    if (!n) break;
    done += n;
    opts.onProgress?.(done);
    await new Promise((r) => setImmediate(r));
  }
  return done;
}

/**
 * Rows read as absent are inserted plainly (no speculative insertion per row; on PGlite with COPY); one scheduled
 * meanwhile by a report or the minute's work fails the statement, and the batch goes again keeping what is there.
 */
async function insertFresh(trx: Kysely<DB>, lite: PGlite | undefined, fresh: DueRow[]): Promise<void> {
  const insert = sql`INSERT INTO inspection_due (elevator_id, region_code, next_due_date, next_type, year)
    SELECT * FROM unnest(${fresh.map((r) => r.id)}::bigint[], ${fresh.map((r) => r.region_code)}::text[], ${fresh.map((r) => r.s.nextDueDate)}::date[],
                         ${fresh.map((r) => r.s.nextType)}::text[], ${fresh.map((r) => r.s.year)}::smallint[])`;
  await sql`SAVEPOINT fresh_due`.execute(trx);
  try {
    if (lite) await copyIn(lite, 'inspection_due', ['elevator_id', 'region_code', 'next_due_date', 'next_type', 'year'], fresh.map((r) => [r.id, r.region_code, r.s.nextDueDate, r.s.nextType, r.s.year]));
    else await sql`${insert}`.execute(trx);
    await sql`RELEASE SAVEPOINT fresh_due`.execute(trx);
  } catch (err) {
    if ((err as { code?: string }).code !== '23505') throw err;
    await sql`ROLLBACK TO SAVEPOINT fresh_due`.execute(trx);
    await sql`${insert} ON CONFLICT (elevator_id) DO NOTHING`.execute(trx);
  }
}

/** One elevator's schedule computed now (with its reason), from the store's facts. */
export async function scheduleFor(db: Kysely<DB>, elevatorId: number, today: string): Promise<Schedule | undefined> {
  const facts = await sql<Fact>`SELECT ${FACT_COLUMNS} FROM elevator e WHERE e.id = ${elevatorId}`.execute(db);
  if (!facts.rows.length) return undefined;
  return (await computeFor(db, today, facts.rows, await postponementsFor(db)))[0]!.s;
}

/** The elevator's inspection block (GET /api/elevators/:code): next due, type, overdue days, last report. */
export async function inspectionSummary(db: Kysely<DB>, elevatorId: number, today: string) {
  const [due, last] = await Promise.all([
    scheduleFor(db, elevatorId, today),
    db
      .selectFrom('inspection_report as r')
      .innerJoin('organization as o', 'o.id', 'r.agency_org_id')
      .select(['r.id', 'r.report_no', 'r.type', 'r.date', 'r.conclusion', 'o.name as agency'])
      .where('r.elevator_id', '=', elevatorId)
      .where('r.conclusion', '<>', 'pending')
      .orderBy('r.date', 'desc')
      .orderBy('r.id', 'desc')
      .limit(1)
      .executeTakeFirst(),
  ]);
  return {
    nextDueDate: due?.nextDueDate ?? null,
    nextType: due?.nextType ?? null,
    overdueDays: due?.overdueDays ?? 0,
    reason: due?.reason ?? '尚未排定检验计划',
    lastReport: last ? { id: last.id, reportNo: last.report_no, type: last.type, date: last.date, conclusion: last.conclusion, agency: last.agency } : null,
  };
}

export async function inspectionSummaryByCode(db: Kysely<DB>, registrationCode: string, today: string) {
  const e = await db.selectFrom('elevator').select('id').where('registration_code', '=', registrationCode).executeTakeFirst();
  return e ? inspectionSummary(db, e.id, today) : null;
}
