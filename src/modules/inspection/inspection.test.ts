import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { openTestEnv, storeKinds, type TestEnv } from '../../test/harness.ts';
import { bearer, buildRow, createOrg, toCsv, userToken, uscc } from '../../test/factories.ts';
import { ensureDueIndexes, recomputeAll } from './schedule.service.ts';

/**
 * Inspection over the HTTP API with "today" = 2026-11-30: schedules from the registry, a report moving the due date
 * and the public record, validation, quality flags, the rectification loop, access, hazards missed, plans and
 * postponements. Elevators A and B were accepted on 2019-06-10: year 7 (periodic) was due 2026-06-10.
 */
for (const kind of storeKinds()) {
  describe(`inspection supervision (${kind})`, () => {
    let env: TestEnv;
    let admin: Record<string, string>;
    let agency: Record<string, string>;
    let otherAgency: Record<string, string>;
    let useUnit: Record<string, string>;
    let jinan: Record<string, string>;
    let qingdao: Record<string, string>;
    const agencyCode = uscc('370100');
    const otherCode = uscc('370200');
    const U = { useUnitName: '检验测试物业', useUnitCreditCode: uscc('370102') };
    const A = buildRow({ regionCode: '370102', ...U, longitude: '117.05', latitude: '36.66' });
    const B = buildRow({ regionCode: '370102', ...U, longitude: '117.06', latitude: '36.67' });
    const Q = buildRow({ regionCode: '370202', longitude: '120.38', latitude: '36.07' });
    const zhang = { name: '张检', certificateNo: 'TS-001' };
    const li = { name: '李审', certificateNo: 'TS-002' };
    const good = { balanceCoefficient: 0.45, brakeTest: 'pass', doorLockEngagementMm: 9, insulationResistanceMOhm: 5 };
    const report = (over: Record<string, unknown> = {}) => ({
      registrationCode: A.registrationCode,
      reportNo: `JN2026-${Math.random().toString(36).slice(2, 8)}`,
      agencyCreditCode: agencyCode,
      type: 'periodic',
      date: '2026-11-20',
      conclusion: 'pass',
      inspectors: [zhang],
      signer: li,
      measurements: good,
      defects: [],
      ...over,
    });
    const post = (url: string, payload: unknown, h = agency) => env.app.inject({ method: 'POST', url, headers: h, payload: payload as object });
    const get = (url: string, h = admin) => env.app.inject({ method: 'GET', url, headers: h });

    before(async () => {
      env = await openTestEnv(kind, { now: '2026-11-30T02:00:00Z' });
      const { ctx } = env;
      const platform = await ctx.store.db.selectFrom('organization').select('id').where('type', '=', 'platform').executeTakeFirst();
      admin = bearer(await userToken(env, { orgId: (platform ?? (await createOrg(ctx, { type: 'platform' }))).id, roles: ['admin'] }));
      const imp = await env.app.inject({ method: 'POST', url: '/api/elevators/import', headers: { ...admin, 'content-type': 'text/csv' }, payload: toCsv([A, B, Q]) });
      await env.runner.wait(imp.json().importId);
      const ag = await createOrg(ctx, { type: 'inspection', regionCode: '370100', name: '济南特检院', creditCode: agencyCode });
      agency = bearer(await userToken(env, { orgId: ag.id, roles: ['inspector'] }));
      otherAgency = bearer(await userToken(env, { orgId: (await createOrg(ctx, { type: 'inspection', regionCode: '370200', name: '青岛检测', creditCode: otherCode })).id, roles: ['inspector'] }));
      const uu = await ctx.store.db.selectFrom('organization').select('id').where('name', '=', '检验测试物业').executeTakeFirstOrThrow();
      useUnit = bearer(await userToken(env, { orgId: uu.id, roles: ['use_unit'] }));
      jinan = bearer(await userToken(env, { orgId: (await createOrg(ctx, { type: 'regulator', regionCode: '370100' })).id, roles: ['regulator'] }));
      qingdao = bearer(await userToken(env, { orgId: (await createOrg(ctx, { type: 'regulator', regionCode: '370200' })).id, roles: ['regulator'] }));
      for (const [p, q] of [[zhang, '电梯检验员'], [li, '电梯检验师']] as const) {
        const r = await post('/api/inspection/inspectors', { ...p, qualification: q, validTo: '2030-12-31', employedFrom: '2020-01-01' });
        assert.equal(r.statusCode, 201, r.body);
      }
    });
    after(() => env.close());

    test('schedules come from the registry: year 7 periodic due 2026-06-10, 173 days overdue', async () => {
      const t = await env.inspection.tick();
      assert.equal(t.scheduled, 3);
      const a = (await get(`/api/elevators/${A.registrationCode}`)).json();
      assert.deepEqual({ ...a.inspection, reason: undefined }, { nextDueDate: '2026-06-10', nextType: 'periodic', overdueDays: 173, reason: undefined, lastReport: null });
      assert.match(a.inspection.reason, /第 7 年为定期检验年/);
      const overdue = (await get('/api/inspection/overdue?regionCode=370100', jinan)).json();
      assert.deepEqual(overdue.items.map((i: { registrationCode: string; overdueDays: number }) => [i.registrationCode, i.overdueDays]).sort(), [[A.registrationCode, 173], [B.registrationCode, 173]].sort());
      assert.equal(overdue.total, 2);
      assert.equal((await get('/api/inspection/overdue?regionCode=370100', qingdao)).json().error.code, 'REGION_OUT_OF_SCOPE');
    });

    test('a passing report moves the due date and the public record at once', async () => {
      const res = await post('/api/inspection/reports', report({ reportNo: 'JN2026-A1', defects: [{ item: '轿厢照明', description: '一盏灯不亮', severity: 'general' }] }));
      assert.equal(res.statusCode, 201, res.body);
      const r = res.json();
      assert.deepEqual(r.flags, []);
      assert.deepEqual([r.inspection.nextDueDate, r.inspection.nextType, r.inspection.overdueDays], ['2027-06-10', 'self_test', 0]);
      assert.equal(r.inspection.lastReport.reportNo, 'JN2026-A1');
      assert.equal(r.defects[0].deadline, '2027-01-19');
      const a = (await get(`/api/elevators/${A.registrationCode}`)).json();
      assert.equal(a.inspection.nextDueDate, '2027-06-10');
      const pub = (await env.app.inject({ method: 'GET', url: `/api/public/elevators/${A.rescueCode}` })).json();
      assert.deepEqual(pub.lastInspection, { date: '2026-11-20', conclusion: '合格' });
      assert.equal(pub.nextInspectionDue, '2027-06-10');
      const audit = await env.ctx.store.db.selectFrom('audit_log').select('action').where('action', '=', 'inspection.report.create').execute();
      assert.equal(audit.length, 1);
    });

    test('bad input: 400 naming the fields; duplicate number 409; another agency’s code 403; future date 400', async () => {
      const bad = await post('/api/inspection/reports', { ...report(), reportNo: '', inspectors: [], conclusion: 'ok' });
      assert.equal(bad.statusCode, 400);
      const fields = bad.json().error.details.fields.map((f: { field: string }) => f.field);
      for (const f of ['reportNo', 'inspectors', 'conclusion']) assert.ok(fields.includes(f), `${f} in ${fields}`);
      const dup = await post('/api/inspection/reports', report({ reportNo: 'JN2026-A1' }));
      assert.equal(dup.statusCode, 409);
      assert.equal(dup.json().error.code, 'REPORT_NO_TAKEN');
      assert.equal((await post('/api/inspection/reports', report({ agencyCreditCode: otherCode }))).statusCode, 403);
      const future = await post('/api/inspection/reports', report({ date: '2026-12-25' }));
      assert.equal(future.statusCode, 400);
      assert.equal(future.json().error.details.fields[0].field, 'date');
      assert.equal((await post('/api/inspection/reports', report(), useUnit)).statusCode, 403, 'use units do not file reports');
    });

    test('quality flags arrive with the report: signer on site, key data missing, same day too far, unknown inspector', async () => {
      const b = (await post('/api/inspection/reports', report({ registrationCode: B.registrationCode, reportNo: 'JN2026-B1', signer: zhang, measurements: { brakeTest: 'pass', doorLockEngagementMm: 9, insulationResistanceMOhm: 5 }, defects: [{ item: '制动器', description: '制动衬磨损超限', severity: 'serious' }] }))).json();
      assert.deepEqual(b.flags.map((f: { code: string }) => f.code).sort(), ['KEY_DATA_MISSING', 'SIGNER_ON_SITE']);
      const q = (await post('/api/inspection/reports', report({ registrationCode: Q.registrationCode, reportNo: 'JN2026-Q1', inspectors: [zhang, { name: '无证', certificateNo: 'TS-404' }] }))).json();
      assert.deepEqual(q.flags.map((f: { code: string }) => f.code).sort(), ['INSPECTOR_UNKNOWN', 'SAME_DAY_TOO_FAR']);
      const far = q.flags.find((f: { code: string }) => f.code === 'SAME_DAY_TOO_FAR');
      assert.match(far.message, /张检 在 2026-11-20 同日检验的两台电梯相距 \d+ 公里/);
      // The other report of that day carries the flag too, naming this one.
      const otherId = (await get('/api/inspection/reports', agency)).json().items.find((r: { reportNo: string }) => r.reportNo === far.evidence.otherReport).id;
      const mirrored = (await get(`/api/inspection/reports/${otherId}`, agency)).json().flags.find((f: { code: string }) => f.code === 'SAME_DAY_TOO_FAR');
      assert.match(mirrored.message, /（报告 JN2026-Q1）/);
      // A regulator sees the flags in its region and records outcomes; Qingdao's regulator sees Q's only.
      const list = (await get('/api/inspection/flags?status=open', jinan)).json();
      assert.deepEqual(list.items.map((f: { code: string }) => f.code).sort(), ['KEY_DATA_MISSING', 'SAME_DAY_TOO_FAR', 'SIGNER_ON_SITE']);
      const reviewed = await post(`/api/inspection/flags/${list.items[0].id}/review`, { status: 'upheld', outcome: '约谈检验机构' }, jinan);
      assert.equal(reviewed.json().status, 'upheld');
      assert.equal((await post(`/api/inspection/flags/${list.items[0].id}/review`, { status: 'dismissed', outcome: 'x' }, agency)).statusCode, 403);
      assert.deepEqual((await get('/api/inspection/flags', qingdao)).json().items.map((f: { code: string }) => f.code).sort(), ['INSPECTOR_UNKNOWN', 'SAME_DAY_TOO_FAR']);
    });

    test('rectification: the use unit fixes with evidence, the agency verifies, the regulator closes; overdue tasks escalate once', async () => {
      const res = await get('/api/inspection/defects', useUnit);
      assert.equal(res.statusCode, 200, res.body);
      const tasks = res.json();
      assert.deepEqual(tasks.items.map((t: { item: string }) => t.item).sort(), ['制动器', '轿厢照明']);
      const light = tasks.items.find((t: { item: string }) => t.item === '轿厢照明');
      const act = (id: number, body: Record<string, unknown>, h: Record<string, string>) => post(`/api/inspection/defects/${id}/actions`, body, h);
      assert.equal((await act(light.id, { action: 'verify', note: '提前确认' }, agency)).json().error.code, 'HAZARD_ACTION_INVALID');
      const fixed = (await act(light.id, { action: 'fix', note: '已更换灯管', fileSha256: 'a'.repeat(64) }, useUnit)).json();
      assert.equal(fixed.status, 'fixed');
      assert.equal(fixed.evidence.at(-1).fileSha256, 'a'.repeat(64));
      assert.equal((await act(light.id, { action: 'verify', note: '自己确认' }, useUnit)).statusCode, 403);
      assert.equal((await act(light.id, { action: 'verify', note: '现场复核' }, agency)).json().status, 'verified');
      assert.equal((await act(light.id, { action: 'close', note: '关闭' }, jinan)).json().status, 'closed');
      // A serious defect found on 2026-11-01 (deadline 2026-11-16) and never fixed escalates to the regulator, once.
      const old = await post('/api/inspection/reports', report({ registrationCode: B.registrationCode, reportNo: 'JN2026-B0', date: '2026-11-01', type: 'self_test', conclusion: 'fail', defects: [{ item: '层门门锁', description: '啮合长度不足', severity: 'serious' }] }));
      assert.equal(old.statusCode, 201, old.body);
      assert.equal((await env.hazards.tick()).escalated, 1);
      assert.equal((await env.hazards.tick()).escalated, 0);
      const overdue = (await get('/api/inspection/defects?overdue=true', jinan)).json();
      assert.deepEqual(overdue.items.map((t: { item: string; overdueDays: number; escalated: boolean }) => [t.item, t.overdueDays, t.escalated]), [['层门门锁', 14, true]]);
    });

    test('access: an agency sees only its own reports; use units their elevators’; regulators their region', async () => {
      const mine = (await get('/api/inspection/reports', agency)).json();
      assert.equal(mine.total, 4);
      assert.equal((await get('/api/inspection/reports', otherAgency)).json().total, 0);
      const id = mine.items.find((r: { reportNo: string }) => r.reportNo === 'JN2026-A1').id;
      assert.equal((await get(`/api/inspection/reports/${id}`, otherAgency)).json().error.code, 'REPORT_NOT_FOUND');
      assert.deepEqual((await get('/api/inspection/reports', useUnit)).json().items.map((r: { reportNo: string }) => r.reportNo).sort(), ['JN2026-A1', 'JN2026-B0', 'JN2026-B1']);
      assert.deepEqual((await get('/api/inspection/reports', qingdao)).json().items.map((r: { reportNo: string }) => r.reportNo), ['JN2026-Q1']);
      assert.equal((await get(`/api/inspection/reports/${id}`, qingdao)).statusCode, 404);
    });

    test('a PDF is stored with its hash; only the agency may attach it', async () => {
      const id = (await get('/api/inspection/reports?registrationCode=' + A.registrationCode, agency)).json().items[0].id;
      const pdf = Buffer.from('%PDF-1.4\n% test\n');
      const put = await env.app.inject({ method: 'PUT', url: `/api/inspection/reports/${id}/pdf`, headers: { ...agency, 'content-type': 'application/pdf' }, payload: pdf });
      assert.equal(put.statusCode, 200, put.body);
      assert.equal(put.json().sha256, (await import('node:crypto')).createHash('sha256').update(pdf).digest('hex'));
      const back = await env.app.inject({ method: 'GET', url: `/api/inspection/reports/${id}/pdf`, headers: useUnit });
      assert.equal(back.statusCode, 200);
      assert.equal(back.body, pdf.toString());
      assert.equal((await env.app.inject({ method: 'PUT', url: `/api/inspection/reports/${id}/pdf`, headers: { ...agency, 'content-type': 'application/pdf' }, payload: Buffer.from('not a pdf') })).statusCode, 415);
      assert.equal((await env.app.inject({ method: 'PUT', url: `/api/inspection/reports/${id}/pdf`, headers: { ...otherAgency, 'content-type': 'application/pdf' }, payload: pdf })).statusCode, 404);
    });

    test('an entrapment within 30 days of a passing report flags a hazard possibly missed', async () => {
      const e = await env.ctx.store.db.selectFrom('elevator').select(['id', 'region_code', 'place_type']).where('registration_code', '=', A.registrationCode).executeTakeFirstOrThrow();
      await env.ctx.store.db
        .insertInto('incident')
        .values({ elevator_id: e.id, region_code: e.region_code, place_type: e.place_type, use_unit_id: null, maintenance_org_id: null, urban: true, source: 'phone', channels: ['phone'], type: 'trapped', status: 'closed', tier: 1, assigned_org_id: null, trapped: 1, injured: null, caller_phone: null, description: null, received_at: new Date('2026-11-28T10:00:00Z'), cause: 'equipment', rescued_count: 1, remarks: null, alarm_id: null, repeat_of: null, import_job_id: null })
        .execute();
      assert.equal((await env.inspection.tick()).flagged, 1);
      assert.equal((await env.inspection.tick()).flagged, 0, 'flagged once');
      const flags = (await get(`/api/inspection/flags?code=HAZARD_MISSED`, jinan)).json();
      assert.equal(flags.items.length, 1);
      assert.equal(flags.items[0].registrationCode, A.registrationCode);
      assert.match(flags.items[0].message, /困人/);
    });

    test('plans: the agency files its visit, the report completes it; a use unit applies; compliance counts them', async () => {
      const plan = await post('/api/inspection/plans', { registrationCode: B.registrationCode, plannedDate: '2026-12-15', type: 'reinspection', inspectors: [zhang] });
      assert.equal(plan.statusCode, 201, plan.body);
      assert.equal(plan.json().status, 'submitted');
      const app = await post('/api/inspection/plans', { registrationCode: A.registrationCode, plannedDate: '2027-05-10', type: 'self_test', agencyOrgId: (await get('/api/inspection/reports', agency)).json().items[0].agency.id }, useUnit);
      assert.equal(app.json().kind, 'application');
      assert.equal((await post('/api/inspection/plans', { registrationCode: Q.registrationCode, plannedDate: '2027-01-01', type: 'periodic' }, useUnit)).statusCode, 404, 'not its elevator');
      await post('/api/inspection/reports', report({ registrationCode: B.registrationCode, reportNo: 'JN2026-B2', type: 'reinspection', date: '2026-11-29' }));
      const plans = (await get('/api/inspection/plans', agency)).json();
      assert.equal(plans.items.find((p: { id: number }) => p.id === plan.json().id).status, 'done');
      const c = (await get('/api/inspection/compliance?regionCode=370100', jinan)).json();
      assert.equal(c.byAgency[0].name, '济南特检院');
      assert.equal(c.byAgency[0].reports, 4);
      assert.ok(c.byRegion.some((r: { regionCode: string }) => r.regionCode === '370102'));
    });

    test('a regulator’s postponement moves due dates in its region', async () => {
      const res = await post('/api/inspection/postponements', { regionCode: '370102', from: '2027-06-01', to: '2027-06-30', days: 30, reason: '汛期顺延' }, jinan);
      assert.equal(res.statusCode, 201, res.body);
      assert.ok(res.json().recomputed >= 2);
      const a = (await get(`/api/elevators/${A.registrationCode}`)).json();
      assert.equal(a.inspection.nextDueDate, '2027-07-10');
      assert.match(a.inspection.reason, /顺延 30 天/);
      assert.equal((await post('/api/inspection/postponements', { regionCode: '370202', from: '2027-06-01', to: '2027-06-30', days: 30, reason: '汛期顺延' }, jinan)).json().error.code, 'REGION_OUT_OF_SCOPE');
    });

    test('the daily run moves a missed obligation on once a later due date passes, and touches nothing else', async () => {
      const dueOf = async (code: string) =>
        (await env.ctx.store.db.selectFrom('inspection_due as d').innerJoin('elevator as e', 'e.id', 'd.elevator_id').select(['d.next_due_date', 'd.next_type']).where('e.registration_code', '=', code).executeTakeFirstOrThrow());
      assert.deepEqual(await dueOf(A.registrationCode), { next_due_date: '2027-07-10', next_type: 'self_test' });
      // 2028-08-01: A's year-8 self-test (2027-07-10) was missed and year 9's periodic (2028-06-10) has passed too.
      env.clock.set('2028-08-01T02:00:00Z');
      const n = await recomputeAll(env.ctx, { onlyPastDue: true });
      assert.equal(n, 3, 'the three elevators whose due dates have passed by then');
      assert.deepEqual(await dueOf(A.registrationCode), { next_due_date: '2028-06-10', next_type: 'periodic' });
      env.clock.set('2026-11-30T02:00:00Z');
      await recomputeAll(env.ctx);
      assert.deepEqual(await dueOf(A.registrationCode), { next_due_date: '2027-07-10', next_type: 'self_test' });
    });

    test('a first full computation into an empty table builds the secondary indexes and the foreign key once, exactly as the migration defines them', async () => {
      const indexes = async () => ({
        indexes: (await sql<{ indexname: string; indexdef: string }>`SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'inspection_due' AND schemaname = current_schema() ORDER BY indexname`.execute(env.ctx.store.db)).rows,
        constraints: (
          await sql<{ conname: string; def: string; convalidated: boolean }>`
            SELECT conname, pg_get_constraintdef(oid) AS def, convalidated FROM pg_constraint WHERE conrelid = 'inspection_due'::regclass AND contype IN ('p', 'f') ORDER BY conname`.execute(env.ctx.store.db)
        ).rows,
      });
      const migrated = await indexes();
      assert.deepEqual(migrated.indexes.map((i) => i.indexname), ['inspection_due_date_idx', 'inspection_due_pkey', 'inspection_due_region_idx']);
      assert.deepEqual(migrated.constraints.map((c) => c.conname), ['inspection_due_elevator_id_fkey', 'inspection_due_pkey']);
      const due = () => env.ctx.store.db.selectFrom('inspection_due').selectAll().orderBy('elevator_id').execute();
      const stored = await due();
      await env.ctx.store.db.deleteFrom('inspection_due').execute();
      const timings: Record<string, number> = {};
      assert.equal(await recomputeAll(env.ctx, { timings }), stored.length);
      assert.deepEqual(await due(), stored, 'the same schedules, written by plain inserts');
      assert.ok(timings.indexes !== undefined, 'the indexes were rebuilt');
      assert.deepEqual(await indexes(), migrated);
      // Not empty: a second full run keeps the indexes (no drop).
      const again: Record<string, number> = {};
      await recomputeAll(env.ctx, { timings: again });
      assert.equal(again.indexes, undefined);
      // A crash between the drop and the rebuild, and an elevator deleted meanwhile: the start-up puts the key back.
      await sql`ALTER TABLE inspection_due DROP CONSTRAINT inspection_due_elevator_id_fkey`.execute(env.ctx.store.db);
      await sql`INSERT INTO inspection_due (elevator_id, region_code) VALUES (987654321, '370102')`.execute(env.ctx.store.db);
      await ensureDueIndexes(env.ctx.store.db);
      assert.deepEqual(await indexes(), migrated);
      assert.deepEqual(await due(), stored, 'the row of the deleted elevator is gone');
    });
  });
}
