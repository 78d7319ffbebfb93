import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { permuteIndex, Rng, Weighted } from './random.ts';

describe('random', () => {
  it('repeats a sequence for a seed, and forks independent streams', () => {
    const a = new Rng(9);
    const b = new Rng(9);
    const draws = Array.from({ length: 5 }, () => a.next());
    assert.deepEqual(draws, Array.from({ length: 5 }, () => b.next()));
    assert.notEqual(new Rng(9).fork('x').next(), new Rng(9).fork('y').next());
  });

  it('permutes [0, n) without collisions', () => {
    for (const n of [1, 7, 1000, 900_000]) {
      const seen = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        const x = permuteIndex(i, n, 4242);
        assert.ok(x >= 0 && x < n && !seen[x], `n=${n} i=${i} gave ${x}`);
        seen[x] = 1;
      }
    }
  });

  it('picks in proportion to the weights and never a zero weight', () => {
    const w = new Weighted([['a', 1], ['b', 3], ['never', 0]] as const);
    const rng = new Rng(1);
    const counts = { a: 0, b: 0, never: 0 };
    for (let i = 0; i < 40_000; i++) counts[w.pick(rng)]++;
    assert.equal(counts.never, 0);
    assert.ok(Math.abs(counts.b / counts.a - 3) < 0.2, JSON.stringify(counts));
  });
});
