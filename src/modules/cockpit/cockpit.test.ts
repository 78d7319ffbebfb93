import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestEnv, storeKinds, type TestEnv } from '../../test/harness.ts';
import { bearer, buildRow, createOrg, toCsv, userToken, uscc } from '../../test/factories.ts';
import * as hazards from '../hazards/hazards.service.ts';
import { recordCreditEvent } from '../credit/credit-events.ts';

/**
 * The cockpit's figures against a fixture counted by hand ("now" = 2026-06-01 10:00 Shanghai), and each figure equal
 * to the total of the list it links to.
 *
 *   code  county  place       status   inspection due   maintenance due  other
 *   A1    370102  学校        在用     2026-05-01 (late) 2026-05-20 (late) open hazard, open trapped call this month, grade 4
 *   A2    370102  住宅        在用     2026-06-20 (soon) 2026-06-10         open hazard, active alarm
 *   A3    370102  住宅        停用     —                 —
 *   A4    370103  交通场站    在用     2026-04-01 (late) 2026-05-01 (late)
 *   B1    370202  学校        在用     2026-12-01        2026-05-25 (late)
 *   B2    370202  住宅        在用     2026-05-15 (late) 2026-06-10         closed hazard, closed call in May, grade 4 ×2 (kept counts)
 */
for (const kind of storeKinds()) {
  describe(`cockpit (${kind})`, () => {
    let env: TestEnv;
    let province: Record<string, string>;
    let jinan: Record<string, string>;
    let education: Record<string, string>;
    const U = { useUnitName: '驾驶舱测试物业', useUnitCreditCode: uscc('370102') };
    const A1 = buildRow({ ...U, regionCode: '370102', placeType: '学校' });
    const A2 = buildRow({ ...U, regionCode: '370102', placeType: '住宅' });
    const A3 = buildRow({ ...U, regionCode: '370102', placeType: '住宅', status: '停用' });
    const A4 = buildRow({ ...U, regionCode: '370103', placeType: '交通场站' });
    const B1 = buildRow({ ...U, regionCode: '370202', placeType: '学校' });
    const B2 = buildRow({ ...U, regionCode: '370202', placeType: '住宅' });
    const get = async (url: string, h: Record<string, string>) => {
      const res = await env.app.inject({ method: 'GET', url, headers: h });
      assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
      return res.json();
    };
    const status = async (url: string, h: Record<string, string>) => (await env.app.inject({ method: 'GET', url, headers: h })).statusCode;

    before(async () => {
      env = await openTestEnv(kind, { now: '2026-06-01T02:00:00Z' });
      const { ctx } = env;
      const db = ctx.store.db;
      const platform = await db.selectFrom('organization').select('id').where('type', '=', 'platform').executeTakeFirst();
      const admin = bearer(await userToken(env, { orgId: (platform ?? (await createOrg(ctx, { type: 'platform' }))).id, roles: ['admin'] }));
      const imp = await env.app.inject({ method: 'POST', url: '/api/elevators/import', headers: { ...admin, 'content-type': 'text/csv' }, payload: toCsv([A1, A2, A3, A4, B1, B2]) });
      assert.equal(imp.statusCode, 202, imp.body);
      await env.runner.wait(imp.json().importId);
      province = bearer(await userToken(env, { orgId: (await createOrg(ctx, { type: 'regulator', regionCode: '370000' })).id, roles: ['regulator'] }));
      jinan = bearer(await userToken(env, { orgId: (await createOrg(ctx, { type: 'regulator', regionCode: '370100' })).id, roles: ['regulator'] }));
      education = bearer(await userToken(env, { orgId: (await createOrg(ctx, { type: 'education', regionCode: '370000' })).id, roles: ['department'] }));

      const ids = new Map((await db.selectFrom('elevator').select(['id', 'registration_code', 'region_code']).execute()).map((e) => [e.registration_code, e]));
      const id = (r: { registrationCode: string }) => ids.get(r.registrationCode)!.id;
      // The stored schedules, set by hand (the schedule engine has its own tests).
      await db.deleteFrom('inspection_due').execute();
      const due = (r: typeof A1, date: string | null) => ({ elevator_id: id(r), region_code: r.regionCode, next_due_date: date, next_type: date ? 'periodic' : null, year: null });
      await db.insertInto('inspection_due').values([due(A1, '2026-05-01'), due(A2, '2026-06-20'), due(A3, null), due(A4, '2026-04-01'), due(B1, '2026-12-01'), due(B2, '2026-05-15')]).execute();
      await db.deleteFrom('maintenance_due').execute();
      const mdue = (r: typeof A1, next: string) => ({ elevator_id: id(r), region_code: r.regionCode, next_due: next });
      await db.insertInto('maintenance_due').values([mdue(A1, '2026-05-20'), mdue(A2, '2026-06-10'), mdue(A4, '2026-05-01'), mdue(B1, '2026-05-25'), mdue(B2, '2026-06-10')]).execute();
      const now = new Date('2026-06-01T02:00:00Z');
      const raised = await hazards.raise(db, now, [
        { elevatorId: id(A1), source: 'supervision', item: '门锁', description: 'a', severity: 'serious' },
        { elevatorId: id(A2), source: 'supervision', item: '照明', description: 'b', severity: 'general' },
        { elevatorId: id(B2), source: 'supervision', item: '按钮', description: 'c', severity: 'general' },
      ]);
      await db.updateTable('hazard').set({ status: 'closed' }).where('id', '=', raised[2]!.id).execute();
      const call = (r: typeof A1, place: string, type: 'trapped' | 'fault', st: 'received' | 'closed', at: string) => ({
        elevator_id: id(r), region_code: r.regionCode, place_type: place, urban: true, source: 'phone' as const, channels: ['phone'], type, status: st, received_at: new Date(at),
      });
      await db.insertInto('incident').values([call(A1, 'SCHOOL', 'trapped', 'received', '2026-06-01T01:00:00Z'), call(B2, 'RESIDENTIAL', 'fault', 'closed', '2026-05-20T02:00:00Z')]).execute();
      await db.insertInto('alarm').values({ elevator_id: id(A2), region_code: '370102', type: 'door_fault', severity: 'major', status: 'active', source: 'device', opened_at: now, last_at: now }).execute();
      await db.deleteFrom('risk_grade_count').execute();
      await db.insertInto('risk_grade_count').values([
        { region_code: '370102', place_type: 'SCHOOL', grade: 4, n: 1 },
        { region_code: '370202', place_type: 'RESIDENTIAL', grade: 4, n: 2 },
        { region_code: '370102', place_type: 'RESIDENTIAL', grade: 3, n: 1 },
      ]).execute();
    });
    after(() => env.close());

    test('registry totals come from the counts, scoped to the caller', async () => {
      assert.deepEqual(
        (({ total, inUse, stopped }) => ({ total, inUse, stopped }))(await get('/api/cockpit/registry', province)),
        { total: 6, inUse: 5, stopped: 1 },
      );
      assert.equal((await get('/api/cockpit/registry', jinan)).total, 4);
      assert.equal((await get('/api/cockpit/registry?regionCode=370202', province)).total, 2);
      assert.equal((await get('/api/cockpit/registry', education)).total, 2);
    });

    test('inspection compliance: scheduled, overdue, due soon, coverage; overdue equals the overdue list', async () => {
      assert.deepEqual(await get('/api/cockpit/inspection', province), { scheduled: 5, overdue: 3, dueIn30Days: 1, coverageRate: 0.4 });
      assert.deepEqual(await get('/api/cockpit/inspection', jinan), { scheduled: 3, overdue: 2, dueIn30Days: 1, coverageRate: 0.3333 });
      assert.deepEqual(await get('/api/cockpit/inspection', education), { scheduled: 2, overdue: 1, dueIn30Days: 0, coverageRate: 0.5 });
      for (const region of ['370100', '370102', '370103', '370200']) {
        const panel = await get(`/api/cockpit/inspection?regionCode=${region}`, province);
        assert.equal(panel.overdue, (await get(`/api/inspection/overdue?regionCode=${region}`, province)).total, region);
      }
    });

    test('maintenance, hazards, alarms, incidents and risk grades', async () => {
      assert.deepEqual(await get('/api/cockpit/maintenance', province), { overdue: 3, openFlags: 0 });
      assert.deepEqual(await get('/api/cockpit/maintenance', education), { overdue: 2, openFlags: 0 });
      assert.deepEqual(await get('/api/cockpit/hazards', province), { open: 2, overdue: 0, closed: 1 });
      assert.equal((await get('/api/cockpit/hazards', education)).open, 1);
      assert.equal((await get('/api/cockpit/alarms', province)).activeAlarms, 1);
      assert.equal((await get('/api/cockpit/alarms?regionCode=370200', province)).activeAlarms, 0);
      assert.equal((await get('/api/cockpit/alarms', education)).activeAlarms, 0);
      assert.deepEqual(await get('/api/cockpit/incidents', province), { open: 1, thisMonth: 1, trappedThisMonth: 1, monthStart: '2026-06-01' });
      assert.equal((await get('/api/cockpit/incidents?regionCode=370200', province)).open, 0);
      const old = await get('/api/cockpit/old-elevators', province);
      assert.deepEqual([old.riskGrade3, old.riskGrade4], [1, 3]);
      assert.deepEqual([(await get('/api/cockpit/old-elevators', education)).riskGrade4], [1]);
    });

    test('complaints and credit: the counts equal the lists they open', async () => {
      const report = (code: string, ip: string) =>
        env.app.inject({ method: 'POST', url: '/api/public/reports', remoteAddress: ip, payload: { code, category: 'unsafe', description: '电梯运行时异响明显，门关不严' } });
      assert.equal((await report(A1.registrationCode, '10.9.0.1')).statusCode, 201);
      assert.equal((await report(B2.registrationCode, '10.9.0.2')).statusCode, 201);
      assert.deepEqual(await get('/api/cockpit/complaints', province), { open: 2, overdue: 0, confirmed: 0, total: 2 });
      const jn = await get('/api/cockpit/complaints?regionCode=370100', province);
      assert.equal(jn.open, (await get('/api/complaints?open=true&regionCode=370100', province)).total);
      assert.equal(jn.open, 1);
      assert.equal(await status('/api/cockpit/complaints', education), 403);
      // Credit: one organisation of 济南 down to D, one of 青岛 to C.
      const at = new Date('2026-06-01T02:00:00Z');
      const bad = await createOrg(env.ctx, { type: 'maintenance', regionCode: '370102' });
      const weak = await createOrg(env.ctx, { type: 'maintenance', regionCode: '370202' });
      await recordCreditEvent(env.ctx.store.db, { orgId: bad.id, kind: 'penalty', sourceType: 'manual', sourceId: 'cockpit-1', points: -45, summary: '行政处罚', at });
      await recordCreditEvent(env.ctx.store.db, { orgId: weak.id, kind: 'penalty', sourceType: 'manual', sourceId: 'cockpit-2', points: -30, summary: '行政处罚', at });
      const all = await get('/api/cockpit/credit', province);
      assert.deepEqual([all.C, all.D], [1, 1]);
      const city = await get('/api/cockpit/credit?regionCode=370100', province);
      assert.deepEqual([city.C, city.D], [0, 1]);
      assert.equal(city.D, (await get('/api/credit/orgs?grade=D&regionCode=370100', province)).total);
      assert.deepEqual([(await get('/api/cockpit/credit', jinan)).D, (await get('/api/cockpit/credit', jinan)).C], [1, 0]);
    });

    test('the map colours every city; a city shows its counties; each value is its list’s total', async () => {
      const cities = await get('/api/cockpit/map?metric=inspectionOverdue', province);
      assert.equal(cities.level, 'city');
      assert.equal(cities.items.length, 16);
      const value = (m: { items: { regionCode: string; value: number }[] }, code: string) => m.items.find((i) => i.regionCode === code)?.value;
      assert.deepEqual([value(cities, '370100'), value(cities, '370200'), value(cities, '370300')], [2, 1, 0]);
      const counties = await get('/api/cockpit/map?metric=inspectionOverdue&regionCode=370100', province);
      assert.equal(counties.level, 'county');
      assert.equal(counties.cityCode, '370100');
      assert.deepEqual([value(counties, '370102'), value(counties, '370103'), value(counties, '370104')], [1, 1, 0]);
      assert.deepEqual(await get('/api/cockpit/map?metric=inspectionOverdue', jinan).then((m) => [m.level, value(m, '370102')]), ['county', 1]);
      const metric = async (m: string) => get(`/api/cockpit/map?metric=${m}`, province);
      assert.deepEqual([value(await metric('elevators'), '370100'), value(await metric('elevators'), '370200')], [4, 2]);
      assert.equal(value(await metric('activeAlarms'), '370100'), 1);
      assert.deepEqual([value(await metric('openHazards'), '370100'), value(await metric('openHazards'), '370200')], [2, 0]);
      assert.deepEqual([value(await metric('riskGrade4'), '370100'), value(await metric('riskGrade4'), '370200')], [1, 2]);
      assert.deepEqual([value(await metric('incidentsThisMonth'), '370100'), value(await metric('incidentsThisMonth'), '370200')], [1, 0]);
      const hazardList = await get('/api/hazards?open=true&regionCode=370100', province);
      assert.equal(hazardList.total, 2);
    });

    test('refuses a region outside the caller’s scope, an unknown one, and the map to departments', async () => {
      assert.equal(await status('/api/cockpit/registry?regionCode=370200', jinan), 403);
      assert.equal(await status('/api/cockpit/map?regionCode=370200', jinan), 403);
      assert.equal(await status('/api/cockpit/registry?regionCode=379999', province), 404);
      assert.equal(await status('/api/cockpit/map', education), 403);
      assert.equal(await status('/api/cockpit/registry', {}), 401);
    });
  });
}
