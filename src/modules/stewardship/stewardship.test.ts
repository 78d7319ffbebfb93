import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestEnv, storeKinds, type TestEnv } from '../../test/harness.ts';
import { bearer, buildRow, createOrg, toCsv, userToken } from '../../test/factories.ts';
import { sweep } from './stewardship.service.ts';

/** Elevators nobody manages become the street office's tasks until it appoints a management subject. */
for (const kind of storeKinds()) {
  describe(`stewardship (${kind})`, () => {
    let env: TestEnv;
    let admin: Record<string, string>;
    let lixia: Record<string, string>;
    let qingdao: Record<string, string>;
    let company: Record<string, string>;
    const A = buildRow({ regionCode: '370102' });
    const B = buildRow({ regionCode: '370102' });
    const get = (url: string, h: Record<string, string>) => env.app.inject({ method: 'GET', url, headers: h });
    const post = (url: string, payload: unknown, h: Record<string, string>) => env.app.inject({ method: 'POST', url, headers: h, payload: payload as object });

    before(async () => {
      env = await openTestEnv(kind, { now: '2026-11-30T02:00:00Z' });
      const { ctx } = env;
      const platform = await ctx.store.db.selectFrom('organization').select('id').where('type', '=', 'platform').executeTakeFirst();
      admin = bearer(await userToken(env, { orgId: (platform ?? (await createOrg(ctx, { type: 'platform' }))).id, roles: ['admin'] }));
      const imp = await env.app.inject({ method: 'POST', url: '/api/elevators/import', headers: { ...admin, 'content-type': 'text/csv' }, payload: toCsv([A, B]) });
      await env.runner.wait(imp.json().importId);
      // A's use unit went bankrupt and was struck off: nobody answers for it.
      await ctx.store.db.updateTable('elevator').set({ use_unit_id: null, status: 'STOPPED' }).where('registration_code', '=', A.registrationCode).execute();
      lixia = bearer(await userToken(env, { orgId: (await createOrg(ctx, { type: 'street_office', regionCode: '370102' })).id, roles: ['street_office'] }));
      qingdao = bearer(await userToken(env, { orgId: (await createOrg(ctx, { type: 'street_office', regionCode: '370202' })).id, roles: ['street_office'] }));
      company = bearer(await userToken(env, { orgId: (await createOrg(ctx, { type: 'maintenance', regionCode: '370102' })).id, roles: ['maintenance'] }));
    });
    after(() => env.close());

    test('the sweep opens one task per elevator without a use unit, once; it may not be put into use meanwhile', async () => {
      assert.deepEqual(await env.stewardship.tick(), { opened: 1, settled: 0 });
      assert.deepEqual(await env.stewardship.tick(), { opened: 0, settled: 0 });
      const mine = (await get('/api/stewardship/tasks', lixia)).json();
      assert.deepEqual(mine.items.map((t: { registrationCode: string; elevatorStatus: string }) => [t.registrationCode, t.elevatorStatus]), [[A.registrationCode, 'STOPPED']]);
      assert.equal((await get('/api/stewardship/tasks', qingdao)).json().total, 0);
      assert.equal((await get('/api/stewardship/tasks', company)).statusCode, 403);
      const restart = await post(`/api/elevators/${A.registrationCode}/status`, { status: 'IN_USE', reason: '恢复使用' }, admin);
      assert.equal(restart.statusCode, 409, restart.body);
      assert.equal(restart.json().error.code, 'USE_UNIT_REQUIRED');
    });

    test('the street office appoints a registered use unit or maintenance company; the elevator’s record names it; the task is closed once', async () => {
      const [task] = (await get('/api/stewardship/tasks', lixia)).json().items;
      const regulatorOrg = await createOrg(env.ctx, { type: 'regulator', regionCode: '370100' });
      const wrong = await post(`/api/stewardship/tasks/${task.id}/appoint`, { orgId: regulatorOrg.id, kind: 'professional', note: '指定' }, lixia);
      assert.equal(wrong.statusCode, 400);
      assert.equal(wrong.json().error.details.fields[0].field, 'orgId');
      assert.equal((await post(`/api/stewardship/tasks/${task.id}/appoint`, { orgId: 1, kind: 'property', note: 'x' }, qingdao)).json().error.code, 'STEWARDSHIP_TASK_NOT_FOUND');
      const property = await createOrg(env.ctx, { type: 'use_unit', regionCode: '370102', name: '历下区兜底物业服务中心' });
      const ok = await post(`/api/stewardship/tasks/${task.id}/appoint`, { orgId: property.id, kind: 'property', note: '街道会议决定由兜底物业管理' }, lixia);
      assert.equal(ok.statusCode, 200, ok.body);
      assert.deepEqual([ok.json().status, ok.json().appointedOrg, ok.json().appointeeKind], ['appointed', '历下区兜底物业服务中心', 'property']);
      assert.equal((await get(`/api/elevators/${A.registrationCode}`, admin)).json().useUnit?.name ?? (await get(`/api/elevators/${A.registrationCode}`, admin)).json().useUnitName, '历下区兜底物业服务中心');
      assert.equal((await post(`/api/stewardship/tasks/${task.id}/appoint`, { orgId: property.id, kind: 'property', note: '再次' }, lixia)).json().error.code, 'STEWARDSHIP_TASK_CLOSED');
      assert.deepEqual(await env.stewardship.tick(), { opened: 0, settled: 0 });
      const restart = await post(`/api/elevators/${A.registrationCode}/status`, { status: 'IN_USE', reason: '恢复使用' }, admin);
      assert.equal(restart.statusCode, 200, restart.body);
      const audit = await env.ctx.store.db.selectFrom('audit_log').select('action').where('entity_type', '=', 'stewardship_task').orderBy('id').execute();
      assert.deepEqual(audit.map((a) => a.action), ['stewardship.open', 'stewardship.appoint']);
    });
    test('a large backlog is swept in batches of small transactions, each audited', async () => {
      const extra = [buildRow({ regionCode: '370102' }), buildRow({ regionCode: '370102' }), buildRow({ regionCode: '370102' })];
      const imp = await env.app.inject({ method: 'POST', url: '/api/elevators/import', headers: { ...admin, 'content-type': 'text/csv' }, payload: toCsv(extra) });
      await env.runner.wait(imp.json().importId);
      const codes = extra.map((e) => e.registrationCode);
      await env.ctx.store.db.updateTable('elevator').set({ use_unit_id: null }).where('registration_code', 'in', codes).execute();
      const openAudits = async () => (await env.ctx.store.db.selectFrom('audit_log').select('entity_id').where('action', '=', 'stewardship.open').execute()).length;
      const before = await openAudits();
      const r = await sweep(env.ctx, 2);
      assert.deepEqual(r, { opened: 3, settled: 0, transactions: 2 });
      assert.equal((await openAudits()) - before, 3);
      // Given their use units back, they are withdrawn in batches too; A (from the other test's import) is not touched.
      const uu = await createOrg(env.ctx, { type: 'use_unit', regionCode: '370102' });
      await env.ctx.store.db.updateTable('elevator').set({ use_unit_id: uu.id }).where('registration_code', 'in', codes).execute();
      assert.deepEqual(await sweep(env.ctx, 2), { opened: 0, settled: 3, transactions: 2 });
    });

  });
}
