/**
 * The owners' decision (业主共同决定). Default rule: 民法典 第二百七十八条 for using the maintenance fund and for
 * rebuilding common facilities — owners holding ≥ 2/3 of the exclusive area and ≥ 2/3 of the owners take part, and
 * ≥ 3/4 of the participating area and ≥ 3/4 of the participating owners consent. "以上" includes the bound itself.
 * Thresholds are fractions so that exactly two thirds is exactly two thirds; areas are compared in 0.01 m².
 */
import type { FieldProblem } from './renovation.domain.ts';

export interface Fraction {
  num: number;
  den: number;
}
export interface VoteRule {
  participation: Fraction;
  consent: Fraction;
}
export const CIVIL_CODE_RULE: VoteRule = { participation: { num: 2, den: 3 }, consent: { num: 3, den: 4 } };

/** Keys of the rule in renovation_rule_setting (per region prefix, most specific wins). */
export const RULE_KEYS = ['vote.participation.num', 'vote.participation.den', 'vote.consent.num', 'vote.consent.den'] as const;

export function ruleFrom(values: Map<string, number>): VoteRule {
  const f = (k: 'participation' | 'consent'): Fraction => {
    const num = values.get(`vote.${k}.num`) ?? CIVIL_CODE_RULE[k].num;
    const den = values.get(`vote.${k}.den`) ?? CIVIL_CODE_RULE[k].den;
    return num > 0 && den > 0 && num <= den ? { num, den } : CIVIL_CODE_RULE[k];
  };
  return { participation: f('participation'), consent: f('consent') };
}

export interface VoteTally {
  /** 专有部分总面积 (m²) and 业主总人数 of the building(s) concerned. */
  totalArea: number;
  totalOwners: number;
  participatingArea: number;
  participatingOwners: number;
  consentingArea: number;
  consentingOwners: number;
}

export interface Measure {
  share: number;
  required: Fraction;
  met: boolean;
}
export interface VoteResult {
  participationArea: Measure;
  participationOwners: Measure;
  consentArea: Measure;
  consentOwners: Measure;
  passed: boolean;
}

const area = (m2: number) => Math.round(m2 * 100);

/** part / whole ≥ num / den, in integers. */
function measure(part: number, whole: number, required: Fraction): Measure {
  return { share: whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : 0, required, met: whole > 0 && part * required.den >= whole * required.num };
}

/** Tallies that cannot be: more taking part than there are, more consenting than took part. */
export function tallyProblems(t: VoteTally): FieldProblem[] {
  const out: FieldProblem[] = [];
  if (area(t.participatingArea) > area(t.totalArea)) out.push({ field: 'participatingArea', message: '参与表决面积不能超过总面积' });
  if (t.participatingOwners > t.totalOwners) out.push({ field: 'participatingOwners', message: '参与表决人数不能超过业主总人数' });
  if (area(t.consentingArea) > area(t.participatingArea)) out.push({ field: 'consentingArea', message: '同意面积不能超过参与表决面积' });
  if (t.consentingOwners > t.participatingOwners) out.push({ field: 'consentingOwners', message: '同意人数不能超过参与表决人数' });
  return out;
}

export function evaluateVote(t: VoteTally, rule: VoteRule = CIVIL_CODE_RULE): VoteResult {
  const r = {
    participationArea: measure(area(t.participatingArea), area(t.totalArea), rule.participation),
    participationOwners: measure(t.participatingOwners, t.totalOwners, rule.participation),
    consentArea: measure(area(t.consentingArea), area(t.participatingArea), rule.consent),
    consentOwners: measure(t.consentingOwners, t.participatingOwners, rule.consent),
  };
  return { ...r, passed: r.participationArea.met && r.participationOwners.met && r.consentArea.met && r.consentOwners.met };
}
