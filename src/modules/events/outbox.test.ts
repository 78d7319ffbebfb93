import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestEnv, storeKinds, type TestEnv } from '../../test/harness.ts';
import { OutboxDispatcher, publish, registerConsumer, unregisterConsumer } from './outbox.ts';

/**
 * Events between modules: written with the change, delivered to each consumer once even when several dispatchers
 * (nodes) run at the same time, retried with the error kept when a handler fails, never delivered for a rollback.
 */
for (const kind of storeKinds()) {
  describe(`outbox (${kind})`, () => {
    let env: TestEnv;
    const seen: number[] = [];
    let failNext = 0;
    before(async () => {
      env = await openTestEnv(kind);
      registerConsumer('test-consumer', ['test.happened'], async (trx, ev) => {
        if (failNext > 0) {
          failNext--;
          throw new Error('handler hiccup');
        }
        // The handler's own write commits with the delivery's removal.
        await trx.insertInto('audit_log').values({ at: new Date(), actor_id: null, actor_name: 'consumer', org_id: null, region_code: null, action: 'test.consumed', entity_type: 'event', entity_id: String(ev.id), before: null, after: null, prev_hash: '0', hash: String(ev.id) }).execute();
        seen.push((ev.payload as { n: number }).n);
      });
    });
    after(async () => {
      unregisterConsumer('test-consumer');
      await env.close();
    });

    test('200 events, three dispatchers at once: each handled exactly once', async () => {
      await env.ctx.store.db.transaction().execute((trx) =>
        publish(trx, env.clock.now(), Array.from({ length: 200 }, (_, n) => ({ topic: 'test.happened', payload: { n } }))),
      );
      const ds = [new OutboxDispatcher(env.ctx), new OutboxDispatcher(env.ctx), new OutboxDispatcher(env.ctx)];
      let total = 0;
      for (let round = 0; round < 5; round++) total += (await Promise.all(ds.map((d) => d.runOnce()))).reduce((a, b) => a + b, 0);
      assert.equal(total, 200);
      assert.deepEqual([...seen].sort((a, b) => a - b), Array.from({ length: 200 }, (_, n) => n));
      const consumed = await env.ctx.store.db.selectFrom('audit_log').select('entity_id').where('action', '=', 'test.consumed').execute();
      assert.equal(consumed.length, 200);
      assert.equal((await env.ctx.store.db.selectFrom('outbox_delivery').select('event_id').execute()).length, 0);
    });

    test('a rolled-back change publishes nothing', async () => {
      seen.length = 0;
      await assert.rejects(
        env.ctx.store.db.transaction().execute(async (trx) => {
          await publish(trx, env.clock.now(), [{ topic: 'test.happened', payload: { n: -1 } }]);
          throw new Error('change failed');
        }),
      );
      assert.equal(await new OutboxDispatcher(env.ctx).runOnce(), 0);
      assert.deepEqual(seen, []);
    });

    test('a failing handler is retried later with its error kept; nothing is lost', async () => {
      seen.length = 0;
      failNext = 1;
      await env.ctx.store.db.transaction().execute((trx) => publish(trx, env.clock.now(), [{ topic: 'test.happened', payload: { n: 7 } }]));
      const d = new OutboxDispatcher(env.ctx);
      await d.runOnce();
      const pending = await env.ctx.store.db.selectFrom('outbox_delivery').selectAll().execute();
      assert.equal(pending.length, 1);
      assert.equal(pending[0]!.attempts, 1);
      assert.match(pending[0]!.last_error!, /hiccup/);
      assert.equal(await d.runOnce(), 0, 'backing off');
      env.clock.advance(5000);
      assert.equal(await d.runOnce(), 1);
      assert.deepEqual(seen, [7]);
    });
  });
}
