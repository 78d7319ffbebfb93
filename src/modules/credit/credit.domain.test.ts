import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_CREDIT_RULES as R, addYears, counts, expiresOn, gradeOf, pointsFor, scoreOf } from './credit.domain.ts';

const ev = (points: number, occurredOn: string, revoked = false) => ({ points, occurredOn, revoked });

describe('credit arithmetic', () => {
  test('points per kind come from the rule table; grades and accidents on the use unit by variant', () => {
    assert.equal(pointsFor('penalty', R), -20);
    assert.equal(pointsFor('exposure', R), -10);
    assert.equal(pointsFor('listed_supervision', R), -10);
    assert.equal(pointsFor('interview', R), -5);
    assert.equal(pointsFor('warning', R), -3);
    assert.equal(pointsFor('complaint_confirmed', R), -5);
    assert.equal(pointsFor('report_flag_upheld', R), -5);
    assert.equal(pointsFor('accident', R), -10);
    assert.equal(pointsFor('accident', R, 'use_unit'), -5);
    assert.equal(pointsFor('commendation', R), 5);
    assert.deepEqual(['A', 'B', 'C', 'D'].map((g) => pointsFor('maintenance_grade', R, g)), [1, 0, -2, -5]);
    assert.throws(() => pointsFor('maintenance_grade', R, 'E'));
    assert.equal(pointsFor('penalty', { ...R, 'points.penalty': -30 }), -30, 'configurable');
  });

  test('the window: an event counts from its day to the day before its third anniversary', () => {
    assert.equal(expiresOn('2023-06-01', R), '2026-06-01');
    assert.equal(counts(ev(-20, '2023-06-01'), '2026-05-31', R), true);
    assert.equal(counts(ev(-20, '2023-06-01'), '2026-06-01', R), false);
    assert.equal(counts(ev(-20, '2023-06-01'), '2023-06-01', R), true, 'on its own day');
    assert.equal(counts(ev(-20, '2023-06-02'), '2023-06-01', R), false, 'not before it happened');
    assert.equal(counts(ev(-20, '2025-01-01', true), '2026-01-01', R), false, 'revoked');
    assert.equal(addYears('2024-02-29', 3), '2027-03-01', '29 February ends on 1 March');
    assert.equal(expiresOn('2023-06-01', { windowYears: 5 }), '2028-06-01');
  });

  test('grade thresholds at their edges', () => {
    assert.equal(gradeOf(110, R), 'A');
    assert.equal(gradeOf(90, R), 'A');
    assert.equal(gradeOf(89.99, R), 'B');
    assert.equal(gradeOf(75, R), 'B');
    assert.equal(gradeOf(74.99, R), 'C');
    assert.equal(gradeOf(60, R), 'C');
    assert.equal(gradeOf(59.99, R), 'D');
    assert.equal(gradeOf(0, R), 'D');
  });

  test('score: base 100, negatives in full, positives capped, kept within [0, 110]', () => {
    assert.deepEqual(scoreOf([], '2026-06-01', R), { score: 100, grade: 'A', counted: 0 });
    assert.deepEqual(scoreOf([ev(-20, '2026-01-01')], '2026-06-01', R), { score: 80, grade: 'B', counted: 1 });
    assert.deepEqual(scoreOf([ev(-20, '2026-01-01'), ev(-20, '2026-02-01')], '2026-06-01', R), { score: 60, grade: 'C', counted: 2 });
    // Three commendations (+15) are capped at +10: they cannot hide a penalty.
    assert.equal(scoreOf([ev(5, '2026-01-01'), ev(5, '2026-01-02'), ev(5, '2026-01-03')], '2026-06-01', R).score, 110);
    assert.equal(scoreOf([ev(5, '2026-01-01'), ev(5, '2026-01-02'), ev(5, '2026-01-03'), ev(-20, '2026-02-01')], '2026-06-01', R).score, 90);
    assert.equal(scoreOf(Array.from({ length: 8 }, (_, i) => ev(-20, `2026-01-0${i + 1}`)), '2026-06-01', R).score, 0, 'never below 0');
    assert.equal(scoreOf([ev(-2.5, '2026-01-01'), ev(-0.01, '2026-01-01')], '2026-06-01', R).score, 97.49);
  });

  test('an event leaving the window lifts the score the next day', () => {
    const events = [ev(-20, '2023-06-01'), ev(-5, '2025-01-01')];
    assert.equal(scoreOf(events, '2026-05-31', R).score, 75);
    assert.equal(scoreOf(events, '2026-06-01', R).score, 95);
  });
});
