import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CIVIL_CODE_RULE, evaluateVote, ruleFrom, tallyProblems, type VoteTally } from './vote.ts';

/** 300 owners, 30,000 m²: exactly 2/3 take part (200 owners, 20,000 m²), exactly 3/4 of those consent (150, 15,000 m²). */
const EXACT: VoteTally = { totalArea: 30_000, totalOwners: 300, participatingArea: 20_000, participatingOwners: 200, consentingArea: 15_000, consentingOwners: 150 };

describe('owners’ decision against the Civil Code rule (≥ 2/3 take part, ≥ 3/4 of them consent; by area and by headcount)', () => {
  test('exactly at both bounds passes ("以上" includes the bound)', () => {
    const r = evaluateVote(EXACT);
    assert.equal(r.passed, true);
    assert.deepEqual([r.participationArea.met, r.participationOwners.met, r.consentArea.met, r.consentOwners.met], [true, true, true, true]);
    assert.equal(r.participationOwners.share, 0.6667);
  });

  test('one owner or 0.01 m² short on any of the four measures fails, naming that measure', () => {
    const cases: [Partial<VoteTally>, keyof ReturnType<typeof evaluateVote>][] = [
      [{ participatingOwners: 199, consentingOwners: 150 }, 'participationOwners'],
      [{ participatingArea: 19_999.99 }, 'participationArea'],
      [{ consentingOwners: 149 }, 'consentOwners'],
      [{ consentingArea: 14_999.99 }, 'consentArea'],
    ];
    for (const [change, measure] of cases) {
      const r = evaluateVote({ ...EXACT, ...change });
      assert.equal(r.passed, false, JSON.stringify(change));
      const failed = (['participationArea', 'participationOwners', 'consentArea', 'consentOwners'] as const).filter((m) => !r[m].met);
      assert.deepEqual(failed, [measure], JSON.stringify(change));
    }
  });

  test('a third that does not divide evenly: 2 of 3 owners is enough, 0.6666 of the area is not', () => {
    const small: VoteTally = { totalArea: 300, totalOwners: 3, participatingArea: 200, participatingOwners: 2, consentingArea: 150, consentingOwners: 2 };
    assert.equal(evaluateVote(small).passed, true);
    assert.equal(evaluateVote({ ...small, participatingArea: 199.98 }).participationArea.met, false);
  });

  test('a consent by area alone or by headcount alone does not pass', () => {
    assert.equal(evaluateVote({ ...EXACT, consentingArea: 20_000, consentingOwners: 100 }).passed, false);
    assert.equal(evaluateVote({ ...EXACT, consentingArea: 10_000, consentingOwners: 200 }).passed, false);
  });

  test('a stricter regional rule (all must take part) changes the outcome; bad settings fall back to the Civil Code', () => {
    const strict = ruleFrom(new Map([['vote.participation.num', 1], ['vote.participation.den', 1]]));
    assert.deepEqual(strict, { participation: { num: 1, den: 1 }, consent: CIVIL_CODE_RULE.consent });
    assert.equal(evaluateVote(EXACT, strict).passed, false);
    assert.equal(evaluateVote({ ...EXACT, participatingArea: 30_000, participatingOwners: 300, consentingArea: 22_500, consentingOwners: 225 }, strict).passed, true);
    assert.deepEqual(ruleFrom(new Map([['vote.consent.num', 5], ['vote.consent.den', 4]])), CIVIL_CODE_RULE);
  });

  test('tallies that cannot be are problems with their fields', () => {
    assert.deepEqual(tallyProblems(EXACT), []);
    assert.deepEqual(
      tallyProblems({ ...EXACT, participatingOwners: 301, consentingArea: 20_000.01 }).map((p) => p.field),
      ['participatingOwners', 'consentingArea'],
    );
    assert.deepEqual(tallyProblems({ ...EXACT, consentingOwners: 201 }).map((p) => p.field), ['consentingOwners']);
  });
});
