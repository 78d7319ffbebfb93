import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_MODEL, gradeOf, modelProblems, tiersOf } from './risk.domain.ts';

const at = (registrationDate: string | null, manufactureDate: string | null = null, ascendingOverspeedProtection: boolean | null = null) =>
  tiersOf({ registrationDate, manufactureDate, ascendingOverspeedProtection });

test('tier 15 is registered before 2009-01-01: 2008-12-31 is in, 2009-01-01 is not', () => {
  assert.deepEqual(at('2008-12-31'), ['15']);
  assert.deepEqual(at('2009-01-01'), []);
  assert.deepEqual(at(null), [], 'no registration date: no age tier');
});

test('tier 20 is registered before 2004-01-01 (and is also 15+): 2003-12-31 is in, 2004-01-01 is not', () => {
  assert.deepEqual(at('2003-12-31'), ['15', '20']);
  assert.deepEqual(at('2004-01-01'), ['15']);
});

test('overspeed retrofit: made on or before 2004-12-31 without the protection; unknown counts as without', () => {
  assert.deepEqual(at('2010-05-01', '2004-12-31', false), ['overspeed']);
  assert.deepEqual(at('2010-05-01', '2004-12-31', null), ['overspeed']);
  assert.deepEqual(at('2010-05-01', '2004-12-31', true), []);
  assert.deepEqual(at('2010-05-01', '2005-01-01', false), []);
  assert.deepEqual(at('2003-06-01', '2003-01-01', false), ['15', '20', 'overspeed']);
});

test('grades by the thresholds, each threshold belonging to the higher grade', () => {
  const t = DEFAULT_MODEL.thresholds;
  assert.deepEqual([0, 19.99, 20, 39.99, 40, 59.99, 60, 100].map((s) => gradeOf(s, t)), [1, 1, 2, 2, 3, 3, 4, 4]);
});

test('a model is refused when its weights do not sum to 100 or its thresholds do not rise', () => {
  assert.deepEqual(modelProblems(DEFAULT_MODEL), []);
  const bad = { ...DEFAULT_MODEL, weights: { ...DEFAULT_MODEL.weights, age: 30 }, thresholds: [40, 20, 60] as [number, number, number] };
  assert.deepEqual(modelProblems(bad).map((p) => p.field), ['weights', 'thresholds']);
});
