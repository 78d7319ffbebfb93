/**
 * npm run backup -- --out FILE [--from DATA_DIR | --database postgres://… [--schema NAME]]
 *
 * A logical backup of either store into one gzipped JSON-lines file with a manifest (migrations, row counts and
 * checksums per table). Default source: DATABASE_URL if set, else DATA_DIR. A PGlite directory must not be open by a
 * running server (exit 5); a PostgreSQL store is read from one consistent snapshot while the server keeps running.
 */
import { EXIT, TransferError } from './store-transfer.ts';
import { backupStore } from './backup-file.ts';
import { isPostgresUrl, openExistingPglite, openPostgres, parseArgs, redact, runTool } from './cli-common.ts';

const USAGE = 'usage: npm run backup -- --out FILE [--from DATA_DIR | --database postgres://… [--schema NAME]]';

await runTool(USAGE, async () => {
  const args = parseArgs(process.argv.slice(2), ['out', 'from', 'database', 'schema', 'batch']);
  if (typeof args.out !== 'string') throw new TransferError('USAGE', '请用 --out 给出备份文件路径。');
  if (args.from && args.database) throw new TransferError('USAGE', '--from 与 --database 只能选一个。');
  const url = typeof args.database === 'string' ? args.database : args.from ? undefined : process.env.DATABASE_URL;
  if (url !== undefined && !isPostgresUrl(url)) throw new TransferError('USAGE', '--database 须为 postgres://… 地址。');
  const dir = typeof args.from === 'string' ? args.from : (process.env.DATA_DIR ?? './data');
  const store = url ? await openPostgres(url, typeof args.schema === 'string' ? args.schema : undefined) : await openExistingPglite(dir);
  try {
    console.log(`source: ${url ? redact(url) : `PGlite ${dir}`}`);
    const r = await backupStore(store, args.out, { batchSize: typeof args.batch === 'string' ? Number(args.batch) : undefined, log: (l) => console.log(l) });
    console.log(`backup written: ${r.file}, ${(r.bytes / 1024 / 1024).toFixed(1)} MB, ${r.rows.toLocaleString('en-US')} rows in ${r.tables} tables, ${r.seconds.toFixed(1)} s (${r.rowsPerSecond.toLocaleString('en-US')} rows/s)`);
    return EXIT.ok;
  } finally {
    await store.close();
  }
});
