import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestEnv, storeKinds, type TestEnv } from '../../test/harness.ts';
import { bearer, buildRow, createOrg, toCsv, userToken, uscc } from '../../test/factories.ts';

/**
 * History import and the KPI arithmetic, on cases worked out by hand (times are Asia/Shanghai wall-clock):
 *
 *  line elevator  报警              派单      到达          解救      困人 原因        response arrival rescue
 *  2    A 历下    07-01 08:00      08:02     08:12         08:17     2    外部原因     2 ✓      12 ✓    5
 *  3    A 历下    07-10 19:00      19:04     19:35         19:38     1    人为原因     4 ✗      35 ✗    3
 *  4    B 历下    08-01 12:00      12:01     12:10         12:17     3    门系统       1 ✓      10 ✓    7
 *  5    C 平阴    09-30 23:30      23:33     10-01 00:00   00:04     1    其他设备故障 3 ✓      30 ✓    4
 *  6    Q 青岛    08-15 10:00      10:01     10:20         10:25     2    其他         1 ✓      20 ✓    5
 *  7    A 历下    10-01 00:00      00:02     —             —         0    —            2 ✓      —       —
 *  8–10 rejected: arrival before the alarm, an unknown elevator, 2 月 30 日.
 *
 * 济南 Q3 (370100, 07-01..09-30): lines 2–5 → 4 incidents, 4 trapped, 7 rescued, response 3/4, arrival 3/4,
 * average arrival (12+35+10+30)/4 = 21.75, rescue (5+3+7+4)/4 = 4.75. Province adds line 6: 5, 5, 9, 4/5, 4/5,
 * 107/5 = 21.4, 24/5 = 4.8. 10-01 alone (Jinan): line 7 → 1 incident, 0 trapped, response 1/1, no arrival.
 */
for (const kind of storeKinds()) {
  describe(`96333 history import and KPIs (${kind})`, () => {
    let env: TestEnv;
    let admin: Record<string, string>;
    let jinan: Record<string, string>;
    const M = { maintenanceName: '济南统计维保', maintenanceCreditCode: uscc('370102') };
    const A = buildRow({ regionCode: '370102', ...M });
    const B = buildRow({ regionCode: '370102', ...M });
    const C = buildRow({ regionCode: '370124', ...M });
    const Q = buildRow({ regionCode: '370202' });
    const csv = [
      '注册代码,报警时间,派单时间,到达时间,解救时间,困人人数,原因类别',
      `${A.registrationCode},2026-07-01 08:00:00,2026-07-01 08:02:00,2026-07-01 08:12:00,2026-07-01 08:17:00,2,外部原因`,
      `${A.rescueCode},2026-07-10 19:00,2026-07-10 19:04,2026-07-10 19:35,2026-07-10 19:38,1,人为原因`,
      `${B.registrationCode},2026-08-01 12:00:00,2026-08-01 12:01:00,2026-08-01 12:10:00,2026-08-01 12:17:00,3,门系统`,
      `${C.registrationCode},2026/9/30 23:30,2026/9/30 23:33,2026/10/1 0:00,2026/10/1 0:04,1,其他设备故障`,
      `${Q.registrationCode},2026-08-15 10:00:00,2026-08-15 10:01:00,2026-08-15 10:20:00,2026-08-15 10:25:00,2,其他`,
      `${A.registrationCode},2026-10-01 00:00:00,2026-10-01 00:02:00,,,0,`,
      `${B.registrationCode},2026-08-02 12:00:00,2026-08-02 12:01:00,2026-08-02 11:10:00,,1,门系统`,
      `31109999002019009999,2026-08-02 12:00:00,,,,1,`,
      `${B.registrationCode},2026-02-30 08:00:00,,,,1,`,
    ].join('\r\n');

    const importCsv = async (text: string) => {
      const res = await env.app.inject({ method: 'POST', url: '/api/incidents/import', headers: { ...admin, 'content-type': 'text/csv', 'x-file-name': encodeURIComponent('历史救援.csv') }, payload: text });
      assert.equal(res.statusCode, 202, res.body);
      await env.runner.wait(res.json().importId);
      return (await env.app.inject({ method: 'GET', url: `/api/imports/${res.json().importId}`, headers: admin })).json();
    };
    const stats = async (q: string, h = admin) => (await env.app.inject({ method: 'GET', url: `/api/stats/emergency?${q}`, headers: h })).json();

    before(async () => {
      env = await openTestEnv(kind, { now: '2026-11-30T02:00:00Z' });
      const { ctx } = env;
      const platform = await ctx.store.db.selectFrom('organization').select('id').where('type', '=', 'platform').executeTakeFirst();
      admin = bearer(await userToken(env, { orgId: (platform ?? (await createOrg(ctx, { type: 'platform' }))).id, roles: ['admin'] }));
      const imp = await env.app.inject({ method: 'POST', url: '/api/elevators/import', headers: { ...admin, 'content-type': 'text/csv' }, payload: toCsv([A, B, C, Q]) });
      await env.runner.wait(imp.json().importId);
      jinan = bearer(await userToken(env, { orgId: (await createOrg(ctx, { type: 'regulator', regionCode: '370100' })).id, roles: ['regulator'] }));
    });
    after(() => env.close());

    test('import: good rows in, bad rows reported by line and field, a second run adds nothing', async () => {
      const job = await importCsv(csv);
      assert.equal(job.status, 'done', JSON.stringify(job));
      assert.equal(job.total, 9);
      assert.equal(job.imported, 6);
      assert.deepEqual(
        job.rejected.map((r: { line: number; errors: { field: string }[] }) => [r.line, r.errors.map((e) => e.field)]),
        [[8, ['到达时间']], [9, ['注册代码']], [10, ['报警时间']]],
      );
      const again = await importCsv(csv);
      assert.equal(again.imported, 0);
      assert.equal(again.warningCount, 6, 'each already imported row is named');
      assert.equal(again.rejectedCount, 3);
      const n = await env.ctx.store.db.selectFrom('incident').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      assert.equal(Number(n.n), 6);
      const bad = await env.app.inject({ method: 'POST', url: '/api/incidents/import', headers: { ...admin, 'content-type': 'text/csv' }, payload: '编号,时间\r\n1,2\r\n' });
      await env.runner.wait(bad.json().importId);
      const failed = (await env.app.inject({ method: 'GET', url: `/api/imports/${bad.json().importId}`, headers: admin })).json();
      assert.equal(failed.status, 'failed');
      assert.match(failed.error, /缺少必需的列：注册代码、报警时间/);
    });

    test('KPIs by hand: Jinan Q3, the province, a single day at the time-zone boundary', async () => {
      assert.deepEqual(await stats('regionCode=370100&from=2026-07-01&to=2026-09-30'), {
        incidents: 4,
        trappedIncidents: 4,
        peopleRescued: 7,
        responseRate3min: 0.75,
        arrivalRate30min: 0.75,
        avgArrivalMinutes: 21.75,
        avgRescueMinutes: 4.75,
        byCause: { external: 1, human: 1, door_system: 1, equipment: 1, other: 0 },
      });
      assert.deepEqual(await stats('regionCode=370000&from=2026-07-01&to=2026-09-30'), {
        incidents: 5,
        trappedIncidents: 5,
        peopleRescued: 9,
        responseRate3min: 0.8,
        arrivalRate30min: 0.8,
        avgArrivalMinutes: 21.4,
        avgRescueMinutes: 4.8,
        byCause: { external: 1, human: 1, door_system: 1, equipment: 1, other: 1 },
      });
      const day = await stats('regionCode=370100&from=2026-10-01&to=2026-10-01');
      assert.equal(day.incidents, 1);
      assert.equal(day.trappedIncidents, 0);
      assert.equal(day.responseRate3min, 1);
      assert.equal(day.arrivalRate30min, null, 'no incident with an arrival: no rate');
      assert.equal(day.avgArrivalMinutes, null);
      const empty = await stats('regionCode=370100&from=2025-01-01&to=2025-03-31');
      assert.equal(empty.incidents, 0);
      assert.equal(empty.responseRate3min, null);
    });

    test('scope: a city regulator sees its city; another city is refused; dates are checked', async () => {
      assert.equal((await stats('from=2026-07-01&to=2026-09-30', jinan)).incidents, 4, 'no regionCode: the caller’s own region');
      assert.equal((await stats('regionCode=370000&from=2026-07-01&to=2026-09-30', jinan)).incidents, 4, 'asking for the province gives the part it may see');
      assert.equal((await stats('regionCode=370200', jinan)).error.code, 'REGION_OUT_OF_SCOPE');
      assert.equal((await stats('from=2026-09-30&to=2026-07-01')).error.code, 'VALIDATION_FAILED');
      assert.equal((await stats('from=20260701')).error.code, 'VALIDATION_FAILED');
    });

    test('the period report: regions one level down, rankings per 100 elevators, peak hours, export', async () => {
      const r = (await env.app.inject({ method: 'GET', url: '/api/emergency/report?regionCode=370100&from=2026-07-01&to=2026-09-30', headers: admin })).json();
      assert.deepEqual(r.byRegion.map((x: { regionCode: string; incidents: number; avgArrivalMinutes: number }) => [x.regionCode, x.incidents, x.avgArrivalMinutes]), [['370102', 3, 19], ['370124', 1, 30]]);
      assert.deepEqual(r.byMaintenance, [{ orgId: r.byMaintenance[0].orgId, name: '济南统计维保', trappedIncidents: 4, elevators: 3, per100: 133.33 }]);
      assert.deepEqual(r.byHour.filter((h: { incidents: number }) => h.incidents).map((h: { hour: number }) => h.hour), [8, 12, 19, 23]);
      assert.deepEqual(r.byMonth.map((m: { month: string; incidents: number }) => [m.month, m.incidents]), [['2026-07', 2], ['2026-08', 1], ['2026-09', 1]]);
      assert.deepEqual(r.arrivalHistogram.filter((b: { incidents: number }) => b.incidents).map((b: { bucket: string; incidents: number }) => [b.bucket, b.incidents]), [['10-15', 2], ['30-35', 1], ['35-40', 1]]);
      const file = await env.app.inject({ method: 'GET', url: '/api/emergency/report.csv?regionCode=370100&from=2026-07-01&to=2026-09-30', headers: admin });
      assert.equal(file.statusCode, 200);
      assert.match(file.headers['content-type'] as string, /text\/csv/);
      const lines = file.body.replace(/^\uFEFF/, '').split('\r\n');
      assert.equal(lines[1], '合计,4,4,7,75%,75%,21.75,4.75');
      assert.equal(lines[2], '历下区,3,3,6,66.67%,66.67%,19,5');
      assert.ok(lines.some((l) => l.startsWith('济南统计维保,4,3,133.33')));
    });
  });
}
