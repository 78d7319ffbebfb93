import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { openTestEnv, storeKinds, type TestEnv } from '../../test/harness.ts';
import { bearer, buildRow, createOrg, toCsv, userToken, uscc } from '../../test/factories.ts';

/** Hazards over HTTP ("now" = 2026-11-30 10:00 Shanghai): raised by a regulator, a repair and a modernisation run through. */
for (const kind of storeKinds()) {
  describe(`hazard rectification (${kind})`, () => {
    let env: TestEnv;
    let admin: Record<string, string>;
    let useUnit: Record<string, string>;
    let otherUseUnit: Record<string, string>;
    let company: Record<string, string>;
    let jinan: Record<string, string>;
    let qingdao: Record<string, string>;
    const U = { useUnitName: '隐患测试物业', useUnitCreditCode: uscc('370102'), maintenanceName: '隐患测试维保', maintenanceCreditCode: uscc('370102') };
    const A = buildRow({ regionCode: '370102', ...U });
    const B = buildRow({ regionCode: '370102', ...U });
    const post = (url: string, payload: unknown, h: Record<string, string>) => env.app.inject({ method: 'POST', url, headers: h, payload: payload as object });
    const get = (url: string, h: Record<string, string>) => env.app.inject({ method: 'GET', url, headers: h });
    const step = (id: number, body: Record<string, unknown>, h: Record<string, string>) => post(`/api/hazards/${id}/actions`, body, h);
    const orgId = async (name: string) => (await env.ctx.store.db.selectFrom('organization').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;

    before(async () => {
      env = await openTestEnv(kind, { now: '2026-11-30T02:00:00Z' });
      const platform = await env.ctx.store.db.selectFrom('organization').select('id').where('type', '=', 'platform').executeTakeFirst();
      admin = bearer(await userToken(env, { orgId: (platform ?? (await createOrg(env.ctx, { type: 'platform' }))).id, roles: ['admin'] }));
      const imp = await env.app.inject({ method: 'POST', url: '/api/elevators/import', headers: { ...admin, 'content-type': 'text/csv' }, payload: toCsv([A, B]) });
      await env.runner.wait(imp.json().importId);
      useUnit = bearer(await userToken(env, { orgId: await orgId('隐患测试物业'), roles: ['use_unit'] }));
      company = bearer(await userToken(env, { orgId: await orgId('隐患测试维保'), roles: ['maintenance'] }));
      otherUseUnit = bearer(await userToken(env, { orgId: (await createOrg(env.ctx, { type: 'use_unit', regionCode: '370102' })).id, roles: ['use_unit'] }));
      jinan = bearer(await userToken(env, { orgId: (await createOrg(env.ctx, { type: 'regulator', regionCode: '370100' })).id, roles: ['regulator'] }));
      qingdao = bearer(await userToken(env, { orgId: (await createOrg(env.ctx, { type: 'regulator', regionCode: '370200' })).id, roles: ['regulator'] }));
    });
    after(() => env.close());

    test('raising: a regulator of the region only; bad input names its fields; the responsible party follows the remedy', async () => {
      const bad = await post('/api/hazards', { registrationCode: A.registrationCode, source: 'supervision', item: '', severity: 'huge' }, jinan);
      assert.equal(bad.statusCode, 400);
      assert.deepEqual(bad.json().error.details.fields.map((f: { field: string }) => f.field).sort(), ['description', 'item', 'severity']);
      assert.equal((await post('/api/hazards', { registrationCode: A.registrationCode, source: 'supervision', item: '门锁', description: '失效', severity: 'serious' }, qingdao)).json().error.code, 'ELEVATOR_NOT_FOUND');
      assert.equal((await post('/api/hazards', { registrationCode: A.registrationCode, source: 'supervision', item: '门锁', description: '失效', severity: 'serious' }, useUnit)).statusCode, 403);
      const repair = await post('/api/hazards', { registrationCode: A.registrationCode, source: 'supervision', sourceRef: '监督抽查 2026-11', item: '层门门锁', description: '啮合长度不足', severity: 'serious' }, jinan);
      assert.equal(repair.statusCode, 201, repair.body);
      assert.equal(repair.json().responsibleOrgName, '隐患测试维保');
      assert.equal(repair.json().deadline, '2026-12-15');
      const major = await post('/api/hazards', { registrationCode: B.registrationCode, source: 'complaint', item: '控制系统', description: '频繁困人，建议改造', severity: 'general', remedy: 'modernise' }, jinan);
      assert.equal(major.json().responsibleOrgName, '隐患测试物业');
      assert.equal(major.json().deadline, '2026-12-30', 'a plan is due within 30 days');
    });

    test('a general repair: the maintenance company fixes with evidence, the regulator verifies and closes; the use unit may not verify', async () => {
      const [h] = (await get('/api/hazards?remedy=repair', company)).json().items;
      const early = (await step(h.id, { action: 'verify', note: '先确认' }, jinan)).json().error;
      assert.equal(early.code, 'HAZARD_ACTION_INVALID');
      assert.match(early.message, /待整改/, 'the status is named in Chinese');
      assert.equal((await step(h.id, { action: 'propose_plan', note: '方案', plan: { text: 'x', dueOn: '2027-01-01' } }, useUnit)).json().error.code, 'HAZARD_ACTION_INVALID');
      // The photo of the repair is uploaded under its SHA-256, then named by the step.
      const png = Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), Buffer.from('隐患整改照片')]);
      const sha = crypto.createHash('sha256').update(png).digest('hex');
      const put = (hash: string, body: Buffer, type = 'image/png') => env.app.inject({ method: 'PUT', url: `/api/hazards/files/${hash}`, headers: { ...company, 'content-type': type }, payload: body });
      assert.equal((await put('c'.repeat(64), png)).json().error.details.fields[0].field, 'sha256');
      const text = Buffer.from('not a photo');
      assert.equal((await put(crypto.createHash('sha256').update(text).digest('hex'), text, 'image/jpeg')).statusCode, 415);
      assert.deepEqual((await put(sha, png)).json(), { sha256: sha, bytes: png.length });
      const fixed = (await step(h.id, { action: 'fix', note: '已调整门锁', fileSha256: sha }, company)).json();
      assert.equal(fixed.status, 'fixed');
      for (const who of [company, jinan]) {
        const file = await get(`/api/hazards/${h.id}/files/${sha}`, who);
        assert.deepEqual([file.statusCode, file.headers['content-type'], file.rawPayload.equals(png)], [200, 'image/png', true]);
      }
      assert.equal((await get(`/api/hazards/${h.id}/files/${sha}`, qingdao)).statusCode, 404, 'another city does not see the hazard');
      assert.equal((await get(`/api/hazards/${h.id}/files/${'d'.repeat(64)}`, jinan)).statusCode, 404, 'only files the hazard names');
      assert.equal((await step(h.id, { action: 'verify', note: '自己确认' }, useUnit)).statusCode, 403);
      assert.equal((await step(h.id, { action: 'verify', note: '现场核查' }, jinan)).json().status, 'verified');
      const closed = (await step(h.id, { action: 'close', note: '销号' }, jinan)).json();
      assert.equal(closed.status, 'closed');
      assert.deepEqual(closed.evidence.map((e: { note: string }) => e.note.split(':')[0]), ['fix', 'verify', 'close']);
      const audit = await env.ctx.store.db.selectFrom('audit_log').select('action').where('entity_type', '=', 'hazard').where('entity_id', '=', String(h.id)).orderBy('id').execute();
      assert.deepEqual(audit.map((a) => a.action), ['hazard.raise', 'hazard.fix', 'hazard.verify', 'hazard.close']);
    });

    test('a modernisation: the use unit proposes a plan, every party agrees, then it is carried out, accepted and closed', async () => {
      const [h] = (await get('/api/hazards?remedy=modernise', useUnit)).json().items;
      assert.equal((await get(`/api/hazards/${h.id}`, otherUseUnit)).json().error.code, 'HAZARD_NOT_FOUND');
      assert.equal((await step(h.id, { action: 'fix', note: '直接修' }, company)).json().error.code, 'HAZARD_ACTION_INVALID');
      assert.equal((await step(h.id, { action: 'propose_plan', note: '改造方案' }, useUnit)).statusCode, 400, 'a plan needs its text and date');
      assert.equal((await step(h.id, { action: 'propose_plan', note: '方案', plan: { text: 'x', dueOn: '2027-01-01' } }, company)).statusCode, 403);
      const planned = (await step(h.id, { action: 'propose_plan', note: '提交改造方案', plan: { text: '更换控制柜及门机', dueOn: '2027-03-31', cost: 120000 } }, useUnit)).json();
      assert.equal(planned.status, 'planned');
      assert.deepEqual(planned.plan.agreedBy.map((a: { party: string }) => a.party), ['use_unit']);
      assert.deepEqual(planned.requiredParties, ['use_unit', 'maintenance', 'regulator']);
      assert.equal((await step(h.id, { action: 'agree', note: '再次同意' }, useUnit)).json().error.code, 'HAZARD_ACTION_INVALID', 'one agreement per party');
      assert.equal((await step(h.id, { action: 'agree', note: '同意' }, company)).json().status, 'planned', 'still waiting for the regulator');
      const agreed = (await step(h.id, { action: 'agree', note: '同意方案' }, jinan)).json();
      assert.equal(agreed.status, 'agreed');
      assert.equal(agreed.deadline, '2027-03-31', 'the plan’s date becomes the deadline');
      assert.equal((await step(h.id, { action: 'start', note: '开工' }, company)).statusCode, 403);
      assert.equal((await step(h.id, { action: 'start', note: '开工' }, useUnit)).json().status, 'in_progress');
      assert.equal((await step(h.id, { action: 'fix', note: '改造完成' }, useUnit)).json().status, 'fixed');
      assert.equal((await step(h.id, { action: 'reopen', note: '验收不合格' }, jinan)).json().status, 'in_progress');
      assert.equal((await step(h.id, { action: 'fix', note: '整改后完成' }, company)).json().status, 'fixed');
      assert.equal((await step(h.id, { action: 'verify', note: '验收合格' }, jinan)).json().status, 'verified');
      assert.equal((await step(h.id, { action: 'close', note: '销号' }, jinan)).json().status, 'closed');
    });

    test('a rejected plan sends the hazard back for a new one; overdue hazards escalate once; the summary counts by source', async () => {
      const h = (await post('/api/hazards', { registrationCode: A.registrationCode, source: 'supervision', item: '整梯', description: '建议更新', severity: 'general', remedy: 'replace', deadline: '2026-12-01' }, jinan)).json();
      await step(h.id, { action: 'propose_plan', note: '方案', plan: { text: '更新', dueOn: '2027-06-30' } }, useUnit);
      const rejected = (await step(h.id, { action: 'reject_plan', note: '资金来源不明' }, jinan)).json();
      assert.deepEqual([rejected.status, rejected.plan, rejected.deadline], ['open', null, '2026-12-15']);
      env.clock.set(new Date('2026-12-20T02:00:00Z'));
      jinan = bearer(await userToken(env, { orgId: (await createOrg(env.ctx, { type: 'regulator', regionCode: '370100' })).id, roles: ['regulator'] })); // sessions expired meanwhile
      qingdao = bearer(await userToken(env, { orgId: (await createOrg(env.ctx, { type: 'regulator', regionCode: '370200' })).id, roles: ['regulator'] }));
      assert.equal((await env.hazards.tick()).escalated, 1);
      assert.equal((await env.hazards.tick()).escalated, 0);
      const overdue = (await get('/api/hazards?overdue=true', jinan)).json();
      assert.deepEqual(overdue.items.map((x: { item: string; overdueDays: number; escalated: boolean }) => [x.item, x.overdueDays, x.escalated]), [['整梯', 5, true]]);
      const s = (await get('/api/hazards/summary?regionCode=370100', jinan)).json();
      assert.deepEqual(s.bySource, [
        { source: 'complaint', open: 0, overdue: 0, closed: 1 },
        { source: 'supervision', open: 1, overdue: 1, closed: 1 },
      ]);
      assert.deepEqual((await get('/api/hazards/summary', qingdao)).json().bySource, []);
    });
  });
}
