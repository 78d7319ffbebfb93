import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestEnv, storeKinds, type TestEnv } from '../../test/harness.ts';
import { bearer, buildRow, createOrg, toCsv, userToken } from '../../test/factories.ts';
import { recordFaults, type FaultInput } from './alarm-engine.ts';

/**
 * Several nodes share a terminal's messages (a shared subscription hands out each message to one of them), so a
 * short fault's close can be handled before its open. The result must be what one node, taking them in order,
 * makes: the alarm opened and cleared at the close's time. Found by `npm run cluster` (tools/cluster).
 */
const T0 = new Date('2026-11-30T02:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

async function elevator(env: TestEnv): Promise<number> {
  const platform = await env.ctx.store.db.selectFrom('organization').select('id').where('type', '=', 'platform').executeTakeFirst();
  const admin = bearer(await userToken(env, { orgId: (platform ?? (await createOrg(env.ctx, { type: 'platform' }))).id, roles: ['admin'] }));
  const row = buildRow({ regionCode: '370102' });
  const imp = await env.app.inject({ method: 'POST', url: '/api/elevators/import', headers: { ...admin, 'content-type': 'text/csv' }, payload: toCsv([row]) });
  await env.runner.wait(imp.json().importId);
  return (await env.ctx.store.db.selectFrom('elevator').select('id').where('registration_code', '=', row.registrationCode).executeTakeFirstOrThrow()).id;
}

const fault = (elevatorId: number, key: string, phase: 'open' | 'close', ms: number, type: FaultInput['type'] = 'safety_circuit'): FaultInput => ({
  elevatorId,
  regionCode: '370102',
  devicePk: null,
  vendor: null,
  type,
  phase,
  at: at(ms),
  dedupKey: key,
  source: 'device',
});

const record = (env: TestEnv, faults: FaultInput[]) => env.ctx.store.db.transaction().execute((trx) => recordFaults(trx, faults, env.iot.settings, env.clock.now()));
const alarmsOf = (env: TestEnv, id: number) =>
  env.ctx.store.db.selectFrom('alarm').select(['type', 'status', 'occurrences', 'opened_at', 'cleared_at']).where('elevator_id', '=', id).orderBy('id').execute();

for (const kind of storeKinds()) {
  describe(`alarms from faults taken out of order (${kind})`, () => {
    let env: TestEnv;
    after(() => env?.close());

    test('a close stored before its open clears the alarm the open creates, at the close time', async () => {
      env = await openTestEnv(kind, { now: '2026-11-30T02:01:00Z' });
      const id = await elevator(env);
      assert.deepEqual(await record(env, [fault(id, 'n:c', 'close', 5)]), [], 'nothing to clear yet');
      const changes = await record(env, [fault(id, 'n:o', 'open', 0)]);
      assert.deepEqual(changes.map((c) => c.action), ['opened', 'cleared']);
      const rows = await alarmsOf(env, id);
      assert.equal(rows.length, 1);
      assert.equal(rows[0]!.status, 'cleared');
      assert.equal(rows[0]!.cleared_at?.toISOString(), at(5).toISOString());
      // The next episode opens a fresh alarm: the close is used up.
      await record(env, [fault(id, 'n:o2', 'open', 6000)]);
      assert.deepEqual((await alarmsOf(env, id)).map((a) => a.status), ['cleared', 'active']);
      await record(env, [fault(id, 'n:c2', 'close', 7000)]);
    });

    test("an open arriving after its episode's close is a repeat of the cleared alarm, not a new alarm", async () => {
      const id = await elevator(env);
      await record(env, [fault(id, 'n:d1', 'open', 0, 'door_close_fault')]);
      await record(env, [fault(id, 'n:dc', 'close', 2800, 'door_close_fault')]);
      const changes = await record(env, [fault(id, 'n:d3', 'open', 1600, 'door_close_fault')]);
      assert.deepEqual(changes.map((c) => c.action), ['updated']);
      assert.deepEqual((await alarmsOf(env, id)).map((r) => [r.status, r.occurrences]), [['cleared', 2]]);
      // The next episode is a new alarm.
      await record(env, [fault(id, 'n:e1', 'open', 6000, 'door_close_fault')]);
      assert.deepEqual((await alarmsOf(env, id)).map((r) => [r.status, r.occurrences]), [['cleared', 2], ['active', 1]]);
      await record(env, [fault(id, 'n:ec', 'close', 7000, 'door_close_fault')]);
    });

    test('in order, in one batch: unchanged (open, repeat, close is one cleared alarm with two occurrences)', async () => {
      const id = await elevator(env);
      await record(env, [fault(id, 'n:a', 'open', 0, 'door_close_fault'), fault(id, 'n:b', 'open', 100, 'door_close_fault'), fault(id, 'n:c', 'close', 200, 'door_close_fault')]);
      const rows = await alarmsOf(env, id);
      assert.deepEqual(rows.map((r) => [r.status, r.occurrences]), [['cleared', 2]]);
      // An older close than a new episode's open does not clear it.
      await record(env, [fault(id, 'n:d', 'open', 300, 'door_close_fault')]);
      assert.deepEqual((await alarmsOf(env, id)).map((r) => r.status), ['cleared', 'active']);
    });
  });
}

if (storeKinds().includes('postgres')) {
  describe('a close and its open on two nodes at once (postgres)', () => {
    let a: TestEnv;
    let b: TestEnv;
    after(async () => {
      await b?.close();
      await a?.close();
    });

    test("the close waits for the open's transaction and clears its alarm", async () => {
      a = await openTestEnv('postgres', { now: '2026-11-30T02:01:00Z' });
      b = await openTestEnv('postgres', { now: '2026-11-30T02:01:00Z', joinSchemaOf: a });
      const id = await elevator(a);
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      let opened!: () => void;
      const openDone = new Promise<void>((r) => (opened = r));
      // Node A has applied the open but not committed; node B takes the close meanwhile.
      const txA = a.ctx.store.db.transaction().execute(async (trx) => {
        await recordFaults(trx, [fault(id, 'n:o', 'open', 0)], a.iot.settings, a.clock.now());
        opened();
        await held;
      });
      await openDone;
      let closeFinished = false;
      const txB = record(b, [fault(id, 'n:c', 'close', 5)]).then((c) => ((closeFinished = true), c));
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(closeFinished, false, "B waits for A's transaction on the same elevator");
      release();
      await txA;
      const changes = await txB;
      assert.deepEqual(changes.map((c) => c.action), ['cleared']);
      assert.deepEqual((await alarmsOf(a, id)).map((r) => r.status), ['cleared']);
    });
  });
}
