/**
 * Several LiftSafe nodes against one PostgreSQL and one MQTT broker (issue 9): a small province seeded into a fresh
 * database, the real server started as N child processes (different PORTs, same DATABASE_URL, MQTT_URL and share
 * group), a deterministic device script published by simulated terminals (each its own MQTT client, QoS 1), and a
 * normalised snapshot of what the platform made of it (alarms, incidents, timelines, fault history) so a run on one
 * node and a run on N nodes can be compared. Used by `npm run cluster` (cli.ts) and cluster.test.ts.
 */
import type { ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mqtt from 'mqtt';
import pg from 'pg';
import { sql } from 'kysely';
import { openStore } from '../../src/server/db/store.ts';
import { migrate } from '../../src/server/db/migrator.ts';
import { seedRegions } from '../../src/modules/regions/regions.service.ts';
import { hashSecret } from '../../src/modules/iot/device-directory.ts';
import { hashPassword } from '../../src/modules/auth/password.ts';
import { freePort } from '../../bench/ingest-lib.ts';
import { spawnServer } from '../spawn-server.ts';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const ADMIN_PASSWORD = 'ClusterAdmin123';
export const USER_PASSWORD = 'ClusterUser123!';
const DEVICE_SECRET = 'cluster-terminal-secret';
const SALT = 'cluster-salt';

/** The county whose SLA limits are seconds (its trapped incidents escalate during a run), and one on the defaults. */
export const FAST_COUNTY = '370102';
export const SLOW_COUNTY = '370103';
/**
 * Limits for FAST_COUNTY. The API refuses limits under 30 s (`PUT /api/emergency/sla`), so the seed writes the
 * `emergency_sla` row directly: tier 1 → 2 → 3 at `acceptS` each, then the accept breach at tier 3, and the arrival
 * breach at `arriveS` (well after the accept chain, whose steps may each fire up to a sweep late, so the order of
 * the legs does not depend on timing). Unacknowledged alarms escalate after `escalateS` (`iot_rule_setting`), well
 * after the script's door faults are cleared (2.8 s).
 */
export interface Timing {
  acceptS: number;
  arriveS: number;
  escalateS: number;
}
export const DEFAULT_TIMING: Timing = { acceptS: 3, arriveS: 22, escalateS: 12 };

// ---------------------------------------------------------------- databases

export const adminUrl = (base: string) => base.replace(/\/[^/?]*(\?.*)?$/, '/postgres');
export const dbUrl = (base: string, name: string) => base.replace(/\/[^/?]*(\?.*)?$/, `/${name}`);

async function adminQuery(base: string, text: string): Promise<void> {
  const c = new pg.Client({ connectionString: adminUrl(base) });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}

export async function createDatabase(base: string, name: string, template?: string): Promise<string> {
  await adminQuery(base, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await adminQuery(base, `CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
  return dbUrl(base, name);
}

export async function dropDatabase(base: string, name: string): Promise<void> {
  await adminQuery(base, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

// ---------------------------------------------------------------- seed

export interface SeededDevice {
  no: number;
  deviceId: string;
  elevatorId: number;
  registrationCode: string;
  county: string;
}

/**
 * A small province: `devices` in-use elevators with a terminal each, alternating between FAST_COUNTY and
 * SLOW_COUNTY, three maintenance companies (tier 1), a rescue station (tier 2) and a fire service (tier 3) in each
 * county, the short limits above, a province regulator (sees everything) and a 96333 dispatcher.
 */
export async function seedProvince(url: string, devices: number, tag: string, timing: Timing = DEFAULT_TIMING): Promise<SeededDevice[]> {
  const store = await openStore({ databaseUrl: url, poolSize: 2 });
  try {
    await store.pool.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    await migrate(store.pool);
    await seedRegions(store.db);
    const db = store.db;
    const org = async (name: string, type: string, region: string, hotline: string | null) =>
      (await db.insertInto('organization').values({ name, type, region_code: region, hotline, credit_code: null }).returning('id').executeTakeFirstOrThrow()).id;
    const maint: number[] = [];
    for (let i = 1; i <= 3; i++) maint.push(await org(`集群测试维保${i}`, 'maintenance', FAST_COUNTY, `0531-8000000${i}`));
    for (const c of [FAST_COUNTY, SLOW_COUNTY]) {
      await org(`集群测试救援站${c}`, 'rescue_station', c, '0531-81000000');
      await org(`集群测试消防${c}`, 'fire_service', c, '119');
    }
    const regulator = await org('集群测试省局', 'regulator', '370000', null);
    const center = await org('集群测试96333中心', 'emergency_center', '370100', '96333');
    const pw = await hashPassword(USER_PASSWORD);
    await db
      .insertInto('app_user')
      .values([
        { username: 'cluster_regulator', display_name: '集群监管', password_hash: pw, org_id: regulator, roles: ['regulator'], phone: null },
        { username: 'cluster_dispatcher', display_name: '集群调度', password_hash: pw, org_id: center, roles: ['dispatcher'], phone: null },
      ])
      .execute();
    await sql`INSERT INTO elevator (registration_code, category_code, region_code, address, status, floors, maintenance_org_id)
      SELECT '3110' || (CASE WHEN g % 2 = 1 THEN ${FAST_COUNTY} ELSE ${SLOW_COUNTY} END) || '2020' || lpad(g::text, 6, '0'), '3110',
             CASE WHEN g % 2 = 1 THEN ${FAST_COUNTY} ELSE ${SLOW_COUNTY} END, '山东省集群测试地址' || g || '号', 'IN_USE', 6 + g % 20,
             (${maint}::bigint[])[1 + g % 3]
        FROM generate_series(1, ${devices}::int) g`.execute(db);
    const hash = hashSecret(SALT, DEVICE_SECRET);
    await sql`INSERT INTO device (device_id, protocol, secret_salt, secret_hash, vendor, elevator_id)
      SELECT ${`MN${tag}-`} || row_number() OVER (ORDER BY e.id), 'native', ${SALT}, ${hash}, 'cluster', e.id FROM elevator e`.execute(db);
    await sql`INSERT INTO elevator_live (elevator_id, region_code, device_pk, online)
      SELECT d.elevator_id, e.region_code, d.id, false FROM device d JOIN elevator e ON e.id = d.elevator_id`.execute(db);
    await db
      .insertInto('emergency_sla')
      .values({ region_prefix: FAST_COUNTY, dispatch_seconds: 30, accept_seconds: timing.acceptS, arrive_urban_seconds: timing.arriveS, arrive_other_seconds: timing.arriveS, updated_by: null, updated_at: new Date() })
      .execute();
    await db.insertInto('iot_rule_setting').values({ key: 'escalateAfterSeconds', region_code: FAST_COUNTY, vendor: '', value: timing.escalateS }).execute();
    const rows = await sql<{ device_id: string; elevator_id: number; registration_code: string; region_code: string }>`
      SELECT d.device_id, d.elevator_id, e.registration_code, e.region_code FROM device d JOIN elevator e ON e.id = d.elevator_id ORDER BY e.id`.execute(db);
    return rows.rows.map((r, i) => ({ no: i + 1, deviceId: r.device_id, elevatorId: Number(r.elevator_id), registrationCode: r.registration_code, county: r.region_code }));
  } finally {
    await store.close();
  }
}

// ---------------------------------------------------------------- nodes

const children = new Set<ChildProcess>();
/** Kills every node still running (exit, failure, Ctrl-C). */
export function killAllNodes(): void {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  children.clear();
}
process.once('exit', killAllNodes);

export interface Node {
  name: string;
  proc: ChildProcess;
  base: string;
  logFile: string;
  token: string;
  stop(): Promise<void>;
}

export interface NodeOptions {
  name: string;
  databaseUrl: string;
  mqttUrl: string;
  shareGroup: string;
  clientId: string;
  logDir: string;
  env?: Record<string, string>;
}

export async function startNode(o: NodeOptions): Promise<Node> {
  const port = await freePort();
  const logFile = path.join(o.logDir, `${o.name}.log`);
  const out = fs.openSync(logFile, 'w');
  const proc = spawnServer({
    port,
    env: {
      ADMIN_PASSWORD,
      DATABASE_URL: o.databaseUrl,
      DATABASE_POOL_SIZE: '6',
      MQTT_URL: o.mqttUrl,
      MQTT_SHARE_GROUP: o.shareGroup,
      MQTT_CLIENT_ID: o.clientId,
      MQTT_CLEAN_SESSION: 'true',
      IOT_SWEEP_SECONDS: '1',
      ...o.env,
    },
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  children.add(proc);
  proc.once('exit', () => children.delete(proc));
  const base = `http://127.0.0.1:${port}`;
  const end = Date.now() + 120_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`node ${o.name} exited (${proc.exitCode}); log: ${logFile}\n${fs.readFileSync(logFile, 'utf8').slice(-2000)}`);
    const ok = await fetch(`${base}/api/health`).then((r) => r.ok).catch(() => false);
    if (ok) break;
    if (Date.now() > end) throw new Error(`node ${o.name} did not start; log: ${logFile}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const token = await login(base, 'cluster_regulator', USER_PASSWORD);
  return {
    name: o.name,
    proc,
    base,
    logFile,
    token,
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
        const force = setTimeout(() => proc.kill('SIGKILL'), 15_000);
        proc.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        proc.kill('SIGTERM');
      }),
  };
}

export async function login(base: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (!res.ok) throw new Error(`login ${username} at ${base}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

export async function api<T = Record<string, unknown>>(base: string, token: string, url: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const res = await fetch(`${base}${url}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${token}`, ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
  });
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

// ---------------------------------------------------------------- the device script

/** One publish of the script: when (ms from the start), which device, what. `repeatOf`: a retransmission. */
export interface Step {
  at: number;
  device: number;
  kind: 'status' | 'event';
  id: string;
  fault?: string;
  phase?: 'open' | 'close';
  /** A retransmission of an earlier event (same id and time). */
  dupOf?: string;
}

/**
 * What each terminal does, by its number (deterministic; no randomness):
 *  - every device: a status report every `statusEveryMs` (door shut, car empty: nothing a rule would infer from);
 *  - role 0 (FAST county): `trapped` open, its retransmission, never cleared → incident escalates tier 1 → 2 → 3;
 *  - role 1 (FAST): `trapped` open, cleared 2 s later by the terminal; the incident still escalates;
 *  - role 2 (SLOW county): `trapped` open, cleared; the incident is accepted by the dispatcher after the run;
 *  - role 3: `door_close_fault` three times (new ids: repeats raise severity), two retransmissions, then cleared;
 *  - role 4: `power_loss` open, left open (alarm escalation after `escalateS` when unacknowledged);
 *  - role 5: short `safety_circuit` blips — open and close `blipGapMs` apart — once per cycle.
 * `cycles` repeats the fault episodes (role 5 each cycle; the others' later cycles repeat door faults).
 */
export function buildScript(devices: SeededDevice[], opts: { durationMs: number; statusEveryMs: number; cycles: number; blipGapMs: number }): Step[] {
  const steps: Step[] = [];
  const cycleMs = Math.max(4000, Math.floor(opts.durationMs / Math.max(1, opts.cycles)));
  for (const d of devices) {
    const n = d.no;
    const offset = (n * 37) % 400;
    for (let t = offset, k = 0; t < opts.durationMs; t += opts.statusEveryMs, k++) steps.push({ at: t, device: n, kind: 'status', id: `s${k}` });
    const ev = (at: number, id: string, fault: string, phase: 'open' | 'close', dupOf?: string) => steps.push({ at, device: n, kind: 'event', id, fault, phase, dupOf });
    const role = fast(d) ? [0, 1, 3, 4, 5][Math.floor(n / 2) % 5]! : [2, 3, 4, 5][Math.floor(n / 2) % 4]!;
    for (let c = 0; c < opts.cycles; c++) {
      const t0 = c * cycleMs + 300 + offset;
      const id = (s: string) => `c${c}-${s}`;
      if (c === 0 && role === 0) {
        ev(t0, id('trap'), 'trapped', 'open');
        ev(t0 + 150, id('trap'), 'trapped', 'open', id('trap'));
      } else if (c === 0 && (role === 1 || role === 2)) {
        ev(t0, id('trap'), 'trapped', 'open');
        ev(t0 + 2000, id('trap-c'), 'trapped', 'close');
        ev(t0 + 2100, id('trap-c'), 'trapped', 'close', id('trap-c'));
      } else if (c === 0 && role === 4) {
        ev(t0, id('pwr'), 'power_loss', 'open');
        ev(t0 + 700, id('pwr'), 'power_loss', 'open', id('pwr'));
      } else if (role === 5) {
        ev(t0, id('sc'), 'safety_circuit', 'open');
        ev(t0 + opts.blipGapMs, id('sc-c'), 'safety_circuit', 'close');
      } else {
        ev(t0, id('d1'), 'door_close_fault', 'open');
        ev(t0 + 100, id('d1'), 'door_close_fault', 'open', id('d1'));
        ev(t0 + 800, id('d2'), 'door_close_fault', 'open');
        ev(t0 + 1600, id('d3'), 'door_close_fault', 'open');
        ev(t0 + 1650, id('d3'), 'door_close_fault', 'open', id('d3'));
        ev(t0 + 2800, id('dc'), 'door_close_fault', 'close');
      }
    }
  }
  return steps.sort((a, b) => a.at - b.at || a.device - b.device);
}

export const fast = (d: SeededDevice) => d.county === FAST_COUNTY;

export interface PublishResult {
  sent: number;
  events: number;
  retransmissions: number;
  startedAt: number;
  lastPublishAt: number;
  /** Every distinct event message id (device id + message id) the script sent. */
  eventIds: Set<string>;
}

/** Each device its own MQTT client; publishes the script in real time, QoS 1. Event times are taken at send. */
export async function publishScript(mqttUrl: string, tag: string, devices: SeededDevice[], steps: Step[]): Promise<PublishResult> {
  const byNo = new Map(devices.map((d) => [d.no, d]));
  const clients = new Map<number, mqtt.MqttClient>();
  for (let i = 0; i < devices.length; i += 100) {
    await Promise.all(
      devices.slice(i, i + 100).map(async (d) => {
        const c = await mqtt.connectAsync(mqttUrl, { protocolVersion: 4, clientId: `mn-${tag}-${d.deviceId}-${crypto.randomBytes(2).toString('hex')}`, clean: true, reconnectPeriod: 0, username: d.deviceId, password: DEVICE_SECRET });
        clients.set(d.no, c);
      }),
    );
  }
  const firstTs = new Map<string, number>();
  const eventIds = new Set<string>();
  let sent = 0;
  let events = 0;
  let retransmissions = 0;
  const start = Date.now();
  const inflight: Promise<unknown>[] = [];
  for (const s of steps) {
    const wait = start + s.at - Date.now();
    if (wait > 2) await new Promise((r) => setTimeout(r, wait));
    const d = byNo.get(s.device)!;
    const c = clients.get(s.device)!;
    if (s.kind === 'status') {
      const payload = { v: 1, id: s.id, ts: Date.now(), floor: String(1 + (s.device % 9)), direction: 'stop', doorOpen: false, occupied: false };
      inflight.push(c.publishAsync(`liftsafe/v1/${d.deviceId}/status`, JSON.stringify(payload), { qos: 1 }));
    } else {
      const key = `${d.deviceId}|${s.id}`;
      // A retransmission carries the original's id and time, as a terminal re-sending an unacknowledged event does.
      const ts = s.dupOf ? (firstTs.get(key) ?? Date.now()) : Date.now();
      if (!s.dupOf) firstTs.set(key, ts);
      else retransmissions++;
      eventIds.add(key);
      events++;
      const payload = { v: 1, id: s.id, ts, phase: s.phase, fault: s.fault };
      inflight.push(c.publishAsync(`liftsafe/v1/${d.deviceId}/event`, JSON.stringify(payload), { qos: 1 }));
    }
    sent++;
    if (inflight.length > 2000) await Promise.all(inflight.splice(0));
  }
  await Promise.all(inflight);
  const lastPublishAt = Date.now();
  await Promise.all([...clients.values()].map((c) => c.endAsync()));
  return { sent, events, retransmissions, startedAt: start, lastPublishAt, eventIds };
}

// ---------------------------------------------------------------- SSE viewers

export interface Viewer {
  node: string;
  /** `alarmId|action` → receipt times (ms). */
  alarms: Map<string, number[]>;
  /** incident_event id → receipt time. */
  incidents: Map<number, number>;
  /** Delivery latencies (ms): event time → receipt. */
  latencies: number[];
  close(): void;
}

async function sse(url: string, token: string, onEvent: (event: string, data: string) => void, signal: AbortSignal): Promise<void> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' }, signal });
  if (!res.ok || !res.body) throw new Error(`SSE ${url}: ${res.status}`);
  const reader = res.body.getReader();
  const dec = new TextDecoder();
  let buf = '';
  void (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buf += dec.decode(value, { stream: true });
        let i;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          let event = 'message';
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith('event: ')) event = line.slice(7);
            else if (line.startsWith('data: ')) data.push(line.slice(6));
          }
          if (data.length) onEvent(event, data.join('\n'));
        }
      }
    } catch {
      /* aborted */
    }
  })();
}

/** Opens the alarm stream and the incident stream of one node as the regulator. */
export async function openViewer(node: Node): Promise<Viewer> {
  const ac = new AbortController();
  const v: Viewer = { node: node.name, alarms: new Map(), incidents: new Map(), latencies: [], close: () => ac.abort() };
  await sse(
    `${node.base}/api/iot/stream`,
    node.token,
    (event, data) => {
      if (event !== 'alarm') return;
      const now = Date.now();
      const item = JSON.parse(data) as { action: string; alarm: { id: number; openedAt: string; clearedAt: string | null; lastAt: string } };
      const key = `${item.alarm.id}|${item.action}`;
      const list = v.alarms.get(key) ?? [];
      list.push(now);
      v.alarms.set(key, list);
      const at = item.action === 'opened' ? item.alarm.openedAt : item.action === 'cleared' ? item.alarm.clearedAt : null;
      if (at) v.latencies.push(now - Date.parse(at));
    },
    ac.signal,
  );
  await sse(
    `${node.base}/api/emergency/stream`,
    node.token,
    (event, data) => {
      if (event !== 'incident') return;
      const now = Date.now();
      const c = JSON.parse(data) as { eventId: number; at: string };
      v.incidents.set(c.eventId, now);
      v.latencies.push(now - Date.parse(c.at));
    },
    ac.signal,
  );
  return v;
}

// ---------------------------------------------------------------- snapshot and comparison

const ALARM_KIND_ACTION: Record<string, string> = { opened: 'opened', repeated: 'updated', severity_raised: 'updated', acknowledged: 'acknowledged', cleared: 'cleared', escalated: 'escalated', assigned: 'assigned', commented: 'commented' };

export interface Snapshot {
  alarms: string[];
  incidents: string[];
  timeline: string[];
  faults: string[];
  /** For the SSE check: `alarmId|action` counts and incident_event ids after `since`. */
  alarmEvents: Map<string, number>;
  incidentEvents: Set<number>;
}

export interface Marks {
  alarmEvent: number;
  incidentEvent: number;
}

export async function marks(url: string): Promise<Marks> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query<{ a: string | null; i: string | null }>('SELECT (SELECT max(id) FROM alarm_event) AS a, (SELECT max(id) FROM incident_event) AS i');
    return { alarmEvent: Number(r.rows[0]!.a ?? 0), incidentEvent: Number(r.rows[0]!.i ?? 0) };
  } finally {
    await c.end();
  }
}

/**
 * What the platform made of the traffic, without ids or times, each line sorted: comparable across runs. An alarm's
 * events are compared as a multiset (sorted by kind): nodes write one alarm's repeats concurrently, so their order
 * by id is not the order of the messages.
 */
export async function snapshot(url: string, since: Marks = { alarmEvent: 0, incidentEvent: 0 }): Promise<Snapshot> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const q = async (text: string) => (await c.query(text)).rows as Record<string, unknown>[];
    const alarms = (
      await q(`SELECT e.registration_code AS code, a.type, a.status, a.severity, a.occurrences, a.repeat_raised, a.escalated_at IS NOT NULL AS escalated, a.acknowledged,
                      (SELECT string_agg(kind, ',' ORDER BY kind) FROM alarm_event ae WHERE ae.alarm_id = a.id) AS events
                 FROM alarm a JOIN elevator e ON e.id = a.elevator_id`)
    ).map((r) => `${r.code} ${r.type} ${r.status} ${r.severity} n=${r.occurrences} repeatRaised=${r.repeat_raised} escalated=${r.escalated} ack=${r.acknowledged} [${r.events}]`);
    const incidents = (
      await q(`SELECT e.registration_code AS code, i.source, i.type, i.status, i.trapped, i.tier, i.escalations, i.breaches, i.channels
                 FROM incident i JOIN elevator e ON e.id = i.elevator_id`)
    ).map((r) => `${r.code} ${r.source} ${r.type} ${r.status} trapped=${r.trapped} tier=${r.tier} escalations=${r.escalations} breaches=${JSON.stringify(r.breaches)} channels=${JSON.stringify(r.channels)}`);
    const timeline = (
      await q(`SELECT e.registration_code AS code, ev.kind, ev.actor_name, ev.detail->>'tier' AS tier, ev.detail->>'leg' AS leg, ev.detail->>'reason' AS reason
                 FROM incident_event ev JOIN incident i ON i.id = ev.incident_id JOIN elevator e ON e.id = i.elevator_id ORDER BY ev.id`)
    ).map((r) => `${r.code} ${r.kind} by=${r.actor_name} tier=${r.tier ?? '-'} leg=${r.leg ?? '-'} reason=${r.reason ?? '-'}`);
    const faults = (await q(`SELECT d.device_id, f.dedup_key, f.phase, f.type, f.source FROM fault_event f LEFT JOIN device d ON d.id = f.device_pk`)).map(
      (r) => `${r.device_id ?? '-'} ${r.source === 'device' ? r.dedup_key : String(r.dedup_key).replace(/:\d+$/, ':<t>')} ${r.phase} ${r.type}`,
    );
    const alarmEvents = new Map<string, number>();
    for (const r of await q(`SELECT alarm_id, kind FROM alarm_event WHERE id > ${since.alarmEvent}`)) {
      const k = `${r.alarm_id}|${ALARM_KIND_ACTION[String(r.kind)] ?? 'updated'}`;
      alarmEvents.set(k, (alarmEvents.get(k) ?? 0) + 1);
    }
    const incidentEvents = new Set((await q(`SELECT id FROM incident_event WHERE id > ${since.incidentEvent}`)).map((r) => Number(r.id)));
    return { alarms: alarms.sort(), incidents: incidents.sort(), timeline: sortTimeline(timeline), faults: faults.sort(), alarmEvents, incidentEvents };
  } finally {
    await c.end();
  }
}

/**
 * Timelines are compared per elevator in their order, except that events of one incident written by different
 * actors at independent moments are not ordered against each other; sorted lines per elevator are the comparison.
 */
function sortTimeline(lines: string[]): string[] {
  return [...lines].sort();
}

/** Lines in `a` missing from `b` and the other way round (as multisets). */
export function diff(a: string[], b: string[]): { onlyA: string[]; onlyB: string[] } {
  const count = new Map<string, number>();
  for (const x of a) count.set(x, (count.get(x) ?? 0) + 1);
  for (const x of b) count.set(x, (count.get(x) ?? 0) - 1);
  const onlyA: string[] = [];
  const onlyB: string[] = [];
  for (const [k, n] of count) {
    for (let i = 0; i < n; i++) onlyA.push(k);
    for (let i = 0; i < -n; i++) onlyB.push(k);
  }
  return { onlyA: onlyA.sort(), onlyB: onlyB.sort() };
}

/** Every distinct event message the script sent is in the fault history exactly once; nothing else from devices. */
export function accountFor(sent: Set<string>, snap: Snapshot): { missing: string[]; doubled: string[]; unexpected: string[] } {
  const seen = new Map<string, number>();
  for (const line of snap.faults) {
    const [device, key] = line.split(' ');
    if (!key?.startsWith('n:')) continue;
    const k = `${device}|${key.slice(2)}`;
    seen.set(k, (seen.get(k) ?? 0) + 1);
  }
  const missing = [...sent].filter((k) => !seen.has(k));
  const doubled = [...seen].filter(([, n]) => n > 1).map(([k]) => k);
  const unexpected = [...seen.keys()].filter((k) => !sent.has(k));
  return { missing, doubled, unexpected };
}

// ---------------------------------------------------------------- waiting for the platform

/**
 * Waits until the store is quiet: every sent fault stored, no outbox delivery pending, no legal clock of the FAST
 * county still to fire, no FAST alarm still to escalate, and the snapshot unchanged for `stableMs`.
 */
export async function settle(url: string, expectedFaults: number, opts: { timeoutMs: number; stableMs?: number }): Promise<{ faultsStoredAt: number; settledAt: number }> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const end = Date.now() + opts.timeoutMs;
  let faultsStoredAt = 0;
  let last = '';
  let stableSince = Date.now();
  try {
    for (;;) {
      const r = (
        await c.query(`SELECT (SELECT count(*) FROM fault_event WHERE source = 'device')::int AS faults,
                              (SELECT count(*) FROM outbox_delivery)::int AS pending,
                              (SELECT count(*) FROM incident_timer t JOIN incident i ON i.id = t.incident_id
                                WHERE t.done_at IS NULL AND t.fired_at IS NULL AND i.region_code = '${FAST_COUNTY}')::int AS timers,
                              (SELECT count(*) FROM alarm WHERE status = 'active' AND NOT acknowledged AND escalated_at IS NULL AND region_code = '${FAST_COUNTY}')::int AS unescalated,
                              (SELECT count(*) FROM alarm_event)::int AS ae, (SELECT count(*) FROM incident_event)::int AS ie, (SELECT coalesce(sum(version), 0) FROM alarm)::int AS av`)
      ).rows[0] as Record<string, number>;
      if (!faultsStoredAt && r.faults! >= expectedFaults) faultsStoredAt = Date.now();
      const key = JSON.stringify(r);
      if (key !== last) {
        last = key;
        stableSince = Date.now();
      }
      const quiet = r.faults! >= expectedFaults && r.pending === 0 && r.timers === 0 && r.unescalated === 0;
      if (quiet && Date.now() - stableSince >= (opts.stableMs ?? 2500)) return { faultsStoredAt, settledAt: Date.now() };
      if (Date.now() > end) throw new Error(`platform did not settle within ${opts.timeoutMs} ms: ${key}`);
      await new Promise((res) => setTimeout(res, 50));
    }
  } finally {
    await c.end();
  }
}

export function logDir(tag: string): string {
  const dir = path.join(os.tmpdir(), `liftsafe-cluster-${tag}`);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

export const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN);
