import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestEnv, storeKinds, type TestEnv } from '../../test/harness.ts';
import { bearer, buildRow, createOrg, toCsv, userToken, uscc } from '../../test/factories.ts';
import { makePrincipal } from '../auth/principal.ts';
import { flagOverdue, getAction, listActions } from './actions.service.ts';

/**
 * Enforcement through HTTP on both stores: supervision checks whose findings raise hazards, actions with their
 * legal and illegal steps and their credit events, overdue actions on the clock, and a campaign from criteria
 * (counts per criterion) through assignment to results that raise hazards; all inside the regulator's region.
 */
for (const kind of storeKinds()) {
  describe(`enforcement (${kind})`, () => {
    let env: TestEnv;
    const h: Record<string, Record<string, string>> = {};
    const user: Record<string, number> = {};
    const unit = uscc('370102');
    const qdUnit = uscc('370202');
    const own = { useUnitName: '济南执法测试物业', useUnitCreditCode: unit };
    const E1 = buildRow({ regionCode: '370102', placeType: '住宅', registrationDate: '2003-05-01', commissioningDate: '2003-04-01', acceptanceDate: '2003-03-20', manufactureDate: '2003-01-01', ...own });
    const E2 = buildRow({ regionCode: '370102', placeType: '学校', registrationDate: '2007-05-01', commissioningDate: '2007-04-01', acceptanceDate: '2007-03-20', manufactureDate: '2007-01-01', ...own });
    const E3 = buildRow({ regionCode: '370103', category: '3310', placeType: '商场超市', ...own });
    const E4 = buildRow({ regionCode: '370103', placeType: '住宅', ...own });
    const Q1 = buildRow({ regionCode: '370202', useUnitName: '青岛执法测试物业', useUnitCreditCode: qdUnit });
    const call = async (who: string, method: 'GET' | 'POST', url: string, payload?: unknown) => {
      const res = await env.app.inject({ method, url, headers: h[who], ...(payload === undefined ? {} : { payload: payload as object }) });
      return { status: res.statusCode, body: res.json(), text: res.body };
    };
    const score = async () => (await call('jinan', 'GET', `/api/credit/orgs/${unit}`)).body.score as number;

    before(async () => {
      env = await openTestEnv(kind, { now: '2026-06-01T02:00:00Z' });
      const { ctx } = env;
      const platform = await ctx.store.db.selectFrom('organization').select('id').where('type', '=', 'platform').executeTakeFirst();
      h.admin = bearer(await userToken(env, { orgId: (platform ?? (await createOrg(ctx, { type: 'platform' }))).id, roles: ['admin'] }));
      const imp = await env.app.inject({ method: 'POST', url: '/api/elevators/import', headers: { ...h.admin, 'content-type': 'text/csv' }, payload: toCsv([E1, E2, E3, E4, Q1]) });
      await env.runner.wait(imp.json().importId);
      const jinan = await createOrg(ctx, { type: 'regulator', regionCode: '370100', name: '济南市市场监管局' });
      const lixia = await createOrg(ctx, { type: 'regulator', regionCode: '370102', name: '历下区市场监管局' });
      for (const [k, orgId] of [['jinan', jinan.id], ['jinan2', jinan.id], ['lixia', lixia.id]] as const) {
        h[k] = bearer(await userToken(env, { orgId, roles: ['regulator'], username: `enf-${kind}-${k}` }));
        user[k] = (await ctx.store.db.selectFrom('app_user').select('id').where('username', '=', `enf-${kind}-${k}`).executeTakeFirstOrThrow()).id;
      }
      h.qingdao = bearer(await userToken(env, { orgId: (await createOrg(ctx, { type: 'regulator', regionCode: '370200' })).id, roles: ['regulator'], username: `enf-${kind}-qd` }));
      user.qingdao = (await ctx.store.db.selectFrom('app_user').select('id').where('username', '=', `enf-${kind}-qd`).executeTakeFirstOrThrow()).id;
      h.unit = bearer(await userToken(env, { orgId: (await ctx.store.db.selectFrom('organization').select('id').where('credit_code', '=', unit).executeTakeFirstOrThrow()).id, roles: ['use_unit'] }));
    });
    after(() => env.close());

    test('a supervision check stores its findings; a finding raises a supervision hazard on its elevator', async () => {
      const c = await call('jinan', 'POST', '/api/enforcement/checks', {
        targetCreditCode: unit,
        registrationCodes: [E4.registrationCode],
        checkedOn: '2026-05-30',
        inspectorIds: [user.jinan2],
        summary: '对物业单位电梯安全管理的专项检查',
        findings: [
          { registrationCode: E4.registrationCode, description: '层门锁啮合长度不足', severity: 'serious', raiseHazard: true, deadline: '2026-06-15' },
          { description: '安全管理制度未上墙', severity: 'general' },
        ],
      });
      assert.equal(c.status, 201, c.text);
      assert.deepEqual(c.body.inspectors.map((i: { id: number }) => i.id).sort(), [user.jinan, user.jinan2].sort());
      assert.deepEqual([c.body.target.creditCode, c.body.elevators.length, c.body.findings.length, c.body.regionCode], [unit, 1, 2, '370103']);
      const hazardId = c.body.findings[0].hazardId;
      assert.ok(hazardId);
      assert.equal(c.body.findings[1].hazardId, null);
      const hz = await call('jinan', 'GET', `/api/hazards/${hazardId}`);
      assert.deepEqual([hz.body.source, hz.body.sourceRef, hz.body.severity, hz.body.deadline, hz.body.registrationCode], ['supervision', `check:${c.body.id}`, 'serious', '2026-06-15', E4.registrationCode]);
      assert.equal((await call('qingdao', 'GET', `/api/enforcement/checks/${c.body.id}`)).status, 404);
      assert.equal((await call('jinan', 'GET', '/api/enforcement/checks')).body.total, 1);
      const outside = await call('jinan', 'POST', '/api/enforcement/checks', { registrationCodes: [Q1.registrationCode], checkedOn: '2026-05-30', summary: '跨市' });
      assert.deepEqual([outside.status, outside.body.error.details.fields[0].field], [404, 'registrationCodes']);
      assert.equal((await call('jinan', 'POST', '/api/enforcement/checks', { targetCreditCode: qdUnit, checkedOn: '2026-05-30', summary: '跨市' })).status, 404);
      const foreign = await call('jinan', 'POST', '/api/enforcement/checks', { targetCreditCode: unit, checkedOn: '2026-05-30', summary: 'x', inspectorIds: [user.qingdao] });
      assert.deepEqual([foreign.status, foreign.body.error.details.fields[0].field], [400, 'inspectorIds']);
      assert.equal((await call('jinan', 'POST', '/api/enforcement/checks', { targetCreditCode: unit, checkedOn: '2026-06-02', summary: 'x' })).status, 400, 'not in the future');
      assert.equal((await call('unit', 'GET', '/api/enforcement/checks')).status, 403);
    });

    test('actions: each writes its credit event; legal steps pass, illegal ones are refused with the status named', async () => {
      const start = await score();
      const warning = await call('jinan', 'POST', '/api/enforcement/actions', { kind: 'warning', targetCreditCode: unit, reason: '未按期整改隐患', legalBasis: '《特种设备安全法》第八十三条' });
      assert.equal(warning.status, 201, warning.text);
      assert.equal(await score(), start - 3);
      const listed = await call('jinan', 'POST', '/api/enforcement/actions', { kind: 'listed_supervision', targetCreditCode: unit, reason: '老旧电梯隐患长期未改', legalBasis: '鲁市监特设字〔2024〕188号' });
      assert.deepEqual([listed.status, listed.body.error.details.fields[0].field], [400, 'deadline']);
      const l = await call('jinan', 'POST', '/api/enforcement/actions', { kind: 'listed_supervision', targetCreditCode: unit, reason: '老旧电梯隐患长期未改', legalBasis: '鲁市监特设字〔2024〕188号', deadline: '2026-07-01' });
      assert.equal(l.status, 201, l.text);
      const id = l.body.id;
      const step = (s: string, note = '说明', who = 'jinan') => call(who, 'POST', `/api/enforcement/actions/${id}/steps`, { step: s, note });
      const early = await step('close', '摘牌');
      assert.deepEqual([early.status, early.body.error.code, early.body.error.details.reason], [409, 'ENFORCEMENT_ACTION_INVALID', 'follow_up_required']);
      assert.equal((await step('follow_up', '')).status, 400, 'a follow-up says what happened');
      assert.equal((await step('follow_up', '已更换层门锁，复查合格')).body.followUps.length, 1);
      const closed = await step('close', '整改到位，摘牌');
      assert.deepEqual([closed.status, closed.body.status, closed.body.closureNote], [200, 'closed', '整改到位，摘牌']);
      const late = await step('follow_up', '再跟进');
      assert.equal(late.status, 409);
      assert.match(late.body.error.message, /已办结/);
      assert.equal((await step('revoke', '撤销')).status, 409, 'a closed action is not revoked');
      assert.equal((await step('follow_up', 'x', 'qingdao')).status, 404);
      assert.equal((await step('follow_up', 'x', 'unit')).status, 403);
      assert.equal(await score(), start - 13, 'closing does not undo the measure');

      const interview = await call('jinan', 'POST', '/api/enforcement/actions', { kind: 'interview', targetCreditCode: unit, reason: '约谈主要负责人', legalBasis: '鲁市监特设字〔2024〕188号' });
      const pubInterview = await call('jinan', 'POST', `/api/enforcement/actions/${interview.body.id}/steps`, { step: 'publish' });
      assert.deepEqual([pubInterview.status, pubInterview.body.error.details.reason], [409, 'kind']);
      const rv = await call('jinan', 'POST', `/api/enforcement/actions/${interview.body.id}/steps`, { step: 'revoke', note: '对象有误' });
      assert.deepEqual([rv.status, rv.body.status], [200, 'revoked']);
      assert.equal(await score(), start - 13, 'the revoked interview counts nothing');
      const file = (await call('jinan', 'GET', `/api/credit/orgs/${unit}`)).body;
      assert.equal(file.events.find((e: { sourceId: string }) => e.sourceId === String(interview.body.id)).revoked, true);
    });

    test('a penalty needs its decision number and amount, once per number; publishing shows it on the public file', async () => {
      const base = { kind: 'penalty', targetCreditCode: unit, reason: '使用未经定期检验的电梯', legalBasis: '《特种设备安全法》第八十四条' };
      assert.equal((await call('jinan', 'POST', '/api/enforcement/actions', base)).status, 400);
      const p = await call('jinan', 'POST', '/api/enforcement/actions', { ...base, penalty: { amount: 30000, decisionNo: '济市监特罚〔2026〕12号' } });
      assert.equal(p.status, 201, p.text);
      assert.deepEqual(p.body.penalty, { amount: 30000, decisionNo: '济市监特罚〔2026〕12号' });
      const dup = await call('jinan', 'POST', '/api/enforcement/actions', { ...base, penalty: { amount: 1, decisionNo: '济市监特罚〔2026〕12号' } });
      assert.equal(dup.body.error.code, 'DECISION_NO_TAKEN');
      let pub = (await env.app.inject({ method: 'GET', url: `/api/public/credit/orgs/${unit}` })).json();
      assert.equal(pub.events.length, 0, 'not public before publication');
      const done = await call('jinan', 'POST', `/api/enforcement/actions/${p.body.id}/steps`, { step: 'publish' });
      assert.deepEqual([done.status, done.body.published], [200, true]);
      assert.equal((await call('jinan', 'POST', `/api/enforcement/actions/${p.body.id}/steps`, { step: 'publish' })).body.error.details.reason, 'published');
      pub = (await env.app.inject({ method: 'GET', url: `/api/public/credit/orgs/${unit}` })).json();
      assert.deepEqual(pub.events.map((e: { kind: string; points: number }) => [e.kind, e.points]), [['penalty', -20]]);
      assert.match(pub.events[0].summary, /济市监特罚〔2026〕12号/);
    });

    test('campaign selection counts follow each criterion, inside the region only', async () => {
      const count = async (criteria: object, who = 'jinan') => (await call(who, 'POST', '/api/enforcement/campaigns/preview', criteria)).body.total as number;
      assert.equal(await count({}), 4, 'every in-use elevator of Jinan, none of Qingdao');
      assert.equal(await count({ regionCode: '370102' }), 2);
      assert.equal(await count({ category: '3310' }), 1);
      assert.equal(await count({ category: '31' }), 3);
      assert.equal(await count({ placeType: 'RESIDENTIAL' }), 2);
      assert.equal(await count({ ageTier: '15' }), 2);
      assert.equal(await count({ ageTier: '20' }), 1);
      assert.equal(await count({ hasOpenHazards: true }), 1, 'the check’s hazard on E4');
      assert.equal(await count({ hasOpenHazards: false }), 3);
      assert.equal(await count({ placeType: 'RESIDENTIAL', ageTier: '15' }), 1);
      assert.equal(await count({ status: 'STOPPED' }), 0);
      assert.equal(await count({}, 'lixia'), 2, 'a county regulator: its county');
      const p = (await call('jinan', 'POST', '/api/enforcement/campaigns/preview', {})).body;
      assert.deepEqual(p.byRegion.map((r: { regionCode: string; count: number }) => [r.regionCode, r.count]), [['370102', 2], ['370103', 2]]);
      assert.equal(p.sample.length, 4);
      assert.equal((await call('jinan', 'POST', '/api/enforcement/campaigns/preview', { regionCode: '370202' })).status, 403);
    });

    test('a campaign assigns by county, records results once per elevator, raises hazards, and shows progress by region', async () => {
      const bad = await call('jinan', 'POST', '/api/enforcement/campaigns', { name: 'x', criteria: {}, endsOn: '2026-07-31', inspectorIds: [user.qingdao] });
      assert.equal(bad.status, 400);
      assert.equal((await call('jinan', 'POST', '/api/enforcement/campaigns', { name: 'x', criteria: { status: 'STOPPED' }, endsOn: '2026-07-31', inspectorIds: [user.jinan] })).body.error.code, 'CAMPAIGN_EMPTY');
      const c = await call('jinan', 'POST', '/api/enforcement/campaigns', { name: '2026年老旧电梯隐患排查', criteria: {}, endsOn: '2026-07-31', assignment: 'by_county', inspectorIds: [user.jinan2, user.lixia] });
      assert.equal(c.status, 201, c.text);
      const id = c.body.id;
      assert.deepEqual(c.body.progress, { total: 4, done: 0, ok: 0, hazard: 0 });
      const by = Object.fromEntries(c.body.byInspector.map((i: { userId: number; total: number }) => [i.userId, i.total]));
      assert.deepEqual(by, { [user.lixia!]: 2, [user.jinan2!]: 2 }, 'Lixia’s two to the Lixia inspector, the rest to the city');
      const mine = await call('lixia', 'GET', `/api/enforcement/campaigns/${id}/elevators?mine=true`);
      assert.deepEqual(mine.body.items.map((i: { registrationCode: string }) => i.registrationCode).sort(), [E1.registrationCode, E2.registrationCode].sort());
      const result = (who: string, code: string, body: object) => call(who, 'POST', `/api/enforcement/campaigns/${id}/elevators/${code}/result`, body);
      assert.equal((await result('lixia', E3.registrationCode, { result: 'ok' })).body.error.code, 'CAMPAIGN_NOT_ASSIGNED', 'not the county inspector’s elevator');
      assert.equal((await result('lixia', E1.registrationCode, { result: 'hazard' })).status, 400, 'a hazard is described');
      const found = await result('lixia', E1.registrationCode, { result: 'hazard', note: '曳引轮磨损', hazard: { description: '曳引轮绳槽磨损严重', severity: 'serious', remedy: 'major_repair' } });
      assert.equal(found.status, 200, found.text);
      assert.equal((await result('lixia', E1.registrationCode, { result: 'ok' })).body.error.code, 'CAMPAIGN_RESULT_RECORDED');
      assert.equal((await result('lixia', E2.registrationCode, { result: 'ok' })).status, 200);
      assert.equal((await result('jinan', E3.registrationCode, { result: 'ok', note: '组织单位代录' })).status, 200, 'the organising regulator may record');
      assert.equal((await result('qingdao', E4.registrationCode, { result: 'ok' })).status, 404);
      const list = await call('jinan', 'GET', `/api/enforcement/campaigns/${id}/elevators?result=hazard`);
      const hazardId = list.body.items[0].hazardId;
      const hz = await call('jinan', 'GET', `/api/hazards/${hazardId}`);
      assert.deepEqual([hz.body.source, hz.body.sourceRef, hz.body.remedy, hz.body.registrationCode], ['supervision', `campaign:${id}`, 'major_repair', E1.registrationCode]);
      const g = (await call('jinan', 'GET', `/api/enforcement/campaigns/${id}`)).body;
      assert.deepEqual(g.progress, { total: 4, done: 3, ok: 2, hazard: 1 });
      assert.deepEqual(g.byRegion.map((r: { regionCode: string; done: number; total: number }) => [r.regionCode, r.done, r.total]), [['370102', 2, 2], ['370103', 1, 2]]);
      assert.equal((await call('lixia', 'POST', `/api/enforcement/campaigns/${id}/close`)).status, 403, 'only the organiser closes it');
      assert.equal((await call('jinan', 'POST', `/api/enforcement/campaigns/${id}/close`)).body.status, 'closed');
      assert.equal((await result('jinan2', E4.registrationCode, { result: 'ok' })).body.error.code, 'CAMPAIGN_CLOSED');
      const audits = await env.ctx.store.db.selectFrom('audit_log').select('action').where('action', 'like', 'enforcement.%').execute();
      for (const a of ['enforcement.check.create', 'enforcement.action.create', 'enforcement.action.close', 'enforcement.campaign.create', 'enforcement.campaign.result', 'enforcement.campaign.close'])
        assert.ok(audits.some((x) => x.action === a), `audited: ${a}`);
    });
    test('an open action past its deadline is overdue, and flagged once by the sweep (last: moves the clock)', async () => {
      const a = await call('jinan', 'POST', '/api/enforcement/actions', { kind: 'exposure', targetCreditCode: unit, reason: '拒不整改', legalBasis: '鲁市监特设字〔2024〕188号', deadline: '2026-06-10' });
      assert.equal(a.status, 201, a.text);
      assert.equal((await call('jinan', 'GET', '/api/enforcement/actions?overdue=true')).body.total, 0);
      const jinan = await env.ctx.store.db.selectFrom('organization').select(['id', 'name']).where('name', '=', '济南市市场监管局').executeTakeFirstOrThrow();
      // Sessions do not survive an 11-day jump of the clock: the regulator is asked directly.
      const p = makePrincipal({ userId: user.jinan!, username: 'jinan', displayName: 'jinan', orgId: jinan.id, orgName: jinan.name, orgType: 'regulator', regionCode: '370100', roles: ['regulator'] });
      env.clock.set('2026-06-12T02:00:00Z');
      const overdue = await listActions(env.ctx, p, { overdue: true, page: 1, pageSize: 20 });
      assert.deepEqual(overdue.items.map((i) => [i.id, i.overdueDays, i.overdueFlagged]), [[a.body.id, 2, false]]);
      assert.equal(await flagOverdue(env.ctx), 1);
      assert.equal(await flagOverdue(env.ctx), 0);
      assert.equal((await getAction(env.ctx, p, a.body.id)).overdueFlagged, true);
      env.clock.set('2026-06-01T02:00:00Z');
    });
  });
}
