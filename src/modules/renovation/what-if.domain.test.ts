import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { planWithinBudget, rank, type Candidate } from './what-if.domain.ts';

const c = (code: string, score: number, cost: number): Candidate => ({ registrationCode: code, address: `地址${code}`, regionCode: '370102', ageYears: 25, score, grade: 4, cost });

describe('what-if: risk per yuan within a budget', () => {
  test('ranks by score per yuan, not by score alone', () => {
    const ranked = rank([c('A', 90, 300_000), c('B', 60, 100_000), c('C', 80, 200_000)]);
    assert.deepEqual(ranked.map((r) => r.registrationCode), ['B', 'C', 'A']);
    assert.deepEqual(ranked.map((r) => r.riskPer10k), [6, 4, 3]);
  });

  test('ties: higher score, then cheaper, then registration code', () => {
    assert.deepEqual(rank([c('Z', 50, 100_000), c('Y', 100, 200_000), c('X', 50, 100_000)]).map((r) => r.registrationCode), ['Y', 'X', 'Z']);
  });

  test('greedy within the budget: an elevator that no longer fits is passed over, a cheaper one below it still funded', () => {
    const plan = planWithinBudget(350_000, [c('B', 60, 100_000), c('C', 80, 200_000), c('A', 90, 300_000), c('D', 10, 50_000)]);
    assert.deepEqual(plan.funded.map((f) => f.registrationCode), ['B', 'C', 'D']);
    assert.deepEqual(plan.funded.map((f) => f.cumulative), [100_000, 300_000, 350_000]);
    assert.equal(plan.total, 350_000);
    assert.equal(plan.remaining, 0);
    assert.deepEqual(plan.passedOver.map((f) => f.registrationCode), ['A']);
    assert.match(plan.funded[0]!.reason, /风险评分 60（4 级）÷ 预计补贴 10 万元 = 每万元 6 分，排第 1 位；累计 10 万元/);
    assert.match(plan.passedOver[0]!.reason, /需 30 万元，剩余预算 5 万元不足/);
    // What the next yuan buys: A, needing 300,000 − 50,000 left when the list reached it.
    assert.equal(plan.next?.registrationCode, 'A');
    assert.equal(plan.next?.shortfall, 250_000);
  });

  test('a budget that covers everything leaves nothing next; an empty budget funds nothing', () => {
    const all = planWithinBudget(1_000_000, [c('A', 90, 300_000), c('B', 60, 100_000)]);
    assert.equal(all.funded.length, 2);
    assert.equal(all.next, null);
    assert.equal(all.remaining, 600_000);
    const none = planWithinBudget(0, [c('A', 90, 300_000)]);
    assert.deepEqual([none.funded.length, none.total, none.next?.shortfall], [0, 0, 300_000]);
  });

  test('exactly the budget fits (fen arithmetic)', () => {
    const plan = planWithinBudget(0.3, [c('A', 10, 0.1), c('B', 10, 0.2)]);
    assert.equal(plan.funded.length, 2);
    assert.equal(plan.remaining, 0);
  });
});
