import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { openTestEnv, storeKinds } from '../../test/harness.ts';
import { enterBulkLoad, leaveBulkLoad, repairBulkLoad, SECONDARY_INDEXES, wantsBulk } from './bulk-load.ts';
import { buildRow, toCsv, bearer, createOrg, userToken } from '../../test/factories.ts';

test('bulk mode is for large loads at least the size of the registry', () => {
  assert.equal(wantsBulk(1_000_000, 0), true);
  assert.equal(wantsBulk(60_000, 800_000), false);
  assert.equal(wantsBulk(10_000, 0), false);
});

test('the bulk-load index definitions are exactly those of the migrations (the latest definition of each)', () => {
  const dir = path.join(import.meta.dirname, '../../server/db/migrations');
  const migrations = fs.readdirSync(dir).filter((f) => f.endsWith('.sql')).sort().map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));
  for (const [name, ddl] of Object.entries(SECONDARY_INDEXES)) {
    const created = migrations.flatMap((m) => m.match(new RegExp(`CREATE INDEX ${name} ON [^;]+;`, 'g')) ?? []).at(-1);
    assert.ok(created, name);
    assert.equal(ddl.replace('IF NOT EXISTS ', ''), created.replace(/;$/, ''));
  }
});

for (const kind of storeKinds()) {
  test(`a bulk load leaves the same indexes and facet counts as row-by-row writes; a crash in it is repaired (${kind})`, async () => {
    const env = await openTestEnv(kind);
    try {
      const h = bearer(await userToken(env, { orgId: (await createOrg(env.ctx, { type: 'regulator', regionCode: '370000' })).id, roles: ['regulator'] }));
      const imp = await env.app.inject({ method: 'POST', url: '/api/elevators/import', headers: { ...h, 'content-type': 'text/csv' }, payload: toCsv([buildRow(), buildRow({ status: '停用' })]) });
      await env.runner.wait(imp.json().importId);
      const snapshot = async () => ({
        indexes: (await sql<{ indexdef: string }>`SELECT indexdef FROM pg_indexes WHERE tablename = 'elevator' AND schemaname = current_schema() ORDER BY indexname`.execute(env.ctx.store.db)).rows.map((r) => r.indexdef.replace(/ \w+\.elevator /, ' elevator ')),
        counts: (await sql`SELECT region_code, category_code, status, place_type, commissioning_year, n FROM elevator_count WHERE n > 0 ORDER BY 1, 2, 3, 4, 5`.execute(env.ctx.store.db)).rows,
      });
      const before = await snapshot();
      await enterBulkLoad(env.ctx.store.db);
      const row = buildRow();
      await env.app.inject({ method: 'POST', url: '/api/elevators', headers: h, payload: row }); // written while counts are off
      await leaveBulkLoad(env.ctx.store.db);
      const after = await snapshot();
      assert.deepEqual(after.indexes, before.indexes);
      const facets = (await env.app.inject({ method: 'GET', url: '/api/elevators/facets', headers: h })).json();
      assert.equal(facets.total, 3);
      // A crash between enter and leave: the next start repairs it.
      await enterBulkLoad(env.ctx.store.db);
      assert.equal(await repairBulkLoad(env.ctx.store.db), true);
      assert.deepEqual((await snapshot()).indexes, before.indexes);
      assert.equal(await repairBulkLoad(env.ctx.store.db), false);
    } finally {
      await env.close();
    }
  });
}
