import { sql } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import { shanghaiDate } from '../../server/clock.ts';
import { AppError } from '../../server/http/errors.ts';
import type { Principal } from '../auth/principal.ts';
import { PLACE_TYPES } from '../elevators/elevators.domain.ts';
import { scopeSql } from '../elevators/elevators.scope.ts';
import { scopeOf } from '../elevators/elevators.service.ts';
import { fen } from './renovation.domain.ts';
import { planWithinBudget, type Candidate } from './what-if.domain.ts';

const Money = z.number().min(0).max(1e11).multipleOf(0.01, '金额最多两位小数');
const Positive = z.number().positive('应大于 0').max(1e11).multipleOf(0.01, '金额最多两位小数');

/**
 * Eligibility tiers of the notice: 15+ years in use (registered before 2009-01-01), 20+ years (before 2004-01-01),
 * made on or before 2004-12-31 without ascending-overspeed protection — on the registration date, as the risk module's
 * old-elevator lists (risk.domain.ts `tiersOf`).
 */
export const TIERS = ['all', 'age15', 'age20', 'overspeed'] as const;

export const WhatIfInput = z.object({
  /** The subsidy budget (yuan). */
  budget: Money,
  regionCode: z.string().regex(/^\d{2,6}$/, '应为 2–6 位行政区划代码').optional(),
  tier: z.enum(TIERS).default('all'),
  placeTypes: z.array(z.enum(PLACE_TYPES)).max(PLACE_TYPES.length).optional(),
  minGrade: z.number().int().min(1).max(4).optional(),
  /** The expected subsidy per elevator: a flat subsidy, or a cost with the share the subsidy covers (and a cap). */
  assumption: z.discriminatedUnion('basis', [
    z.object({ basis: z.literal('subsidy'), amount: Positive }),
    z.object({ basis: z.literal('cost'), amount: Positive, subsidyRate: z.number().gt(0, '补贴比例应大于 0').max(1).default(1), cap: Positive.optional() }),
  ]),
  /** Elevator by elevator expected subsidies (e.g. a quotation), overriding the assumption. */
  overrides: z.array(z.object({ registrationCode: z.string().regex(/^\d{20}$/, '注册代码应为20位数字'), amount: Positive })).max(1000).default([]),
});
export type WhatIfInput = z.infer<typeof WhatIfInput>;

const Row = z.object({ registrationCode: z.string(), address: z.string(), regionCode: z.string(), ageYears: z.number().nullable(), score: z.number(), grade: z.number(), cost: z.number() });
const RankedOut = Row.extend({ rank: z.number(), riskPer10k: z.number(), funded: z.boolean(), cumulative: z.number().nullable(), reason: z.string() });
export const WhatIfOut = z.object({
  budget: z.number(),
  total: z.number(),
  remaining: z.number(),
  candidates: z.number(),
  funded: z.array(RankedOut),
  passedOver: z.array(RankedOut),
  passedOverTotal: z.number(),
  next: RankedOut.extend({ shortfall: z.number() }).nullable(),
  unscored: z.object({ total: z.number(), items: z.array(z.object({ registrationCode: z.string(), address: z.string(), ageYears: z.number().nullable() })) }),
  /** Eligible elevators left out because a project already carries them. */
  inProject: z.number(),
});

/** Candidates read at most (a province's 20-year tier is well below). */
const MAX_CANDIDATES = 200_000;

export async function whatIf(ctx: AppContext, p: Principal, input: WhatIfInput): Promise<z.infer<typeof WhatIfOut>> {
  if (input.regionCode && !ctx.regions.get(input.regionCode)) throw new AppError('REGION_NOT_FOUND', { fields: [{ field: 'regionCode', message: '未知的行政区划代码' }] });
  const conds = [scopeSql(scopeOf(ctx, p)), sql<boolean>`e.status = 'IN_USE'`];
  if (input.regionCode) {
    const prefix = ctx.regions.prefix(input.regionCode);
    conds.push(sql<boolean>`(e.region_code >= ${prefix} AND e.region_code < ${`${prefix}~`})`);
  }
  if (input.tier === 'age15') conds.push(sql<boolean>`e.registration_date < '2009-01-01'`);
  if (input.tier === 'age20') conds.push(sql<boolean>`e.registration_date < '2004-01-01'`);
  if (input.tier === 'overspeed') conds.push(sql<boolean>`e.manufacture_date <= '2004-12-31' AND e.ascending_overspeed_protection IS NOT TRUE`);
  if (input.placeTypes?.length) conds.push(sql<boolean>`e.place_type IN (${sql.join(input.placeTypes)})`);
  const eligible = sql.join(conds, sql` AND `);
  const inProject = sql<boolean>`EXISTS (SELECT 1 FROM renovation_project_elevator pe JOIN renovation_project rp ON rp.id = pe.project_id WHERE pe.elevator_id = e.id AND rp.status NOT IN ('closed', 'cancelled'))`;
  const age = sql<number | null>`round(((${shanghaiDate(ctx.clock.now())}::date - COALESCE(e.commissioning_date, e.registration_date))::numeric / 365.25), 1)::float8`;
  const { db } = ctx.store;
  const [scored, unscored, unscoredCount, busy] = await Promise.all([
    sql<{ registration_code: string; address: string; region_code: string; age: number | null; score: number; grade: number }>`
      SELECT e.registration_code, e.address, e.region_code, COALESCE(rs.age_years::float8, ${age}) AS age, rs.score::float8 AS score, rs.grade
        FROM elevator e JOIN risk_score rs ON rs.elevator_id = e.id
       WHERE ${eligible} AND NOT ${inProject} ${input.minGrade ? sql`AND rs.grade >= ${input.minGrade}` : sql``}
       ORDER BY rs.score DESC, e.registration_code LIMIT ${MAX_CANDIDATES}`.execute(db),
    sql<{ registration_code: string; address: string; age: number | null }>`
      SELECT e.registration_code, e.address, ${age} AS age FROM elevator e
       WHERE ${eligible} AND NOT ${inProject} AND NOT EXISTS (SELECT 1 FROM risk_score rs WHERE rs.elevator_id = e.id)
       ORDER BY COALESCE(e.registration_date, e.commissioning_date), e.registration_code LIMIT 50`.execute(db),
    sql<{ n: number }>`SELECT count(*)::int AS n FROM elevator e WHERE ${eligible} AND NOT ${inProject} AND NOT EXISTS (SELECT 1 FROM risk_score rs WHERE rs.elevator_id = e.id)`.execute(db),
    sql<{ n: number }>`SELECT count(*)::int AS n FROM elevator e WHERE ${eligible} AND ${inProject}`.execute(db),
  ]);
  const overrides = new Map(input.overrides.map((o) => [o.registrationCode, o.amount]));
  const a = input.assumption;
  const flat = a.basis === 'subsidy' ? a.amount : Math.min(fen(a.amount * a.subsidyRate) / 100, a.cap ?? Infinity);
  const candidates: Candidate[] = scored.rows.map((r) => ({
    registrationCode: r.registration_code,
    address: r.address,
    regionCode: r.region_code,
    ageYears: r.age === null ? null : Math.round(r.age * 10) / 10,
    score: Math.round(r.score * 10) / 10,
    grade: r.grade,
    cost: overrides.get(r.registration_code) ?? flat,
  }));
  const plan = planWithinBudget(input.budget, candidates);
  return {
    budget: input.budget,
    total: plan.total,
    remaining: plan.remaining,
    candidates: candidates.length,
    funded: plan.funded,
    passedOver: plan.passedOver.slice(0, 100),
    passedOverTotal: plan.passedOver.length,
    next: plan.next,
    unscored: { total: unscoredCount.rows[0]?.n ?? 0, items: unscored.rows.map((r) => ({ registrationCode: r.registration_code, address: r.address, ageYears: r.age })) },
    inProject: busy.rows[0]?.n ?? 0,
  };
}
