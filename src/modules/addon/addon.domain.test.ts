import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddonStatus, AddonSubsidyStatus } from '../../server/db/tables/addon.ts';
import {
  ADDON_ACTIONS,
  ADDON_STATUSES,
  DEFAULT_ADDON_RULES as R,
  actionsFrom,
  nextStatus,
  nextSubsidyStatus,
  noticeEndsOn,
  noticeOver,
  reaches,
  sharesMatchTotal,
  SUBSIDY_ACTIONS,
  subsidyFor,
  tallyConsent,
  type AddonAction,
  type HouseholdVote,
} from './addon.domain.ts';

/** n households of `area` m² with the given votes (the rest did not take part). */
const homes = (spec: [count: number, area: number, vote: HouseholdVote['vote']][]): HouseholdVote[] => spec.flatMap(([n, area, vote]) => Array.from({ length: n }, () => ({ area, vote })));
const pass4 = (t: ReturnType<typeof tallyConsent>) => [t.participationByHeadcount, t.participationByArea, t.approvalByHeadcount, t.approvalByArea];

describe('consent thresholds (Rizhao default: ≥ 2/3 take part, ≥ 3/4 of those consent; by area AND headcount)', () => {
  test('ratio comparison is exact: 2 of 3 reaches 2/3, 1999 of 3000 does not; nothing of nothing never reaches', () => {
    assert.equal(reaches(2, 3, R.participation), true);
    assert.equal(reaches(2000, 3000, R.participation), true);
    assert.equal(reaches(1999, 3000, R.participation), false);
    assert.equal(reaches(3, 4, R.approval), true);
    assert.equal(reaches(0, 0, R.approval), false);
  });

  test('exactly 2/3 take part and exactly 3/4 of them agree, equal areas: reached', () => {
    // 12 households: 8 take part (2/3): 6 agree (3/4), 1 disagrees, 1 abstains; 4 absent.
    const t = tallyConsent(homes([[6, 80, 'agree'], [1, 80, 'disagree'], [1, 80, 'abstain'], [4, 80, null]]), R);
    assert.deepEqual(pass4(t), [true, true, true, true]);
    assert.equal(t.reached, true);
    assert.deepEqual([t.households, t.participants, t.consenting, t.totalArea, t.participantArea, t.consentingArea], [12, 8, 6, 960, 640, 480]);
  });

  test('one household short of 2/3 taking part (by headcount and area): not reached', () => {
    const t = tallyConsent(homes([[6, 80, 'agree'], [1, 80, 'abstain'], [5, 80, null]]), R);
    assert.deepEqual(pass4(t), [false, false, true, true]);
    assert.equal(t.reached, false);
  });

  test('just below 3/4 consenting among those taking part: not reached', () => {
    // 12 take part, 8 agree: 2/3 < 3/4.
    const t = tallyConsent(homes([[8, 80, 'agree'], [4, 80, 'disagree']]), R);
    assert.deepEqual(pass4(t), [true, true, false, false]);
  });

  test('participation reached by headcount but not by area (the absent owners hold the big flats)', () => {
    // 9 of 12 take part by headcount (3/4) with 60 m² each; 3 absent with 200 m²: 540 / 1140 < 2/3.
    const t = tallyConsent(homes([[9, 60, 'agree'], [3, 200, null]]), R);
    assert.deepEqual(pass4(t), [true, false, true, true]);
    assert.equal(t.reached, false);
  });

  test('participation reached by area but not by headcount', () => {
    // 7 of 12 take part (< 2/3) but own 7 × 150 = 1050 of 1300 m².
    const t = tallyConsent(homes([[7, 150, 'agree'], [5, 50, null]]), R);
    assert.deepEqual(pass4(t), [false, true, true, true]);
    assert.equal(t.reached, false);
  });

  test('consent reached by headcount but not by area, and by area but not by headcount', () => {
    // 8 take part: 6 small flats agree (3/4 by headcount), 2 large disagree: 6×50=300 of 300+2×150=600.
    const a = tallyConsent(homes([[6, 50, 'agree'], [2, 150, 'disagree']]), R);
    assert.deepEqual(pass4(a), [true, true, true, false]);
    // 8 take part: 5 large agree (5/8 < 3/4) with 5×150=750 of 750+3×50=900 (≥ 3/4).
    const b = tallyConsent(homes([[5, 150, 'agree'], [3, 50, 'disagree']]), R);
    assert.deepEqual(pass4(b), [true, true, false, true]);
    assert.equal(a.reached || b.reached, false);
  });

  test('areas with decimals sum exactly (no float drift at the boundary)', () => {
    // 3 × 33.33 take part, 0.01 more than 2/3 would need of 149.99 in total? 99.99 / 149.99 < 2/3 by a hair.
    const t = tallyConsent([{ area: 33.33, vote: 'agree' }, { area: 33.33, vote: 'agree' }, { area: 33.33, vote: 'agree' }, { area: 50, vote: null }], R);
    assert.equal(t.participationByArea, false);
    const u = tallyConsent([{ area: 33.34, vote: 'agree' }, { area: 33.33, vote: 'agree' }, { area: 33.33, vote: 'agree' }, { area: 50, vote: null }], R);
    assert.equal(u.participationByArea, true, '100 of 150 is exactly 2/3');
  });

  test('no households, or nobody taking part: not reached', () => {
    assert.equal(tallyConsent([], R).reached, false);
    assert.equal(tallyConsent(homes([[5, 80, null]]), R).reached, false);
  });

  test('thresholds are configurable: a city asking for 1/2 and 2/3', () => {
    const t = tallyConsent(homes([[4, 80, 'agree'], [2, 80, 'disagree'], [6, 80, null]]), { participation: { num: 1, den: 2 }, approval: { num: 2, den: 3 } });
    assert.equal(t.reached, true);
    assert.equal(tallyConsent(homes([[4, 80, 'agree'], [2, 80, 'disagree'], [6, 80, null]]), R).reached, false);
  });
});

describe('subsidy arithmetic (Rizhao: 15万 / 13万 / 11万 for 6 / 5 / 4 storeys, −5,000 per non-signing household)', () => {
  test('each storeys bracket, with and without deductions', () => {
    assert.deepEqual(subsidyFor(6, 0, R), { storeys: 6, base: 150_000, nonSigning: 0, deductionPer: 5_000, deduction: 0, amount: 150_000 });
    assert.equal(subsidyFor(5, 0, R).amount, 130_000);
    assert.equal(subsidyFor(4, 0, R).amount, 110_000);
    assert.equal(subsidyFor(7, 0, R).amount, 150_000, 'above the top bracket: the top amount');
    assert.equal(subsidyFor(6, 2, R).amount, 140_000);
    assert.equal(subsidyFor(5, 3, R).amount, 115_000);
    assert.equal(subsidyFor(4, 1, R).amount, 105_000);
  });

  test('below every bracket nothing; deductions never make it negative', () => {
    assert.deepEqual(subsidyFor(3, 0, R), { storeys: 3, base: 0, nonSigning: 0, deductionPer: 5_000, deduction: 0, amount: 0 });
    assert.equal(subsidyFor(4, 30, R).amount, 0);
    assert.equal(subsidyFor(4, 30, R).deduction, 150_000);
  });

  test('a city sets its own brackets and deduction', () => {
    const city = { subsidyByStoreys: [{ minStoreys: 4, amount: 100_000 }, { minStoreys: 7, amount: 200_000 }], deductionPerNonSigning: 2_000 };
    assert.equal(subsidyFor(6, 1, city).amount, 98_000);
    assert.equal(subsidyFor(7, 1, city).amount, 198_000);
  });

  test('cost shares must sum to the total to the fen', () => {
    assert.equal(sharesMatchTotal([100_000.1, 100_000.2, 99_999.7], 300_000), true);
    assert.equal(sharesMatchTotal([100_000, 100_000, 99_999.99], 300_000), false);
    assert.equal(sharesMatchTotal([], 0), true);
  });
});

describe('project state machine: every action from every status', () => {
  const legal: Record<AddonAction, Partial<Record<AddonStatus, AddonStatus>>> = {
    confirmConsent: { consultation: 'agreement' },
    signAgreement: { agreement: 'design' },
    completeDesign: { design: 'notice' },
    startNotice: { notice: 'notice' },
    submit: { notice: 'review' },
    approve: { review: 'approved' },
    reject: { review: 'design' },
    startConstruction: { approved: 'construction' },
    accept: { construction: 'accepted' },
    register: { accepted: 'registered' },
    recordContract: { registered: 'contracted' },
    enrol: { contracted: 'in_service' },
    cancel: { consultation: 'cancelled', agreement: 'cancelled', design: 'cancelled', notice: 'cancelled', review: 'cancelled', approved: 'cancelled' },
  };
  for (const action of ADDON_ACTIONS)
    test(`${action}: legal only from ${Object.keys(legal[action]).join(', ')}`, () => {
      for (const from of ADDON_STATUSES) assert.equal(nextStatus(from, action), legal[action][from] ?? null, `${action} from ${from}`);
    });

  test('terminal states allow nothing; the page lists the allowed actions', () => {
    assert.deepEqual(actionsFrom('in_service'), []);
    assert.deepEqual(actionsFrom('cancelled'), []);
    assert.deepEqual(actionsFrom('review'), ['approve', 'reject', 'cancel']);
    assert.deepEqual(actionsFrom('construction'), ['accept'], 'no cancelling once construction started');
  });

  test('subsidy: applied for once registered; approve/reject from applied; disburse from approved; reapply after rejection', () => {
    const table: Record<string, Partial<Record<AddonSubsidyStatus, AddonSubsidyStatus>>> = {
      apply: { none: 'applied', rejected: 'applied' },
      approve: { applied: 'approved' },
      reject: { applied: 'rejected' },
      disburse: { approved: 'disbursed' },
    };
    const subsidyStates: AddonSubsidyStatus[] = ['none', 'applied', 'approved', 'rejected', 'disbursed'];
    for (const a of SUBSIDY_ACTIONS) for (const s of subsidyStates) assert.equal(nextSubsidyStatus('registered', s, a), table[a]![s] ?? null, `${a} from ${s}`);
    for (const p of ADDON_STATUSES) assert.equal(nextSubsidyStatus(p, 'none', 'apply') !== null, ['registered', 'contracted', 'in_service'].includes(p), `apply while ${p}`);
  });
});

describe('public notice dates', () => {
  test('a 10-day notice posted on 06-01 may go to review from 06-11; an open objection holds it', () => {
    const ends = noticeEndsOn('2026-06-01', 10);
    assert.equal(ends, '2026-06-11');
    assert.equal(noticeOver({ noticeEndsOn: ends, pausedSince: null }, '2026-06-10'), false);
    assert.equal(noticeOver({ noticeEndsOn: ends, pausedSince: null }, '2026-06-11'), true);
    assert.equal(noticeOver({ noticeEndsOn: ends, pausedSince: '2026-06-05' }, '2026-07-01'), false);
    assert.equal(noticeOver({ noticeEndsOn: null, pausedSince: null }, '2026-07-01'), false);
  });
});
