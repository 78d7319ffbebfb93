import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestEnv, storeKinds, type TestEnv } from '../../test/harness.ts';
import { bearer, buildRow, createOrg, toCsv, userToken, uscc } from '../../test/factories.ts';
import { fileSupervisoryReport, json, orgIdByName, PASSING_VOTE } from './test-support.ts';

/**
 * A 加装上行超速保护 project over HTTP from creation to closure ("now" = 2026-11-30 10:00 Shanghai), with the illegal
 * steps refused on the way, the subsidy's arithmetic, and who may see and do what.
 */
for (const kind of storeKinds()) {
  describe(`renovation project over HTTP (${kind})`, () => {
    let env: TestEnv;
    let http: ReturnType<typeof json>;
    const h: Record<string, Record<string, string>> = {};
    const OLD = { placeName: '阳光小区', placeType: '住宅', manufactureDate: '2003-05-01', commissioningDate: '2003-10-01', registrationDate: '2003-11-01', acceptanceDate: '2003-09-20', ascendingOverspeedProtection: '无' };
    const U = { useUnitName: '阳光物业', useUnitCreditCode: uscc('370102'), maintenanceName: '阳光维保', maintenanceCreditCode: uscc('370102') };
    const A = buildRow({ regionCode: '370102', ...OLD, ...U });
    const B = buildRow({ regionCode: '370102', ...OLD, ...U });
    const C = buildRow({ regionCode: '370102', ...OLD, placeName: '月亮小区', useUnitName: '月亮物业', useUnitCreditCode: uscc('370102'), maintenanceName: '月亮维保', maintenanceCreditCode: uscc('370102') });
    let id: number;
    const url = () => `/api/renovation/projects/${id}`;
    const step = (body: Record<string, unknown>, who: string) => http.post(`${url()}/actions`, body, h[who]!);
    const detail = async (who = 'useUnit') => (await http.get(url(), h[who]!)).json();

    before(async () => {
      env = await openTestEnv(kind, { now: '2026-11-30T02:00:00Z' });
      http = json(env);
      const platform = await env.ctx.store.db.selectFrom('organization').select('id').where('type', '=', 'platform').executeTakeFirst();
      h.admin = bearer(await userToken(env, { orgId: (platform ?? (await createOrg(env.ctx, { type: 'platform' }))).id, roles: ['admin'] }));
      const imp = await env.app.inject({ method: 'POST', url: '/api/elevators/import', headers: { ...h.admin, 'content-type': 'text/csv' }, payload: toCsv([A, B, C]) });
      await env.runner.wait(imp.json().importId);
      h.useUnit = bearer(await userToken(env, { orgId: await orgIdByName(env, '阳光物业'), roles: ['use_unit'] }));
      h.otherUseUnit = bearer(await userToken(env, { orgId: await orgIdByName(env, '月亮物业'), roles: ['use_unit'] }));
      h.maint = bearer(await userToken(env, { orgId: await orgIdByName(env, '阳光维保'), roles: ['maintenance'] }));
      h.otherMaint = bearer(await userToken(env, { orgId: await orgIdByName(env, '月亮维保'), roles: ['maintenance'] }));
      h.finance = bearer(await userToken(env, { orgId: (await createOrg(env.ctx, { type: 'finance', regionCode: '370100', name: '济南市财政局' })).id, roles: ['finance'] }));
      h.qdFinance = bearer(await userToken(env, { orgId: (await createOrg(env.ctx, { type: 'finance', regionCode: '370200', name: '青岛市财政局' })).id, roles: ['finance'] }));
      h.jinan = bearer(await userToken(env, { orgId: (await createOrg(env.ctx, { type: 'regulator', regionCode: '370100' })).id, roles: ['regulator'] }));
      h.street = bearer(await userToken(env, { orgId: (await createOrg(env.ctx, { type: 'street_office', regionCode: '370102' })).id, roles: ['street_office'] }));
    });
    after(() => env.close());

    const create = (who: string, over: Record<string, unknown> = {}) =>
      http.post('/api/renovation/projects', { kind: 'overspeed_retrofit', title: '阳光小区加装上行超速保护', registrationCodes: [A.registrationCode, B.registrationCode], plan: '两台电梯加装上行超速保护装置', budget: 200_000, ...over }, h[who]!);

    test('creation: bad input names its fields in Chinese; finance may not create; elevators outside the caller’s scope are not found', async () => {
      const bad = await create('useUnit', { kind: 'paint', budget: -1, registrationCodes: [] });
      assert.equal(bad.statusCode, 400);
      assert.deepEqual(bad.json().error.details.fields.map((f: { field: string }) => f.field).sort(), ['budget', 'kind', 'registrationCodes']);
      assert.match(bad.json().error.details.fields.find((f: { field: string }) => f.field === 'registrationCodes').message, /至少一台电梯/);
      assert.equal((await create('finance')).statusCode, 403);
      const foreign = await create('useUnit', { registrationCodes: [A.registrationCode, C.registrationCode] });
      assert.equal(foreign.statusCode, 404);
      assert.match(foreign.json().error.details.fields[0].message, new RegExp(C.registrationCode));
      const mixed = await create('street', { registrationCodes: [A.registrationCode, C.registrationCode] });
      assert.equal(mixed.statusCode, 400, 'two use units, two compounds');
      assert.match(mixed.json().error.details.fields[0].message, /同一使用单位或同一住宅小区/);
    });

    test('the use unit creates the project (residential: a vote is required); the same elevator cannot be in two open projects', async () => {
      const res = await create('useUnit');
      assert.equal(res.statusCode, 201, res.body);
      const p = res.json();
      id = p.id;
      assert.deepEqual([p.status, p.subsidyStatus, p.voteRequired, p.compound, p.regionCode, p.useUnitName, p.elevatorCount], ['draft', 'none', true, '阳光小区', '370102', '阳光物业', 2]);
      assert.deepEqual(p.voteRule, { participation: { num: 2, den: 3 }, consent: { num: 3, den: 4 } });
      assert.deepEqual(p.actions, ['decide', 'cancel']);
      const again = await create('street', { registrationCodes: [B.registrationCode] });
      assert.equal(again.statusCode, 409);
      assert.equal(again.json().error.code, 'RENOVATION_ELEVATOR_IN_PROJECT');
      assert.match(again.json().error.message, new RegExp(`${B.registrationCode}（项目 ${id}）`));
    });

    test('who sees it: the use unit, its maintenance company, the region’s finance, regulator and street office; not another use unit, company or city', async () => {
      for (const who of ['useUnit', 'maint', 'finance', 'jinan', 'street', 'admin']) assert.equal((await http.get(url(), h[who]!)).statusCode, 200, who);
      for (const who of ['otherUseUnit', 'otherMaint', 'qdFinance']) {
        const res = await http.get(url(), h[who]!);
        assert.equal(res.statusCode, 404, who);
        assert.equal(res.json().error.code, 'RENOVATION_PROJECT_NOT_FOUND');
        assert.equal((await http.get('/api/renovation/projects', h[who]!)).json().total, 0, who);
      }
      assert.equal((await http.get(`/api/renovation/projects?q=${A.registrationCode}`, h.maint!)).json().total, 1);
      // Seeing is not running: the maintenance company has no step, nor may it edit.
      assert.deepEqual((await detail('maint')).actions, []);
      assert.equal((await step({ action: 'decide' }, 'maint')).statusCode, 403);
      assert.equal((await http.put(`${url()}/vote`, PASSING_VOTE, h.maint!)).statusCode, 403);
    });

    test('the decision needs a passing vote: one owner short is recorded and refused', async () => {
      assert.equal((await step({ action: 'decide' }, 'useUnit')).json().error.code, 'RENOVATION_VOTE_NOT_PASSED');
      assert.equal((await step({ action: 'confirm_funding' }, 'useUnit')).json().error.code, 'RENOVATION_ACTION_INVALID');
      assert.equal((await step({ action: 'approve_subsidy', amount: 1 }, 'finance')).json().error.code, 'RENOVATION_ACTION_INVALID');
      const impossible = await http.put(`${url()}/vote`, { ...PASSING_VOTE, consentingOwners: 81 }, h.useUnit!);
      assert.equal(impossible.statusCode, 400);
      assert.equal(impossible.json().error.details.fields[0].field, 'consentingOwners');
      const short = (await http.put(`${url()}/vote`, { ...PASSING_VOTE, consentingOwners: 59 }, h.useUnit!)).json();
      assert.equal(short.vote.result.passed, false);
      assert.equal(short.vote.result.consentOwners.met, false);
      assert.equal(short.vote.result.consentArea.met, true);
      assert.equal((await step({ action: 'decide' }, 'useUnit')).statusCode, 409);
      const ok = (await http.put(`${url()}/vote`, PASSING_VOTE, h.useUnit!)).json();
      assert.equal(ok.vote.result.passed, true);
      const decided = await step({ action: 'decide', note: '业主大会决定实施' }, 'useUnit');
      assert.equal(decided.json().status, 'decided');
      assert.equal((await http.put(`${url()}/vote`, PASSING_VOTE, h.useUnit!)).json().error.code, 'RENOVATION_ACTION_INVALID', 'the vote is part of the decision');
    });

    test('funding: the sources must sum to the budget before the plan is confirmed', async () => {
      const shortBy = await http.put(`${url()}/funding`, { lines: [{ source: 'maintenance_fund', amount: 120_000 }, { source: 'subsidy', amount: 60_000 }] }, h.useUnit!);
      assert.equal(shortBy.statusCode, 400);
      assert.match(shortBy.json().error.details.fields[0].message, /合计 180000\.00 元，与预算 200000\.00 元不符（缺口 20000\.00 元）/);
      const dup = await http.put(`${url()}/funding`, { lines: [{ source: 'owners', amount: 100_000 }, { source: 'owners', amount: 100_000 }] }, h.useUnit!);
      assert.equal(dup.json().error.details.fields[0].field, 'lines.1.source');
      const ok = await http.put(`${url()}/funding`, { lines: [{ source: 'maintenance_fund', amount: 120_000 }, { source: 'subsidy', amount: 60_000 }, { source: 'owners', amount: 20_000, note: '业主分摊' }] }, h.useUnit!);
      assert.equal(ok.statusCode, 200, ok.body);
      assert.deepEqual(ok.json().funding, {
        lines: [{ source: 'maintenance_fund', amount: 120_000, note: null }, { source: 'subsidy', amount: 60_000, note: null }, { source: 'owners', amount: 20_000, note: '业主分摊' }],
        total: 200_000,
        budget: 200_000,
        difference: 0,
        balanced: true,
      });
      assert.equal((await step({ action: 'confirm_funding' }, 'useUnit')).json().status, 'funded');
      assert.equal((await http.patch(url(), { budget: 210_000 }, h.useUnit!)).statusCode, 400, 'the budget is fixed once funding is confirmed');
    });

    test('subsidy: applied by the manager, rejected with a reason or approved (at most the request) by the region’s finance department', async () => {
      const early = await step({ action: 'start', startedOn: '2026-11-01', installerName: '济南安装公司' }, 'useUnit');
      assert.equal(early.json().error.code, 'RENOVATION_FUNDING_NOT_READY', 'the subsidy line is not approved yet');
      const applied = (await step({ action: 'apply_subsidy', note: '老旧电梯改造补贴' }, 'useUnit')).json();
      assert.deepEqual([applied.subsidyStatus, applied.subsidyRequested], ['applied', 60_000]);
      assert.equal((await step({ action: 'start', startedOn: '2026-11-01', installerName: 'x' }, 'useUnit')).json().error.code, 'RENOVATION_ACTION_INVALID', 'pending application');
      assert.equal((await step({ action: 'approve_subsidy', amount: 60_000 }, 'useUnit')).statusCode, 403, 'not its own subsidy');
      assert.equal((await step({ action: 'approve_subsidy', amount: 60_000 }, 'qdFinance')).statusCode, 404);
      assert.equal((await step({ action: 'reject_subsidy', reason: '' }, 'finance')).statusCode, 400);
      const rejected = (await step({ action: 'reject_subsidy', reason: '材料不全，请补充业主表决原件' }, 'finance')).json();
      assert.equal(rejected.subsidyStatus, 'rejected');
      assert.equal(rejected.subsidy.applications[0].reason, '材料不全，请补充业主表决原件');
      assert.match(rejected.subsidy.applications[0].decidedBy, /济南市财政局/);
      assert.equal((await step({ action: 'apply_subsidy', note: '已补充材料' }, 'useUnit')).json().subsidyStatus, 'applied');
      const over = await step({ action: 'approve_subsidy', amount: 60_000.01 }, 'finance');
      assert.equal(over.statusCode, 400);
      assert.match(over.json().error.details.fields[0].message, /不能超过申请金额/);
      const approved = (await step({ action: 'approve_subsidy', amount: 50_000, note: '按标准核定' }, 'finance')).json();
      assert.deepEqual([approved.subsidyStatus, approved.subsidyApproved, approved.subsidy.applications.length], ['approved', 50_000, 2]);
    });

    test('construction starts once the subsidy line is within the approved amount; the finance department pays it out in parts', async () => {
      const tooMuch = await step({ action: 'start', startedOn: '2026-11-01', installerName: '济南安装公司' }, 'useUnit');
      assert.equal(tooMuch.json().error.code, 'RENOVATION_FUNDING_NOT_READY');
      assert.match(tooMuch.json().error.message, /超过核定金额 50000/);
      const over = await http.put(`${url()}/funding`, { lines: [{ source: 'maintenance_fund', amount: 120_000 }, { source: 'subsidy', amount: 60_000 }, { source: 'owners', amount: 20_000 }] }, h.useUnit!);
      assert.equal(over.statusCode, 400);
      await http.put(`${url()}/funding`, { lines: [{ source: 'maintenance_fund', amount: 120_000 }, { source: 'subsidy', amount: 50_000 }, { source: 'owners', amount: 30_000 }] }, h.useUnit!);
      assert.equal((await step({ action: 'start', startedOn: '2026-11-01', installerName: 'x' }, 'finance')).statusCode, 403);
      assert.equal((await step({ action: 'start', startedOn: '2026-12-01', installerName: 'x' }, 'useUnit')).statusCode, 400, 'not in the future');
      const started = (await step({ action: 'start', startedOn: '2026-11-01', installerName: '济南安装公司', installerCreditCode: uscc('370102') }, 'useUnit')).json();
      assert.deepEqual([started.status, started.construction.startedOn, started.construction.installerName], ['in_construction', '2026-11-01', '济南安装公司']);
      const tooBig = await step({ action: 'disburse', amount: 50_000.01, paidOn: '2026-11-10', voucherNo: 'CZ-1' }, 'finance');
      assert.equal(tooBig.statusCode, 400);
      const paid = (await step({ action: 'disburse', amount: 30_000, paidOn: '2026-11-10', voucherNo: 'CZ-2026-001' }, 'finance')).json();
      assert.deepEqual([paid.subsidyStatus, paid.subsidyDisbursed, paid.subsidy.disbursements.length], ['approved', 30_000, 1]);
    });

    test('acceptance needs a passed supervisory inspection after the start for every elevator, naming the missing ones', async () => {
      await fileSupervisoryReport(env, A.registrationCode, { kind: 'modernisation', date: '2026-10-20' }); // before the start
      await fileSupervisoryReport(env, B.registrationCode, { kind: 'modernisation', date: '2026-11-20', conclusion: 'fail' });
      const none = await step({ action: 'accept', acceptedOn: '2026-11-25' }, 'useUnit');
      assert.equal(none.statusCode, 409);
      assert.equal(none.json().error.code, 'RENOVATION_INSPECTION_MISSING');
      assert.deepEqual(none.json().error.details.registrationCodes, [A.registrationCode, B.registrationCode].sort());
      await fileSupervisoryReport(env, A.registrationCode, { kind: 'modernisation', date: '2026-11-20' });
      const one = await step({ action: 'accept', acceptedOn: '2026-11-25' }, 'useUnit');
      assert.deepEqual(one.json().error.details.registrationCodes, [B.registrationCode]);
      assert.match(one.json().error.message, new RegExp(`开工（2026-11-01）后.*${B.registrationCode}`));
      await fileSupervisoryReport(env, B.registrationCode, { kind: 'major_repair', date: '2026-11-22' });
      assert.equal((await step({ action: 'accept', acceptedOn: '2026-10-30' }, 'useUnit')).statusCode, 400, 'before the start');
      const accepted = (await step({ action: 'accept', acceptedOn: '2026-11-25' }, 'useUnit')).json();
      assert.equal(accepted.status, 'accepted');
      assert.deepEqual(accepted.elevators.map((e: { inspection: { date: string } }) => e.inspection.date).sort(), ['2026-11-20', '2026-11-22']);
      assert.deepEqual(accepted.elevators[0].registryChange, { ascendingOverspeedProtection: true });
    });

    test('变更登记 by the region’s regulator changes the registry record through its update path; closure waits for the subsidy to be paid', async () => {
      assert.equal((await step({ action: 'close' }, 'useUnit')).json().error.code, 'RENOVATION_ACTION_INVALID');
      assert.equal((await step({ action: 'register' }, 'useUnit')).statusCode, 403);
      const before = (await http.get(`/api/elevators/${A.registrationCode}`, h.admin!)).json();
      assert.equal(before.ascendingOverspeedProtection, false);
      const registered = (await step({ action: 'register' }, 'jinan')).json();
      assert.equal(registered.status, 'registered');
      assert.ok(registered.elevators.every((e: { registryUpdatedAt: string | null }) => e.registryUpdatedAt));
      for (const code of [A.registrationCode, B.registrationCode]) {
        const e = (await http.get(`/api/elevators/${code}`, h.admin!)).json();
        assert.equal(e.ascendingOverspeedProtection, true, code);
        assert.equal(e.version, before.version + 1, code);
      }
      const audits = await env.ctx.store.db.selectFrom('audit_log').select(['action', 'entity_id']).where('action', '=', 'elevator.update').where('entity_id', '=', A.registrationCode).execute();
      assert.equal(audits.length, 1, 'the registry audited its own change');
      const closing = await step({ action: 'close' }, 'useUnit');
      assert.equal(closing.statusCode, 409, '20,000 yuan approved but not paid');
      await step({ action: 'disburse', amount: 20_000, paidOn: '2026-11-28', voucherNo: 'CZ-2026-002' }, 'finance');
      const closed = (await step({ action: 'close', note: '资料归档' }, 'useUnit')).json();
      assert.deepEqual([closed.status, closed.subsidyStatus, closed.subsidyDisbursed], ['closed', 'disbursed', 50_000]);
      assert.deepEqual(closed.actions, []);
      assert.deepEqual(
        closed.events.map((e: { action: string }) => e.action),
        ['create', 'vote', 'vote', 'decide', 'funding', 'confirm_funding', 'apply_subsidy', 'reject_subsidy', 'apply_subsidy', 'approve_subsidy', 'funding', 'start', 'disburse', 'accept', 'register', 'disburse', 'close'],
      );
      const trail = await env.ctx.store.db.selectFrom('audit_log').select('action').where('entity_type', '=', 'renovation_project').where('entity_id', '=', String(id)).execute();
      assert.equal(trail.length, 17, 'every change audited');
    });

    test('progress by region: the county’s projects, elevators and money', async () => {
      const res = await http.get('/api/renovation/progress?regionCode=370100', h.finance!);
      assert.equal(res.statusCode, 200, res.body);
      const p = res.json();
      assert.deepEqual(p.rows.map((r: { regionCode: string }) => r.regionCode), ['370102']);
      const row = p.rows[0];
      assert.deepEqual([row.projects, row.elevators, row.budget, row.subsidyRequested, row.subsidyApproved, row.subsidyDisbursed], [1, 2, 200_000, 60_000, 50_000, 50_000]);
      assert.equal(row.byKind.overspeed_retrofit.projects, 1);
      assert.equal(row.byStatus.closed, 1);
      assert.equal((await http.get('/api/renovation/progress', h.qdFinance!)).json().totals.projects, 0);
    });
  });
}
