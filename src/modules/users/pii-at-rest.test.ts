import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { openTestEnv, storeKinds, type TestEnv } from '../../test/harness.ts';
import { bearer, buildRow, createOrg, toCsv, userToken, uscc } from '../../test/factories.ts';
import { piiCipher } from '../../server/pii.ts';
import { encryptPersonalData, PII_COLUMNS } from '../../server/db/pii-migration.ts';

/** Phone numbers at rest (migration 0018): users, 96333 callers, complaint reporters. */
for (const kind of storeKinds()) {
  describe(`personal data encrypted at rest (${kind})`, () => {
    let env: TestEnv;
    let admin: { authorization: string };
    let dispatcher: { authorization: string };
    let rescuer: { authorization: string };
    let regulator: { authorization: string };
    let platformId: number;
    const M = { maintenanceName: '加密测试维保', maintenanceCreditCode: uscc('370102') };
    const A = buildRow({ regionCode: '370102', ...M });
    const B = buildRow({ regionCode: '370102', ...M });
    const raw = async (table: string, column: string, id: number) =>
      (await sql<{ v: string | null; h: string | null }>`SELECT ${sql.ref(column)} AS v, ${sql.ref(PII_COLUMNS.find((c) => c.column === column)!.hash)} AS h FROM ${sql.table(table)} WHERE id = ${id}`.execute(env.ctx.store.db)).rows[0]!;

    before(async () => {
      env = await openTestEnv(kind, { now: '2026-12-01T02:00:00Z' });
      platformId = (await createOrg(env.ctx, { type: 'platform' })).id;
      admin = bearer(await userToken(env, { orgId: platformId, roles: ['admin'] }));
      const imp = await env.app.inject({ method: 'POST', url: '/api/elevators/import', headers: { ...admin, 'content-type': 'text/csv' }, payload: toCsv([A, B]) });
      await env.runner.wait(imp.json().importId);
      dispatcher = bearer(await userToken(env, { orgId: (await createOrg(env.ctx, { type: 'emergency_center', regionCode: '370100' })).id, roles: ['dispatcher'] }));
      const maint = await env.ctx.store.db.selectFrom('organization').select('id').where('name', '=', '加密测试维保').executeTakeFirstOrThrow();
      rescuer = bearer(await userToken(env, { orgId: maint.id, roles: ['rescuer'] }));
      regulator = bearer(await userToken(env, { orgId: (await createOrg(env.ctx, { type: 'regulator', regionCode: '370102' })).id, roles: ['regulator'] }));
    });
    after(() => env.close());

    test('a user phone: ciphertext in the column, full number for the administrator, found by phone, masked in the audit trail', async () => {
      const res = await env.app.inject({ method: 'POST', url: '/api/users', headers: admin, payload: { username: 'pii.user', displayName: '王五', orgId: platformId, roles: ['regulator'], password: 'Strong123', phone: '13912345678' } });
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(res.json().phone, '13912345678');
      const row = await raw('app_user', 'phone', res.json().id);
      assert.match(row.v!, /^v1:/);
      assert.ok(!row.v!.includes('13912345678') && !row.v!.includes('5678'));
      assert.equal(piiCipher(env.ctx.config).decrypt(row.v!), '13912345678');
      assert.equal(row.h, piiCipher(env.ctx.config).phoneHash('13912345678'));
      // Search by phone, in any formatting; a partial number does not match the hash (by design).
      for (const q of ['13912345678', '139 1234 5678', '139-1234-5678']) {
        const found = await env.app.inject({ method: 'GET', url: `/api/users?q=${encodeURIComponent(q)}`, headers: admin });
        assert.deepEqual(found.json().items.map((u: { username: string }) => u.username), ['pii.user'], q);
      }
      assert.equal((await env.app.inject({ method: 'GET', url: '/api/users?q=13900000000', headers: admin })).json().total, 0);
      const edit = await env.app.inject({ method: 'PATCH', url: `/api/users/${res.json().id}`, headers: admin, payload: { phone: '13700001111' } });
      assert.equal(edit.json().phone, '13700001111');
      assert.equal((await raw('app_user', 'phone', res.json().id)).h, piiCipher(env.ctx.config).phoneHash('13700001111'));
      const trail = JSON.stringify(await env.ctx.store.db.selectFrom('audit_log').select(['before', 'after']).where('entity_type', '=', 'user').where('entity_id', '=', String(res.json().id)).execute());
      assert.ok(!trail.includes('13912345678') && !trail.includes('13700001111'), trail);
      assert.ok(trail.includes('139****5678'));
    });

    test('a 96333 caller: ciphertext at rest, the dispatcher sees the number, the rescuer a masked one', async () => {
      const call = await env.app.inject({ method: 'POST', url: '/api/incidents', headers: dispatcher, payload: { code: A.rescueCode, source: 'phone', type: 'trapped', trapped: 1, callerPhone: '13812345678' } });
      assert.equal(call.statusCode, 201, call.body);
      const id = call.json().id as number;
      const row = await raw('incident', 'caller_phone', id);
      assert.match(row.v!, /^v1:/);
      assert.ok(!row.v!.includes('13812345678'));
      assert.equal(row.h, piiCipher(env.ctx.config).phoneHash('13812345678'));
      assert.equal((await env.app.inject({ method: 'GET', url: `/api/incidents/${id}`, headers: dispatcher })).json().callerPhone, '13812345678');
      const seen = await env.app.inject({ method: 'GET', url: `/api/incidents/${id}`, headers: rescuer });
      assert.equal(seen.statusCode, 200, seen.body);
      assert.equal(seen.json().callerPhone, '138****5678');
      const events = JSON.stringify(await env.ctx.store.db.selectFrom('incident_event').select('detail').where('incident_id', '=', id).execute());
      assert.ok(!events.includes('13812345678'));
    });

    test('a complaint reporter contact: ciphertext at rest, the handler sees it, nobody else in clear', async () => {
      const sent = await env.app.inject({ method: 'POST', url: '/api/public/reports', remoteAddress: '10.9.0.1', payload: { code: B.registrationCode, category: 'unsafe', description: '电梯门关不严，运行有异响', contact: '13687654321' } });
      assert.equal(sent.statusCode, 201, sent.body);
      const c = await env.ctx.store.db.selectFrom('complaint').select(['id', 'reporter_contact', 'reporter_contact_hash']).orderBy('id', 'desc').executeTakeFirstOrThrow();
      assert.match(c.reporter_contact!, /^v1:/);
      assert.ok(!c.reporter_contact!.includes('13687654321'));
      assert.equal(c.reporter_contact_hash, piiCipher(env.ctx.config).phoneHash('13687654321'));
      const detail = await env.app.inject({ method: 'GET', url: `/api/complaints/${c.id}`, headers: regulator });
      assert.equal(detail.statusCode, 200, detail.body);
      assert.equal(detail.json().reporterContact, '13687654321');
    });

    test('the data migration encrypts rows left in clear, once, and then the store refuses plaintext', async () => {
      const { db, pool } = env.ctx.store;
      const cipher = piiCipher(env.ctx.config);
      // An older version's rows: the constraint as 0018 left it (not yet validated), plaintext values, not yet run.
      const enc = await db.insertInto('app_user').values({ username: 'new.enc', display_name: 'n', password_hash: 'x', org_id: platformId, roles: [], phone: cipher.encrypt('13600000000') }).returning(['id', 'phone']).executeTakeFirstOrThrow();
      await sql`ALTER TABLE app_user DROP CONSTRAINT app_user_phone_encrypted`.execute(db);
      const ids: number[] = [];
      for (const [name, phone] of [['old.a', '13511112222'], ['old.b', '0531-8888 0000'], ['old.c', null]] as const) {
        const r = await db.insertInto('app_user').values({ username: name, display_name: name, password_hash: 'x', org_id: platformId, roles: [], phone }).returning('id').executeTakeFirstOrThrow();
        ids.push(r.id);
      }
      await sql`ALTER TABLE app_user ADD CONSTRAINT app_user_phone_encrypted CHECK (phone IS NULL OR phone LIKE 'v1:%') NOT VALID`.execute(db);
      await db.deleteFrom('data_migration').execute();
      const converted = await encryptPersonalData(pool, cipher);
      assert.equal(converted, 2);
      assert.equal(cipher.decrypt((await raw('app_user', 'phone', ids[0]!)).v!), '13511112222');
      assert.equal((await raw('app_user', 'phone', ids[1]!)).h, cipher.phoneHash('053188880000'));
      assert.equal((await raw('app_user', 'phone', ids[2]!)).v, null);
      assert.equal((await raw('app_user', 'phone', enc.id)).v, enc.phone, 'encrypted rows untouched');
      const validated = await sql<{ convalidated: boolean }>`SELECT convalidated FROM pg_constraint WHERE conname = 'app_user_phone_encrypted'`.execute(db);
      assert.equal(validated.rows[0]!.convalidated, true);
      // Once only: a second start does nothing.
      assert.equal(await encryptPersonalData(pool, cipher), 0);
      // No code path can store a plaintext phone any more.
      await assert.rejects(db.updateTable('app_user').set({ phone: '13511112222' }).where('id', '=', ids[0]!).execute(), /app_user_phone_encrypted/);
      await assert.rejects(sql`UPDATE incident SET caller_phone = '13800000000'`.execute(db), /incident_caller_phone_encrypted/);
      await assert.rejects(sql`UPDATE complaint SET reporter_contact = '13800000000'`.execute(db), /complaint_reporter_contact_encrypted/);
      // And the users search still finds the converted row by phone.
      const found = await env.app.inject({ method: 'GET', url: '/api/users?q=13511112222', headers: admin });
      assert.deepEqual(found.json().items.map((u: { username: string }) => u.username), ['old.a']);
    });
  });
}
