import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openTestEnv } from '../../src/test/harness.ts';
import { bearer, buildRow, createOrg, toCsv, userToken, uscc } from '../../src/test/factories.ts';
import { openStore, type Store } from '../../src/server/db/store.ts';
import * as audit from '../../src/modules/audit/audit.service.ts';
import { TransferError, copyStore, verifyStores } from './store-transfer.ts';
import { backupStore, restoreBackup } from './backup-file.ts';
import { openExistingPglite, openPglite, openPostgres } from './cli-common.ts';

const PG = process.env.TEST_DATABASE_URL;
const root = path.resolve(import.meta.dirname, '../..');
const tmp = (p: string) => fs.mkdtempSync(path.join(os.tmpdir(), p));

/** The awkward values: jsonb with Chinese and nesting, arrays with NULLs, microsecond timestamps, numeric scale. */
const ODD = { 中文: '电梯困人 "引号" \\ 反斜杠', nested: [1, 2.5, null, { a: [true, false] }], big: 12345678901234 };

describe('moving a PGlite store: migrate-store, backup, restore', () => {
  const dir = tmp('liftsafe-transfer-src-');
  const cleanup: (() => Promise<void>)[] = [];
  let source: Store;

  before(async () => {
    // A real installation: migrations, elevators through the import job, a hazard, a 96333 incident, audit entries.
    const env = await openTestEnv('pglite', { pgliteDir: dir, now: '2026-11-30T02:00:00Z' });
    const { ctx } = env;
    const platform = await ctx.store.db.selectFrom('organization').select('id').where('type', '=', 'platform').executeTakeFirst();
    const admin = bearer(await userToken(env, { orgId: (platform ?? (await createOrg(ctx, { type: 'platform' }))).id, roles: ['admin'] }));
    const U = { useUnitName: '迁移测试物业', useUnitCreditCode: uscc('370102'), maintenanceName: '迁移测试维保', maintenanceCreditCode: uscc('370102') };
    const rows = [buildRow({ regionCode: '370102', ...U }), buildRow({ regionCode: '370102', ...U }), buildRow({ regionCode: '370103', ...U }), buildRow({ regionCode: '370102', ...U, placeType: '学校' })];
    const imp = await env.app.inject({ method: 'POST', url: '/api/elevators/import', headers: { ...admin, 'content-type': 'text/csv' }, payload: toCsv(rows) });
    await env.runner.wait(imp.json().importId);
    const jinan = bearer(await userToken(env, { orgId: (await createOrg(ctx, { type: 'regulator', regionCode: '370100' })).id, roles: ['regulator'] }));
    const hz = await env.app.inject({ method: 'POST', url: '/api/hazards', headers: jinan, payload: { registrationCode: rows[0].registrationCode, source: 'supervision', item: '层门门锁', description: '啮合长度不足', severity: 'serious' } });
    assert.equal(hz.statusCode, 201, hz.body);
    const center = await createOrg(ctx, { type: 'emergency_center', regionCode: '370100' });
    const dispatcher = bearer(await userToken(env, { orgId: center.id, roles: ['dispatcher'] }));
    const inc = await env.app.inject({ method: 'POST', url: '/api/incidents', headers: dispatcher, payload: { code: rows[1].rescueCode, source: 'phone', type: 'trapped', trapped: 2, callerPhone: '13812345678' } });
    assert.equal(inc.statusCode, 201, inc.body);
    await ctx.store.db.transaction().execute((trx) =>
      audit.record(trx, { userId: null, name: '迁移测试', orgId: null }, new Date('2026-11-30T02:00:00.123Z'), [
        { action: 'test.odd', entityType: 'test', entityId: '1', regionCode: '370102', before: null, after: ODD },
        { action: 'test.odd', entityType: 'test', entityId: '2', after: { list: ['a', 'b c', ''], n: 0.1 } },
      ]),
    );
    await env.close();
    source = await openExistingPglite(dir);
    // Real data in many tables, or the test proves little.
    for (const t of ['elevator', 'elevator_count', 'organization', 'audit_log', 'hazard', 'incident', 'incident_event', 'app_user', 'region']) {
      const { rows: r } = await source.pool.query(`SELECT count(*)::int AS n FROM ${t}`);
      assert.ok(r[0].n > 0, `source table ${t} has rows`);
    }
  });

  after(async () => {
    for (const f of cleanup.reverse()) await f().catch(() => {});
    await source?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a running server (the lock file) keeps the tools off the directory; the CLI says so in Chinese with exit code 5', async () => {
    await assert.rejects(openExistingPglite(dir), (e: unknown) => e instanceof TransferError && e.code === 'SOURCE_LOCKED');
    // Another live process holding the lock (our parent stands in for the server): the CLI refuses.
    const other = tmp('liftsafe-transfer-locked-');
    cleanup.push(async () => fs.rmSync(other, { recursive: true, force: true }));
    fs.mkdirSync(path.join(other, 'pglite'));
    fs.writeFileSync(path.join(other, 'pglite', 'PG_VERSION'), '17');
    fs.writeFileSync(path.join(other, 'liftsafe.lock'), String(process.ppid));
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'tools/store/migrate-store.ts', '--from', other, '--to', 'postgres://nobody@127.0.0.1:1/none'], { cwd: root, encoding: 'utf8' });
    assert.equal(r.status, 5, r.stderr);
    assert.match(r.stderr, /正被运行中的进程 \d+ 使用/);
    assert.ok(fs.existsSync(path.join(other, 'liftsafe.lock')), 'the live lock is left alone');
  });

  test('backup → restore into a new PGlite directory: equal checksums, the audit chain verifies, a non-empty target is refused', async () => {
    const file = path.join(tmp('liftsafe-backup-'), 'b.jsonl.gz');
    cleanup.push(async () => fs.rmSync(path.dirname(file), { recursive: true, force: true }));
    const b = await backupStore(source, file);
    assert.ok(b.rows > 100 && b.bytes > 1000);
    const targetDir = tmp('liftsafe-restore-');
    const target = await openPglite(targetDir);
    cleanup.push(async () => {
      await target.close();
      fs.rmSync(targetDir, { recursive: true, force: true });
    });
    const r = await restoreBackup(file, target);
    assert.ok(r.report.ok, JSON.stringify(r.report.tables.filter((t) => !t.ok)));
    assert.equal(r.rows, b.rows);
    const v = await verifyStores(source, target);
    assert.ok(v.ok, 'the restored store equals the source table by table');
    assert.deepEqual(await audit.verifyChain(target.db), await audit.verifyChain(source.db));
    assert.equal((await audit.verifyChain(target.db)).ok, true);
    const odd = await target.db.selectFrom('audit_log').select(['after', 'at']).where('action', '=', 'test.odd').where('entity_id', '=', '1').executeTakeFirstOrThrow();
    assert.deepEqual(odd.after, ODD);
    await assert.rejects(restoreBackup(file, target), (e: unknown) => e instanceof TransferError && e.code === 'TARGET_NOT_EMPTY' && /已有数据/.test(e.message));
    assert.ok((await restoreBackup(file, target, { force: true })).report.ok, 'forced: replaced, equal again');
    // A file cut short is refused before anything is committed.
    const cut = path.join(path.dirname(file), 'cut.jsonl.gz');
    const zlib = await import('node:zlib');
    const text = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').split('\n');
    fs.writeFileSync(cut, zlib.gzipSync(text.slice(0, Math.floor(text.length / 2)).join('\n')));
    await assert.rejects(restoreBackup(cut, target, { force: true }), (e: unknown) => e instanceof TransferError && e.code === 'BAD_BACKUP');
    assert.ok((await verifyStores(source, target)).ok, 'the refused restore rolled back: the store is as before');
  });

  describe('into PostgreSQL', { skip: !PG && 'TEST_DATABASE_URL is not set' }, () => {
    const schemas: string[] = [];
    const pgTarget = async () => {
      const schema = `t_mig_${crypto.randomBytes(5).toString('hex')}`;
      schemas.push(schema);
      return openPostgres(PG!, schema);
    };
    after(async () => {
      if (!PG) return;
      const admin = await openStore({ databaseUrl: PG, poolSize: 1 });
      for (const s of schemas) await admin.pool.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
      await admin.close();
    });

    test('migrate-store: counts and checksums equal, audit chain verifies, sequences continue, a tampered row is caught', async () => {
      const target = await pgTarget();
      try {
        const lines: string[] = [];
        const r = await copyStore(source, target, { batchSize: 3, log: (l) => lines.push(l) });
        assert.ok(r.rows > 100 && r.rowsPerSecond > 0);
        assert.ok(lines.some((l) => /audit_log .* done/.test(l)), 'progress per table');
        const v = await verifyStores(source, target);
        assert.ok(v.ok, JSON.stringify(v.tables.filter((t) => !t.ok)));
        assert.ok(v.tables.length > 80 && v.tables.find((t) => t.table === 'elevator')!.actualRows === 4);
        const chain = await audit.verifyChain(target.db);
        assert.equal(chain.ok, true);
        assert.equal(chain.checked, (await audit.verifyChain(source.db)).checked);
        // Derived facet counts arrived equal, and the triggers are live again on the target.
        const count = async (s: Store) => (await s.pool.query('SELECT coalesce(sum(n), 0)::int AS n FROM elevator_count')).rows[0].n;
        assert.equal(await count(target), 4);
        // Identity sequences stand past the copied ids: new rows (and the chain) continue.
        await target.db.transaction().execute((trx) => audit.record(trx, { userId: null, name: '新服务器', orgId: null }, new Date(), [{ action: 'test.after', entityType: 'test', entityId: '3' }]));
        assert.equal((await audit.verifyChain(target.db)).ok, true);
        const org = await createOrg({ store: target } as never, { type: 'use_unit', regionCode: '370102' });
        assert.ok(org.id > (await source.pool.query('SELECT max(id)::int AS m FROM organization')).rows[0].m);
        await target.pool.query(`DELETE FROM organization WHERE id = $1`, [org.id]);
        // The audit log refuses deletes of recent entries (retention trigger); a database owner can still disable it.
        await assert.rejects(target.pool.query(`DELETE FROM audit_log WHERE action = 'test.after'`), /kept until/);
        await target.pool.query(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_guard`);
        await target.pool.query(`DELETE FROM audit_log WHERE action = 'test.after'`);
        assert.ok((await verifyStores(source, target)).ok, 'back to equal');

        // Tampering with one copied row on the target: the table is named, and the chain check fails too.
        await target.pool.query(`UPDATE audit_log SET actor_name = actor_name || '改' WHERE id = (SELECT min(id) FROM audit_log)`);
        await target.pool.query(`ALTER TABLE audit_log ENABLE TRIGGER audit_log_guard`);
        const bad = await verifyStores(source, target);
        assert.equal(bad.ok, false);
        assert.deepEqual(bad.tables.filter((t) => !t.ok).map((t) => t.table), ['audit_log']);
        assert.equal((await audit.verifyChain(target.db)).ok, false);

        // Not empty any more: refused; --force truncates and copies again.
        await assert.rejects(copyStore(source, target), (e: unknown) => e instanceof TransferError && e.code === 'TARGET_NOT_EMPTY');
        await copyStore(source, target, { force: true });
        assert.ok((await verifyStores(source, target)).ok);
        assert.equal((await audit.verifyChain(target.db)).ok, true);
      } finally {
        await target.close();
      }
    });

    test('backup → restore into PostgreSQL, and a PostgreSQL backup back into PGlite: equal checksums', async () => {
      const work = tmp('liftsafe-backup-pg-');
      cleanup.push(async () => fs.rmSync(work, { recursive: true, force: true }));
      const target = await pgTarget();
      try {
        await backupStore(source, path.join(work, 'lite.jsonl.gz'));
        assert.ok((await restoreBackup(path.join(work, 'lite.jsonl.gz'), target)).report.ok);
        assert.ok((await verifyStores(source, target)).ok);
        await backupStore(target, path.join(work, 'pg.jsonl.gz'));
        const back = await openPglite(path.join(work, 'lite'));
        try {
          assert.ok((await restoreBackup(path.join(work, 'pg.jsonl.gz'), back)).report.ok);
          assert.ok((await verifyStores(source, back)).ok);
          assert.equal((await audit.verifyChain(back.db)).ok, true);
        } finally {
          await back.close();
        }
      } finally {
        await target.close();
      }
    });

    test('the CLI refuses a non-empty target with exit code 4 and a Chinese message', async () => {
      const target = await pgTarget();
      const schema = schemas[schemas.length - 1];
      try {
        await copyStore(source, target);
      } finally {
        await target.close();
      }
      await source.close();
      try {
        const r = spawnSync(process.execPath, ['--import', 'tsx', 'tools/store/migrate-store.ts', '--from', dir, '--to', PG!, '--schema', schema], { cwd: root, encoding: 'utf8' });
        assert.equal(r.status, 4, r.stdout + r.stderr);
        assert.match(r.stderr, /已有数据.*--force/);
      } finally {
        source = await openExistingPglite(dir);
      }
    });
  });
});
