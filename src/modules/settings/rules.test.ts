import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestEnv, storeKinds, type TestEnv } from '../../test/harness.ts';
import { bearer, createOrg, userToken } from '../../test/factories.ts';
import { RULE_GROUPS, RULES, ruleLabel } from './rules-catalogue.ts';

test('every rule has a Chinese name and a default within its bounds', () => {
  for (const group of RULE_GROUPS)
    for (const r of RULES[group]) {
      assert.notEqual(ruleLabel(group, r.key), r.key, `${group}.${r.key} has no name`);
      assert.ok(r.default >= r.min && r.default <= r.max, `${group}.${r.key} default out of bounds`);
    }
  assert.equal(ruleLabel('addon', 'subsidy.storeys.7'), '7 层及以上补贴（元，0 表示无此档）');
});

/** Per-region rules through one API; what it writes is what the modules apply. */
for (const kind of storeKinds()) {
  describe(`rule settings (${kind})`, () => {
    let env: TestEnv;
    let jinan: Record<string, string>;
    let province: Record<string, string>;
    let qingdao: Record<string, string>;
    let housing: Record<string, string>;
    let company: Record<string, string>;
    const get = (url: string, h: Record<string, string>) => env.app.inject({ method: 'GET', url, headers: h });
    const put = (url: string, payload: unknown, h: Record<string, string>) => env.app.inject({ method: 'PUT', url, headers: h, payload: payload as object });
    const del = (url: string, h: Record<string, string>) => env.app.inject({ method: 'DELETE', url, headers: h });
    const item = (body: { items: { key: string; value: number; setBy: string | null }[] }, key: string) => body.items.find((i) => i.key === key)!;

    before(async () => {
      env = await openTestEnv(kind, { now: '2026-11-30T02:00:00Z' });
      const { ctx } = env;
      jinan = bearer(await userToken(env, { orgId: (await createOrg(ctx, { type: 'regulator', regionCode: '370100' })).id, roles: ['regulator'] }));
      province = bearer(await userToken(env, { orgId: (await createOrg(ctx, { type: 'regulator', regionCode: '370000' })).id, roles: ['regulator'] }));
      qingdao = bearer(await userToken(env, { orgId: (await createOrg(ctx, { type: 'regulator', regionCode: '370200' })).id, roles: ['regulator'] }));
      housing = bearer(await userToken(env, { orgId: (await createOrg(ctx, { type: 'housing', regionCode: '370100' })).id, roles: ['housing'] }));
      company = bearer(await userToken(env, { orgId: (await createOrg(ctx, { type: 'maintenance', regionCode: '370102' })).id, roles: ['maintenance'] }));
    });
    after(() => env.close());

    test('defaults apply until a region sets its own; the most specific region wins; the module applies it', async () => {
      const fresh = (await get('/api/settings/rules/addon?regionCode=370102', jinan)).json();
      assert.deepEqual([item(fresh, 'notice.days').value, item(fresh, 'notice.days').setBy, fresh.canEdit], [10, null, true]);
      assert.equal((await put('/api/settings/rules/addon', { regionCode: '370000', key: 'notice.days', value: 12 }, province)).statusCode, 200);
      const city = await put('/api/settings/rules/addon', { regionCode: '370100', key: 'notice.days', value: 15 }, jinan);
      assert.equal(city.statusCode, 200, city.body);
      const lixia = (await get('/api/settings/rules/addon?regionCode=370102', jinan)).json();
      assert.deepEqual([item(lixia, 'notice.days').value, item(lixia, 'notice.days').setBy], [15, '370100']);
      assert.equal(item((await get('/api/settings/rules/addon?regionCode=370202', province)).json(), 'notice.days').value, 12);
      // The added-elevator module reads the same table.
      assert.equal((await get('/api/addon/rules?regionCode=370102', housing)).json().noticeDays, 15);
      // A subsidy bracket set to 0 disappears from the module's brackets.
      await put('/api/settings/rules/addon', { regionCode: '370100', key: 'subsidy.storeys.4', value: 0 }, housing);
      const brackets = (await get('/api/addon/rules?regionCode=370102', housing)).json().subsidyByStoreys.map((b: { minStoreys: number }) => b.minStoreys);
      assert.deepEqual(brackets, [5, 6]);
      // Clearing the city's value brings back the province's.
      const cleared = await del('/api/settings/rules/addon?regionCode=370100&key=notice.days', jinan);
      assert.equal(cleared.statusCode, 200, cleared.body);
      assert.deepEqual([item(cleared.json(), 'notice.days').value, item(cleared.json(), 'notice.days').setBy], [12, '370000']);
    });

    test('bad values name the field; fractions stay fractions', async () => {
      const cases: [unknown, string][] = [
        [{ regionCode: '370100', key: 'notice.days', value: 0 }, 'value'],
        [{ regionCode: '370100', key: 'notice.days', value: 7.5 }, 'value'],
        [{ regionCode: '370100', key: 'no.such.rule', value: 1 }, 'key'],
        [{ regionCode: '370100', key: 'approval.num', value: 5 }, 'value'], // 5/4 > 1
      ];
      for (const [body, field] of cases) {
        const res = await put('/api/settings/rules/addon', body, jinan);
        assert.equal(res.statusCode, 400, JSON.stringify(body));
        assert.equal(res.json().error.details.fields[0].field, field, JSON.stringify(body));
      }
      // A fraction may be changed in the order that keeps it one: denominator first.
      assert.equal((await put('/api/settings/rules/addon', { regionCode: '370100', key: 'approval.den', value: 5 }, jinan)).statusCode, 200);
      assert.equal((await put('/api/settings/rules/addon', { regionCode: '370100', key: 'approval.num', value: 4 }, jinan)).statusCode, 200);
      assert.deepEqual((await get('/api/addon/rules?regionCode=370102', housing)).json().approval, { num: 4, den: 5 });
      assert.equal((await put('/api/settings/rules/insurance', { regionCode: '370100', key: 'subsidy.ratio', value: 0.1 }, jinan)).statusCode, 200);
      assert.equal((await put('/api/settings/rules/insurance', { regionCode: '370100', key: 'subsidy.ratio', value: 1.5 }, jinan)).statusCode, 400);
      assert.equal((await put('/api/settings/rules/nosuch', { regionCode: '370100', key: 'x', value: 1 }, jinan)).statusCode, 400);
    });

    test('who may: a regulator in its own region, the housing department for added elevators only; others not', async () => {
      const other = await put('/api/settings/rules/maintenance', { regionCode: '370100', key: 'halfMonthDays', value: 14 }, qingdao);
      assert.deepEqual([other.statusCode, other.json().error.code], [403, 'REGION_OUT_OF_SCOPE']);
      assert.equal((await put('/api/settings/rules/insurance', { regionCode: '370100', key: 'subsidy.cap', value: 500 }, housing)).json().error.code, 'FORBIDDEN');
      const view = (await get('/api/settings/rules/insurance?regionCode=370100', housing)).json();
      assert.deepEqual([view.canEdit, item(view, 'subsidy.ratio').value], [false, 0.1]);
      assert.equal((await put('/api/settings/rules/addon', { regionCode: '370100', key: 'registration.days', value: 20 }, company)).statusCode, 403);
      assert.equal((await get('/api/settings/rules/addon?regionCode=370100', company)).json().error.code, 'REGION_OUT_OF_SCOPE');
      assert.equal((await put('/api/settings/rules/maintenance', { regionCode: '370102', key: 'halfMonthDays', value: 14 }, jinan)).statusCode, 200);
      const audit = await env.ctx.store.db.selectFrom('audit_log').select(['action', 'entity_id', 'before', 'after']).where('entity_type', 'like', '%_rule_setting').orderBy('id').execute();
      assert.equal(audit.length, 8);
      const last = audit.at(-1)!;
      assert.deepEqual([last.action, last.entity_id, last.before, last.after], ['rules.set', '370102:halfMonthDays', null, { value: 14 }]);
      assert.equal(audit.filter((a) => a.action === 'rules.clear').length, 1);
    });
  });
}
