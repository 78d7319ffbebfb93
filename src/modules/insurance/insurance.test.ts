import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestEnv, storeKinds, type TestEnv } from '../../test/harness.ts';
import { bearer, buildRow, createOrg, toCsv, userToken } from '../../test/factories.ts';

/**
 * Insurance through HTTP: products and policies of two insurers, premium and the city's subsidy, payers, lapsed
 * policies, coverage by region, claims linked to alarms; an insurer sees only its own rows and the elevators it
 * insures (404 for everything else), and loses an elevator when its policy is cancelled.
 */
for (const kind of storeKinds()) {
  describe(`insurance (${kind})`, () => {
    let env: TestEnv;
    const h: Record<string, Record<string, string>> = {};
    const J1 = buildRow({ regionCode: '370102', category: '3110', commissioningDate: '2014-06-20', manufactureDate: '2014-03-01', registrationDate: '2014-07-01', acceptanceDate: '2014-06-10' });
    const J2 = buildRow({ regionCode: '370102' });
    const Q = buildRow({ regionCode: '370202' });
    const ids: Record<string, number> = {};
    const products: Record<string, number> = {};
    const policies: Record<string, number> = {};
    const call = async (who: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) => {
      const res = await env.app.inject({ method, url, headers: h[who], ...(payload === undefined ? {} : { payload: payload as object }) });
      return { status: res.statusCode, body: res.json() };
    };
    const product = (name: string, kindOf = 'liability') => ({ name, kind: kindOf, coverage: { perAccident: 1_000_000, perPerson: 500_000, items: ['第三者人身伤亡', '财产损失'] }, premiumRule: { base: 800, byCategory: { '3110': 1000 }, ageBands: [{ minYears: 0, factor: 1 }, { minYears: 10, factor: 1.5 }] } });
    const policy = (policyNo: string, productId: number, registrationCode: string, startsOn = '2026-01-01', endsOn = '2026-12-31', payer = 'use_unit') => ({ policyNo, productId, registrationCode, startsOn, endsOn, payer });

    before(async () => {
      env = await openTestEnv(kind, { now: '2026-06-01T02:00:00Z' });
      const { ctx } = env;
      const platform = await ctx.store.db.selectFrom('organization').select('id').where('type', '=', 'platform').executeTakeFirst();
      h.admin = bearer(await userToken(env, { orgId: (platform ?? (await createOrg(ctx, { type: 'platform' }))).id, roles: ['admin'] }));
      const imp = await env.app.inject({ method: 'POST', url: '/api/elevators/import', headers: { ...h.admin, 'content-type': 'text/csv' }, payload: toCsv([J1, J2, Q]) });
      await env.runner.wait(imp.json().importId);
      for (const [k, r] of Object.entries({ J1, J2, Q })) ids[k] = (await ctx.store.db.selectFrom('elevator').select('id').where('registration_code', '=', r.registrationCode).executeTakeFirstOrThrow()).id;
      h.insurerA = bearer(await userToken(env, { orgId: (await createOrg(ctx, { type: 'insurer', name: '甲财产保险济南分公司' })).id, roles: ['insurer'] }));
      h.insurerB = bearer(await userToken(env, { orgId: (await createOrg(ctx, { type: 'insurer', name: '乙财产保险山东分公司' })).id, roles: ['insurer'] }));
      h.jinan = bearer(await userToken(env, { orgId: (await createOrg(ctx, { type: 'regulator', regionCode: '370100' })).id, roles: ['regulator'] }));
      h.province = bearer(await userToken(env, { orgId: (await createOrg(ctx, { type: 'regulator', regionCode: '370000' })).id, roles: ['regulator'] }));
      // Jinan subsidises premiums like Fuzhou: 10%, at most 1,000 yuan, only with a terminal bound; J1 has one.
      for (const [key, value] of [['subsidy.ratio', 0.1], ['subsidy.cap', 1000], ['subsidy.requiresIot', 1]] as const)
        await ctx.store.db.insertInto('insurance_rule_setting').values({ region_prefix: '3701', key, value, updated_by: null, updated_at: new Date() }).execute();
      await ctx.store.db.insertInto('device').values({ device_id: `ins-${kind}-1`, protocol: 'native', secret_salt: 's', secret_hash: 'h', elevator_id: ids.J1! }).execute();
    });
    after(() => env.close());

    test('insurers keep their own products; an insurer sees only its own, a regulator every active one', async () => {
      const a = await call('insurerA', 'POST', '/api/insurance/products', product('电梯安全责任险'));
      assert.equal(a.status, 201, JSON.stringify(a.body));
      products.A = a.body.id;
      products.Aservice = (await call('insurerA', 'POST', '/api/insurance/products', product('电梯保险+服务', 'service'))).body.id;
      products.B = (await call('insurerB', 'POST', '/api/insurance/products', product('电梯养老保险', 'pension'))).body.id;
      assert.equal((await call('insurerA', 'POST', '/api/insurance/products', product('电梯安全责任险'))).status, 400, 'same name twice');
      assert.deepEqual((await call('insurerA', 'GET', '/api/insurance/products')).body.items.map((p: { id: number }) => p.id).sort(), [products.A, products.Aservice].sort());
      assert.equal((await call('insurerA', 'GET', `/api/insurance/products/${products.B}`)).status, 404);
      assert.equal((await call('jinan', 'GET', '/api/insurance/products')).body.items.length, 3);
      assert.equal((await call('jinan', 'POST', '/api/insurance/products', product('监管不能建'))).status, 403);
    });

    test('a policy: premium by category and age band, the city subsidy with a terminal (capped), payers by product', async () => {
      const p1 = await call('insurerA', 'POST', '/api/insurance/policies', policy('A-2026-0001', products.A!, J1.registrationCode));
      assert.equal(p1.status, 201, JSON.stringify(p1.body));
      // 3110 → 1,000, in use 11 years on 2026-01-01 → ×1.5 = 1,500; Jinan 10% with a terminal = 150.
      assert.deepEqual([p1.body.premium, p1.body.subsidy, p1.body.inForce, p1.body.lapsed], [1500, 150, true, false]);
      policies.A1 = p1.body.id;
      const p2 = await call('insurerB', 'POST', '/api/insurance/policies', policy('B-2026-0001', products.B!, J2.registrationCode, '2026-01-01', '2026-12-31', 'maintenance_fund'));
      assert.deepEqual([p2.status, p2.body.subsidy], [201, 0], 'no terminal on J2: no subsidy');
      policies.B1 = p2.body.id;
      const insurerPays = await call('insurerA', 'POST', '/api/insurance/policies', policy('A-2026-0002', products.A!, J2.registrationCode, '2026-01-01', '2026-12-31', 'insurer'));
      assert.equal(insurerPays.status, 400);
      assert.equal(insurerPays.body.error.details.fields[0].field, 'payer');
      assert.equal((await call('insurerA', 'POST', '/api/insurance/policies', policy('A-2026-0003', products.Aservice!, J2.registrationCode, '2026-01-01', '2026-12-31', 'insurer'))).status, 201, '保险+服务: the insurer buys it');
      const overlap = await call('insurerA', 'POST', '/api/insurance/policies', policy('A-2026-0004', products.A!, J1.registrationCode, '2026-06-01', '2027-05-31'));
      assert.equal(overlap.body.error.code, 'INSURANCE_POLICY_OVERLAP');
      assert.equal((await call('insurerA', 'POST', '/api/insurance/policies', policy('A-2026-0001', products.A!, Q.registrationCode))).status, 400, 'policy number taken');
      assert.equal((await call('insurerA', 'POST', '/api/insurance/policies', policy('A-2026-0005', products.B!, Q.registrationCode))).status, 404, 'another insurer’s product');
      const badDates = await call('insurerA', 'POST', '/api/insurance/policies', { ...policy('A-2026-0006', products.A!, Q.registrationCode), startsOn: '2026-1-01' });
      assert.equal(badDates.status, 400);
      assert.match(badDates.body.error.details.fields[0].message, /日期格式/);
    });

    test('an ended policy not renewed is flagged lapsed; continued by another insurer it is not', async () => {
      policies.Aold = (await call('insurerA', 'POST', '/api/insurance/policies', policy('A-2025-0009', products.A!, Q.registrationCode, '2025-04-01', '2026-03-31'))).body.id;
      const lapsed = await call('insurerA', 'GET', '/api/insurance/policies?state=lapsed');
      assert.deepEqual(lapsed.body.items.map((p: { policyNo: string; lapsed: boolean }) => [p.policyNo, p.lapsed]), [['A-2025-0009', true]]);
      const cov = await call('province', 'GET', '/api/insurance/coverage');
      assert.deepEqual([cov.body.summary.inUse, cov.body.summary.insured, cov.body.summary.lapsed], [3, 2, 1]);
      assert.deepEqual(cov.body.byRegion.map((r: { regionCode: string; rate: number; lapsed: number }) => [r.regionCode, r.rate, r.lapsed]), [['370100', 1, 0], ['370200', 0, 1]]);
      assert.equal((await call('insurerB', 'POST', '/api/insurance/policies', policy('B-2026-0002', products.B!, Q.registrationCode, '2026-04-01', '2027-03-31'))).status, 201);
      assert.equal((await call('insurerA', 'GET', '/api/insurance/policies?state=lapsed')).body.total, 0);
      assert.equal((await call('jinan', 'GET', '/api/insurance/coverage')).body.byRegion.length, 1, 'a city regulator: its counties only');
    });

    test('insurer access: its own policies and the elevators it insures in force; another insurer’s rows and uninsured elevators are 404', async () => {
      const mine = await call('insurerA', 'GET', '/api/insurance/policies');
      assert.ok(mine.body.items.every((p: { insurer: { name: string } }) => p.insurer.name === '甲财产保险济南分公司'));
      assert.equal((await call('insurerA', 'GET', `/api/insurance/policies/${policies.B1}`)).status, 404);
      assert.equal((await call('insurerB', 'GET', `/api/insurance/policies/${policies.A1}`)).status, 404);
      assert.equal((await call('insurerA', 'GET', `/api/elevators/${J1.registrationCode}`)).status, 200);
      assert.equal((await call('insurerA', 'GET', `/api/elevators/${J2.registrationCode}`)).status, 200, 'its 保险+服务 policy');
      assert.equal((await call('insurerA', 'GET', `/api/elevators/${Q.registrationCode}`)).status, 404, 'its policy there has lapsed');
      assert.equal((await call('insurerB', 'GET', `/api/elevators/${J1.registrationCode}`)).status, 404, 'insured by another insurer only');
      // The risk data it needs: the score of an elevator it insures; nothing of one it does not.
      const risk = await call('insurerA', 'GET', `/api/risk/elevators/${J2.registrationCode}`);
      assert.equal(risk.status, 200, JSON.stringify(risk.body));
      assert.equal(typeof risk.body.score, 'number');
      assert.equal((await call('insurerA', 'GET', `/api/risk/elevators/${Q.registrationCode}`)).status, 404);
      const list = await call('insurerB', 'GET', '/api/elevators');
      assert.deepEqual(list.body.items.map((e: { registrationCode: string }) => e.registrationCode).sort(), [J2.registrationCode, Q.registrationCode].sort());
      assert.equal((await call('jinan', 'GET', '/api/insurance/policies')).body.total, 3, 'the Jinan regulator: policies on Jinan elevators (J1, J2 twice), any insurer');
    });

    test('claims linked to an alarm on the insured elevator, through their workflow; other insurers cannot touch them', async () => {
      const alarm = (elevator: number) => env.ctx.store.db.insertInto('alarm').values({ elevator_id: elevator, region_code: '370102', type: 'trapped', severity: 'critical', status: 'cleared', source: 'device', vendor_code: null, opened_at: new Date('2026-05-20T02:00:00Z'), last_at: new Date('2026-05-20T02:00:00Z') }).returning('id').executeTakeFirstOrThrow();
      const mineAlarm = (await alarm(ids.J1!)).id;
      const otherAlarm = (await alarm(ids.J2!)).id;
      const claim = { policyId: policies.A1!, occurredOn: '2026-05-20', description: '困人，乘客受轻伤', amountClaimed: 8000 };
      const wrong = await call('insurerA', 'POST', '/api/insurance/claims', { ...claim, alarmId: otherAlarm });
      assert.equal(wrong.status, 400);
      assert.match(wrong.body.error.details.fields[0].message, /不属于本保单的电梯/);
      assert.equal((await call('insurerA', 'POST', '/api/insurance/claims', { ...claim, occurredOn: '2025-12-31' })).status, 400, 'outside the period');
      assert.deepEqual((await call('insurerA', 'GET', `/api/insurance/policies/${policies.A1}/linkable`)).body.alarms.map((a: { id: number }) => a.id), [mineAlarm]);
      const filed = await call('insurerA', 'POST', '/api/insurance/claims', { ...claim, alarmId: mineAlarm });
      assert.equal(filed.status, 201, JSON.stringify(filed.body));
      assert.deepEqual([filed.body.status, filed.body.alarm.id, filed.body.actions], ['filed', mineAlarm, ['accept', 'reject', 'withdraw']]);
      const act = (who: string, body: object) => call(who, 'POST', `/api/insurance/claims/${filed.body.id}/actions`, body);
      assert.equal((await act('insurerA', { action: 'pay' })).status, 409);
      assert.equal((await act('insurerB', { action: 'accept' })).status, 404);
      assert.equal((await act('insurerA', { action: 'accept' })).body.status, 'accepted');
      assert.equal((await act('insurerA', { action: 'approve' })).status, 400, 'approving needs the amount');
      assert.equal((await act('insurerA', { action: 'approve', amountPaid: 9000 })).status, 400, 'more than claimed');
      assert.equal((await act('insurerA', { action: 'approve', amountPaid: 6000 })).body.amountPaid, 6000);
      assert.equal((await act('insurerA', { action: 'pay' })).body.status, 'paid');
      assert.equal((await act('insurerA', { action: 'withdraw' })).status, 409);
      assert.equal((await call('insurerB', 'GET', '/api/insurance/claims')).body.total, 0);
      // A repair: the hazard on the insured elevator may be named, another elevator's may not.
      const hazard = (elevator: number) => env.ctx.store.db.insertInto('hazard').values({ report_id: null, elevator_id: elevator, region_code: '370102', use_unit_id: null, item: '制动器', description: '制动器闸瓦磨损超标', severity: 'serious', status: 'open', deadline: '2026-06-30', created_at: new Date('2026-05-21T02:00:00Z') }).returning('id').executeTakeFirstOrThrow();
      const mine = (await hazard(ids.J1!)).id;
      const theirs = (await hazard(ids.J2!)).id;
      assert.equal((await call('insurerA', 'POST', '/api/insurance/claims', { ...claim, hazardId: theirs })).status, 400);
      const repair = await call('insurerA', 'POST', '/api/insurance/claims', { ...claim, occurredOn: '2026-05-21', description: '更换制动器闸瓦', hazardId: mine });
      assert.equal(repair.status, 201, JSON.stringify(repair.body));
      assert.deepEqual(repair.body.hazard, { id: mine, description: '制动器闸瓦磨损超标', status: 'open' });
      assert.deepEqual((await call('insurerA', 'GET', `/api/insurance/policies/${policies.A1}/linkable`)).body.hazards.map((h: { id: number }) => h.id), [mine]);
      assert.equal((await call('jinan', 'GET', '/api/insurance/claims')).body.total, 2);
    });

    test('a cancelled policy takes the elevator out of the insurer’s scope; every change is audited', async () => {
      assert.equal((await call('insurerB', 'POST', `/api/insurance/policies/${policies.A1}/cancel`, { reason: '误投' })).status, 404);
      const cancelled = await call('insurerA', 'POST', `/api/insurance/policies/${policies.A1}/cancel`, { reason: '使用单位退保' });
      assert.deepEqual([cancelled.body.status, cancelled.body.inForce], ['cancelled', false]);
      assert.equal((await call('insurerA', 'GET', `/api/elevators/${J1.registrationCode}`)).status, 404);
      const actions = (await env.ctx.store.db.selectFrom('audit_log').select('action').where('action', 'like', 'insurance.%').execute()).map((a) => a.action);
      for (const a of ['insurance.product.create', 'insurance.policy.issue', 'insurance.claim.file', 'insurance.claim.pay', 'insurance.policy.cancel']) assert.ok(actions.includes(a), a);
    });
  });
}
