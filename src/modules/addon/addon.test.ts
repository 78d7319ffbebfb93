import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestEnv, storeKinds, type TestEnv } from '../../test/harness.ts';
import { bearer, createOrg, regCode, userToken } from '../../test/factories.ts';

/**
 * An added-elevator project through HTTP, step by step, by the parties who take each step: the implementing use unit,
 * the street office, the Jinan housing department (approval), the Jinan regulator (use registration through the
 * registry), finance (subsidy); with the refusals on the way (thresholds, shares, notice period, objections, scope).
 */
for (const kind of storeKinds()) {
  describe(`added elevators: the whole project (${kind})`, () => {
    let env: TestEnv;
    const h: Record<string, Record<string, string>> = {};
    let useUnitId = 0;
    let maintId = 0;
    let id = 0;
    const code = regCode({ region: '370102', ym: '202605', serial: 9001 });
    const call = async (who: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) => {
      const res = await env.app.inject({ method, url, headers: h[who], ...(payload === undefined ? {} : { payload: payload as object }) });
      return { status: res.statusCode, body: res.json() };
    };
    const step = (who: string, payload: object) => call(who, 'POST', `/api/addon/projects/${id}/steps`, payload);
    /** Moves the clock (weeks at a time) and signs everyone in again: sessions last hours of that clock. */
    const advance = async (to: string) => {
      env.clock.set(to);
      for (const name of Object.keys(h)) {
        const res = await env.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: `${kind}-${name}`, password: 'Passw0rd!' } });
        h[name] = bearer(res.json().token);
      }
    };

    before(async () => {
      env = await openTestEnv(kind, { now: '2026-06-01T02:00:00Z' });
      const { ctx } = env;
      const mk = async (name: string, type: string, regionCode: string, roles: string[], extra: { hotline?: string } = {}) => {
        const org = await createOrg(ctx, { type, regionCode, name, ...extra });
        h[name] = bearer(await userToken(env, { orgId: org.id, roles, username: `${kind}-${name}` }));
        return org.id;
      };
      useUnitId = await mk('useUnit', 'use_unit', '370102', ['use_unit']);
      await mk('otherUseUnit', 'use_unit', '370102', ['use_unit']);
      await mk('street', 'street_office', '370102', ['street_office']);
      await mk('housing', 'housing', '370100', ['housing']);
      await mk('qdHousing', 'housing', '370200', ['housing']);
      await mk('finance', 'finance', '370100', ['finance']);
      await mk('regulator', 'regulator', '370100', ['regulator']);
      maintId = await mk('maint', 'maintenance', '370102', ['maintenance'], { hotline: '0531-96333' });
      await ctx.store.db.insertInto('maintenance_notification').values({ org_id: maintId, city_code: '370100', licence_no: 'TS3137001-2026', filed_at: new Date() }).execute();
    });
    after(() => env.close());

    test('the use unit creates the project; bad input is a 400 naming the fields in Chinese; one project per building unit', async () => {
      const bad = await call('useUnit', 'POST', '/api/addon/projects', { regionCode: '370102', address: '', building: '3号楼', unit: '2单元', storeys: 1 });
      assert.equal(bad.status, 400);
      const fields = bad.body.error.details.fields.map((f: { field: string }) => f.field).sort();
      assert.deepEqual(fields, ['address', 'storeys']);
      assert.match(bad.body.error.details.fields.find((f: { field: string }) => f.field === 'storeys').message, /层数至少 2 层/);
      const created = await call('useUnit', 'POST', '/api/addon/projects', { regionCode: '370102', address: '济南市历下区文化东路12号', building: '3号楼', unit: '2单元', storeys: 6 });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      id = created.body.id;
      assert.equal(created.body.status, 'consultation');
      assert.equal(created.body.implementingOrg.id, useUnitId);
      assert.deepEqual(created.body.actions, ['confirmConsent', 'cancel']);
      const dup = await call('street', 'POST', '/api/addon/projects', { regionCode: '370102', address: '济南市历下区文化东路12号', building: '3号楼', unit: '2单元', storeys: 6 });
      assert.equal(dup.status, 409);
    });

    test('another use unit and another city’s housing department cannot see the project (404); the street office and Jinan housing can', async () => {
      assert.equal((await call('otherUseUnit', 'GET', `/api/addon/projects/${id}`)).status, 404);
      assert.equal((await call('qdHousing', 'GET', `/api/addon/projects/${id}`)).status, 404);
      assert.equal((await call('otherUseUnit', 'GET', '/api/addon/projects')).body.total, 0);
      assert.equal((await call('street', 'GET', `/api/addon/projects/${id}`)).status, 200);
      assert.equal((await call('housing', 'GET', '/api/addon/projects?regionCode=370102')).body.total, 1);
      assert.equal((await call('maint', 'GET', '/api/addon/projects')).status, 403, 'maintenance companies hold no addon permission');
    });

    test('consent: below the thresholds the step is refused; at exactly 2/3 taking part and 3/4 of them agreeing it passes', async () => {
      const households = Array.from({ length: 12 }, (_, i) => ({ room: `${Math.floor(i / 2) + 1}0${(i % 2) + 1}`, floor: Math.floor(i / 2) + 1, area: 80, ownerName: `业主${i + 1}`, vote: null }));
      const added = await call('useUnit', 'POST', `/api/addon/projects/${id}/households`, { households });
      assert.equal(added.status, 200, JSON.stringify(added.body));
      assert.equal(added.body.households.length, 12);
      const again = await call('useUnit', 'POST', `/api/addon/projects/${id}/households`, { households: [{ room: '101', floor: 1, area: 80, ownerName: '重复' }] });
      assert.equal(again.status, 400);
      assert.match(again.body.error.details.fields[0].message, /房号 101 重复/);
      const ids = added.body.households.map((x: { id: number }) => x.id);
      // 6 agree, 1 disagrees: 7 of 12 take part (< 2/3).
      for (const hid of ids.slice(0, 6)) await call('useUnit', 'PUT', `/api/addon/projects/${id}/households/${hid}/vote`, { vote: 'agree' });
      await call('useUnit', 'PUT', `/api/addon/projects/${id}/households/${ids[6]}/vote`, { vote: 'disagree' });
      const short = await step('useUnit', { action: 'confirmConsent' });
      assert.equal(short.status, 409);
      assert.equal(short.body.error.code, 'ADDON_CONSENT_NOT_REACHED');
      assert.equal(short.body.error.details.tally.participationByHeadcount, false);
      // An 8th takes part by abstaining: 8/12 = 2/3 take part, 6/8 = 3/4 agree.
      const detail = (await call('useUnit', 'PUT', `/api/addon/projects/${id}/households/${ids[7]}/vote`, { vote: 'abstain' })).body;
      assert.deepEqual([detail.tally.participants, detail.tally.consenting, detail.tally.reached], [8, 6, true]);
      assert.deepEqual(detail.rules.participation, { num: 2, den: 3 });
      const ok = await step('useUnit', { action: 'confirmConsent' });
      assert.equal(ok.body.status, 'agreement');
      assert.equal((await call('useUnit', 'PUT', `/api/addon/projects/${id}/households/${ids[8]}/vote`, { vote: 'agree' })).status, 409, 'votes are closed once consent is confirmed');
    });

    test('agreement: shares must sum to the total and non-signers pay nothing; design; the notice period and an objection hold the submission', async () => {
      const hh = (await call('useUnit', 'GET', `/api/addon/projects/${id}`)).body.households as { id: number }[];
      // 10 sign and share 300,000; 2 do not sign.
      const shares = hh.map((x, i) => ({ householdId: x.id, share: i < 10 ? 30_000 : 0, signed: i < 10 }));
      const off = await step('useUnit', { action: 'signAgreement', totalCost: 300_001, shares });
      assert.equal(off.status, 400);
      assert.match(off.body.error.details.fields[0].message, /与总费用 300001\.00 元不符/);
      const nonSignerPays = await step('useUnit', { action: 'signAgreement', totalCost: 300_000, shares: shares.map((s, i) => (i === 11 ? { ...s, share: 1 } : i === 0 ? { ...s, share: 29_999 } : s)) });
      assert.equal(nonSignerPays.status, 400);
      assert.equal(nonSignerPays.body.error.details.fields[0].field, 'shares.11.share');
      assert.equal((await step('useUnit', { action: 'signAgreement', totalCost: 300_000, shares })).body.status, 'design');
      const design = await step('useUnit', { action: 'completeDesign', designer: '济南建筑设计院', manufacturerName: '日立电梯（中国）有限公司', model: 'HGP-AE', ratedLoad: 800, ratedSpeed: 1, stops: 7 });
      assert.equal(design.body.status, 'notice');
      assert.equal((await step('useUnit', { action: 'submit' })).body.error.code, 'ADDON_NOTICE_NOT_OVER', 'no notice posted yet');
      const posted = await step('useUnit', { action: 'startNotice' });
      assert.deepEqual(posted.body.notice, { days: 10, startsOn: '2026-06-01', endsOn: '2026-06-11', pausedSince: null, over: false });
      await advance('2026-06-03T02:00:00Z');
      const obj = await call('useUnit', 'POST', `/api/addon/projects/${id}/objections`, { objector: '一楼业主', content: '影响采光' });
      assert.equal(obj.body.notice.pausedSince, '2026-06-03');
      await advance('2026-06-20T02:00:00Z');
      assert.equal((await step('useUnit', { action: 'submit' })).status, 409, 'an open objection holds the notice');
      const resolved = await call('street', 'POST', `/api/addon/projects/${id}/objections/${obj.body.objections[0].id}/resolve`, { resolution: '调整井道位置，业主同意' });
      // Held 17 days (06-03 → 06-20): the end moves from 06-11 to 06-28.
      assert.equal(resolved.body.notice.endsOn, '2026-06-28');
      assert.equal((await step('useUnit', { action: 'submit' })).status, 409);
      await advance('2026-06-28T02:00:00Z');
      assert.equal((await step('useUnit', { action: 'submit' })).body.status, 'review');
    });

    test('approval by the housing department of the region only; construction, acceptance; registration due in 30 days and listed overdue after', async () => {
      assert.equal((await call('useUnit', 'POST', `/api/addon/projects/${id}/review`, { decision: 'approve' })).status, 403);
      assert.equal((await call('qdHousing', 'POST', `/api/addon/projects/${id}/review`, { decision: 'approve' })).status, 404);
      assert.equal((await call('housing', 'POST', `/api/addon/projects/${id}/review`, { decision: 'reject' })).status, 400, 'a rejection needs a reason');
      const approved = await call('housing', 'POST', `/api/addon/projects/${id}/review`, { decision: 'approve', approvalNo: '济建加梯〔2026〕18号' });
      assert.equal(approved.body.status, 'approved');
      assert.equal((await call('housing', 'POST', `/api/addon/projects/${id}/review`, { decision: 'approve' })).status, 409, 'approving twice');
      assert.equal((await step('useUnit', { action: 'accept', acceptedOn: '2026-06-28' })).status, 409, 'acceptance before construction');
      assert.equal((await step('useUnit', { action: 'startConstruction' })).body.status, 'construction');
      assert.equal((await step('useUnit', { action: 'cancel', reason: '不做了' })).status, 409, 'no cancelling once construction started');
      await advance('2026-08-01T02:00:00Z');
      const accepted = await step('useUnit', { action: 'accept', acceptedOn: '2026-08-01' });
      assert.deepEqual([accepted.body.status, accepted.body.acceptedOn, accepted.body.registrationDueOn, accepted.body.registrationOverdue], ['accepted', '2026-08-01', '2026-08-31', false]);
      await advance('2026-09-01T02:00:00Z');
      const overdue = await call('regulator', 'GET', '/api/addon/projects?overdue=true');
      assert.deepEqual(overdue.body.items.map((p: { id: number; registrationOverdue: boolean }) => [p.id, p.registrationOverdue]), [[id, true]]);
      const progress = await call('regulator', 'GET', '/api/addon/progress?regionCode=370100');
      assert.deepEqual(progress.body.rows.map((r: { regionCode: string; total: number; byStatus: object; overdue: number }) => [r.regionCode, r.total, r.byStatus, r.overdue]), [['370102', 1, { accepted: 1 }, 1]]);
    });

    test('use registration by the regulator creates the registry record through the registry; the use unit sees its elevator', async () => {
      assert.equal((await call('useUnit', 'POST', `/api/addon/projects/${id}/registration`, { registrationCode: code, rescueCode: '6390001' })).status, 403);
      const badCode = await call('regulator', 'POST', `/api/addon/projects/${id}/registration`, { registrationCode: '1234', rescueCode: '6390001' });
      assert.equal(badCode.status, 400);
      assert.equal(badCode.body.error.details.fields[0].field, 'registrationCode');
      const reg = await call('regulator', 'POST', `/api/addon/projects/${id}/registration`, { registrationCode: code, rescueCode: '6390001', certificateNo: '梯11鲁A90001(26)' });
      assert.equal(reg.status, 200, JSON.stringify(reg.body));
      assert.deepEqual([reg.body.status, reg.body.registrationCode, reg.body.registeredOn], ['registered', code, '2026-09-01']);
      const e = await call('useUnit', 'GET', `/api/elevators/${code}`);
      assert.equal(e.status, 200);
      assert.deepEqual([e.body.address, e.body.status, e.body.placeType, e.body.floors, e.body.acceptanceDate, e.body.useUnit.id, e.body.rescueCode], ['济南市历下区文化东路12号3号楼2单元', 'IN_USE', 'RESIDENTIAL', 7, '2026-08-01', useUnitId, '6390001']);
      assert.equal((await call('regulator', 'POST', `/api/addon/projects/${id}/registration`, { registrationCode: code, rescueCode: '6390001' })).status, 409, 'registered once');
    });

    test('96333 enrolment needs a maintenance company with a hotline: the contract names it, the elevator is covered', async () => {
      assert.equal((await step('useUnit', { action: 'enrol' })).status, 409, 'no contract yet');
      const contract = await step('useUnit', { action: 'recordContract', maintenanceOrgId: maintId, startsOn: '2026-09-01', endsOn: '2027-08-31', pricePerYear: 6000 });
      assert.equal(contract.body.status, 'contracted', JSON.stringify(contract.body));
      const enrolled = await step('useUnit', { action: 'enrol' });
      assert.equal(enrolled.body.status, 'in_service');
      assert.deepEqual(enrolled.body.actions, []);
      const cov = await call('regulator', 'GET', '/api/emergency/coverage?regionCode=370102');
      assert.deepEqual([cov.body.summary.total, cov.body.summary.covered], [1, 1]);
      assert.equal((await call('regulator', 'GET', `/api/elevators/${code}`)).body.maintenanceOrg.id, maintId);
    });

    test('subsidy: 150,000 for 6 storeys minus 2 × 5,000 for the non-signers; finance approves and disburses; the audit keeps every step', async () => {
      assert.equal((await call('finance', 'POST', `/api/addon/projects/${id}/subsidy/decision`, { action: 'approve' })).status, 409, 'nothing applied for');
      const applied = await call('useUnit', 'POST', `/api/addon/projects/${id}/subsidy/apply`, {});
      assert.deepEqual([applied.body.subsidy.status, applied.body.subsidy.amount, applied.body.subsidy.basis.deduction], ['applied', 140_000, 10_000]);
      assert.equal((await call('useUnit', 'POST', `/api/addon/projects/${id}/subsidy/decision`, { action: 'approve' })).status, 403);
      assert.equal((await call('finance', 'POST', `/api/addon/projects/${id}/subsidy/decision`, { action: 'disburse' })).status, 409, 'disbursing before approval');
      assert.equal((await call('finance', 'POST', `/api/addon/projects/${id}/subsidy/decision`, { action: 'approve' })).body.subsidy.status, 'approved');
      assert.equal((await call('finance', 'POST', `/api/addon/projects/${id}/subsidy/decision`, { action: 'disburse', note: '已拨付' })).body.subsidy.status, 'disbursed');
      const actions = (await env.ctx.store.db.selectFrom('audit_log').select('action').where('entity_type', '=', 'addon_project').where('entity_id', '=', String(id)).orderBy('id').execute()).map((a) => a.action);
      for (const a of ['addon.project.create', 'addon.confirmConsent', 'addon.signAgreement', 'addon.objection.add', 'addon.approve', 'addon.register', 'addon.enrol', 'addon.subsidy.apply', 'addon.subsidy.disburse']) assert.ok(actions.includes(a), a);
      const events = (await call('useUnit', 'GET', `/api/addon/projects/${id}`)).body.events.map((e: { action: string }) => e.action);
      assert.equal(events[0], 'create');
      assert.equal(events.at(-1), 'subsidy.disburse');
    });
  });
}
