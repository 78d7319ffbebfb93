import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestEnv, storeKinds, type TestEnv } from '../../test/harness.ts';
import { bearer, buildRow, createOrg, toCsv, userToken, uscc } from '../../test/factories.ts';

/** Safety assessments: commission with a data pack, the agency records them, a conclusion raises a hazard. */
for (const kind of storeKinds()) {
  describe(`safety assessments (${kind})`, () => {
    let env: TestEnv;
    let admin: Record<string, string>;
    let useUnit: Record<string, string>;
    let agency: Record<string, string>;
    let otherAgency: Record<string, string>;
    let agencyId: number;
    let unqualifiedId: number;
    const U = { useUnitName: '评估测试物业', useUnitCreditCode: uscc('370102') };
    const A = buildRow({ ...U, regionCode: '370102', registrationDate: '2003-05-01', manufactureDate: '2002-10-01', ascendingOverspeedProtection: '无' });
    const post = (url: string, payload: unknown, h: Record<string, string>) => env.app.inject({ method: 'POST', url, headers: h, payload: payload as object });
    const get = (url: string, h: Record<string, string>) => env.app.inject({ method: 'GET', url, headers: h });
    const result = (over: Record<string, unknown> = {}) => ({
      reportNo: 'PG-2026-001',
      assessedOn: '2026-11-28',
      items: [
        { group: 'equipment', item: '曳引机', finding: '磨损严重', risk: 4 },
        { group: 'building', item: '井道', finding: '渗水', risk: 2 },
        { group: 'use_management', item: '安全管理制度', finding: '基本健全', risk: 1 },
        { group: 'maintenance', item: '维保记录', finding: '多次逾期', risk: 3 },
      ],
      grade: 4,
      conclusion: 'modernise',
      measures: '更换曳引机、控制柜，整梯改造',
      ...over,
    });

    before(async () => {
      env = await openTestEnv(kind, { now: '2026-11-30T02:00:00Z' });
      const { ctx } = env;
      const platform = await ctx.store.db.selectFrom('organization').select('id').where('type', '=', 'platform').executeTakeFirst();
      admin = bearer(await userToken(env, { orgId: (platform ?? (await createOrg(ctx, { type: 'platform' }))).id, roles: ['admin'] }));
      const imp = await env.app.inject({ method: 'POST', url: '/api/elevators/import', headers: { ...admin, 'content-type': 'text/csv' }, payload: toCsv([A]) });
      await env.runner.wait(imp.json().importId);
      const uu = await ctx.store.db.selectFrom('organization').select('id').where('name', '=', '评估测试物业').executeTakeFirstOrThrow();
      useUnit = bearer(await userToken(env, { orgId: uu.id, roles: ['use_unit'] }));
      agencyId = (await createOrg(ctx, { type: 'inspection', regionCode: '370100', name: '山东评估院' })).id;
      await ctx.store.db.insertInto('organization_licence').values({ org_id: agencyId, kind: '电梯安全评估', number: 'PG-001', expires_on: '2028-12-31' }).execute();
      unqualifiedId = (await createOrg(ctx, { type: 'inspection', regionCode: '370100' })).id;
      agency = bearer(await userToken(env, { orgId: agencyId, roles: ['inspector'] }));
      otherAgency = bearer(await userToken(env, { orgId: unqualifiedId, roles: ['inspector'] }));
    });
    after(() => env.close());

    test('a use unit commissions a qualified agency; the data pack holds what the platform knows; others do not see it', async () => {
      const bad = await post('/api/assessments', { registrationCode: A.registrationCode, agencyOrgId: unqualifiedId, dueOn: '2026-12-31' }, useUnit);
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().error.details.fields[0].field, 'agencyOrgId');
      const res = await post('/api/assessments', { registrationCode: A.registrationCode, agencyOrgId: agencyId, dueOn: '2026-12-31' }, useUnit);
      assert.equal(res.statusCode, 201, res.body);
      const a = res.json();
      assert.equal(a.status, 'commissioned');
      assert.equal(a.commissionedBy, '评估测试物业');
      assert.deepEqual(a.dataPack.tiers, ['15', '20', 'overspeed']);
      assert.equal(a.dataPack.equipment.registration_code, A.registrationCode);
      assert.equal((await get(`/api/assessments/${a.id}`, agency)).json().agency, '山东评估院');
      assert.equal((await get(`/api/assessments/${a.id}`, otherAgency)).json().error.code, 'ASSESSMENT_NOT_FOUND');
      assert.equal((await get('/api/assessments', otherAgency)).json().total, 0);
    });

    test('the agency records it: grades outside the scale are refused by field; a modernise conclusion raises a serious hazard for the use unit; once only', async () => {
      const [a] = (await get('/api/assessments', agency)).json().items;
      assert.equal((await post(`/api/assessments/${a.id}/submit`, result(), useUnit)).statusCode, 403);
      const bad = await post(`/api/assessments/${a.id}/submit`, result({ grade: 5, items: [{ group: 'equipment', item: 'x', finding: 'y', risk: 6 }] }), agency);
      assert.equal(bad.statusCode, 400);
      assert.deepEqual(bad.json().error.details.fields.map((f: { field: string }) => f.field), ['grade', 'items.0.risk']);
      const ok = await post(`/api/assessments/${a.id}/submit`, result(), agency);
      assert.equal(ok.statusCode, 200, ok.body);
      assert.deepEqual([ok.json().status, ok.json().grade, ok.json().gradeScale, ok.json().conclusion], ['submitted', 4, 4, 'modernise']);
      assert.equal(ok.json().hazardIds.length, 1);
      const h = (await get(`/api/hazards/${ok.json().hazardIds[0]}`, useUnit)).json();
      assert.deepEqual([h.source, h.sourceRef, h.remedy, h.severity, h.responsibleOrgName], ['assessment', String(a.id), 'modernise', 'serious', '评估测试物业']);
      assert.equal((await get(`/api/hazards/${h.id}`, agency)).statusCode, 200, 'the agency sees the hazard it found');
      assert.equal((await post(`/api/assessments/${a.id}/submit`, result({ reportNo: 'PG-2' }), agency)).json().error.code, 'ASSESSMENT_CLOSED');
    });
  });
}
