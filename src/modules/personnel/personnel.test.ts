import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestEnv, storeKinds, type TestEnv } from '../../test/harness.ts';
import { bearer, createOrg, userToken } from '../../test/factories.ts';
import { hashIdNumber } from './personnel.domain.ts';
import { idNumber, insertElevator } from './test-support.ts';

/**
 * People, certificates, employment and safety managers through the API: the ID number never leaves (every field
 * of every response checked), companies see only their own people, regulators those employed in their region.
 */
for (const kind of storeKinds()) {
  describe(`personnel (${kind})`, () => {
    let env: TestEnv;
    const h: Record<string, Record<string, string>> = {};
    const org: Record<string, number> = {};
    const ID = idNumber('370102', '19850612');
    const PHONE = '13812345678';
    let personId = 0;
    const call = async (who: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) => {
      const res = await env.app.inject({ method, url, headers: h[who], ...(payload === undefined ? {} : { payload: payload as object }) });
      return { status: res.statusCode, body: res.body ? res.json() : null, raw: res.body };
    };
    /** Neither the ID number (nor its birth-date middle) nor the full phone number nor the hash appears anywhere. */
    const assertNoSecrets = (text: string, where: string) => {
      assert.ok(!text.includes(ID), `${where}: raw ID number`);
      assert.ok(!text.includes(ID.slice(4, 14)), `${where}: middle of the ID number`);
      assert.ok(!text.includes(PHONE), `${where}: full phone`);
      assert.ok(!text.includes(hashIdNumber(ID, env.ctx.config.PERSONNEL_ID_SECRET)), `${where}: the hash`);
    };

    before(async () => {
      env = await openTestEnv(kind);
      const { ctx } = env;
      org.a = (await createOrg(ctx, { type: 'maintenance', regionCode: '370102', name: '甲电梯维保公司' })).id;
      org.b = (await createOrg(ctx, { type: 'maintenance', regionCode: '370202', name: '乙电梯维保公司' })).id;
      org.u = (await createOrg(ctx, { type: 'use_unit', regionCode: '370102', name: '丙物业' })).id;
      org.u2 = (await createOrg(ctx, { type: 'use_unit', regionCode: '370102', name: '丁物业' })).id;
      h.a = bearer(await userToken(env, { orgId: org.a, roles: ['maintenance'] }));
      h.b = bearer(await userToken(env, { orgId: org.b, roles: ['maintenance'] }));
      h.u = bearer(await userToken(env, { orgId: org.u, roles: ['use_unit'] }));
      h.u2 = bearer(await userToken(env, { orgId: org.u2, roles: ['use_unit'] }));
      h.jinan = bearer(await userToken(env, { orgId: (await createOrg(ctx, { type: 'regulator', regionCode: '370100' })).id, roles: ['regulator'] }));
      h.qingdao = bearer(await userToken(env, { orgId: (await createOrg(ctx, { type: 'regulator', regionCode: '370200' })).id, roles: ['regulator'] }));
    });
    after(() => env.close());

    test('an ID number with a wrong check digit is refused, naming the field', async () => {
      const bad = ID.slice(0, 17) + (ID[17] === '0' ? '1' : '0');
      const res = await call('a', 'POST', '/api/personnel/people', { name: '张三', idNumber: bad, employment: { role: 'maintenance_worker', employedFrom: '2025-01-01' } });
      assert.equal(res.status, 400);
      assert.equal(res.body.error.details.fields[0].field, 'idNumber');
      assert.match(res.body.error.details.fields[0].message, /校验位/);
    });

    test('a person is stored with a keyed hash and masked forms only; no response, row or audit entry holds the number', async () => {
      const res = await call('a', 'POST', '/api/personnel/people', { name: '张三', idNumber: ID, phone: PHONE, employment: { role: 'maintenance_worker', employedFrom: '2025-01-01' } });
      assert.equal(res.status, 201, res.raw);
      personId = res.body.id;
      assert.equal(res.body.idMasked, `${ID.slice(0, 4)}**********${ID.slice(-4)}`);
      assert.equal(res.body.phoneMasked, '138****5678');
      assert.equal(res.body.verified, true);
      assertNoSecrets(res.raw, 'create');
      const row = await env.ctx.store.db.selectFrom('person').selectAll().where('id', '=', personId).executeTakeFirstOrThrow();
      assert.equal(row.id_hash, hashIdNumber(ID, env.ctx.config.PERSONNEL_ID_SECRET));
      assert.ok(!JSON.stringify(row).includes(ID) && !JSON.stringify(row).includes(PHONE));
      for (const [who, url] of [['a', `/api/personnel/people/${personId}`], ['a', '/api/personnel/people'], ['jinan', '/api/personnel/people'], ['jinan', `/api/personnel/people/${personId}`]] as const) {
        const r = await call(who, 'GET', url);
        assert.equal(r.status, 200, `${who} ${url}`);
        assertNoSecrets(r.raw, url);
        // Every field of a person that leaves is one of these, and none carries the number.
        const person = r.body.items ? r.body.items[0] : r.body;
        assert.deepEqual(Object.keys(person).sort(), (r.body.items ? ['certificates', 'id', 'idMasked', 'name', 'orgs', 'phoneMasked', 'verified'] : ['certificates', 'employments', 'id', 'idMasked', 'name', 'orgs', 'phoneMasked', 'safetyManagerOf', 'verified']).sort());
      }
      const audits = await env.ctx.store.db.selectFrom('audit_log').select(['before', 'after']).where('action', 'like', 'personnel.%').execute();
      assert.ok(audits.length >= 1);
      assertNoSecrets(JSON.stringify(audits), 'audit');
    });

    test('a second company entering the same ID number adds its employment to the same person; each sees only its own employment', async () => {
      const res = await call('b', 'POST', '/api/personnel/people', { name: '张三', idNumber: ID.toLowerCase(), employment: { role: 'maintenance_worker', employedFrom: '2025-06-01' } });
      assert.equal(res.status, 201, res.raw);
      assert.equal(res.body.id, personId, 'the same person');
      assert.deepEqual(res.body.employments.map((e: { org: { name: string } }) => e.org.name), ['乙电梯维保公司']);
      const a = await call('a', 'GET', `/api/personnel/people/${personId}`);
      assert.deepEqual(a.body.employments.map((e: { org: { name: string } }) => e.org.name), ['甲电梯维保公司']);
      const reg = await call('jinan', 'GET', `/api/personnel/people/${personId}`);
      assert.equal(reg.body.employments.length, 2, 'a regulator sees the whole history');
    });

    test('another company’s people are 404; a regulator of another region does not see them', async () => {
      const other = await call('u', 'POST', '/api/personnel/people', { name: '李四', idNumber: idNumber('370102', '19900101'), employment: { role: 'other', employedFrom: '2024-01-01' } });
      assert.equal(other.status, 201);
      assert.equal((await call('a', 'GET', `/api/personnel/people/${other.body.id}`)).status, 404);
      assert.equal((await call('a', 'PUT', `/api/personnel/people/${other.body.id}`, { name: '改名' })).status, 404);
      assert.equal((await call('a', 'POST', `/api/personnel/people/${other.body.id}/certificates`, { kind: 'T', number: 'TX-0001' })).status, 404);
      assert.ok(!(await call('a', 'GET', '/api/personnel/people')).body.items.some((p: { id: number }) => p.id === other.body.id));
      assert.equal((await call('qingdao', 'GET', `/api/personnel/people/${other.body.id}`)).status, 404);
      assert.equal((await call('qingdao', 'GET', `/api/personnel/people/${personId}`)).status, 200, 'employed by a Qingdao company too');
      assert.equal((await call('jinan', 'POST', '/api/personnel/people', { name: '王五', idNumber: idNumber(), employment: { role: 'other', employedFrom: '2024-01-01' } })).status, 403, 'regulators read only');
    });

    test('certificates show their state; a number another verified person holds is refused; a mirrored registration is merged', async () => {
      const expired = await call('a', 'POST', `/api/personnel/people/${personId}/certificates`, { kind: 'T', number: 'T-370100-0001', authority: '济南市市场监督管理局', issuedOn: '2020-01-01', expiresOn: '2026-01-31' });
      assert.equal(expired.status, 200, expired.raw);
      const cert = expired.body.certificates.find((c: { number: string }) => c.number === 'T-370100-0001');
      assert.deepEqual([cert.state, cert.source], ['expired', 'manual']);
      const soon = await call('a', 'POST', `/api/personnel/people/${personId}/certificates`, { kind: 'A', number: 'A-370100-0001', expiresOn: '2026-07-15' });
      assert.equal(soon.body.certificates.find((c: { kind: string }) => c.kind === 'A').state, 'expiring');
      assert.deepEqual((await call('a', 'GET', '/api/personnel/people?certificateState=expired')).body.items.map((p: { id: number }) => p.id), [personId]);
      const other = await call('b', 'POST', '/api/personnel/people', { name: '赵六', idNumber: idNumber('370202', '19920202'), employment: { role: 'maintenance_worker', employedFrom: '2024-01-01' } });
      const taken = await call('b', 'POST', `/api/personnel/people/${other.body.id}/certificates`, { kind: 'T', number: 'T-370100-0001' });
      assert.equal(taken.body.error.code, 'CERTIFICATE_TAKEN');
      // The maintenance module's registration of a worker appears here as an unverified person …
      const reg = await call('b', 'POST', '/api/maintenance/workers', { name: '赵六', certificateNo: 'T-370200-0042', validTo: '2027-12-31', employedFrom: '2024-03-01' });
      assert.equal(reg.status, 201, reg.raw);
      const mirrored = await call('b', 'GET', '/api/personnel/people?certificateNo=T-370200-0042');
      assert.deepEqual(mirrored.body.items.map((p: { verified: boolean; certificates: { source: string; expiresOn: string }[] }) => [p.verified, p.certificates[0]!.source, p.certificates[0]!.expiresOn]), [[false, 'maintenance_worker', '2027-12-31']]);
      // … until the company enters the certificate under the person with an ID number: then it is that person.
      const merged = await call('b', 'POST', `/api/personnel/people/${other.body.id}/certificates`, { kind: 'T', number: 'T-370200-0042', expiresOn: '2027-12-31' });
      assert.equal(merged.status, 200, merged.raw);
      assert.deepEqual(merged.body.employments.map((e: { source: string }) => e.source).sort(), ['maintenance_worker', 'personnel']);
      assert.equal((await call('b', 'GET', '/api/personnel/people?certificateNo=T-370200-0042')).body.total, 1);
    });

    test('employment ends through its own row; mirrored rows change where they were registered', async () => {
      const p = await call('b', 'GET', `/api/personnel/people/${personId}`);
      const emp = p.body.employments[0];
      assert.equal((await call('a', 'PUT', `/api/personnel/employments/${emp.id}`, { employedTo: '2025-12-31' })).status, 404, 'not the caller’s row');
      const bad = await call('b', 'PUT', `/api/personnel/employments/${emp.id}`, { employedTo: '2025-01-01' });
      assert.equal(bad.body.error.details.fields[0].field, 'employedTo');
      const ended = await call('b', 'PUT', `/api/personnel/employments/${emp.id}`, { employedTo: '2025-12-31' });
      assert.equal(ended.body.employments[0].employedTo, '2025-12-31');
    });

    test('the use unit names a safety manager of its elevators: an employee with an A certificate in date', async () => {
      const e1 = await insertElevator(env.ctx, { useUnitId: org.u });
      const e2 = await insertElevator(env.ctx, { useUnitId: org.u });
      const theirs = await insertElevator(env.ctx, { useUnitId: org.u2 });
      const mgr = await call('u', 'POST', '/api/personnel/people', { name: '钱七', idNumber: idNumber('370102', '19800303'), employment: { role: 'safety_manager', employedFrom: '2023-01-01' } });
      const assign = (body: object) => call('u', 'PUT', '/api/personnel/safety-managers', body);
      const noCert = await assign({ personId: mgr.body.id, registrationCodes: [e1.registration_code] });
      assert.deepEqual([noCert.status, noCert.body.error.code], [409, 'SAFETY_MANAGER_NOT_ELIGIBLE']);
      await call('u', 'POST', `/api/personnel/people/${mgr.body.id}/certificates`, { kind: 'A', number: 'A-370100-0099', expiresOn: '2028-01-01' });
      assert.equal((await assign({ personId: mgr.body.id, registrationCodes: [e1.registration_code, theirs.registration_code] })).status, 404, 'another use unit’s elevator');
      assert.equal((await assign({ personId: personId, registrationCodes: [e1.registration_code] })).status, 404, 'not a person of this use unit');
      const ok = await assign({ personId: mgr.body.id, registrationCodes: [e1.registration_code, e2.registration_code] });
      assert.deepEqual([ok.status, ok.body.assigned], [200, 2]);
      const detail = await call('u', 'GET', `/api/personnel/people/${mgr.body.id}`);
      assert.equal(detail.body.safetyManagerOf.total, 2);
      const loads = await call('jinan', 'GET', '/api/personnel/safety-managers');
      assert.deepEqual(loads.body.items.map((l: { person: { name: string }; elevators: number; cap: number; over: boolean }) => [l.person.name, l.elevators, l.cap, l.over]), [['钱七', 2, 50, false]]);
      assert.equal((await call('u', 'DELETE', `/api/personnel/safety-managers/${e2.registration_code}`)).status, 204);
      assert.equal((await call('u', 'GET', `/api/personnel/people/${mgr.body.id}`)).body.safetyManagerOf.total, 1);
      const actions = (await env.ctx.store.db.selectFrom('audit_log').select('action').where('action', 'like', 'personnel.%').execute()).map((a) => a.action);
      for (const a of ['personnel.person.create', 'personnel.employment.create', 'personnel.certificate.save', 'personnel.person.merge', 'personnel.employment.update', 'personnel.safety_manager.assign', 'personnel.safety_manager.unassign']) assert.ok(actions.includes(a), a);
    });
  });
}
