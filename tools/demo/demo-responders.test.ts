import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { nextStep, plan, STALE_MS } from './demo-responders.ts';

const received = new Date('2026-12-01T05:00:00Z');
const at = (seconds: number) => received.getTime() + seconds * 1000;

describe('demo responders', () => {
  it('plans accept within the accept limit and arrival well inside 30 minutes, steps in order', () => {
    for (let id = 1; id < 500; id++) {
      const p = plan(id);
      assert.ok(p.accept >= 60 && p.accept <= 150, `accept ${p.accept}`);
      assert.ok(p.arrive >= 360 && p.arrive <= 780, `arrive ${p.arrive}`);
      assert.ok(p.rescue - p.arrive >= 180 && p.rescue - p.arrive <= 360);
      assert.ok(p.close > p.rescue);
    }
    assert.deepEqual(plan(42), plan(42));
  });

  it('takes one due step at a time through the engine’s states', () => {
    const p = plan(7);
    const i = (status: string, type = 'trapped') => ({ id: 7, type, status, receivedAt: received });
    assert.equal(nextStep(i('dispatched'), at(p.accept - 1)), undefined);
    assert.deepEqual(nextStep(i('dispatched'), at(p.accept)), { action: 'accept' });
    assert.equal(nextStep(i('accepted'), at(p.arrive - 1)), undefined);
    assert.deepEqual(nextStep(i('en_route'), at(p.arrive)), { action: 'arrive' });
    assert.deepEqual(nextStep(i('arrived'), at(p.rescue)), { action: 'rescue' });
    assert.equal(nextStep(i('rescued'), at(p.close - 1)), undefined);
    assert.equal(nextStep(i('rescued'), at(p.close))?.action, 'close');
    // A fault has nobody to free: it closes from arrived.
    assert.equal(nextStep(i('arrived', 'fault'), at(p.close))?.action, 'close');
    assert.equal(nextStep(i('received'), at(p.close)), undefined);
  });

  it('calls off what an earlier run left open', () => {
    assert.deepEqual(nextStep({ id: 1, type: 'trapped', status: 'dispatched', receivedAt: received }, received.getTime() + STALE_MS + 1), { action: 'cancel' });
  });
});
