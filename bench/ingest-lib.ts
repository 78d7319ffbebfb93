/**
 * Pieces shared by the ingest and emergency benchmarks: a seeded store at province scale, the real server as a
 * child process, MQTT publishers and the status-report load they offer.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import mqtt from 'mqtt';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../src/server/db/schema.ts';
import type { ChildProcess } from 'node:child_process';
import { round } from './lib.ts';
import { openStore } from '../src/server/db/store.ts';
import { migrate } from '../src/server/db/migrator.ts';
import { seedRegions } from '../src/modules/regions/regions.service.ts';
import { enterBulkLoad, leaveBulkLoad } from '../src/modules/elevators/bulk-load.ts';
import { hashSecret } from '../src/modules/iot/device-directory.ts';
import { spawnServer } from '../tools/spawn-server.ts';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const SECRET = 'bench-terminal-secret';
export const SALT = 'bench-salt';
export const ADMIN_PASSWORD = 'BenchAdmin123';
const log = (...a: unknown[]) => console.log(...a);

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

/** A store with `registered` in-use elevators, `devices` terminals bound to the first of them. */
export async function seedStore(target: { databaseUrl?: string; dataDir?: string }, registered: number, devices: number, opts: { maintenanceOrgs?: number } = {}) {
  const t = performance.now();
  const store = await openStore(target);
  await migrate(store.pool);
  await seedRegions(store.db);
  const counties = (await store.db.selectFrom('region').select('code').where('level', '=', 3).where('kind', '=', 'gbt2260').execute()).map((r) => r.code);
  // Tier-1 rescuers (the emergency bench): each elevator gets one of N maintenance companies, or none.
  const orgs = opts.maintenanceOrgs
    ? (
        await sql<{ id: number }>`INSERT INTO organization (name, type, region_code, hotline)
          SELECT '压测维保' || g, 'maintenance', '370102', '0531-9' || lpad(g::text, 6, '0') FROM generate_series(1, ${opts.maintenanceOrgs}::int) g RETURNING id`.execute(store.db)
      ).rows.map((r) => r.id)
    : [];
  // Use units as a real registry has them: every elevator but one in fifty (those wait for the stewardship sweep).
  const useUnits = (
    await sql<{ id: number }>`INSERT INTO organization (name, type, region_code)
      SELECT '压测使用单位' || g, 'use_unit', '370102' FROM generate_series(1, 2000) g RETURNING id`.execute(store.db)
  ).rows.map((r) => r.id);
  await enterBulkLoad(store.db);
  for (let from = 1; from <= registered; from += 200_000) {
    const to = Math.min(registered, from + 199_999);
    await sql`INSERT INTO elevator (registration_code, category_code, region_code, address, status, floors, maintenance_org_id, use_unit_id)
      SELECT lpad(g::text, 20, '0'), '3110', (${counties}::text[])[1 + g % ${counties.length}], '山东省压测地址' || g || '号', 'IN_USE', 6 + g % 20,
             ${orgs.length ? sql`(${orgs}::bigint[])[1 + g % ${orgs.length}]` : sql`NULL::bigint`},
             CASE WHEN g % 50 <> 0 THEN (${useUnits}::bigint[])[1 + g % ${useUnits.length}] END
        FROM generate_series(${from}::int, ${to}::int) g`.execute(store.db);
  }
  await leaveBulkLoad(store.db);
  await addBenchDevices(store.db, devices);
  await sql`ANALYZE`.execute(store.db);
  await store.close();
  log(`  seeded ${registered.toLocaleString()} elevators, ${devices.toLocaleString()} terminals in ${round((performance.now() - t) / 1000)} s`);
}

/**
 * Terminals `B<id>` (every tenth JTC340 under product key pkB, the rest native) with the bench secret, bound to the
 * elevators with ids 1..`devices`, each with its live-state row: the devices statusMessage() and connectMany() speak for.
 */
export async function addBenchDevices(db: Kysely<DB>, devices: number): Promise<void> {
  const hash = hashSecret(SALT, SECRET);
  await sql`INSERT INTO device (device_id, protocol, product_key, secret_salt, secret_hash, vendor, elevator_id)
    SELECT 'B' || e.id, CASE WHEN e.id % 10 = 0 THEN 'jtc340' ELSE 'native' END, CASE WHEN e.id % 10 = 0 THEN 'pkB' END, ${SALT}, ${hash}, 'bench', e.id
      FROM elevator e WHERE e.id <= ${devices}`.execute(db);
  await sql`INSERT INTO elevator_live (elevator_id, region_code, device_pk, online)
    SELECT d.elevator_id, e.region_code, d.id, false FROM device d JOIN elevator e ON e.id = d.elevator_id
     WHERE d.device_id LIKE 'B%' ON CONFLICT (elevator_id) DO NOTHING`.execute(db);
}

export interface Server {
  proc: ChildProcess;
  base: string;
  token: string;
  rssMB(): number;
  stop(): Promise<void>;
}

export async function startServer(env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const profile = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_PROFILE_DIR] : [];
  const proc = spawnServer({ port, nodeArgs: profile, env: { ADMIN_PASSWORD, ...env }, stdio: ['ignore', 'inherit', 'inherit'] });
  const base = `http://127.0.0.1:${port}`;
  const end = Date.now() + 300_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`server exited (${proc.exitCode})`);
    const ok = await fetch(`${base}/api/health`).then((r) => r.ok).catch(() => false);
    if (ok) break;
    if (Date.now() > end) throw new Error('server did not start');
    await new Promise((r) => setTimeout(r, 250));
  }
  const login = await (await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) })).json();
  return {
    proc,
    base,
    token: (login as { token: string }).token,
    rssMB: () => {
      const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${proc.pid}/status`, 'utf8'));
      return m ? Math.round(Number(m[1]) / 1024) : 0;
    },
    stop: () =>
      new Promise((resolve) => {
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
      }),
  };
}

export const api = async (s: Server, url: string) => (await fetch(`${s.base}${url}`, { headers: { authorization: `Bearer ${s.token}` } })).json() as Promise<Record<string, unknown>>;

/** Faults are sent in the native protocol: by a terminal that speaks it (every tenth speaks JTC340). */
export const nativeDevice = (d: number) => (d % 10 === 0 ? d - 1 : d);

/**
 * Status reports: 90% native, 10% JTC340 LiveData, as terminals send them. Payloads come from a small table rebuilt
 * every second (times stay current), topics from a per-device cache: the publisher spends its CPU on sending, so the
 * figures measure the broker and the platform rather than JSON.stringify in the load generator.
 */
let table: { native: Buffer[]; jtc: Buffer[]; builtAt: number } = { native: [], jtc: [], builtAt: 0 };
export const topics = new Map<number, string>();
export function payloads() {
  const now = Date.now();
  if (now - table.builtAt < 1000) return table;
  const native: Buffer[] = [];
  const jtc: Buffer[] = [];
  for (let v = 0; v < 54; v++) {
    const floor = String(1 + (v % 18));
    native.push(Buffer.from(JSON.stringify({ v: 1, id: `s${v}`, ts: now, floor, direction: (['stop', 'up', 'down'] as const)[v % 3], doorOpen: v % 3 === 0, occupied: v % 2 === 1 })));
    jtc.push(Buffer.from(JSON.stringify({ Version: '1.0', Params: { Value: { DoorState: v % 3 === 0 ? 1 : 0, PersonState: v % 2, CurrentFloor: floor, RunDirection: v % 3, RunState: v % 3 ? 1 : 0 }, Time: now } })));
  }
  return (table = { native, jtc, builtAt: now });
}
export function statusMessage(deviceNo: number, seq: number): { topic: string; payload: Buffer } {
  let topic = topics.get(deviceNo);
  if (!topic) {
    topic = deviceNo % 10 === 0 ? `/device/pkB/B${deviceNo}/thing/event/LiveData/post/` : `liftsafe/v1/B${deviceNo}/status`;
    topics.set(deviceNo, topic);
  }
  const t = payloads();
  return { topic, payload: (deviceNo % 10 === 0 ? t.jtc : t.native)[(seq + deviceNo) % 54]! };
}

export function connect(url: string, opts: mqtt.IClientOptions = {}): Promise<mqtt.MqttClient> {
  return new Promise((resolve, reject) => {
    const c = mqtt.connect(url, { protocolVersion: 4, reconnectPeriod: 0, connectTimeout: 20_000, ...opts });
    c.once('connect', () => resolve(c));
    c.once('error', reject);
  });
}

/**
 * Publishes `total` status messages over the clients as fast as the sockets take them (QoS 0), device ids cycling
 * through `devices`. `deviceOf(client index, k)` picks the device a client publishes for.
 */
export async function publishAll(clients: mqtt.MqttClient[], total: number, deviceOf: (ci: number, k: number) => number, ratePerSecond = Infinity): Promise<number> {
  const t = performance.now();
  let sent = 0;
  const perClient = new Array<number>(clients.length).fill(0);
  let ci = 0;
  while (sent < total) {
    // Offered load: never ahead of rate × elapsed (Infinity: as fast as the sockets take it).
    const allowed = Math.min(total, ratePerSecond === Infinity ? total : Math.floor(((performance.now() - t) / 1000) * ratePerSecond) + 1);
    // Round-robin over the connections, a few messages each, so every terminal reports at the same pace.
    let skipped = 0;
    while (sent < allowed && skipped < clients.length) {
      const idx = ci;
      const c = clients[idx]!;
      ci = (ci + 1) % clients.length;
      const stream = (c as unknown as { stream: { writableLength: number } }).stream;
      if (stream.writableLength > 256 * 1024) {
        skipped++;
        continue;
      }
      skipped = 0;
      for (let k = 0; k < 10 && sent < allowed; k++) {
        const n = perClient[idx]!++;
        const m = statusMessage(deviceOf(idx, n), n);
        c.publish(m.topic, m.payload, { qos: 0 });
        sent++;
      }
    }
    await new Promise((r) => (ratePerSecond === Infinity ? setImmediate(r) : setTimeout(r, 2)));
  }
  return performance.now() - t;
}


/** One connection per device, logged in with its own id and secret (when `auth`), opened in batches of 200. */
export async function connectMany(url: string, devices: number[], auth = false): Promise<mqtt.MqttClient[]> {
  const out: mqtt.MqttClient[] = [];
  for (let i = 0; i < devices.length; i += 200) {
    out.push(
      ...(await Promise.all(
        devices.slice(i, i + 200).map((d) => connect(url, { clientId: `B${d}-${crypto.randomBytes(2).toString('hex')}`, clean: true, ...(auth ? { username: `B${d}`, password: SECRET } : {}) })),
      )),
    );
  }
  return out;
}
