import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestEnv, type TestEnv } from '../../src/test/harness.ts';
import { bearer, buildRow, createOrg, toCsv, userToken } from '../../src/test/factories.ts';
import { seedDemoComplaints } from './seed-complaints.ts';

let env: TestEnv;
before(async () => {
  env = await openTestEnv('pglite', { now: '2026-12-01T02:00:00Z' });
  const admin = bearer(await userToken(env, { orgId: (await createOrg(env.ctx, { type: 'platform' })).id, roles: ['admin'] }));
  const imp = await env.app.inject({ method: 'POST', url: '/api/elevators/import', headers: { ...admin, 'content-type': 'text/csv' }, payload: toCsv(Array.from({ length: 6 }, () => buildRow({ regionCode: '370102' }))) });
  await env.runner.wait(imp.json().importId);
  await userToken(env, { orgId: (await createOrg(env.ctx, { type: 'regulator', regionCode: '370100' })).id, roles: ['regulator'], username: 'jinan' });
  await userToken(env, { orgId: (await createOrg(env.ctx, { type: 'emergency_center', regionCode: '370100' })).id, roles: ['dispatcher'], username: 'dispatcher' });
});
after(() => env.close());

test('the demo complaints: every state once, back-dated, one overdue on each clock, a linked repeat, a paid reward; seeded once', async () => {
  await seedDemoComplaints(env.ctx);
  await seedDemoComplaints(env.ctx);
  const rows = await env.ctx.store.db.selectFrom('complaint').select(['status', 'channel', 'linked_to_id', 'hazard_id', 'received_at']).orderBy('id').execute();
  assert.deepEqual(rows.map((r) => r.status), ['received', 'received', 'investigating', 'acknowledged', 'closed', 'closed', 'investigating', 'acknowledged']);
  assert.deepEqual(rows.map((r) => r.channel), ['public', 'phone', 'public', 'public', 'public', 'public', 'public', 'staff']);
  assert.equal(rows.filter((r) => r.linked_to_id !== null).length, 1);
  assert.equal(rows.filter((r) => r.hazard_id !== null).length, 1);
  assert.equal(rows[0]!.received_at.toISOString(), '2026-11-28T02:00:00.000Z');
  const token = bearer(await userToken(env, { orgId: (await createOrg(env.ctx, { type: 'regulator', regionCode: '370100' })).id, roles: ['regulator'] }));
  const overdue = (await env.app.inject({ method: 'GET', url: '/api/complaints?overdue=true', headers: token })).json();
  assert.deepEqual(overdue.items.map((i: { status: string }) => i.status).sort(), ['investigating', 'received']);
  const reward = await env.ctx.store.db.selectFrom('complaint_reward').select(['decision', 'paid_amount']).executeTakeFirstOrThrow();
  assert.deepEqual(reward, { decision: 'granted', paid_amount: 500 });
});
