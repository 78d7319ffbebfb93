import { describe, expect, it } from 'vitest';
import { offeredSteps, percentDone, splitCodes, toCriteria } from './enforcement-logic.ts';

describe('enforcement page logic', () => {
  it('offers the steps the workflow allows', () => {
    expect(offeredSteps({ kind: 'listed_supervision', status: 'open', followUps: [], published: false })).toEqual(['follow_up', 'revoke', 'publish']);
    expect(offeredSteps({ kind: 'listed_supervision', status: 'open', followUps: [{}], published: true })).toEqual(['follow_up', 'close', 'revoke']);
    expect(offeredSteps({ kind: 'interview', status: 'open', followUps: [], published: false })).toEqual(['follow_up', 'close', 'revoke']);
    expect(offeredSteps({ kind: 'warning', status: 'closed', followUps: [], published: false })).toEqual(['publish']);
    expect(offeredSteps({ kind: 'penalty', status: 'revoked', followUps: [], published: false })).toEqual([]);
  });

  it('turns wizard values into criteria and counts progress', () => {
    expect(toCriteria({ regionCode: '370102', placeType: undefined, ageTier: 'any', hasOpenHazards: 'yes', minRiskGrade: 3 })).toEqual({ regionCode: '370102', hasOpenHazards: true, minRiskGrade: 3 });
    expect(toCriteria({ hasOpenHazards: 'no' })).toEqual({ hasOpenHazards: false });
    expect(percentDone({ total: 3, done: 1, ok: 1, hazard: 0 })).toBe(33);
    expect(percentDone({ total: 0, done: 0, ok: 0, hazard: 0 })).toBe(0);
    expect(splitCodes('a, b\nc，a')).toEqual(['a', 'b', 'c']);
  });
});
