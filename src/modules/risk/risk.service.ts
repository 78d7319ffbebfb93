import { sql, type Selectable } from 'kysely';
import type { RiskScoreTable } from '../../server/db/schema.ts';
import type { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import { AppError } from '../../server/http/errors.ts';
import type { Principal } from '../auth/principal.ts';
import { countFromCounts } from '../elevators/elevators.repo.ts';
import { scopeSql, scopeUsesCounts } from '../elevators/elevators.scope.ts';
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
  // A county is a whole region code (codes are six digits): equality lets the planner read the
  // (region_code, date, id) indexes in list order instead of sorting the county's old stock.
  if (prefix.length === 6) return sql<boolean>`${column} = ${prefix}`;
  return sql<boolean>`${column} >= ${prefix} AND ${column} < ${`${prefix}~`}`;
}

type ScoreRow = Selectable<RiskScoreTable>;

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
  const scope = scopeOf(ctx, p);
  const conds = [STOCK, TIER_SQL[q.tier], scopeSql(scope), regionRange(ctx, sql.ref('e.region_code'), q.regionCode)];
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
    scopeUsesCounts(scope) && !q.useUnitId
      ? tierCount(ctx, scope, q.regionCode, [q.tier], q.placeType).then((n) => ({ rows: [{ n }] }))
      : sql<{ n: number }>`SELECT count(*)::int AS n FROM elevator e WHERE ${where}`.execute(db),
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

/** The prefix a region scope and an asked region have in common, or null when they do not overlap. */
function commonPrefix(ctx: AppContext, scope: ReturnType<typeof scopeOf>, regionCode?: string): string | null {
  const scopePrefix = scope.kind === 'region' ? scope.prefix : '';
  const asked = regionCode ? ctx.regions.prefix(regionCode) : '';
  if (!asked.startsWith(scopePrefix) && !scopePrefix.startsWith(asked)) return null;
  return asked.length > scopePrefix.length ? asked : scopePrefix;
}

/** Old stock of some tiers in a region scope, from the trigger-kept `elevator_old_count`. */
async function tierCount(ctx: AppContext, scope: ReturnType<typeof scopeOf>, regionCode: string | undefined, tiers: string[], placeType?: string): Promise<number> {
  const prefix = commonPrefix(ctx, scope, regionCode);
  if (prefix === null) return 0;
  const places = [placeType, scope.kind === 'region' ? scope.placeType : undefined].filter((x): x is string => !!x);
  const r = await sql<{ n: number }>`SELECT coalesce(sum(c.n), 0)::int AS n FROM elevator_old_count c
    WHERE c.region_code >= ${prefix} AND c.region_code < ${`${prefix}~`} AND c.tier = ANY(${tiers}::text[]) ${sql.join(places.map((pl) => sql`AND c.place_type = ${pl}`), sql` `)}`.execute(ctx.store.db);
  return r.rows[0]?.n ?? 0;
}

/** In-use and stopped elevators of a region scope from the facet counts (the region asked, within the scope). */
async function stockFromCounts(ctx: AppContext, scope: ReturnType<typeof scopeOf>, regionCode?: string): Promise<number> {
  const prefix = commonPrefix(ctx, scope, regionCode);
  if (prefix === null) return 0;
  const placeType = scope.kind === 'region' ? scope.placeType : undefined;
  const [a, b] = await Promise.all(['IN_USE', 'STOPPED'].map((status) => countFromCounts(ctx.store.db, prefix, { status, placeType })));
  return a! + b!;
}

/** Dashboard counts: the stock, each tier, by child region and by place type. */
export async function oldSummary(ctx: AppContext, p: Principal, regionCode?: string): Promise<z.infer<typeof OldSummaryOut>> {
  const scope = scopeOf(ctx, p);
  const prefix = regionCode ? ctx.regions.prefix(regionCode) : scope.kind === 'region' ? scope.prefix : '37';
  const childLen = prefix.length <= 2 ? 4 : 6;
  const where = sql`${STOCK} AND ${scopeSql(scope)} AND ${regionRange(ctx, sql.ref('e.region_code'), regionCode)}`;
  const old = sql`(${TIER_SQL['15']} OR (${TIER_SQL.overspeed}))`;
  const { db } = ctx.store;
  type Row = { region: string | null; place: string | null; tier15: number; tier20: number; overspeed: number };
  const common = commonPrefix(ctx, scope, regionCode);
  const places = scope.kind === 'region' && scope.placeType ? [scope.placeType] : [];
  // Region scopes read the trigger-kept counts; an organisation's scope (a use unit's few elevators) counts its rows.
  const grouped = scopeUsesCounts(scope)
    ? common === null
      ? { rows: [] as Row[] }
      : await sql<Row>`
          SELECT substr(c.region_code, 1, ${childLen}) AS region, c.place_type AS place, sum(c.n) FILTER (WHERE c.tier = '15')::int AS tier15,
                 sum(c.n) FILTER (WHERE c.tier = '20')::int AS tier20, sum(c.n) FILTER (WHERE c.tier = 'overspeed')::int AS overspeed
            FROM elevator_old_count c WHERE c.region_code >= ${common} AND c.region_code < ${`${common}~`} AND c.n <> 0
                 ${sql.join(places.map((pl) => sql`AND c.place_type = ${pl}`), sql` `)}
           GROUP BY GROUPING SETS ((1), (2))`.execute(db)
    : await sql<Row>`
        SELECT substr(e.region_code, 1, ${childLen}) AS region, e.place_type AS place, count(*) FILTER (WHERE ${TIER_SQL['15']})::int AS tier15,
               count(*) FILTER (WHERE ${TIER_SQL['20']})::int AS tier20, count(*) FILTER (WHERE ${TIER_SQL.overspeed})::int AS overspeed
          FROM elevator e WHERE ${where} AND ${old} GROUP BY GROUPING SETS ((1), (2))`.execute(db);
  const [inUse, noDate] = await Promise.all([
    scopeUsesCounts(scope)
      ? stockFromCounts(ctx, scope, regionCode)
      : sql<{ n: number }>`SELECT count(*)::int AS n FROM elevator e WHERE ${where}`.execute(db).then((r) => r.rows[0]?.n ?? 0),
    sql<{ n: number }>`SELECT count(*)::int AS n FROM elevator e WHERE ${where} AND e.registration_date IS NULL`.execute(db).then((r) => r.rows[0]?.n ?? 0),
  ]);
  const fill = (r: Row) => ({ ...r, tier15: r.tier15 ?? 0, tier20: r.tier20 ?? 0, overspeed: r.overspeed ?? 0 });
  const byRegion = { rows: grouped.rows.filter((r) => r.region !== null).sort((x, y) => x.region!.localeCompare(y.region!)).map((r) => ({ ...fill(r), key: r.region! })) };
  const byPlace = { rows: grouped.rows.filter((r) => r.place !== null).sort((x, y) => x.place!.localeCompare(y.place!)).map((r) => ({ ...fill(r), key: r.place! })) };
  const totals = { rows: [{ in_use: inUse, no_date: noDate }] };
  const full = (c: string) => (c.length === 4 ? `${c}00` : c);
  const sum = (k: 'tier15' | 'tier20' | 'overspeed') => byRegion.rows.reduce((s, r) => s + r[k], 0);
  return {
    regionCode: regionCode ?? null,
    totals: { inUse: totals.rows[0]?.in_use ?? 0, tier15: sum('tier15'), tier20: sum('tier20'), overspeed: sum('overspeed'), noRegistrationDate: totals.rows[0]?.no_date ?? 0 },
    byRegion: byRegion.rows.map((r) => ({ regionCode: full(r.key), name: ctx.regions.get(full(r.key))?.name ?? r.key, tier15: r.tier15, tier20: r.tier20, overspeed: r.overspeed })),
    byPlaceType: byPlace.rows.map((r) => ({ placeType: r.key, tier15: r.tier15, tier20: r.tier20, overspeed: r.overspeed })),
  };
}

/**
 * Where inspections, audits and money should go first: scores, highest first, with the factors that drive each.
 * Regulators and departments (region scopes) filter on the score rows themselves and read the counts from
 * `risk_grade_count` (as of the last full recomputation); organisations' scopes count their own rows.
 */
export async function ranking(ctx: AppContext, p: Principal, q: z.infer<typeof RankingQuery>): Promise<z.infer<typeof RankingOut>> {
  const scope = scopeOf(ctx, p);
  const byRegion = scope.kind === 'all' || scope.kind === 'region';
  const regionPrefix = q.regionCode ? ctx.regions.prefix(q.regionCode) : '';
  const scopePrefix = scope.kind === 'region' ? scope.prefix : '';
  const range = (col: string, prefix: string) => sql<boolean>`${sql.ref(col)} >= ${prefix} AND ${sql.ref(col)} < ${`${prefix}~`}`;
  const places = [q.placeType, scope.kind === 'region' ? scope.placeType : undefined].filter((x): x is string => !!x);
  const on = (t: string) => [range(`${t}.region_code`, regionPrefix), range(`${t}.region_code`, scopePrefix), ...places.map((pl) => sql<boolean>`${sql.ref(`${t}.place_type`)} = ${pl}`)];
  const base = sql.join(byRegion ? on('rs') : [scopeSql(scope), ...on('rs')], sql` AND `);
  const where = q.grade ? sql`${base} AND rs.grade = ${q.grade}` : base;
  const { db } = ctx.store;
  const countWhere = sql.join(on('c'), sql` AND `);
  const [rows, grades] = await Promise.all([
    sql<{ registration_code: string; address: string; region_code: string; place_type: string; score: number; grade: number; contributions: number[] }>`
      SELECT e.registration_code, e.address, rs.region_code, rs.place_type, rs.score, rs.grade, rs.contributions
        FROM risk_score rs JOIN elevator e ON e.id = rs.elevator_id
       WHERE ${where} ORDER BY rs.score DESC, rs.elevator_id LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`.execute(db),
    byRegion
      ? sql<{ grade: number; count: number }>`SELECT c.grade, sum(c.n)::int AS count FROM risk_grade_count c WHERE ${countWhere} GROUP BY 1 ORDER BY 1`.execute(db)
      : sql<{ grade: number; count: number }>`SELECT rs.grade, count(*)::int AS count FROM risk_score rs JOIN elevator e ON e.id = rs.elevator_id WHERE ${base} GROUP BY 1 ORDER BY 1`.execute(db),
  ]);
  const total = grades.rows.filter((g) => !q.grade || g.grade === q.grade).reduce((s, g) => s + g.count, 0);
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
    total,
    grades: grades.rows,
  };
}
