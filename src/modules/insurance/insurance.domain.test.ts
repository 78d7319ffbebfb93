import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ClaimStatus } from '../../server/db/tables/insurance.ts';
import { CLAIM_ACTIONS, CLAIM_STATUSES, claimActionsFrom, nextClaimStatus, PAYERS, payerAllowed, periodPremium, premiumFor, premiumSubsidy, PRODUCT_KINDS, type ClaimAction } from './insurance.domain.ts';

const RULE = { base: 800, byCategory: { '31': 900, '3110': 1000, '33': 600 }, ageBands: [{ minYears: 0, factor: 1 }, { minYears: 10, factor: 1.5 }, { minYears: 15, factor: 2 }] };
const FUZHOU = { ratio: 0.1, cap: 1000, requiresIot: 1 };

describe('premiums', () => {
  test('the longest category prefix wins over the base; unknown categories pay the base', () => {
    assert.equal(premiumFor(RULE, { categoryCode: '3110', ageYears: 3 }).premium, 1000);
    assert.equal(premiumFor(RULE, { categoryCode: '3120', ageYears: 3 }).premium, 900);
    assert.equal(premiumFor(RULE, { categoryCode: '3310', ageYears: 3 }).premium, 600);
    assert.deepEqual(premiumFor(RULE, { categoryCode: '3410', ageYears: 3 }), { base: 800, categoryKey: null, ageYears: 3, factor: 1, premium: 800 });
  });

  test('age bands at their edges: 9 → ×1, 10 → ×1.5, 14 → ×1.5, 15 → ×2; unknown age → first band', () => {
    const p = (age: number | null) => premiumFor(RULE, { categoryCode: '3110', ageYears: age }).premium;
    assert.deepEqual([p(9), p(10), p(14), p(15), p(40), p(null)], [1000, 1500, 1500, 2000, 2000, 1000]);
  });

  test('a year costs the yearly premium; shorter periods pro rata by days', () => {
    assert.equal(periodPremium(9420, '2026-01-01', '2026-12-31'), 9420);
    assert.equal(periodPremium(9420, '2028-01-01', '2028-12-31'), 9420, 'leap year');
    assert.equal(periodPremium(3650, '2026-01-01', '2026-01-10'), 100);
  });
});

describe('premium subsidy (Fuzhou: 10%, at most 1,000 yuan, only with an IoT terminal bound)', () => {
  test('10% with a terminal; nothing without one', () => {
    assert.equal(premiumSubsidy(5000, FUZHOU, true).amount, 500);
    assert.deepEqual(premiumSubsidy(5000, FUZHOU, false), { ratio: 0.1, cap: 1000, requiresIot: true, hasIot: false, eligible: false, amount: 0 });
  });
  test('capped at 1,000: a 9,420 premium gets 942, a 12,000 one gets 1,000 (exactly at the cap: 10,000 → 1,000)', () => {
    assert.equal(premiumSubsidy(9420, FUZHOU, true).amount, 942);
    assert.equal(premiumSubsidy(10_000, FUZHOU, true).amount, 1000);
    assert.equal(premiumSubsidy(12_000, FUZHOU, true).amount, 1000);
  });
  test('no rule (ratio 0): nothing; a city without the IoT condition or the cap', () => {
    assert.equal(premiumSubsidy(5000, { ratio: 0, cap: 0, requiresIot: 1 }, true).amount, 0);
    assert.equal(premiumSubsidy(20_000, { ratio: 0.2, cap: 0, requiresIot: 0 }, false).amount, 4000);
  });
});

describe('payers and claims', () => {
  test('the insurer pays only for 保险+服务; the others pay for anything (maintenance funds too)', () => {
    for (const kind of PRODUCT_KINDS) for (const payer of PAYERS) assert.equal(payerAllowed(kind, payer), payer !== 'insurer' || kind === 'service', `${kind}/${payer}`);
  });

  const legal: Record<ClaimAction, Partial<Record<ClaimStatus, ClaimStatus>>> = {
    accept: { filed: 'accepted' },
    approve: { accepted: 'approved' },
    pay: { approved: 'paid' },
    reject: { filed: 'rejected', accepted: 'rejected' },
    withdraw: { filed: 'withdrawn' },
  };
  for (const action of CLAIM_ACTIONS)
    test(`claim ${action}: legal only from ${Object.keys(legal[action]).join(', ')}`, () => {
      for (const from of CLAIM_STATUSES) assert.equal(nextClaimStatus(from, action), legal[action][from] ?? null, `${action} from ${from}`);
    });
  test('closed claims allow nothing', () => {
    for (const s of ['paid', 'rejected', 'withdrawn'] as const) assert.deepEqual(claimActionsFrom(s), []);
  });
});
