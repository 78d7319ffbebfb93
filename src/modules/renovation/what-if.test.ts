import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestEnv, storeKinds, type TestEnv } from '../../test/harness.ts';
import { bearer, buildRow, createOrg, toCsv, userToken, uscc } from '../../test/factories.ts';
import { json, orgIdByName } from './test-support.ts';

/** POST /api/renovation/what-if over risk scores written directly (the risk service is another module's). */
for (const kind of storeKinds()) {
  describe(`renovation what-if (${kind})`, () => {
    let env: TestEnv;
    let http: ReturnType<typeof json>;
    const h: Record<string, Record<string, string>> = {};
    const U = { useUnitName: '测算物业', useUnitCreditCode: uscc('370104') };
    const dates = (y: number) => ({ manufactureDate: `${y}-01-01`, commissioningDate: `${y}-03-01`, registrationDate: `${y}-04-01`, acceptanceDate: `${y}-02-20` });
    // Old (registered before 2004): A 80 points, B 60, C 90 (another use unit), D unscored; E registered 2005 (15-year tier only); F new.
    const A = buildRow({ regionCode: '370104', ...U, ...dates(2001) });
    const B = buildRow({ regionCode: '370104', ...U, ...dates(2002) });
    const C = buildRow({ regionCode: '370104', ...dates(2000), useUnitName: '另一物业', useUnitCreditCode: uscc('370104') });
    const D = buildRow({ regionCode: '370104', ...U, ...dates(1999) });
    const E = buildRow({ regionCode: '370104', ...U, ...dates(2005) });
    const F = buildRow({ regionCode: '370104', ...U, ...dates(2020) });
    const Q = buildRow({ regionCode: '370202', ...dates(2000), address: '山东省青岛市市南区香港中路1号' });
    const SCORES: [Record<string, string>, number][] = [[A, 80], [B, 60], [C, 90], [E, 99], [F, 95], [Q, 100]];
    const body = (over: Record<string, unknown> = {}) => ({ budget: 250_000, regionCode: '370100', tier: 'age20', assumption: { basis: 'subsidy', amount: 100_000 }, ...over });

    before(async () => {
      env = await openTestEnv(kind, { now: '2026-11-30T02:00:00Z' });
      http = json(env);
      const platform = await env.ctx.store.db.selectFrom('organization').select('id').where('type', '=', 'platform').executeTakeFirst();
      h.admin = bearer(await userToken(env, { orgId: (platform ?? (await createOrg(env.ctx, { type: 'platform' }))).id, roles: ['admin'] }));
      const imp = await env.app.inject({ method: 'POST', url: '/api/elevators/import', headers: { ...h.admin, 'content-type': 'text/csv' }, payload: toCsv([A, B, C, D, E, F, Q]) });
      await env.runner.wait(imp.json().importId);
      const { db } = env.ctx.store;
      await db.insertInto('risk_model').values({ version: 1, params: '{}' }).onConflict((oc) => oc.column('version').doNothing()).execute();
      for (const [row, score] of SCORES) {
        const e = await db.selectFrom('elevator').select(['id', 'region_code', 'category_code', 'place_type']).where('registration_code', '=', row.registrationCode).executeTakeFirstOrThrow();
        await db
          .insertInto('risk_score')
          .values({ elevator_id: e.id, region_code: e.region_code, model_version: 1, score, grade: score >= 85 ? 4 : score >= 70 ? 3 : 2, age_years: null, category_code: e.category_code, place_type: e.place_type, faults_12m: 0, entrapments_12m: 0, last_conclusion: null, open_defects: 0, serious_defects: 0, maint_overdue_days: 0, maint_flags_12m: 0, complaints_12m: 0, contributions: [score], computed_at: new Date() })
          .execute();
      }
      h.finance = bearer(await userToken(env, { orgId: (await createOrg(env.ctx, { type: 'finance', regionCode: '370100' })).id, roles: ['finance'] }));
      h.useUnit = bearer(await userToken(env, { orgId: await orgIdByName(env, '测算物业'), roles: ['use_unit'] }));
    });
    after(() => env.close());

    test('a flat subsidy: the 20-year tier ranked by score, funded within the budget, the unscored listed, the next one named', async () => {
      const res = await http.post('/api/renovation/what-if', body(), h.finance!);
      assert.equal(res.statusCode, 200, res.body);
      const r = res.json();
      assert.deepEqual(r.funded.map((f: { registrationCode: string }) => f.registrationCode), [C.registrationCode, A.registrationCode]);
      assert.deepEqual([r.total, r.remaining, r.candidates], [200_000, 50_000, 3]);
      assert.match(r.funded[0].reason, /风险评分 90（4 级）÷ 预计补贴 10 万元 = 每万元 9 分，排第 1 位；累计 10 万元，在预算之内/);
      assert.deepEqual([r.next.registrationCode, r.next.shortfall], [B.registrationCode, 50_000]);
      assert.deepEqual([r.unscored.total, r.unscored.items[0].registrationCode], [1, D.registrationCode]);
      assert.ok(r.unscored.items[0].ageYears > 27);
      // Qingdao's highest score is outside the region asked for.
      assert.ok(!JSON.stringify(r).includes(Q.registrationCode));
    });

    test('costs per elevator change the order: risk per yuan, not risk alone; the 15-year tier adds the 2005 elevator', async () => {
      const r = (await http.post('/api/renovation/what-if', body({ tier: 'age15', assumption: { basis: 'cost', amount: 400_000, subsidyRate: 0.25, cap: 90_000 }, overrides: [{ registrationCode: C.registrationCode, amount: 300_000 }] }), h.finance!)).json();
      // E 99/90k, A 80/90k, B 60/90k fund 270k > 250k: E and A (180k), then B passed over, C (90/300k) passed over.
      assert.deepEqual(r.funded.map((f: { registrationCode: string }) => f.registrationCode), [E.registrationCode, A.registrationCode]);
      assert.deepEqual(r.funded.map((f: { cost: number }) => f.cost), [90_000, 90_000]);
      assert.deepEqual(r.passedOver.map((f: { registrationCode: string }) => f.registrationCode), [B.registrationCode, C.registrationCode]);
      assert.equal(r.next.shortfall, 20_000);
    });

    test('elevators already in an open project are left out and counted; a use unit sees only its own', async () => {
      const created = await http.post('/api/renovation/projects', { kind: 'replace', title: '更新', registrationCodes: [A.registrationCode], plan: '整梯更新', budget: 400_000 }, h.useUnit!);
      assert.equal(created.statusCode, 201, created.body);
      const r = (await http.post('/api/renovation/what-if', body(), h.finance!)).json();
      assert.deepEqual(r.funded.map((f: { registrationCode: string }) => f.registrationCode), [C.registrationCode, B.registrationCode]);
      assert.equal(r.inProject, 1);
      const own = (await http.post('/api/renovation/what-if', body({ regionCode: undefined }), h.useUnit!)).json();
      assert.deepEqual(own.funded.map((f: { registrationCode: string }) => f.registrationCode), [B.registrationCode]);
    });

    test('bad input names its fields; minimum grade filters', async () => {
      const bad = await http.post('/api/renovation/what-if', { budget: -5, tier: 'old', assumption: { basis: 'cost', amount: 0 } }, h.finance!);
      assert.equal(bad.statusCode, 400);
      assert.deepEqual(bad.json().error.details.fields.map((f: { field: string }) => f.field).sort(), ['assumption.amount', 'budget', 'tier']);
      const r = (await http.post('/api/renovation/what-if', body({ minGrade: 4, budget: 1_000_000 }), h.finance!)).json();
      assert.deepEqual(r.funded.map((f: { registrationCode: string }) => f.registrationCode), [C.registrationCode]);
    });
  });
}
