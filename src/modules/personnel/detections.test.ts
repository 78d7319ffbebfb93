import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestEnv, storeKinds, type TestEnv } from '../../test/harness.ts';
import { bearer, createOrg, userToken } from '../../test/factories.ts';
import { idNumber, insertElevator } from './test-support.ts';

/**
 * Each 挂证 detection with a case that is found and one that is not, on a test clock at 2026-06-01 (Shanghai), with
 * the evidence each finding names; regulators' decisions survive re-runs; findings no longer true turn inactive.
 */
for (const kind of storeKinds()) {
  describe(`personnel detections (${kind})`, () => {
    let env: TestEnv;
    const h: Record<string, Record<string, string>> = {};
    const org: Record<string, number> = {};
    const el: Record<string, number> = {};
    const call = async (who: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) => {
      const res = await env.app.inject({ method, url, headers: h[who], ...(payload === undefined ? {} : { payload: payload as object }) });
      return { status: res.statusCode, body: res.body ? res.json() : null, raw: res.body };
    };
    type D = { id: number; kind: string; subjectName: string; certificateNo: string | null; evidence: Record<string, any>; status: string; active: boolean; summary: string };
    const findings = async (who = 'jinan', query = '') => (await call(who, 'GET', `/api/personnel/detections?pageSize=200${query}`)).body.items as D[];
    const db = () => env.ctx.store.db;
    const record = async (orgId: number, elevatorId: number, at: string, certs: string[]) => {
      const start = new Date(at);
      const end = new Date(start.getTime() + 3600_000);
      const r = await db().insertInto('maintenance_record').values({ elevator_id: elevatorId, region_code: '370102', org_id: orgId, cycle: 'half_month', started_at: start, ended_at: end, items: JSON.stringify([]), created_at: start } as never).returning('id').executeTakeFirstOrThrow();
      for (const c of certs) await db().insertInto('maintenance_record_worker').values({ record_id: r.id, certificate_no: c, name: c, elevator_id: elevatorId, started_at: start, ended_at: end }).execute();
      return r.id;
    };
    const worker = (orgId: number, certificateNo: string, employedFrom: string, validTo: string | null = '2030-01-01') =>
      db().insertInto('maintenance_worker').values({ org_id: orgId, name: `工人${certificateNo}`, certificate_no: certificateNo, valid_to: validTo, employed_from: employedFrom, employed_to: null }).execute();
    const ids: Record<string, number> = {};

    before(async () => {
      env = await openTestEnv(kind, { now: '2026-06-01T02:00:00Z' });
      const { ctx } = env;
      org.a = (await createOrg(ctx, { type: 'maintenance', regionCode: '370102', name: '甲维保' })).id;
      org.b = (await createOrg(ctx, { type: 'maintenance', regionCode: '370103', name: '乙维保' })).id;
      org.q = (await createOrg(ctx, { type: 'maintenance', regionCode: '370202', name: '青岛丙维保' })).id;
      org.u = (await createOrg(ctx, { type: 'use_unit', regionCode: '370102', name: '丁物业' })).id;
      org.agency = (await createOrg(ctx, { type: 'inspection', regionCode: '370102', name: '戊检验院' })).id;
      for (const k of ['a', 'b', 'u']) h[k] = bearer(await userToken(env, { orgId: org[k]!, roles: [k === 'u' ? 'use_unit' : 'maintenance'] }));
      h.jinan = bearer(await userToken(env, { orgId: (await createOrg(ctx, { type: 'regulator', regionCode: '370100' })).id, roles: ['regulator'] }));
      h.qingdao = bearer(await userToken(env, { orgId: (await createOrg(ctx, { type: 'regulator', regionCode: '370200' })).id, roles: ['regulator'] }));
      for (let i = 0; i < 6; i++) el[`e${i}`] = (await insertElevator(ctx, { useUnitId: org.u, maintenanceOrgId: org.a })).id;

      // (1a) 张: employed by 甲 from 2025-01 and by 乙 from 2025-06 (overlap); 李: 甲 until 2024-12, then 乙 (no overlap).
      const person = async (who: string, name: string, id: string, role: string, from: string, to?: string) => {
        const res = await call(who, 'POST', '/api/personnel/people', { name, idNumber: id, employment: { role, employedFrom: from, ...(to ? { employedTo: to } : {}) } });
        assert.equal(res.status, 201, res.raw);
        return res.body;
      };
      const ZHANG = idNumber('370102', '19800101');
      const LI = idNumber('370102', '19810101');
      ids.zhang = (await person('a', '张挂证', ZHANG, 'maintenance_worker', '2025-01-01')).id;
      await person('b', '张挂证', ZHANG, 'maintenance_worker', '2025-06-01');
      ids.li = (await person('a', '李正常', LI, 'maintenance_worker', '2023-01-01', '2024-12-31')).id;
      await person('b', '李正常', LI, 'maintenance_worker', '2025-01-01');

      // (1b) T-R1 on 甲's and 青岛丙's records in April 2026; T-R2 at 甲 in March and 乙 in May only.
      await worker(org.a, 'T-R1', '2024-01-01');
      await worker(org.q, 'T-R1X', '2024-01-01');
      ids.r1a = await record(org.a, el.e0!, '2026-04-03T01:00:00Z', ['T-R1']);
      ids.r1q = await record(org.q, el.e1!, '2026-04-20T01:00:00Z', ['T-R1']);
      await record(org.a, el.e0!, '2026-03-03T01:00:00Z', ['T-R2']);
      await record(org.b, el.e1!, '2026-05-03T01:00:00Z', ['T-R2']);

      // (2) T-N1 registered at 甲 since 2025-01 and never on a record; T-N2 since 2025-01 with an April record; T-N3 only since March.
      await worker(org.a, 'T-N1', '2025-01-01');
      await worker(org.a, 'T-N2', '2025-01-01');
      await record(org.a, el.e2!, '2026-04-10T01:00:00Z', ['T-N2']);
      await worker(org.a, 'T-N3', '2026-03-01');

      // (4) T-X1 expired 2026-01-31 and on a record of 2026-03-10; T-X2 expired the same day, records only before.
      await worker(org.a, 'T-X1', '2024-01-01', '2026-01-31');
      await worker(org.a, 'T-X2', '2024-01-01', '2026-01-31');
      ids.x1 = await record(org.a, el.e3!, '2026-03-10T01:00:00Z', ['T-X1']);
      await record(org.a, el.e3!, '2026-01-20T01:00:00Z', ['T-X2']);
      // An inspector whose certificate expired on 2026-02-01 signs a report on 2026-03-01.
      await db().insertInto('inspector').values({ org_id: org.agency, name: '孙检验', certificate_no: 'I-X1', qualification: '电梯检验员', valid_from: '2020-01-01', valid_to: '2026-02-01', employed_from: '2020-01-01', employed_to: null }).execute();
      ids.report = (await db().insertInto('inspection_report').values({ elevator_id: el.e4!, region_code: '370102', agency_org_id: org.agency, report_no: 'R-2026-1', type: 'periodic', supervisory_kind: null, date: '2026-03-01', conclusion: 'pass', inspectors: JSON.stringify([]), signer_name: '孙检验', signer_cert: 'I-X1', measurements: JSON.stringify({}), pdf_sha256: null, pdf_bytes: null, created_by: null, created_at: new Date('2026-03-01T08:00:00Z') } as never).returning('id').executeTakeFirstOrThrow()).id;

      // (3) Jinan caps safety managers at 2: 周 manages 3 elevators, 吴 2.
      await db().insertInto('personnel_rule_setting').values({ region_prefix: '3701', key: 'safetyManager.cap', value: 2, updated_by: null, updated_at: new Date() }).execute();
      for (const [name, birth, count] of [['周超限', '19700101', 3], ['吴正常', '19710101', 2]] as const) {
        const m = await person('u', name, idNumber('370102', birth), 'safety_manager', '2020-01-01');
        ids[name] = m.id;
        await call('u', 'POST', `/api/personnel/people/${m.id}/certificates`, { kind: 'A', number: `A-${birth}`, expiresOn: '2028-01-01' });
        const codes = (await db().selectFrom('elevator').select('registration_code').where('id', 'in', Object.values(el).slice(name === '周超限' ? 0 : 3, name === '周超限' ? 3 : 5)).execute()).map((e) => e.registration_code);
        assert.equal((await call('u', 'PUT', '/api/personnel/safety-managers', { personId: m.id, registrationCodes: codes })).status, 200);
        assert.equal(codes.length, count);
      }
      const run = await call('jinan', 'POST', '/api/personnel/detections/run');
      assert.equal(run.status, 200, run.raw);

    });
    after(() => env.close());

    test('(1) employment at two companies over overlapping periods is found, with both employments and the overlap', async () => {
      const d = (await findings()).filter((f) => f.kind === 'multi_employer' && f.evidence.basis === 'employment');
      assert.deepEqual(d.map((f) => f.subjectName), ['张挂证'], 'not 李, whose employments follow each other');
      assert.deepEqual(d[0]!.evidence.overlap, { from: '2025-06-01', to: null });
      assert.deepEqual(d[0]!.evidence.employments.map((e: { org: { name: string }; from: string }) => [e.org.name, e.from]).sort(), [['乙维保', '2025-06-01'], ['甲维保', '2025-01-01']]);
    });

    test('(1) a certificate on two companies’ records in one month is found with the record ids; different months are not', async () => {
      const d = (await findings()).filter((f) => f.kind === 'multi_employer' && f.evidence.basis === 'records');
      assert.deepEqual(d.map((f) => [f.certificateNo, f.evidence.month]), [['T-R1', '2026-04']]);
      assert.deepEqual(d[0]!.evidence.uses.map((u: { org: { name: string }; ids: number[]; first: string }) => [u.org.name, u.ids, u.first]).sort(), [['甲维保', [ids.r1a], '2026-04-03'], ['青岛丙维保', [ids.r1q], '2026-04-20']].sort());
      assert.equal((await findings('qingdao')).filter((f) => f.certificateNo === 'T-R1').length, 1, 'Qingdao sees it too: its company is involved');
    });

    test('(2) a worker registered for the whole window and on no record is found; one with a record, or registered lately, is not', async () => {
      const d = (await findings()).filter((f) => f.kind === 'never_seen').map((f) => f.certificateNo);
      assert.ok(d.includes('T-N1'));
      assert.ok(!d.includes('T-N2') && !d.includes('T-N3'));
      const n1 = (await findings()).find((f) => f.certificateNo === 'T-N1')!;
      assert.deepEqual([n1.evidence.lastSeen, n1.evidence.windowFrom, n1.evidence.months, n1.evidence.registration.employedFrom], [null, '2025-12-01', 6, '2025-01-01']);
    });

    test('(3) a safety manager over the region’s cap is found with the count and cap; one at the cap is not', async () => {
      const d = (await findings()).filter((f) => f.kind === 'manager_overload');
      assert.deepEqual(d.map((f) => [f.subjectName, f.evidence.count, f.evidence.cap]), [['周超限', 3, 2]]);
      assert.equal(d[0]!.evidence.registrationCodes.length, 3);
    });

    test('(4) a certificate used after its expiry is found with the record or report; records before the expiry are not', async () => {
      const d = (await findings()).filter((f) => f.kind === 'expired_in_use');
      assert.deepEqual(d.map((f) => f.certificateNo).sort(), ['I-X1', 'T-X1']);
      const t = d.find((f) => f.certificateNo === 'T-X1')!;
      assert.deepEqual([t.evidence.certificate.expiresOn, t.evidence.count, t.evidence.ids, t.evidence.first], ['2026-01-31', 1, [ids.x1], '2026-03-10']);
      assert.deepEqual(d.find((f) => f.certificateNo === 'I-X1')!.evidence.ids, [ids.report]);
    });

    test('a regulator confirms a finding (audited); the decision survives a re-run; a finding no longer true turns inactive', async () => {
      const target = (await findings()).find((f) => f.kind === 'manager_overload')!;
      assert.equal((await call('qingdao', 'POST', `/api/personnel/detections/${target.id}/review`, { status: 'confirmed', note: '核实' })).status, 404, 'not in Qingdao');
      assert.equal((await call('a', 'GET', '/api/personnel/detections')).status, 403, 'companies do not read detections');
      const confirmed = await call('jinan', 'POST', `/api/personnel/detections/${target.id}/review`, { status: 'confirmed', note: '经核实，一人负责三台，已责令整改' });
      assert.equal(confirmed.body.status, 'confirmed');
      await call('jinan', 'POST', '/api/personnel/detections/run');
      assert.equal((await findings()).find((f) => f.id === target.id)!.status, 'confirmed');
      // 周 hands one elevator over: at the cap now, the finding is no longer active (kept with its decision).
      const codes = (await db().selectFrom('elevator').select('registration_code').where('id', '=', el.e0!).execute())[0]!.registration_code;
      assert.equal((await call('u', 'DELETE', `/api/personnel/safety-managers/${codes}`)).status, 204);
      const rerun = await call('jinan', 'POST', '/api/personnel/detections/run');
      assert.ok(rerun.body.deactivated >= 1);
      assert.ok(!(await findings()).some((f) => f.id === target.id));
      assert.equal((await findings('jinan', '&includeInactive=true')).find((f) => f.id === target.id)!.active, false);
      const actions = (await db().selectFrom('audit_log').select('action').where('action', 'like', 'personnel.detection%').execute()).map((a) => a.action);
      assert.ok(actions.includes('personnel.detection.confirm') && actions.includes('personnel.detections.run'));
    });
  });
}
