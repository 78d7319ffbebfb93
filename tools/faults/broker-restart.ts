/**
 * broker-restart: terminals and the server's ingest are connected to a private Mosquitto (persistence off), which is
 * killed with SIGKILL and started again: every session and queued message at the broker is gone. Verdict: the
 * terminals reconnect with backoff, the ingest reconnects and subscribes again, events published after the restart are
 * ingested, and every event sent (before, during and after the outage) is stored exactly once.
 */
import crypto from 'node:crypto';
import { seedStore } from '../../bench/ingest-lib.ts';
import { api, DeviceFleet, log, privateMosquitto, privatePostgres, round, sleep, startApp, stopAndCountEvents, waitFor, type Result, type ScenarioOptions } from './lib.ts';

export async function brokerRestart(o: ScenarioOptions): Promise<Result> {
  const devices = o.quick ? 40 : 150;
  const rate = o.quick ? 200 : 600;
  const pg = await privatePostgres();
  const broker = await privateMosquitto();
  const tag = crypto.randomBytes(3).toString('hex');
  let fleet: DeviceFleet | undefined;
  let app: Awaited<ReturnType<typeof startApp>> | undefined;
  try {
    await seedStore({ databaseUrl: pg.url }, devices + 20, devices + 20);
    const ids = Array.from({ length: devices + 20 }, (_, i) => i + 1).filter((n) => n % 10 !== 0).slice(0, devices).map((n) => `B${n}`);
    app = await startApp({ env: { DATABASE_URL: pg.url, MQTT_URL: broker.url, MQTT_CLIENT_ID: `liftsafe-flt-${tag}`, MQTT_SHARE_GROUP: `flt${tag}`, IOT_SWEEP_SECONDS: '600' } });
    const a = app;
    fleet = new DeviceFleet({ url: broker.url, deviceIds: ids, rate, runTag: tag, retryMs: 3000 });
    await fleet.connect();
    fleet.start();
    log(`  ${ids.length} terminals publishing ${rate} fault events/s; SIGKILL the broker after 4 s`);
    await sleep(4000);
    await broker.kill();
    const killedAt = performance.now();
    const sentBefore = fleet.sent.size;
    const noticedMs = await waitFor('the ingest to notice', 10_000, async () => (await api<{ externalConnected: boolean }>(a, 'GET', '/api/iot/ingest')).body.externalConnected === false, 100).catch(() => NaN);
    await sleep(3000);
    await broker.start();
    const startedAt = performance.now();
    log(`  broker down ${round((startedAt - killedAt) / 1000)} s, started again (empty: no sessions, no queue)`);
    const fleetMs = await waitFor('every terminal to reconnect', 60_000, () => fleet!.connectedCount === ids.length).catch(() => NaN);
    const ingestMs = await waitFor('the ingest to reconnect', 60_000, async () => (await api<{ externalConnected: boolean }>(a, 'GET', '/api/iot/ingest')).body.externalConnected === true, 200).catch(() => NaN);
    const sentAtRestart = fleet.sent.size;
    await sleep(o.quick ? 4000 : 8000);
    fleet.stopEmitting();
    const sentAfter = fleet.sent.size - sentAtRestart;
    const drained = await fleet.drain(60_000);
    await sleep(500);
    const alive = a.proc.exitCode === null && a.proc.signalCode === null;
    const ingest = (await api<{ received: number; accepted: number; dropped: Record<string, number> }>(a, 'GET', '/api/iot/ingest').catch(() => undefined))?.body;
    const { stored, duplicates } = await stopAndCountEvents(app, pg.url, tag);
    app = undefined;
    const sent = [...fleet.sent];
    const missing = sent.filter((id) => !stored.has(id));
    const missingAfter = sent.slice(sentAtRestart).filter((id) => !stored.has(id));
    const missingDuring = sent.slice(sentBefore, sentAtRestart).filter((id) => !stored.has(id));
    const pass = alive && drained && missing.length === 0 && duplicates === 0 && sentAfter > 0 && Number.isFinite(fleetMs) && Number.isFinite(ingestMs) && Number.isFinite(noticedMs);
    return {
      name: 'broker-restart',
      pass,
      figures: {
        'events sent': sent.length,
        'sent before the kill': sentBefore,
        'sent after the restart': sentAfter,
        'events stored': stored.size,
        duplicates,
        missing: missing.length,
        'missing of those sent before the kill / during the outage / after the restart': `${missing.length - missingDuring.length - missingAfter.length} / ${missingDuring.length} / ${missingAfter.length}`,
        'ingest received / accepted / dropped': ingest ? `${ingest.received} / ${ingest.accepted} / ${JSON.stringify(Object.fromEntries(Object.entries(ingest.dropped).filter(([, n]) => n)))}` : '-',
        'terminal reconnects': fleet.reconnects,
        'resends by terminals': fleet.resends,
        'seconds until every terminal reconnected (broker up →)': round(fleetMs / 1000),
        'seconds until the ingest reported the broker lost (GET /api/iot/ingest)': round(noticedMs / 1000),
        'seconds until the ingest reconnected (broker up →)': round(ingestMs / 1000),
        'server process restarted': alive ? 'no' : 'it died',
      },
      lost: missing.length ? `${missing.length} events never stored` : 'nothing',
    };
  } finally {
    await fleet?.close();
    await app?.kill9();
    await broker.destroy();
    pg.destroy();
  }
}
