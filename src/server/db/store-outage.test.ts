import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { openStore } from './store.ts';
import { infrastructureError } from '../http/errors.ts';

const url = process.env.TEST_DATABASE_URL;

// Found by `npm run faults` (pg-restart): a PostgreSQL restart that ended the connection of a client held between two
// queries of a transaction emitted an unhandled 'error' on that client and killed the server.
test('a connection ended mid-transaction fails that transaction, not the process', { skip: url ? false : 'TEST_DATABASE_URL not set' }, async () => {
  const store = await openStore({ databaseUrl: url!, poolSize: 2 });
  const other = await openStore({ databaseUrl: url!, poolSize: 1 });
  const uncaught: unknown[] = [];
  const onUncaught = (err: unknown) => uncaught.push(err);
  // node:test would report an uncaught exception as a failure of some test; catch it to assert on it here.
  process.prependListener('uncaughtException', onUncaught);
  try {
    const outcome = await store.db
      .transaction()
      .execute(async (trx) => {
        const pid = (await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(trx)).rows[0]!.pid;
        // The server ends this session while the transaction waits on application code (as a restart does).
        await sql`SELECT pg_terminate_backend(${pid}::int)`.execute(other.db);
        await new Promise((r) => setTimeout(r, 300));
        await sql`SELECT 1`.execute(trx);
        return 'committed';
      })
      .catch((err: unknown) => infrastructureError(err) ?? `unexpected: ${(err as Error).message}`);
    assert.equal(outcome, 'STORE_UNAVAILABLE');
    assert.deepEqual(uncaught, []);
    // The pool replaced the broken client: the store works on.
    assert.equal((await sql<{ one: number }>`SELECT 1 AS one`.execute(store.db)).rows[0]!.one, 1);
  } finally {
    process.removeListener('uncaughtException', onUncaught);
    await store.close();
    await other.close();
  }
});
