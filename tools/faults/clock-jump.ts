/**
 * clock-jump: the server runs under libfaketime (Debian's `faketime` package) with its wall clock read from a file,
 * so it can be jumped forward and backward while an entrapment incident is open (the monotonic clock, which Node's
 * timers use, is left alone, as NTP does). The legal clocks (dispatch 3 min, accept 5 min, arrival 30/60 min) must
 * each fire exactly once when the wall clock passes them, never again after a jump back, never zero times.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { seedStore } from '../../bench/ingest-lib.ts';
import { openStore, type Store } from '../../src/server/db/store.ts';
import { api, log, privatePostgres, round, sleep, startApp, tempDir, waitFor, type App, type Result, type ScenarioOptions } from './lib.ts';

const LIB = ['/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1', '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1'].find((f) => fs.existsSync(f));

interface Snapshot {
  timers: { id: number; kind: string; due_at: Date; fired_at: Date | null; done_at: Date | null }[];
  breaches: Record<string, number>;
  timerDispatches: number;
}

async function snapshot(store: Store, incidentId: number): Promise<Snapshot> {
  const timers = (await sql<Snapshot['timers'][number]>`SELECT id::int AS id, kind, due_at, fired_at, done_at FROM incident_timer WHERE incident_id = ${incidentId} ORDER BY id`.execute(store.db)).rows;
  const ev = (await sql<{ kind: string; leg: string | null; reason: string | null }>`SELECT kind, detail->>'leg' AS leg, detail->>'reason' AS reason FROM incident_event WHERE incident_id = ${incidentId}`.execute(store.db)).rows;
  const breaches: Record<string, number> = {};
  for (const e of ev) if (e.kind === 'sla_breach') breaches[e.leg ?? '?'] = (breaches[e.leg ?? '?'] ?? 0) + 1;
  return { timers, breaches, timerDispatches: ev.filter((e) => e.kind === 'dispatched' && (e.reason ?? '').startsWith('sla_')).length };
}

export async function clockJump(_o: ScenarioOptions): Promise<Result> {
  if (!LIB) return { name: 'clock-jump', pass: false, skipped: 'libfaketime not installed (apt-get install -y faketime)', figures: {}, lost: 'not tested' };
  const pg = await privatePostgres();
  const dir = tempDir('clock');
  const offsetFile = path.join(dir, 'offset');
  let offsetS = 0;
  const jump = (s: number) => {
    offsetS = s;
    fs.writeFileSync(offsetFile, `${s >= 0 ? '+' : ''}${s}s\n`);
  };
  jump(0);
  let app: App | undefined;
  let store: Store | undefined;
  const problems: string[] = [];
  const steps: string[] = [];
  try {
    await seedStore({ databaseUrl: pg.url }, 20, 0, { maintenanceOrgs: 4 });
    store = await openStore({ databaseUrl: pg.url });
    const code = (await store.db.selectFrom('elevator').select('registration_code').orderBy('id').limit(1).executeTakeFirstOrThrow()).registration_code;
    app = await startApp({
      env: {
        DATABASE_URL: pg.url,
        MQTT_ENABLED: 'false',
        LD_PRELOAD: LIB,
        FAKETIME_TIMESTAMP_FILE: offsetFile,
        FAKETIME_CACHE_DURATION: '1',
        FAKETIME_DONT_FAKE_MONOTONIC: '1',
        // The child's own tools (tsx, esbuild) would otherwise see the jumps too; only the server process is jumped.
      },
    });
    const created = await api<{ id: number; status: string; receivedAt: string }>(app, 'POST', '/api/incidents', { code, type: 'trapped', trapped: 1, source: 'phone' });
    if (created.status !== 201) throw new Error(`incident create: ${created.status} ${JSON.stringify(created.body)}`);
    const id = created.body.id;
    const receivedAt = new Date(created.body.receivedAt).getTime();
    const skew = receivedAt - Date.now();
    log(`  incident ${id} received at ${created.body.receivedAt} (server clock ${round(skew / 1000)} s from real)`);
    const s0 = await snapshot(store, id);
    const hold = async (label: string, s: number, ms: number, want?: (x: Snapshot) => boolean) => {
      jump(s);
      const t = performance.now();
      if (want) await waitFor(label, ms, async () => want(await snapshot(store!, id)), 200).catch(() => undefined);
      else await sleep(ms);
      const x = await snapshot(store!, id);
      steps.push(`${label}: clock ${s >= 0 ? '+' : ''}${s} s → breaches ${JSON.stringify(x.breaches)}, SLA dispatches ${x.timerDispatches} (${round((performance.now() - t) / 1000)} s)`);
      return x;
    };
    // 1. Forward past the 3-minute dispatch clock: it fires (breach + the platform dispatches tier 1).
    const a = await hold('forward 4 min', 240, 15_000, (x) => (x.breaches.dispatch ?? 0) >= 1);
    if (a.breaches.dispatch !== 1) problems.push(`dispatch clock fired ${a.breaches.dispatch ?? 0} times after the first jump (want 1)`);
    // 2. Back 14 minutes, held: nothing may fire again or early.
    const b = await hold('back to −10 min', -600, 6000);
    if (JSON.stringify(b.breaches) !== JSON.stringify(a.breaches) || b.timerDispatches !== a.timerDispatches) problems.push('something fired after the jump back');
    // 3. Forward past the accept clock (armed at +4 min, due +9 min): fires once, escalating to tier 2.
    const c = await hold('forward to +10 min', 600, 15_000, (x) => (x.breaches.accept ?? 0) >= 1);
    if (c.breaches.accept !== 1 || c.breaches.dispatch !== 1) problems.push(`after +10 min: breaches ${JSON.stringify(c.breaches)} (want dispatch 1, accept 1)`);
    // 4. Back and forth over the same instants: nothing fires twice.
    await hold('back to 0', 0, 3000);
    const d = await hold('forward to +10 min again', 600, 4000);
    if (JSON.stringify(d.breaches) !== JSON.stringify(c.breaches) || d.timerDispatches !== c.timerDispatches) problems.push('a clock fired again when the wall clock passed it a second time');
    // 5. Far forward (+2 h): every remaining clock due by then fires once.
    const e = await hold('forward 2 h', 7200, 20_000, (x) => x.timers.every((t) => t.done_at || t.fired_at || new Date(t.due_at).getTime() > receivedAt + 7200_000 - 5000));
    const hangovers = e.timers.filter((t) => !t.done_at && !t.fired_at && new Date(t.due_at).getTime() <= receivedAt + 7200_000 - 5000);
    if (hangovers.length) problems.push(`${hangovers.length} clock(s) due but never fired: ${hangovers.map((t) => t.kind).join(', ')}`);
    const firedByKind: Record<string, number> = {};
    for (const t of e.timers) if (t.fired_at) firedByKind[t.kind] = (firedByKind[t.kind] ?? 0) + 1;
    for (const k of new Set([...Object.keys(firedByKind), ...Object.keys(e.breaches)])) {
      if ((firedByKind[k] ?? 0) !== (e.breaches[k] ?? 0)) problems.push(`${k}: ${firedByKind[k] ?? 0} timers fired but ${e.breaches[k] ?? 0} breaches recorded`);
    }
    const early = e.timers.filter((t) => t.fired_at && new Date(t.fired_at).getTime() < new Date(t.due_at).getTime());
    if (early.length) problems.push(`${early.length} clock(s) fired before they were due`);
    const alive = app.proc.exitCode === null && app.proc.signalCode === null;
    if (!alive) problems.push('the server died');
    void s0;
    return {
      name: 'clock-jump',
      pass: problems.length === 0,
      figures: {
        'clock jumps (s)': '+240, −600, +600, 0, +600, +7200',
        'timers armed': e.timers.length,
        'timers fired (by kind)': JSON.stringify(firedByKind),
        'breaches recorded (by leg)': JSON.stringify(e.breaches),
        'dispatch events with an sla_ reason': e.timerDispatches,
        'fired twice': Object.keys(firedByKind).filter((k) => (e.breaches[k] ?? 0) > firedByKind[k]!).length,
        'due but never fired': hangovers.length,
        'fired early': early.length,
      },
      lost: problems.length ? problems.join('; ') : 'nothing (every clock fired once, none twice, none early)',
      notes: steps,
    };
  } finally {
    await app?.kill9();
    await store?.close();
    pg.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
    void offsetS;
  }
}
