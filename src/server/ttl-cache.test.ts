import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TtlCache } from './ttl-cache.ts';

test('a cached value is shared until it expires; concurrent callers share one load', async () => {
  const cache = new TtlCache<number>(1000);
  let loads = 0;
  const load = async () => ++loads;
  const [a, b] = await Promise.all([cache.get('k', 0, load), cache.get('k', 10, load)]);
  assert.equal(a, 1);
  assert.equal(b, 1);
  assert.equal(await cache.get('k', 999, load), 1);
  assert.equal(await cache.get('k', 1000, load), 2);
  assert.equal(await cache.get('other', 1000, load), 3);
});

test('a failed load is not kept', async () => {
  const cache = new TtlCache<number>(1000);
  await assert.rejects(cache.get('k', 0, async () => Promise.reject(new Error('store down'))));
  await new Promise((r) => setImmediate(r));
  assert.equal(await cache.get('k', 1, async () => 7), 7);
});

test('the cache is bounded: the oldest entry goes first', async () => {
  const cache = new TtlCache<string>(60_000, 3);
  for (const k of ['a', 'b', 'c', 'd']) await cache.get(k, 0, async () => k);
  assert.equal(cache.size, 3);
  assert.equal(await cache.get('a', 1, async () => 'reloaded'), 'reloaded');
  assert.equal(await cache.get('d', 1, async () => 'reloaded'), 'd');
});
