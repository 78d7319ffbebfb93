import { sql, type Kysely } from 'kysely';
import { shanghaiDate } from '../../server/clock.ts';
import type { DB } from '../../server/db/schema.ts';
import { DEFAULT_MODEL, type RiskModelParams } from './risk.domain.ts';

/**
 * Computes risk scores set-based in SQL: one statement per slice of elevator ids reads every input (IoT alarms,
 * 96333 incidents, the latest inspection conclusion, open hazards, the maintenance clock and flags), turns each into
 * its factor's points with the model's parameters, and upserts the rows whose inputs or model changed. The formula is
 * the one documented in risk.domain.ts; risk.test.ts checks it against hand-computed elevators.
 */
export interface ActiveModel {
  version: number;
  params: RiskModelParams;
}

/** The newest model; version 1 (the defaults) is written on first use. */
export async function activeModel(db: Kysely<DB>): Promise<ActiveModel> {
  const row = await db.selectFrom('risk_model').select(['version', 'params']).orderBy('version', 'desc').limit(1).executeTakeFirst();
  if (row) return { version: row.version, params: row.params as RiskModelParams };
  await db.insertInto('risk_model').values({ version: 1, params: JSON.stringify(DEFAULT_MODEL), note: '默认模型' }).onConflict((oc) => oc.doNothing()).execute();
  return { version: 1, params: DEFAULT_MODEL };
}

/** Elevators that carry a score: in use or stopped (scrapped and cancelled ones drop out). */
const SCORED = sql`e.status IN ('IN_USE', 'STOPPED', 'UNREGISTERED')`;

/**
 * Scores the elevators with ids in [fromId, toId) (or the given ids). Returns how many rows were written (new or
 * changed). `now` decides the 12-month windows and ages.
 */
export async function scoreSlice(db: Kysely<DB>, model: ActiveModel, now: Date, range: { fromId: number; toId: number } | { ids: number[] }): Promise<number> {
  const m = model.params;
  const w = m.weights;
  const s = m.scales;
  const cv = m.conclusionValues;
  const today = shanghaiDate(now);
  const yearAgo = new Date(now.getTime() - 365 * 86_400_000);
  const inRange = (col: string) =>
    'ids' in range ? sql`${sql.ref(col)} = ANY(${range.ids}::bigint[])` : sql`${sql.ref(col)} >= ${range.fromId} AND ${sql.ref(col)} < ${range.toId}`;
  const catCodes = Object.keys(m.categoryFactors);
  const placeCodes = Object.keys(m.placeFactors);
  const placeOther = m.placeFactors.OTHER ?? 0.5;
  const stmt = sql`
    WITH target AS (
      SELECT e.id, e.region_code, e.category_code, e.place_type, COALESCE(e.commissioning_date, e.registration_date, e.manufacture_date) AS since
        FROM elevator e WHERE ${inRange('e.id')} AND ${SCORED}
    ), faults AS (
      SELECT a.elevator_id, count(*)::int AS n FROM alarm a WHERE ${inRange('a.elevator_id')} AND a.opened_at >= ${yearAgo} GROUP BY a.elevator_id
    ), calls AS (
      SELECT i.elevator_id, count(*) FILTER (WHERE i.type = 'trapped')::int AS trapped, count(*) FILTER (WHERE i.type = 'complaint')::int AS complaints
        FROM incident i WHERE ${inRange('i.elevator_id')} AND i.received_at >= ${yearAgo} AND i.status <> 'cancelled' GROUP BY i.elevator_id
    ), comp AS (
      -- Complaints and reports (投诉举报) found true, besides the complaints 96333 took as calls.
      SELECT cp.elevator_id, count(*)::int AS n FROM complaint cp
       WHERE ${inRange('cp.elevator_id')} AND cp.received_at >= ${yearAgo} AND cp.outcome = 'confirmed' GROUP BY cp.elevator_id
    ), insp AS (
      SELECT DISTINCT ON (r.elevator_id) r.elevator_id, r.conclusion FROM inspection_report r
       WHERE ${inRange('r.elevator_id')} ORDER BY r.elevator_id DESC, r.date DESC
    ), haz AS (
      SELECT h.elevator_id, count(*)::int AS open, count(*) FILTER (WHERE h.severity = 'serious')::int AS serious
        FROM hazard h WHERE ${inRange('h.elevator_id')} AND h.status NOT IN ('verified', 'closed') GROUP BY h.elevator_id
    ), mflags AS (
      SELECT mr.elevator_id, count(*)::int AS n FROM maintenance_flag f JOIN maintenance_record mr ON mr.id = f.record_id
       WHERE ${inRange('mr.elevator_id')} AND f.created_at >= ${yearAgo} AND f.status <> 'dismissed' GROUP BY mr.elevator_id
    ), inputs AS (
      SELECT t.id, t.region_code, t.category_code, t.place_type,
             CASE WHEN t.since IS NULL THEN NULL ELSE round(((${today}::date - t.since) / 365.25)::numeric, 1)::float8 END AS age,
             COALESCE(f.n, 0) AS faults, COALESCE(c.trapped, 0) AS trapped, (COALESCE(c.complaints, 0) + COALESCE(cp.n, 0)) AS complaints,
             i.conclusion, COALESCE(h.open, 0) AS open_defects, COALESCE(h.serious, 0) AS serious,
             GREATEST(0, COALESCE(${today}::date - md.next_due, 0))::int AS overdue, COALESCE(mf.n, 0) AS flags
        FROM target t
        LEFT JOIN faults f ON f.elevator_id = t.id
        LEFT JOIN calls c ON c.elevator_id = t.id
        LEFT JOIN comp cp ON cp.elevator_id = t.id
        LEFT JOIN insp i ON i.elevator_id = t.id
        LEFT JOIN haz h ON h.elevator_id = t.id
        LEFT JOIN (SELECT d.elevator_id, d.next_due FROM maintenance_due d WHERE ${inRange('d.elevator_id')}) md ON md.elevator_id = t.id
        LEFT JOIN mflags mf ON mf.elevator_id = t.id
    ), cat AS (
      SELECT * FROM unnest(${catCodes}::text[], ${catCodes.map((c) => m.categoryFactors[c]!)}::float8[]) AS t(code, v)
    ), place AS (
      SELECT * FROM unnest(${placeCodes}::text[], ${placeCodes.map((c) => m.placeFactors[c]!)}::float8[]) AS t(code, v)
    ), points AS MATERIALIZED (
      -- MATERIALIZED: the array is built once per row (inlined, every reference below would rebuild it).
      SELECT x.*, ARRAY[
        (round(100 * (${w.age}::float8 * COALESCE(LEAST(x.age / ${s.ageYears}::float8, 1), 0.5))) / 100),
        (round(100 * (${w.usage}::float8 * COALESCE(cat.v, ${m.defaultCategoryFactor}::float8) * COALESCE(place.v, ${placeOther}::float8))) / 100),
        (round(100 * (${w.faults}::float8 * LEAST(x.faults / ${s.faults12m}::float8, 1))) / 100),
        (round(100 * (${w.entrapments}::float8 * LEAST(x.trapped / ${s.entrapments12m}::float8, 1))) / 100),
        (round(100 * (${w.inspection}::float8 * CASE x.conclusion WHEN 'pass' THEN ${cv.pass}::float8 WHEN 'pass_after_reinspection' THEN ${cv.pass_after_reinspection}::float8
              WHEN 'pending' THEN ${cv.pending}::float8 WHEN 'fail' THEN ${cv.fail}::float8 WHEN 'fail_after_reinspection' THEN ${cv.fail_after_reinspection}::float8
              ELSE ${cv.none}::float8 END)) / 100),
        (round(100 * (${w.defects}::float8 * LEAST((x.open_defects - x.serious + ${m.seriousDefectWeight}::float8 * x.serious) / ${s.defectPoints}::float8, 1))) / 100),
        (round(100 * (${w.maintenance}::float8 * LEAST(x.overdue / ${s.overdueDays}::float8 + x.flags / ${s.flags12m}::float8, 1))) / 100),
        (round(100 * (${w.complaints}::float8 * LEAST(x.complaints / ${s.complaints12m}::float8, 1))) / 100)
      ] AS c FROM inputs x LEFT JOIN cat ON cat.code = x.category_code LEFT JOIN place ON place.code = x.place_type
    ), scored AS MATERIALIZED (
      SELECT p.*, (p.c[1] + p.c[2] + p.c[3] + p.c[4] + p.c[5] + p.c[6] + p.c[7] + p.c[8]) AS score FROM points p
    )
    INSERT INTO risk_score (elevator_id, region_code, model_version, score, grade, age_years, category_code, place_type, faults_12m, entrapments_12m,
                            last_conclusion, open_defects, serious_defects, maint_overdue_days, maint_flags_12m, complaints_12m, contributions, computed_at)
    SELECT id, region_code, ${model.version}, score::real,
           CASE WHEN score >= ${m.thresholds[2]} THEN 4 WHEN score >= ${m.thresholds[1]} THEN 3 WHEN score >= ${m.thresholds[0]} THEN 2 ELSE 1 END,
           age, category_code, place_type, faults, trapped, conclusion, open_defects, serious, overdue, flags, complaints, c::real[], ${now}
      FROM scored
    ON CONFLICT (elevator_id) DO UPDATE SET
      region_code = EXCLUDED.region_code, model_version = EXCLUDED.model_version, score = EXCLUDED.score, grade = EXCLUDED.grade,
      age_years = EXCLUDED.age_years, category_code = EXCLUDED.category_code, place_type = EXCLUDED.place_type,
      faults_12m = EXCLUDED.faults_12m, entrapments_12m = EXCLUDED.entrapments_12m, last_conclusion = EXCLUDED.last_conclusion,
      open_defects = EXCLUDED.open_defects, serious_defects = EXCLUDED.serious_defects, maint_overdue_days = EXCLUDED.maint_overdue_days,
      maint_flags_12m = EXCLUDED.maint_flags_12m, complaints_12m = EXCLUDED.complaints_12m, contributions = EXCLUDED.contributions,
      computed_at = EXCLUDED.computed_at
    WHERE (risk_score.region_code, risk_score.model_version, risk_score.contributions, risk_score.age_years, risk_score.category_code, risk_score.place_type,
           risk_score.faults_12m, risk_score.entrapments_12m, risk_score.last_conclusion, risk_score.open_defects, risk_score.serious_defects,
           risk_score.maint_overdue_days, risk_score.maint_flags_12m, risk_score.complaints_12m)
      IS DISTINCT FROM
          (EXCLUDED.region_code, EXCLUDED.model_version, EXCLUDED.contributions, EXCLUDED.age_years, EXCLUDED.category_code, EXCLUDED.place_type,
           EXCLUDED.faults_12m, EXCLUDED.entrapments_12m, EXCLUDED.last_conclusion, EXCLUDED.open_defects, EXCLUDED.serious_defects,
           EXCLUDED.maint_overdue_days, EXCLUDED.maint_flags_12m, EXCLUDED.complaints_12m)`;
  // PostgreSQL would JIT-compile this long expression list for every slice, which costs more than it saves
  // (PGlite has no JIT; the setting is accepted and does nothing). Only slices of many ids run in a transaction.
  if ('fromId' in range) await sql`SET LOCAL jit = off`.execute(db);
  const result = await stmt.execute(db);
  // Elevators no longer scored (scrapped, cancelled) lose their score.
  await sql`DELETE FROM risk_score rs USING elevator e WHERE e.id = rs.elevator_id AND ${inRange('rs.elevator_id')} AND NOT (${SCORED})`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

export interface RecomputeProgress {
  done: number;
  total: number;
  written: number;
}

/** Every elevator, in slices of `slice` ids, each slice its own transaction; progress after each. */
export async function recomputeAll(
  db: Kysely<DB>,
  now: Date,
  opts: { slice?: number; onProgress?: (p: RecomputeProgress) => Promise<void> | void } = {},
): Promise<RecomputeProgress & { modelVersion: number }> {
  const model = await activeModel(db);
  const bounds = await db.selectFrom('elevator').select((eb) => [eb.fn.min('id').as('lo'), eb.fn.max('id').as('hi'), eb.fn.countAll<number>().as('n')]).executeTakeFirstOrThrow();
  const slice = opts.slice ?? 100_000;
  const lo = Number(bounds.lo ?? 0);
  const hi = Number(bounds.hi ?? -1);
  const progress: RecomputeProgress = { done: 0, total: Number(bounds.n), written: 0 };
  for (let from = lo; from <= hi; from += slice) {
    const to = Math.min(from + slice, hi + 1);
    progress.written += await db.transaction().execute((trx) => scoreSlice(trx, model, now, { fromId: from, toId: to }));
    progress.done = Math.round((progress.total * (to - lo)) / (hi + 1 - lo)); // ids are roughly dense
    await opts.onProgress?.({ ...progress });
  }
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('risk_grade_count').execute();
    await sql`INSERT INTO risk_grade_count (region_code, place_type, grade, n) SELECT region_code, place_type, grade, count(*)::int FROM risk_score GROUP BY 1, 2, 3`.execute(trx);
  });
  return { ...progress, done: progress.total, modelVersion: model.version };
}
