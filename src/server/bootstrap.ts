import pino from 'pino';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from './config.ts';
import { systemClock, type Clock } from './clock.ts';
import type { AppContext } from './context.ts';
import { migrate } from './db/migrator.ts';
import { encryptPersonalData } from './db/pii-migration.ts';
import { piiCipher } from './pii.ts';
import { openStore, type Store } from './db/store.ts';
import { RegionDirectory, seedRegions } from '../modules/regions/regions.service.ts';
import * as jobs from '../modules/jobs/jobs.repo.ts';
import { repairBulkLoad } from '../modules/elevators/bulk-load.ts';

/** A job whose heartbeat is older than this is taken for dead (its process was killed). */
export const JOB_STALE_MS = 2 * 60_000;

/** Marks jobs of dead processes failed: their committed batches are whole, re-importing the file finishes them. */
export async function failDeadJobs(ctx: Pick<AppContext, 'store' | 'clock' | 'log'>, staleMs = JOB_STALE_MS): Promise<void> {
  const now = ctx.clock.now();
  const stale = await jobs.failStale(ctx.store.db, new Date(now.getTime() - staleMs), now, '服务重启，任务中断；已提交的批次完整保存，请重新导入同一文件以完成（按注册代码更新，不会重复）');
  if (stale.length) ctx.log.warn({ jobs: stale.map((j) => j.id) }, 'marked interrupted jobs as failed');
}

export function createLogger(config: Pick<Config, 'LOG_LEVEL'>, destination?: pino.DestinationStream): FastifyBaseLogger {
  const options: pino.LoggerOptions = {
    level: config.LOG_LEVEL,
    // Secrets and personal data never reach the log.
    redact: { paths: ['req.headers.authorization', 'req.headers["x-hook-secret"]', 'password', '*.password', '*.*.password', 'token', '*.token', '*.*.token'], censor: '[redacted]' },
  };
  return (destination ? pino(options, destination) : pino(options)) as unknown as FastifyBaseLogger;
}

/**
 * Store → migrations → reference data → region directory: everything the app needs before it serves.
 * Shared by the server, the CLI tools, the benches and the tests.
 */
export async function openContext(config: Config, opts: { log?: FastifyBaseLogger; clock?: Clock; store?: Store } = {}): Promise<AppContext> {
  const log = opts.log ?? createLogger(config);
  const store =
    opts.store ?? (await openStore({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: config.DATABASE_POOL_SIZE }));
  try {
    await migrate(store.pool, (m) => log.info(m));
    await encryptPersonalData(store.pool, piiCipher(config), (m) => log.info(m));
    await seedRegions(store.db);
    if (await repairBulkLoad(store.db)) log.warn('finished an interrupted bulk load: indexes rebuilt, facet counts recounted');
    const regions = await RegionDirectory.load(store.db);
    const clock = opts.clock ?? systemClock;
    // PGlite has one process (the directory lock): whatever is still "running" died with the last one. On a
    // PostgreSQL server other nodes may be working, so only jobs without a recent heartbeat count as dead.
    await failDeadJobs({ store, clock, log }, store.kind === 'pglite' ? 0 : JOB_STALE_MS);
    return { config, store, clock, regions, log };
  } catch (err) {
    await store.close().catch(() => {});
    throw err;
  }
}
