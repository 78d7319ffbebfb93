import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestEnv, storeKinds, type TestEnv } from '../../test/harness.ts';
import { bearer, buildRow, createOrg, toCsv, userToken, uscc } from '../../test/factories.ts';

type H = Record<string, string>;

/**
 * Complaints over HTTP ("now" = 2026-12-01 10:00 Shanghai): routing by region, scope, the workflow with a hazard and
 * a reward, deadlines moved over with the test clock, repeat linking, transfer, evidence. Public endpoints have their
 * own file (complaints.public.test.ts).
 */
for (const kind of storeKinds()) {
  describe(`complaints (${kind})`, () => {
    let env: TestEnv;
    const T: Record<string, H> = {};
    const U = { useUnitName: '投诉测试物业', useUnitCreditCode: uscc('370102'), maintenanceName: '投诉测试维保', maintenanceCreditCode: uscc('370102') };
    const LIXIA = buildRow({ regionCode: '370102', ...U });
    const LIXIA2 = buildRow({ regionCode: '370102', ...U });
    const SHIZHONG = buildRow({ regionCode: '370103', address: '山东省济南市市中区经四路1号' });
    const ZIBO = buildRow({ regionCode: '370303', address: '山东省淄博市张店区人民路1号' });
    const post = (url: string, payload: unknown, h: H = {}) => env.app.inject({ method: 'POST', url, headers: h, payload: payload as object });
    const get = (url: string, h: H = {}) => env.app.inject({ method: 'GET', url, headers: h });
    const step = (id: number, body: Record<string, unknown>, h: H) => post(`/api/complaints/${id}/actions`, body, h);
    const orgId = async (name: string) => (await env.ctx.store.db.selectFrom('organization').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
    const orgs: Record<string, number> = {};
    /** Tokens for everyone (again after the clock has moved past the sessions' lifetime). */
    const login = async () => {
      for (const [k, o] of Object.entries({ lixia: ['lixia', 'regulator'], jinan: ['jinan', 'regulator'], qingdao: ['qingdao', 'regulator'], province: ['province', 'regulator'], dispatcher: ['dispatch', 'dispatcher'], useUnit: ['useUnit', 'use_unit'], company: ['company', 'maintenance'], admin: ['platform', 'admin'] }))
        T[k] = bearer(await userToken(env, { orgId: orgs[o[0]!]!, roles: [o[1]!] }));
    };
    const report = async (code: string, extra: Record<string, unknown> = {}, ip = '10.0.0.1') => {
      const res = await env.app.inject({ method: 'POST', url: '/api/public/reports', remoteAddress: ip, payload: { code, category: 'unsafe', description: '电梯运行时抖动严重，有异响', ...extra } });
      assert.equal(res.statusCode, 201, res.body);
      const list = (await get(`/api/complaints?trackingCode=${res.json().trackingCode}`, T.admin)).json();
      return list.items[0] as { id: number; trackingCode: string; [k: string]: unknown };
    };

    before(async () => {
      env = await openTestEnv(kind, { now: '2026-12-01T02:00:00Z', env: { SESSION_TTL_MINUTES: '43200' } });
      const platform = await env.ctx.store.db.selectFrom('organization').select('id').where('type', '=', 'platform').executeTakeFirst();
      orgs.platform = (platform ?? (await createOrg(env.ctx, { type: 'platform' }))).id;
      orgs.lixia = (await createOrg(env.ctx, { type: 'regulator', regionCode: '370102', name: '历下区市场监督管理局' })).id;
      orgs.jinan = (await createOrg(env.ctx, { type: 'regulator', regionCode: '370100', name: '济南市市场监督管理局' })).id;
      orgs.qingdao = (await createOrg(env.ctx, { type: 'regulator', regionCode: '370200', name: '青岛市市场监督管理局' })).id;
      orgs.province = (await createOrg(env.ctx, { type: 'regulator', regionCode: '370000', name: '山东省市场监督管理局' })).id;
      orgs.dispatch = (await createOrg(env.ctx, { type: 'emergency_center', regionCode: '370100' })).id;
      const admin = bearer(await userToken(env, { orgId: orgs.platform, roles: ['admin'] }));
      const imp = await env.app.inject({ method: 'POST', url: '/api/elevators/import', headers: { ...admin, 'content-type': 'text/csv' }, payload: toCsv([LIXIA, LIXIA2, SHIZHONG, ZIBO]) });
      await env.runner.wait(imp.json().importId);
      orgs.useUnit = await orgId('投诉测试物业');
      orgs.company = await orgId('投诉测试维保');
      await login();
    });
    after(() => env.close());

    test('routed to the county regulator, else the city, else the province; the elevator’s organisations are recorded', async () => {
      const a = await report(LIXIA.registrationCode, { category: 'no_maintenance' });
      assert.deepEqual([a.regulator, a.regionCode, a.channel, a.status], [{ id: orgs.lixia, name: '历下区市场监督管理局' }, '370102', 'public', 'received']);
      assert.deepEqual([a.useUnit, a.maintenance], [{ id: orgs.useUnit, name: '投诉测试物业' }, { id: orgs.company, name: '投诉测试维保' }]);
      assert.deepEqual(a.responsibleOrg, { id: orgs.company, name: '投诉测试维保' }, 'missing maintenance is the maintenance company’s');
      const b = await report(SHIZHONG.rescueCode, {}, '10.0.0.2');
      assert.deepEqual([b.regulator, b.regionCode], [{ id: orgs.jinan, name: '济南市市场监督管理局' }, '370103'], 'no 市中区 regulator: the city; found by rescue code');
      const c = await report(ZIBO.registrationCode, {}, '10.0.0.3');
      assert.deepEqual(c.regulator, { id: orgs.province, name: '山东省市场监督管理局' }, 'no 淄博 regulator on the platform: the province');
      const row = await env.ctx.store.db.selectFrom('complaint').select(['responsible_org_id', 'use_unit_id', 'maintenance_org_id']).where('id', '=', a.id).executeTakeFirstOrThrow();
      assert.deepEqual(row, { responsible_org_id: orgs.company, use_unit_id: orgs.useUnit, maintenance_org_id: orgs.company });
    });

    test('a regulator sees its region only (a city also its counties); other regions get 404; use units, companies and dispatchers read none', async () => {
      const codes = (h: H) => get('/api/complaints', h).then((r) => r.json().items.map((i: { regionCode: string }) => i.regionCode).sort());
      assert.deepEqual(await codes(T.lixia), ['370102']);
      assert.deepEqual(await codes(T.jinan), ['370102', '370103']);
      assert.deepEqual(await codes(T.qingdao), []);
      assert.deepEqual(await codes(T.province), ['370102', '370103', '370303']);
      const [mine] = (await get('/api/complaints?mine=true', T.jinan)).json().items;
      assert.equal(mine.regionCode, '370103', 'mine: routed to the city itself');
      const lixiaOne = (await get('/api/complaints', T.lixia)).json().items[0];
      assert.equal((await get(`/api/complaints/${lixiaOne.id}`, T.qingdao)).json().error.code, 'COMPLAINT_NOT_FOUND');
      assert.equal((await get(`/api/complaints/${lixiaOne.id}`, T.qingdao)).statusCode, 404);
      assert.equal((await step(lixiaOne.id, { action: 'acknowledge', note: '越权' }, T.qingdao)).statusCode, 404);
      for (const who of [T.useUnit, T.company, T.dispatcher]) {
        assert.equal((await get('/api/complaints', who)).statusCode, 403);
        assert.equal((await get(`/api/complaints/${lixiaOne.id}`, who)).statusCode, 403);
      }
      assert.equal((await step(lixiaOne.id, { action: 'acknowledge', note: 'x' }, T.dispatcher)).statusCode, 403);
    });

    test('a dispatcher logs a phone complaint in its city (name and contact kept for the regulator); outside it, 404 / REGION_OUT_OF_SCOPE', async () => {
      const res = await post('/api/complaints', { channel: 'phone', code: LIXIA2.rescueCode, category: 'fake_records', description: '维保人员从不来，记录却每半月都有', reporterName: '张先生', contact: '13812345678' }, T.dispatcher);
      assert.equal(res.statusCode, 201, res.body);
      const created = res.json();
      assert.match(created.trackingCode, /^[2-9A-HJKMNP-Z]{10}$/);
      assert.equal(created.regulatorName, '历下区市场监督管理局');
      const d = (await get(`/api/complaints/${created.id}`, T.lixia)).json();
      assert.deepEqual([d.channel, d.anonymous, d.reporterName, d.reporterContact, d.category], ['phone', false, '张先生', '13812345678', 'fake_records']);
      assert.equal(d.events[0].action, 'received');
      assert.equal((await post('/api/complaints', { channel: 'phone', code: ZIBO.registrationCode, category: 'unsafe', description: '淄博的电梯有问题' }, T.dispatcher)).json().error.code, 'ELEVATOR_NOT_FOUND');
      const far = await post('/api/complaints', { channel: 'phone', category: 'unregistered', description: '小区新装电梯未登记就使用', regionCode: '370202', address: '青岛市市南区香港中路1号' }, T.dispatcher);
      assert.deepEqual([far.statusCode, far.json().error.code], [403, 'REGION_OUT_OF_SCOPE']);
      const bad = await post('/api/complaints', { channel: 'phone', category: 'unregistered', description: '短' }, T.dispatcher);
      assert.equal(bad.statusCode, 400);
      assert.deepEqual(bad.json().error.details.fields.map((f: { field: string }) => f.field), ['description']);
      assert.match(bad.json().error.details.fields[0].message, /至少用 5 个字/);
      const noPlace = await post('/api/complaints', { channel: 'phone', category: 'unregistered', description: '小区新装电梯未登记就使用' }, T.dispatcher);
      assert.deepEqual(noPlace.json().error.details.fields.map((f: { field: string; message: string }) => [f.field, f.message]), [['regionCode', '举报未登记电梯时请选择所在区县'], ['address', '举报未登记电梯时请填写详细地址']]);
      const unregistered = await post('/api/complaints', { channel: 'staff', category: 'unregistered', description: '小区新装电梯未登记就使用', regionCode: '370102', address: '济南市历下区解放路88号', anonymous: true, contact: '13900000000' }, T.lixia);
      assert.equal(unregistered.statusCode, 201, unregistered.body);
      const u = (await get(`/api/complaints/${unregistered.json().id}`, T.lixia)).json();
      assert.deepEqual([u.elevator, u.address, u.anonymous, u.reporterContact, u.responsibleOrg], [null, '济南市历下区解放路88号', true, null, null], 'anonymous: no contact is kept');
    });

    test('the workflow: acknowledge → investigate → confirm with a hazard → reward granted and paid → close; illegal steps refused in Chinese; every change audited', async () => {
      const c = await report(LIXIA.registrationCode, { category: 'unsafe', contact: 'someone@example.com' }, '10.0.0.4');
      const early = (await step(c.id, { action: 'confirm', note: '直接认定', resultText: '属实' }, T.lixia)).json().error;
      assert.equal(early.code, 'COMPLAINT_ACTION_INVALID');
      assert.match(early.message, /已接收待受理/);
      assert.equal((await step(c.id, { action: 'acknowledge', note: '' }, T.lixia)).json().error.details.fields[0].field, 'note');
      let d = (await step(c.id, { action: 'acknowledge', note: '已受理，安排核查' }, T.lixia)).json();
      assert.deepEqual([d.status, d.acknowledge.doneAt, d.acknowledge.overdue], ['acknowledged', '2026-12-01T02:00:00.000Z', false]);
      assert.equal((await step(c.id, { action: 'investigate', note: '现场检查', version: d.version - 1 }, T.lixia)).json().error.code, 'VERSION_CONFLICT');
      d = (await step(c.id, { action: 'investigate', note: '现场检查', version: d.version }, T.lixia)).json();
      assert.equal(d.status, 'investigating');
      assert.equal((await step(c.id, { action: 'confirm', note: '查实' }, T.lixia)).json().error.details.fields[0].field, 'resultText');
      assert.equal((await post(`/api/complaints/${c.id}/reward`, { action: 'grant', amount: 500 }, T.lixia)).json().error.code, 'COMPLAINT_REWARD_INVALID', 'no reward before the report is confirmed');
      d = (await step(c.id, { action: 'confirm', note: '现场查实制动器异常', resultText: '经现场核查，举报属实，已责令整改。', hazard: { item: '制动器', severity: 'serious' } }, T.lixia)).json();
      assert.deepEqual([d.status, d.result, d.resultText], ['confirmed', 'confirmed', '经现场核查，举报属实，已责令整改。']);
      assert.ok(d.hazardId);
      const hazards = (await get('/api/hazards?source=complaint', T.company)).json().items;
      assert.deepEqual(hazards.map((h: { id: number; sourceRef: string; responsibleOrgName: string; deadline: string }) => [h.id, h.sourceRef, h.responsibleOrgName, h.deadline]), [[d.hazardId, `投诉举报 #${c.id}`, '投诉测试维保', '2026-12-16']]);
      assert.equal((await post(`/api/complaints/${c.id}/reward`, { action: 'pay', paidOn: '2026-12-01', method: 'bank' }, T.lixia)).json().error.code, 'COMPLAINT_REWARD_INVALID', 'nothing granted yet');
      assert.equal((await post(`/api/complaints/${c.id}/reward`, { action: 'grant' }, T.lixia)).json().error.details.fields[0].field, 'amount');
      d = (await post(`/api/complaints/${c.id}/reward`, { action: 'grant', amount: 500, note: '一般隐患举报奖励' }, T.lixia)).json();
      assert.deepEqual([d.reward.decision, d.reward.amount, d.reward.paid, d.rewardActions], ['granted', 500, null, ['pay']]);
      assert.match(d.reward.approverName, /^user\d+$/);
      assert.equal((await post(`/api/complaints/${c.id}/reward`, { action: 'refuse', note: '改主意' }, T.lixia)).json().error.code, 'COMPLAINT_REWARD_INVALID');
      const future = (await post(`/api/complaints/${c.id}/reward`, { action: 'pay', paidOn: '2026-12-02', method: 'bank' }, T.lixia)).json().error;
      assert.deepEqual(future.details.fields, [{ field: 'paidOn', message: '发放日期不能晚于今天' }]);
      d = (await post(`/api/complaints/${c.id}/reward`, { action: 'pay', paidOn: '2026-12-01', method: 'bank', reference: 'ZF20261201001' }, T.lixia)).json();
      assert.deepEqual(d.reward.paid && [d.reward.paid.amount, d.reward.paid.method, d.reward.paid.reference], [500, 'bank', 'ZF20261201001']);
      d = (await step(c.id, { action: 'close', note: '办结' }, T.lixia)).json();
      assert.deepEqual([d.status, d.closedAt, d.actions], ['closed', '2026-12-01T02:00:00.000Z', []]);
      assert.deepEqual(d.events.map((e: { action: string }) => e.action), ['received', 'acknowledge', 'investigate', 'confirm', 'reward_grant', 'reward_pay', 'close']);
      const audit = await env.ctx.store.db.selectFrom('audit_log').select(['action', 'after']).where('entity_type', '=', 'complaint').where('entity_id', '=', String(c.id)).orderBy('id').execute();
      assert.deepEqual(audit.map((a) => a.action), ['complaint.receive', 'complaint.acknowledge', 'complaint.investigate', 'complaint.confirm', 'complaint.reward_grant', 'complaint.reward_pay', 'complaint.close']);
      assert.ok(!JSON.stringify(audit).includes('someone@example.com'), 'the audit never keeps the reporter’s contact');
      const pub = (await get(`/api/public/reports/${c.trackingCode}`)).json();
      assert.deepEqual([pub.status, pub.result, pub.resultText, pub.reward], ['closed', 'confirmed', '经现场核查，举报属实，已责令整改。', { status: 'paid', amount: 500 }]);
    });

    test('a dismissed report gets no hazard and no reward; the responsible organisation is the regulator’s finding', async () => {
      const c = await report(LIXIA2.registrationCode, { category: 'other' }, '10.0.0.5');
      await step(c.id, { action: 'acknowledge', note: '受理' }, T.jinan);
      await step(c.id, { action: 'investigate', note: '核查' }, T.jinan);
      assert.equal((await step(c.id, { action: 'dismiss', note: '未见异常', resultText: '经核查，举报不属实。', hazard: { item: 'x', severity: 'general' } }, T.jinan)).json().error.details.fields[0].field, 'hazard');
      const d = (await step(c.id, { action: 'dismiss', note: '未见异常', resultText: '经核查，举报不属实。' }, T.jinan)).json();
      assert.deepEqual([d.status, d.result, d.hazardId, d.rewardActions], ['unfounded', 'unfounded', null, []]);
      assert.equal((await post(`/api/complaints/${c.id}/reward`, { action: 'grant', amount: 100 }, T.jinan)).json().error.code, 'COMPLAINT_REWARD_INVALID');
      // Confirmed with another responsible organisation: kept for the credit file.
      const e = await report(LIXIA2.registrationCode, { category: 'no_maintenance' }, '10.0.0.6');
      await step(e.id, { action: 'acknowledge', note: '受理' }, T.lixia);
      await step(e.id, { action: 'investigate', note: '核查' }, T.lixia);
      assert.equal((await step(e.id, { action: 'confirm', note: 'x', resultText: '属实', responsibleOrgId: 999_999 }, T.lixia)).json().error.code, 'ORG_NOT_FOUND');
      const f = (await step(e.id, { action: 'confirm', note: '使用单位未签维保合同', resultText: '属实', responsibleOrgId: orgs.useUnit }, T.lixia)).json();
      assert.deepEqual(f.responsibleOrg, { id: orgs.useUnit, name: '投诉测试物业' });
      // Each confirmed report is one event in the responsible organisation's credit file (信用档案), worth −5.
      const credit = await env.ctx.store.db.selectFrom('credit_event').select(['org_id', 'source_id', 'points', 'summary']).where('kind', '=', 'complaint_confirmed').where('source_type', '=', 'complaint').execute();
      const ofComplaint = (id: number) => credit.filter((x) => Number(x.source_id) === id);
      assert.deepEqual(ofComplaint(e.id).map((x) => [Number(x.org_id), Number(x.points)]), [[orgs.useUnit, -5]]);
      assert.deepEqual(ofComplaint(c.id), [], 'a dismissed report leaves no mark');
      assert.ok(!credit.some((x) => x.summary.includes(e.trackingCode)), 'the tracking code stays with the reporter');
    });

    test('evidence: stored under its SHA-256, readable in scope only; wrong types refused', async () => {
      const c = (await get('/api/complaints?status=received&regionCode=370102', T.lixia)).json().items[0];
      const png = Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), Buffer.from('evidence-bytes')]);
      const up = await env.app.inject({ method: 'POST', url: `/api/complaints/${c.id}/evidence?name=${encodeURIComponent('现场照片.png')}&note=${encodeURIComponent('制动器')}`, headers: { ...T.lixia, 'content-type': 'image/png' }, payload: png });
      assert.equal(up.statusCode, 200, up.body);
      const sha = (await import('node:crypto')).createHash('sha256').update(png).digest('hex');
      assert.deepEqual(up.json().evidence.map((e: { sha256: string; fileName: string; bytes: number }) => [e.sha256, e.fileName, e.bytes]), [[sha, '现场照片.png', png.length]]);
      const again = await env.app.inject({ method: 'POST', url: `/api/complaints/${c.id}/evidence?name=copy.png`, headers: { ...T.lixia, 'content-type': 'image/png' }, payload: png });
      assert.equal(again.json().evidence.length, 1, 'the same file once');
      const file = await get(`/api/complaints/${c.id}/evidence/${sha}`, T.lixia);
      assert.deepEqual([file.statusCode, file.headers['content-type'], file.rawPayload.equals(png)], [200, 'image/png', true]);
      assert.equal((await get(`/api/complaints/${c.id}/evidence/${sha}`, T.qingdao)).statusCode, 404);
      const fake = await env.app.inject({ method: 'POST', url: `/api/complaints/${c.id}/evidence?name=x.png`, headers: { ...T.lixia, 'content-type': 'image/png' }, payload: Buffer.from('not a png') });
      assert.equal(fake.json().error.code, 'UNSUPPORTED_FILE');
      const text = await env.app.inject({ method: 'POST', url: `/api/complaints/${c.id}/evidence?name=x.txt`, headers: { ...T.lixia, 'content-type': 'text/plain' }, payload: 'hello' });
      assert.equal(text.statusCode, 415);
    });

    test('deadlines with the test clock: in time at the due second, overdue one second later; extension once; region settings apply to new reports', async () => {
      env.clock.set('2026-12-01T02:00:00Z');
      const c = await report(SHIZHONG.registrationCode, { category: 'other' }, '10.0.1.1');
      const pub = () => get(`/api/public/reports/${c.trackingCode}`).then((r) => r.json());
      const overdueIds = () => get('/api/complaints?overdue=true', T.jinan).then((r) => r.json().items.map((i: { id: number }) => i.id));
      env.clock.set('2026-12-02T02:00:00Z'); // the acknowledgement's due time
      let p = await pub();
      assert.deepEqual([p.acknowledge.secondsLeft, p.acknowledge.overdue], [0, false]);
      assert.ok(!(await overdueIds()).includes(c.id));
      env.clock.set('2026-12-02T02:00:01Z');
      p = await pub();
      assert.deepEqual([p.acknowledge.secondsLeft, p.acknowledge.overdue, p.outcome.overdue], [-1, true, false]);
      assert.ok((await overdueIds()).includes(c.id));
      const listed = (await get('/api/complaints?overdue=true', T.jinan)).json().items.find((i: { id: number }) => i.id === c.id);
      assert.equal(listed.overdue, true);
      await step(c.id, { action: 'acknowledge', note: '迟到的受理' }, T.jinan);
      p = await pub();
      assert.deepEqual([p.acknowledge.doneAt, p.acknowledge.secondsLeft, p.acknowledge.overdue], ['2026-12-02T02:00:01.000Z', null, true], 'acknowledged late stays marked late');
      assert.ok(!(await overdueIds()).includes(c.id), 'no longer running late');
      await step(c.id, { action: 'investigate', note: '调查' }, T.jinan);
      env.clock.set('2026-12-16T02:00:00Z'); // the outcome's due time
      assert.deepEqual([(await pub()).outcome.secondsLeft, (await pub()).outcome.overdue], [0, false]);
      env.clock.set('2026-12-16T02:00:01Z');
      assert.equal((await pub()).outcome.overdue, true);
      assert.ok((await overdueIds()).includes(c.id));
      const ext = (await step(c.id, { action: 'extend', note: '需检验机构检测' }, T.jinan)).json();
      assert.deepEqual([ext.outcome.dueAt, ext.outcome.extended, ext.outcome.overdue], ['2026-12-31T02:00:00.000Z', true, false]);
      assert.equal((await step(c.id, { action: 'extend', note: '再延期' }, T.jinan)).json().error.code, 'COMPLAINT_ACTION_INVALID');
      env.clock.set('2026-12-31T02:00:01Z');
      await login(); // the sessions of 1 December have just expired
      assert.equal((await pub()).outcome.overdue, true);
      const summaryRes = await get('/api/complaints/summary?regionCode=370103', T.jinan);
      assert.equal(summaryRes.statusCode, 200, summaryRes.body);
      const summary = summaryRes.json();
      // this one and the 市中区 report of the first test, never acknowledged
      assert.deepEqual([summary.overdue, summary.open, summary.total], [2, 2, 2]);
      // Settings: 370103 acknowledges within 48 hours from now on; the running complaint keeps its deadlines.
      assert.equal((await env.app.inject({ method: 'PUT', url: '/api/complaints/rules', headers: T.lixia, payload: { regionPrefix: '370103', key: 'ackHours', value: 48 } })).json().error.code, 'REGION_OUT_OF_SCOPE');
      const set = await env.app.inject({ method: 'PUT', url: '/api/complaints/rules', headers: T.jinan, payload: { regionPrefix: '370103', key: 'ackHours', value: 48 } });
      assert.deepEqual(set.json().rules, { ackHours: 48, outcomeDays: 15, extensionDays: 15, repeatDays: 30 });
      const n = await report(SHIZHONG.registrationCode, { category: 'other' }, '10.0.1.2');
      assert.equal((n.acknowledge as { dueAt: string }).dueAt, '2027-01-02T02:00:01.000Z');
      assert.equal((await pub()).outcome.dueAt, '2026-12-31T02:00:00.000Z');
    });

    test('repeat reports on one elevator link to the first; a report after the window with nothing open starts a new chain', async () => {
      env.clock.set('2027-01-10T02:00:00Z');
      await login();
      const first = await report(ZIBO.registrationCode, { category: 'unsafe' }, '10.0.2.1');
      // The earlier 淄博 report (December) is still open: the chain goes to it.
      const earliest = (await get(`/api/complaints?registrationCode=${ZIBO.registrationCode}`, T.province)).json().items.at(-1);
      assert.equal(first.linkedToId, earliest.id);
      const second = await report(ZIBO.rescueCode, { category: 'no_maintenance' }, '10.0.2.2');
      assert.equal(second.linkedToId, earliest.id, 'always the first of the chain');
      const root = (await get(`/api/complaints/${earliest.id}`, T.province)).json();
      assert.equal(root.repeats, 2);
      assert.deepEqual(root.linked.map((l: { id: number }) => l.id), [first.id, second.id]);
      assert.equal((await get(`/api/public/reports/${second.trackingCode}`)).json().linked, true);
      // Close the whole chain, wait past the 30-day window: a new report starts its own chain.
      for (const id of [earliest.id, first.id, second.id]) {
        for (const action of ['acknowledge', 'investigate']) await step(id, { action, note: '办理' }, T.province);
        await step(id, { action: 'dismiss', note: '不属实', resultText: '经核查不属实' }, T.province);
        await step(id, { action: 'close', note: '办结' }, T.province);
      }
      env.clock.set('2027-02-09T02:00:01Z');
      await login();
      const fresh = await report(ZIBO.registrationCode, { category: 'unsafe' }, '10.0.2.3');
      assert.equal(fresh.linkedToId, null);
    });

    test('transfer: routed anew by the target region, deadlines unchanged; the sender no longer sees it', async () => {
      const c = await report(LIXIA.registrationCode, { category: 'other' }, '10.0.3.1');
      const bad = (await step(c.id, { action: 'transfer', note: '属地不符' }, T.lixia)).json().error;
      assert.equal(bad.details.fields[0].field, 'regionCode');
      const moved = (await step(c.id, { action: 'transfer', note: '实际位于青岛市南区', regionCode: '370202' }, T.lixia)).json();
      assert.deepEqual([moved.regionCode, moved.regulator.name, moved.status, moved.actions], ['370202', '青岛市市场监督管理局', 'received', []]);
      assert.equal(moved.acknowledge.dueAt, (c.acknowledge as { dueAt: string }).dueAt);
      assert.equal((await get(`/api/complaints/${c.id}`, T.lixia)).statusCode, 404);
      const q = (await get(`/api/complaints/${c.id}`, T.qingdao)).json();
      assert.deepEqual(q.events.map((e: { action: string; data: { toRegion?: string } }) => [e.action, e.data?.toRegion ?? null]), [['received', null], ['transfer', '370202']]);
    });
  });
}
