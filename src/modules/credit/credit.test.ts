import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestEnv, storeKinds, type TestEnv } from '../../test/harness.ts';
import { bearer, buildRow, createOrg, toCsv, userToken, uscc } from '../../test/factories.ts';
import { recordCreditEvent } from './credit-events.ts';
import { previousMonth, recordAccidents, recordMaintenanceGrades, refreshScores } from './credit-sources.ts';
import { pointsFor, DEFAULT_CREDIT_RULES } from './credit.domain.ts';

/**
 * Credit files through the store and HTTP: idempotent events per source, the score and its history, the sources
 * wired now (upheld inspection flags, accidents, monthly maintenance grades, enforcement actions elsewhere), the
 * window on the clock, who sees which file (own, regulators by region, 404 for the rest), the regulators' list, and
 * the public file leaking nothing unpublished.
 */
for (const kind of storeKinds()) {
  describe(`credit files (${kind})`, () => {
    let env: TestEnv;
    const h: Record<string, Record<string, string>> = {};
    const code = { useUnit: uscc('370102'), maint: uscc('370102'), qdUnit: uscc('370202') };
    const J1 = buildRow({ regionCode: '370102', useUnitName: '济南信用测试物业', useUnitCreditCode: code.useUnit, maintenanceName: '济南信用测试电梯', maintenanceCreditCode: code.maint });
    const Q1 = buildRow({ regionCode: '370202', useUnitName: '青岛信用测试物业', useUnitCreditCode: code.qdUnit });
    const org: Record<string, number> = {};
    let agencyCode = '';
    let j1 = 0;
    const call = async (who: string | null, method: 'GET' | 'POST', url: string, payload?: unknown) => {
      const res = await env.app.inject({ method, url, headers: who ? h[who] : {}, ...(payload === undefined ? {} : { payload: payload as object }) });
      return { status: res.statusCode, body: res.json(), text: res.body };
    };
    const idOfCode = async (c: string) => (await env.ctx.store.db.selectFrom('organization').select('id').where('credit_code', '=', c).executeTakeFirstOrThrow()).id;

    before(async () => {
      env = await openTestEnv(kind, { now: '2026-06-01T02:00:00Z' });
      const { ctx } = env;
      const platform = await ctx.store.db.selectFrom('organization').select('id').where('type', '=', 'platform').executeTakeFirst();
      h.admin = bearer(await userToken(env, { orgId: (platform ?? (await createOrg(ctx, { type: 'platform' }))).id, roles: ['admin'] }));
      const imp = await env.app.inject({ method: 'POST', url: '/api/elevators/import', headers: { ...h.admin, 'content-type': 'text/csv' }, payload: toCsv([J1, Q1]) });
      await env.runner.wait(imp.json().importId);
      j1 = (await ctx.store.db.selectFrom('elevator').select('id').where('registration_code', '=', J1.registrationCode).executeTakeFirstOrThrow()).id;
      for (const [k, c] of Object.entries(code)) org[k] = await idOfCode(c);
      // The import registers the companies in the province; their region in the file decides nothing here.
      h.useUnit = bearer(await userToken(env, { orgId: org.useUnit!, roles: ['use_unit'] }));
      h.maint = bearer(await userToken(env, { orgId: org.maint!, roles: ['maintenance'] }));
      h.qdUnit = bearer(await userToken(env, { orgId: org.qdUnit!, roles: ['use_unit'] }));
      const agency = await createOrg(ctx, { type: 'inspection', regionCode: '370100', name: '济南信用测试检验机构' });
      org.agency = agency.id;
      agencyCode = agency.credit_code!;
      h.jinan = bearer(await userToken(env, { orgId: (await createOrg(ctx, { type: 'regulator', regionCode: '370100' })).id, roles: ['regulator'] }));
      h.qingdao = bearer(await userToken(env, { orgId: (await createOrg(ctx, { type: 'regulator', regionCode: '370200' })).id, roles: ['regulator'] }));
      h.dept = bearer(await userToken(env, { orgId: (await createOrg(ctx, { type: 'education', regionCode: '370100' })).id, roles: ['department'] }));
    });
    after(() => env.close());

    test('an event is recorded once per source; the score and a history row follow every new event', async () => {
      const db = env.ctx.store.db;
      const at = env.clock.now();
      const input = { orgId: org.useUnit!, kind: 'complaint_confirmed' as const, sourceType: 'complaint', sourceId: 'C-1', summary: '投诉查实', evidence: { text: '现场核实', files: ['a'.repeat(64)] }, at };
      const first = await recordCreditEvent(db, input);
      assert.deepEqual([first.created, first.points, first.score, first.grade], [true, -5, 95, 'A']);
      const again = await recordCreditEvent(db, { ...input, points: -50 });
      assert.deepEqual([again.created, again.id, again.score], [false, first.id, 95], 'same source: nothing changes, not even the points');
      const other = await recordCreditEvent(db, { ...input, sourceId: 'C-2', points: -12.5 });
      assert.deepEqual([other.created, other.score, other.grade], [true, 82.5, 'B']);
      const events = await db.selectFrom('credit_event').select('id').where('org_id', '=', org.useUnit!).execute();
      assert.equal(events.length, 2);
      const history = await db.selectFrom('credit_score_history').select(['score', 'reason']).where('org_id', '=', org.useUnit!).orderBy('id').execute();
      assert.deepEqual(history.map((x) => [Number(x.score), x.reason]), [[95, 'event'], [82.5, 'event']]);
    });

    test('an organisation reads its own file; another organisation and a department get 404', async () => {
      const own = await call('useUnit', 'GET', `/api/credit/orgs/${code.useUnit}`);
      assert.equal(own.status, 200, own.text);
      assert.deepEqual([own.body.score, own.body.grade, own.body.events.length], [82.5, 'B', 2]);
      assert.deepEqual(own.body.history.map((x: { score: number }) => x.score), [95, 82.5]);
      assert.equal(own.body.events[0].evidence.text, '现场核实');
      const me = await call('useUnit', 'GET', '/api/credit/me');
      assert.deepEqual([me.status, me.body.orgId], [200, org.useUnit]);
      assert.equal((await call('maint', 'GET', `/api/credit/orgs/${code.useUnit}`)).status, 404);
      assert.equal((await call('qdUnit', 'GET', `/api/credit/orgs/${code.useUnit}`)).status, 404);
      assert.equal((await call('dept', 'GET', `/api/credit/orgs/${code.useUnit}`)).status, 404);
      const missing = await call('useUnit', 'GET', `/api/credit/orgs/${uscc('370102')}`);
      assert.deepEqual([missing.status, missing.body.error.code], [404, 'CREDIT_ORG_NOT_FOUND']);
      assert.equal((await call('useUnit', 'GET', '/api/credit/orgs')).status, 403, 'the list is the regulators’');
    });

    test('a regulator sees organisations active in its region; another city’s regulator gets 404', async () => {
      assert.equal((await call('jinan', 'GET', `/api/credit/orgs/${code.useUnit}`)).status, 200, 'its elevator is in Jinan');
      assert.equal((await call('jinan', 'GET', `/api/credit/orgs/${code.maint}`)).status, 200, 'maintains an elevator in Jinan');
      assert.equal((await call('jinan', 'GET', `/api/credit/orgs/${agencyCode}`)).status, 200, 'registered in Jinan');
      assert.equal((await call('qingdao', 'GET', `/api/credit/orgs/${code.useUnit}`)).status, 404);
      assert.equal((await call('jinan', 'GET', `/api/credit/orgs/${code.qdUnit}`)).status, 404);
      assert.equal((await call('qingdao', 'GET', `/api/credit/orgs/${code.qdUnit}`)).status, 200);
      assert.equal((await call('admin', 'GET', `/api/credit/orgs/${code.qdUnit}`)).status, 200);
    });

    test('an upheld report-quality flag goes to the agency’s file; dismissing it on review revokes the event', async () => {
      const db = env.ctx.store.db;
      const now = env.clock.now();
      const r = await db
        .insertInto('inspection_report')
        .values({ elevator_id: j1, region_code: '370102', agency_org_id: org.agency!, report_no: 'JN-CREDIT-1', type: 'periodic', date: '2026-05-20', conclusion: 'pass', inspectors: '[]', signer_name: '王', signer_cert: 'X', measurements: '{}', created_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      const f = await db.insertInto('inspection_flag').values({ report_id: r.id, region_code: '370102', code: 'KEY_DATA_MISSING', message: '关键数据缺失', evidence: '{}', created_at: now }).returning('id').executeTakeFirstOrThrow();
      const up = await call('jinan', 'POST', `/api/inspection/flags/${f.id}/review`, { status: 'upheld', outcome: '查实：缺少制动试验数据' });
      assert.equal(up.status, 200, up.text);
      let file = (await call('jinan', 'GET', `/api/credit/orgs/${agencyCode}`)).body;
      assert.deepEqual([file.score, file.events.length, file.events[0].kind, file.events[0].sourceType, file.events[0].sourceId], [95, 1, 'report_flag_upheld', 'inspection_flag', String(f.id)]);
      assert.match(file.events[0].summary, /JN-CREDIT-1/);
      assert.equal(file.events[0].evidence.text, '查实：缺少制动试验数据');
      await call('jinan', 'POST', `/api/inspection/flags/${f.id}/review`, { status: 'upheld', outcome: '再次确认' });
      assert.equal((await db.selectFrom('credit_event').select('id').where('org_id', '=', org.agency!).execute()).length, 1, 'reviewing twice: one event');
      await call('jinan', 'POST', `/api/inspection/flags/${f.id}/review`, { status: 'dismissed', outcome: '复核：数据在附页' });
      file = (await call('jinan', 'GET', `/api/credit/orgs/${agencyCode}`)).body;
      assert.deepEqual([file.score, file.events[0].revoked, file.events[0].counts, file.history.at(-1).reason], [100, true, false, 'revoke']);
    });

    test('an incident closed with injured persons becomes an accident on the maintenance company and the use unit, once', async () => {
      const db = env.ctx.store.db;
      const base = { elevator_id: j1, region_code: '370102', place_type: 'RESIDENTIAL', urban: true, source: 'phone' as const, channels: ['phone'], type: 'trapped' as const, use_unit_id: org.useUnit!, maintenance_org_id: org.maint! };
      await db.insertInto('incident').values([
        { ...base, status: 'closed', injured: 2, received_at: new Date('2026-05-10T02:00:00Z') },
        { ...base, status: 'closed', injured: 0, received_at: new Date('2026-05-11T02:00:00Z') },
        { ...base, status: 'rescued', injured: 1, received_at: new Date('2026-05-12T02:00:00Z') },
      ]).execute();
      assert.equal(await recordAccidents(env.ctx), 2);
      assert.equal(await recordAccidents(env.ctx), 0, 'idempotent');
      const acc = await db.selectFrom('credit_event').select(['org_id', 'points', 'occurred_on']).where('kind', '=', 'accident').orderBy('org_id').execute();
      assert.deepEqual(acc.map((a) => [a.org_id, Number(a.points), a.occurred_on]).sort(), [[org.maint!, -10, '2026-05-10'], [org.useUnit!, -5, '2026-05-10']].sort());
      assert.equal((await call('maint', 'GET', '/api/credit/me')).body.score, 90);
    });

    test('the month’s maintenance grade becomes one event per company, with the grade’s points', async () => {
      const period = previousMonth('2026-06-01');
      assert.equal(period, '2026-05');
      assert.equal(await recordMaintenanceGrades(env.ctx, '2026-06'), 0, 'the month is not over');
      const n = await recordMaintenanceGrades(env.ctx, period);
      assert.ok(n >= 1);
      assert.equal(await recordMaintenanceGrades(env.ctx, period), 0, 'idempotent');
      const e = await env.ctx.store.db.selectFrom('credit_event').select(['points', 'summary', 'occurred_on']).where('org_id', '=', org.maint!).where('kind', '=', 'maintenance_grade').executeTakeFirstOrThrow();
      // An injury in May makes the company's May grade D automatically.
      assert.match(e.summary, /2026-05 维保质量等级 D/);
      assert.deepEqual([Number(e.points), e.occurred_on], [pointsFor('maintenance_grade', DEFAULT_CREDIT_RULES, 'D'), '2026-05-31']);
    });

    test('the regulators’ list: organisations active in the region, worst first, by type and grade', async () => {
      const list = await call('jinan', 'GET', '/api/credit/orgs');
      assert.equal(list.status, 200, list.text);
      const names = list.body.items.map((i: { orgId: number }) => i.orgId);
      assert.ok(names.includes(org.useUnit) && names.includes(org.maint) && names.includes(org.agency));
      assert.ok(!names.includes(org.qdUnit));
      const scores = list.body.items.map((i: { score: number }) => i.score);
      assert.deepEqual(scores, [...scores].sort((a, b) => a - b), 'worst first');
      assert.equal(list.body.byGrade.A + list.body.byGrade.B + list.body.byGrade.C + list.body.byGrade.D, list.body.total);
      const units = await call('jinan', 'GET', '/api/credit/orgs?type=use_unit');
      assert.deepEqual(units.body.items.map((i: { orgId: number }) => i.orgId), [org.useUnit]);
      const b = await call('jinan', 'GET', '/api/credit/orgs?grade=B');
      assert.ok(b.body.items.every((i: { grade: string }) => i.grade === 'B'));
      assert.equal((await call('jinan', 'GET', '/api/credit/orgs?regionCode=370202')).status, 403, 'another city');
      assert.equal((await call('qingdao', 'GET', '/api/credit/orgs')).body.items.some((i: { orgId: number }) => i.orgId === org.useUnit), false);
    });

    test('commendations are the regulators’; a hand-recorded event can be revoked, a sourced one only through its source', async () => {
      const c = await call('jinan', 'POST', `/api/credit/orgs/${code.useUnit}/commendations`, { summary: '电梯安全管理示范单位', evidenceText: '市局通报表扬' });
      assert.equal(c.status, 201, c.text);
      const ev = c.body.events.find((e: { kind: string }) => e.kind === 'commendation');
      assert.deepEqual([ev.points, ev.published], [5, false]);
      assert.equal((await call('useUnit', 'POST', `/api/credit/orgs/${code.useUnit}/commendations`, { summary: '自己表扬自己' })).status, 403);
      assert.equal((await call('qingdao', 'POST', `/api/credit/orgs/${code.useUnit}/commendations`, { summary: '跨市' })).status, 404);
      const sourced = c.body.events.find((e: { sourceType: string }) => e.sourceType === 'incident');
      assert.equal((await call('jinan', 'POST', `/api/credit/events/${sourced.id}/revoke`, { reason: '不对' })).body.error.code, 'CREDIT_EVENT_SOURCE_OWNED');
      const rv = await call('jinan', 'POST', `/api/credit/events/${ev.id}/revoke`, { reason: '重复表彰' });
      assert.deepEqual([rv.status, rv.body.revoked, rv.body.counts], [200, true, false]);
      assert.equal((await call('qingdao', 'POST', `/api/credit/events/${ev.id}/publish`)).status, 404);
    });

    test('the public file shows score, grade and published events only, and no field beyond them', async () => {
      const unpublished = await call(null, 'GET', `/api/public/credit/orgs/${code.useUnit}`);
      assert.equal(unpublished.status, 200, unpublished.text);
      assert.deepEqual(Object.keys(unpublished.body).sort(), ['creditCode', 'events', 'grade', 'name', 'score', 'type']);
      assert.deepEqual(unpublished.body.events, [], 'complaints, accidents and revoked commendations are not public');
      const c = await call('jinan', 'POST', `/api/credit/orgs/${code.useUnit}/commendations`, { summary: '年度安全先进', evidenceText: '内部材料：联系人 13800000000', files: ['b'.repeat(64)] });
      const ev = c.body.events.find((e: { summary: string }) => e.summary === '年度安全先进');
      const accident = c.body.events.find((e: { kind: string }) => e.kind === 'accident');
      assert.equal((await call('jinan', 'POST', `/api/credit/events/${accident.id}/publish`)).body.error.code, 'CREDIT_EVENT_NOT_PUBLISHABLE');
      assert.equal((await call('useUnit', 'POST', `/api/credit/events/${ev.id}/publish`)).status, 403);
      const pub = await call('jinan', 'POST', `/api/credit/events/${ev.id}/publish`);
      assert.deepEqual([pub.status, pub.body.published], [200, true]);
      const file = await call(null, 'GET', `/api/public/credit/orgs/${code.useUnit}`);
      const own = (await call('useUnit', 'GET', '/api/credit/me')).body;
      assert.deepEqual(file.body, {
        creditCode: code.useUnit,
        name: '济南信用测试物业',
        type: 'use_unit',
        score: own.score,
        grade: own.grade,
        events: [{ kind: 'commendation', summary: '年度安全先进', points: 5, occurredOn: '2026-06-01', publishedAt: '2026-06-01T02:00:00.000Z' }],
      });
      for (const secret of ['13800000000', 'b'.repeat(64), '现场核实', '投诉查实', 'evidence', 'sourceId', 'recordedBy', 'regionCode']) assert.ok(!file.text.includes(secret), `leaks ${secret}`);
      assert.equal((await call(null, 'GET', `/api/public/credit/orgs/${uscc('370102')}`)).status, 404);
      assert.equal((await call(null, 'GET', '/api/public/credit/orgs/not-a-code')).status, 400);
    });
    test('events leave the score when the window closes; the daily refresh writes the change once (last: moves the clock)', async () => {
      const db = env.ctx.store.db;
      const score = async () => Number((await db.selectFrom('credit_score').select('score').where('org_id', '=', org.maint!).executeTakeFirstOrThrow()).score);
      const historyRows = async () => db.selectFrom('credit_score_history').select(['score', 'reason']).where('org_id', '=', org.maint!).orderBy('id').execute();
      assert.equal(await score(), 85, 'accident −10, grade D −5');
      const before = (await historyRows()).length;
      env.clock.set('2029-05-09T02:00:00Z'); // the accident of 2026-05-10 still counts on its window's last day
      await refreshScores(env.ctx);
      assert.equal(await score(), 85);
      assert.equal((await historyRows()).length, before, 'no change, no history row');
      env.clock.set('2029-05-10T02:00:00Z');
      assert.ok((await refreshScores(env.ctx)) >= 1);
      assert.equal(await score(), 95);
      assert.deepEqual((await historyRows()).at(-1), { score: 95, reason: 'expiry' });
      assert.equal(await refreshScores(env.ctx), 0, 'once a day');
    });
  });
}
