import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestEnv, storeKinds, type TestEnv } from '../../test/harness.ts';
import { bearer, buildRow, createOrg, toCsv, userToken, uscc } from '../../test/factories.ts';
import { permissionsOf } from '../auth/roles.ts';

/**
 * Department views read the cockpit's panels and the registry through elevatorScope: education sees schools only,
 * transport its stations, housing residential elevators; finance and the financial regulator their whole region.
 */
for (const kind of storeKinds()) {
  describe(`department views (${kind})`, () => {
    let env: TestEnv;
    const tokens: Record<string, Record<string, string>> = {};
    const U = { useUnitName: '部门测试物业', useUnitCreditCode: uscc('370102') };
    const SCHOOL = buildRow({ ...U, regionCode: '370102', placeType: '学校' });
    const KINDERGARTEN = buildRow({ ...U, regionCode: '370202', placeType: '幼儿园' });
    const HOME = buildRow({ ...U, regionCode: '370102', placeType: '住宅' });
    const HOME_QD = buildRow({ ...U, regionCode: '370202', placeType: '住宅' });
    const STATION = buildRow({ ...U, regionCode: '370103', placeType: '交通场站' });
    const MALL = buildRow({ ...U, regionCode: '370103', placeType: '商场超市' });
    const req = (url: string, who: string) => env.app.inject({ method: 'GET', url, headers: tokens[who] });
    const json = async (url: string, who: string) => {
      const res = await req(url, who);
      assert.equal(res.statusCode, 200, `${who} ${url}: ${res.body}`);
      return res.json();
    };
    const countWhere = async (placeType?: string) => {
      let q = env.ctx.store.db.selectFrom('elevator').select((eb) => eb.fn.countAll<number>().as('n'));
      if (placeType) q = q.where('place_type', '=', placeType);
      return Number((await q.executeTakeFirstOrThrow()).n);
    };

    before(async () => {
      env = await openTestEnv(kind, { now: '2026-06-01T02:00:00Z' });
      const { ctx } = env;
      const db = ctx.store.db;
      const platform = await db.selectFrom('organization').select('id').where('type', '=', 'platform').executeTakeFirst();
      tokens.admin = bearer(await userToken(env, { orgId: (platform ?? (await createOrg(ctx, { type: 'platform' }))).id, roles: ['admin'] }));
      const imp = await env.app.inject({ method: 'POST', url: '/api/elevators/import', headers: { ...tokens.admin, 'content-type': 'text/csv' }, payload: toCsv([SCHOOL, KINDERGARTEN, HOME, HOME_QD, STATION, MALL]) });
      assert.equal(imp.statusCode, 202, imp.body);
      await env.runner.wait(imp.json().importId);
      const user = async (name: string, type: string, region: string, roles: string[]) => {
        tokens[name] = bearer(await userToken(env, { orgId: (await createOrg(ctx, { type, regionCode: region })).id, roles }));
      };
      await user('education', 'education', '370000', ['department']);
      await user('educationQingdao', 'education', '370200', ['department']);
      await user('housing', 'housing', '370000', ['department', 'housing']);
      await user('housingQingdao', 'housing', '370200', ['department', 'housing']);
      await user('transport', 'transport', '370000', ['department']);
      await user('finance', 'finance', '370000', ['department', 'finance']);
      await user('financialRegulator', 'financial_regulator', '370000', ['department']);

      // Renovation: a residential project in 历下 with maintenance-fund money and a subsidy applied for; a cancelled one.
      const owner = await createOrg(ctx, { type: 'street_office', regionCode: '370102' });
      const ids = new Map((await db.selectFrom('elevator').select(['id', 'registration_code']).execute()).map((e) => [e.registration_code, e.id]));
      const project = (title: string, region: string, status: 'funded' | 'cancelled', requested: number | null) =>
        db.insertInto('renovation_project').values({
          kind: 'modernise', status, subsidy_status: requested ? 'applied' : 'none', title, region_code: region, use_unit_id: null, compound: null, owner_org_id: owner.id, plan: '更新', budget: 300_000,
          vote_required: true, vote: null, subsidy_requested: requested, subsidy_approved: null, installer_org_id: null, installer_name: null, installer_credit_code: null,
          construction_started_on: null, accepted_on: null, created_by: null, created_at: new Date(), updated_at: new Date(),
        }).returning('id').executeTakeFirstOrThrow();
      const p1 = await project('历下老旧电梯更新', '370102', 'funded', 50_000);
      const p2 = await project('已取消项目', '370202', 'cancelled', null);
      await db.insertInto('renovation_project_elevator').values([{ project_id: p1.id, elevator_id: ids.get(HOME.registrationCode)!, registry_change: null, registry_updated_at: null }, { project_id: p2.id, elevator_id: ids.get(HOME_QD.registrationCode)!, registry_change: null, registry_updated_at: null }]).execute();
      await db.insertInto('renovation_funding').values([
        { project_id: p1.id, source: 'maintenance_fund', amount: 120_000.5, note: null },
        { project_id: p1.id, source: 'subsidy', amount: 50_000, note: null },
        { project_id: p1.id, source: 'owners', amount: 129_999.5, note: null },
        { project_id: p2.id, source: 'maintenance_fund', amount: 9_999, note: null },
      ]).execute();
      const addon = (region: string, subsidy: 'approved' | 'disbursed', amount: number) => ({ region_code: region, address: '加装地址', building: '1号楼', unit: '1单元', storeys: 6, org_id: owner.id, status: 'construction' as const, subsidy_status: subsidy, subsidy_amount: amount, created_at: new Date(), updated_at: new Date() });
      await db.insertInto('addon_project').values([addon('370102', 'approved', 150_000), addon('370202', 'disbursed', 130_000)]).execute();
    });
    after(() => env.close());

    test('education sees school and kindergarten elevators only: its total is the school count, others are 404', async () => {
      const schools = await countWhere('SCHOOL');
      assert.equal(schools, 2, 'a 幼儿园 row is registered as SCHOOL');
      assert.equal((await json('/api/cockpit/registry', 'education')).total, schools);
      assert.equal((await json('/api/elevators?pageSize=100', 'education')).total, schools);
      assert.equal((await req(`/api/elevators/${SCHOOL.registrationCode}`, 'education')).statusCode, 200);
      assert.equal((await req(`/api/elevators/${KINDERGARTEN.registrationCode}`, 'education')).statusCode, 200);
      for (const other of [HOME, STATION, MALL]) assert.equal((await req(`/api/elevators/${other.registrationCode}`, 'education')).statusCode, 404);
      assert.equal((await req(`/api/risk/elevators/${HOME.registrationCode}`, 'education')).statusCode, 404);
      // A city's education bureau: the schools of its city only.
      assert.equal((await json('/api/cockpit/registry', 'educationQingdao')).total, 1);
      assert.equal((await req(`/api/elevators/${SCHOOL.registrationCode}`, 'educationQingdao')).statusCode, 404);
      assert.equal((await req('/api/cockpit/registry?regionCode=370100', 'educationQingdao')).statusCode, 403);
    });

    test('transport sees its stations, housing residential elevators; neither the other sector', async () => {
      assert.equal((await json('/api/cockpit/registry', 'transport')).total, await countWhere('TRANSPORT'));
      assert.equal((await req(`/api/elevators/${STATION.registrationCode}`, 'transport')).statusCode, 200);
      assert.equal((await req(`/api/elevators/${SCHOOL.registrationCode}`, 'transport')).statusCode, 404);
      assert.equal((await json('/api/cockpit/registry', 'housing')).total, await countWhere('RESIDENTIAL'));
      assert.equal((await req(`/api/elevators/${MALL.registrationCode}`, 'housing')).statusCode, 404);
    });

    test('finance and the financial regulator read their whole region', async () => {
      const all = await countWhere();
      assert.equal((await json('/api/cockpit/registry', 'finance')).total, all);
      assert.equal((await json('/api/cockpit/registry', 'financialRegulator')).total, all);
      const cover = await json('/api/cockpit/insurance', 'financialRegulator');
      assert.deepEqual(cover, { inUse: all, insured: 0, rate: 0, lapsed: 0 });
    });

    test('funding: the maintenance fund’s share for housing, subsidies by state for finance; cancelled projects left out', async () => {
      const housing = await json('/api/departments/funding', 'housing');
      const source = (f: { renovation: { bySource: { source: string; amount: number; projects: number }[] } }, s: string) => f.renovation.bySource.find((x) => x.source === s);
      assert.deepEqual(source(housing, 'maintenance_fund'), { source: 'maintenance_fund', projects: 1, amount: 120_000.5 });
      assert.equal((await json('/api/departments/funding', 'housingQingdao')).renovation.bySource.every((s: { amount: number }) => s.amount === 0), true);
      const finance = await json('/api/departments/funding', 'finance');
      assert.equal(finance.renovation.subsidyRequested, 50_000);
      assert.equal(finance.renovation.bySubsidyStatus.find((s: { status: string }) => s.status === 'applied').projects, 1);
      assert.deepEqual(
        finance.addon.bySubsidyStatus.filter((s: { projects: number }) => s.projects > 0),
        [{ status: 'approved', projects: 1, amount: 150_000 }, { status: 'disbursed', projects: 1, amount: 130_000 }],
      );
      assert.equal((await json('/api/departments/funding?regionCode=370200', 'finance')).addon.bySubsidyStatus.find((s: { status: string }) => s.status === 'approved').projects, 0);
      // Education holds renovation.read but no residential project is in its scope.
      assert.equal(source(await json('/api/departments/funding', 'education'), 'maintenance_fund')!.amount, 0);
    });

    test('department roles read but never write, and have no cockpit map', async () => {
      const writes = [...permissionsOf(['department'])].filter((p) => !/\.(read|stats|export|own)$/.test(p)); // .own: its own credit file (我的信用), read only
      assert.deepEqual(writes, []);
      for (const who of ['education', 'transport', 'financialRegulator']) {
        assert.equal((await env.app.inject({ method: 'POST', url: '/api/risk/recompute', headers: tokens[who] })).statusCode, 403, who);
        assert.equal((await req('/api/cockpit/map', who)).statusCode, 403, who);
      }
    });
  });
}
