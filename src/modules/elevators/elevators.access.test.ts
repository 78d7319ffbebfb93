import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestEnv, storeKinds, type TestEnv } from '../../test/harness.ts';
import { bearer, buildRow, createOrg, toCsv, userToken, uscc } from '../../test/factories.ts';

/**
 * Every role against every registry endpoint: who sees the Jinan residential elevator (J) and the Qingdao school
 * elevator (Q), and who may write. A company never reaches another company's elevator; a region never another's.
 */
for (const kind of storeKinds()) {
  describe(`registry access matrix (${kind})`, () => {
    let env: TestEnv;
    const tokens: Record<string, string> = {};
    const J = buildRow({ regionCode: '370102', placeType: '住宅', useUnitName: '济南甲物业', useUnitCreditCode: uscc('370102'), maintenanceName: '济南甲维保', maintenanceCreditCode: uscc('370102'), manufacturerName: '甲电梯制造有限公司' });
    const Q = buildRow({ regionCode: '370202', placeType: '学校', useUnitName: '青岛乙学校', useUnitCreditCode: uscc('370202'), maintenanceName: '青岛乙维保', maintenanceCreditCode: uscc('370202'), manufacturerName: '乙电梯制造有限公司' });

    before(async () => {
      env = await openTestEnv(kind);
      const { ctx } = env;
      const platform = await ctx.store.db.selectFrom('organization').select('id').where('type', '=', 'platform').executeTakeFirst();
      const adminOrg = platform ?? (await createOrg(ctx, { type: 'platform', regionCode: '370000' }));
      tokens.admin = await userToken(env, { orgId: adminOrg.id, roles: ['admin'] });
      await createOrg(ctx, { type: 'manufacturer', name: '甲电梯制造有限公司' });
      const imp = await env.app.inject({ method: 'POST', url: '/api/elevators/import', headers: { ...bearer(tokens.admin), 'content-type': 'text/csv' }, payload: toCsv([J, Q]) });
      await env.runner.wait(imp.json().importId);
      const org = async (name: string) => (await ctx.store.db.selectFrom('organization').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
      const mk = async (role: string, orgId: number, roles: string[]) => (tokens[role] = await userToken(env, { orgId, roles }));
      await mk('provinceRegulator', (await createOrg(ctx, { type: 'regulator', regionCode: '370000' })).id, ['regulator']);
      await mk('jinanRegulator', (await createOrg(ctx, { type: 'regulator', regionCode: '370100' })).id, ['regulator']);
      await mk('qingdaoRegulator', (await createOrg(ctx, { type: 'regulator', regionCode: '370200' })).id, ['regulator']);
      await mk('jinanUseUnit', await org('济南甲物业'), ['use_unit']);
      await mk('qingdaoUseUnit', await org('青岛乙学校'), ['use_unit']);
      await mk('jinanMaintenance', await org('济南甲维保'), ['maintenance']);
      await mk('manufacturerA', await org('甲电梯制造有限公司'), ['manufacturer']);
      await mk('educationDept', (await createOrg(ctx, { type: 'education', regionCode: '370000' })).id, ['department']);
      await mk('jinanDispatcher', (await createOrg(ctx, { type: 'emergency_center', regionCode: '370100' })).id, ['dispatcher']);
      await mk('insurer', (await createOrg(ctx, { type: 'insurer', regionCode: '370000' })).id, ['insurer']);
    });
    after(() => env.close());

    /** Which of J and Q each role can read. */
    const SEES: Record<string, string[]> = {
      admin: ['J', 'Q'],
      provinceRegulator: ['J', 'Q'],
      jinanRegulator: ['J'],
      qingdaoRegulator: ['Q'],
      jinanUseUnit: ['J'],
      qingdaoUseUnit: ['Q'],
      jinanMaintenance: ['J'],
      manufacturerA: ['J'],
      educationDept: ['Q'],
      jinanDispatcher: ['J'],
      insurer: [],
    };
    const CAN_WRITE = new Set(['admin', 'provinceRegulator', 'jinanRegulator', 'qingdaoRegulator']);
    const CAN_EXPORT = new Set(['admin', 'provinceRegulator', 'jinanRegulator', 'qingdaoRegulator', 'jinanUseUnit', 'qingdaoUseUnit', 'jinanMaintenance', 'educationDept', 'jinanDispatcher']);
    const rows = { J, Q };

    for (const [role, visible] of Object.entries(SEES)) {
      test(`${role}: list, detail, facets and export show exactly ${visible.join('+') || 'nothing'}`, async () => {
        const h = bearer(tokens[role]);
        for (const name of ['J', 'Q'] as const) {
          const code = rows[name].registrationCode;
          const seen = visible.includes(name);
          const list = await env.app.inject({ method: 'GET', url: `/api/elevators?q=${code}`, headers: h });
          assert.equal(list.statusCode, 200);
          assert.deepEqual(list.json().items.map((i: { registrationCode: string }) => i.registrationCode), seen ? [code] : [], `${role} list ${name}`);
          assert.equal(list.json().total, seen ? 1 : 0);
          const res = await env.app.inject({ method: 'GET', url: `/api/elevators/${code}`, headers: h });
          assert.equal(res.statusCode, seen ? 200 : 404, `${role} reading ${name}`);
          const facets = await env.app.inject({ method: 'GET', url: `/api/elevators/facets?q=${code}`, headers: h });
          if (facets.statusCode === 200) assert.equal(facets.json().total, seen ? 1 : 0);
          const exp = await env.app.inject({ method: 'GET', url: `/api/elevators/export?format=csv&q=${code}`, headers: h });
          assert.equal(exp.statusCode, CAN_EXPORT.has(role) ? 200 : 403);
          if (exp.statusCode === 200) assert.equal(exp.body.includes(code), seen);
        }
      });

      test(`${role}: may ${CAN_WRITE.has(role) ? '' : 'not '}write, and only inside its region`, async () => {
        const h = bearer(tokens[role]);
        for (const name of ['J', 'Q'] as const) {
          const r = rows[name];
          // IN_USE → CANCELLED is never legal, so a permitted writer gets 409 and nothing changes.
          const illegal = await env.app.inject({ method: 'POST', url: `/api/elevators/${r.registrationCode}/status`, headers: h, payload: { status: 'CANCELLED', reason: 'test' } });
          assert.equal(illegal.statusCode, !CAN_WRITE.has(role) ? 403 : visible.includes(name) ? 409 : 404, `${role} status ${name}`);
          const edit = await env.app.inject({ method: 'PUT', url: `/api/elevators/${r.registrationCode}`, headers: h, payload: r });
          assert.equal(edit.statusCode, !CAN_WRITE.has(role) ? 403 : visible.includes(name) ? 200 : 404, `${role} edit ${name}`);
        }
        const create = await env.app.inject({ method: 'POST', url: '/api/elevators', headers: h, payload: { ...buildRow({ regionCode: '370202' }), ascendingOverspeedProtection: true } });
        const canCreateQingdao = ['admin', 'provinceRegulator', 'qingdaoRegulator'].includes(role);
        assert.equal(create.statusCode, canCreateQingdao ? 201 : 403, `${role} create`);
        const imp = await env.app.inject({ method: 'POST', url: '/api/elevators/import', headers: { ...h, 'content-type': 'text/csv' }, payload: toCsv([]) });
        assert.equal(imp.statusCode, CAN_WRITE.has(role) ? 202 : 403);
      });
    }

    test('a company sees only its own elevators in the unfiltered list and counts', async () => {
      for (const [role, code] of [['jinanUseUnit', J.registrationCode], ['qingdaoUseUnit', Q.registrationCode], ['jinanMaintenance', J.registrationCode]] as const) {
        const list = await env.app.inject({ method: 'GET', url: '/api/elevators?pageSize=200', headers: bearer(tokens[role]) });
        assert.deepEqual(list.json().items.map((i: { registrationCode: string }) => i.registrationCode), [code], role);
        const facets = await env.app.inject({ method: 'GET', url: '/api/elevators/facets', headers: bearer(tokens[role]) });
        assert.equal(facets.json().total, 1, role);
      }
      const none = await env.app.inject({ method: 'GET', url: '/api/elevators', headers: bearer(tokens.insurer) });
      assert.equal(none.json().total, 0);
    });

    test('without a token every registry endpoint answers 401, the public lookup answers', async () => {
      for (const url of ['/api/elevators', `/api/elevators/${J.registrationCode}`, '/api/elevators/facets', '/api/elevators/export', '/api/imports', '/api/orgs', '/api/users', '/api/audit']) {
        const res = await env.app.inject({ method: 'GET', url });
        assert.equal(res.statusCode, 401, url);
        assert.equal(res.json().error.code, 'UNAUTHENTICATED');
      }
      const pub = await env.app.inject({ method: 'GET', url: `/api/public/elevators/${J.rescueCode}` });
      assert.equal(pub.statusCode, 200);
      assert.equal(pub.json().registrationCode, J.registrationCode);
      assert.equal('useUnit' in pub.json() || 'longitude' in pub.json() || 'useUnitCreditCode' in pub.json(), false);
    });
  });
}
