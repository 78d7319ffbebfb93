// Starts the real LiftSafe server (node + tsx, embedded PGlite) for browser tests: free port, fresh data dir,
// no MQTT broker unless asked for (`env`). One server per test file; `stop()` ends it with SIGTERM and removes its data.
import { spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { spawnServer } from '../../tools/spawn-server.ts';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const ADMIN_USERNAME = 'admin';
export const ADMIN_PASSWORD = 'E2eAdmin123';

const HEALTH_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 25_000; // the server forces its own exit after 20 s

export interface RunningServer {
  baseUrl: string;
  /** The last lines the server printed (warnings and errors: LOG_LEVEL=warn). */
  output(): string;
  stop(): Promise<void>;
}

/** Builds dist/web when it is missing or older than src/web (no-op, exit 0, when up to date). */
export function ensureWebBuild(): void {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'tools/ensure-web-build.mjs')], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`tools/ensure-web-build.mjs failed (exit ${r.status ?? r.signal})`);
}

/** A TCP port that was free a moment ago on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (exited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Every server started here and not yet stopped: killed if the test process goes away without stopping them. */
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) if (!exited(child)) child.kill('SIGKILL');
});

export interface ServerOptions {
  /** Extra environment, e.g. `{ MQTT_ENABLED: 'true', MQTT_PORT: '…' }` for the embedded broker. */
  env?: Record<string, string>;
}

async function startOnce(options: ServerOptions): Promise<RunningServer & { child: ChildProcess }> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'liftsafe-e2e-'));
  // tools/spawn-server.ts adds HOST=127.0.0.1, LOG_LEVEL=warn and ADMIN_SECOND_FACTOR=off: the browser flows sign in
  // as admins and regulators without an authenticator app (the TOTP login is covered by
  // src/modules/auth/second-factor.test.ts and the login page's web test).
  // The server must use its own embedded store (and broker, when one is asked for), and must not think it is a
  // node:test child.
  const child = spawnServer({
    port,
    env: {
      DATA_DIR: dataDir,
      ADMIN_PASSWORD,
      MQTT_ENABLED: 'false',
      ...options.env,
      DATABASE_URL: undefined,
      ...(options.env?.MQTT_URL ? {} : { MQTT_URL: undefined }),
      NODE_TEST_CONTEXT: undefined,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  let log = '';
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);

  const baseUrl = `http://127.0.0.1:${port}`;
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      if (!exited(child)) {
        child.kill('SIGTERM');
        if (!(await waitForExit(child, STOP_TIMEOUT_MS))) {
          child.kill('SIGKILL');
          await waitForExit(child, 5_000);
        }
      }
      live.delete(child);
      fs.rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    })());
  const server = { baseUrl, child, output: () => log, stop };

  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exited(child)) break;
    try {
      const res = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(2_000) });
      if (res.ok && ((await res.json()) as { status?: string }).status === 'ok') return server;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const why = exited(child) ? `exited with ${child.exitCode ?? child.signalCode}` : `not healthy after ${HEALTH_TIMEOUT_MS / 1000} s`;
  await stop();
  throw Object.assign(new Error(`LiftSafe server ${why}. Output:\n${log}`), { serverOutput: log });
}

/**
 * Builds the web app if needed, then starts the server and waits for `GET /api/health`. A port taken between
 * probing and listening (EADDRINUSE) is retried on another port.
 */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  ensureWebBuild();
  for (let attempt = 1; ; attempt++) {
    try {
      const { child: _child, ...server } = await startOnce(options);
      return server;
    } catch (err) {
      const out = (err as { serverOutput?: string }).serverOutput ?? '';
      if (attempt < 3 && out.includes('EADDRINUSE')) continue;
      throw err;
    }
  }
}

/** Signs in through the API; for test setup that is not itself under test. */
export async function apiLogin(baseUrl: string, username = ADMIN_USERNAME, password = ADMIN_PASSWORD): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`login as ${username} failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

export interface ImportReport {
  status: 'queued' | 'running' | 'done' | 'failed';
  total: number;
  processed: number;
  imported: number;
  updated: number;
  rejectedCount: number;
  rejected: { line: number; registrationCode: string | null; errors: { field: string; message: string }[] }[];
  error: string | null;
}

/** Imports a CSV through the API and waits for the job to finish (seed data for flows that only read it). */
export async function apiImportCsv(baseUrl: string, token: string, csv: string, timeoutMs = 30_000): Promise<ImportReport> {
  const auth = { authorization: `Bearer ${token}` };
  const res = await fetch(`${baseUrl}/api/elevators/import`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'text/csv', 'x-file-name': encodeURIComponent('e2e-seed.csv') },
    body: csv,
  });
  if (res.status !== 202) throw new Error(`import was not accepted: ${res.status} ${await res.text()}`);
  const { importId } = (await res.json()) as { importId: string };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = (await (await fetch(`${baseUrl}/api/imports/${importId}`, { headers: auth })).json()) as ImportReport;
    if (job.status === 'done' || job.status === 'failed') return job;
    if (Date.now() > deadline) throw new Error(`import ${importId} still ${job.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
