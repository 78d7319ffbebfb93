import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestEnv, storeKinds, type TestEnv } from '../../test/harness.ts';
import { bearer, buildRow, createOrg, toCsv, userToken, uscc } from '../../test/factories.ts';
import { fileSupervisoryReport, json, orgIdByName, PASSING_VOTE } from './test-support.ts';

/**
 * Replacement (更新) with hazards, a major repair without a registry change, a compound's project run by the street
 * office, and cancelling ("now" = 2026-11-30 10:00 Shanghai).
 */
for (const kind of storeKinds()) {
  describe(`renovation acceptance, hazards and registry (${kind})`, () => {
    let env: TestEnv;
    let http: ReturnType<typeof json>;
    const h: Record<string, Record<string, string>> = {};
    const OLD = { placeName: '老城小区', placeType: '住宅', manufactureDate: '1999-05-01', commissioningDate: '2000-01-10', registrationDate: '2000-02-01', acceptanceDate: '2000-01-05', ascendingOverspeedProtection: '无' };
    const U = { useUnitName: '老城物业', useUnitCreditCode: uscc('370103'), maintenanceName: '老城维保', maintenanceCreditCode: uscc('370103') };
    const E = buildRow({ regionCode: '370103', ...OLD, ...U, model: 'OLD-1' });
    const F = buildRow({ regionCode: '370103', ...OLD, ...U });
    const G = buildRow({ regionCode: '370103', ...OLD, placeName: '新城小区', useUnitName: '新城物业甲', useUnitCreditCode: uscc('370103') });
    const H = buildRow({ regionCode: '370103', ...OLD, placeName: '新城小区', useUnitName: '新城物业乙', useUnitCreditCode: uscc('370103') });
    const OFFICE = buildRow({ regionCode: '370103', ...OLD, placeName: '办公楼', placeType: '办公', ...U });

    before(async () => {
      env = await openTestEnv(kind, { now: '2026-11-30T02:00:00Z' });
      http = json(env);
      const platform = await env.ctx.store.db.selectFrom('organization').select('id').where('type', '=', 'platform').executeTakeFirst();
      h.admin = bearer(await userToken(env, { orgId: (platform ?? (await createOrg(env.ctx, { type: 'platform' }))).id, roles: ['admin'] }));
      const imp = await env.app.inject({ method: 'POST', url: '/api/elevators/import', headers: { ...h.admin, 'content-type': 'text/csv' }, payload: toCsv([E, F, G, H, OFFICE]) });
      await env.runner.wait(imp.json().importId);
      h.useUnit = bearer(await userToken(env, { orgId: await orgIdByName(env, '老城物业'), roles: ['use_unit'] }));
      h.jinan = bearer(await userToken(env, { orgId: (await createOrg(env.ctx, { type: 'regulator', regionCode: '370100' })).id, roles: ['regulator'] }));
      h.street = bearer(await userToken(env, { orgId: (await createOrg(env.ctx, { type: 'street_office', regionCode: '370103' })).id, roles: ['street_office'] }));
      h.otherStreet = bearer(await userToken(env, { orgId: (await createOrg(env.ctx, { type: 'street_office', regionCode: '370102' })).id, roles: ['street_office'] }));
    });
    after(() => env.close());

    const run = async (id: number, who: string, body: Record<string, unknown>, status = 200) => {
      const res = await http.post(`/api/renovation/projects/${id}/actions`, body, h[who]!);
      assert.equal(res.statusCode, status, `${body.action}: ${res.body}`);
      return res.json();
    };
    const hazard = async (id: number) => (await http.get(`/api/hazards/${id}`, h.jinan!)).json();

    test('更新: hazards follow the project (in progress at the start, fixed with evidence at acceptance); the new unit’s data reach the registry', async () => {
      const raised = await http.post('/api/hazards', { registrationCode: E.registrationCode, source: 'supervision', item: '曳引机', description: '主机老化，建议更新', severity: 'serious', remedy: 'replace' }, h.jinan!);
      const hz = raised.json().id;
      const otherHz = (await http.post('/api/hazards', { registrationCode: G.registrationCode, source: 'supervision', item: '门机', description: '老化', severity: 'general', remedy: 'modernise' }, h.jinan!)).json().id;
      const wrong = await http.post('/api/renovation/projects', { kind: 'replace', title: '老城小区电梯更新', registrationCodes: [E.registrationCode], plan: '整梯更新', budget: 450_000, hazardIds: [otherHz] }, h.useUnit!);
      assert.equal(wrong.statusCode, 400, 'a hazard of another elevator');
      assert.equal(wrong.json().error.details.fields[0].field, 'hazardIds.0');
      const p = (await http.post('/api/renovation/projects', { kind: 'replace', title: '老城小区电梯更新', registrationCodes: [E.registrationCode], plan: '整梯更新', budget: 450_000, hazardIds: [hz] }, h.useUnit!)).json();
      assert.deepEqual(p.hazards.map((x: { id: number; status: string }) => [x.id, x.status]), [[hz, 'open']]);
      assert.equal((await hazard(hz)).projectId, p.id);
      await http.put(`/api/renovation/projects/${p.id}/vote`, PASSING_VOTE, h.useUnit!);
      await run(p.id, 'useUnit', { action: 'decide' });
      await http.put(`/api/renovation/projects/${p.id}/funding`, { lines: [{ source: 'maintenance_fund', amount: 300_000 }, { source: 'owners', amount: 150_000 }] }, h.useUnit!);
      await run(p.id, 'useUnit', { action: 'confirm_funding' });
      await run(p.id, 'useUnit', { action: 'start', startedOn: '2026-09-01', installerName: '济南电梯安装有限公司' });
      const started = await hazard(hz);
      assert.equal(started.status, 'in_progress');
      assert.match(started.evidence.at(-1).note, new RegExp(`start: 更新项目 #${p.id}「老城小区电梯更新」开工`));

      // A modernisation report does not stand for a replacement's installation inspection.
      await fileSupervisoryReport(env, E.registrationCode, { kind: 'modernisation', date: '2026-11-01' });
      const noChange = await run(p.id, 'useUnit', { action: 'accept', acceptedOn: '2026-11-20' }, 400);
      assert.match(noChange.error.details.fields[0].message, new RegExp(`${E.registrationCode}：更新的电梯须填写新设备的型号`));
      const change = { registrationCode: E.registrationCode, model: 'GeN3-MR', factoryNo: 'NEW-2026-001', manufactureDate: '2026-08-01', manufacturerName: '奥的斯电梯' };
      assert.equal((await run(p.id, 'useUnit', { action: 'accept', acceptedOn: '2026-11-20', changes: [change] }, 409)).error.code, 'RENOVATION_INSPECTION_MISSING');
      await fileSupervisoryReport(env, E.registrationCode, { kind: 'installation', date: '2026-11-15' });
      const accepted = await run(p.id, 'useUnit', { action: 'accept', acceptedOn: '2026-11-20', changes: [change] });
      assert.equal(accepted.hazards[0].status, 'fixed');
      const fixed = await hazard(hz);
      assert.equal(fixed.status, 'fixed');
      assert.match(fixed.evidence.at(-1).note, new RegExp(`fix: 更新项目 #${p.id}「老城小区电梯更新」验收合格`));
      const audits = await env.ctx.store.db.selectFrom('audit_log').select(['action', 'after']).where('entity_type', '=', 'hazard').where('entity_id', '=', String(hz)).orderBy('id').execute();
      assert.deepEqual(audits.map((a) => a.action), ['hazard.raise', 'hazard.start', 'hazard.fix']);
      assert.equal((audits[2]!.after as { projectId: number }).projectId, p.id);
      // A regulator verifies the hazard through its own workflow afterwards.
      assert.equal((await http.post(`/api/hazards/${hz}/actions`, { action: 'verify', note: '更新验收合格' }, h.jinan!)).json().status, 'verified');

      const registered = await run(p.id, 'jinan', { action: 'register' });
      assert.equal(registered.status, 'registered');
      const e = (await http.get(`/api/elevators/${E.registrationCode}`, h.jinan!)).json();
      assert.deepEqual([e.model, e.factoryNo, e.manufactureDate, e.commissioningDate, e.acceptanceDate, e.ascendingOverspeedProtection, e.manufacturerName], ['GeN3-MR', 'NEW-2026-001', '2026-08-01', '2026-11-20', '2026-11-20', true, '奥的斯电梯']);
      assert.equal(e.registrationDate, '2000-02-01', 'what acceptance does not change stays');
      assert.equal(e.useUnit.name, '老城物业');
      assert.equal((await run(p.id, 'useUnit', { action: 'close' })).status, 'closed');
    });

    test('大修 of a use unit’s office building: no vote, no registry change — closed from accepted; 变更登记 is refused', async () => {
      const p = (await http.post('/api/renovation/projects', { kind: 'major_repair', title: '办公楼电梯大修', registrationCodes: [OFFICE.registrationCode], plan: '更换控制柜', budget: 80_000 }, h.useUnit!)).json();
      assert.equal(p.voteRequired, false);
      await run(p.id, 'useUnit', { action: 'decide' });
      await http.put(`/api/renovation/projects/${p.id}/funding`, { lines: [{ source: 'owners', amount: 50_000 }, { source: 'insurance', amount: 30_000 }] }, h.useUnit!);
      await run(p.id, 'useUnit', { action: 'confirm_funding' });
      assert.equal((await run(p.id, 'useUnit', { action: 'apply_subsidy' }, 400)).error.details.fields[0].field, 'funding.subsidy');
      await run(p.id, 'useUnit', { action: 'start', startedOn: '2026-10-01', installerName: '维修公司' });
      await fileSupervisoryReport(env, OFFICE.registrationCode, { kind: 'major_repair', date: '2026-10-20' });
      const accepted = await run(p.id, 'useUnit', { action: 'accept', acceptedOn: '2026-10-25' });
      assert.deepEqual(accepted.actions, ['close']);
      assert.equal((await run(p.id, 'jinan', { action: 'register' }, 409)).error.details.reason, 'kind');
      assert.equal((await run(p.id, 'useUnit', { action: 'close' })).status, 'closed');
      // A closed project frees its elevator for the next one.
      const next = await http.post('/api/renovation/projects', { kind: 'overspeed_retrofit', title: '加装', registrationCodes: [OFFICE.registrationCode], plan: '加装上行超速保护', budget: 30_000 }, h.useUnit!);
      assert.equal(next.statusCode, 201);
    });

    test('a compound with two use units: the street office of the county runs it, another county’s may not; cancelling frees the hazards', async () => {
      const body = { kind: 'modernise', title: '新城小区电梯改造', registrationCodes: [G.registrationCode, H.registrationCode], plan: '更换控制系统', budget: 300_000 };
      assert.equal((await http.post('/api/renovation/projects', body, h.otherStreet!)).statusCode, 404);
      const created = await http.post('/api/renovation/projects', body, h.street!);
      assert.equal(created.statusCode, 201, created.body);
      const p = created.json();
      assert.deepEqual([p.useUnit, p.compound, p.voteRequired], [null, '新城小区', true]);
      assert.equal((await http.get(`/api/renovation/projects/${p.id}`, h.otherStreet!)).statusCode, 404);
      const hz = (await http.get(`/api/hazards?registrationCode=${G.registrationCode}`, h.jinan!)).json().items[0].id;
      assert.equal((await http.put(`/api/renovation/projects/${p.id}/hazards`, { hazardIds: [hz] }, h.street!)).json().hazards.length, 1);
      assert.equal((await run(p.id, 'street', { action: 'cancel', reason: '' }, 400)).error.code, 'VALIDATION_FAILED');
      const cancelled = await run(p.id, 'street', { action: 'cancel', reason: '业主意见不一致，暂缓实施' });
      assert.deepEqual([cancelled.status, cancelled.hazards.length, cancelled.actions], ['cancelled', 0, []]);
      assert.equal((await hazard(hz)).projectId, null);
      assert.equal((await run(p.id, 'street', { action: 'decide' }, 409)).error.code, 'RENOVATION_ACTION_INVALID');
    });
  });
}
