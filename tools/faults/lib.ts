/**
 * Pieces every fault scenario uses: private PostgreSQL and Mosquitto instances (never the machine's shared ones, which
 * other people use), the real server as a child process that can be killed with SIGKILL, and terminals that follow
 * the device protocol (QoS 1 events with unique ids, a persistent session, resending an event until the platform's
 * acknowledgement arrives, reconnecting with exponential backoff and jitter).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import mqtt from 'mqtt';
import { sql } from 'kysely';
import { openStore } from '../../src/server/db/store.ts';
import { spawnServer } from '../spawn-server.ts';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const ADMIN_PASSWORD = 'FaultsAdmin123';
export const PG_BIN = '/usr/lib/postgresql/15/bin';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
export const log = (...a: unknown[]) => console.log(...a);

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

/** A scratch directory removed by cleanup(); owned by postgres when asked (initdb refuses to run as root). */
export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `liftsafe-faults-${prefix}-`));
}

export class Fatal extends Error {}

export async function waitFor(what: string, timeoutMs: number, check: () => Promise<boolean> | boolean, everyMs = 100): Promise<number> {
  const t0 = performance.now();
  for (;;) {
    // A failed check counts as "not yet", except a Fatal one (the server process has exited: waiting is pointless).
    if (
      await Promise.resolve(check()).catch((err: unknown) => {
        if (err instanceof Fatal) throw err;
        return false;
      })
    )
      return performance.now() - t0;
    if (performance.now() - t0 > timeoutMs) throw new Error(`timed out after ${round(timeoutMs / 1000)} s waiting for ${what}`);
    await sleep(everyMs);
  }
}

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });

// ---------------------------------------------------------------- private PostgreSQL

export interface PrivatePg {
  url: string;
  port: number;
  start(): Promise<void>;
  /** pg_ctl stop -m fast: the server ends every session (what a restart by an operator or a failover does). */
  stop(): void;
  destroy(): void;
}

export async function privatePostgres(): Promise<PrivatePg> {
  const root = process.getuid?.() === 0;
  const dir = tempDir('pg');
  const data = path.join(dir, 'data');
  const port = await freePort();
  if (root) spawnSync('chown', ['-R', 'postgres:postgres', dir]);
  const run = (args: string[]) => {
    const cmd = root ? 'runuser' : args[0]!;
    const r = spawnSync(cmd, root ? ['-u', 'postgres', '--', ...args] : args.slice(1), { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr || r.stdout}`);
    return r.stdout;
  };
  run([`${PG_BIN}/initdb`, '-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale=C.UTF-8']);
  fs.appendFileSync(path.join(data, 'postgresql.conf'), `\nport = ${port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '${dir}'\nfsync = on\nmax_connections = 60\nshared_buffers = 64MB\n`);
  const pg: PrivatePg = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    async start() {
      run([`${PG_BIN}/pg_ctl`, '-D', data, '-l', path.join(dir, 'server.log'), '-w', '-t', '60', 'start']);
      await waitFor('private PostgreSQL', 30_000, () => portOpen(port));
    },
    stop() {
      run([`${PG_BIN}/pg_ctl`, '-D', data, '-m', 'fast', '-w', '-t', '60', 'stop']);
    },
    destroy() {
      try {
        pg.stop();
      } catch {
        /* already stopped */
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  await pg.start();
  return pg;
}

// ---------------------------------------------------------------- private Mosquitto

export interface PrivateBroker {
  url: string;
  port: number;
  start(): Promise<void>;
  /** SIGKILL: the broker dies without saving; with persistence off every session and queued message is gone. */
  kill(): Promise<void>;
  destroy(): Promise<void>;
}

/**
 * Mosquitto as this project's machines run it (anonymous on loopback) but on a port of its own. The queue for an
 * offline persistent session is raised from Mosquitto's default of 1,000 messages: a production broker in front of
 * 100k terminals is configured so, and the default would drop a restarting platform's backlog by design.
 */
export async function privateMosquitto(): Promise<PrivateBroker> {
  const dir = tempDir('mqtt');
  const port = await freePort();
  const conf = path.join(dir, 'mosquitto.conf');
  fs.writeFileSync(conf, `listener ${port} 127.0.0.1\nallow_anonymous true\npersistence false\nmax_queued_messages 1000000\nmax_inflight_messages 100\nlog_dest file ${path.join(dir, 'mosquitto.log')}\nlog_type all\n`);
  if (process.getuid?.() === 0) spawnSync('chown', ['-R', 'mosquitto:mosquitto', dir]);
  let proc: ChildProcess | undefined;
  const b: PrivateBroker = {
    url: `mqtt://127.0.0.1:${port}`,
    port,
    async start() {
      proc = spawn('mosquitto', ['-c', conf], { stdio: 'ignore' });
      await waitFor('private Mosquitto', 10_000, () => portOpen(port));
    },
    async kill() {
      const p = proc;
      if (!p || p.exitCode !== null) return;
      const exited = new Promise((r) => p.once('exit', r));
      p.kill('SIGKILL');
      await exited;
    },
    async destroy() {
      await b.kill();
      // FAULTS_KEEP=1 keeps the broker's log for a post-mortem.
      if (process.env.FAULTS_KEEP) console.log(`  broker log kept: ${path.join(dir, 'mosquitto.log')}`);
      else fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  await b.start();
  return b;
}

// ---------------------------------------------------------------- the server

export interface App {
  proc: ChildProcess;
  base: string;
  port: number;
  token: string;
  /** Server output (stdout + stderr) since this start. */
  output(): string;
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

export interface StartAppOptions {
  env: Record<string, string>;
  port?: number;
  /** Runs the server under another program (faketime). */
  wrap?: string[];
  timeoutMs?: number;
}

export async function startApp(opts: StartAppOptions): Promise<App> {
  const port = opts.port ?? (await freePort());
  const proc = spawnServer({ port, wrap: opts.wrap, env: { ADMIN_PASSWORD, NODE_ENV: 'development', ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const keep = (d: Buffer) => {
    out += d.toString();
    if (out.length > 200_000) out = out.slice(-100_000);
  };
  proc.stdout!.on('data', keep);
  proc.stderr!.on('data', keep);
  const base = `http://127.0.0.1:${port}`;
  await waitFor('the server to answer /api/health', opts.timeoutMs ?? 120_000, async () => {
    if (proc.exitCode !== null || proc.signalCode !== null) throw new Fatal(`server exited (${proc.exitCode ?? proc.signalCode}):\n${out.slice(-3000)}`);
    return (await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(2000) })).ok;
  }, 200).catch((err) => {
    proc.kill('SIGKILL');
    if (proc.exitCode !== null || !/exited/.test(String(err))) throw new Error(`${(err as Error).message}\n${out.slice(-3000)}`);
    throw err;
  });
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });
  if (!login.ok) throw new Error(`login failed: ${login.status} ${await login.text()}`);
  const token = ((await login.json()) as { token: string }).token;
  const exitP = new Promise<void>((r) => (proc.exitCode !== null ? r() : proc.once('exit', () => r())));
  return {
    proc,
    base,
    port,
    token,
    output: () => out,
    async kill9() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      await exitP;
    },
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      const t = setTimeout(() => proc.kill('SIGKILL'), 25_000);
      await exitP;
      clearTimeout(t);
    },
  };
}

export async function api<T = Record<string, unknown>>(app: App, method: string, url: string, body?: unknown, timeoutMs = 30_000): Promise<{ status: number; body: T }> {
  const r = await fetch(`${app.base}${url}`, {
    method,
    headers: { authorization: `Bearer ${app.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await r.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: r.status, body: parsed as T };
}

// ---------------------------------------------------------------- terminals

export interface DeviceFleetOptions {
  url: string;
  /** Device ids (registered, native protocol). */
  deviceIds: string[];
  /** Fault events per second over the whole fleet. */
  rate: number;
  /** Resend an event not acknowledged within this long (same id). */
  retryMs?: number;
  runTag?: string;
}

/**
 * Terminals publishing native fault events (QoS 1, unique ids), each on a persistent session (clean=false, a fixed
 * client id), subscribed to its acknowledgement topic. An event stays pending until its `{"id","code":200}` ack
 * arrives and is resent with the same id meanwhile, as docs/device-protocol.md asks of a terminal. Reconnection is
 * exponential backoff with jitter (0.25 s doubling to 8 s).
 */
export class DeviceFleet {
  readonly sent = new Set<string>();
  readonly pending = new Map<string, { device: number; topic: string; payload: string; lastSent: number; attempts: number }>();
  acked = 0;
  /** Acknowledged events that had been resent at least once (the first publish alone did not get them stored). */
  ackedAfterResend = 0;
  resends = 0;
  reconnects = 0;
  publishErrors = 0;
  private clients: mqtt.MqttClient[] = [];
  private connected: boolean[] = [];
  private attempts: number[] = [];
  private emitTimer?: NodeJS.Timeout;
  private retryTimer?: NodeJS.Timeout;
  private seq = 0;
  private closing = false;
  readonly tag: string;

  constructor(private readonly opts: DeviceFleetOptions) {
    this.tag = opts.runTag ?? crypto.randomBytes(3).toString('hex');
  }

  get connectedCount(): number {
    return this.connected.filter(Boolean).length;
  }

  async connect(): Promise<void> {
    await Promise.all(
      this.opts.deviceIds.map(
        (id, i) =>
          new Promise<void>((resolve, reject) => {
            const c = mqtt.connect(this.opts.url, { protocolVersion: 4, clientId: `flt-${this.tag}-${id}`, clean: false, keepalive: 30, reconnectPeriod: 0, connectTimeout: 10_000, username: id, password: 'unused' });
            this.clients[i] = c;
            this.connected[i] = false;
            this.attempts[i] = 0;
            c.on('connect', (ack) => {
              this.connected[i] = true;
              this.attempts[i] = 0;
              if (!ack.sessionPresent) c.subscribe(`liftsafe/v1/${id}/ack`, { qos: 1 });
              resolve();
            });
            c.on('message', (_t, payload) => {
              try {
                const m = JSON.parse(payload.toString()) as { id?: string; code?: number };
                const p = m.code === 200 && m.id ? this.pending.get(m.id) : undefined;
                if (p) {
                  this.pending.delete(m.id!);
                  this.acked++;
                  if (p.attempts > 1) this.ackedAfterResend++;
                }
              } catch {
                /* not ours */
              }
            });
            c.on('error', () => {});
            c.on('close', () => {
              const was = this.connected[i];
              this.connected[i] = false;
              if (this.closing) return;
              if (was) this.reconnects++;
              const a = this.attempts[i]!++;
              const delay = Math.min(8000, 250 * 2 ** a) * (0.5 + Math.random() / 2);
              setTimeout(() => !this.closing && c.reconnect(), delay);
            });
            setTimeout(() => reject(new Error(`device ${id} did not connect`)), 15_000).unref();
          }),
      ),
    );
  }

  /** Starts publishing `rate` events/s spread over the devices. */
  start(): void {
    const tickMs = 50;
    const perTick = this.opts.rate * (tickMs / 1000);
    let carry = 0;
    this.emitTimer = setInterval(() => {
      carry += perTick;
      for (; carry >= 1; carry--) this.emit();
    }, tickMs);
    const retryMs = this.opts.retryMs ?? 3000;
    this.retryTimer = setInterval(() => {
      const now = performance.now();
      // At most 5 resends per device per second, so a backlog after an outage stays under the platform's flood limit.
      const budget = new Map<number, number>();
      for (const [id, p] of this.pending) {
        if (now - p.lastSent < retryMs) continue;
        const used = budget.get(p.device) ?? 0;
        if (used >= 5 || !this.connected[p.device]) continue;
        budget.set(p.device, used + 1);
        if (p.attempts > 0) this.resends++;
        p.lastSent = now;
        p.attempts++;
        this.publish(p.device, p.topic, p.payload);
        void id;
      }
    }, 1000);
  }

  /** Stops producing new events (pending ones are still resent until acked). */
  stopEmitting(): void {
    clearInterval(this.emitTimer);
  }

  private emit(): void {
    const n = this.seq++;
    const device = n % this.opts.deviceIds.length;
    const devId = this.opts.deviceIds[device]!;
    const id = `flt-${this.tag}-${n}`;
    // Open and close alternate per device, so alarms open and clear as in real traffic.
    const phase = Math.floor(n / this.opts.deviceIds.length) % 2 ? 'close' : 'open';
    const payload = JSON.stringify({ v: 1, id, ts: Date.now(), phase, fault: 'door_open_fault' });
    const topic = `liftsafe/v1/${devId}/event`;
    this.sent.add(id);
    // A terminal that is offline keeps the event in its own pending list and sends it once connected (the resend loop
    // below), rather than in mqtt.js's offline store: across a broker that lost every session that store lost
    // QoS 1 packets published while disconnected (message ids reused after the reconnect), a client-side loss this
    // scenario is not about.
    if (!this.connected[device]) {
      this.pending.set(id, { device, topic, payload, lastSent: -Infinity, attempts: 0 });
      return;
    }
    this.pending.set(id, { device, topic, payload, lastSent: performance.now(), attempts: 1 });
    this.publish(device, topic, payload);
  }

  private publish(device: number, topic: string, payload: string): void {
    const c = this.clients[device]!;
    // While disconnected mqtt.js keeps QoS 1 packets in its outgoing store and sends them on reconnect.
    c.publish(topic, payload, { qos: 1 }, (err) => err && this.publishErrors++);
  }

  /** Waits until every event sent has been acknowledged, or the time is up. */
  async drain(timeoutMs: number): Promise<boolean> {
    const t0 = performance.now();
    while (this.pending.size && performance.now() - t0 < timeoutMs) await sleep(250);
    return this.pending.size === 0;
  }

  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.emitTimer);
    clearInterval(this.retryTimer);
    await Promise.all(this.clients.map((c) => c.endAsync(true).catch(() => {})));
  }
}

// ---------------------------------------------------------------- what was stored

export interface StoredEvents {
  /** Event id (the dedup key without its `n:` prefix) → rows stored with it. */
  stored: Map<string, number>;
  /** Ids stored more than once. */
  duplicates: number;
}

/**
 * Stops the server (so everything it took is written), opens the store and counts the `fault_event` rows of one
 * fleet's events (`DeviceFleet` ids `flt-<tag>-<n>`, dedup keys `n:flt-<tag>-<n>`) by dedup key.
 */
export async function stopAndCountEvents(app: App, databaseUrl: string, tag: string): Promise<StoredEvents> {
  await app.stop();
  const store = await openStore({ databaseUrl });
  try {
    const rows = (await sql<{ k: string; n: number }>`SELECT dedup_key AS k, count(*)::int AS n FROM fault_event WHERE dedup_key LIKE ${`n:flt-${tag}-%`} GROUP BY dedup_key`.execute(store.db)).rows;
    return { stored: new Map(rows.map((r) => [r.k.slice(2), r.n])), duplicates: rows.filter((r) => r.n > 1).length };
  } finally {
    await store.close();
  }
}

// ---------------------------------------------------------------- verdicts

export interface Result {
  name: string;
  pass: boolean;
  figures: Record<string, string | number>;
  lost: string;
  notes?: string[];
  skipped?: string;
}

export interface ScenarioOptions {
  rows: number;
  quick: boolean;
  /** The smallest run that still injects the fault (the server test tier: tools/faults/faults.test.ts). */
  tiny?: boolean;
}

export type Scenario = (o: ScenarioOptions) => Promise<Result>;
