import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestEnv, storeKinds, type TestEnv } from '../../test/harness.ts';
import { bearer, buildRow, createOrg, toCsv, userToken, uscc } from '../../test/factories.ts';
import { recordFaults } from '../iot/alarm-engine.ts';

/**
 * 96333 end to end over the HTTP API on a test clock: intake and deduplication (phone, QR, IoT), the tiers, the
 * legal clocks escalating, rescuers' own view, closing with causes and alarm links, repeats, coverage and access.
 */
for (const kind of storeKinds()) {
  describe(`96333 emergency response (${kind})`, () => {
    let env: TestEnv;
    let admin: Record<string, string>;
    let dispatcher: Record<string, string>;
    let maint: Record<string, string>;
    let otherMaint: Record<string, string>;
    let station: Record<string, string>;
    let stationId: number;
    let maintId: number;
    const M = { maintenanceName: '济南救援维保', maintenanceCreditCode: uscc('370102') };
    const A = buildRow({ regionCode: '370102', ...M, longitude: '117.05', latitude: '36.66' });
    const B = buildRow({ regionCode: '370102', ...M });
    const C = buildRow({ regionCode: '370124', ...M }); // 平阴县: the 60-minute limit
    const D = buildRow({ regionCode: '370102', maintenanceName: '', maintenanceCreditCode: '', maintenancePhone: '' }); // no tier-1 rescuer
    const Q = buildRow({ regionCode: '370202' }); // 青岛: outside the Jinan dispatcher's region

    const post = (url: string, payload: unknown, h = dispatcher) => env.app.inject({ method: 'POST', url, headers: h, payload: payload as object });
    const get = async (url: string, h = dispatcher) => env.app.inject({ method: 'GET', url, headers: h });
    const act = (id: number, body: Record<string, unknown>, h = dispatcher) => post(`/api/incidents/${id}/actions`, body, h);
    const call = (code: string, body: Record<string, unknown> = {}) => post('/api/incidents', { code, source: 'phone', type: 'trapped', trapped: 2, callerPhone: '13812345678', ...body });
    const min = 60_000;

    before(async () => {
      env = await openTestEnv(kind, { now: '2026-11-30T02:00:00Z' });
      const { ctx } = env;
      const platform = await ctx.store.db.selectFrom('organization').select('id').where('type', '=', 'platform').executeTakeFirst();
      admin = bearer(await userToken(env, { orgId: (platform ?? (await createOrg(ctx, { type: 'platform' }))).id, roles: ['admin'] }));
      const imp = await env.app.inject({ method: 'POST', url: '/api/elevators/import', headers: { ...admin, 'content-type': 'text/csv' }, payload: toCsv([A, B, C, D, Q]) });
      await env.runner.wait(imp.json().importId);
      const center = await createOrg(ctx, { type: 'emergency_center', regionCode: '370100' });
      dispatcher = bearer(await userToken(env, { orgId: center.id, roles: ['dispatcher'] }));
      maintId = (await ctx.store.db.selectFrom('organization').select('id').where('name', '=', '济南救援维保').executeTakeFirstOrThrow()).id;
      maint = bearer(await userToken(env, { orgId: maintId, roles: ['rescuer'] }));
      otherMaint = bearer(await userToken(env, { orgId: (await createOrg(ctx, { type: 'maintenance', regionCode: '370102' })).id, roles: ['maintenance'] }));
      // Two rescue stations: the nearer one to A (117.05, 36.66) must be chosen.
      const far = await createOrg(ctx, { type: 'rescue_station', regionCode: '370112', name: '历城救援站' });
      const near = await createOrg(ctx, { type: 'rescue_station', regionCode: '370102', name: '历下救援站', hotline: '0531-96333' });
      await ctx.store.db.updateTable('organization').set({ longitude: 117.3, latitude: 36.7 }).where('id', '=', far.id).execute();
      await ctx.store.db.updateTable('organization').set({ longitude: 117.06, latitude: 36.67 }).where('id', '=', near.id).execute();
      stationId = near.id;
      station = bearer(await userToken(env, { orgId: near.id, roles: ['rescuer'] }));
    });
    after(() => env.close());

    test('a call becomes an incident with its clocks; the lookup shows who to phone', async () => {
      const look = (await get(`/api/emergency/lookup?q=${A.rescueCode}`)).json();
      assert.equal(look.items.length, 1);
      assert.equal(look.items[0].registrationCode, A.registrationCode);
      assert.equal(look.items[0].maintenance.name, '济南救援维保');
      assert.equal(look.items[0].maintenance.phone, '0531-88880000');
      assert.equal((await get(`/api/emergency/lookup?q=${encodeURIComponent('经十路')}`)).json().items.length >= 1, true);

      const res = await call(A.rescueCode);
      assert.equal(res.statusCode, 201, res.body);
      const inc = res.json();
      assert.equal(inc.status, 'received');
      assert.equal(inc.source, 'phone');
      assert.equal(inc.registrationCode, A.registrationCode);
      assert.equal(inc.callerPhone, '13812345678', 'dispatchers see the number to call back');
      assert.deepEqual(inc.clocks.map((c: { kind: string; remainingSeconds: number }) => [c.kind, c.remainingSeconds]), [['dispatch', 180], ['arrive', 1800]]);
      assert.deepEqual(inc.allowedActions, ['dispatch', 'cancel']);
      assert.equal(inc.elevator.maintenance.name, '济南救援维保');

      // A second call and the terminal's trapped alarm about the same elevator join the open incident.
      const again = await call(A.registrationCode, { trapped: 3, callerPhone: '13900000000' });
      assert.equal(again.json().id, inc.id);
      assert.equal(again.json().merged, true);
      assert.equal(again.json().trapped, 3);
      const elevatorId = (await env.ctx.store.db.selectFrom('elevator').select('id').where('registration_code', '=', A.registrationCode).executeTakeFirstOrThrow()).id;
      const fault = { elevatorId, regionCode: '370102', devicePk: null, vendor: null, type: 'trapped' as const, phase: 'open' as const, at: env.clock.now(), dedupKey: 'trap-1', source: 'device' as const };
      await env.ctx.store.db.transaction().execute((trx) => recordFaults(trx, [fault], env.iot.settings, env.clock.now()));
      await env.iot.dispatcher.runOnce();
      const merged = (await get(`/api/incidents/${inc.id}`)).json();
      assert.deepEqual(merged.channels, ['phone', 'iot']);
      assert.ok(merged.alarmId, 'the trapped alarm is linked');
      assert.equal(merged.status, 'received', 'a merge does not change where the incident stands');
      assert.deepEqual(merged.timeline.map((t: { kind: string }) => t.kind), ['received', 'merged', 'merged']);
      const count = await env.ctx.store.db.selectFrom('incident').select((eb) => eb.fn.countAll<number>().as('n')).where('elevator_id', '=', elevatorId).executeTakeFirstOrThrow();
      assert.equal(Number(count.n), 1);
    });

    test('the whole path: dispatch tier 1, rescuer accepts in its own view, arrives, rescues, closes with a cause', async () => {
      const { id } = (await get(`/api/incidents?registrationCode=${A.registrationCode}&status=open`)).json().items[0];
      env.clock.advance(1 * min);
      const d = await act(id, { action: 'dispatch' });
      assert.equal(d.statusCode, 200, d.body);
      assert.equal(d.json().status, 'dispatched');
      assert.equal(d.json().tier, 1);
      assert.equal(d.json().assignedOrg.id, maintId);
      assert.deepEqual(d.json().clocks.map((c: { kind: string }) => c.kind), ['accept', 'arrive']);

      // The rescuer sees the call-out in its own list, masked phone, and may accept it; another company may not see it.
      const mine = (await get('/api/incidents?mine=true&status=open', maint)).json();
      assert.deepEqual(mine.items.map((i: { id: number }) => i.id), [id]);
      const theirs = (await get(`/api/incidents/${id}`, maint)).json();
      assert.equal(theirs.callerPhone, '138****5678');
      assert.deepEqual(theirs.allowedActions, ['accept', 'decline']);
      assert.equal((await get(`/api/incidents/${id}`, otherMaint)).json().error.code, 'INCIDENT_NOT_FOUND');
      assert.equal((await act(id, { action: 'accept' }, otherMaint)).json().error.code, 'INCIDENT_NOT_FOUND');
      assert.equal((await act(id, { action: 'cancel', note: 'x' }, maint)).json().error.code, 'FORBIDDEN');

      env.clock.advance(1 * min);
      assert.equal((await act(id, { action: 'accept' }, maint)).json().status, 'accepted');
      assert.equal((await act(id, { action: 'depart' }, maint)).json().status, 'en_route');
      env.clock.advance(10 * min);
      assert.equal((await act(id, { action: 'arrive' }, maint)).json().status, 'arrived');
      env.clock.advance(5 * min);
      const rescued = await act(id, { action: 'rescue', rescued: 3 }, maint);
      assert.equal(rescued.json().status, 'rescued');
      const noCause = await act(id, { action: 'close' });
      assert.equal(noCause.statusCode, 409);
      assert.equal(noCause.json().error.code, 'INCIDENT_ACTION_INVALID');
      const closed = (await act(id, { action: 'close', cause: 'external', note: '停电' })).json();
      assert.equal(closed.status, 'closed');
      assert.equal(closed.cause, 'external');
      assert.equal(closed.rescued, 3);
      assert.deepEqual(closed.clocks, [], 'no clock runs on a closed incident');
      assert.deepEqual(
        closed.timeline.map((t: { kind: string }) => t.kind),
        ['received', 'merged', 'merged', 'dispatched', 'accepted', 'departed', 'arrived', 'rescued', 'closed'],
      );
      assert.equal(new Date(closed.arrivedAt).getTime() - new Date(closed.receivedAt).getTime(), 12 * min);
      const audit = await env.ctx.store.db.selectFrom('audit_log').select('action').where('entity_type', '=', 'incident').where('entity_id', '=', String(id)).execute();
      assert.deepEqual(audit.map((a) => a.action), ['incident.create', 'incident.merge', 'incident.merge', 'incident.dispatch', 'incident.accept', 'incident.depart', 'incident.arrive', 'incident.rescue', 'incident.close']);
      // Acting on a closed incident is refused with the reason.
      const late = await act(id, { action: 'arrive' });
      assert.equal(late.json().error.code, 'INCIDENT_ACTION_INVALID');
      assert.match(late.json().error.message, /当前不能执行该操作/);
    });

    test('the legal clocks: no dispatch in 3 min → tier 1 dispatched by the platform; no acceptance → tier 2 nearest station; no arrival → 119', async () => {
      const inc = (await call(B.rescueCode)).json();
      env.clock.advance(3 * min - 1000);
      assert.equal(await env.emergency.sweeper.sweep(), 0, 'not due yet');
      env.clock.advance(1000);
      assert.equal(await env.emergency.sweeper.sweep(), 1);
      let s = (await get(`/api/incidents/${inc.id}`)).json();
      assert.equal(s.status, 'dispatched');
      assert.equal(s.tier, 1);
      assert.deepEqual(s.breaches, ['dispatch']);
      assert.equal(s.dispatches[0].reason, 'sla_dispatch');
      // The board shows it, with its countdowns.
      const board = (await get('/api/emergency/board')).json();
      const row = board.items.find((i: { id: number }) => i.id === inc.id);
      assert.deepEqual(row.clocks.map((c: { kind: string; remainingSeconds: number }) => [c.kind, c.remainingSeconds]), [['accept', 300], ['arrive', 27 * 60]]);

      env.clock.advance(5 * min);
      assert.equal(await env.emergency.sweeper.sweep(), 1);
      s = (await get(`/api/incidents/${inc.id}`)).json();
      assert.equal(s.tier, 2);
      assert.equal(s.assignedOrg.id, stationId, 'B has coordinates (117.12, 36.65): the nearer station');
      assert.deepEqual(s.breaches, ['dispatch', 'accept']);
      assert.equal(s.escalations, 1);
      assert.equal(s.dispatches[0].endedAt !== null, true, 'tier 1 is stood down');
      // The station accepts in its own view; the former tier 1 may no longer act.
      assert.deepEqual((await get(`/api/incidents/${inc.id}`, station)).json().allowedActions, ['accept', 'decline']);
      assert.equal((await act(inc.id, { action: 'accept' }, maint)).json().error.code, 'FORBIDDEN');
      assert.equal((await act(inc.id, { action: 'accept' }, station)).json().status, 'accepted');
      // Nobody there at 30 minutes after the call: the arrival leg is breached and 119 is called.
      env.clock.advance(22 * min);
      assert.equal(await env.emergency.sweeper.sweep(), 1);
      s = (await get(`/api/incidents/${inc.id}`)).json();
      assert.equal(s.tier, 3);
      assert.equal(s.dispatches.at(-1).orgName, '119 消防救援', 'no fire service on the platform: the recorded 119 hand-over');
      assert.deepEqual(s.breaches, ['dispatch', 'accept', 'arrive']);
      // Every timer fired once: sweeping again (or after a clock jump back) does nothing more.
      assert.equal(await env.emergency.sweeper.sweep(), 0);
      env.clock.advance(-60 * min);
      assert.equal(await env.emergency.sweeper.sweep(), 0);
      env.clock.advance(60 * min);
      // 119 has no higher tier: its acceptance clock runs out with a breach recorded, no further dispatch.
      env.clock.advance(6 * min);
      await env.emergency.sweeper.sweep();
      s = (await get(`/api/incidents/${inc.id}`)).json();
      assert.equal(s.tier, 3);
      assert.equal(s.dispatches.length, 3);
      assert.equal((await act(inc.id, { action: 'decline' })).json().error.code, 'INCIDENT_ACTION_INVALID');
      assert.equal((await act(inc.id, { action: 'cancel', note: '乘客已自行离开' })).json().status, 'cancelled');
    });

    test('a decline passes the call-out on; no maintenance company means tier 2 at once; counties get 60 minutes', async () => {
      const c = (await call(C.rescueCode)).json();
      assert.equal(c.clocks.find((k: { kind: string }) => k.kind === 'arrive').remainingSeconds, 3600, '平阴县 is a county');
      const dec = (await act(c.id, { action: 'dispatch' })).json();
      assert.equal(dec.tier, 1);
      const declined = (await act(c.id, { action: 'decline', note: '人员不足' }, maint)).json();
      assert.equal(declined.error, undefined, JSON.stringify(declined));
      const after = (await get(`/api/incidents/${c.id}`)).json();
      assert.equal(after.tier, 2);
      assert.equal(after.dispatches[0].declinedAt !== null, true);
      assert.deepEqual(after.timeline.slice(-2).map((t: { kind: string }) => t.kind), ['declined', 'escalated']);
      await act(c.id, { action: 'cancel', note: '误报' });

      const d = (await call(D.rescueCode)).json();
      const sent = (await act(d.id, { action: 'dispatch' })).json();
      assert.equal(sent.tier, 2, 'D has no maintenance company: the nearest station is called at once');
      assert.deepEqual(sent.timeline.at(-1).detail.skipped, [{ tier: 1, why: 'no_maintenance_company' }]);
      // Explicit escalation must go up, and the organisation must fit the tier.
      assert.equal((await act(d.id, { action: 'dispatch', tier: 1 })).json().error.code, 'INCIDENT_ACTION_INVALID');
      assert.equal((await act(d.id, { action: 'dispatch', tier: 3, orgId: maintId })).json().error.code, 'INCIDENT_ACTION_INVALID');
      await act(d.id, { action: 'cancel', note: '测试' });
    });

    test('repeats within 30 days are flagged; inquiries close without dispatch; the QR page reports without login', async () => {
      env.clock.advance(2 * 3600_000);
      const again = (await call(A.rescueCode, { type: 'fault', trapped: 0 })).json();
      assert.ok(again.repeatOf, `A was trapped earlier today: ${JSON.stringify(again)}`);
      assert.equal(again.repeatCount30d, 1);
      // A trapped report on the QR page joins the open fault and makes it a trapped incident.
      const qr = await env.app.inject({ method: 'POST', url: '/api/public/incidents', payload: { code: A.rescueCode, type: 'trapped', callerPhone: '13700001111' } });
      assert.equal(qr.statusCode, 201, qr.body);
      assert.deepEqual(Object.keys(qr.json()).sort(), ['id', 'merged', 'receivedAt', 'status'], 'the public sees no more than this');
      assert.equal(qr.json().id, again.id);
      const s = (await get(`/api/incidents/${again.id}`)).json();
      assert.equal(s.type, 'trapped');
      assert.deepEqual(s.channels, ['phone', 'qr']);
      await act(again.id, { action: 'cancel', note: '测试' });
      assert.equal((await env.app.inject({ method: 'POST', url: '/api/public/incidents', payload: { code: '99999', type: 'trapped' } })).json().error.code, 'PUBLIC_ELEVATOR_NOT_FOUND');

      const q = (await call(B.rescueCode, { type: 'inquiry' })).json();
      assert.deepEqual(q.clocks, []);
      assert.deepEqual(q.allowedActions, ['close', 'cancel']);
      assert.equal((await act(q.id, { action: 'dispatch' })).json().error.code, 'INCIDENT_ACTION_INVALID');
      assert.equal((await act(q.id, { action: 'close', note: '已答复' })).json().status, 'closed');
    });

    test('scope: a dispatcher takes calls only for its region; lists filter by the fixed query', async () => {
      const out = await call(Q.rescueCode);
      assert.equal(out.statusCode, 404);
      assert.equal(out.json().error.code, 'ELEVATOR_NOT_FOUND');
      const bad = await post('/api/incidents', { code: A.rescueCode, source: 'fax' });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().error.code, 'VALIDATION_FAILED');
      assert.equal((await post('/api/incidents', { code: A.rescueCode }, maint)).statusCode, 403, 'rescuers do not take calls');
      const list = (await get(`/api/incidents?registrationCode=${A.registrationCode}&status=closed&source=phone`)).json();
      assert.ok(list.total >= 1);
      for (const i of list.items) {
        assert.deepEqual(Object.keys(i).filter((k) => ['id', 'status', 'source', 'type', 'receivedAt', 'dispatchedAt', 'arrivedAt', 'rescuedAt', 'closedAt', 'tier'].includes(k)).length, 10);
        assert.ok(['closed', 'cancelled'].includes(i.status));
        assert.equal(i.source, 'phone');
      }
      const qDispatcher = bearer(await userToken(env, { orgId: (await createOrg(env.ctx, { type: 'emergency_center', regionCode: '370200' })).id, roles: ['dispatcher'] }));
      assert.equal((await get('/api/incidents', qDispatcher)).json().total, 0, 'Qingdao sees none of Jinan’s incidents');
    });

    test('coverage: in-use passenger elevators with rescue code, tier-1 rescuer and hotline; a new registration counts at once', async () => {
      const cov = (await get('/api/emergency/coverage?regionCode=370100', admin)).json();
      assert.equal(cov.summary.total, 4);
      assert.equal(cov.summary.covered, 3);
      assert.equal(cov.summary.noRescuer, 1);
      assert.equal(cov.summary.noHotline, 1);
      assert.deepEqual(cov.byRegion.map((r: { regionCode: string; total: number }) => [r.regionCode, r.total]), [['370102', 3], ['370124', 1]]);
      const gaps = (await get('/api/emergency/coverage/gaps?regionCode=370100', admin)).json();
      assert.deepEqual(gaps.items.map((g: { registrationCode: string; gaps: string[] }) => [g.registrationCode, g.gaps]), [[D.registrationCode, ['no_rescuer', 'no_hotline']]]);
      const E = buildRow({ regionCode: '370102', rescueCode: '' });
      const imp = await env.app.inject({ method: 'POST', url: '/api/elevators/import', headers: { ...admin, 'content-type': 'text/csv' }, payload: toCsv([E]) });
      await env.runner.wait(imp.json().importId);
      const now = (await get('/api/emergency/coverage?regionCode=370100', admin)).json();
      assert.equal(now.summary.total, 5);
      assert.equal(now.summary.noRescueCode, 1);
    });
  });
}
