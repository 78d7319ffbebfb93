/**
 * npm run cluster -- [--nodes 3] [--devices 60] [--minutes M | --events N] [--status-ms 1000] [--blip-ms 5] [--keep] [--sabotage] [--parallel]
 *
 * Several app processes against one PostgreSQL and one Mosquitto (issue 9): seeds a small province into a fresh
 * database, runs the same deterministic device script (a) against one node and (b) against N nodes sharing the
 * device traffic through `$share/<group>/…`, and compares alarms, incidents, timelines and the fault history. An
 * SSE viewer (a province regulator) on every node of run (b) must receive every alarm and incident event.
 * --parallel runs (a) and (b) at once, fed by one publish (each cluster has its own share group, so each gets every
 * message): half the time, but the per-node rates then share the machine with the other cluster.
 * --sabotage deletes one escalation and one stored fault from (b)'s store before comparing: the verdict must be FAIL.
 * Exit code 0 only on PASS. Databases are named liftsafe_mn_<tag>_{seed,a,b} (CLUSTER_DB_PREFIX replaces
 * liftsafe_mn) and dropped unless --keep.
 *
 * Environment: CLUSTER_DATABASE_URL (else TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres) — any
 * database on the server; the run creates its own. CLUSTER_MQTT_URL (else TEST_MQTT_URL, else mqtt://127.0.0.1:1883).
 */
import os from 'node:os';
import { runCluster, type RunFigures } from './cluster-run.ts';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const num = (name: string, fallback: number) => {
  const v = arg(name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) {
    console.error(`--${name} must be a positive number`);
    process.exit(2);
  }
  return n;
};

const nodes = num('nodes', 3);
const devices = Math.round(num('devices', 60));
const statusEveryMs = Math.max(60, num('status-ms', 1000));
const blipGapMs = arg('blip-ms') === undefined ? 5 : Number(arg('blip-ms'));
// Fault episodes: one cycle every ~6 s of script time; --events asks for a number of fault messages instead.
const eventsPerCycle = devices * 2.2;
let durationMs = num('minutes', 0.5) * 60_000;
if (arg('events')) durationMs = Math.max(8000, Math.ceil(num('events', 200) / eventsPerCycle) * 6000);
const cycles = Math.max(1, Math.floor(durationMs / 6000));

const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const log = (s: string) => console.log(s);

log(`cluster: ${nodes} nodes, ${devices} terminals, ${round(durationMs / 1000)} s script, ${cycles} fault cycles, status every ${statusEveryMs} ms; ${os.cpus().length} cores, Node ${process.version}`);
const t0 = Date.now();
try {
  const r = await runCluster({
    databaseUrl: process.env.CLUSTER_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    mqttUrl: process.env.CLUSTER_MQTT_URL ?? process.env.TEST_MQTT_URL ?? 'mqtt://127.0.0.1:1883',
    nodes,
    devices,
    durationMs,
    cycles,
    statusEveryMs,
    blipGapMs,
    keep: process.argv.includes('--keep'),
    sabotage: process.argv.includes('--sabotage'),
    parallel: process.argv.includes('--parallel'),
    log,
  });
  const figures = (f: RunFigures) => {
    const secs = (f.publish.lastPublishAt - f.publish.startedAt) / 1000;
    const total = f.perNode.reduce((s, p) => s + p.accepted, 0);
    log(`\n(${f.label}) ${f.nodes} node(s): sent ${f.publish.sent.toLocaleString()} messages (${f.publish.events} fault events, ${f.publish.retransmissions} retransmissions, ${f.publish.eventIds.size} distinct) in ${round(secs)} s = ${round(f.publish.sent / secs)} msg/s offered`);
    for (const p of f.perNode) log(`    ${p.name}: ingested ${p.accepted.toLocaleString()} (${round((100 * p.accepted) / Math.max(1, total))} %), ${round(p.accepted / secs)} msg/s, ${p.faults} fault messages`);
    log(`    total ingested ${total.toLocaleString()} = ${round(total / secs)} msg/s; last publish → every fault stored ${f.lastPublishToFaultsStoredMs} ms; → settled (timers fired, outbox empty) ${round(f.lastPublishToSettledMs / 1000)} s`);
    log(`    store: ${f.snap.alarms.length} alarms, ${f.snap.incidents.length} incidents, ${f.snap.timeline.length} timeline events, ${f.snap.faults.length} fault history rows`);
  };
  figures(r.a);
  figures(r.b);
  log('\nSSE viewers of run (b) (province regulator, alarm + incident streams):');
  for (const s of r.sse) log(`    ${s.node}: ${s.alarmEvents} alarm events, ${s.incidentEvents} incident events; missing ${s.missing}, extra ${s.doubled}; event time → received p50 ${s.p50} ms, p99 ${s.p99} ms`);
  log(`\ndatabases ${r.databases.join(', ')} ${process.argv.includes('--keep') ? 'kept' : 'dropped'}; total ${round((Date.now() - t0) / 1000)} s`);
  if (r.pass) {
    log('\nPASS: (b) made exactly what (a) made — same alarms, incidents, timelines and fault history; every fault message stored once; every viewer saw every event.');
    process.exit(0);
  }
  log(`\nFAIL:\n  - ${r.problems.join('\n  - ')}`);
  process.exit(1);
} catch (err) {
  console.error(err);
  process.exit(1);
}
