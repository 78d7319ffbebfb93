import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { accountFor, buildScript, diff, type SeededDevice, type Snapshot } from './cluster-lib.ts';
import { runCluster } from './cluster-run.ts';

/**
 * The small version of `npm run cluster`: one node and two nodes against one PostgreSQL and one Mosquitto, fed by
 * the same publish, must make the same alarms, incidents, timelines and fault history, and every node's SSE viewer
 * must see every event. Needs both servers (TEST_DATABASE_URL, TEST_MQTT_URL, as .ci/run sets them); skipped, and
 * reported as skipped, without them. 45–60 s on two cores (59 s measured with the machine at load 11).
 */
const db = process.env.TEST_DATABASE_URL;
const broker = process.env.TEST_MQTT_URL;

describe('the comparison itself', () => {
  test('a line missing, doubled or changed on either side is reported', () => {
    assert.deepEqual(diff(['x', 'y', 'y'], ['y', 'x', 'y']), { onlyA: [], onlyB: [] });
    assert.deepEqual(diff(['x', 'y', 'y'], ['x', 'y', 'z']), { onlyA: ['y'], onlyB: ['z'] });
  });

  test('every sent fault message must be stored exactly once', () => {
    const snap = { faults: ['D1 n:a open trapped', 'D1 n:b close trapped', 'D1 n:b close trapped', 'D2 rule:offline:<t> open offline'] } as Snapshot;
    assert.deepEqual(accountFor(new Set(['D1|a', 'D1|b', 'D1|c']), snap), { missing: ['D1|c'], doubled: ['D1|b'], unexpected: [] });
  });

  test('the script is deterministic and retransmits events with their ids', () => {
    const devices: SeededDevice[] = Array.from({ length: 12 }, (_, i) => ({ no: i + 1, deviceId: `D${i + 1}`, elevatorId: i + 1, registrationCode: `R${i + 1}`, county: i % 2 ? '370103' : '370102' }));
    const opts = { durationMs: 8000, statusEveryMs: 500, cycles: 2, blipGapMs: 5 };
    const s = buildScript(devices, opts);
    assert.deepEqual(s, buildScript(devices, opts));
    const events = s.filter((x) => x.kind === 'event');
    assert.ok(events.some((e) => e.fault === 'trapped' && e.dupOf));
    assert.ok(events.some((e) => e.fault === 'safety_circuit' && e.phase === 'close'));
    for (const e of events.filter((x) => x.dupOf)) assert.ok(events.some((o) => o.id === e.dupOf && !o.dupOf && o.device === e.device));
  });
});

describe('one node vs two nodes (TEST_DATABASE_URL + TEST_MQTT_URL)', { skip: db && broker ? false : 'needs TEST_DATABASE_URL and TEST_MQTT_URL (PostgreSQL and Mosquitto; .ci/run sets both)' }, () => {
  test('the same traffic makes the same alarms, incidents and escalations; every viewer sees every event', { timeout: 120_000 }, async () => {
    const lines: string[] = [];
    const r = await runCluster({
      databaseUrl: db!,
      mqttUrl: broker!,
      nodes: 2,
      devices: 12,
      durationMs: 4500,
      cycles: 1,
      statusEveryMs: 500,
      blipGapMs: 5,
      keep: false,
      sabotage: false,
      parallel: true,
      timing: { acceptS: 2, arriveS: 15, escalateS: 7 },
      stableMs: 1500,
      log: (l) => lines.push(l),
    });
    assert.deepEqual(r.problems, [], lines.join('\n'));
    assert.equal(r.pass, true);
    // The traffic was split, and the escalations happened.
    assert.equal(r.b.perNode.length, 2);
    for (const p of r.b.perNode) assert.ok(p.accepted > 0 && p.faults > 0, `${p.name} ingested ${p.accepted}`);
    assert.equal(r.b.perNode.reduce((s, p) => s + p.accepted, 0), r.b.publish.sent);
    assert.ok(r.b.snap.timeline.some((l) => l.includes(' escalated ') && l.includes('tier=3')), 'tier 3 reached');
    assert.ok(r.b.snap.alarms.some((l) => l.includes('escalated=true')));
    assert.ok(r.b.snap.incidents.some((l) => l.includes(' accepted ')));
    for (const s of r.sse) assert.ok(s.alarmEvents > 0 && s.incidentEvents > 0 && s.missing === 0);
  });
});
