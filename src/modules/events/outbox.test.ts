import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestEnv, storeKinds, type TestEnv } from '../../test/harness.ts';
import { inlineStats, OutboxDispatcher, publish, registerConsumer, setInlineDelivery, unregisterConsumer } from './outbox.ts';

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

    describe('inline consumer', () => {
      const inlineSeen: number[] = [];
      let inlineFail = false;
      let committedReports = 0;
      const record = async (trx: Parameters<Parameters<typeof registerConsumer>[2]>[0], n: number) => {
        await trx.insertInto('audit_log').values({ at: new Date(), actor_id: null, actor_name: 'inline', org_id: null, region_code: null, action: 'test.inline', entity_type: 'event', entity_id: String(n), before: null, after: null, prev_hash: '0', hash: `i${n}` }).execute();
        inlineSeen.push(n);
      };
      let wasInline = false;
      before(() => {
        wasInline = setInlineDelivery(true);
        registerConsumer(
          'test-inline',
          ['test.urgent'],
          async (trx, ev) => record(trx, (ev.payload as { n: number }).n),
          {
            handleBatch: async (trx, evs) => {
              for (const ev of evs) await record(trx, (ev.payload as { n: number }).n);
              if (inlineFail) throw new Error('inline hiccup');
            },
            inline: (_topic, payload) => (payload as { n: number }).n >= 100,
            afterInline: () => committedReports++,
          },
        );
      });
      after(() => {
        unregisterConsumer('test-inline');
        setInlineDelivery(wasInline);
      });
      // Audit rows cannot be deleted: each test looks at its own events' numbers.
      const inlineRows = async (ns: number[]) =>
        (await env.ctx.store.db.selectFrom('audit_log').select('entity_id').where('action', '=', 'test.inline').where('entity_id', 'in', ns.map(String)).orderBy('id').execute()).map((r) => Number(r.entity_id));

      test('handled in the publisher transaction: no delivery row, committed with the change; others go the usual way', async () => {
        inlineSeen.length = 0;
        await env.ctx.store.db.transaction().execute((trx) => publish(trx, env.clock.now(), [{ topic: 'test.urgent', payload: { n: 100 } }, { topic: 'test.urgent', payload: { n: 1 } }]));
        assert.deepEqual(await inlineRows([100, 1]), [100]);
        const pending = await env.ctx.store.db.selectFrom('outbox_delivery').select(['consumer']).execute();
        assert.deepEqual(pending.map((p) => p.consumer), ['test-inline'], 'only the event not taken inline waits');
        const d = new OutboxDispatcher(env.ctx);
        d.nudge();
        assert.equal(committedReports, 1, 'the commit report reaches the consumer once');
        d.nudge();
        assert.equal(committedReports, 1);
        assert.equal(await d.runOnce(), 1);
        assert.deepEqual(await inlineRows([100, 1]), [100, 1]);
      });

      test('a failing inline handler is rolled back alone: the change commits, the event waits for the dispatcher', async () => {
        const failures = inlineStats().failures;
        inlineFail = true;
        await env.ctx.store.db.transaction().execute(async (trx) => {
          await publish(trx, env.clock.now(), [{ topic: 'test.urgent', payload: { n: 101 } }]);
          await trx.insertInto('audit_log').values({ at: new Date(), actor_id: null, actor_name: 'publisher', org_id: null, region_code: null, action: 'test.change', entity_type: 'event', entity_id: '101', before: null, after: null, prev_hash: '0', hash: 'c101' }).execute();
        });
        inlineFail = false;
        assert.equal(inlineStats().failures, failures + 1);
        assert.match(inlineStats().lastError!, /inline hiccup/);
        assert.deepEqual(await inlineRows([101]), [], "the handler's writes were rolled back");
        assert.equal((await env.ctx.store.db.selectFrom('audit_log').select('id').where('action', '=', 'test.change').where('entity_id', '=', '101').execute()).length, 1, "the publisher's change committed");
        assert.equal(await new OutboxDispatcher(env.ctx).runOnce(), 1);
        assert.deepEqual(await inlineRows([101]), [101]);
      });

      test("a rolled-back publisher takes the inline handler's writes with it", async () => {
        await assert.rejects(
          env.ctx.store.db.transaction().execute(async (trx) => {
            await publish(trx, env.clock.now(), [{ topic: 'test.urgent', payload: { n: 102 } }]);
            throw new Error('change failed');
          }),
        );
        assert.deepEqual(await inlineRows([102]), []);
        assert.equal(await new OutboxDispatcher(env.ctx).runOnce(), 0);
      });
    });
  });
}
