import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestEnv, storeKinds, type TestEnv } from '../../test/harness.ts';
import { bearer, buildRow, createOrg, toCsv, userToken } from '../../test/factories.ts';
import * as hazards from '../hazards/hazards.service.ts';
import { invalidatePublic } from './public-lookup.service.ts';

for (const kind of storeKinds()) {
  describe(`registry records (${kind})`, () => {
    let env: TestEnv;
    let h: Record<string, string>;
    before(async () => {
      env = await openTestEnv(kind, { now: '2026-06-01T02:00:00Z' });
      const org = await createOrg(env.ctx, { type: 'regulator', regionCode: '370000' });
      h = bearer(await userToken(env, { orgId: org.id, roles: ['regulator'] }));
    });
    after(() => env.close());

    const create = (row: Record<string, unknown>) => env.app.inject({ method: 'POST', url: '/api/elevators', headers: h, payload: row });
    const get = (code: string) => env.app.inject({ method: 'GET', url: `/api/elevators/${code}`, headers: h });
    const status = (code: string, body: Record<string, unknown>) => env.app.inject({ method: 'POST', url: `/api/elevators/${code}/status`, headers: h, payload: body });

    test('creates a record and returns every field in camelCase', async () => {
      const row = buildRow({ regionCode: '370202', placeType: '医院' });
      const res = await create(row);
      assert.equal(res.statusCode, 201, res.body);
      const e = res.json();
      assert.equal(e.registrationCode, row.registrationCode);
      assert.equal(e.regionName, '山东省青岛市市南区');
      assert.equal(e.cityCode, '370200');
      assert.equal(e.placeType, 'HOSPITAL');
      assert.equal(e.ratedSpeed, 1.75);
      assert.equal(e.ascendingOverspeedProtection, true);
      assert.equal(e.useUnit.name, row.useUnitName);
      assert.equal(e.ageYears, 6);
      assert.equal(e.statusHistory.length, 1);
      const again = await create(row);
      assert.equal(again.statusCode, 409);
      assert.equal(again.json().error.code, 'ELEVATOR_EXISTS');
    });

    test('refuses a record with bad fields, naming each field in Chinese', async () => {
      const res = await create(buildRow({ registrationCode: '41103701022019060001', regionCode: '123456', floors: '0' }));
      assert.equal(res.statusCode, 400);
      const fields = res.json().error.details.fields.map((f: { field: string }) => f.field);
      assert.deepEqual(fields, ['registrationCode', 'regionCode', 'floors']);
      assert.match(res.json().error.details.fields[0].message, /注册代码/);
    });

    test('an edit is audited with before and after, and a stale version is refused', async () => {
      const row = buildRow();
      await create(row);
      const v1 = (await get(row.registrationCode)).json();
      const ok = await env.app.inject({ method: 'PUT', url: `/api/elevators/${row.registrationCode}`, headers: h, payload: { ...row, address: '山东省济南市历下区改正后地址9号', version: v1.version } });
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal(ok.json().version, v1.version + 1);
      const stale = await env.app.inject({ method: 'PUT', url: `/api/elevators/${row.registrationCode}`, headers: h, payload: { ...row, version: v1.version } });
      assert.equal(stale.statusCode, 409);
      assert.equal(stale.json().error.code, 'VERSION_CONFLICT');
      const audit = await env.app.inject({ method: 'GET', url: `/api/audit?entityType=elevator&entityId=${row.registrationCode}`, headers: h });
      const upd = audit.json().items.find((i: { action: string }) => i.action === 'elevator.update');
      assert.equal(upd.before.address, row.address);
      assert.equal(upd.after.address, '山东省济南市历下区改正后地址9号');
    });

    test('status follows the lifecycle; restart after a year-long stop needs a passed inspection', async () => {
      const row = buildRow();
      await create(row);
      assert.equal((await status(row.registrationCode, { status: 'CANCELLED', reason: 'x' })).statusCode, 409);
      const stop = await status(row.registrationCode, { status: 'STOPPED', reason: '业主停用', effectiveOn: '2025-03-01' });
      assert.equal(stop.statusCode, 200);
      const restart = await status(row.registrationCode, { status: 'IN_USE', reason: '恢复使用' });
      assert.equal(restart.statusCode, 409);
      assert.equal(restart.json().error.code, 'RESTART_NEEDS_INSPECTION');
      const early = await status(row.registrationCode, { status: 'IN_USE', reason: '恢复使用', inspectionPassedOn: '2025-01-10' });
      assert.equal(early.json().error.code, 'RESTART_NEEDS_INSPECTION');
      const ok = await status(row.registrationCode, { status: 'IN_USE', reason: '恢复使用', inspectionPassedOn: '2026-05-20' });
      assert.equal(ok.statusCode, 200);
      assert.equal((await status(row.registrationCode, { status: 'SCRAPPED', reason: '报废' })).statusCode, 200);
      assert.equal((await status(row.registrationCode, { status: 'CANCELLED', reason: '注销' })).statusCode, 200);
      assert.equal((await status(row.registrationCode, { status: 'IN_USE', reason: 'x' })).statusCode, 409);
      const hist = (await get(row.registrationCode)).json().statusHistory.map((s: { to: string }) => s.to);
      assert.deepEqual(hist, ['IN_USE', 'STOPPED', 'IN_USE', 'SCRAPPED', 'CANCELLED']);
    });

    test('a short stop restarts without an inspection', async () => {
      const row = buildRow();
      await create(row);
      await status(row.registrationCode, { status: 'STOPPED', reason: '维修', effectiveOn: '2026-05-01' });
      assert.equal((await status(row.registrationCode, { status: 'IN_USE', reason: '修好' })).statusCode, 200);
    });

    test('filters, search and facet counts agree with each other', async () => {
      const rows = [
        buildRow({ regionCode: '370303', status: '停用', category: '3310', placeType: '商场超市', address: '山东省淄博市张店区华光路银座商城1号' }),
        buildRow({ regionCode: '370303', commissioningDate: '2003-05-01', manufactureDate: '2003-01-01', address: '山东省淄博市张店区共青团路2号' }),
        buildRow({ regionCode: '370305', address: '山东省淄博市临淄区齐都路3号' }),
      ];
      const imp = await env.app.inject({ method: 'POST', url: '/api/elevators/import', headers: { ...h, 'content-type': 'text/csv' }, payload: toCsv(rows) });
      await env.runner.wait(imp.json().importId);
      const list = async (qs: string) => (await env.app.inject({ method: 'GET', url: `/api/elevators?${qs}`, headers: h })).json();
      assert.equal((await list('regionCode=370300')).total, 3);
      assert.equal((await list('regionCode=370303')).total, 2);
      assert.equal((await list('regionCode=370300&status=STOPPED')).total, 1);
      assert.equal((await list('regionCode=370300&category=3310')).total, 1);
      assert.equal((await list('regionCode=370300&minAge=20')).total, 1);
      assert.equal((await list('regionCode=370300&maxAge=10')).total, 2);
      assert.equal((await list(`q=${encodeURIComponent('银座商城')}`)).items[0].registrationCode, rows[0].registrationCode);
      assert.equal((await list(`q=${rows[1].rescueCode}`)).items[0].registrationCode, rows[1].registrationCode);
      assert.equal((await list(`q=${rows[2].registrationCode.slice(0, 18)}`)).total >= 1, true);
      const f = (await env.app.inject({ method: 'GET', url: '/api/elevators/facets?regionCode=370300', headers: h })).json();
      assert.equal(f.total, 3);
      assert.deepEqual(f.byCity, [{ key: '370300', label: '淄博市', count: 3 }]);
      assert.deepEqual(Object.fromEntries(f.byCounty.map((b: { key: string; count: number }) => [b.key, b.count])), { '370303': 2, '370305': 1 });
      assert.equal(f.byStatus.find((b: { key: string }) => b.key === 'STOPPED').count, 1);
      assert.equal(f.byAge.find((b: { key: string }) => b.key === 'ge20').count, 1);
      // Facets from the pre-aggregated table and from the rows agree.
      const viaRows = (await env.app.inject({ method: 'GET', url: `/api/elevators/facets?regionCode=370300&q=${encodeURIComponent('山东省淄博市')}`, headers: h })).json();
      assert.deepEqual(viaRows.byCounty, f.byCounty);
      assert.deepEqual(viaRows.byStatus, f.byStatus);
    });

    test('a text search also finds elevators by organisation name; counting can stop at a cap', async () => {
      const res = await env.app.inject({ method: 'GET', url: `/api/elevators?q=${encodeURIComponent('济南测试物业')}&pageSize=1`, headers: h });
      assert.ok(res.json().total >= 3);
      assert.equal(res.json().totalCapped, undefined);
      const { count } = await import('./elevators.repo.ts');
      const f = { q: '济南测试物业', qOrgIds: (await env.ctx.store.db.selectFrom('organization').select('id').where('name', '=', '济南测试物业有限公司').execute()).map((o) => o.id) };
      assert.equal(await count(env.ctx.store.db, { kind: 'all' }, f, 2), 3);
      assert.equal(await count(env.ctx.store.db, { kind: 'all' }, f), res.json().total);
    });

    test('sorts and pages on the server', async () => {
      const page1 = (await env.app.inject({ method: 'GET', url: '/api/elevators?pageSize=2&sort=registrationCode&order=desc', headers: h })).json();
      const page2 = (await env.app.inject({ method: 'GET', url: '/api/elevators?pageSize=2&page=2&sort=registrationCode&order=desc', headers: h })).json();
      // A regulator's list is regional: ordered by county, then code (the region index's order).
      const keys = [...page1.items, ...page2.items].map((i: { regionCode: string; registrationCode: string }) => `${i.regionCode}/${i.registrationCode}`);
      assert.deepEqual(keys, [...keys].sort().reverse());
      assert.equal(new Set(keys).size, 4);
    });

    test('an export re-imports unchanged', async () => {
      const exp = await env.app.inject({ method: 'GET', url: '/api/elevators/export?format=csv&regionCode=370300', headers: h });
      assert.equal(exp.statusCode, 200);
      const back = await env.app.inject({ method: 'POST', url: '/api/elevators/import', headers: { ...h, 'content-type': 'text/csv' }, payload: exp.rawPayload });
      await env.runner.wait(back.json().importId);
      const r = (await env.app.inject({ method: 'GET', url: `/api/imports/${back.json().importId}`, headers: h })).json();
      assert.equal(r.rejectedCount, 0, JSON.stringify(r.rejected));
      assert.equal(r.updated, 3);
      const v = await env.ctx.store.db.selectFrom('elevator').select('version').where('region_code', 'like', '3703%').execute();
      assert.deepEqual(v.map((x) => x.version), [1, 1, 1]);
      const xlsx = await env.app.inject({ method: 'GET', url: '/api/elevators/export?format=xlsx&regionCode=370300', headers: h });
      assert.equal(xlsx.statusCode, 200);
      assert.equal(xlsx.rawPayload.subarray(0, 2).toString(), 'PK');
    });

    test('the public page shows a correction at once (its cache is invalidated by the edit)', async () => {
      const row = buildRow();
      await create(row);
      const first = await env.app.inject({ method: 'GET', url: `/api/public/elevators/${row.rescueCode}` });
      assert.equal(first.json().address, row.address);
      const v = (await get(row.registrationCode)).json().version;
      await env.app.inject({ method: 'PUT', url: `/api/elevators/${row.registrationCode}`, headers: h, payload: { ...row, address: '山东省济南市历下区更正地址8号', version: v } });
      const second = await env.app.inject({ method: 'GET', url: `/api/public/elevators/${row.rescueCode}` });
      assert.equal(second.json().address, '山东省济南市历下区更正地址8号');
      await status(row.registrationCode, { status: 'STOPPED', reason: '停用' });
      assert.equal((await env.app.inject({ method: 'GET', url: `/api/public/elevators/${row.registrationCode}` })).json().statusName, '停用');
    });

    test('public lookup by either code shows public fields; unknown codes get 404 in Chinese', async () => {
      const row = buildRow();
      await create(row);
      for (const code of [row.registrationCode, row.rescueCode]) {
        const res = await env.app.inject({ method: 'GET', url: `/api/public/elevators/${code}` });
        assert.equal(res.statusCode, 200);
        assert.deepEqual(Object.keys(res.json()).sort(), ['address', 'category', 'categoryName', 'emergencyPhone', 'lastInspection', 'lastMaintenanceDate', 'maintenanceHotline', 'maintenanceName', 'maintenanceNextDue', 'maintenanceOverdueDays', 'nextInspectionDue', 'openHazards', 'placeName', 'regionName', 'registrationCode', 'rescueCode', 'status', 'statusName', 'useUnitName']);
      }
      // Maintenance regularity and open hazards (counts only) come from the maintenance clock and the hazard list.
      const pub = () => env.app.inject({ method: 'GET', url: `/api/public/elevators/${row.registrationCode}` }).then((r) => r.json());
      assert.deepEqual([(await pub()).lastMaintenanceDate, (await pub()).maintenanceOverdueDays, (await pub()).openHazards], [null, null, { total: 0, serious: 0 }]);
      const { db } = env.ctx.store;
      const id = (await db.selectFrom('elevator').select('id').where('registration_code', '=', row.registrationCode).executeTakeFirstOrThrow()).id;
      const today = env.ctx.clock.now();
      const day = (offset: number) => new Date(today.getTime() + offset * 86_400_000 + 8 * 3600_000).toISOString().slice(0, 10);
      await db.insertInto('maintenance_due').values({ elevator_id: id, region_code: row.regionCode, last_visit: day(-20), next_due: day(-5) }).execute();
      await hazards.raise(db, today, [
        { elevatorId: id, source: 'supervision', item: '层门锁', description: '啮合长度不足', severity: 'serious' },
        { elevatorId: id, source: 'supervision', item: '照明', description: '轿厢照明不亮', severity: 'general' },
      ]);
      invalidatePublic(env.ctx);
      const after = await pub();
      assert.deepEqual([after.lastMaintenanceDate, after.maintenanceNextDue, after.maintenanceOverdueDays, after.openHazards], [day(-20), day(-5), 5, { total: 2, serious: 1 }]);
      assert.ok(!JSON.stringify(after).includes('啮合长度不足'), 'what a hazard is stays private');
      const missing = await env.app.inject({ method: 'GET', url: '/api/public/elevators/31103701022019069999' });
      assert.equal(missing.statusCode, 404);
      assert.match(missing.json().error.message, /未查询到该电梯/);
      assert.equal((await env.app.inject({ method: 'GET', url: '/api/public/elevators/abc' })).statusCode, 404);
      const qr = await env.app.inject({ method: 'GET', url: `/api/elevators/${row.registrationCode}/qr.svg` });
      assert.match(qr.body, /<svg/);
      const png = await env.app.inject({ method: 'GET', url: `/api/elevators/${row.registrationCode}/qr.png` });
      assert.equal(png.rawPayload.subarray(1, 4).toString(), 'PNG');
    });
  });
}
