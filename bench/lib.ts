/** Small helpers shared by the bench scripts: argument parsing, percentiles, timing. */
export function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Runs `fn` over each input, returning p50/p95 in ms (after one warm-up call per input kind). */
export async function latency<T>(inputs: T[], fn: (x: T) => Promise<unknown>): Promise<{ p50: number; p95: number; n: number }> {
  await fn(inputs[0]);
  const times: number[] = [];
  for (const x of inputs) {
    const t = performance.now();
    await fn(x);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { p50: round(percentile(times, 50)), p95: round(percentile(times, 95)), n: times.length };
}

export const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

export function rss(): string {
  return `${Math.round(process.memoryUsage().rss / 1024 / 1024)} MB`;
}

/**
 * Runs a bench on a fresh embedded PGlite store on disk, then on a fresh schema of the PostgreSQL server
 * (`BENCH_DATABASE_URL`, else `TEST_DATABASE_URL`, else the local server); `--skip-pglite` / `--skip-postgres` leave
 * one out. Each store is removed afterwards.
 */
export async function onEachStore(name: string, run: (ctx: import('../src/server/context.ts').AppContext, label: 'pglite' | 'postgres') => Promise<void>): Promise<void> {
  const fs = await import('node:fs');
  const os = await import('node:os');
  const path = await import('node:path');
  const { createLogger, openContext } = await import('../src/server/bootstrap.ts');
  const { loadConfig } = await import('../src/server/config.ts');
  const { openStore } = await import('../src/server/db/store.ts');
  const log = createLogger({ LOG_LEVEL: 'warn' });
  const config = loadConfig({ LOG_LEVEL: 'warn', DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), `liftsafe-bench-${name}-`)) });
  const pgUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  if (!process.argv.includes('--skip-pglite')) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `liftsafe-bench-${name}-lite-`));
    const ctx = await openContext({ ...config, storeKind: 'pglite' } as never, { log, store: await openStore({ dataDir: dir }) });
    await run(ctx, 'pglite');
    await ctx.store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  if (!process.argv.includes('--skip-postgres')) {
    const schema = `bench_${name.replace(/\W/g, '_')}`;
    const admin = await openStore({ databaseUrl: pgUrl, poolSize: 1 });
    await admin.pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.pool.query(`CREATE SCHEMA ${schema}`);
    await admin.pool.query('CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public');
    const ctx = await openContext({ ...config, storeKind: 'postgres' } as never, { log, store: await openStore({ databaseUrl: pgUrl, poolSize: 5, schema }) });
    await run(ctx, 'postgres');
    await ctx.store.close();
    await admin.pool.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.close();
  }
}
