import pino from 'pino';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from './config.ts';
import { systemClock, type Clock } from './clock.ts';
import type { AppContext } from './context.ts';
import { migrate } from './db/migrator.ts';
import { openStore, type Store } from './db/store.ts';
import { RegionDirectory, seedRegions } from '../modules/regions/regions.service.ts';
import * as jobs from '../modules/jobs/jobs.repo.ts';

export function createLogger(config: Pick<Config, 'LOG_LEVEL'>): FastifyBaseLogger {
  return pino({
    level: config.LOG_LEVEL,
    // Secrets and personal data never reach the log.
    redact: { paths: ['req.headers.authorization', 'password', '*.password', 'token', '*.token'], censor: '[redacted]' },
  }) as unknown as FastifyBaseLogger;
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
    await seedRegions(store.db);
    const regions = await RegionDirectory.load(store.db);
    const clock = opts.clock ?? systemClock;
    const now = clock.now();
    const stale = await jobs.failStale(store.db, new Date(now.getTime() - 2 * 60_000), now, '服务重启，任务中断；已提交的批次完整保存，请重新导入同一文件以完成（按注册代码更新，不会重复）');
    if (stale.length) log.warn({ jobs: stale.map((j) => j.id) }, 'marked interrupted jobs as failed');
    return { config, store, clock, regions, log };
  } catch (err) {
    await store.close().catch(() => {});
    throw err;
  }
}
