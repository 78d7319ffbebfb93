/**
 * One comparison: the same device script against one node and against N nodes (two databases cloned from one
 * seeded template), then the verdict. Shared by the CLI (cli.ts) and the server-tier test (cluster.test.ts).
 */
import crypto from 'node:crypto';
import pg from 'pg';
import {
  accountFor,
  api,
  buildScript,
  createDatabase,
  diff,
  dropDatabase,
  killAllNodes,
  login,
  logDir,
  marks,
  openViewer,
  percentile,
  publishScript,
  seedProvince,
  settle,
  SLOW_COUNTY,
  snapshot,
  startNode,
  USER_PASSWORD,
  type Node,
  type PublishResult,
  type SeededDevice,
  type Snapshot,
  type Step,
  type Timing,
  type Viewer,
} from './cluster-lib.ts';

export interface ClusterOptions {
  databaseUrl: string;
  mqttUrl: string;
  nodes: number;
  devices: number;
  durationMs: number;
  cycles: number;
  statusEveryMs: number;
  blipGapMs: number;
  keep: boolean;
  /** Show that the comparison can fail: one escalation and one stored fault are deleted from run (b)'s store. */
  sabotage: boolean;
  /** Both clusters at once, fed by one publish (each under its own share group): half the time (the test). */
  parallel?: boolean;
  timing?: Timing;
  /** How long the store must stay unchanged to count as settled (default 2.5 s, then 2 s). */
  stableMs?: number;
  log(line: string): void;
}

export interface RunFigures {
  label: string;
  nodes: number;
  publish: PublishResult;
  perNode: { name: string; accepted: number; faults: number }[];
  lastPublishToFaultsStoredMs: number;
  lastPublishToSettledMs: number;
  viewers: Viewer[];
  snap: Snapshot;
}

export interface ClusterResult {
  pass: boolean;
  problems: string[];
  a: RunFigures;
  b: RunFigures;
  sse: { node: string; alarmEvents: number; incidentEvents: number; missing: number; doubled: number; p50: number; p99: number }[];
  databases: string[];
}

interface Started {
  label: string;
  url: string;
  nodes: Node[];
  before: { accepted: number; faults: number }[];
  since: Awaited<ReturnType<typeof marks>>;
  viewers: Viewer[];
}

async function startRun(label: string, url: string, n: number, o: ClusterOptions, tag: string): Promise<Started> {
  const group = `mn${tag}${label}`;
  const dir = logDir(tag);
  // All at once: the store is migrated already (cloned), so the starts only compete for the CPU.
  const started = await Promise.allSettled(
    Array.from({ length: n }, (_, i) => startNode({ name: `${label}-node${i + 1}`, databaseUrl: url, mqttUrl: o.mqttUrl, shareGroup: group, clientId: `${group}-n${i + 1}`, logDir: dir })),
  );
  const nodes = started.flatMap((x) => (x.status === 'fulfilled' ? [x.value] : []));
  const failed = started.find((x) => x.status === 'rejected');
  if (failed) {
    await Promise.all(nodes.map((x) => x.stop()));
    throw (failed as PromiseRejectedResult).reason;
  }
  o.log(`  ${label}: ${n} node(s) up (${nodes.map((x) => x.base).join(', ')}), share group ${group}; logs in ${dir}`);
  const before = await Promise.all(nodes.map((x) => api<{ accepted: number; faults: number }>(x.base, x.token, '/api/iot/ingest')));
  const since = await marks(url);
  const viewers = await Promise.all(nodes.map((x) => openViewer(x)));
  return { label, url, nodes, before, since, viewers };
}

async function finishRun(r: Started, publish: PublishResult, o: ClusterOptions): Promise<RunFigures> {
  const { url, nodes } = r;
  try {
    const expected = publish.eventIds.size;
    const s1 = await settle(url, expected, { timeoutMs: 120_000, stableMs: o.stableMs });
    // The dispatcher takes the SLOW county's call-outs (their limits are the defaults, minutes away).
    const dispatcher = await Promise.all(nodes.map((x) => login(x.base, 'cluster_dispatcher', USER_PASSWORD)));
    const open = await api<{ items: { id: number }[] }>(nodes[0]!.base, dispatcher[0]!, `/api/incidents?regionCode=${SLOW_COUNTY}&status=open&pageSize=200`);
    let k = 0;
    for (const inc of open.items) {
      const i = k++ % nodes.length;
      await api(nodes[i]!.base, dispatcher[i]!, `/api/incidents/${inc.id}/actions`, { method: 'POST', body: { action: 'accept' } });
    }
    const s2 = await settle(url, expected, { timeoutMs: 60_000, stableMs: o.stableMs ?? 2000 });
    const after = await Promise.all(nodes.map((x) => api<{ accepted: number; faults: number }>(x.base, x.token, '/api/iot/ingest')));
    for (const v of r.viewers) v.close();
    if (o.sabotage && r.label === 'b') await tamper(url);
    const snap = await snapshot(url, r.since);
    return {
      label: r.label,
      nodes: nodes.length,
      publish,
      perNode: nodes.map((x, i) => ({ name: x.name, accepted: after[i]!.accepted - r.before[i]!.accepted, faults: after[i]!.faults - r.before[i]!.faults })),
      lastPublishToFaultsStoredMs: s1.faultsStoredAt - publish.lastPublishAt,
      lastPublishToSettledMs: s2.settledAt - publish.lastPublishAt,
      viewers: r.viewers,
      snap,
    };
  } finally {
    for (const v of r.viewers) v.close();
    await Promise.all(nodes.map((x) => x.stop()));
  }
}

async function finishQuietly(r: Started): Promise<void> {
  for (const v of r.viewers) v.close();
  await Promise.all(r.nodes.map((x) => x.stop()));
}

async function publishAfterStart(o: ClusterOptions, tag: string, label: string, devices: SeededDevice[], steps: Step[]): Promise<PublishResult> {
  await new Promise((r) => setTimeout(r, 300));
  return publishScript(o.mqttUrl, `${tag}${label}`, devices, steps);
}

/** --sabotage: what a lost escalation and a lost fault would look like (the comparison must fail). */
async function tamper(url: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(`DELETE FROM incident_event WHERE id = (SELECT max(id) FROM incident_event WHERE kind = 'escalated')`);
    await c.query(`DELETE FROM fault_event WHERE id = (SELECT max(id) FROM fault_event WHERE source = 'device' AND phase = 'close')`);
  } finally {
    await c.end();
  }
}

export async function runCluster(o: ClusterOptions): Promise<ClusterResult> {
  const tag = crypto.randomBytes(3).toString('hex');
  // CLUSTER_DB_PREFIX: another prefix for the run's databases (people sharing one server keep theirs apart).
  const prefix = process.env.CLUSTER_DB_PREFIX || 'liftsafe_mn';
  if (!/^[a-z_][a-z0-9_]{0,40}$/.test(prefix)) throw new Error(`CLUSTER_DB_PREFIX must be a lower-case SQL name (got ${prefix})`);
  const names = { seed: `${prefix}_${tag}_seed`, a: `${prefix}_${tag}_a`, b: `${prefix}_${tag}_b` };
  const databases = Object.values(names);
  const onSignal = () => {
    killAllNodes();
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    o.log(`seeding ${o.devices} elevators with terminals into ${names.seed}`);
    const seedUrl = await createDatabase(o.databaseUrl, names.seed);
    const devices = await seedProvince(seedUrl, o.devices, tag, o.timing);
    const urlA = await createDatabase(o.databaseUrl, names.a, names.seed);
    const urlB = await createDatabase(o.databaseUrl, names.b, names.seed);
    const steps = buildScript(devices, { durationMs: o.durationMs, statusEveryMs: o.statusEveryMs, cycles: o.cycles, blipGapMs: o.blipGapMs });
    o.log(`script: ${steps.length} messages over ${o.durationMs / 1000} s (${steps.filter((s) => s.kind === 'event').length} fault events)`);
    const sabotage = o.sabotage ? ' — SABOTAGE: one escalation and one stored fault will be deleted before the comparison' : '';
    let a: RunFigures;
    let b: RunFigures;
    if (o.parallel) {
      // Both clusters subscribe under their own share group, so each gets every message of one publish.
      o.log(`(a) one node and (b) ${o.nodes} nodes at once, fed by one publish${sabotage}`);
      const [sa, sb] = await Promise.allSettled([startRun('a', urlA, 1, o, tag), startRun('b', urlB, o.nodes, o, tag)]);
      if (sa.status === 'rejected' || sb.status === 'rejected') {
        for (const x of [sa, sb]) if (x.status === 'fulfilled') await finishQuietly(x.value);
        throw (sa.status === 'rejected' ? sa : (sb as PromiseRejectedResult)).reason;
      }
      const [ra, rb] = [sa.value, sb.value];
      const publish = await publishScript(o.mqttUrl, tag, devices, steps);
      [a, b] = await Promise.all([finishRun(ra, publish, o), finishRun(rb, publish, o)]);
    } else {
      o.log('(a) one node');
      a = await finishRun(await startRun('a', urlA, 1, o, tag), await publishAfterStart(o, tag, 'a', devices, steps), o);
      o.log(`(b) ${o.nodes} nodes${sabotage}`);
      const rb = await startRun('b', urlB, o.nodes, o, tag);
      b = await finishRun(rb, await publishAfterStart(o, tag, 'b', devices, steps), o);
    }

    const problems: string[] = [];
    for (const part of ['alarms', 'incidents', 'timeline', 'faults'] as const) {
      const d = diff(a.snap[part], b.snap[part]);
      if (d.onlyA.length || d.onlyB.length) problems.push(`${part} differ:\n      only in (a): ${d.onlyA.slice(0, 8).join('\n                   ') || '-'}\n      only in (b): ${d.onlyB.slice(0, 8).join('\n                   ') || '-'}${d.onlyA.length + d.onlyB.length > 16 ? `\n      (${d.onlyA.length} + ${d.onlyB.length} lines)` : ''}`);
    }
    for (const r of [a, b]) {
      const acc = accountFor(r.publish.eventIds, r.snap);
      if (acc.missing.length) problems.push(`(${r.label}) ${acc.missing.length} fault messages missing from the fault history, e.g. ${acc.missing.slice(0, 3).join(', ')}`);
      if (acc.doubled.length) problems.push(`(${r.label}) ${acc.doubled.length} fault messages stored twice, e.g. ${acc.doubled.slice(0, 3).join(', ')}`);
      if (acc.unexpected.length) problems.push(`(${r.label}) ${acc.unexpected.length} fault messages nobody sent, e.g. ${acc.unexpected.slice(0, 3).join(', ')}`);
    }
    if (b.nodes > 1 && b.perNode.some((p) => p.accepted === 0)) problems.push(`(b) a node ingested nothing: the traffic was not split (${b.perNode.map((p) => `${p.name} ${p.accepted}`).join(', ')})`);
    const sse = b.viewers.map((v) => {
      let missing = 0;
      let doubled = 0;
      for (const [k, n] of b.snap.alarmEvents) {
        const got = v.alarms.get(k)?.length ?? 0;
        if (got < n) missing += n - got;
        if (got > n) doubled += got - n;
      }
      for (const [k, list] of v.alarms) if (!b.snap.alarmEvents.has(k)) doubled += list.length;
      for (const id of b.snap.incidentEvents) if (!v.incidents.has(id)) missing++;
      for (const id of v.incidents.keys()) if (!b.snap.incidentEvents.has(id)) doubled++;
      const lat = [...v.latencies].sort((x, y) => x - y);
      return { node: v.node, alarmEvents: [...v.alarms.values()].reduce((s, l) => s + l.length, 0), incidentEvents: v.incidents.size, missing, doubled, p50: percentile(lat, 50), p99: percentile(lat, 99) };
    });
    for (const s of sse) if (s.missing || s.doubled) problems.push(`(b) SSE viewer on ${s.node}: ${s.missing} events missing, ${s.doubled} extra`);
    return { pass: problems.length === 0, problems, a, b, sse, databases };
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    killAllNodes();
    if (!o.keep) for (const d of databases) await dropDatabase(o.databaseUrl, d).catch(() => {});
  }
}
