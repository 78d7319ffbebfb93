/**
 * npm run restore -- --in FILE --to (DATA_DIR | postgres://…) [--schema NAME] [--force]
 *
 * Restores a backup (npm run backup) into an empty store of either kind: migrations first, every table in one
 * transaction, sequences carried over, then every table's row count and checksum compared with the manifest.
 * Exit codes: 0 equal, 3 mismatch, 4 target not empty (--force replaces its contents), 5 the directory is in use,
 * 6 the backup was made by another schema version, 2 usage or unreadable file, 1 other failure.
 */
import { EXIT, TransferError, formatReport } from './store-transfer.ts';
import { restoreBackup } from './backup-file.ts';
import { isPostgresUrl, openPglite, openPostgres, parseArgs, redact, runTool } from './cli-common.ts';

const USAGE = 'usage: npm run restore -- --in FILE --to (DATA_DIR | postgres://…) [--schema NAME] [--force]';

await runTool(USAGE, async () => {
  const args = parseArgs(process.argv.slice(2), ['in', 'to', 'schema', 'batch'], ['force']);
  if (typeof args.in !== 'string') throw new TransferError('USAGE', '请用 --in 给出备份文件路径。');
  if (typeof args.to !== 'string') throw new TransferError('USAGE', '请用 --to 给出目标：数据目录或 postgres://… 地址。');
  const pgTarget = isPostgresUrl(args.to);
  const store = pgTarget ? await openPostgres(args.to, typeof args.schema === 'string' ? args.schema : undefined) : await openPglite(args.to);
  try {
    console.log(`restoring ${args.in} into ${pgTarget ? redact(args.to) : `PGlite ${args.to}`}`);
    const r = await restoreBackup(args.in, store, {
      force: !!args.force,
      batchSize: typeof args.batch === 'string' ? Number(args.batch) : undefined,
      log: (l) => console.log(l),
      describeTarget: pgTarget ? ' PostgreSQL 数据库' : `数据目录 ${args.to} `,
    });
    console.log(`restored ${r.rows.toLocaleString('en-US')} rows in ${r.seconds.toFixed(1)} s (${r.rowsPerSecond.toLocaleString('en-US')} rows/s)`);
    console.log(formatReport(r.report, ['backup', 'restored']));
    if (!r.report.ok) {
      console.error('错误：恢复后的数据与备份清单不一致，见上表标为 DIFF 的表。');
      return EXIT.mismatch;
    }
    console.log('OK: the restored store equals the backup.');
    return EXIT.ok;
  } finally {
    await store.close();
  }
});
