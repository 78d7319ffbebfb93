import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestEnv, storeKinds, type TestEnv } from '../../test/harness.ts';
import { bearer, createOrg, userToken } from '../../test/factories.ts';
import { insertElevator } from '../personnel/test-support.ts';
import { monthRange } from './fault-stats.service.ts';

/**
 * Manufacturers: the risk control list (own models only), fault statistics per 100 elevators on a small fixture,
 * advice to use units and maintenance companies with acknowledgement, and who sees what.
 */
for (const kind of storeKinds()) {
  describe(`manufacturers (${kind})`, () => {
    let env: TestEnv;
    const h: Record<string, Record<string, string>> = {};
    const org: Record<string, number> = {};
    const el: Record<string, { id: number; registration_code: string }> = {};
    const call = async (who: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) => {
      const res = await env.app.inject({ method, url, headers: h[who], ...(payload === undefined ? {} : { payload: payload as object }) });
      return { status: res.statusCode, body: res.json(), raw: res.body };
    };

    before(async () => {
      env = await openTestEnv(kind, { now: '2026-06-01T02:00:00Z' });
      const { ctx } = env;
      org.m = (await createOrg(ctx, { type: 'manufacturer', name: '甲电梯制造' })).id;
      org.n = (await createOrg(ctx, { type: 'manufacturer', name: '乙电梯制造' })).id;
      org.u = (await createOrg(ctx, { type: 'use_unit', regionCode: '370102', name: '丙物业' })).id;
      org.u2 = (await createOrg(ctx, { type: 'use_unit', regionCode: '370202', name: '青岛丁物业' })).id;
      org.a = (await createOrg(ctx, { type: 'maintenance', regionCode: '370102', name: '戊维保' })).id;
      org.b = (await createOrg(ctx, { type: 'maintenance', regionCode: '370102', name: '己维保' })).id;
      for (const k of ['m', 'n', 'u', 'u2', 'a', 'b']) h[k] = bearer(await userToken(env, { orgId: org[k]!, roles: [{ m: 'manufacturer', n: 'manufacturer', u: 'use_unit', u2: 'use_unit', a: 'maintenance', b: 'maintenance' }[k]!] }));
      h.jinan = bearer(await userToken(env, { orgId: (await createOrg(ctx, { type: 'regulator', regionCode: '370100' })).id, roles: ['regulator'] }));
      h.qingdao = bearer(await userToken(env, { orgId: (await createOrg(ctx, { type: 'regulator', regionCode: '370200' })).id, roles: ['regulator'] }));
      // 甲: HGP ×4 in Jinan + 1 in Qingdao + 1 scrapped; GVF ×2 in Jinan. 乙: 1 elevator.
      for (let i = 1; i <= 4; i++) el[`h${i}`] = await insertElevator(ctx, { manufacturerOrgId: org.m, model: 'HGP', useUnitId: org.u, maintenanceOrgId: org.a });
      el.hq = await insertElevator(ctx, { regionCode: '370202', manufacturerOrgId: org.m, model: 'HGP', useUnitId: org.u2, maintenanceOrgId: org.b });
      el.hs = await insertElevator(ctx, { manufacturerOrgId: org.m, model: 'HGP', useUnitId: org.u, status: 'SCRAPPED' });
      el.g1 = await insertElevator(ctx, { manufacturerOrgId: org.m, model: 'GVF', useUnitId: org.u, maintenanceOrgId: org.a });
      el.g2 = await insertElevator(ctx, { manufacturerOrgId: org.m, model: 'GVF', useUnitId: org.u, maintenanceOrgId: org.a });
      el.n1 = await insertElevator(ctx, { manufacturerOrgId: org.n, model: 'NX', useUnitId: org.u, maintenanceOrgId: org.b });
      let n = 0;
      const fault = (e: { id: number; region_code?: string }, at: string, type: string | null, vendor: string | null = null, phase = 'open') =>
        env.ctx.store.db.insertInto('fault_event').values({ device_pk: null, elevator_id: e.id, region_code: e.region_code ?? '370102', dedup_key: `k${++n}`, phase, type, vendor_code: vendor, severity: 'major', occurred_at: new Date(at), received_at: new Date(at), source: 'device', detail: null } as never).execute();
      // April (Shanghai): 3 trapped on Jinan HGP, 1 trapped on the Qingdao HGP, 1 door fault; a close event, a
      // scrapped unit's fault and 乙's fault are not counted. 2026-04-30T17:00Z is already May in Shanghai.
      await fault(el.h1!, '2026-04-02T02:00:00Z', 'trapped');
      await fault(el.h1!, '2026-04-03T02:00:00Z', 'trapped');
      await fault(el.h2!, '2026-04-10T02:00:00Z', 'trapped');
      await fault({ id: el.hq!.id, region_code: '370202' }, '2026-04-11T02:00:00Z', 'trapped');
      await fault(el.h3!, '2026-04-12T02:00:00Z', 'door_open_fault');
      await fault(el.h3!, '2026-04-12T02:05:00Z', 'door_open_fault', null, 'close');
      await fault(el.hs!, '2026-04-12T02:00:00Z', 'trapped');
      await fault(el.n1!, '2026-04-12T02:00:00Z', 'trapped');
      await fault(el.g1!, '2026-04-30T17:00:00Z', null, 'MONARCH:E41');
      await fault(el.g2!, '2026-05-15T02:00:00Z', null, 'MONARCH:E41');
    });
    after(() => env.close());

    test('a manufacturer keeps its own risk control list; another manufacturer cannot see or change it; regulators read it', async () => {
      const item = { model: 'HGP', risk: '制动器闸瓦早期磨损', controls: '缩短制动器检查周期至每季度；更换新型闸瓦', status: 'open', reviewOn: '2026-05-01' };
      const created = await call('m', 'POST', '/api/manufacturers/risk-items', item);
      assert.equal(created.status, 201, created.raw);
      assert.deepEqual([created.body.manufacturer.name, created.body.reviewDue], ['甲电梯制造', true]);
      await call('n', 'POST', '/api/manufacturers/risk-items', { ...item, model: 'NX', risk: '门机皮带老化' });
      assert.deepEqual((await call('m', 'GET', '/api/manufacturers/risk-items')).body.items.map((i: { model: string }) => i.model), ['HGP']);
      assert.equal((await call('n', 'PUT', `/api/manufacturers/risk-items/${created.body.id}`, { ...item, status: 'closed' })).status, 404);
      const controlled = await call('m', 'PUT', `/api/manufacturers/risk-items/${created.body.id}`, { ...item, status: 'controlled', reviewOn: '2026-12-01' });
      assert.deepEqual([controlled.body.status, controlled.body.version, controlled.body.reviewDue], ['controlled', 2, false]);
      assert.equal((await call('jinan', 'GET', '/api/manufacturers/risk-items')).body.items.length, 2);
      assert.equal((await call('jinan', 'POST', '/api/manufacturers/risk-items', item)).status, 403);
      assert.equal((await call('u', 'GET', '/api/manufacturers/risk-items')).status, 403);
      assert.deepEqual((await call('m', 'GET', '/api/manufacturers/models')).body.items, [{ model: 'HGP', elevators: 5 }, { model: 'GVF', elevators: 2 }]);
    });

    test('fault statistics: faults per 100 in-use elevators per month by model and code, over the caller’s scope', async () => {
      assert.deepEqual(monthRange('2025-11', '2026-02'), ['2025-11', '2025-12', '2026-01', '2026-02']);
      const s = await call('m', 'GET', '/api/manufacturers/fault-stats?from=2026-04&to=2026-05');
      assert.equal(s.status, 200, s.raw);
      assert.deepEqual(s.body.rows.map((r: { month: string; model: string; code: string; faults: number; elevators: number; per100: number }) => [r.month, r.model, r.code, r.faults, r.elevators, r.per100]), [
        ['2026-04', 'HGP', 'trapped', 4, 5, 80],
        ['2026-04', 'HGP', 'door_open_fault', 1, 5, 20],
        ['2026-05', 'GVF', 'MONARCH:E41', 2, 2, 100],
      ]);
      // GVF: 2 faults / 2 elevators / 2 months = 50 per 100 per month; HGP: 5 / 5 / 2 = 50.
      assert.deepEqual(s.body.byModel.map((m: { model: string; per100PerMonth: number }) => [m.model, m.per100PerMonth]), [['GVF', 50], ['HGP', 50]]);
      // The Jinan regulator names the manufacturer and sees its elevators in Jinan only: HGP 3 faults on 4 units.
      const j = await call('jinan', 'GET', `/api/manufacturers/fault-stats?from=2026-04&to=2026-04&manufacturerOrgId=${org.m}&model=HGP`);
      assert.deepEqual(j.body.rows.map((r: { code: string; faults: number; elevators: number; per100: number }) => [r.code, r.faults, r.elevators, r.per100]), [['trapped', 3, 4, 75], ['door_open_fault', 1, 4, 25]]);
      assert.equal((await call('jinan', 'GET', '/api/manufacturers/fault-stats?from=2026-04&to=2026-04')).status, 400, 'a regulator names the manufacturer');
      // 乙 asking for 甲's numbers gets its own.
      const other = await call('n', 'GET', `/api/manufacturers/fault-stats?from=2026-04&to=2026-04&manufacturerOrgId=${org.m}`);
      assert.deepEqual(other.body.rows.map((r: { model: string; faults: number }) => [r.model, r.faults]), [['NX', 1]]);
      assert.equal((await call('m', 'GET', '/api/manufacturers/fault-stats?from=2026-05&to=2026-04')).status, 400);
    });

    test('advice reaches the use units and maintenance companies of the selected elevators; each acknowledges once', async () => {
      assert.equal((await call('m', 'POST', '/api/manufacturers/advice', { kind: 'safety', title: '无此型号', body: '…', models: ['NOPE'] })).body.error.code, 'ADVICE_NO_ELEVATORS');
      const sent = await call('m', 'POST', '/api/manufacturers/advice', { kind: 'maintenance', title: 'GVF 门机维保建议', body: '建议每季度检查门机皮带张紧度。', models: ['GVF'], regionCode: '370102' });
      assert.equal(sent.status, 201, sent.raw);
      assert.deepEqual([sent.body.elevatorCount, sent.body.recipients, sent.body.acknowledged], [2, 2, 0]);
      assert.deepEqual(sent.body.recipientList.map((r: { org: { name: string }; role: string; elevatorCount: number }) => [r.org.name, r.role, r.elevatorCount]).sort(), [['丙物业', 'use_unit', 2], ['戊维保', 'maintenance', 2]]);
      const id = sent.body.id;
      const inbox = await call('u', 'GET', '/api/manufacturers/advice?outstanding=true');
      assert.deepEqual(inbox.body.items.map((a: { id: number; mine: { elevatorCount: number; acknowledgedAt: string | null } }) => [a.id, a.mine.elevatorCount, a.mine.acknowledgedAt]), [[id, 2, null]]);
      const mine = await call('u', 'GET', `/api/manufacturers/advice/${id}`);
      assert.deepEqual(mine.body.recipientList.map((r: { org: { name: string } }) => r.org.name), ['丙物业'], 'a recipient sees only its own entry');
      const ack = await call('u', 'POST', `/api/manufacturers/advice/${id}/ack`, { note: '已安排维保单位落实' });
      assert.equal(ack.status, 200, ack.raw);
      assert.ok(ack.body.mine.acknowledgedAt);
      assert.equal((await call('u', 'POST', `/api/manufacturers/advice/${id}/ack`, {})).body.error.code, 'ADVICE_ALREADY_ACKNOWLEDGED');
      assert.equal((await call('u', 'GET', '/api/manufacturers/advice?outstanding=true')).body.total, 0);
      assert.equal((await call('b', 'GET', `/api/manufacturers/advice/${id}`)).status, 404, 'not sent to 己');
      assert.equal((await call('b', 'POST', `/api/manufacturers/advice/${id}/ack`, {})).status, 404);
      assert.equal((await call('n', 'GET', `/api/manufacturers/advice/${id}`)).status, 404, 'another manufacturer');
      const out = await call('m', 'GET', '/api/manufacturers/advice-outstanding');
      assert.deepEqual(out.body.items.map((r: { org: { name: string }; role: string }) => [r.org.name, r.role]), [['戊维保', 'maintenance']]);
      assert.equal((await call('jinan', 'GET', '/api/manufacturers/advice')).body.total, 1);
      assert.equal((await call('qingdao', 'GET', '/api/manufacturers/advice')).body.total, 0, 'no elevator of it in Qingdao');
      assert.equal((await call('jinan', 'GET', '/api/manufacturers/advice-outstanding')).body.total, 1);
      assert.equal((await call('u', 'POST', '/api/manufacturers/advice', { kind: 'safety', title: 'x', body: 'y' })).status, 403);
      const actions = (await env.ctx.store.db.selectFrom('audit_log').select('action').where('action', 'like', 'manufacturer.%').execute()).map((a) => a.action);
      for (const a of ['manufacturer.risk_item.create', 'manufacturer.risk_item.update', 'manufacturer.advice.send', 'manufacturer.advice.acknowledge']) assert.ok(actions.includes(a), a);
    });
  });
}
