import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestEnv, storeKinds, type TestEnv } from '../../test/harness.ts';
import { bearer, buildRow, createOrg, toCsv, userToken, uscc } from '../../test/factories.ts';

/** Contracts: notification first, the contract in force names the company, gaps listed, price dumping flagged. */
for (const kind of storeKinds()) {
  describe(`maintenance contracts (${kind})`, () => {
    let env: TestEnv;
    let admin: Record<string, string>;
    let first: Record<string, string>;
    let second: Record<string, string>;
    let secondId: number;
    const M = { maintenanceName: '合同甲维保', maintenanceCreditCode: uscc('370102') };
    const rows = Array.from({ length: 7 }, () => buildRow({ regionCode: '370102', ...M }));
    const post = (url: string, payload: unknown, h: Record<string, string>) => env.app.inject({ method: 'POST', url, headers: h, payload: payload as object });
    const contract = (code: string, price: number) => ({ registrationCode: code, startsOn: '2026-01-01', endsOn: '2027-12-31', pricePerYear: price });

    before(async () => {
      env = await openTestEnv(kind, { now: '2026-11-30T02:00:00Z' });
      const platform = await env.ctx.store.db.selectFrom('organization').select('id').where('type', '=', 'platform').executeTakeFirst();
      admin = bearer(await userToken(env, { orgId: (platform ?? (await createOrg(env.ctx, { type: 'platform' }))).id, roles: ['admin'] }));
      const imp = await env.app.inject({ method: 'POST', url: '/api/elevators/import', headers: { ...admin, 'content-type': 'text/csv' }, payload: toCsv(rows) });
      await env.runner.wait(imp.json().importId);
      const a = await env.ctx.store.db.selectFrom('organization').select('id').where('name', '=', '合同甲维保').executeTakeFirstOrThrow();
      first = bearer(await userToken(env, { orgId: a.id, roles: ['maintenance'] }));
      secondId = (await createOrg(env.ctx, { type: 'maintenance', regionCode: '370102', name: '合同乙维保' })).id;
      second = bearer(await userToken(env, { orgId: secondId, roles: ['maintenance'] }));
    });
    after(() => env.close());

    test('no 告知性登记 in the city: the contract is refused, naming the city', async () => {
      const res = await post('/api/maintenance/contracts', contract(rows[0]!.registrationCode, 6000), first);
      assert.equal(res.statusCode, 400);
      assert.match(res.json().error.details.fields[0].message, /济南市.*告知性登记/);
    });

    test('all in-use elevators are gaps until contracts are in force', async () => {
      assert.equal((await post('/api/maintenance/notifications', { cityCode: '370100', licenceNo: 'TS3137001-2026' }, first)).statusCode, 201);
      assert.equal((await env.app.inject({ method: 'GET', url: '/api/maintenance/contract-gaps?regionCode=370100', headers: admin })).json().total, 7);
      for (const [i, r] of rows.slice(0, 6).entries()) {
        const res = await post('/api/maintenance/contracts', contract(r.registrationCode, 6000 + i * 200), first);
        assert.equal(res.statusCode, 201, res.body);
        assert.equal(res.json().active, true);
      }
      assert.deepEqual((await env.app.inject({ method: 'GET', url: '/api/maintenance/contract-gaps?regionCode=370100', headers: admin })).json().items.map((g: { registrationCode: string }) => g.registrationCode), [rows[6]!.registrationCode]);
    });

    test('a price under half the city median is flagged with the median; the new contract names the company in the registry', async () => {
      await post('/api/maintenance/notifications', { cityCode: '370100', licenceNo: 'TS3137002-2026' }, second);
      const overlap = await post('/api/maintenance/contracts', contract(rows[0]!.registrationCode, 5000), second);
      assert.equal(overlap.statusCode, 400, 'another company holds that period');
      const cheap = await post('/api/maintenance/contracts', contract(rows[6]!.registrationCode, 2000), second);
      assert.equal(cheap.statusCode, 201, cheap.body);
      assert.deepEqual(cheap.json().priceCheck, { cityMedian: 6500, sample: 6, belowRatio: true });
      const e = (await env.app.inject({ method: 'GET', url: `/api/elevators/${rows[6]!.registrationCode}`, headers: admin })).json();
      assert.equal(e.maintenanceOrg.name, '合同乙维保');
      const flagged = (await env.app.inject({ method: 'GET', url: '/api/maintenance/contracts?regionCode=370100&dumping=true', headers: admin })).json();
      assert.deepEqual(flagged.items.map((c: { registrationCode: string }) => c.registrationCode), [rows[6]!.registrationCode]);
      // A company sees only its own contracts.
      assert.equal((await env.app.inject({ method: 'GET', url: '/api/maintenance/contracts', headers: second })).json().items.length, 1);
    });
  });
}
