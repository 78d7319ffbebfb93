import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reconnectDelayMs } from './backoff.ts';

test('reconnect delays double from 1 s to a 30 s cap, with ±20 % jitter', () => {
  const mid = () => 0.5;
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 10].map((n) => reconnectDelayMs(n, mid)), [1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
  assert.equal(reconnectDelayMs(0, () => 0), 800);
  assert.equal(reconnectDelayMs(0, () => 1), 1200);
  assert.equal(reconnectDelayMs(20, () => 1), 36_000);
  assert.equal(reconnectDelayMs(-1, mid), 1000);
});
