/**
 * npm run migrate-store -- --to postgres://user@host/db [--schema NAME] [--from DATA_DIR] [--force] [--batch N] [--verify-only]
 *
 * Copies a PGlite installation (DATA_DIR) to an empty PostgreSQL database or schema: applies the same migrations
 * there, copies every table in dependency order in one transaction, carries the identity sequences over, then
 * compares row counts and checksums of every table on both sides. Exit codes: 0 equal, 3 mismatch, 4 target not
 * empty (use --force to replace its contents), 5 the data directory is in use by a running server, 6 schema
 * versions differ, 2 usage, 1 other failure. Stop the server before running it; afterwards start the server with
 * DATABASE_URL (and the schema in its search_path when --schema was used).
 */
import { EXIT, TransferError, copyStore, formatReport, verifyStores } from './store-transfer.ts';
import { isPostgresUrl, openExistingPglite, openPostgres, parseArgs, redact, runTool } from './cli-common.ts';

const USAGE = 'usage: npm run migrate-store -- --to postgres://… [--schema NAME] [--from DATA_DIR] [--force] [--batch N] [--verify-only]';

await runTool(USAGE, async () => {
  const args = parseArgs(process.argv.slice(2), ['to', 'from', 'schema', 'batch'], ['force', 'verify-only']);
  const to = typeof args.to === 'string' ? args.to : '';
  if (!isPostgresUrl(to)) throw new TransferError('USAGE', '请用 --to 给出目标 PostgreSQL 地址（postgres://…）。');
  const from = typeof args.from === 'string' ? args.from : (process.env.DATA_DIR ?? './data');
  const batch = typeof args.batch === 'string' ? Number(args.batch) : 5000;
  if (!Number.isInteger(batch) || batch < 1 || batch > 100_000) throw new TransferError('USAGE', '--batch 须为 1 到 100000 之间的整数。');
  const schema = typeof args.schema === 'string' ? args.schema : undefined;

  const source = await openExistingPglite(from);
  let target;
  try {
    target = await openPostgres(to, schema);
    console.log(`source: PGlite ${from}\ntarget: ${redact(to)}${schema ? ` schema ${schema}` : ''}`);
    if (!args['verify-only']) {
      const r = await copyStore(source, target, { force: !!args.force, batchSize: batch, log: (l) => console.log(l) });
      console.log(`copied ${r.rows.toLocaleString('en-US')} rows in ${r.tables} tables in ${r.seconds.toFixed(1)} s: ${r.rowsPerSecond.toLocaleString('en-US')} rows/s`);
    }
    console.log('verifying (row counts and checksums on both sides)…');
    const report = await verifyStores(source, target);
    console.log(formatReport(report, ['PGlite', 'PostgreSQL']));
    if (!report.ok) {
      console.error('错误：校验不一致，见上表标为 DIFF 的表。目标库不可用于生产；可加 --force 重新迁移。');
      return EXIT.mismatch;
    }
    console.log(`OK: the PostgreSQL store equals the PGlite store. Start the server with DATABASE_URL=${redact(to)}${schema ? ` (search_path ${schema},public)` : ''}.`);
    return EXIT.ok;
  } finally {
    await target?.close();
    await source.close();
  }
});
