import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ACTIONS,
  allowedActions,
  clocks,
  DEFAULT_RULES,
  deadlines,
  defaultResponsible,
  extendedDue,
  formatTrackingCode,
  isOverdue,
  newTrackingCode,
  normalizeTrackingCode,
  repeatRoot,
  rewardTransition,
  STATUSES,
  TRACKING_ALPHABET,
  transition,
  type Action,
  type Status,
} from './complaints.domain.ts';
import { SlidingWindowLimit } from './public-limit.ts';

/** Every legal step, written out once; everything else must be refused. */
const LEGAL: Partial<Record<Status, Partial<Record<Action, Status>>>> = {
  received: { acknowledge: 'acknowledged', transfer: 'received' },
  acknowledged: { investigate: 'investigating', transfer: 'acknowledged', extend: 'acknowledged' },
  investigating: { confirm: 'confirmed', dismiss: 'unfounded', transfer: 'investigating', extend: 'investigating' },
  confirmed: { close: 'closed' },
  unfounded: { close: 'closed' },
};

describe('complaint workflow', () => {
  test('every status × action: the legal steps lead where they should, the rest are refused', () => {
    for (const s of STATUSES)
      for (const a of ACTIONS) {
        const expected = LEGAL[s]?.[a];
        const t = transition(s, a);
        assert.deepEqual(t, expected ? { ok: true, to: expected } : { ok: false, reason: 'status' }, `${s} × ${a}`);
      }
  });

  test('the outcome deadline is extended once only', () => {
    assert.deepEqual(transition('investigating', 'extend', { extended: true }), { ok: false, reason: 'extended' });
    assert.deepEqual(allowedActions('investigating', false), ['confirm', 'dismiss', 'transfer', 'extend']);
    assert.deepEqual(allowedActions('investigating', true), ['confirm', 'dismiss', 'transfer']);
    assert.deepEqual(allowedActions('closed', false), []);
  });

  test('a reward is decided only for a confirmed report, once; only a granted one is paid, once', () => {
    assert.equal(rewardTransition('unfounded', 'none', 'grant'), null);
    assert.equal(rewardTransition(null, 'none', 'grant'), null);
    assert.equal(rewardTransition('confirmed', 'none', 'grant'), 'granted');
    assert.equal(rewardTransition('confirmed', 'none', 'refuse'), 'refused');
    assert.equal(rewardTransition('confirmed', 'none', 'pay'), null);
    assert.equal(rewardTransition('confirmed', 'granted', 'grant'), null);
    assert.equal(rewardTransition('confirmed', 'granted', 'refuse'), null);
    assert.equal(rewardTransition('confirmed', 'granted', 'pay'), 'paid');
    assert.equal(rewardTransition('confirmed', 'refused', 'pay'), null);
    assert.equal(rewardTransition('confirmed', 'paid', 'pay'), null);
  });
});

describe('complaint deadlines', () => {
  const received = new Date('2026-12-01T02:00:00Z');
  const due = deadlines(received, DEFAULT_RULES);

  test('defaults: acknowledged within 24 hours, an outcome within 15 days, one extension of 15 days', () => {
    assert.equal(due.ackDueAt.toISOString(), '2026-12-02T02:00:00.000Z');
    assert.equal(due.outcomeDueAt.toISOString(), '2026-12-16T02:00:00.000Z');
    assert.equal(extendedDue(due.outcomeDueAt, DEFAULT_RULES).toISOString(), '2026-12-31T02:00:00.000Z');
    assert.equal(deadlines(received, { ...DEFAULT_RULES, ackHours: 72 }).ackDueAt.toISOString(), '2026-12-04T02:00:00.000Z');
  });

  test('at the due second a step is still in time, one second later it is overdue; a done step stops its countdown', () => {
    const base = { status: 'received' as Status, ackDueAt: due.ackDueAt, acknowledgedAt: null, outcomeDueAt: due.outcomeDueAt, decidedAt: null };
    const atDue = clocks(base, due.ackDueAt);
    assert.deepEqual([atDue.acknowledge.secondsLeft, atDue.acknowledge.overdue], [0, false]);
    assert.equal(isOverdue(base, due.ackDueAt), false);
    const late = clocks(base, new Date(due.ackDueAt.getTime() + 1000));
    assert.deepEqual([late.acknowledge.secondsLeft, late.acknowledge.overdue], [-1, true]);
    assert.equal(isOverdue(base, new Date(due.ackDueAt.getTime() + 1000)), true);
    assert.equal(clocks(base, received).outcome.secondsLeft, 15 * 86_400);
    // Acknowledged in time: that clock is done and not overdue, however late it is now; the outcome clock runs on.
    const acked = { ...base, status: 'investigating' as Status, acknowledgedAt: new Date(due.ackDueAt.getTime() - 60_000) };
    const k = clocks(acked, new Date(due.outcomeDueAt.getTime()));
    assert.deepEqual([k.acknowledge.secondsLeft, k.acknowledge.overdue, k.acknowledge.doneAt?.toISOString()], [null, false, '2026-12-02T01:59:00.000Z']);
    assert.equal(isOverdue(acked, due.outcomeDueAt), false);
    assert.equal(isOverdue(acked, new Date(due.outcomeDueAt.getTime() + 1000)), true);
    // Acknowledged late: the clock stays marked late; the complaint is no longer running late on it.
    const lateAck = { ...base, status: 'acknowledged' as Status, acknowledgedAt: new Date(due.ackDueAt.getTime() + 3_600_000) };
    assert.equal(clocks(lateAck, lateAck.acknowledgedAt).acknowledge.overdue, true);
    assert.equal(isOverdue(lateAck, lateAck.acknowledgedAt), false);
    // Decided: no longer overdue even past the outcome deadline (the decision itself may have been late).
    const decided = { ...acked, status: 'confirmed' as Status, decidedAt: new Date(due.outcomeDueAt.getTime() + 5000) };
    assert.equal(isOverdue(decided, new Date('2027-03-01T00:00:00Z')), false);
    assert.equal(clocks(decided, new Date('2027-03-01T00:00:00Z')).outcome.overdue, true);
  });
});

describe('tracking codes', () => {
  test('10 characters from an alphabet without look-alikes, different every time; typed forms are normalised', () => {
    const codes = new Set(Array.from({ length: 2000 }, () => newTrackingCode()));
    assert.equal(codes.size, 2000);
    for (const c of codes) assert.match(c, /^[2-9A-HJKMNP-Z]{10}$/);
    assert.ok(!/[01ILO]/.test(TRACKING_ALPHABET));
    // Every character of the alphabet turns up: drawn uniformly, not from a narrow range.
    assert.equal(new Set([...codes].join('')).size, TRACKING_ALPHABET.length);
    assert.equal(formatTrackingCode('ABCDE23456'), 'ABCDE-23456');
    assert.equal(normalizeTrackingCode(' abcde-23456 '), 'ABCDE23456');
    assert.equal(normalizeTrackingCode('ABCDE2345'), undefined);
    assert.equal(normalizeTrackingCode('ABCDE2345O'), undefined, 'O is not in the alphabet');
    assert.equal(normalizeTrackingCode("ABCDE2345'"), undefined);
  });
});

describe('repeat reports', () => {
  const now = new Date('2026-12-01T02:00:00Z');
  const days = (n: number) => new Date(now.getTime() - n * 86_400_000);

  test('a report joins the first open or recent report on the elevator, and through it the first of its chain', () => {
    assert.equal(repeatRoot([], now, 30), null);
    // closed 40 days ago: outside the window, not linked
    assert.equal(repeatRoot([{ id: 1, status: 'closed', receivedAt: days(40), linkedToId: null }], now, 30), null);
    // closed but received 29 days ago: inside the window
    assert.equal(repeatRoot([{ id: 1, status: 'closed', receivedAt: days(29), linkedToId: null }], now, 30), 1);
    // exactly at the window's edge: still in
    assert.equal(repeatRoot([{ id: 1, status: 'closed', receivedAt: days(30), linkedToId: null }], now, 30), 1);
    // an old report still open links whatever its age; the earliest qualifying one wins
    const earlier = [
      { id: 7, status: 'unfounded' as Status, receivedAt: days(5), linkedToId: 3 },
      { id: 3, status: 'investigating' as Status, receivedAt: days(90), linkedToId: null },
      { id: 2, status: 'closed' as Status, receivedAt: days(120), linkedToId: null },
    ];
    assert.equal(repeatRoot(earlier, now, 30), 3);
    // the first qualifying report is itself a repeat: the link goes to its first report
    assert.equal(repeatRoot([{ id: 9, status: 'closed', receivedAt: days(2), linkedToId: 4 }], now, 30), 4);
  });

  test('the organisation a complaint is about: maintenance for missing or faked maintenance, else the use unit', () => {
    const orgs = { useUnitId: 10, maintenanceOrgId: 20 };
    assert.equal(defaultResponsible('no_maintenance', orgs), 20);
    assert.equal(defaultResponsible('fake_records', orgs), 20);
    assert.equal(defaultResponsible('unsafe', orgs), 10);
    assert.equal(defaultResponsible('unregistered', orgs), 10);
    assert.equal(defaultResponsible('fake_records', { useUnitId: 10, maintenanceOrgId: null }), 10);
    assert.equal(defaultResponsible('other', { useUnitId: null, maintenanceOrgId: null }), null);
  });
});

describe('public rate limit', () => {
  test('refuses the hit past the maximum inside the window, per key, and lets it through once the window has moved', () => {
    const l = new SlidingWindowLimit(2, 60_000, 3);
    assert.equal(l.take('a', 0), true);
    assert.equal(l.take('a', 1000), true);
    assert.equal(l.take('a', 59_000), false);
    assert.equal(l.take('b', 59_000), true);
    assert.equal(l.take('a', 60_000), true, 'the first hit left the window');
    assert.equal(l.take('a', 60_500), false);
    // bounded: when the map is full the oldest key is forgotten (its count starts again)
    const small = new SlidingWindowLimit(1, 60_000, 2);
    assert.equal(small.take('a', 0), true);
    assert.equal(small.take('a', 1), false);
    assert.equal(small.take('b', 1), true);
    assert.equal(small.take('c', 1), true);
    assert.equal(small.take('b', 2), false, 'b is still counted');
    assert.equal(small.take('a', 2), true, 'a was dropped to make room for c');
  });
});
