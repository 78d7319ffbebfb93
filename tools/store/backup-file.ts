/**
 * Logical backup of either store kind into one gzipped JSON-lines file, and its restore into an empty store of
 * either kind.
 *
 * File layout (one JSON value per line, gzip):
 *   1. manifest: { format: "liftsafe-backup", version: 1, created_at, source, migrations[], tables[{ name, columns,
 *      rows, checksum }], sequences[] }  — counts and checksums computed from the same snapshot as the rows
 *   2. per table: { "table": name, "rows": n } followed by n lines, each a row as a JSON object
 *   3. { "end": true } — a file without it was cut short and is refused
 * A PostgreSQL source is read in one REPEATABLE READ snapshot, so a backup taken while the server runs is
 * consistent; a PGlite directory is locked against its server for the duration.
 */
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import zlib from 'node:zlib';
import { once } from 'node:events';
import type pg from 'pg';
import type { Store } from '../../src/server/db/store.ts';
import {
  Progress,
  TargetLoader,
  TransferError,
  appliedMigrations,
  checkMigrationsMatch,
  closeSession,
  compareSums,
  openSession,
  prepareTarget,
  readCatalog,
  readRows,
  readSequences,
  sequenceProblems,
  tableChecksums,
  type SequenceState,
  type TableSum,
  type VerifyReport,
} from './store-transfer.ts';

export interface BackupManifest {
  format: 'liftsafe-backup';
  version: 1;
  created_at: string;
  source: 'pglite' | 'postgres';
  migrations: { version: number; name: string; checksum: string }[];
  tables: { name: string; columns: string[]; rows: number; checksum: string }[];
  sequences: SequenceState[];
}

export interface BackupResult {
  file: string;
  bytes: number;
  rows: number;
  tables: number;
  seconds: number;
  rowsPerSecond: number;
}

export async function backupStore(store: Store, file: string, opts: { batchSize?: number; log?: (l: string) => void } = {}): Promise<BackupResult> {
  const log = opts.log ?? (() => {});
  const batch = opts.batchSize ?? 5000;
  const out = path.resolve(file);
  const tmp = `${out}.partial-${process.pid}`;
  const c = await openSession(store, true);
  const gzip = zlib.createGzip({ level: 6 });
  const sink = fs.createWriteStream(tmp);
  gzip.pipe(sink);
  const write = async (line: string) => {
    if (!gzip.write(`${line}\n`)) await once(gzip, 'drain');
  };
  try {
    const migrations = await appliedMigrations(c);
    if (!migrations.length) throw new TransferError('SOURCE_MISSING', '源库没有任何迁移记录，不是 LiftSafe 库。');
    const catalog = await readCatalog(c);
    log('computing row counts and checksums…');
    const sums = await tableChecksums(c, catalog);
    const manifest: BackupManifest = {
      format: 'liftsafe-backup',
      version: 1,
      created_at: new Date().toISOString(),
      source: store.kind,
      migrations,
      tables: catalog.tables.map((t) => ({ name: t.name, columns: t.insertColumns, rows: sums.get(t.name)!.rows, checksum: sums.get(t.name)!.checksum })),
      sequences: await readSequences(c, catalog),
    };
    await write(JSON.stringify(manifest));
    const progress = new Progress(log);
    for (const t of catalog.tables) {
      const expected = sums.get(t.name)!.rows;
      await write(JSON.stringify({ table: t.name, rows: expected }));
      progress.table(t.name, expected, 0);
      let n = 0;
      for await (const rows of readRows(c, t, batch)) {
        for (const r of rows) await write(r);
        n += rows.length;
        progress.table(t.name, expected, rows.length);
      }
      if (n !== expected) throw new Error(`table ${t.name} changed during the backup (${expected} → ${n} rows)`);
      progress.table(t.name, expected, 0, true);
    }
    await write(JSON.stringify({ end: true }));
    gzip.end();
    await once(sink, 'close');
    fs.renameSync(tmp, out);
    const seconds = progress.seconds;
    return { file: out, bytes: fs.statSync(out).size, rows: progress.total, tables: catalog.tables.length, seconds, rowsPerSecond: Math.round(progress.total / seconds) };
  } catch (err) {
    gzip.destroy();
    sink.destroy();
    fs.rmSync(tmp, { force: true });
    throw err;
  } finally {
    await closeSession(c, true);
  }
}

async function* lines(file: string): AsyncGenerator<string> {
  const input = fs.createReadStream(file).pipe(zlib.createGunzip());
  const rl = readline.createInterface({ input, crlfDelay: Infinity });
  try {
    for await (const line of rl) if (line) yield line;
  } catch (err) {
    throw new TransferError('BAD_BACKUP', `备份文件 ${file} 无法读取（不是 gzip，或已损坏）：${(err as Error).message}`);
  }
}

export async function readManifest(file: string): Promise<BackupManifest> {
  if (!fs.existsSync(file)) throw new TransferError('BAD_BACKUP', `找不到备份文件 ${file}。`);
  for await (const line of lines(file)) {
    let m: BackupManifest;
    try {
      m = JSON.parse(line);
    } catch {
      throw new TransferError('BAD_BACKUP', `${file} 不是 LiftSafe 备份文件。`);
    }
    if (m?.format !== 'liftsafe-backup' || m.version !== 1) throw new TransferError('BAD_BACKUP', `${file} 不是 LiftSafe 备份文件（格式 ${String(m?.format)}）。`);
    return m;
  }
  throw new TransferError('BAD_BACKUP', `备份文件 ${file} 是空的。`);
}

export interface RestoreResult {
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  report: VerifyReport;
}

/** Restores a backup into an empty store, in one transaction, then checks every table against the manifest. */
export async function restoreBackup(file: string, target: Store, opts: { force?: boolean; batchSize?: number; log?: (l: string) => void; describeTarget?: string } = {}): Promise<RestoreResult> {
  const log = opts.log ?? (() => {});
  const batch = opts.batchSize ?? 5000;
  const manifest = await readManifest(file);
  checkMigrationsMatch(manifest.migrations, '备份文件');
  const catalog = await prepareTarget(target, { force: opts.force, log, describeTarget: opts.describeTarget });
  const byName = new Map(catalog.tables.map((t) => [t.name, t]));
  for (const t of manifest.tables) {
    const have = byName.get(t.name);
    if (!have || have.insertColumns.join(',') !== t.columns.join(',')) throw new TransferError('SCHEMA_MISMATCH', `备份中的表 ${t.name} 与目标表结构不同。`);
  }
  const expected = new Map(manifest.tables.map((t) => [t.name, t]));
  let c: pg.PoolClient | undefined = await openSession(target, false);
  const loader = new TargetLoader(c, catalog);
  const progress = new Progress(log);
  try {
    await loader.begin();
    let current: { name: string; rows: number } | undefined;
    let buf: string[] = [];
    let seen = 0;
    let ended = false;
    let first = true;
    const flush = async () => {
      if (!current || !buf.length) return;
      await loader.load(byName.get(current.name)!, buf);
      progress.table(current.name, current.rows, buf.length);
      seen += buf.length;
      buf = [];
    };
    const closeTable = async () => {
      if (!current) return;
      await flush();
      if (seen !== current.rows) throw new TransferError('BAD_BACKUP', `备份文件中表 ${current.name} 的行数 ${seen} 与清单 ${current.rows} 不符，文件可能不完整。`);
      progress.table(current.name, current.rows, 0, true);
    };
    for await (const line of lines(file)) {
      if (first) {
        first = false;
        continue; // the manifest
      }
      if (line.startsWith('{"table":') || line.startsWith('{"end":')) {
        const marker = JSON.parse(line) as { table?: string; rows?: number; end?: boolean };
        if (marker.end === true && marker.table === undefined && Object.keys(marker).length === 1) {
          await closeTable();
          ended = true;
          break;
        }
        if (typeof marker.table === 'string' && typeof marker.rows === 'number' && Object.keys(marker).length === 2 && expected.has(marker.table)) {
          await closeTable();
          current = { name: marker.table, rows: marker.rows };
          seen = 0;
          progress.table(current.name, current.rows, 0);
          continue;
        }
      }
      if (!current) throw new TransferError('BAD_BACKUP', '备份文件格式错误：数据行出现在表标记之前。');
      buf.push(line);
      if (buf.length >= batch) await flush();
    }
    if (!ended) throw new TransferError('BAD_BACKUP', '备份文件不完整（缺少结束标记），未恢复任何数据。');
    await loader.finish(manifest.sequences);
    const seconds = progress.seconds;
    log('verifying (row counts and checksums against the manifest)…');
    const started = performance.now();
    const sums = await tableChecksums(c, catalog);
    const want = new Map<string, TableSum>(manifest.tables.map((t) => [t.name, { rows: t.rows, checksum: t.checksum }]));
    const tables = compareSums(want, sums);
    const seq = await sequenceProblems(c, catalog);
    const report: VerifyReport = { ok: tables.every((t) => t.ok) && !seq.length, tables, sequenceProblems: seq, seconds: (performance.now() - started) / 1000 };
    return { rows: progress.total, seconds, rowsPerSecond: Math.round(progress.total / seconds), report };
  } catch (err) {
    await loader.abort();
    throw err;
  } finally {
    c.release();
    c = undefined;
  }
}
