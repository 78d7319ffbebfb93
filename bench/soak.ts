/**
 * npm run soak -- [--minutes 10] [--users 500] [--elevators 50000] [--devices 2000] [--ingest-rate 400]
 *                 [--think-ms 5000] [--database postgres://…] [--mqtt mqtt://…] [--data-dir DIR] [--out FILE]
 *                 [--warmup-minutes W] [--rss-slope-max 1]
 *
 * "Load held" (issue 9): the real server as a child process under the bench's device traffic plus `--users`
 * concurrent API users at once, for `--minutes`. Prints a table per minute and a summary with a verdict per goal:
 * zero errors; p99 ≤ 200 ms for reads; server RSS flat.
 *
 * Store: the synthetic demo province (`npm run demo`'s seeder: organisations, the demo logins, --elevators elevators
 * through the import job, then every module's demo data) in embedded PGlite in a temp DATA_DIR, or in the PostgreSQL
 * database `--database` (created when missing; a store that already has elevators is not seeded again, nor is a
 * `--data-dir` PGlite store kept from an earlier run). `--devices` bench terminals (bench/ingest-lib.ts) are added.
 *
 * Device traffic: status reports (90% native, 10% JTC340) at `--ingest-rate` msg/s, through the embedded broker
 * (every terminal on its own authenticated connection) or the external broker `--mqtt` (pooled connections).
 * Default 2,000 terminals each reporting every 5 s = 400 msg/s: a 50,000-elevator province with 4% of its cars
 * monitored, about 5% of one core at the platform's measured embedded ingest capacity (~8,000 msg/s), which leaves
 * the two cores to the API users.
 *
 * Users: a hand-written, bounded load generator over node:http (keep-alive, one shared agent of at most
 * 2 × users sockets, 10 s timeout per request), not autocannon: autocannon runs closed loops of identical requests
 * per connection and reports one latency histogram, while this needs per-user sessions (500 sessions of many
 * organisations), think time, pages that fire several requests at once and latency per endpoint class. Each user
 * is one of the demo roles with a realistic scope: the province regulator, the regulators of every city, use units
 * and maintenance companies (one login per organisation, for the organisations with the most elevators; half of the
 * maintenance users also file maintenance records naming a worker of their own company), the 96333 dispatchers
 * (board, lookups, phone complaints), the education department (its dashboard) and the public (QR lookups,
 * releases, grades and reports without login); the bench adds the per-organisation logins to the store (soak_*).
 * Each user loops: pick a page by the role's mix, fire its requests (at most 6 at once, as a browser), think for an
 * exponentially distributed time of mean `--think-ms` (clamped to 0.5–30 s), again. Requests are classed as
 * read (records, filtered lists, live state, alarms), search (registry text / 注册代码 / address, 96333 lookup),
 * dashboard (cockpit and department panels, map summaries, boards) and write (maintenance records, phone
 * complaints, public reports). Any non-2xx status, socket error or timeout counts as an error of its class.
 * With the default 5 s think time (a busy office user clicking through lists and records) 500 users offer about
 * 200–220 requests/s; `--think-ms` changes the pace, and the offered rate is printed per minute.
 *
 * Reading the figures: embedded PGlite runs every query on the server's main thread, so the store's time per request
 * (a few ms for a record, tens of ms for a count across a region) adds up on one core however many cores there are;
 * with `--database` the queries run in PostgreSQL's own processes. The table shows the server's CPU and event-loop
 * delay next to the latencies: a high loop delay points at the server (PGlite or JS work), a low one with high
 * latencies at the database or at other work on the machine.
 *
 * Server settings for a loopback load test (printed at start): ADMIN_SECOND_FACTOR=off (simulated regulators hold no
 * authenticator), TRUST_PROXY=loopback, and every simulated user sends
 * its own X-Forwarded-For address from the benchmarking range 198.18.0.0/15, so the per-address limits
 * (PUBLIC_RATE_PER_MINUTE=300, the public report limit of 5 per 10 minutes, the tracking lookup limit) apply per
 * simulated citizen exactly as in production; they are not raised or switched off. Public users keep within them
 * (a citizen files at most 4 reports in 10 minutes), and no login fails, so LOGIN_IP_MAX_FAILURES is not reached.
 *
 * Sampled every 10 s: the server's RSS (/proc/PID/status VmRSS), its CPU (/proc/PID/stat), and its event-loop delay
 * and ingest counters (GET /api/iot/ingest as admin, outside the users' figures). "RSS flat": the least-squares
 * slope of the samples after the warm-up (default: the first quarter of the run, at most 2 minutes) is at most
 * `--rss-slope-max` MB/min (default 1), and the last sample is at most 1.1 × the first sample after the warm-up.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import mqtt from 'mqtt';
import pg from 'pg';
import { sql } from 'kysely';
import { arg, percentile, round } from './lib.ts';
import { ADMIN_PASSWORD, addBenchDevices, connect, connectMany, freePort, publishAll, startServer, type Server } from './ingest-lib.ts';
import { createLogger, openContext } from '../src/server/bootstrap.ts';
import { loadConfig } from '../src/server/config.ts';
import { shanghaiDate } from '../src/server/clock.ts';
import { bootstrapAdmin } from '../src/modules/auth/auth.service.ts';
import { permissionsOf } from '../src/modules/auth/roles.ts';
import { PANELS } from '../src/modules/cockpit/cockpit.routes.ts';
import { MAP_METRICS } from '../src/modules/cockpit/cockpit.schema.ts';
import { annexOf, itemsFor } from '../src/modules/maintenance/catalog.ts';
import { seedDemo } from '../tools/demo/seed.ts';
import { hashPassword } from '../src/modules/auth/password.ts';

const MINUTES = Number(arg('minutes', '10'));
const USERS = Number(arg('users', '500'));
const ELEVATORS = Number(arg('elevators', '50000'));
const DEVICES = Number(arg('devices', '2000'));
const INGEST_RATE = Number(arg('ingest-rate', '400'));
const THINK_MS = Number(arg('think-ms', '5000'));
const DATABASE = arg('database', '');
const MQTT_URL = arg('mqtt', '');
const DATA_DIR = arg('data-dir', '');
const OUT = arg('out', path.join(os.tmpdir(), `liftsafe-soak-${new Date().toISOString().replace(/[:.]/g, '-')}.json`));
const WARMUP_MIN = Number(arg('warmup-minutes', String(Math.min(2, MINUTES / 4))));
const RSS_SLOPE_MAX = Number(arg('rss-slope-max', '1'));
const READ_P99_GOAL = 200;
const TIMEOUT_MS = 10_000;
const SAMPLE_MS = 10_000;
const MQTT_CONNECTIONS = 20;

const log = (...a: unknown[]) => console.log(...a);
const CLASSES = ['read', 'search', 'dashboard', 'write'] as const;
type Cls = (typeof CLASSES)[number];

// ---------------------------------------------------------------- store and fixtures

interface Elev {
  code: string;
  rescue: string | null;
  address: string;
  region: string;
  category: string;
  lat: number | null;
  lon: number | null;
}
interface Account {
  username: string;
  password: string;
  orgId: number;
  regionCode: string;
  /** The region's code prefix (370100 → 3701, 371000 → 3710). */
  prefix: string;
  roles: string[];
  /** Elevators this account may open (its scope), for record pages and searches. */
  elevators: Elev[];
  /** A maintenance company's registered worker, named on the records its users file. */
  worker?: { name: string; certificateNo: string };
}
interface Fixtures {
  all: Elev[];
  /** The logins each kind of user takes in turn. */
  accounts: Record<Exclude<Kind, 'public'>, Account[]>;
  counties: Map<string, string[]>;
}

async function ensureDatabase(url: string): Promise<void> {
  const u = new URL(url);
  const name = u.pathname.slice(1);
  const admin = new pg.Client({ connectionString: Object.assign(new URL(url), { pathname: '/postgres' }).toString() });
  await admin.connect();
  const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (!exists.rowCount) await admin.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
  await admin.end();
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
  await c.end();
}

/** Seeds (once) the demo province and the bench terminals; returns the server's store settings and the fixtures. */
async function prepareStore(): Promise<{ env: Record<string, string>; fixtures: Fixtures; cleanup: () => void }> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'liftsafe-soak-'));
  const dataDir = DATABASE ? path.join(work, 'data') : DATA_DIR || path.join(work, 'data');
  if (DATABASE) await ensureDatabase(DATABASE);
  const env: Record<string, string> = DATABASE ? { DATABASE_URL: DATABASE, DATA_DIR: dataDir } : { DATA_DIR: dataDir };
  const config = loadConfig({ LOG_LEVEL: 'warn', MQTT_ENABLED: 'false', ADMIN_PASSWORD, ...env });
  const ctx = await openContext(config, { log: createLogger({ LOG_LEVEL: 'warn' }) });
  const db = ctx.store.db;
  const t = performance.now();
  await bootstrapAdmin(ctx);
  const had = await db.selectFrom('elevator').select('id').limit(1).executeTakeFirst();
  await seedDemo(ctx, { elevators: ELEVATORS, devices: 0 });
  const benchDevices = await db.selectFrom('device').select('id').where('device_id', 'like', 'B%').limit(1).executeTakeFirst();
  if (!benchDevices) await addBenchDevices(db, DEVICES);
  await sql`ANALYZE`.execute(db);
  const total = Number((await db.selectFrom('elevator').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  log(`  store ${DATABASE ? 'PostgreSQL ' + DATABASE : 'PGlite ' + dataDir}: ${total.toLocaleString()} elevators ${had ? '(already seeded)' : `seeded in ${round((performance.now() - t) / 1000)} s`}`);

  const cols = ['registration_code', 'rescue_code', 'address', 'region_code', 'category_code', 'latitude', 'longitude'] as const;
  const toElev = (r: { registration_code: string; rescue_code: string | null; address: string; region_code: string; category_code: string; latitude: number | null; longitude: number | null }): Elev => ({
    code: r.registration_code,
    rescue: r.rescue_code,
    address: r.address,
    region: r.region_code,
    category: r.category_code,
    lat: r.latitude === null ? null : Number(r.latitude),
    lon: r.longitude === null ? null : Number(r.longitude),
  });
  const step = Math.max(1, Math.floor(total / 5000));
  const all = (await sql<Parameters<typeof toElev>[0]>`SELECT ${sql.join(cols.map((c) => sql.ref(c)))} FROM elevator WHERE id % ${step} = 0 ORDER BY id LIMIT 5000`.execute(db)).rows.map(toElev);
  const counties = new Map<string, string[]>();
  for (const r of ctx.regions.all()) if (r.level === 3 && r.kind === 'gbt2260') counties.set(r.code.slice(0, 4), [...(counties.get(r.code.slice(0, 4)) ?? []), r.code]);

  // Logins: the demo's own (province regulator, 96333 dispatchers, the education department), and one per
  // organisation for the others — the use units and maintenance companies with the most elevators and every city's
  // regulator — so that users have the scopes of many organisations rather than all sharing one.
  const perKind = Math.max(1, Math.ceil(USERS * 0.24));
  const hash = await hashPassword(SOAK_PASSWORD);
  await sql`INSERT INTO app_user (username, display_name, password_hash, org_id, roles)
    SELECT 'soak_' || o.type || '_' || o.id, '压测 ' || o.name, ${hash}, o.id,
           ARRAY[CASE o.type WHEN 'use_unit' THEN 'use_unit' WHEN 'maintenance' THEN 'maintenance' ELSE 'regulator' END]
      FROM organization o
     WHERE o.id IN (SELECT use_unit_id FROM elevator WHERE use_unit_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT ${perKind})
        OR o.id IN (SELECT maintenance_org_id FROM elevator WHERE maintenance_org_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT ${perKind})
        OR (o.type = 'regulator' AND o.region_code LIKE '37%00' AND o.region_code <> '370000')
    ON CONFLICT (username) DO NOTHING`.execute(db);
  const logins = await db
    .selectFrom('app_user as u')
    .innerJoin('organization as o', 'o.id', 'u.org_id')
    .select(['u.username', 'u.roles', 'o.id as orgId', 'o.region_code', 'o.type'])
    .where((eb) => eb.or([eb('u.username', 'in', ['regulator', 'dispatcher', 'sddispatch', 'edu']), eb('u.username', 'like', 'soak\\_%')]))
    .orderBy('u.username')
    .execute();
  const accounts: Fixtures['accounts'] = { province: [], city: [], maint: [], mworker: [], useunit: [], dispatcher: [], department: [] };
  for (const u of logins) {
    const orgId = Number(u.orgId);
    let elevators: Elev[];
    let worker: Account['worker'];
    const q = db.selectFrom('elevator').select([...cols]).orderBy('id').limit(300);
    if (u.type === 'maintenance') {
      elevators = (await q.where('maintenance_org_id', '=', orgId).where('status', '=', 'IN_USE').execute()).map(toElev);
      const w = await db.selectFrom('maintenance_worker').select(['name', 'certificate_no']).where('org_id', '=', orgId).where('employed_to', 'is', null).orderBy('id').limit(1).executeTakeFirst();
      worker = w ? { name: w.name, certificateNo: w.certificate_no } : undefined;
    } else if (u.type === 'use_unit') elevators = (await q.where('use_unit_id', '=', orgId).execute()).map(toElev);
    else if (u.type === 'regulator' || u.type === 'emergency_center') {
      const prefix = ctx.regions.prefix(u.region_code);
      elevators = all.filter((e) => e.region.startsWith(prefix));
    } else elevators = [];
    const password = u.username.startsWith('soak_') ? SOAK_PASSWORD : DEMO_PASSWORDS[u.username]!;
    const a: Account = { username: u.username, password, orgId, regionCode: u.region_code, prefix: ctx.regions.prefix(u.region_code), roles: u.roles, elevators, worker };
    if (u.username === 'regulator') accounts.province.push(a);
    else if (u.username === 'edu') accounts.department.push(a);
    else if (u.type === 'emergency_center') accounts.dispatcher.push(a);
    else if (u.type === 'regulator') accounts.city.push(a);
    else if (u.type === 'use_unit' && elevators.length) accounts.useunit.push(a);
    else if (u.type === 'maintenance' && elevators.length) (worker && elevators.some((e) => annexOf(e.category)) ? accounts.mworker : accounts.maint).push(a);
  }
  // Companies that can file records also read; split them between the two kinds when one would be empty.
  if (!accounts.maint.length) accounts.maint.push(...accounts.mworker);
  log(`  logins: ${Object.entries(accounts).map(([k, a]) => `${k} ${a.length}`).join(', ')} (one per organisation for use units, maintenance companies and cities)`);
  await ctx.store.close();
  return { env, fixtures: { all, accounts, counties }, cleanup: () => fs.rmSync(work, { recursive: true, force: true }) };
}

/** The demo logins' passwords (README; demo stores only), and the one of the logins this bench adds. */
const DEMO_PASSWORDS: Record<string, string> = { regulator: 'Regulator123', dispatcher: 'Dispatch123', sddispatch: 'SdDispatch123', edu: 'Education123' };
const SOAK_PASSWORD = 'SoakUser12345';

// ---------------------------------------------------------------- HTTP

const agent = new http.Agent({ keepAlive: true, maxSockets: USERS * 2, maxFreeSockets: USERS * 2 });
let base = { host: '127.0.0.1', port: 0 };

interface Req {
  cls: Cls;
  name: string;
  method?: 'GET' | 'POST';
  path: string;
  body?: unknown;
  /** Called with the parsed body of a 2xx answer. */
  then?: (body: unknown) => void;
}
interface Result {
  status: number;
  ms: number;
  body: string;
  error?: string;
}

function send(method: string, p: string, headers: Record<string, string>, body?: unknown): Promise<Result> {
  return new Promise((resolve) => {
    const t = performance.now();
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = http.request({ ...base, agent, method, path: p, headers: { ...headers, ...(data ? { 'content-type': 'application/json', 'content-length': String(data.length) } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - t, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (err) => resolve({ status: 0, ms: performance.now() - t, body: '', error: err.message }));
    });
    // From the call, not from the socket: a request waiting for a free socket is late too.
    const timer = setTimeout(() => req.destroy(new Error(`timeout after ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
    req.on('close', () => clearTimeout(timer));
    req.on('error', (err) => resolve({ status: 0, ms: performance.now() - t, body: '', error: err.message }));
    req.end(data);
  });
}

// ---------------------------------------------------------------- measurements

interface Bucket {
  lat: Record<Cls, number[]>;
  errors: Record<Cls, number>;
}
const newBucket = (): Bucket => ({ lat: { read: [], search: [], dashboard: [], write: [] }, errors: { read: 0, search: 0, dashboard: 0, write: 0 } });
const minutes: Bucket[] = [];
const byEndpoint = new Map<string, { cls: Cls; lat: number[]; errors: number }>();
const errorSamples: string[] = [];
const errorSamplesPerClass: Record<Cls, number> = { read: 0, search: 0, dashboard: 0, write: 0 };
let runStart = 0;
let measuring = false;

function record(r: Req, res: Result, who: string) {
  if (!measuring) return;
  const m = Math.floor((performance.now() - runStart) / 60_000);
  const b = (minutes[m] ??= newBucket());
  const ok = res.status >= 200 && res.status < 300;
  b.lat[r.cls].push(res.ms);
  const ep = byEndpoint.get(r.name) ?? { cls: r.cls, lat: [], errors: 0 };
  ep.lat.push(res.ms);
  byEndpoint.set(r.name, ep);
  if (ok) return;
  b.errors[r.cls]++;
  ep.errors++;
  if (errorSamplesPerClass[r.cls]++ < 3 && errorSamples.length < 12)
    errorSamples.push(`${r.cls} ${r.method ?? 'GET'} ${r.path} (${who}) → ${res.error ?? res.status} ${res.body.slice(0, 200)}`);
}

// ---------------------------------------------------------------- users

type Kind = 'province' | 'city' | 'maint' | 'mworker' | 'useunit' | 'dispatcher' | 'department' | 'public';
/** The share of the users of each kind. */
const MIX: [Kind, number][] = [
  ['public', 0.25],
  ['province', 0.04],
  ['city', 0.12],
  ['maint', 0.12],
  ['mworker', 0.12],
  ['useunit', 0.24],
  ['dispatcher', 0.06],
  ['department', 0.05],
];
interface User {
  n: number;
  kind: Kind;
  account?: Account;
  token?: string;
  ip: string;
  rand: () => number;
  reports: number[];
  tracking: string[];
}

function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function makeUsers(fx: Fixtures): User[] {
  const out: User[] = [];
  let acc = 0;
  const edges = MIX.map(([k, w]) => ((acc += w), [k, acc] as const));
  for (let n = 0; n < USERS; n++) {
    const f = (n + 0.5) / USERS;
    const kind = edges.find(([, e]) => f <= e + 1e-9)?.[0] ?? 'public';
    const logins = kind === 'public' ? [] : fx.accounts[kind];
    if (kind !== 'public' && !logins.length) throw new Error(`no login for ${kind} users in this store`);
    const account = kind === 'public' ? undefined : logins[n % logins.length];
    out.push({ n, kind, account, ip: `198.${18 + (n >> 16)}.${(n >> 8) & 255}.${n & 255}`, rand: mulberry32(n + 1), reports: [], tracking: [] });
  }
  return out;
}

const pick = <T>(u: User, a: readonly T[]): T => a[Math.floor(u.rand() * a.length)]!;
const enc = encodeURIComponent;

/** A fragment of an address as people type it: a road with its number, or a compound's name. */
function addressFragment(u: User, e: Elev): string {
  const a = e.address;
  const start = Math.min(a.length - 4, 3 + Math.floor(u.rand() * 6));
  return a.slice(Math.max(0, start), Math.max(0, start) + 4 + Math.floor(u.rand() * 3));
}

function elevatorsOf(u: User, fx: Fixtures): Elev[] {
  const own = u.account?.elevators ?? [];
  return own.length ? own : fx.all;
}

function cockpit(u: User, regionCode?: string): Req[] {
  const perms = permissionsOf(u.account!.roles);
  const q = regionCode ? `?regionCode=${regionCode}` : '';
  const out: Req[] = PANELS.filter((p) => perms.has(p.permission)).map((p) => ({ cls: 'dashboard', name: `GET /api/cockpit/${p.key}`, path: `/api/cockpit/${p.key}${q}` }));
  if (perms.has('cockpit.read')) out.push({ cls: 'dashboard', name: 'GET /api/cockpit/map', path: `/api/cockpit/map?metric=${pick(u, MAP_METRICS)}${regionCode ? `&regionCode=${regionCode}` : ''}` });
  return out;
}

function recordPage(u: User, e: Elev): Req[] {
  const perms = permissionsOf(u.account!.roles);
  const c = e.code;
  const out: Req[] = [{ cls: 'read', name: 'GET /api/elevators/:code', path: `/api/elevators/${c}` }];
  if (perms.has('iot.read')) out.push({ cls: 'read', name: 'GET /api/elevators/:code/live', path: `/api/elevators/${c}/live` });
  if (perms.has('maintenance.read')) out.push({ cls: 'read', name: 'GET /api/maintenance/records?registrationCode', path: `/api/maintenance/records?registrationCode=${c}&pageSize=10` });
  if (perms.has('iot.read')) out.push({ cls: 'read', name: 'GET /api/alarms?registrationCode', path: `/api/alarms?registrationCode=${c}&pageSize=10` });
  return out;
}

function search(u: User, fx: Fixtures): Req[] {
  const e = pick(u, elevatorsOf(u, fx));
  const r = u.rand();
  const q = r < 0.4 ? addressFragment(u, e) : r < 0.7 ? e.code : r < 0.85 && e.rescue ? e.rescue : e.code.slice(0, 12);
  return [{ cls: 'search', name: `GET /api/elevators?q (${r < 0.4 ? 'address' : r < 0.7 ? 'code' : r < 0.85 && e.rescue ? 'rescue code' : 'code prefix'})`, path: `/api/elevators?q=${enc(q)}&pageSize=20` }];
}

function list(u: User, fx: Fixtures, regionPrefix?: string): Req[] {
  const statuses = ['IN_USE', 'IN_USE', 'STOPPED', ''];
  const status = pick(u, statuses);
  const counties = regionPrefix ? (regionPrefix.length === 2 ? [...fx.counties.values()].flat() : (fx.counties.get(regionPrefix) ?? [])) : [];
  const region = counties.length && u.rand() < 0.7 ? `&regionCode=${pick(u, counties)}` : '';
  const page = 1 + Math.floor(u.rand() * u.rand() * 10);
  return [{ cls: 'read', name: 'GET /api/elevators (filtered list)', path: `/api/elevators?page=${page}&pageSize=20${status ? `&status=${status}` : ''}${region}` }];
}

const lastMonth = () => {
  const d = new Date(Date.now() - 35 * 86_400_000);
  return shanghaiDate(d).slice(0, 7);
};

/** One page view of a user: the requests its screen fires. */
function pageOf(u: User, fx: Fixtures): Req[] {
  const r = u.rand();
  const own = elevatorsOf(u, fx);
  switch (u.kind) {
    case 'province':
    case 'city': {
      const prefix = u.account!.prefix;
      const city = prefix.length === 4 ? u.account!.regionCode : undefined;
      if (r < 0.2) return cockpit(u, city && u.rand() < 0.5 ? pick(u, fx.counties.get(prefix) ?? [city]) : undefined);
      if (r < 0.4) return list(u, fx, prefix);
      if (r < 0.6) return recordPage(u, pick(u, own));
      if (r < 0.7) return [{ cls: 'read', name: 'GET /api/alarms?status=active', path: `/api/alarms?status=active&page=1&pageSize=20` }];
      if (r < 0.8) return [
        { cls: 'dashboard', name: 'GET /api/iot/summary', path: '/api/iot/summary' },
        { cls: 'dashboard', name: 'GET /api/iot/map', path: `/api/iot/map${city ? `?regionCode=${city}` : ''}` },
      ];
      if (r < 0.85) return [{ cls: 'read', name: 'GET /api/complaints', path: '/api/complaints?page=1&pageSize=20' }];
      if (r < 0.9) return [{ cls: 'read', name: 'GET /api/hazards', path: '/api/hazards?page=1&pageSize=20' }];
      return search(u, fx);
    }
    case 'maint':
    case 'mworker': {
      if (u.kind === 'mworker' && r < 0.08) return [maintenanceRecord(u)];
      if (r < 0.2) return [
        { cls: 'dashboard', name: 'GET /api/iot/summary', path: '/api/iot/summary' },
        { cls: 'dashboard', name: 'GET /api/hazards/summary', path: '/api/hazards/summary' },
        { cls: 'dashboard', name: 'GET /api/maintenance/overdue', path: '/api/maintenance/overdue?pageSize=10' },
      ];
      if (r < 0.4) return list(u, fx);
      if (r < 0.65) return recordPage(u, pick(u, own));
      if (r < 0.75) return [{ cls: 'read', name: 'GET /api/maintenance/records', path: '/api/maintenance/records?page=1&pageSize=20' }];
      if (r < 0.85) return [{ cls: 'read', name: 'GET /api/alarms?status=active', path: '/api/alarms?status=active&page=1&pageSize=20' }];
      return search(u, fx);
    }
    case 'useunit': {
      if (r < 0.2) return [
        { cls: 'dashboard', name: 'GET /api/elevators/facets', path: '/api/elevators/facets' },
        { cls: 'dashboard', name: 'GET /api/iot/summary', path: '/api/iot/summary' },
        { cls: 'dashboard', name: 'GET /api/hazards/summary', path: '/api/hazards/summary' },
      ];
      if (r < 0.4) return list(u, fx);
      if (r < 0.7) return recordPage(u, pick(u, own));
      if (r < 0.8) return [{ cls: 'read', name: 'GET /api/alarms?status=active', path: '/api/alarms?status=active&page=1&pageSize=20' }];
      if (r < 0.9) return [{ cls: 'read', name: 'GET /api/hazards', path: '/api/hazards?page=1&pageSize=20' }];
      return search(u, fx);
    }
    case 'dispatcher': {
      if (r < 0.3) return [{ cls: 'dashboard', name: 'GET /api/emergency/board', path: '/api/emergency/board' }];
      if (r < 0.45) return [{ cls: 'read', name: 'GET /api/incidents', path: '/api/incidents?page=1&pageSize=20' }];
      if (r < 0.55) return [{ cls: 'read', name: 'GET /api/alarms?status=active', path: '/api/alarms?status=active&page=1&pageSize=20' }];
      if (r < 0.9) {
        const e = pick(u, own);
        const q = u.rand() < 0.5 && e.rescue ? e.rescue : u.rand() < 0.5 ? e.code : addressFragment(u, e);
        return [{ cls: 'search', name: 'GET /api/emergency/lookup', path: `/api/emergency/lookup?q=${enc(q)}` }];
      }
      const e = pick(u, own);
      return [{ cls: 'write', name: 'POST /api/complaints (phone)', method: 'POST', path: '/api/complaints', body: { channel: 'phone', code: e.code, category: 'unsafe', description: '来电反映电梯运行有异响，门开关不顺畅（压测）', contact: '13800000000', reporterName: '压测来电人' } }];
    }
    case 'department': {
      if (r < 0.6) return cockpit(u);
      if (r < 0.8) return [{ cls: 'dashboard', name: 'GET /api/departments/funding', path: '/api/departments/funding' }];
      return list(u, fx);
    }
    case 'public': {
      const now = Date.now();
      u.reports = u.reports.filter((t) => now - t < 10 * 60_000);
      if (r < 0.06 && u.reports.length < 4) {
        u.reports.push(now);
        const e = pick(u, fx.all);
        return [
          {
            cls: 'write',
            name: 'POST /api/public/reports',
            method: 'POST',
            path: '/api/public/reports',
            body: { code: e.rescue ?? e.code, category: pick(u, ['unsafe', 'no_maintenance', 'other'] as const), description: '电梯运行时有异响，按钮失灵（压测）' },
            then: (b) => u.tracking.push(String((b as { trackingCode: string }).trackingCode)),
          },
        ];
      }
      if (r < 0.12 && u.tracking.length) return [{ cls: 'read', name: 'GET /api/public/reports/:trackingCode', path: `/api/public/reports/${enc(pick(u, u.tracking))}` }];
      if (r < 0.8) {
        const e = pick(u, fx.all);
        return [{ cls: 'read', name: 'GET /api/public/elevators/:code', path: `/api/public/elevators/${e.rescue && u.rand() < 0.7 ? e.rescue : e.code}` }];
      }
      if (r < 0.9) return [{ cls: 'read', name: 'GET /api/public/releases', path: '/api/public/releases' }];
      return [{ cls: 'read', name: 'GET /api/public/maintenance-grades', path: `/api/public/maintenance-grades?period=${lastMonth()}` }];
    }
  }
}

/** A half-monthly visit the Jinan worker just finished, on one of the company's elevators. */
function maintenanceRecord(u: User): Req {
  const e = pick(u, u.account!.elevators.filter((x) => annexOf(x.category)));
  const annex = annexOf(e.category)!;
  const end = Date.now() - 60_000 - Math.floor(u.rand() * 3600_000);
  const at = (ms: number) => new Date(ms).toISOString();
  const items = itemsFor(annex, 'half_month').map((it) => ({ code: it.code, result: 'ok' as const, ...(it.judgeType === 'NUMERIC' ? { value: 9 } : {}) }));
  const photos = itemsFor(annex, 'half_month')
    .filter((it) => it.judgeType === 'NUMERIC')
    .map((it) => ({ sha256: crypto.createHash('sha256').update(`${u.n}-${end}-${it.code}`).digest('hex'), takenAt: at(end - 20 * 60_000), itemCode: it.code }));
  const place = { lat: e.lat ?? 36.65, lon: e.lon ?? 117.0 };
  return {
    cls: 'write',
    name: 'POST /api/maintenance/records',
    method: 'POST',
    path: '/api/maintenance/records',
    body: { registrationCode: e.code, cycle: 'half_month', startedAt: at(end - 45 * 60_000), endedAt: at(end), workers: [u.account!.worker!], startLocation: place, endLocation: place, items, photos },
  };
}

async function runPage(u: User, reqs: Req[]) {
  const headers: Record<string, string> = { 'x-forwarded-for': u.ip, accept: 'application/json' };
  if (u.token) headers.authorization = `Bearer ${u.token}`;
  let next = 0;
  const worker = async () => {
    while (next < reqs.length) {
      const r = reqs[next++]!;
      const res = await send(r.method ?? 'GET', r.path, headers, r.body);
      record(r, res, `${u.kind} ${u.account?.username ?? u.ip}`);
      if (r.then && res.status >= 200 && res.status < 300) {
        try {
          r.then(JSON.parse(res.body));
        } catch {
          /* counted as a success; nothing to remember */
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(6, reqs.length) }, worker));
}

const think = (u: User) => Math.min(30_000, Math.max(500, -Math.log(1 - u.rand()) * THINK_MS));

async function userLoop(u: User, fx: Fixtures, until: number) {
  // Users arrive spread over the first think time, not all in the same millisecond.
  await sleep(u.rand() * THINK_MS);
  while (performance.now() < until) {
    await runPage(u, pageOf(u, fx));
    await sleep(Math.min(think(u), Math.max(0, until - performance.now())));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function login(users: User[]) {
  const t = performance.now();
  let next = 0;
  let failed = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < users.length) {
        const u = users[next++]!;
        if (!u.account) continue;
        const res = await send('POST', '/api/auth/login', { 'x-forwarded-for': u.ip }, { username: u.account.username, password: u.account.password });
        if (res.status !== 200) {
          failed++;
          if (failed <= 3) log(`  login ${u.account.username} failed: ${res.status} ${res.error ?? res.body.slice(0, 200)}`);
          continue;
        }
        const token = (JSON.parse(res.body) as { token?: string }).token;
        if (!token) {
          // e.g. a second-factor challenge instead of a session: counted as a failed login, never as a session.
          failed++;
          if (failed <= 3) log(`  login ${u.account.username} gave no session: ${res.body.slice(0, 200)}`);
          continue;
        }
        u.token = token;
      }
    }),
  );
  if (failed) throw new Error(`${failed} logins failed`);
  log(`  ${users.filter((u) => u.token).length} sessions logged in (${users.filter((u) => !u.account).length} public users without login) in ${round((performance.now() - t) / 1000)} s`);
}

// ---------------------------------------------------------------- server samples

interface Sample {
  tMin: number;
  rssMB: number;
  cpuPct: number;
  loopP99: number | null;
  loopMax: number | null;
  received: number;
  accepted: number;
}

function cpuTicks(pid: number): number {
  const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const parts = f.slice(f.lastIndexOf(')') + 2).split(' ');
  return Number(parts[11]) + Number(parts[12]); // utime + stime (fields 14, 15)
}
const TICKS = 100; // USER_HZ on Linux

async function ingestStats(s: Server) {
  const r = await send('GET', '/api/iot/ingest', { authorization: `Bearer ${s.token}` });
  if (r.status !== 200) return undefined;
  return JSON.parse(r.body) as { received: number; accepted: number; dropped: Record<string, number>; eventLoopDelay: { p50Ms: number; p99Ms: number; maxMs: number } };
}

// ---------------------------------------------------------------- main

const fmt = (x: number) => (Number.isFinite(x) ? String(Math.round(x)) : '-');
const pc = (a: number[], p: number) => percentile([...a].sort((x, y) => x - y), p);

function slope(points: { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return NaN;
  const mx = points.reduce((a, p) => a + p.x, 0) / n;
  const my = points.reduce((a, p) => a + p.y, 0) / n;
  const num = points.reduce((a, p) => a + (p.x - mx) * (p.y - my), 0);
  const den = points.reduce((a, p) => a + (p.x - mx) ** 2, 0);
  return den ? num / den : NaN;
}

async function main() {
  log(`soak on ${os.cpus().length} cores, Node ${process.version}: ${MINUTES} min, ${USERS} users (think time mean ${THINK_MS} ms), ${ELEVATORS.toLocaleString()} elevators, ${DEVICES.toLocaleString()} terminals at ${INGEST_RATE} msg/s via ${MQTT_URL || 'the embedded broker'}, store ${DATABASE ? 'PostgreSQL' : 'PGlite'}`);
  const { env, fixtures, cleanup } = await prepareStore();
  // ADMIN_SECOND_FACTOR=off: regulators and admins would otherwise get a TOTP challenge instead of a session (the
  // second factor is exercised by its own tests; 500 simulated users do not hold authenticators).
  const serverEnv: Record<string, string> = { ...env, TRUST_PROXY: 'loopback', PUBLIC_RATE_PER_MINUTE: '300', LOGIN_IP_MAX_FAILURES: '20', DEMO_DEVICES: '0', ADMIN_SECOND_FACTOR: 'off' };
  let mqttUrl: string;
  if (MQTT_URL) {
    const group = `soak${crypto.randomBytes(3).toString('hex')}`;
    Object.assign(serverEnv, { MQTT_URL, MQTT_SHARE_GROUP: group, MQTT_CLIENT_ID: group, MQTT_CLEAN_SESSION: 'true' });
    mqttUrl = MQTT_URL;
  } else {
    const port = await freePort();
    serverEnv.MQTT_PORT = String(port);
    mqttUrl = `mqtt://127.0.0.1:${port}`;
  }
  log(`  server settings for a loopback load test: ${Object.entries(serverEnv).filter(([k]) => !['DATA_DIR', 'DATABASE_URL'].includes(k)).map(([k, v]) => `${k}=${v}`).join(' ')}; each simulated user sends its own X-Forwarded-For (198.18.0.0/15), so per-address limits hold per user`);
  const s = await startServer(serverEnv);
  const url = new URL(s.base);
  base = { host: url.hostname, port: Number(url.port) };
  const pid = s.proc.pid!;
  log(`  server pid ${pid} on ${s.base}; RSS ${s.rssMB()} MB after start`);

  // Device traffic publishers.
  const t0 = performance.now();
  let pubs: mqtt.MqttClient[];
  let deviceOf: (ci: number, k: number) => number;
  if (MQTT_URL) {
    pubs = await Promise.all(Array.from({ length: MQTT_CONNECTIONS }, (_, i) => connect(MQTT_URL, { clientId: `soak-pub-${i}-${crypto.randomBytes(2).toString('hex')}`, clean: true })));
    const per = Math.ceil(DEVICES / MQTT_CONNECTIONS);
    deviceOf = (ci, k) => 1 + ((ci * per + (k % per)) % DEVICES);
  } else {
    const devices = Array.from({ length: DEVICES }, (_, i) => i + 1);
    pubs = await connectMany(mqttUrl, devices, true);
    deviceOf = (ci) => devices[ci]!;
  }
  log(`  ${pubs.length.toLocaleString()} MQTT connections for ${DEVICES.toLocaleString()} terminals in ${round((performance.now() - t0) / 1000)} s`);

  const users = makeUsers(fixtures);
  const kinds = new Map<Kind, number>();
  for (const u of users) kinds.set(u.kind, (kinds.get(u.kind) ?? 0) + 1);
  log(`  users: ${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')}`);
  await login(users);

  // The run.
  const samples: Sample[] = [];
  const durationMs = MINUTES * 60_000;
  runStart = performance.now();
  measuring = true;
  const until = runStart + durationMs;
  let sent = 0;
  const ingest = INGEST_RATE > 0 ? publishAll(pubs, Math.floor((INGEST_RATE * durationMs) / 1000), deviceOf, INGEST_RATE).then(() => (sent = Math.floor((INGEST_RATE * durationMs) / 1000))) : Promise.resolve();
  const startStats = await ingestStats(s);
  let prevCpu = cpuTicks(pid);
  let prevAt = performance.now();
  const cpu0 = process.cpuUsage();
  const first = { rss: s.rssMB() };
  samples.push({ tMin: 0, rssMB: first.rss, cpuPct: 0, loopP99: null, loopMax: null, received: startStats?.received ?? 0, accepted: startStats?.accepted ?? 0 });
  const sampler = setInterval(async () => {
    const now = performance.now();
    const ticks = cpuTicks(pid);
    const st = await ingestStats(s);
    samples.push({
      tMin: (now - runStart) / 60_000,
      rssMB: s.rssMB(),
      cpuPct: ((ticks - prevCpu) / TICKS / ((now - prevAt) / 1000)) * 100,
      loopP99: st?.eventLoopDelay.p99Ms ?? null,
      loopMax: st?.eventLoopDelay.maxMs ?? null,
      received: st?.received ?? NaN,
      accepted: st?.accepted ?? NaN,
    });
    prevCpu = ticks;
    prevAt = now;
  }, SAMPLE_MS);
  let printed = 0;
  const header = `${'min'.padStart(3)} ${'req/s'.padStart(6)} ${'read p50/p99'.padStart(13)} ${'search p50/p99'.padStart(15)} ${'dash p50/p99'.padStart(13)} ${'write p50/p99'.padStart(14)} ${'errors'.padStart(6)} ${'msg/s taken'.padStart(11)} ${'cpu%'.padStart(5)} ${'RSS MB'.padStart(6)} ${'loop p99'.padStart(8)}`;
  log(`\n${header}`);
  const printMinute = (m: number) => {
    const b = minutes[m] ?? newBucket();
    const inMin = samples.filter((x) => x.tMin > m && x.tMin <= m + 1.001);
    const prev = samples.filter((x) => x.tMin <= m + 0.001).at(-1);
    const last = inMin.at(-1);
    const msgs = prev && last ? (last.accepted - prev.accepted) / ((last.tMin - prev.tMin) * 60) : NaN;
    const n = CLASSES.reduce((a, c) => a + b.lat[c].length, 0);
    const errs = CLASSES.reduce((a, c) => a + b.errors[c], 0);
    const pp = (c: Cls) => `${fmt(pc(b.lat[c], 50))}/${fmt(pc(b.lat[c], 99))}`;
    const cpu = inMin.length ? inMin.reduce((a, x) => a + x.cpuPct, 0) / inMin.length : NaN;
    const loop = inMin.length ? Math.max(...inMin.map((x) => x.loopP99 ?? 0)) : NaN;
    log(`${String(m + 1).padStart(3)} ${fmt(n / 60).padStart(6)} ${pp('read').padStart(13)} ${pp('search').padStart(15)} ${pp('dashboard').padStart(13)} ${pp('write').padStart(14)} ${String(errs).padStart(6)} ${fmt(msgs).padStart(11)} ${fmt(cpu).padStart(5)} ${String(last?.rssMB ?? '-').padStart(6)} ${fmt(loop).padStart(8)}`);
  };
  const minuteTimer = setInterval(() => {
    const done = Math.floor((performance.now() - runStart) / 60_000);
    // A minute's row once its last sample is in (a few seconds after the minute).
    while (printed < done && samples.some((x) => x.tMin >= printed + 1 - 0.01)) printMinute(printed++);
  }, 2000);

  await Promise.all(users.map((u) => userLoop(u, fixtures, until)));
  measuring = false;
  await ingest;
  await sleep(1500);
  clearInterval(sampler);
  clearInterval(minuteTimer);
  // The last sample at the end of the run.
  {
    const now = performance.now();
    const ticks = cpuTicks(pid);
    const st = await ingestStats(s);
    samples.push({ tMin: (now - runStart) / 60_000, rssMB: s.rssMB(), cpuPct: ((ticks - prevCpu) / TICKS / ((now - prevAt) / 1000)) * 100, loopP99: st?.eventLoopDelay.p99Ms ?? null, loopMax: st?.eventLoopDelay.maxMs ?? null, received: st?.received ?? NaN, accepted: st?.accepted ?? NaN });
  }
  while (printed < Math.ceil(durationMs / 60_000)) printMinute(printed++);
  const genCpu = process.cpuUsage(cpu0);
  const endStats = await ingestStats(s);
  const runS = (performance.now() - runStart) / 1000;

  // Summary.
  const all: Record<Cls, number[]> = { read: [], search: [], dashboard: [], write: [] };
  const errors: Record<Cls, number> = { read: 0, search: 0, dashboard: 0, write: 0 };
  for (const b of minutes) for (const c of CLASSES) if (b) (all[c].push(...b.lat[c]), (errors[c] += b.errors[c]));
  const total = CLASSES.reduce((a, c) => a + all[c].length, 0);
  const totalErrors = CLASSES.reduce((a, c) => a + errors[c], 0);
  const classes = Object.fromEntries(
    CLASSES.map((c) => {
      const a = all[c].sort((x, y) => x - y);
      return [c, { requests: a.length, errors: errors[c], p50: round(percentile(a, 50)), p99: round(percentile(a, 99)), max: round(a.at(-1) ?? NaN) }];
    }),
  ) as Record<Cls, { requests: number; errors: number; p50: number; p99: number; max: number }>;
  const endpoints = [...byEndpoint]
    .map(([name, e]) => {
      const a = e.lat.sort((x, y) => x - y);
      return { name, cls: e.cls, requests: a.length, errors: e.errors, p50: round(percentile(a, 50)), p99: round(percentile(a, 99)), max: round(a.at(-1)!) };
    })
    .sort((a, b) => b.p99 - a.p99);
  const after = samples.filter((x) => x.tMin >= WARMUP_MIN);
  const rssSlope = slope(after.map((x) => ({ x: x.tMin, y: x.rssMB })));
  const rss = { start: samples[0]!.rssMB, afterWarmup: after[0]?.rssMB ?? NaN, end: samples.at(-1)!.rssMB, max: Math.max(...samples.map((x) => x.rssMB)), slopeMBPerMin: round(rssSlope, 2), warmupMinutes: round(WARMUP_MIN, 2) };
  const received = (endStats?.received ?? 0) - (startStats?.received ?? 0);
  const accepted = (endStats?.accepted ?? 0) - (startStats?.accepted ?? 0);
  const droppedDelta = Object.fromEntries(Object.entries(endStats?.dropped ?? {}).map(([k, v]) => [k, v - (startStats?.dropped[k] ?? 0)]).filter(([, v]) => v));
  const ingestSummary = { offeredPerS: INGEST_RATE, sent: sent, sentPerS: round(sent / runS), receivedPerS: round(received / runS), acceptedPerS: round(accepted / runS), dropped: droppedDelta };
  const readsOk = classes.read.p99 <= READ_P99_GOAL;
  const flat = rssSlope <= RSS_SLOPE_MAX && rss.end <= rss.afterWarmup * 1.1;
  const verdicts = {
    zeroErrors: totalErrors === 0,
    readP99: readsOk,
    rssFlat: flat,
  };

  log(`\nSummary (${round(runS / 60, 2)} min, server pid ${pid}; the machine may be shared with other work)`);
  log(`  requests ${total.toLocaleString()} = ${round(total / runS)} req/s; errors ${totalErrors} (${CLASSES.map((c) => `${c} ${errors[c]}`).join(', ')})`);
  for (const c of CLASSES) log(`  ${c.padEnd(9)} ${String(classes[c].requests).padStart(7)} requests  p50 ${classes[c].p50} ms  p99 ${classes[c].p99} ms  max ${classes[c].max} ms  errors ${classes[c].errors}`);
  log('  slowest endpoints by p99 (ms):');
  for (const e of endpoints.slice(0, 8)) log(`    ${e.name} [${e.cls}] n=${e.requests} p50 ${e.p50} p99 ${e.p99} max ${e.max}${e.errors ? ` errors ${e.errors}` : ''}`);
  if (errorSamples.length) {
    log('  first errors:');
    for (const e of errorSamples) log(`    ${e}`);
  }
  log(`  ingest: offered ${INGEST_RATE} msg/s, sent ${ingestSummary.sentPerS}/s, received ${ingestSummary.receivedPerS}/s, taken (stored) ${ingestSummary.acceptedPerS}/s; dropped ${JSON.stringify(droppedDelta)}`);
  const loopP99s = samples.map((x) => x.loopP99).filter((x): x is number => x !== null);
  log(`  server: CPU mean ${fmt(samples.slice(1).reduce((a, x) => a + x.cpuPct, 0) / Math.max(1, samples.length - 1))}% of one core; event-loop delay p99 per 10 s window: median ${fmt(pc(loopP99s, 50))} ms, worst ${fmt(Math.max(...loopP99s))} ms; load generator CPU ${fmt(((genCpu.user + genCpu.system) / 1e6 / runS) * 100)}% of one core`);
  log(`  RSS MB: start ${rss.start}, after warm-up (${rss.warmupMinutes} min) ${rss.afterWarmup}, end ${rss.end}, max ${rss.max}; slope after warm-up ${rss.slopeMBPerMin} MB/min (${after.length} samples)`);
  log(`\nVerdicts:`);
  log(`  zero errors:             ${verdicts.zeroErrors ? 'PASS' : 'FAIL'} (${totalErrors} errors in ${total.toLocaleString()} requests)`);
  log(`  p99 ≤ ${READ_P99_GOAL} ms for reads:   ${verdicts.readP99 ? 'PASS' : 'FAIL'} (reads p99 ${classes.read.p99} ms; for reference searches ${classes.search.p99}, dashboards ${classes.dashboard.p99}, writes ${classes.write.p99})`);
  log(`  RSS flat:                ${verdicts.rssFlat ? 'PASS' : 'FAIL'} (slope ${rss.slopeMBPerMin} MB/min ≤ ${RSS_SLOPE_MAX} and end ${rss.end} ≤ 1.1 × ${rss.afterWarmup} MB after warm-up)`);
  if (MINUTES < 5) log(`  (a ${MINUTES}-minute run is too short to judge memory growth; the goal is meant for --minutes 10 or more)`);

  const summary = {
    at: new Date().toISOString(),
    machine: { cores: os.cpus().length, node: process.version },
    options: { minutes: MINUTES, users: USERS, elevators: ELEVATORS, devices: DEVICES, ingestRate: INGEST_RATE, thinkMs: THINK_MS, store: DATABASE ? 'postgres' : 'pglite', mqtt: MQTT_URL || 'embedded', warmupMinutes: WARMUP_MIN, rssSlopeMax: RSS_SLOPE_MAX },
    serverSettings: Object.fromEntries(Object.entries(serverEnv).filter(([k]) => !['DATA_DIR', 'DATABASE_URL'].includes(k))),
    users: Object.fromEntries(kinds),
    totals: { requests: total, perSecond: round(total / runS), errors: totalErrors },
    classes,
    endpoints,
    errorSamples,
    ingest: ingestSummary,
    rss,
    samples,
    perMinute: minutes.map((b, i) => ({ minute: i + 1, ...Object.fromEntries(CLASSES.map((c) => [c, { n: b?.lat[c].length ?? 0, p50: round(pc(b?.lat[c] ?? [], 50)), p99: round(pc(b?.lat[c] ?? [], 99)), errors: b?.errors[c] ?? 0 }])) })),
    verdicts,
  };
  fs.writeFileSync(OUT, JSON.stringify(summary, null, 2));
  log(`\nsummary JSON: ${OUT}`);

  await Promise.all(pubs.map((c) => c.endAsync(true)));
  agent.destroy();
  await s.stop();
  cleanup();
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
