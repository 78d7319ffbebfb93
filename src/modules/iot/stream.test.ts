import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestEnv, type TestEnv } from '../../test/harness.ts';
import { bearer, buildRow, createOrg, toCsv, userToken, uscc } from '../../test/factories.ts';

/** The live stream (SSE): alarm changes reach viewers whose scope covers the elevator, and only them. */
describe('live monitoring stream', () => {
  let env: TestEnv;
  let base: string;
  let admin: Record<string, string>;
  let other: Record<string, string>;
  const J = buildRow({ maintenanceName: '流测试维保', maintenanceCreditCode: uscc('370102') });

  before(async () => {
    env = await openTestEnv('pglite');
    const platform = await env.ctx.store.db.selectFrom('organization').select('id').where('type', '=', 'platform').executeTakeFirst();
    admin = bearer(await userToken(env, { orgId: (platform ?? (await createOrg(env.ctx, { type: 'platform' }))).id, roles: ['admin'] }));
    other = bearer(await userToken(env, { orgId: (await createOrg(env.ctx, { type: 'maintenance' })).id, roles: ['maintenance'] }));
    const imp = await env.app.inject({ method: 'POST', url: '/api/elevators/import', headers: { ...admin, 'content-type': 'text/csv' }, payload: toCsv([J]) });
    await env.runner.wait(imp.json().importId);
    await env.app.inject({ method: 'POST', url: '/api/devices', headers: admin, payload: { deviceId: 'SSE-1', protocol: 'native', secret: 'sse-secret-1234', registrationCode: J.registrationCode } });
    await env.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(env.app.server.address() as { port: number }).port}`;
  });
  after(() => env.close());

  /** Reads SSE events from a stream until `want` returns true or the time runs out. */
  async function collect(headers: Record<string, string>, query: string, act: () => Promise<void>, want: (events: { event: string; data: unknown }[]) => boolean) {
    const ac = new AbortController();
    const res = await fetch(`${base}/api/iot/stream${query}`, { headers, signal: ac.signal });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type')!, /text\/event-stream/);
    const reader = res.body!.getReader();
    const events: { event: string; data: unknown }[] = [];
    let buf = '';
    const deadline = Date.now() + 8000;
    let acted = false;
    let pending: Promise<ReadableStreamReadResult<Uint8Array>> | undefined;
    try {
      while (Date.now() < deadline && !want(events)) {
        pending ??= reader.read();
        const chunk = await Promise.race([pending, new Promise<null>((r) => setTimeout(() => r(null), 300))]);
        if (chunk) pending = undefined;
        if (chunk && !chunk.done) buf += new TextDecoder().decode(chunk.value);
        let i: number;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const ev = /^event: (.+)$/m.exec(block)?.[1];
          const data = /^data: (.+)$/m.exec(block)?.[1];
          if (ev && data) events.push({ event: ev, data: JSON.parse(data) });
        }
        if (!acted && events.some((e) => e.event === 'summary')) {
          acted = true;
          await act();
        }
      }
    } finally {
      ac.abort();
    }
    return events;
  }

  test('an alarm opened by a device reaches an admin viewer live, with the elevator and the watched live state', async () => {
    const events = await collect(
      admin,
      `?elevator=${J.registrationCode}`,
      async () => {
        env.iot.pipeline.handle('liftsafe/v1/SSE-1/status', Buffer.from(JSON.stringify({ v: 1, id: 's', ts: env.clock.now().getTime(), floor: '8', direction: 'stop' })), 'SSE-1');
        env.iot.pipeline.handle('liftsafe/v1/SSE-1/event', Buffer.from(JSON.stringify({ v: 1, id: 'e', ts: env.clock.now().getTime(), phase: 'open', fault: 'trapped' })), 'SSE-1');
        await env.iot.settle();
      },
      (ev) => ev.some((e) => e.event === 'alarm') && ev.some((e) => e.event === 'live' && (e.data as { floor: string }).floor === '8'),
    );
    const alarm = events.find((e) => e.event === 'alarm')!.data as { action: string; alarm: { type: string; registrationCode: string } };
    assert.equal(alarm.action, 'opened');
    assert.equal(alarm.alarm.type, 'trapped');
    assert.equal(alarm.alarm.registrationCode, J.registrationCode);
    assert.ok(events.some((e) => e.event === 'live' && (e.data as { floor: string }).floor === '8'), 'the watched elevator\'s live state');
    const summary = events.find((e) => e.event === 'summary')!.data as { monitored: number };
    assert.equal(summary.monitored, 1);
  });

  test('another company\'s viewer does not see it; watching an elevator out of scope is refused', async () => {
    const events = await collect(
      other,
      '',
      async () => {
        env.iot.pipeline.handle('liftsafe/v1/SSE-1/event', Buffer.from(JSON.stringify({ v: 1, id: 'e2', ts: env.clock.now().getTime(), phase: 'open', fault: 'door_blocked' })), 'SSE-1');
        await env.iot.settle();
      },
      (ev) => ev.filter((e) => e.event === 'summary').length >= 3,
    );
    assert.ok(events.some((e) => e.event === 'summary'));
    assert.equal(events.filter((e) => e.event === 'alarm').length, 0);
    const res = await fetch(`${base}/api/iot/stream?elevator=${J.registrationCode}`, { headers: other });
    assert.equal(res.status, 404);
  });
});
