import type { FastifyBaseLogger } from 'fastify';
import type { Config } from './config.ts';
import type { Clock } from './clock.ts';
import type { Store } from './db/store.ts';
import type { RegionDirectory } from '../modules/regions/regions.service.ts';

/** What every service gets: configuration, the store, the clock, the region directory and a logger. */
export interface AppContext {
  config: Config;
  store: Store;
  clock: Clock;
  regions: RegionDirectory;
  log: FastifyBaseLogger;
}
