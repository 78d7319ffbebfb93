import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestEnv, storeKinds, type TestEnv } from '../../test/harness.ts';
import { bearer, buildRow, createOrg, toCsv, userToken } from '../../test/factories.ts';
import { PUBLIC_PER_ELEVATOR_PER_DAY } from './complaint-intake.service.ts';
import { PUBLIC_REPORT_LIMIT } from './complaints.routes.ts';

/** The fixed public interface: POST /api/public/reports and GET /api/public/reports/:trackingCode. */
for (const kind of storeKinds()) {
  describe(`public complaint reports (${kind})`, () => {
    let env: TestEnv;
    let admin: Record<string, string>;
    let regulator: Record<string, string>;
    const A = buildRow({ regionCode: '370102', useUnitName: '公开测试物业', maintenanceName: '公开测试维保' });
    const B = buildRow({ regionCode: '370102' });
    let ip = 0;
    /** Each call from its own address unless told (the per-address limit is tested on its own). */
    const send = (payload: unknown, from = `10.1.0.${++ip}`) => env.app.inject({ method: 'POST', url: '/api/public/reports', remoteAddress: from, payload: payload as object });
    const track = (code: string, from = '10.2.0.1') => env.app.inject({ method: 'GET', url: `/api/public/reports/${encodeURIComponent(code)}`, remoteAddress: from });
    const count = async () => Number((await env.ctx.store.db.selectFrom('complaint').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

    before(async () => {
      env = await openTestEnv(kind, { now: '2026-12-01T02:00:00Z' });
      const platform = await env.ctx.store.db.selectFrom('organization').select('id').where('type', '=', 'platform').executeTakeFirst();
      admin = bearer(await userToken(env, { orgId: (platform ?? (await createOrg(env.ctx, { type: 'platform' }))).id, roles: ['admin'] }));
      regulator = bearer(await userToken(env, { orgId: (await createOrg(env.ctx, { type: 'regulator', regionCode: '370102', name: '历下区市场监督管理局' })).id, roles: ['regulator'] }));
      const imp = await env.app.inject({ method: 'POST', url: '/api/elevators/import', headers: { ...admin, 'content-type': 'text/csv' }, payload: toCsv([A, B]) });
      await env.runner.wait(imp.json().importId);
    });
    after(() => env.close());

    test('a report returns 201 with a short tracking code only; codes are not sequential', async () => {
      const codes = [];
      for (let i = 0; i < 3; i++) {
        const res = await send({ code: B.registrationCode, category: 'unsafe', description: '电梯门关不严，运行有异响' });
        assert.equal(res.statusCode, 201, res.body);
        assert.deepEqual(Object.keys(res.json()), ['trackingCode']);
        codes.push(res.json().trackingCode as string);
      }
      for (const c of codes) assert.match(c, /^[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}$/);
      assert.equal(new Set(codes).size, 3);
      // Not a counter: consecutive codes share no common prefix beyond chance.
      assert.ok(codes[0]!.slice(0, 4) !== codes[1]!.slice(0, 4) || codes[1]!.slice(0, 4) !== codes[2]!.slice(0, 4));
    });

    test('the tracking page shows status, deadlines, the regulator and the outcome — and no personal data (every field checked)', async () => {
      const secret = { contact: '13987654321', description: '我是3单元的李四，电梯制动器打滑，物业王经理不管' };
      const created = await send({ code: A.rescueCode, category: 'no_maintenance', ...secret });
      const code = created.json().trackingCode as string;
      const res = await track(code);
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['cache-control'], 'no-store');
      const body = res.json();
      assert.deepEqual(body, {
        trackingCode: code,
        category: 'no_maintenance',
        status: 'received',
        receivedAt: '2026-12-01T02:00:00.000Z',
        handledBy: '历下区市场监督管理局',
        acknowledge: { dueAt: '2026-12-02T02:00:00.000Z', doneAt: null, secondsLeft: 86_400, overdue: false },
        outcome: { dueAt: '2026-12-16T02:00:00.000Z', doneAt: null, secondsLeft: 15 * 86_400, overdue: false, extended: false },
        result: null,
        resultText: null,
        reward: { status: 'none', amount: null },
        linked: false,
      });
      // Staff handle it: names, notes and organisations must stay off the public page.
      const id = (await env.app.inject({ method: 'GET', url: `/api/complaints?trackingCode=${code}`, headers: regulator })).json().items[0].id;
      const act = (body: object) => env.app.inject({ method: 'POST', url: `/api/complaints/${id}/actions`, headers: regulator, payload: body });
      await act({ action: 'acknowledge', note: '内部意见：联系举报人李四核实' });
      await act({ action: 'investigate', note: '检查员赵六到场' });
      await act({ action: 'confirm', note: '内部：维保单位公开测试维保未按期维保', resultText: '经核查，举报属实，已依法处理。' });
      await env.app.inject({ method: 'POST', url: `/api/complaints/${id}/reward`, headers: regulator, payload: { action: 'grant', amount: 300, note: '内部审批' } });
      const done = (await track(code)).json();
      assert.deepEqual(Object.keys(done).sort(), ['acknowledge', 'category', 'handledBy', 'linked', 'outcome', 'receivedAt', 'result', 'resultText', 'reward', 'status', 'trackingCode']);
      assert.deepEqual([done.status, done.result, done.resultText, done.reward], ['confirmed', 'confirmed', '经核查，举报属实，已依法处理。', { status: 'granted', amount: 300 }]);
      assert.deepEqual(done.acknowledge, { dueAt: '2026-12-02T02:00:00.000Z', doneAt: '2026-12-01T02:00:00.000Z', secondsLeft: null, overdue: false });
      const text = JSON.stringify(done);
      for (const leak of [secret.contact, '李四', '王经理', '赵六', '内部', '公开测试维保', '公开测试物业', A.registrationCode, A.rescueCode, A.address, 'user']) assert.ok(!text.includes(leak), `the public page shows "${leak}"`);
      // Typed back in lower case without the dash: the same report.
      assert.equal((await track(code.replace('-', '').toLowerCase())).json().trackingCode, code);
    });

    test('unknown and malformed tracking codes are one 404', async () => {
      for (const c of ['ZZZZZ-ZZZZZ', '12345', 'abc%27--']) {
        const res = await track(c);
        assert.deepEqual([res.statusCode, res.json().error.code], [404, 'COMPLAINT_NOT_FOUND'], c);
      }
    });

    test('bad input is refused with stable codes, Chinese messages per field, and stores nothing', async () => {
      const before = await count();
      const bad = await send({ code: A.registrationCode, category: 'dangerous', description: '短', contact: 'call me maybe' });
      assert.equal(bad.statusCode, 400);
      const err = bad.json().error;
      assert.equal(err.code, 'VALIDATION_FAILED');
      assert.equal(err.message, '提交的数据不符合要求，请检查标注的字段');
      assert.deepEqual(err.details.fields.map((f: { field: string }) => f.field).sort(), ['category', 'contact', 'description']);
      const messages = Object.fromEntries(err.details.fields.map((f: { field: string; message: string }) => [f.field, f.message]));
      assert.equal(messages.description, '请至少用 5 个字描述问题');
      assert.equal(messages.contact, '请填写电话号码或电子邮箱');
      assert.match(messages.category, /[\u4e00-\u9fff]/, 'zod’s own message in Chinese');
      assert.equal((await send({ code: A.registrationCode, category: 'unsafe', description: 'x'.repeat(1001) })).json().error.details.fields[0].message, '问题描述不能超过 1000 字');
      assert.equal((await send({ category: 'unsafe', description: '没有代码的举报内容' })).json().error.details.fields[0].field, 'code');
      const unknown = await send({ code: '31103701022099999999', category: 'unsafe', description: '找不到的电梯有问题' });
      assert.deepEqual([unknown.statusCode, unknown.json().error.code], [404, 'PUBLIC_ELEVATOR_NOT_FOUND']);
      const noPlace = await send({ code: '31103701022099999999', category: 'unregistered', description: '这台电梯没有登记就在使用' });
      assert.deepEqual(noPlace.json().error.details.fields.map((f: { field: string }) => f.field), ['regionCode', 'address']);
      assert.equal((await send({ category: 'unregistered', description: '这台电梯没有登记就在使用', regionCode: '379999', address: '某市某区某路1号' })).json().error.details.fields[0].field, 'regionCode');
      assert.equal(await count(), before);
      const ok = await send({ category: 'unregistered', description: '新装电梯没有登记就投入使用', regionCode: '370102', address: '济南市历下区解放路88号' });
      assert.equal(ok.statusCode, 201, ok.body);
      const row = await env.ctx.store.db.selectFrom('complaint').selectAll().where('tracking_code', '=', ok.json().trackingCode.replace('-', '')).executeTakeFirstOrThrow();
      assert.deepEqual([row.elevator_id, row.region_code, row.address, row.anonymous, row.reporter_contact, row.channel], [null, '370102', '济南市历下区解放路88号', true, null, 'public']);
    });

    test('rate limits: a few reports per address in 10 minutes, and a daily cap per elevator across addresses', async () => {
      const body = { code: B.rescueCode, category: 'other', description: '轿厢照明不亮，按钮失灵' };
      for (let i = 0; i < PUBLIC_REPORT_LIMIT.max; i++) assert.equal((await send(body, '10.9.9.9')).statusCode, 201);
      const limited = await send(body, '10.9.9.9');
      assert.deepEqual([limited.statusCode, limited.json().error.code], [429, 'RATE_LIMITED']);
      assert.equal((await send(body, '10.9.9.10')).statusCode, 201, 'another address is not held up');
      env.clock.advance(PUBLIC_REPORT_LIMIT.windowMs);
      assert.equal((await send(body, '10.9.9.9')).statusCode, 201, 'the window has moved on');
      // B has had 3 + 7 public reports today; fill it to the cap from fresh addresses.
      const sofar = Number((await env.ctx.store.db.selectFrom('complaint').select((eb) => eb.fn.countAll<number>().as('n')).where('channel', '=', 'public').where('code_given', 'in', [B.registrationCode, B.rescueCode]).executeTakeFirstOrThrow()).n);
      for (let i = sofar; i < PUBLIC_PER_ELEVATOR_PER_DAY; i++) assert.equal((await send(body)).statusCode, 201);
      const capped = await send(body);
      assert.deepEqual([capped.statusCode, capped.json().error.code], [429, 'RATE_LIMITED']);
      env.clock.advance(86_400_000);
      assert.equal((await send(body)).statusCode, 201, 'a day later the elevator takes reports again');
    });
  });
}
