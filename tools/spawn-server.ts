/**
 * The platform server (`node --import tsx src/server/main.ts`) as a child process, for tests, benches and tools
 * that drive the real thing: the import-crash test, the browser tests, `npm run faults`, `npm run cluster` and the
 * ingest/emergency/soak benches. One place assembles its environment:
 *
 * - the caller's environment (`process.env`), then
 * - the common defaults: `PORT` (given), `HOST=127.0.0.1` unless asked otherwise, `LOG_LEVEL=warn` (quiet: warnings
 *   and errors only), `ADMIN_SECOND_FACTOR=off` (scripted admin and regulator logins hold no authenticator; the second
 *   factor has its own tests), then
 * - the caller's overrides; an override whose value is `undefined` removes the variable (e.g. `DATABASE_URL` for a
 *   server that must use its own embedded store).
 *
 * Waiting for `/api/health`, logging in and stopping stay with the callers: their timeouts and what they do with the
 * server's output differ on purpose.
 */
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const SERVER_ENTRY = 'src/server/main.ts';

export type EnvOverrides = Record<string, string | undefined>;

export interface SpawnServerOptions {
  port: number;
  /** Variables set (or, with `undefined`, removed) after the defaults. */
  env?: EnvOverrides;
  /** Extra arguments to node before the entry point (e.g. `--cpu-prof`). */
  nodeArgs?: string[];
  /** Runs node under another program: `[cmd, ...args]` (e.g. faketime). */
  wrap?: string[];
  /** Default: stdin ignored, stdout and stderr piped. */
  stdio?: StdioOptions;
}

/** The environment a spawned server gets (exported for callers that want to show or check it). */
export function serverEnv(port: number, overrides: EnvOverrides = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    ADMIN_SECOND_FACTOR: 'off',
  };
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

export function spawnServer(o: SpawnServerOptions): ChildProcess {
  const args = [...(o.nodeArgs ?? []), '--import', 'tsx', SERVER_ENTRY];
  const [cmd, argv] = o.wrap?.length ? [o.wrap[0]!, [...o.wrap.slice(1), process.execPath, ...args]] : [process.execPath, args];
  return spawn(cmd, argv, { cwd: ROOT, env: serverEnv(o.port, o.env), stdio: o.stdio ?? ['ignore', 'pipe', 'pipe'] });
}
