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

async function runOnce(label: string, url: string, n: number, devices: SeededDevice[], steps: Step[], o: ClusterOptions, tag: string): Promise<RunFigures> {
  const group = `mn${tag}${label}`;
  const dir = logDir(tag);
  const nodes: Node[] = [];
  try {
    for (let i = 0; i < n; i++) {
      nodes.push(
        await startNode({
          name: `${label}-node${i + 1}`,
          databaseUrl: url,
          mqttUrl: o.mqttUrl,
          shareGroup: group,
          clientId: `${group}-n${i + 1}`,
          logDir: dir,
        }),
      );
    }
    o.log(`  ${label}: ${n} node(s) up (${nodes.map((x) => x.base).join(', ')}); logs in ${dir}`);
    const before = await Promise.all(nodes.map((x) => api<{ accepted: number; faults: number }>(x.base, x.token, '/api/iot/ingest')));
    const since = await marks(url);
    const viewers = await Promise.all(nodes.map((x) => openViewer(x)));
    await new Promise((r) => setTimeout(r, 300));
    const publish = await publishScript(o.mqttUrl, `${tag}${label}`, devices, steps);
    const expected = publish.eventIds.size;
    const s1 = await settle(url, expected, { timeoutMs: 120_000 });
    // The dispatcher takes the SLOW county's call-outs (their limits are the defaults, minutes away).
    const dispatcher = await Promise.all(nodes.map((x) => login(x.base, 'cluster_dispatcher', USER_PASSWORD)));
    const open = await api<{ items: { id: number }[] }>(nodes[0]!.base, dispatcher[0]!, `/api/incidents?regionCode=${SLOW_COUNTY}&status=open&pageSize=200`);
    let k = 0;
    for (const inc of open.items) {
      const i = k++ % nodes.length;
      await api(nodes[i]!.base, dispatcher[i]!, `/api/incidents/${inc.id}/actions`, { method: 'POST', body: { action: 'accept' } });
    }
    const s2 = await settle(url, expected, { timeoutMs: 60_000, stableMs: 2000 });
    const after = await Promise.all(nodes.map((x) => api<{ accepted: number; faults: number }>(x.base, x.token, '/api/iot/ingest')));
    for (const v of viewers) v.close();
    if (o.sabotage && label === 'b') await tamper(url);
    const snap = await snapshot(url, since);
    return {
      label,
      nodes: n,
      publish,
      perNode: nodes.map((x, i) => ({ name: x.name, accepted: after[i]!.accepted - before[i]!.accepted, faults: after[i]!.faults - before[i]!.faults })),
      lastPublishToFaultsStoredMs: s1.faultsStoredAt - publish.lastPublishAt,
      lastPublishToSettledMs: s2.settledAt - publish.lastPublishAt,
      viewers,
      snap,
    };
  } finally {
    await Promise.all(nodes.map((x) => x.stop()));
  }
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
  const names = { seed: `liftsafe_mn_${tag}_seed`, a: `liftsafe_mn_${tag}_a`, b: `liftsafe_mn_${tag}_b` };
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
    const devices = await seedProvince(seedUrl, o.devices, tag);
    const urlA = await createDatabase(o.databaseUrl, names.a, names.seed);
    const urlB = await createDatabase(o.databaseUrl, names.b, names.seed);
    const steps = buildScript(devices, { durationMs: o.durationMs, statusEveryMs: o.statusEveryMs, cycles: o.cycles, blipGapMs: o.blipGapMs });
    o.log(`script: ${steps.length} messages over ${o.durationMs / 1000} s (${steps.filter((s) => s.kind === 'event').length} fault events)`);
    o.log('(a) one node');
    const a = await runOnce('a', urlA, 1, devices, steps, o, tag);
    o.log(`(b) ${o.nodes} nodes${o.sabotage ? ' — SABOTAGE: one escalation and one stored fault will be deleted before the comparison' : ''}`);
    const b = await runOnce('b', urlB, o.nodes, devices, steps, o, tag);

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
