/**
 * npm run regions:load -- path/to/divisions.csv [--dev-zones]
 * Loads another province's regions from a CSV of the vendored shape (code,name,parent_code,level) into the
 * configured store (DATA_DIR or DATABASE_URL). Stop a server running on the same PGlite directory first.
 * Parents must be in the file or already loaded; re-loading renames, never deletes.
 */
import path from 'node:path';
import { createLogger, openContext } from '../src/server/bootstrap.ts';
import { loadConfig } from '../src/server/config.ts';
import { loadRegionFile } from '../src/modules/regions/regions.service.ts';

const file = process.argv.slice(2).find((a) => !a.startsWith('--'));
if (!file) {
  console.error('usage: npm run regions:load -- <file.csv> [--dev-zones]');
  process.exit(2);
}
const config = loadConfig();
const ctx = await openContext(config, { log: createLogger({ LOG_LEVEL: 'warn' }) });
try {
  const n = await loadRegionFile(ctx.store.db, path.resolve(file), process.argv.includes('--dev-zones') ? 'dev_zone' : 'gbt2260');
  console.log(`loaded ${n} regions from ${file}`);
} finally {
  await ctx.store.close();
}
