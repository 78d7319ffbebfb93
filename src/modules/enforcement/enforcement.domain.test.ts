import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ACTION_KINDS, ACTION_STATUSES, ACTION_STEPS, assign, overdueDays, step, type ActionKind, type ActionStatus, type ActionStep } from './enforcement.domain.ts';

/** The expected outcome of every kind × status × step × (follow-ups, published), written out independently. */
function expected(kind: ActionKind, status: ActionStatus, s: ActionStep, followUps: number, published: boolean): string {
  if (s === 'follow_up') return status === 'open' ? 'open' : 'status';
  if (s === 'revoke') return status === 'open' ? 'revoked' : 'status';
  if (s === 'close') {
    if (status !== 'open') return 'status';
    return (kind === 'listed_supervision' || kind === 'penalty') && followUps === 0 ? 'follow_up' : 'closed';
  }
  if (kind === 'interview') return 'kind';
  if (status === 'revoked') return 'status';
  return published ? 'published' : status;
}

describe('enforcement workflow', () => {
  test('every kind × status × step × follow-ups × published', () => {
    let n = 0;
    for (const kind of ACTION_KINDS)
      for (const status of ACTION_STATUSES)
        for (const s of ACTION_STEPS)
          for (const followUps of [0, 1])
            for (const published of [false, true]) {
              const r = step({ kind, status, followUps, published }, s);
              assert.equal(r.ok ? r.to : r.reason, expected(kind, status, s, followUps, published), `${kind} ${status} ${s} ${followUps} ${published}`);
              n++;
            }
    assert.equal(n, 5 * 3 * 4 * 2 * 2);
  });

  test('overdue: only open actions past their deadline', () => {
    assert.equal(overdueDays({ status: 'open', deadline: '2026-06-01' }, '2026-06-01'), 0);
    assert.equal(overdueDays({ status: 'open', deadline: '2026-06-01' }, '2026-06-04'), 3);
    assert.equal(overdueDays({ status: 'closed', deadline: '2026-06-01' }, '2026-06-04'), 0);
    assert.equal(overdueDays({ status: 'open', deadline: null }, '2026-06-04'), 0);
  });

  test('assignment: round-robin in order; by county to the county’s inspectors first, the rest round-robin', () => {
    const es = [1, 2, 3, 4, 5].map((i) => ({ elevatorId: i, regionCode: i <= 3 ? '370102' : '370103' }));
    const prefix = (c: string) => (c.endsWith('0000') ? c.slice(0, 2) : c.endsWith('00') ? c.slice(0, 4) : c);
    const rr = assign(es, [{ userId: 10, regionCode: '370100' }, { userId: 11, regionCode: '370102' }], 'round_robin', prefix);
    assert.deepEqual([...rr.values()], [10, 11, 10, 11, 10]);
    const byCounty = assign(es, [{ userId: 10, regionCode: '370100' }, { userId: 11, regionCode: '370102' }, { userId: 12, regionCode: '370102' }], 'by_county', prefix);
    assert.deepEqual([...byCounty.entries()], [[1, 11], [2, 12], [3, 11], [4, 10], [5, 10]], 'Lixia to its two, Shizhong to the city');
    const none = assign(es, [{ userId: 20, regionCode: '370202' }, { userId: 21, regionCode: '370203' }], 'by_county', prefix);
    assert.deepEqual([...none.values()], [20, 21, 20, 21, 20], 'nobody covers them: everyone in turn');
    assert.equal(assign(es, [], 'round_robin', prefix).size, 0);
  });
});
