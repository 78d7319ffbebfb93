import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { openTestEnv, storeKinds, type TestEnv } from '../../test/harness.ts';
import { bearer, buildRow, createOrg, toCsv, userToken, uscc } from '../../test/factories.ts';
import { verifyChain } from '../audit/audit.service.ts';
import { itemsFor } from './catalog.ts';

/** Maintenance records over the HTTP API ("now" = 2026-11-30 10:00 Shanghai): filing, flags, access, overdue list. */
for (const kind of storeKinds()) {
  describe(`maintenance supervision (${kind})`, () => {
    let env: TestEnv;
    let admin: Record<string, string>;
    let company: Record<string, string>;
    let other: Record<string, string>;
    let jinan: Record<string, string>;
    const M = { maintenanceName: '维保测试公司', maintenanceCreditCode: uscc('370102') };
    const A = buildRow({ regionCode: '370102', ...M, longitude: '117.05', latitude: '36.66' });
    const B = buildRow({ regionCode: '370102', ...M, longitude: '117.06', latitude: '36.67' });
    const here = { lat: 36.66, lon: 117.05 };
    const items = () => itemsFor('A', 'half_month').map((i) => ({ code: i.code, result: 'ok', ...(i.judgeType === 'NUMERIC' ? { value: 9 } : {}) }));
    const keyPhotos = () =>
      itemsFor('A', 'half_month')
        .filter((i) => i.judgeType === 'NUMERIC' || /制动器/.test(i.name))
        .map((i) => ({ sha256: crypto.createHash('sha256').update(`${i.code}-${Math.random()}`).digest('hex'), takenAt: '2026-11-30T09:10:00+08:00', itemCode: i.code }));
    const record = (over: Record<string, unknown> = {}) => ({
      registrationCode: A.registrationCode,
      cycle: 'half_month',
      startedAt: '2026-11-30T09:00:00+08:00',
      endedAt: '2026-11-30T09:40:00+08:00',
      workers: [{ name: '王工', certificateNo: 'T-001' }],
      startLocation: here,
      endLocation: here,
      items: items(),
      photos: keyPhotos(),
      ...over,
    });
    const post = (url: string, payload: unknown, h = company) => env.app.inject({ method: 'POST', url, headers: h, payload: payload as object });
    const get = (url: string, h = admin) => env.app.inject({ method: 'GET', url, headers: h });

    before(async () => {
      env = await openTestEnv(kind, { now: '2026-11-30T02:00:00Z' });
      const { ctx } = env;
      const platform = await ctx.store.db.selectFrom('organization').select('id').where('type', '=', 'platform').executeTakeFirst();
      admin = bearer(await userToken(env, { orgId: (platform ?? (await createOrg(ctx, { type: 'platform' }))).id, roles: ['admin'] }));
      const imp = await env.app.inject({ method: 'POST', url: '/api/elevators/import', headers: { ...admin, 'content-type': 'text/csv' }, payload: toCsv([A, B]) });
      await env.runner.wait(imp.json().importId);
      const org = await ctx.store.db.selectFrom('organization').select('id').where('name', '=', '维保测试公司').executeTakeFirstOrThrow();
      company = bearer(await userToken(env, { orgId: org.id, roles: ['maintenance'] }));
      other = bearer(await userToken(env, { orgId: (await createOrg(ctx, { type: 'maintenance', regionCode: '370102' })).id, roles: ['maintenance'] }));
      jinan = bearer(await userToken(env, { orgId: (await createOrg(ctx, { type: 'regulator', regionCode: '370100' })).id, roles: ['regulator'] }));
      assert.equal((await post('/api/maintenance/workers', { name: '王工', certificateNo: 'T-001', validTo: '2030-01-01', employedFrom: '2020-01-01' })).statusCode, 201);
    });
    after(() => env.close());

    test('the catalogue answers the fixed query, cumulative for the cycle', async () => {
      const res = (await get('/api/maintenance/catalog?annex=A&cycle=quarter')).json();
      assert.equal(res.items.length, 44);
      assert.deepEqual(res.items.find((i: { code: string }) => i.code === 'A-1-29'), { code: 'A-1-29', name: '层门锁紧元件啮合长度', requirement: '不小于7mm', cycle: 'half_month', judgeType: 'NUMERIC', min: 7, max: null, unit: 'mm' });
    });

    test('before any visit both elevators are overdue (never maintained on record)', async () => {
      assert.deepEqual(await env.maintenance.tick(), { clocked: 2 });
      const o = (await get('/api/maintenance/overdue?regionCode=370100', jinan)).json();
      assert.equal(o.total, 2);
      assert.deepEqual(o.items.map((i: { lastDate: string | null; daysSince: number | null }) => [i.lastDate, i.daysSince]), [[null, null], [null, null]]);
    });

    test('a complete visit: 201, no flags, next half-month due in 15 days; the elevator leaves the overdue list', async () => {
      const res = await post('/api/maintenance/records', record());
      assert.equal(res.statusCode, 201, res.body);
      const r = res.json();
      assert.deepEqual(r.flags, []);
      assert.equal(r.nextDue.half_month, '2026-12-15');
      const o = (await get('/api/maintenance/overdue?regionCode=370100', jinan)).json();
      assert.deepEqual(o.items.map((i: { registrationCode: string }) => i.registrationCode), [B.registrationCode]);
    });

    test('a doubtful visit carries its flags with evidence: items missing, too short, far away, worker elsewhere, photo reused', async () => {
      const reusedPhoto = (await get(`/api/maintenance/records?registrationCode=${A.registrationCode}`, company)).json().items[0].id;
      const first = (await get(`/api/maintenance/records/${reusedPhoto}`, company)).json().photos[0].sha256;
      const res = await post(
        '/api/maintenance/records',
        record({
          registrationCode: B.registrationCode,
          startedAt: '2026-11-30T09:20:00+08:00',
          endedAt: '2026-11-30T09:30:00+08:00',
          items: items().slice(3),
          startLocation: { lat: 36.67, lon: 117.06 },
          endLocation: { lat: 36.7, lon: 117.06 },
          photos: [...keyPhotos(), { sha256: first, takenAt: '2026-11-30T09:25:00+08:00' }],
          workers: [{ name: '王工', certificateNo: 'T-001' }, { name: '无证', certificateNo: 'X-404' }],
        }),
      );
      assert.equal(res.statusCode, 201, res.body);
      assert.deepEqual(res.json().flags.map((f: { code: string }) => f.code).sort(), ['FAR_FROM_ELEVATOR', 'MISSING_ITEMS', 'PHOTO_REUSED', 'TOO_SHORT', 'WORKER_TWO_PLACES', 'WORKER_UNKNOWN']);
      const far = res.json().flags.find((f: { code: string }) => f.code === 'FAR_FROM_ELEVATOR');
      assert.match(far.message, /结束定位距电梯 \d+ 米/);
    });

    test('bad input is refused naming the fields; another company may not file for this elevator nor read its records', async () => {
      const bad = await post('/api/maintenance/records', { ...record(), cycle: 'weekly', startedAt: '2026-11-30 09:00', items: [{ code: 'Z-9', result: 'ok' }] });
      assert.equal(bad.statusCode, 400);
      const fields = bad.json().error.details.fields.map((f: { field: string }) => f.field);
      for (const f of ['cycle', 'startedAt']) assert.ok(fields.some((x: string) => x.startsWith(f)), `${f} in ${fields}`);
      const backwards = await post('/api/maintenance/records', record({ endedAt: '2026-11-30T08:00:00+08:00' }));
      assert.equal(backwards.json().error.details.fields[0].field, 'endedAt');
      const escalator = await post('/api/maintenance/records', record({ items: [{ code: 'D-1-01', result: 'ok' }] }));
      assert.equal(escalator.statusCode, 400, 'an annex D item on a traction elevator');
      assert.equal((await post('/api/maintenance/records', record(), other)).statusCode, 403);
      assert.equal((await get('/api/maintenance/records', other)).json().total, 0);
      const id = (await get('/api/maintenance/records', company)).json().items[0].id;
      assert.equal((await get(`/api/maintenance/records/${id}`, other)).json().error.code, 'MAINTENANCE_RECORD_NOT_FOUND');
      assert.equal((await get(`/api/maintenance/records/${id}`, jinan)).statusCode, 200, 'the regulator of the region reads it');
    });

    test('the terminal says normal service all through a claimed visit: flagged; a visit it saw in maintenance mode: not', async () => {
      const dev = await env.app.inject({ method: 'POST', url: '/api/devices', headers: admin, payload: { deviceId: 'MT-A', protocol: 'native', secret: 'secret-secret-9', registrationCode: A.registrationCode } });
      assert.equal(dev.statusCode, 201, dev.body);
      const status = async (iso: string, mode: string, id: string) => {
        await env.iot.pipeline.handle('liftsafe/v1/MT-A/status', Buffer.from(JSON.stringify({ v: 1, id, ts: Date.parse(iso), mode, floor: '1' })), 'MT-A');
        await env.iot.pipeline.flush();
      };
      await status('2026-11-30T08:00:00+08:00', 'normal', 's1');
      const doubtful = (await post('/api/maintenance/records', record({ startedAt: '2026-11-30T08:10:00+08:00', endedAt: '2026-11-30T08:50:00+08:00' }))).json();
      assert.deepEqual(doubtful.flags.map((f: { code: string }) => f.code), ['IOT_NORMAL_DURING_VISIT']);
      await status('2026-11-30T09:45:00+08:00', 'maintenance', 's2');
      await status('2026-11-30T09:58:00+08:00', 'normal', 's3');
      const log = await env.ctx.store.db.selectFrom('elevator_mode_log').select('mode').orderBy('at').execute();
      assert.deepEqual(log.map((l) => l.mode), ['normal', 'maintenance', 'normal'], 'only changes are logged');
      const real = (await post('/api/maintenance/records', record({ startedAt: '2026-11-30T09:40:00+08:00', endedAt: '2026-11-30T09:59:00+08:00', cycle: 'half_month' }))).json();
      assert.ok(!real.flags.some((f: { code: string }) => f.code === 'IOT_NORMAL_DURING_VISIT'), JSON.stringify(real.flags));
    });

    test('the terminal saw passengers in normal service during a claimed visit: flagged with the minutes; a technician in the car in maintenance mode: not', async () => {
      // Device MT-A from the previous test: normal since 08:00, maintenance 09:45–09:58.
      let n = 0;
      const status = async (iso: string, body: Record<string, unknown>) => {
        await env.iot.pipeline.handle('liftsafe/v1/MT-A/status', Buffer.from(JSON.stringify({ v: 1, id: `occ-${n++}`, ts: Date.parse(iso), ...body })), 'MT-A');
        await env.iot.pipeline.flush();
      };
      await status('2026-11-30T08:20:00+08:00', { occupied: true });
      await status('2026-11-30T08:20:30+08:00', { occupied: true, floor: '5' });
      await status('2026-11-30T08:21:10+08:00', { floor: '2' }); // occupied left out: still occupied (protocol rule)
      await status('2026-11-30T08:22:40+08:00', { occupied: true });
      await status('2026-11-30T08:23:05+08:00', { occupied: false });
      await status('2026-11-30T09:46:00+08:00', { occupied: true });
      await status('2026-11-30T09:47:00+08:00', { occupied: true });
      await status('2026-11-30T09:48:00+08:00', { occupied: true });
      await status('2026-11-30T09:49:00+08:00', { occupied: false });
      const row = await env.ctx.store.db.selectFrom('elevator_occupancy').select(['minutes']).executeTakeFirstOrThrow();
      const set = [...row.minutes].flatMap((b, i) => (b === '1' ? [i] : []));
      assert.deepEqual(set, [500, 501, 502, 586, 587, 588], 'minutes 08:20–08:22 and 09:46–09:48 Beijing time');

      const carried = (await post('/api/maintenance/records', record({ startedAt: '2026-11-30T08:15:00+08:00', endedAt: '2026-11-30T08:45:00+08:00', workers: [{ name: '李工', certificateNo: 'T-101' }] }))).json();
      const flag = carried.flags.find((f: { code: string }) => f.code === 'IOT_PASSENGERS_DURING_VISIT');
      assert.ok(flag, JSON.stringify(carried.flags));
      assert.equal(flag.evidence.occupiedMinutes, 3);
      assert.equal(flag.evidence.first, '2026-11-30T00:20:00.000Z');
      const shortRide = (await post('/api/maintenance/records', record({ startedAt: '2026-11-30T08:21:00+08:00', endedAt: '2026-11-30T08:50:00+08:00', workers: [{ name: '赵工', certificateNo: 'T-102' }] }))).json();
      assert.ok(!shortRide.flags.some((f: { code: string }) => f.code === 'IOT_PASSENGERS_DURING_VISIT'), 'two minutes are below the threshold of 3');
      const inMaintenance = (await post('/api/maintenance/records', record({ startedAt: '2026-11-30T09:44:00+08:00', endedAt: '2026-11-30T09:57:00+08:00', workers: [{ name: '钱工', certificateNo: 'T-103' }] }))).json();
      assert.ok(!inMaintenance.flags.some((f: { code: string }) => f.code === 'IOT_PASSENGERS_DURING_VISIT'), JSON.stringify(inMaintenance.flags));
    });

    test('photos are stored under their hash; a body that does not match its name is refused', async () => {
      const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('test-photo')]);
      const sha = crypto.createHash('sha256').update(jpeg).digest('hex');
      const ok = await env.app.inject({ method: 'PUT', url: `/api/maintenance/photos/${sha}`, headers: { ...company, 'content-type': 'image/jpeg' }, payload: jpeg });
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal((await env.app.inject({ method: 'GET', url: `/api/maintenance/photos/${sha}`, headers: jinan })).statusCode, 404, 'no record names it yet');
      const named = (await get(`/api/maintenance/records?registrationCode=${A.registrationCode}`, company)).json().items[0].id;
      const someSha = (await get(`/api/maintenance/records/${named}`, company)).json().photos[0].sha256;
      await env.ctx.store.db.insertInto('maintenance_photo').values({ record_id: named, sha256: sha, taken_at: new Date(), item_code: null }).execute();
      const back = await env.app.inject({ method: 'GET', url: `/api/maintenance/photos/${sha}`, headers: jinan });
      assert.equal(back.statusCode, 200);
      assert.equal(back.headers['content-type'], 'image/jpeg');
      assert.equal((await env.app.inject({ method: 'GET', url: `/api/maintenance/photos/${someSha}`, headers: jinan })).statusCode, 404, 'named but never uploaded');
      assert.equal((await get('/api/maintenance/workers', company)).json().items[0].certificateNo, 'T-001');
      const wrong = await env.app.inject({ method: 'PUT', url: `/api/maintenance/photos/${'0'.repeat(64)}`, headers: { ...company, 'content-type': 'image/jpeg' }, payload: jpeg });
      assert.equal(wrong.statusCode, 400);
      assert.equal(wrong.json().error.details.fields[0].field, 'sha256');
    });

    test('grades for the month: every indicator with its basis; the company sees its own; the public sees name, grade and score', async () => {
      const g = (await get('/api/maintenance/grades?period=2026-11&regionCode=370100', jinan)).json();
      const mine = g.items.find((i: { name: string }) => i.name === '维保测试公司');
      assert.ok(mine, JSON.stringify(g.items.map((i: { name: string }) => i.name)));
      const basis = Object.fromEntries(mine.indicators.map((i: { key: string; basis: string }) => [i.key, i.basis]));
      assert.equal(basis.onTime, '1/2 台电梯按期维保');
      assert.equal(basis.recordQuality, '6/7 条记录有核查提示');
      assert.ok(['A', 'B', 'C', 'D'].includes(mine.grade));
      const own = (await get('/api/maintenance/grades?period=2026-11', company)).json();
      assert.deepEqual(own.items.map((i: { name: string }) => i.name), ['维保测试公司']);
      const pub = await env.app.inject({ method: 'GET', url: '/api/public/maintenance-grades?period=2026-11&regionCode=370100' });
      assert.equal(pub.statusCode, 200);
      assert.deepEqual(Object.keys(pub.json().items[0]).sort(), ['grade', 'name', 'score']);
      assert.equal((await get('/api/maintenance/grades?period=2026-13', jinan)).statusCode, 400);
    });

    test('the regulator sees the flags with evidence and records outcomes; the use unit confirms a record', async () => {
      const list = (await get('/api/maintenance/flags?status=open&regionCode=370100', jinan)).json();
      assert.ok(list.total >= 6);
      const far = list.items.find((f: { code: string }) => f.code === 'FAR_FROM_ELEVATOR');
      assert.ok(far.evidence.metres > 300);
      assert.equal((await post(`/api/maintenance/flags/${far.id}/review`, { status: 'upheld', outcome: '约谈维保单位' }, company)).statusCode, 403);
      const ok = await post(`/api/maintenance/flags/${far.id}/review`, { status: 'upheld', outcome: '约谈维保单位' }, jinan);
      assert.equal(ok.json().status, 'upheld');
      const uu = await env.ctx.store.db.selectFrom('elevator').select('use_unit_id').where('registration_code', '=', A.registrationCode).executeTakeFirstOrThrow();
      const useUnit = bearer(await userToken(env, { orgId: uu.use_unit_id!, roles: ['use_unit'] }));
      const id = (await get(`/api/maintenance/records?registrationCode=${A.registrationCode}`, jinan)).json().items[0].id;
      const c = await post(`/api/maintenance/records/${id}/confirm`, { signer: '物业安全管理员 张三' }, useUnit);
      assert.equal(c.statusCode, 200, c.body);
      assert.equal(c.json().confirmedBy, '物业安全管理员 张三');
      assert.equal((await post(`/api/maintenance/records/${id}/confirm`, { signer: '又一人' }, useUnit)).json().error.code, 'RECORD_ALREADY_CONFIRMED');
      assert.equal((await get(`/api/maintenance/records/${id}`, jinan)).json().confirmedBy, '物业安全管理员 张三');
      assert.equal((await post(`/api/maintenance/records/${id}/confirm`, { signer: 'x' }, company)).statusCode, 403);
    });

    test('the plan: the next visit per cycle, re-based by the last visit; the longest cycle due decides the next visit', async () => {
      const one = (await get(`/api/maintenance/plan?registrationCode=${A.registrationCode}`, company)).json();
      assert.equal(one.items.length, 1);
      const a = one.items[0];
      assert.equal(a.lastVisits.half_month, '2026-11-30');
      assert.equal(a.nextDue.half_month, '2026-12-15');
      assert.equal(a.nextDue.quarter, '2026-11-30', 'no quarterly visit on record: due now');
      assert.equal(a.nextVisitCycle, 'year', 'nothing longer than half-month done yet: the next visit is a full one');
      const list = (await get('/api/maintenance/plan?withinDays=30', company)).json();
      assert.equal(list.total, 2);
    });
    test('hazards found on a visit become rectification tasks of the company; a serious one is in the regulator’s list; another company sees none', async () => {
      const res = await post(
        '/api/maintenance/records',
        record({
          registrationCode: B.registrationCode,
          startedAt: '2026-11-29T14:00:00+08:00',
          endedAt: '2026-11-29T14:45:00+08:00',
          hazards: [
            { item: '曳引钢丝绳', description: '断丝超标', severity: 'serious' },
            { item: '控制柜', description: '老化，建议改造', severity: 'general', remedy: 'modernise' },
          ],
        }),
      );
      assert.equal(res.statusCode, 201, res.body);
      const found = res.json().hazards;
      assert.deepEqual(found.map((h: { item: string; remedy: string; status: string; deadline: string }) => [h.item, h.remedy, h.status, h.deadline]), [
        ['曳引钢丝绳', 'repair', 'open', '2026-12-15'],
        ['控制柜', 'modernise', 'open', '2026-12-30'],
      ]);
      assert.deepEqual((await get(`/api/maintenance/records/${res.json().id}`, company)).json().hazards.map((h: { id: number }) => h.id), found.map((h: { id: number }) => h.id));
      const mine = (await get('/api/hazards?source=maintenance', company)).json();
      assert.equal(mine.total, 2);
      const rope = mine.items.find((h: { item: string }) => h.item === '曳引钢丝绳');
      assert.equal(rope.responsibleOrgName, '维保测试公司', 'a repair is the maintenance company’s');
      assert.equal(rope.sourceRef, String(res.json().id));
      assert.equal((await get('/api/hazards?source=maintenance', other)).json().total, 0);
      const serious = (await get('/api/hazards?severity=serious&regionCode=370100', jinan)).json();
      assert.deepEqual(serious.items.map((h: { item: string }) => h.item), ['曳引钢丝绳']);
    });
    test('every upload is audited in the one chain, concurrent uploads keep it verifiable, and a late-filed older visit never moves the clock back', async () => {
      const planOfB = async () => (await get(`/api/maintenance/plan?registrationCode=${B.registrationCode}`, company)).json().items[0];
      const was = await planOfB();
      assert.ok(was.lastVisits.half_month >= '2026-11-29', 'B was visited on the 29th or later (previous tests)');
      const days = ['20', '21', '22', '23', '24', '25'];
      const filed = await Promise.all(
        days.map((d, i) =>
          post(
            '/api/maintenance/records',
            record({ registrationCode: i % 2 ? B.registrationCode : A.registrationCode, cycle: d === '21' ? 'quarter' : 'half_month', startedAt: `2026-11-${d}T09:00:00+08:00`, endedAt: `2026-11-${d}T10:40:00+08:00` }),
          ),
        ),
      );
      for (const res of filed) assert.equal(res.statusCode, 201, res.body);
      const ids = filed.map((r) => String(r.json().id));
      const entries = await env.ctx.store.db.selectFrom('audit_log').select(['entity_id', 'after', 'region_code']).where('entity_type', '=', 'maintenance_record').where('action', '=', 'maintenance.record.create').where('entity_id', 'in', ids).execute();
      assert.deepEqual(entries.map((e) => e.entity_id).sort(), [...ids].sort(), 'one entry per record');
      for (const e of entries) {
        const res = filed[ids.indexOf(e.entity_id)]!.json();
        assert.deepEqual((e.after as { flags: string[] }).flags, res.flags.map((f: { code: string }) => f.code));
        assert.equal((e.after as { registrationCode: string }).registrationCode, res.registrationCode);
        assert.equal(e.region_code, '370102');
      }
      assert.equal((await verifyChain(env.ctx.store.db)).ok, true);
      // The older visits filed now leave B's last half-month visit where it was; a quarterly one counts when it is later
      // than the quarterly visit on record.
      const b = await planOfB();
      assert.equal(b.lastVisits.half_month, was.lastVisits.half_month);
      assert.deepEqual(b.nextDue.half_month, was.nextDue.half_month);
      assert.equal(b.lastVisits.quarter, was.lastVisits.quarter && was.lastVisits.quarter > '2026-11-21' ? was.lastVisits.quarter : '2026-11-21');
    });
  });
}

