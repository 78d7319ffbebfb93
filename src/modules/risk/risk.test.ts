import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestEnv, storeKinds, type TestEnv } from '../../test/harness.ts';
import { bearer, buildRow, createOrg, toCsv, userToken, uscc } from '../../test/factories.ts';
import * as hazards from '../hazards/hazards.service.ts';
import { recomputeAll } from './risk-compute.ts';
import { DEFAULT_MODEL, tiersOf } from './risk.domain.ts';
import { sql } from 'kysely';

/** Risk scores and old-elevator lists over HTTP ("now" = 2026-11-30 10:00 Shanghai). */
for (const kind of storeKinds()) {
  describe(`risk and old elevators (${kind})`, () => {
    let env: TestEnv;
    let admin: Record<string, string>;
    let jinan: Record<string, string>;
    let qingdao: Record<string, string>;
    let province: Record<string, string>;
    let cityRegulator: Record<string, string>;
    const U = { useUnitName: '风险测试物业', useUnitCreditCode: uscc('370102') };
    // X: a school's passenger lift commissioned 2000-06-20 with faults, entrapments, a failed inspection, hazards, late maintenance, a complaint.
    const X = buildRow({ ...U, regionCode: '370102', placeType: '学校', category: '3110', manufactureDate: '2000-01-10', commissioningDate: '2000-06-20', registrationDate: '2000-07-01', ascendingOverspeedProtection: '无' });
    // Y: a quiet new residential lift.
    const Y = buildRow({ ...U, regionCode: '370102', placeType: '住宅', category: '3110', manufactureDate: '2024-01-10', commissioningDate: '2024-03-01', registrationDate: '2024-03-10' });
    // Tier boundaries: registered 2008-12-31 (15), 2009-01-01 (none), 2003-12-31 (20); made 2004-12-31 with protection (not overspeed).
    const T1 = buildRow({ ...U, regionCode: '370103', registrationDate: '2008-12-31', commissioningDate: '2008-12-20', manufactureDate: '2008-06-01' });
    const T2 = buildRow({ ...U, regionCode: '370103', registrationDate: '2009-01-01', commissioningDate: '2008-12-25', manufactureDate: '2004-12-31', ascendingOverspeedProtection: '有' });
    const T3 = buildRow({ ...U, regionCode: '370103', registrationDate: '2003-12-31', commissioningDate: '2003-12-01', manufactureDate: '2003-05-01', ascendingOverspeedProtection: '' });
    const Q = buildRow({ ...U, regionCode: '370202', registrationDate: '2001-01-01', commissioningDate: '2000-12-01', manufactureDate: '2000-05-01' });
    const get = (url: string, h: Record<string, string>) => env.app.inject({ method: 'GET', url, headers: h });
    const idOf = async (code: string) => (await env.ctx.store.db.selectFrom('elevator').select('id').where('registration_code', '=', code).executeTakeFirstOrThrow()).id;

    /** The trigger-kept tier counts equal a count of the rows, and the SQL tier function agrees with tiersOf. */
    const assertCountsAgree = async () => {
      const db = env.ctx.store.db;
      const kept = await sql<{ k: string; n: number }>`SELECT region_code || '/' || place_type || '/' || tier AS k, n::int AS n FROM elevator_old_count WHERE n <> 0 ORDER BY 1`.execute(db);
      const rows = await db.selectFrom('elevator').select(['region_code', 'place_type', 'status', 'registration_date', 'manufacture_date', 'ascending_overspeed_protection']).execute();
      const counted = new Map<string, number>();
      for (const r of rows) {
        if (r.status !== 'IN_USE' && r.status !== 'STOPPED') continue;
        for (const t of tiersOf({ registrationDate: r.registration_date, manufactureDate: r.manufacture_date, ascendingOverspeedProtection: r.ascending_overspeed_protection })) {
          const k = `${r.region_code}/${r.place_type}/${t}`;
          counted.set(k, (counted.get(k) ?? 0) + 1);
        }
      }
      assert.deepEqual(kept.rows.map((r) => [r.k, r.n]), [...counted.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
    };

    before(async () => {
      env = await openTestEnv(kind, { now: '2026-11-30T02:00:00Z' });
      const { ctx } = env;
      const db = ctx.store.db;
      const platform = await db.selectFrom('organization').select('id').where('type', '=', 'platform').executeTakeFirst();
      admin = bearer(await userToken(env, { orgId: (platform ?? (await createOrg(ctx, { type: 'platform' }))).id, roles: ['admin'] }));
      const imp = await env.app.inject({ method: 'POST', url: '/api/elevators/import', headers: { ...admin, 'content-type': 'text/csv' }, payload: toCsv([X, Y, T1, T2, T3, Q]) });
      await env.runner.wait(imp.json().importId);
      jinan = bearer(await userToken(env, { orgId: (await createOrg(ctx, { type: 'regulator', regionCode: '370100' })).id, roles: ['regulator'] }));
      cityRegulator = jinan;
      qingdao = bearer(await userToken(env, { orgId: (await createOrg(ctx, { type: 'regulator', regionCode: '370200' })).id, roles: ['regulator'] }));
      province = bearer(await userToken(env, { orgId: (await createOrg(ctx, { type: 'regulator', regionCode: '370000' })).id, roles: ['regulator'] }));
      const x = await idOf(X.registrationCode);
      const now = new Date('2026-11-30T02:00:00Z');
      // 6 IoT alarms in the last 12 months (and one older, not counted).
      const alarm = (opened: string) => ({ elevator_id: x, region_code: '370102', type: 'door_fault', severity: 'major' as const, status: 'cleared' as const, source: 'device' as const, opened_at: new Date(opened), last_at: new Date(opened) });
      await db.insertInto('alarm').values([...Array.from({ length: 6 }, (_, i) => alarm(`2026-0${i + 1}-10T02:00:00Z`)), alarm('2025-06-01T02:00:00Z')]).execute();
      // 2 entrapments and 1 complaint this year; 1 cancelled call not counted.
      const call = (type: 'trapped' | 'complaint', status: 'closed' | 'cancelled', received: string) => ({
        elevator_id: x, region_code: '370102', place_type: 'SCHOOL', urban: true, source: 'phone' as const, channels: ['phone'], type, status, received_at: new Date(received),
      });
      await db.insertInto('incident').values([call('trapped', 'closed', '2026-03-01T02:00:00Z'), call('trapped', 'closed', '2026-09-01T02:00:00Z'), call('complaint', 'closed', '2026-10-01T02:00:00Z'), call('trapped', 'cancelled', '2026-10-02T02:00:00Z')]).execute();
      // A report to the complaints desk found true counts as a complaint too; one found unfounded does not.
      const complaint = (code: string, outcome: 'confirmed' | 'unfounded') => ({
        tracking_code: code, channel: 'public' as const, category: 'unsafe' as const, description: '异响', elevator_id: x, region_code: '370102', anonymous: true,
        status: 'closed' as const, outcome, received_at: new Date('2026-08-01T02:00:00Z'), ack_due_at: new Date('2026-08-02T02:00:00Z'), outcome_due_at: new Date('2026-08-16T02:00:00Z'), updated_at: new Date('2026-08-10T02:00:00Z'),
      });
      await db.insertInto('complaint').values([complaint('RISKTEST01', 'confirmed'), complaint('RISKTEST02', 'unfounded')]).execute();
      // The latest inspection failed (an older one passed).
      const agency = await createOrg(ctx, { type: 'inspection', regionCode: '370100' });
      const report = (no: string, date: string, conclusion: 'pass' | 'fail') => ({
        elevator_id: x, region_code: '370102', agency_org_id: agency.id, report_no: no, type: 'periodic' as const, date, conclusion, inspectors: JSON.stringify([]), signer_name: '签', signer_cert: 'C1', measurements: JSON.stringify({}), created_at: now,
      });
      await db.insertInto('inspection_report').values([report('R1', '2025-06-01', 'pass'), report('R2', '2026-06-01', 'fail')]).execute();
      // One serious and one general open hazard, one closed.
      const found = await hazards.raise(db, now, [
        { elevatorId: x, source: 'supervision', item: '门锁', description: 'a', severity: 'serious' },
        { elevatorId: x, source: 'supervision', item: '照明', description: 'b', severity: 'general' },
        { elevatorId: x, source: 'supervision', item: '按钮', description: 'c', severity: 'general' },
      ]);
      await db.updateTable('hazard').set({ status: 'closed' }).where('id', '=', found[2]!.id).execute();
      // Maintenance 15 days overdue.
      await db.insertInto('maintenance_due').values({ elevator_id: x, region_code: '370102', next_due: '2026-11-15' }).onConflict((oc) => oc.column('elevator_id').doUpdateSet({ next_due: '2026-11-15' })).execute();
    });
    after(() => env.close());

    test('each factor’s points by hand for X; they sum to the score; grade 4; model version 1', async () => {
      const r = await recomputeAll(env.ctx.store.db, env.clock.now());
      assert.equal(r.written, 6);
      const res = await get(`/api/risk/elevators/${X.registrationCode}`, jinan);
      assert.equal(res.statusCode, 200, res.body);
      const x = res.json();
      assert.deepEqual(Object.keys(x).sort(), ['computedAt', 'factors', 'grade', 'modelVersion', 'score']);
      // age 26.4 y → 20 × 26.4/30; school passenger lift 10 × 0.7 × 1; 6 faults 15 × 6/12; 2 entrapments 15 × 2/3; failed inspection 10;
      // hazards (1 general + 3 × 1 serious)/6 × 10; 15 days overdue 10 × 15/30; 2 complaints (a 96333 call and a confirmed report) 10 × 2/3.
      assert.deepEqual(
        x.factors.map((f: { name: string; value: unknown; contribution: number }) => [f.name, f.value, f.contribution]),
        [['age', 26.4, 17.6], ['usage', '3110/SCHOOL', 7], ['faults', 6, 7.5], ['entrapments', 2, 10], ['inspection', 'fail', 10], ['defects', 2, 6.67], ['maintenance', 15, 5], ['complaints', 2, 6.67]],
      );
      assert.ok(Math.abs(x.score - 70.44) < 1e-4, String(x.score));
      const sum = x.factors.reduce((s: number, f: { contribution: number }) => s + f.contribution, 0);
      assert.ok(Math.abs(sum - x.score) < 1e-4);
      assert.equal(x.grade, 4);
      assert.equal(x.modelVersion, 1);
      // Y: 2.7 years → 20 × 2.7/30; residential 10 × 0.7 × 0.7; never inspected on record: 10 × 0.5.
      const y = (await get(`/api/risk/elevators/${Y.registrationCode}`, jinan)).json();
      assert.equal(y.grade, 1);
      assert.deepEqual(y.factors.map((f: { contribution: number }) => f.contribution), [1.8, 4.9, 0, 0, 5, 0, 0, 0]);
      const again = await recomputeAll(env.ctx.store.db, env.clock.now());
      assert.equal(again.written, 0, 'nothing changed: nothing rewritten');
    });

    test('another region’s elevator is not found; the ranking puts X first with its heaviest factors', async () => {
      assert.equal((await get(`/api/risk/elevators/${X.registrationCode}`, qingdao)).statusCode, 404);
      const rank = (await get('/api/risk/ranking?regionCode=370100', jinan)).json();
      assert.equal(rank.total, 5);
      assert.equal(rank.items[0].registrationCode, X.registrationCode);
      assert.deepEqual(rank.items[0].topFactors.map((f: { name: string }) => f.name), ['age', 'entrapments', 'inspection']);
      assert.deepEqual(rank.grades.find((g: { grade: number }) => g.grade === 4), { grade: 4, count: 1 });
      assert.equal((await get('/api/risk/ranking', qingdao)).json().total, 1);
    });

    test('old-elevator lists at the tier boundaries, by region; the summary counts them', async () => {
      const list = async (q: string, h = jinan) => (await get(`/api/risk/old-elevators?${q}`, h)).json();
      const codes = (r: { items: { registrationCode: string }[] }) => r.items.map((i) => i.registrationCode);
      assert.deepEqual(codes(await list('tier=15&regionCode=370100')), [X.registrationCode, T3.registrationCode, T1.registrationCode]);
      assert.deepEqual(codes(await list('tier=20&regionCode=370100')), [X.registrationCode, T3.registrationCode]);
      assert.deepEqual(codes(await list('tier=overspeed&regionCode=370100')), [X.registrationCode, T3.registrationCode]);
      assert.deepEqual(codes(await list('tier=15&regionCode=370103')), [T3.registrationCode, T1.registrationCode]);
      const byRisk = await list('tier=15&sort=risk');
      assert.equal(byRisk.items[0].registrationCode, X.registrationCode);
      assert.deepEqual(byRisk.items[0].tiers, ['15', '20', 'overspeed']);
      assert.equal(byRisk.total, 3);
      assert.equal((await list('tier=15', qingdao)).total, 1);
      assert.equal((await get('/api/risk/old-elevators?tier=30', jinan)).statusCode, 400);
      const s = (await get('/api/risk/old-elevators/summary', province)).json();
      assert.deepEqual(s.totals, { inUse: 6, tier15: 4, tier20: 3, overspeed: 2, noRegistrationDate: 0 });
      assert.deepEqual(s.byRegion.map((r: { regionCode: string; tier15: number }) => [r.regionCode, r.tier15]), [['370100', 3], ['370200', 1]]);
      assert.deepEqual((await get('/api/risk/old-elevators/summary', jinan)).json().byRegion.map((r: { regionCode: string }) => r.regionCode), ['370102', '370103']);
      await assertCountsAgree();
      // Corrections move elevators between tiers: the counts follow (registration date fixed, protection fitted).
      await env.ctx.store.db.updateTable('elevator').set({ registration_date: '2009-03-01' }).where('registration_code', '=', T1.registrationCode).execute();
      await env.ctx.store.db.updateTable('elevator').set({ ascending_overspeed_protection: true }).where('registration_code', '=', T3.registrationCode).execute();
      await assertCountsAgree();
      assert.equal((await list('tier=15&regionCode=370103')).total, 1);
      assert.equal((await list('tier=overspeed&regionCode=370100')).total, 1);
      await env.ctx.store.db.updateTable('elevator').set({ registration_date: '2008-12-31' }).where('registration_code', '=', T1.registrationCode).execute();
      await env.ctx.store.db.updateTable('elevator').set({ ascending_overspeed_protection: null }).where('registration_code', '=', T3.registrationCode).execute();
    });

    test('a new model version: province only, weights must sum to 100; the recompute job moves every score to it', async () => {
      const params = { ...DEFAULT_MODEL, weights: { ...DEFAULT_MODEL.weights, age: 30, complaints: 0 } };
      assert.equal((await env.app.inject({ method: 'POST', url: '/api/risk/model', headers: cityRegulator, payload: { params, note: '城市改' } })).statusCode, 403);
      const bad = await env.app.inject({ method: 'POST', url: '/api/risk/model', headers: province, payload: { params: { ...params, weights: { ...params.weights, age: 40 } }, note: 'x' } });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().error.details.fields[0].field, 'params.weights');
      const ok = await env.app.inject({ method: 'POST', url: '/api/risk/model', headers: province, payload: { params, note: '加重年限' } });
      assert.equal(ok.statusCode, 201, ok.body);
      assert.equal(ok.json().version, 2);
      const job = await env.app.inject({ method: 'POST', url: '/api/risk/recompute', headers: province });
      assert.equal(job.statusCode, 202);
      await env.runner.wait(job.json().jobId);
      const status = (await get(`/api/risk/recompute/${job.json().jobId}`, province)).json();
      assert.deepEqual([status.status, status.total, status.written], ['done', 6, 6]);
      const x = (await get(`/api/risk/elevators/${X.registrationCode}`, jinan)).json();
      assert.equal(x.modelVersion, 2);
      assert.deepEqual([x.factors[0].contribution, x.factors[7].contribution], [26.4, 0]);
      const v1 = await env.ctx.store.db.selectFrom('risk_model').select('version').execute();
      assert.deepEqual(v1.map((v) => v.version).sort(), [1, 2], 'the old version stays');
    });

    test('an elevator without a score is scored when asked; a scrapped one loses its score', async () => {
      const db = env.ctx.store.db;
      await db.deleteFrom('risk_score').where('elevator_id', '=', await idOf(Y.registrationCode)).execute();
      const y = await get(`/api/risk/elevators/${Y.registrationCode}`, jinan);
      assert.equal(y.statusCode, 200);
      assert.equal(y.json().modelVersion, 2);
      await db.updateTable('elevator').set({ status: 'SCRAPPED' }).where('registration_code', '=', T1.registrationCode).execute();
      await recomputeAll(db, env.clock.now());
      assert.equal((await get(`/api/risk/elevators/${T1.registrationCode}`, jinan)).json().error.code, 'RISK_NOT_SCORED');
      await assertCountsAgree();
      assert.equal((await get('/api/risk/old-elevators?tier=15&regionCode=370103', jinan)).json().total, 1, 'a scrapped elevator leaves the old stock');
    });
  });
}
