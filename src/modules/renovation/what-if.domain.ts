/**
 * What-if: given a subsidy budget, which elevators to fund first. Each candidate's risk score is divided by its
 * expected subsidy (risk per yuan, shown per 10,000 yuan); candidates are taken in that order while the money lasts
 * (greedy: one that no longer fits is passed over and cheaper ones below it may still fit). Ties: higher score, then
 * cheaper, then registration code, so the same input always gives the same list.
 */
import { fen } from './renovation.domain.ts';

export interface Candidate {
  registrationCode: string;
  address: string;
  regionCode: string;
  ageYears: number | null;
  score: number;
  grade: number;
  /** Expected subsidy (yuan) for this elevator; > 0. */
  cost: number;
}

export interface Ranked extends Candidate {
  rank: number;
  /** Risk points per 10,000 yuan of subsidy. */
  riskPer10k: number;
  funded: boolean;
  /** Sum of the funded costs up to and including this one (funded rows only). */
  cumulative: number | null;
  reason: string;
}

export interface WhatIfPlan {
  budget: number;
  total: number;
  remaining: number;
  funded: Ranked[];
  passedOver: Ranked[];
  /** The best-ranked elevator the budget did not reach, and how much more it would take. */
  next: (Ranked & { shortfall: number }) | null;
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const wan = (yuan: number) => (yuan / 10_000).toLocaleString('zh-CN', { maximumFractionDigits: 2 });

export function rank(candidates: readonly Candidate[]): (Candidate & { rank: number; riskPer10k: number })[] {
  return candidates
    .map((c) => ({ ...c, ratio: c.score / c.cost }))
    .sort((a, b) => b.ratio - a.ratio || b.score - a.score || a.cost - b.cost || (a.registrationCode < b.registrationCode ? -1 : a.registrationCode > b.registrationCode ? 1 : 0))
    .map(({ ratio, ...c }, i) => ({ ...c, rank: i + 1, riskPer10k: round2(ratio * 10_000) }));
}

export function planWithinBudget(budget: number, candidates: readonly Candidate[]): WhatIfPlan {
  let left = fen(budget);
  const funded: Ranked[] = [];
  const passedOver: Ranked[] = [];
  for (const c of rank(candidates)) {
    const cost = fen(c.cost);
    const basis = `风险评分 ${c.score}（${c.grade} 级）÷ 预计补贴 ${wan(c.cost)} 万元 = 每万元 ${c.riskPer10k} 分，排第 ${c.rank} 位`;
    if (cost <= left) {
      left -= cost;
      const cumulative = (fen(budget) - left) / 100;
      funded.push({ ...c, funded: true, cumulative, reason: `${basis}；累计 ${wan(cumulative)} 万元，在预算之内` });
    } else {
      passedOver.push({ ...c, funded: false, cumulative: null, reason: `${basis}；需 ${wan(c.cost)} 万元，剩余预算 ${wan(left / 100)} 万元不足` });
    }
  }
  const first = passedOver[0];
  // The shortfall is measured against what was left when the list reached it: funding it means dropping nothing else.
  const leftAt = first ? fen(budget) - funded.filter((f) => f.rank < first.rank).reduce((s, f) => s + fen(f.cost), 0) : 0;
  return {
    budget,
    total: (fen(budget) - left) / 100,
    remaining: left / 100,
    funded,
    passedOver,
    next: first ? { ...first, shortfall: (fen(first.cost) - leftAt) / 100 } : null,
  };
}
