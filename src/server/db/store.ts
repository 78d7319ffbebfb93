import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import type { DB } from './schema.ts';

/**
 * One store interface for both engines: a pg.Pool (node-postgres API) and a Kysely instance over it.
 * Embedded PGlite is wrapped by its node-postgres adapter, so every repo runs the same SQL on both.
 */
export interface Store {
  kind: 'pglite' | 'postgres';
  /** The embedded engine itself (PGlite only): snapshots for tests and store migration. */
  lite?: import('@electric-sql/pglite').PGlite;
  pool: pg.Pool;
  db: Kysely<DB>;
  close(): Promise<void>;
}

// Return int8 (count(*), bigserial ids) as JS numbers: every count and id here stays far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));
// Dates stay strings (YYYY-MM-DD): a calendar date has no time zone.
pg.types.setTypeParser(1082, (v) => v);
// numeric → number (rated speed, coordinates).
pg.types.setTypeParser(1700, (v) => Number(v));

export class StoreLockedError extends Error {
  code = 'STORE_LOCKED';
}

/**
 * PGlite has no cross-process lock: two processes on one data directory corrupt it.
 * We take an exclusive lock file holding our pid; a lock left by a dead process is taken over.
 */
/** Directories this process holds, so a second store in the same process is refused too. */
const heldDirs = new Set<string>();

function acquireDirLock(dir: string): () => void {
  const lockPath = path.join(dir, 'liftsafe.lock');
  if (heldDirs.has(dir)) throw new StoreLockedError(`Data directory ${dir} is already open in this process.`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(lockPath, 'wx');
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      heldDirs.add(dir);
      return () => {
        heldDirs.delete(dir);
        try {
          if (fs.readFileSync(lockPath, 'utf8') === String(process.pid)) fs.unlinkSync(lockPath);
        } catch {
          /* already gone */
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number(fs.readFileSync(lockPath, 'utf8').trim());
      if (holder && holder !== process.pid && isAlive(holder)) {
        throw new StoreLockedError(
          `Data directory ${dir} is in use by process ${holder}. Stop it, or set DATA_DIR to another directory.`,
        );
      }
      fs.unlinkSync(lockPath); // stale: its process is gone
    }
  }
  throw new StoreLockedError(`Could not lock data directory ${dir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface OpenStoreOptions {
  databaseUrl?: string;
  /** Directory for PGlite, or 'memory://' for a throwaway store. */
  dataDir?: string;
  poolSize?: number;
  /** A PGlite snapshot (from dumpDataDir) to start from: tests clone a migrated template this way. */
  loadDataDir?: Blob;
  /** PostgreSQL schema to work in (tests isolate themselves in a schema of their own). */
  schema?: string;
  /** PostgreSQL: client-side limit per query (default 120 s; 0 = none, for store tools scanning a whole province). */
  queryTimeoutMs?: number;
}

export async function openStore(opts: OpenStoreOptions): Promise<Store> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: opts.poolSize ?? 10,
      ...(opts.schema ? { options: `-c search_path=${opts.schema},public` } : {}),
      // No request may hang forever on a dead server.
      connectionTimeoutMillis: 10_000,
      ...(opts.queryTimeoutMs === 0 ? {} : { query_timeout: opts.queryTimeoutMs ?? 120_000 }),
    });
    pool.on('error', () => {
      /* idle client lost (server restart): the pool replaces it on next use */
    });
    // The pool listens only to its idle clients. A checked-out client whose connection the server ends between two
    // queries (a transaction awaiting application code while PostgreSQL restarts) emitted an unhandled 'error' and
    // killed the process (found by `npm run faults` pg-restart). With a listener the client is merely broken: its next
    // query fails (503 STORE_UNAVAILABLE) and the pool discards it on release.
    pool.on('connect', (client) => {
      client.on('error', () => {});
    });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return {
      kind: 'postgres',
      pool,
      db,
      close: async () => {
        await db.destroy();
      },
    };
  }

  const { PGlite } = await import('@electric-sql/pglite');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const { createPgConfig } = await import('@electric-sql/pglite/node-postgres');
  const dataDir = opts.dataDir ?? './data';
  let release = () => {};
  let pgliteDir: string | undefined;
  if (!dataDir.startsWith('memory://')) {
    pgliteDir = path.resolve(dataDir, 'pglite');
    fs.mkdirSync(pgliteDir, { recursive: true });
    release = acquireDirLock(path.resolve(dataDir));
  }
  try {
    const lite = await PGlite.create({
      dataDir: pgliteDir,
      extensions: { pg_trgm },
      loadDataDir: opts.loadDataDir,
    });
    const pool = new pg.Pool(createPgConfig(lite) as pg.PoolConfig);
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return {
      kind: 'pglite',
      lite,
      pool,
      db,
      close: async () => {
        await db.destroy();
        await lite.close();
        release();
      },
    };
  } catch (err) {
    release();
    throw err;
  }
}
