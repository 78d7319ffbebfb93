/**
 * kill-ingest: terminals publish QoS 1 fault events with unique ids at a high rate through a private Mosquitto; the
 * server is killed with SIGKILL mid-stream and started again while the terminals keep publishing and resending
 * unacknowledged events. Verdict: every event sent is in fault_event exactly once.
 */
import crypto from 'node:crypto';
import { seedStore } from '../../bench/ingest-lib.ts';
import { DeviceFleet, log, privateMosquitto, privatePostgres, round, sleep, startApp, stopAndCountEvents, waitFor, type Result, type ScenarioOptions } from './lib.ts';

export async function killIngest(o: ScenarioOptions): Promise<Result> {
  const devices = o.tiny ? 20 : o.quick ? 60 : 200;
  const rate = o.tiny ? 100 : o.quick ? 300 : 500;
  const before = o.tiny ? 2000 : o.quick ? 3000 : 8000;
  const after = o.tiny ? 1000 : o.quick ? 3000 : 8000;
  const pg = await privatePostgres();
  const broker = await privateMosquitto();
  const tag = crypto.randomBytes(3).toString('hex');
  const env = { DATABASE_URL: pg.url, MQTT_URL: broker.url, MQTT_CLIENT_ID: `liftsafe-flt-${tag}`, MQTT_SHARE_GROUP: `flt${tag}`, IOT_SWEEP_SECONDS: '600' };
  let fleet: DeviceFleet | undefined;
  let app: Awaited<ReturnType<typeof startApp>> | undefined;
  try {
    await seedStore({ databaseUrl: pg.url }, devices + 10, devices + 10);
    // Every tenth seeded terminal speaks JTC340; the native ones send the events.
    const ids = Array.from({ length: devices + 10 }, (_, i) => i + 1).filter((n) => n % 10 !== 0).slice(0, devices).map((n) => `B${n}`);
    app = await startApp({ env });
    // Terminals resend after 20 s, longer than the server is down: what was published meanwhile must reach the restarted
    // server from the broker's queue for its persistent session, not from the terminals' resends.
    fleet = new DeviceFleet({ url: broker.url, deviceIds: ids, rate, runTag: tag, retryMs: o.tiny ? 4000 : 20_000 });
    await fleet.connect();
    fleet.start();
    log(`  ${ids.length} terminals publishing ${rate} fault events/s; SIGKILL the server after ${before / 1000} s`);
    await sleep(before);
    const sentAtKill = fleet.sent.size;
    const pendingAtKill = fleet.pending.size;
    await app.kill9();
    const killedAt = performance.now();
    log(`  killed (pid gone) with ${sentAtKill} sent, ${pendingAtKill} not yet acknowledged`);
    await sleep(1500);
    app = await startApp({ env });
    const restartS = (performance.now() - killedAt) / 1000;
    // Recovered = the backlog sent while the server was down is acknowledged.
    const backlog = new Set([...fleet.pending.keys()]);
    const recoverMs = await waitFor('the backlog to be acknowledged', 60_000, () => ![...backlog].some((id) => fleet!.pending.has(id)), 100).catch(() => NaN);
    log(`  restarted in ${round(restartS)} s; backlog of ${backlog.size} acknowledged ${round(recoverMs / 1000)} s after the restart`);
    await sleep(after);
    fleet.stopEmitting();
    const drained = await fleet.drain(60_000);
    await sleep(500);
    const { stored, duplicates } = await stopAndCountEvents(app, pg.url, tag);
    app = undefined;
    const missing = [...fleet.sent].filter((id) => !stored.has(id));
    const extra = [...stored.keys()].filter((id) => !fleet!.sent.has(id)).length;
    const pass = drained && missing.length === 0 && duplicates === 0 && extra === 0;
    return {
      name: 'kill-ingest',
      pass,
      figures: {
        'events sent': fleet.sent.size,
        'events stored': stored.size,
        duplicates,
        missing: missing.length,
        'unknown ids stored': extra,
        'unacknowledged at end': fleet.pending.size,
        'resends by terminals': fleet.resends,
        'events acknowledged only after a resend (ack later than the resend interval, or first delivery lost)': fleet.ackedAfterResend,
        'terminal reconnects': fleet.reconnects,
        'seconds server down (kill → healthy)': round(restartS),
        'seconds to recover (backlog acknowledged)': round(recoverMs / 1000),
      },
      lost: missing.length ? `${missing.length} events never stored (e.g. ${missing.slice(0, 5).join(', ')})` : 'nothing',
    };
  } finally {
    await fleet?.close();
    await app?.kill9();
    await broker.destroy();
    pg.destroy();
  }
}
