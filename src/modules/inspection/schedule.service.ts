import { sql, type Kysely } from 'kysely';
import type { AppContext } from '../../server/context.ts';
import type { DB } from '../../server/db/schema.ts';
import { shanghaiDate } from '../../server/clock.ts';
import { computeSchedule, daysBetween, type InspectionFact, type Postponement, type Schedule } from './schedule.ts';

/**
 * The schedule of every elevator, kept in `inspection_due` so overdue lists and counts are index reads. Recomputed
 * for one elevator when a report or a status change arrives, for a region when a postponement is declared, and for
 * all (`recomputeAll`) in batches: read facts, compute in memory (schedule.ts), write with one statement per batch.
 */
const BATCH = 20_000;

interface Fact {
  id: number;
  region_code: string;
  status: string;
  status_changed_at: Date | null;
  acceptance_date: string | null;
  commissioning_date: string | null;
}

export async function postponementsFor(db: Kysely<DB>): Promise<(Postponement & { prefix: string })[]> {
  const rows = await db.selectFrom('inspection_postponement').select(['region_prefix', 'date_from', 'date_to', 'days']).execute();
  return rows.map((r) => ({ prefix: r.region_prefix, from: r.date_from, to: r.date_to, days: r.days }));
}

const GONE = new Set(['SCRAPPED', 'CANCELLED', 'UNREGISTERED']);

function scheduleOf(e: Fact, reports: InspectionFact[], changes: { to: string; on: string }[], postponements: (Postponement & { prefix: string })[], today: string): Schedule {
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
    postponements: postponements.filter((p) => e.region_code.startsWith(p.prefix)),
    today,
  });
}

/** Recomputes and stores the schedule of these elevators (inside the caller's transaction when given one). */
export async function recompute(db: Kysely<DB>, today: string, ids: number[], postponements?: (Postponement & { prefix: string })[]): Promise<Map<number, Schedule>> {
  const out = new Map<number, Schedule>();
  if (!ids.length) return out;
  const pp = postponements ?? (await postponementsFor(db));
  const [facts, reports, changes] = await Promise.all([
    sql<Fact>`SELECT id, region_code, status, status_changed_at, acceptance_date, commissioning_date FROM elevator WHERE id = ANY (${ids}::bigint[])`.execute(db),
    sql<{ elevator_id: number; date: string; type: InspectionFact['type']; conclusion: InspectionFact['conclusion']; supervisory_kind: InspectionFact['supervisoryKind'] | null }>`
      SELECT elevator_id, date, type, conclusion, supervisory_kind FROM inspection_report WHERE elevator_id = ANY (${ids}::bigint[]) ORDER BY date, id`.execute(db),
    sql<{ elevator_id: number; to_status: string; effective_on: string }>`
      SELECT elevator_id, to_status, effective_on FROM elevator_status_change WHERE elevator_id = ANY (${ids}::bigint[]) ORDER BY id`.execute(db),
  ]);
  const reportsOf = new Map<number, InspectionFact[]>();
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
  const rows = facts.rows.map((e) => {
    const s = scheduleOf(e, reportsOf.get(e.id) ?? [], changesOf.get(e.id) ?? [], pp, today);
    out.set(e.id, s);
    return { e, s };
  });
  await sql`INSERT INTO inspection_due (elevator_id, region_code, next_due_date, next_type, year, baseline, reason, computed_on)
    SELECT * FROM unnest(${rows.map((r) => r.e.id)}::bigint[], ${rows.map((r) => r.e.region_code)}::text[], ${rows.map((r) => r.s.nextDueDate)}::date[],
                         ${rows.map((r) => r.s.nextType)}::text[], ${rows.map((r) => r.s.year)}::smallint[], ${rows.map((r) => r.s.baseline)}::date[],
                         ${rows.map((r) => r.s.reason)}::text[], ${rows.map(() => today)}::date[])
    ON CONFLICT (elevator_id) DO UPDATE SET region_code = excluded.region_code, next_due_date = excluded.next_due_date, next_type = excluded.next_type,
      year = excluded.year, baseline = excluded.baseline, reason = excluded.reason, computed_on = excluded.computed_on`.execute(db);
  return out;
}

/** Every elevator (or those in a region), in batches; reports progress. Returns how many were computed. */
export async function recomputeAll(ctx: AppContext, opts: { regionPrefix?: string; onProgress?: (done: number) => void } = {}): Promise<number> {
  const { db } = ctx.store;
  const today = shanghaiDate(ctx.clock.now());
  const pp = await postponementsFor(db);
  const prefix = opts.regionPrefix ?? '';
  let after = 0;
  let done = 0;
  for (;;) {
    const ids = (
      await sql<{ id: number }>`SELECT id FROM elevator WHERE id > ${after} AND region_code >= ${prefix} AND region_code < ${`${prefix}~`} ORDER BY id LIMIT ${BATCH}`.execute(db)
    ).rows.map((r) => r.id);
    if (!ids.length) break;
    await db.transaction().execute((trx) => recompute(trx, today, ids, pp));
    after = ids[ids.length - 1]!;
    done += ids.length;
    opts.onProgress?.(done);
    await new Promise((r) => setImmediate(r));
  }
  return done;
}

/** The elevator's inspection block (GET /api/elevators/:code): next due, type, overdue days, last report. */
export async function inspectionSummary(db: Kysely<DB>, elevatorId: number, today: string) {
  const [due, last] = await Promise.all([
    db.selectFrom('inspection_due').selectAll().where('elevator_id', '=', elevatorId).executeTakeFirst(),
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
    nextDueDate: due?.next_due_date ?? null,
    nextType: (due?.next_type ?? null) as 'periodic' | 'self_test' | null,
    overdueDays: due?.next_due_date ? Math.max(0, daysBetween(due.next_due_date, today)) : 0,
    reason: due?.reason ?? '尚未排定检验计划',
    lastReport: last ? { id: last.id, reportNo: last.report_no, type: last.type, date: last.date, conclusion: last.conclusion, agency: last.agency } : null,
  };
}

export async function inspectionSummaryByCode(db: Kysely<DB>, registrationCode: string, today: string) {
  const e = await db.selectFrom('elevator').select('id').where('registration_code', '=', registrationCode).executeTakeFirst();
  return e ? inspectionSummary(db, e.id, today) : null;
}
