import { sql } from 'kysely';
import type { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import { AppError } from '../../server/http/errors.ts';
import type { Principal } from '../auth/principal.ts';
import { scopeSql } from '../elevators/elevators.scope.ts';
import { scopeOf } from '../elevators/elevators.service.ts';
import { activeModel, scoreSlice } from './risk-compute.ts';
import { FACTORS, OVERSPEED_MADE_BY, TIER15_BEFORE, TIER20_BEFORE, factorInput, tiersOf, type RiskInputs } from './risk.domain.ts';
import type { OldListOut, OldListQuery, OldSummaryOut, RankingOut, RankingQuery, RiskOut } from './risk.schema.ts';

/**
 * Elevators counted as old-elevator stock: in use or stopped (not scrapped, cancelled or unregistered). Literals, not
 * parameters, so the planner sees that a query implies the partial indexes of migration 0008.
 */
const STOCK = sql`e.status IN ('IN_USE', 'STOPPED')`;
const TIER_SQL = {
  '15': sql`e.registration_date < ${sql.lit(TIER15_BEFORE)}`,
  '20': sql`e.registration_date < ${sql.lit(TIER20_BEFORE)}`,
  overspeed: sql`e.manufacture_date <= ${sql.lit(OVERSPEED_MADE_BY)} AND e.ascending_overspeed_protection IS NOT TRUE`,
} as const;

function regionRange(ctx: AppContext, column: ReturnType<typeof sql.ref>, regionCode?: string) {
  if (!regionCode) return sql<boolean>`true`;
  const prefix = ctx.regions.prefix(regionCode);
  return sql<boolean>`${column} >= ${prefix} AND ${column} < ${`${prefix}~`}`;
}

interface ScoreRow {
  score: number;
  grade: number;
  model_version: number;
  computed_at: Date;
  contributions: number[];
  age_years: number | null;
  category_code: string;
  place_type: string;
  faults_12m: number;
  entrapments_12m: number;
  last_conclusion: string | null;
  open_defects: number;
  serious_defects: number;
  maint_overdue_days: number;
  maint_flags_12m: number;
  complaints_12m: number;
}

function explain(r: ScoreRow): RiskOut {
  const inputs: RiskInputs = {
    ageYears: r.age_years,
    categoryCode: r.category_code,
    placeType: r.place_type,
    faults12m: r.faults_12m,
    entrapments12m: r.entrapments_12m,
    lastConclusion: r.last_conclusion,
    openDefects: r.open_defects,
    seriousDefects: r.serious_defects,
    maintOverdueDays: r.maint_overdue_days,
    maintFlags12m: r.maint_flags_12m,
    complaints12m: r.complaints_12m,
  };
  return {
    score: r.score,
    grade: r.grade,
    factors: FACTORS.map((name, i) => ({ name, value: factorInput(name, inputs), contribution: r.contributions[i] ?? 0 })),
    modelVersion: r.model_version,
    computedAt: r.computed_at.toISOString(),
  };
}

/** An elevator's score with each factor's input and points; computed on the spot when it has none yet. */
export async function elevatorRisk(ctx: AppContext, p: Principal, code: string): Promise<RiskOut> {
  const { db } = ctx.store;
  const { rows } = await sql<{ id: number; status: string }>`SELECT e.id, e.status FROM elevator e WHERE e.registration_code = ${code} AND ${scopeSql(scopeOf(ctx, p))}`.execute(db);
  const e = rows[0];
  if (!e) throw new AppError('ELEVATOR_NOT_FOUND');
  const read = () => db.selectFrom('risk_score').selectAll().where('elevator_id', '=', e.id).executeTakeFirst();
  let row = await read();
  if (!row) {
    const model = await activeModel(db);
    await scoreSlice(db, model, ctx.clock.now(), { ids: [e.id] });
    row = await read();
  }
  if (!row) throw new AppError('RISK_NOT_SCORED', { status: e.status });
  return explain(row);
}

/** Fixed interface: the old-elevator list of a tier, oldest (or riskiest) first. */
export async function oldElevators(ctx: AppContext, p: Principal, q: OldListQuery): Promise<z.infer<typeof OldListOut>> {
  const conds = [STOCK, TIER_SQL[q.tier], scopeSql(scopeOf(ctx, p)), regionRange(ctx, sql.ref('e.region_code'), q.regionCode)];
  if (q.placeType) conds.push(sql`e.place_type = ${q.placeType}`);
  if (q.useUnitId) conds.push(sql`e.use_unit_id = ${q.useUnitId}`);
  const where = sql.join(conds, sql` AND `);
  const dateCol = q.tier === 'overspeed' ? sql`e.manufacture_date` : sql`e.registration_date`;
  const order = q.sort === 'risk' ? sql`rs.score DESC NULLS LAST, e.id` : sql`${dateCol}, e.id`;
  const { db } = ctx.store;
  const [rows, count] = await Promise.all([
    sql<{
      registration_code: string;
      address: string;
      region_code: string;
      category_code: string;
      place_type: string;
      use_unit: string | null;
      registration_date: string | null;
      manufacture_date: string | null;
      ascending_overspeed_protection: boolean | null;
      score: number | null;
      grade: number | null;
    }>`SELECT e.registration_code, e.address, e.region_code, e.category_code, e.place_type, u.name AS use_unit, e.registration_date, e.manufacture_date,
              e.ascending_overspeed_protection, rs.score, rs.grade
         FROM elevator e LEFT JOIN organization u ON u.id = e.use_unit_id LEFT JOIN risk_score rs ON rs.elevator_id = e.id
        WHERE ${where} ORDER BY ${order} LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`.execute(db),
    sql<{ n: number }>`SELECT count(*)::int AS n FROM elevator e WHERE ${where}`.execute(db),
  ]);
  return {
    items: rows.rows.map((r) => ({
      registrationCode: r.registration_code,
      address: r.address,
      regionCode: r.region_code,
      category: r.category_code,
      placeType: r.place_type,
      useUnit: r.use_unit,
      registrationDate: r.registration_date,
      manufactureDate: r.manufacture_date,
      ascendingOverspeedProtection: r.ascending_overspeed_protection,
      tiers: tiersOf({ registrationDate: r.registration_date, manufactureDate: r.manufacture_date, ascendingOverspeedProtection: r.ascending_overspeed_protection }),
      riskScore: r.score,
      riskGrade: r.grade,
    })),
    total: count.rows[0]?.n ?? 0,
  };
}

/** Dashboard counts: the stock, each tier, by child region and by place type. */
export async function oldSummary(ctx: AppContext, p: Principal, regionCode?: string): Promise<z.infer<typeof OldSummaryOut>> {
  const scope = scopeOf(ctx, p);
  const prefix = regionCode ? ctx.regions.prefix(regionCode) : scope.kind === 'region' ? scope.prefix : '37';
  const childLen = prefix.length <= 2 ? 4 : 6;
  const where = sql`${STOCK} AND ${scopeSql(scope)} AND ${regionRange(ctx, sql.ref('e.region_code'), regionCode)}`;
  const old = sql`(${TIER_SQL['15']} OR (${TIER_SQL.overspeed}))`;
  const { db } = ctx.store;
  type Row = { key: string; tier15: number; tier20: number; overspeed: number };
  const counts = (key: ReturnType<typeof sql>) => sql<Row>`
    SELECT ${key} AS key, count(*) FILTER (WHERE ${TIER_SQL['15']})::int AS tier15, count(*) FILTER (WHERE ${TIER_SQL['20']})::int AS tier20,
           count(*) FILTER (WHERE ${TIER_SQL.overspeed})::int AS overspeed
      FROM elevator e WHERE ${where} AND ${old} GROUP BY 1 ORDER BY 1`.execute(db);
  const [byRegion, byPlace, totals] = await Promise.all([
    counts(sql`substr(e.region_code, 1, ${childLen})`),
    counts(sql`e.place_type`),
    sql<{ in_use: number; no_date: number }>`SELECT count(*)::int AS in_use, count(*) FILTER (WHERE e.registration_date IS NULL)::int AS no_date FROM elevator e WHERE ${where}`.execute(db),
  ]);
  const full = (c: string) => (c.length === 4 ? `${c}00` : c);
  const sum = (k: keyof Omit<Row, 'key'>) => byRegion.rows.reduce((s, r) => s + r[k], 0);
  return {
    regionCode: regionCode ?? null,
    totals: { inUse: totals.rows[0]?.in_use ?? 0, tier15: sum('tier15'), tier20: sum('tier20'), overspeed: sum('overspeed'), noRegistrationDate: totals.rows[0]?.no_date ?? 0 },
    byRegion: byRegion.rows.map((r) => ({ regionCode: full(r.key), name: ctx.regions.get(full(r.key))?.name ?? r.key, tier15: r.tier15, tier20: r.tier20, overspeed: r.overspeed })),
    byPlaceType: byPlace.rows.map((r) => ({ placeType: r.key, tier15: r.tier15, tier20: r.tier20, overspeed: r.overspeed })),
  };
}

/** Where inspections, audits and money should go first: scores, highest first, with the factors that drive each. */
export async function ranking(ctx: AppContext, p: Principal, q: z.infer<typeof RankingQuery>): Promise<z.infer<typeof RankingOut>> {
  const conds = [scopeSql(scopeOf(ctx, p)), regionRange(ctx, sql.ref('rs.region_code'), q.regionCode)];
  if (q.placeType) conds.push(sql`rs.place_type = ${q.placeType}`);
  const base = sql.join(conds, sql` AND `);
  const where = q.grade ? sql`${base} AND rs.grade = ${q.grade}` : base;
  const { db } = ctx.store;
  const [rows, count, grades] = await Promise.all([
    sql<{ registration_code: string; address: string; region_code: string; place_type: string; score: number; grade: number; contributions: number[] }>`
      SELECT e.registration_code, e.address, rs.region_code, rs.place_type, rs.score, rs.grade, rs.contributions
        FROM risk_score rs JOIN elevator e ON e.id = rs.elevator_id
       WHERE ${where} ORDER BY rs.score DESC, rs.elevator_id LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`.execute(db),
    sql<{ n: number }>`SELECT count(*)::int AS n FROM risk_score rs JOIN elevator e ON e.id = rs.elevator_id WHERE ${where}`.execute(db),
    sql<{ grade: number; count: number }>`SELECT rs.grade, count(*)::int AS count FROM risk_score rs JOIN elevator e ON e.id = rs.elevator_id WHERE ${base} GROUP BY 1 ORDER BY 1`.execute(db),
  ]);
  return {
    items: rows.rows.map((r) => ({
      registrationCode: r.registration_code,
      address: r.address,
      regionCode: r.region_code,
      placeType: r.place_type,
      score: r.score,
      grade: r.grade,
      topFactors: FACTORS.map((name, i) => ({ name, contribution: r.contributions[i] ?? 0 }))
        .filter((f) => f.contribution > 0)
        .sort((a, b) => b.contribution - a.contribution)
        .slice(0, 3),
    })),
    total: count.rows[0]?.n ?? 0,
    grades: grades.rows,
  };
}
