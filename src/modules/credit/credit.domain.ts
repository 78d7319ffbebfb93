/**
 * Credit files (信用档案, domain brief §11): the rule table and the score arithmetic. Pure; tested at every edge.
 *
 * Points (negative lowers the score). Defaults below, each a setting (`credit_rule_setting`, key `points.<kind>`,
 * most specific region prefix of the organisation wins); the points are fixed on the event when it is recorded, so a
 * later change of the table does not rewrite history.
 *
 * | kind                     | 中文           | points | source                                            |
 * |--------------------------|----------------|--------|---------------------------------------------------|
 * | penalty                  | 行政处罚       | −20    | enforcement action of kind penalty                |
 * | exposure                 | 曝光           | −10    | enforcement action                                |
 * | listed_supervision       | 挂牌督办       | −10    | enforcement action                                |
 * | interview                | 约谈           | −5     | enforcement action                                |
 * | warning                  | 警示通报       | −3     | enforcement action                                |
 * | complaint_confirmed      | 投诉举报查实   | −5     | the complaints module (after merge)               |
 * | report_flag_upheld       | 报告质量问题   | −5     | inspection flag upheld by a regulator → agency    |
 * | accident                 | 事故（伤人）   | −10    | closed 96333 incident with injured → maintenance company; the use unit gets `points.accident_use_unit` (−5) |
 * | maintenance_grade        | 维保等级       | A +1, B 0, C −2, D −5 (`points.grade.A` …) | the monthly maintenance grading       |
 * | commendation             | 表彰           | +5     | a regulator                                       |
 *
 * Score: 100 + (positive points, capped at `bonusCap` = 10) + (negative points), of the events that are not revoked
 * and count on the day: an event counts from its `occurredOn` up to the day before the same date `windowYears` (3)
 * later — no decay inside the window. The score is kept within [0, 100 + bonusCap], rounded to 0.01.
 * Grade: A ≥ 90, B ≥ 75, C ≥ 60, D below (the maintenance grading's scale).
 */
export const CREDIT_KINDS = [
  'penalty',
  'warning',
  'interview',
  'exposure',
  'listed_supervision',
  'complaint_confirmed',
  'report_flag_upheld',
  'maintenance_grade',
  'accident',
  'commendation',
] as const;
export type CreditKind = (typeof CREDIT_KINDS)[number];
export const CREDIT_GRADES = ['A', 'B', 'C', 'D'] as const;
export type CreditGrade = (typeof CREDIT_GRADES)[number];

/** Kinds that are public once their event is published (penalties and exposures, domain brief §11). */
export const PUBLISHABLE_KINDS: readonly CreditKind[] = ['penalty', 'exposure', 'listed_supervision', 'warning', 'commendation'];

export interface CreditRules {
  [key: string]: number;
  'points.penalty': number;
  'points.exposure': number;
  'points.listed_supervision': number;
  'points.interview': number;
  'points.warning': number;
  'points.complaint_confirmed': number;
  'points.report_flag_upheld': number;
  'points.accident': number;
  'points.accident_use_unit': number;
  'points.commendation': number;
  'points.grade.A': number;
  'points.grade.B': number;
  'points.grade.C': number;
  'points.grade.D': number;
  windowYears: number;
  bonusCap: number;
  'grade.A': number;
  'grade.B': number;
  'grade.C': number;
}

export const DEFAULT_CREDIT_RULES: CreditRules = {
  'points.penalty': -20,
  'points.exposure': -10,
  'points.listed_supervision': -10,
  'points.interview': -5,
  'points.warning': -3,
  'points.complaint_confirmed': -5,
  'points.report_flag_upheld': -5,
  'points.accident': -10,
  'points.accident_use_unit': -5,
  'points.commendation': 5,
  'points.grade.A': 1,
  'points.grade.B': 0,
  'points.grade.C': -2,
  'points.grade.D': -5,
  windowYears: 3,
  bonusCap: 10,
  'grade.A': 90,
  'grade.B': 75,
  'grade.C': 60,
};

export const BASE_SCORE = 100;

/**
 * The rule table's points for an event. `variant` picks the sub-rule: the maintenance grade letter, or 'use_unit' for
 * an accident recorded against the use unit.
 */
export function pointsFor(kind: CreditKind, rules: CreditRules, variant?: string): number {
  if (kind === 'maintenance_grade') {
    const v = rules[`points.grade.${variant ?? ''}`];
    if (v === undefined) throw new Error(`maintenance grade ${variant} has no points`);
    return v;
  }
  if (kind === 'accident' && variant === 'use_unit') return rules['points.accident_use_unit'];
  return rules[`points.${kind}`] ?? 0;
}

/** YYYY-MM-DD plus whole years; 29 February moves to 1 March in a common year. */
export function addYears(day: string, years: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y + years, m - 1, d)).toISOString().slice(0, 10);
}

/** The first day an event no longer counts. */
export function expiresOn(occurredOn: string, rules: Pick<CreditRules, 'windowYears'>): string {
  return addYears(occurredOn, rules.windowYears);
}

export interface ScoredEvent {
  points: number;
  occurredOn: string;
  revoked: boolean;
}

/** Whether an event counts on `asOf`: not revoked, already happened, and inside the window. */
export function counts(e: ScoredEvent, asOf: string, rules: Pick<CreditRules, 'windowYears'>): boolean {
  return !e.revoked && e.occurredOn <= asOf && asOf < expiresOn(e.occurredOn, rules);
}

export function gradeOf(score: number, rules: Pick<CreditRules, 'grade.A' | 'grade.B' | 'grade.C'>): CreditGrade {
  if (score >= rules['grade.A']) return 'A';
  if (score >= rules['grade.B']) return 'B';
  if (score >= rules['grade.C']) return 'C';
  return 'D';
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** The score and grade on `asOf` from an organisation's events. */
export function scoreOf(events: readonly ScoredEvent[], asOf: string, rules: CreditRules): { score: number; grade: CreditGrade; counted: number } {
  let plus = 0;
  let minus = 0;
  let counted = 0;
  for (const e of events) {
    if (!counts(e, asOf, rules)) continue;
    counted++;
    if (e.points > 0) plus += e.points;
    else minus += e.points;
  }
  const raw = BASE_SCORE + Math.min(plus, rules.bonusCap) + minus;
  const score = round2(Math.min(BASE_SCORE + rules.bonusCap, Math.max(0, raw)));
  return { score, grade: gradeOf(score, rules), counted };
}
