import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { openTestEnv, storeKinds, type TestEnv } from '../../test/harness.ts';
import { bearer, buildRow, createOrg, userToken } from '../../test/factories.ts';
import { GENESIS_HASH, record, verifyChain } from './audit.service.ts';

for (const kind of storeKinds()) {
  describe(`audit chain (${kind})`, () => {
    let env: TestEnv;
    let jinan: Record<string, string>;
    let qingdao: Record<string, string>;
    before(async () => {
      env = await openTestEnv(kind);
      jinan = bearer(await userToken(env, { orgId: (await createOrg(env.ctx, { type: 'regulator', regionCode: '370100' })).id, roles: ['regulator'] }));
      qingdao = bearer(await userToken(env, { orgId: (await createOrg(env.ctx, { type: 'regulator', regionCode: '370200' })).id, roles: ['regulator'] }));
      for (const region of ['370102', '370103', '370202']) {
        const row = buildRow({ regionCode: region });
        const res = await env.app.inject({ method: 'POST', url: '/api/elevators', headers: region.startsWith('3701') ? jinan : qingdao, payload: row });
        assert.equal(res.statusCode, 201, res.body);
      }
    });
    after(() => env.close());
    /** What only a database owner can do: with the retention guard off. */
    const ownerTamper = async (change: () => Promise<unknown>) => {
      await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_guard`.execute(env.ctx.store.db);
      try {
        await change();
      } finally {
        await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_guard`.execute(env.ctx.store.db);
      }
    };

    test('every change is chained and the chain verifies', async () => {
      const v = await verifyChain(env.ctx.store.db);
      assert.equal(v.ok, true);
      assert.ok(v.checked >= 3);
    });

    test('a change touching thousands of records is audited in one chain (beyond one statement\'s 65,535 parameters)', async () => {
      // A sweep (e.g. stewardship over a province) audits every row it opens: 6,000 entries × 12 columns.
      const entries = Array.from({ length: 6_000 }, (_, i) => ({ action: 'bulk.test', entityType: 'bulk_test', entityId: String(i), regionCode: '370102', after: { i } }));
      await env.ctx.store.db.transaction().execute((trx) => record(trx, { userId: null, name: 'system:test', orgId: null }, new Date(), entries));
      const n = await env.ctx.store.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('entity_type', '=', 'bulk_test').executeTakeFirstOrThrow();
      assert.equal(Number(n.n), 6_000);
      const v = await verifyChain(env.ctx.store.db);
      assert.equal(v.ok, true);
    });

    test('appends from many concurrent transactions: each chain links entry to entry, none forks, a transaction stays on one chain', async () => {
      const actor = { userId: null, name: 'system:test', orgId: null };
      await Promise.all(
        Array.from({ length: 24 }, (_, t) =>
          env.ctx.store.db.transaction().execute(async (trx) => {
            await record(trx, actor, new Date(), [0, 1].map((i) => ({ action: 'concurrent.test', entityType: 'concurrent_test', entityId: `${t}-${i}`, regionCode: '370102', after: { t, i } })));
            await trx.selectFrom('audit_log').select('id').limit(1).execute(); // more of the change
            await record(trx, actor, new Date(), [{ action: 'concurrent.test', entityType: 'concurrent_test', entityId: `${t}-2`, regionCode: '370102', after: { t, i: 2 } }]);
          }),
        ),
      );
      const rows = await env.ctx.store.db.selectFrom('audit_log').select(['id', 'prev_hash', 'hash', 'entity_id', 'chain']).orderBy('id').execute();
      assert.equal(rows.filter((r) => /^\d+-\d$/.test(r.entity_id)).length, 72);
      const chains = new Map<number, typeof rows>();
      for (const r of rows) chains.set(r.chain, [...(chains.get(r.chain) ?? []), r]);
      for (const [, chain] of chains) {
        assert.equal(chain[0]!.prev_hash, GENESIS_HASH);
        for (let i = 1; i < chain.length; i++) assert.equal(chain[i]!.prev_hash, chain[i - 1]!.hash, 'each entry links to the one before it on its chain');
      }
      // One transaction's entries are consecutive on one chain (its chain's lock is held until it commits).
      for (let t = 0; t < 24; t++) {
        const mine = rows.filter((r) => r.entity_id.startsWith(`${t}-`));
        assert.equal(new Set(mine.map((r) => r.chain)).size, 1);
        const chain = chains.get(mine[0]!.chain)!;
        const at = chain.findIndex((r) => r.entity_id === `${t}-0`);
        assert.deepEqual(chain.slice(at, at + 3).map((r) => r.entity_id), [`${t}-0`, `${t}-1`, `${t}-2`]);
      }
      assert.equal((await verifyChain(env.ctx.store.db)).ok, true);
    });

    test('an append while another transaction holds the first chain goes on a second chain; deleting from it is detected too', { skip: kind !== 'postgres' && 'one connection: PGlite never appends concurrently' }, async () => {
      const actor = { userId: null, name: 'system:test', orgId: null };
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      let holding!: () => void;
      const started = new Promise<void>((r) => (holding = r));
      const first = env.ctx.store.db.transaction().execute(async (trx) => {
        await record(trx, actor, new Date(), [{ action: 'chain.test', entityType: 'chain_test', entityId: 'holder' }]);
        holding();
        await held;
      });
      await started;
      for (const id of ['second-a', 'second-b', 'second-c']) await env.ctx.store.db.transaction().execute((trx) => record(trx, actor, new Date(), [{ action: 'chain.test', entityType: 'chain_test', entityId: id }]));
      release();
      await first;
      const rows = await env.ctx.store.db.selectFrom('audit_log').select(['id', 'entity_id', 'chain']).where('entity_type', '=', 'chain_test').orderBy('id').execute();
      const holder = rows.find((r) => r.entity_id === 'holder')!;
      const others = rows.filter((r) => r.entity_id !== 'holder');
      assert.ok(others.every((r) => r.chain !== holder.chain && r.chain === others[0]!.chain), 'the others share a chain the holder was not on');
      assert.equal((await verifyChain(env.ctx.store.db)).ok, true);
      const victim = await env.ctx.store.db.selectFrom('audit_log').selectAll().where('id', '=', others[1]!.id).executeTakeFirstOrThrow();
      await ownerTamper(() => env.ctx.store.db.deleteFrom('audit_log').where('id', '=', victim.id).execute());
      const v = await verifyChain(env.ctx.store.db);
      assert.equal(v.ok, false);
      assert.equal(v.brokenAt, others[2]!.id);
      // Put it back for the tests after this one (same id, same content).
      const r = victim;
      await sql`INSERT INTO audit_log (id, at, actor_id, actor_name, org_id, region_code, action, entity_type, entity_id, before, after, prev_hash, hash, chain) OVERRIDING SYSTEM VALUE
                VALUES (${r.id}, ${r.at}, ${r.actor_id}, ${r.actor_name}, ${r.org_id}, ${r.region_code}, ${r.action}, ${r.entity_type}, ${r.entity_id}, null, null, ${r.prev_hash}, ${r.hash}, ${r.chain})`.execute(env.ctx.store.db);
      assert.equal((await verifyChain(env.ctx.store.db)).ok, true);
    });

    test('the store hashes exactly what the verifier re-hashes: Chinese, quotes, backslashes, emoji, nesting, numbers, nulls', async () => {
      const after = { 地址: '济南市"历下区"\\泉城路 1号', emoji: '电梯🛗', nested: { b: [1, 2.5, -3e-7, null, true], a: { z: '', y: 'line\nbreak\ttab' } }, big: 12345678901234, none: null, skipped: undefined };
      await env.ctx.store.db.transaction().execute((trx) =>
        record(trx, { userId: 7, name: '张三', orgId: 3 }, new Date('2026-06-01T01:02:03.456Z'), [
          { action: 'hash.test', entityType: 'hash_test', entityId: '1', regionCode: '370102', before: { x: 1 }, after },
          { action: 'hash.test', entityType: 'hash_test', entityId: '2' },
        ]),
      );
      const rows = await env.ctx.store.db.selectFrom('audit_log').selectAll().where('entity_type', '=', 'hash_test').orderBy('id').execute();
      assert.equal(rows.length, 2);
      assert.deepEqual(rows[0]!.after, JSON.parse(JSON.stringify(after)));
      assert.equal(rows[1]!.before, null);
      assert.equal(rows[1]!.region_code, null);
      assert.equal(rows[1]!.prev_hash, rows[0]!.hash);
      assert.equal((await verifyChain(env.ctx.store.db)).ok, true);
    });

    test('a change rolled back takes its entries with it; the chain goes on from the last committed one', async () => {
      const before = await env.ctx.store.db.selectFrom('audit_log').select(['hash']).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
      await assert.rejects(
        env.ctx.store.db.transaction().execute(async (trx) => {
          await record(trx, { userId: null, name: 'system:test', orgId: null }, new Date(), [{ action: 'rollback.test', entityType: 'rollback_test', entityId: '1' }]);
          throw new Error('the change failed');
        }),
        /the change failed/,
      );
      assert.equal((await env.ctx.store.db.selectFrom('audit_log').select('id').where('entity_type', '=', 'rollback_test').execute()).length, 0);
      await env.ctx.store.db.transaction().execute((trx) => record(trx, { userId: null, name: 'system:test', orgId: null }, new Date(), [{ action: 'rollback.test', entityType: 'after_rollback', entityId: '2' }]));
      const next = await env.ctx.store.db.selectFrom('audit_log').select(['prev_hash']).where('entity_type', '=', 'after_rollback').executeTakeFirstOrThrow();
      assert.equal(next.prev_hash, before.hash);
      assert.equal((await verifyChain(env.ctx.store.db)).ok, true);
    });

    test('regulators see the entries about their own region only', async () => {
      const j = (await env.app.inject({ method: 'GET', url: '/api/audit?entityType=elevator', headers: jinan })).json().items;
      const q = (await env.app.inject({ method: 'GET', url: '/api/audit?entityType=elevator', headers: qingdao })).json().items;
      assert.equal(j.length, 2);
      assert.equal(q.length, 1);
      assert.ok(j.every((e: { regionCode: string }) => e.regionCode.startsWith('3701')));
    });

    test('the store refuses to change an entry, or to delete one younger than six months', async () => {
      // The guard reads the database's clock (the test clock stands in June): an entry made now.
      await env.ctx.store.db.transaction().execute((trx) => record(trx, { userId: null, name: 'system:test', orgId: null }, new Date(), [{ action: 'recent.entry', entityType: 'retention_test', entityId: '0' }]));
      const recent = await env.ctx.store.db.selectFrom('audit_log').select(['id']).where('action', '=', 'recent.entry').executeTakeFirstOrThrow();
      await assert.rejects(sql`UPDATE audit_log SET actor_name = '别人' WHERE id = ${recent.id}`.execute(env.ctx.store.db), /cannot be changed/);
      await assert.rejects(sql`DELETE FROM audit_log WHERE id = ${recent.id}`.execute(env.ctx.store.db), /kept until/);
      // Older than six months: may be archived and deleted.
      await ownerTamper(async () => {
        await sql`INSERT INTO audit_log (at, actor_id, actor_name, org_id, region_code, action, entity_type, entity_id, prev_hash, hash)
                  VALUES (now() - interval '7 months', null, 'old', null, null, 'old.entry', 'retention_old', '1', 'x', 'y')`.execute(env.ctx.store.db);
      });
      const old = await env.ctx.store.db.deleteFrom('audit_log').where('entity_type', '=', 'retention_old').executeTakeFirst();
      assert.equal(Number(old.numDeletedRows), 1);
      assert.equal((await verifyChain(env.ctx.store.db)).ok, true);
    });

    test('editing a stored entry (by a database owner who disables the guard) is detected at that entry', async () => {
      const victim = await env.ctx.store.db.selectFrom('audit_log').select(['id', 'after']).orderBy('id').offset(1).limit(1).executeTakeFirstOrThrow();
      await ownerTamper(() => sql`UPDATE audit_log SET after = jsonb_set(after, '{address}', '"篡改"') WHERE id = ${victim.id}`.execute(env.ctx.store.db));
      const v = (await env.app.inject({ method: 'GET', url: '/api/audit/verify', headers: jinan })).json();
      assert.equal(v.ok, false);
      assert.equal(v.brokenAt, victim.id);
      await ownerTamper(() => env.ctx.store.db.updateTable('audit_log').set({ after: JSON.stringify(victim.after) }).where('id', '=', victim.id).execute());
      assert.equal((await verifyChain(env.ctx.store.db)).ok, true);
    });

    test('deleting an entry is detected too', async () => {
      assert.equal((await verifyChain(env.ctx.store.db)).ok, true);
      const last = await env.ctx.store.db.selectFrom('audit_log').select('id').orderBy('id', 'desc').offset(1).limit(1).executeTakeFirstOrThrow();
      await ownerTamper(() => env.ctx.store.db.deleteFrom('audit_log').where('id', '=', last.id).execute());
      const v = await verifyChain(env.ctx.store.db);
      assert.equal(v.ok, false);
    });
  });
}
