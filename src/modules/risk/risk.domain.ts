/**
 * Old elevators and the explainable risk score (domain brief §9).
 *
 * Age tiers of the notice, on the registration date (使用登记日期):
 * - tier 15 (重点支持): registered before 2009-01-01 (2008-12-31 is in, 2009-01-01 is not);
 * - tier 20 (优先更新): registered before 2004-01-01;
 * - overspeed retrofit (加装上行超速保护): made on or before 2004-12-31 (inclusive) and not known to have
 *   ascending-overspeed protection (recorded as none, or not recorded).
 *
 * The risk score is 0–100: each factor's input is turned into a value in [0, 1] by its scale, and contributes
 * `weight × value` points (rounded to 0.01); the score is the sum of the contributions, so an explanation always adds
 * up. The SQL in risk.service.ts computes it for a whole province at once from the same parameters; a model is a
 * numbered, immutable set of parameters, and every score names the version it was computed with.
 */
export const TIER15_BEFORE = '2009-01-01';
export const TIER20_BEFORE = '2004-01-01';
export const OVERSPEED_MADE_BY = '2004-12-31';

export type Tier = '15' | '20' | 'overspeed';

/** The tiers an elevator falls in (pure; dates as YYYY-MM-DD, compared as strings). */
export function tiersOf(e: { registrationDate: string | null; manufactureDate: string | null; ascendingOverspeedProtection: boolean | null }): Tier[] {
  const out: Tier[] = [];
  if (e.registrationDate && e.registrationDate < TIER15_BEFORE) out.push('15');
  if (e.registrationDate && e.registrationDate < TIER20_BEFORE) out.push('20');
  if (e.manufactureDate && e.manufactureDate <= OVERSPEED_MADE_BY && e.ascendingOverspeedProtection !== true) out.push('overspeed');
  return out;
}

/** The factors in their fixed order (the order of `risk_score.contributions`). */
export const FACTORS = ['age', 'usage', 'faults', 'entrapments', 'inspection', 'defects', 'maintenance', 'complaints'] as const;
export type Factor = (typeof FACTORS)[number];

export interface RiskModelParams {
  /** Points per factor; they sum to 100. */
  weights: Record<Factor, number>;
  /** Scores at which grades 2, 3 and 4 begin (grade 4 is the highest risk). */
  thresholds: [number, number, number];
  /** Inputs at which a factor's value reaches 1. */
  scales: { ageYears: number; faults12m: number; entrapments12m: number; defectPoints: number; overdueDays: number; flags12m: number; complaints12m: number };
  /** Weight of a serious open hazard against a general one. */
  seriousDefectWeight: number;
  /** Value of the inspection factor by the latest report's conclusion; `none`: no report on record. */
  conclusionValues: { pass: number; pass_after_reinspection: number; pending: number; fail: number; fail_after_reinspection: number; none: number };
  /** Exposure: category (品种) factor × place factor. */
  categoryFactors: Record<string, number>;
  placeFactors: Record<string, number>;
  defaultCategoryFactor: number;
}

export const DEFAULT_MODEL: RiskModelParams = {
  weights: { age: 20, usage: 10, faults: 15, entrapments: 15, inspection: 10, defects: 10, maintenance: 10, complaints: 10 },
  thresholds: [20, 40, 60],
  scales: { ageYears: 30, faults12m: 12, entrapments12m: 3, defectPoints: 6, overdueDays: 30, flags12m: 6, complaints12m: 3 },
  seriousDefectWeight: 3,
  conclusionValues: { pass: 0, pass_after_reinspection: 0.3, pending: 0.5, fail: 1, fail_after_reinspection: 1, none: 0.5 },
  // Escalators and moving walks carry crowds and cause most injuries; dumbwaiters carry no people.
  categoryFactors: { '3110': 0.7, '3120': 0.4, '3130': 0.4, '3210': 0.6, '3220': 0.4, '3310': 1, '3320': 0.9, '3410': 0.6, '3420': 0.7, '3430': 0.2 },
  placeFactors: { SCHOOL: 1, HOSPITAL: 1, TRANSPORT: 1, MALL: 0.9, HOTEL: 0.7, RESIDENTIAL: 0.7, OFFICE: 0.6, INDUSTRIAL: 0.4, OTHER: 0.5 },
  defaultCategoryFactor: 0.5,
};

/** The inputs stored with a score (columns of `risk_score`). */
export interface RiskInputs {
  ageYears: number | null;
  categoryCode: string;
  placeType: string;
  faults12m: number;
  entrapments12m: number;
  lastConclusion: string | null;
  openDefects: number;
  seriousDefects: number;
  maintOverdueDays: number;
  maintFlags12m: number;
  complaints12m: number;
}

/** The input shown for each factor in an explanation (its raw value, in the factor's own unit). */
export function factorInput(f: Factor, i: RiskInputs): number | string | null {
  switch (f) {
    case 'age':
      return i.ageYears;
    case 'usage':
      return `${i.categoryCode}/${i.placeType}`;
    case 'faults':
      return i.faults12m;
    case 'entrapments':
      return i.entrapments12m;
    case 'inspection':
      return i.lastConclusion;
    case 'defects':
      return i.openDefects;
    case 'maintenance':
      return i.maintOverdueDays;
    case 'complaints':
      return i.complaints12m;
  }
}

export function gradeOf(score: number, thresholds: readonly [number, number, number]): number {
  return score >= thresholds[2] ? 4 : score >= thresholds[1] ? 3 : score >= thresholds[0] ? 2 : 1;
}

/** Checks a proposed model: weights non-negative and summing to 100, thresholds rising, scales positive. */
export function modelProblems(m: RiskModelParams): { field: string; message: string }[] {
  const out: { field: string; message: string }[] = [];
  const sum = FACTORS.reduce((s, f) => s + m.weights[f], 0);
  if (Math.abs(sum - 100) > 1e-9) out.push({ field: 'weights', message: `各因素权重之和应为 100，现为 ${sum}` });
  for (const f of FACTORS) if (!(m.weights[f] >= 0)) out.push({ field: `weights.${f}`, message: '权重不能为负' });
  const [a, b, c] = m.thresholds;
  if (!(a > 0 && a < b && b < c && c <= 100)) out.push({ field: 'thresholds', message: '等级分界应递增且在 0–100 之间' });
  for (const [k, v] of Object.entries(m.scales)) if (!(v > 0)) out.push({ field: `scales.${k}`, message: '满分基准应大于 0' });
  return out;
}
