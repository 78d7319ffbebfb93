import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { allItems, annexOf, itemsFor } from './catalog.ts';

describe('TSG T5002-2017 catalogue', () => {
  test('all 257 items, per annex and cycle as the regulation counts them', () => {
    assert.equal(allItems().length, 257);
    const count = (annex: 'A' | 'B' | 'C' | 'D', cycle: string) => allItems().filter((i) => i.annex === annex && i.cycle === cycle).length;
    assert.deepEqual(['half_month', 'quarter', 'half_year', 'year'].map((c) => count('A', c)), [31, 13, 15, 17]);
    assert.deepEqual(['half_month', 'quarter', 'half_year', 'year'].map((c) => count('B', c)), [30, 13, 9, 14]);
    assert.deepEqual(['half_month', 'quarter', 'half_year', 'year'].map((c) => count('C', c)), [20, 8, 10, 14]);
    assert.deepEqual(['half_month', 'quarter', 'half_year', 'year'].map((c) => count('D', c)), [33, 5, 12, 13]);
  });

  test('cycles are cumulative', () => {
    assert.equal(itemsFor('A', 'half_month').length, 31);
    assert.equal(itemsFor('A', 'quarter').length, 44);
    assert.equal(itemsFor('A', 'half_year').length, 59);
    assert.equal(itemsFor('A', 'year').length, 76);
  });

  test('numeric items carry their limits; categories map to annexes', () => {
    const lock = allItems().find((i) => i.code === 'A-1-29')!;
    assert.deepEqual([lock.judgeType, lock.min, lock.max, lock.unit], ['NUMERIC', 7, null, 'mm']);
    assert.deepEqual(['3110', '3210', '3430', '3310', '3320'].map(annexOf), ['A', 'B', 'C', 'D', 'D']);
  });
});
