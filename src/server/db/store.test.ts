import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { openStore, StoreLockedError } from './store.ts';
import { listMigrations, migrate } from './migrator.ts';
import { storeKinds, openTestEnv } from '../../test/harness.ts';

test('a second process cannot open the same PGlite data directory', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liftsafe-lock-'));
  const store = await openStore({ dataDir: dir });
  try {
    await assert.rejects(openStore({ dataDir: dir }), StoreLockedError);
  } finally {
    await store.close();
  }
  // Released on close: a new store opens, and a lock left by a dead process is taken over.
  fs.writeFileSync(path.join(dir, 'liftsafe.lock'), '999999');
  const again = await openStore({ dataDir: dir });
  await again.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('migrations are numbered, forward only, and refuse an edited landed file', async () => {
  const files = listMigrations();
  assert.deepEqual(files.map((m) => m.version), files.map((_, i) => i + 1));
  const store = await openStore({ dataDir: 'memory://' });
  try {
    assert.equal(await migrate(store.pool), files.length);
    assert.equal(await migrate(store.pool), 0);
    await store.pool.query(`UPDATE schema_migration SET checksum = 'x' WHERE version = 1`);
    await assert.rejects(migrate(store.pool), /edited after it was applied/);
  } finally {
    await store.close();
  }
});

/** Every column of every table must be named in schema.ts, so the Kysely types never drift from the SQL. */
for (const kind of storeKinds()) {
  test(`schema.ts names exactly the columns the migrations create (${kind})`, async () => {
    const env = await openTestEnv(kind);
    try {
      const { rows } = await sql<{ table_name: string; column_name: string }>`
        SELECT table_name, column_name FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name <> 'schema_migration' ORDER BY table_name, ordinal_position`.execute(env.ctx.store.db);
      const actual: Record<string, string[]> = {};
      for (const r of rows) (actual[r.table_name] ??= []).push(r.column_name);
      const tablesDir = path.join(import.meta.dirname, 'tables');
      const schemaTs = [path.join(import.meta.dirname, 'schema.ts'), ...fs.readdirSync(tablesDir).filter((f) => f.endsWith('.ts')).map((f) => path.join(tablesDir, f))]
        .map((f) => fs.readFileSync(f, 'utf8'))
        .join('\n');
      const tables = [...schemaTs.matchAll(/^  (\w+): (\w+Table);$/gm)].map((m) => [m[1], m[2]] as const);
      const typed: Record<string, string[]> = {};
      for (const [table, iface] of tables) {
        const body = schemaTs.slice(schemaTs.indexOf(`interface ${iface} {`)).split('\n}')[0];
        typed[table] = [...body.matchAll(/^  (\w+):/gm)].map((m) => m[1]);
      }
      assert.deepEqual(Object.keys(typed).sort(), Object.keys(actual).sort());
      for (const t of Object.keys(actual)) assert.deepEqual([...typed[t]].sort(), [...actual[t]].sort(), t);
    } finally {
      await env.close();
    }
  });
}
