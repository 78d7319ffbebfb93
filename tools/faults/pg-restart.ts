/**
 * pg-restart: concurrent logged-in API requests against the server while its PostgreSQL is stopped (`pg_ctl stop -m
 * fast`, every session ended) and started again. Verdict: no request outlives the client's bound, every failure is an
 * HTTP answer with an error code (not a dropped connection or a dead server), the server is never restarted, and
 * requests succeed again soon after the database is back.
 */
import { seedStore } from '../../bench/ingest-lib.ts';
import { log, privateMosquitto, privatePostgres, round, sleep, startApp, type Result, type ScenarioOptions } from './lib.ts';

const ENDPOINTS = ['/api/elevators?pageSize=20', '/api/elevators/facets', '/api/emergency/board', '/api/iot/ingest', '/api/imports', '/api/elevators?q=%E5%8E%8B%E6%B5%8B&pageSize=5'];
/** The client's bound: a request still unanswered after this long counts as hanging. */
const CLIENT_TIMEOUT_MS = 30_000;

interface Sample {
  start: number;
  ms: number;
  status: number;
  code: string;
}

export async function pgRestart(o: ScenarioOptions): Promise<Result> {
  const workers = o.tiny ? 4 : 8;
  const warm = o.tiny ? 1500 : o.quick ? 3000 : 5000;
  const down = o.tiny ? 2000 : o.quick ? 4000 : 8000;
  const tail = o.tiny ? 6000 : o.quick ? 8000 : 15_000;
  const pg = await privatePostgres();
  const broker = await privateMosquitto();
  let app: Awaited<ReturnType<typeof startApp>> | undefined;
  try {
    await seedStore({ databaseUrl: pg.url }, o.tiny ? 500 : 5000, 50);
    app = await startApp({ env: { DATABASE_URL: pg.url, MQTT_URL: broker.url, MQTT_CLIENT_ID: `liftsafe-flt-pg-${pg.port}`, MQTT_SHARE_GROUP: `fltpg${pg.port}` } });
    const a = app;
    const samples: Sample[] = [];
    let running = true;
    const t0 = performance.now();
    const loop = async (w: number) => {
      for (let i = w; running; i++) {
        const url = ENDPOINTS[i % ENDPOINTS.length]!;
        const start = performance.now();
        let status = 0;
        let code = '';
        try {
          const r = await fetch(`${a.base}${url}`, { headers: { authorization: `Bearer ${a.token}` }, signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS) });
          status = r.status;
          const text = await r.text();
          if (!r.ok) {
            try {
              code = (JSON.parse(text) as { error?: { code?: string } }).error?.code ?? 'no error code';
            } catch {
              code = 'not JSON';
            }
          }
        } catch (err) {
          code = (err as Error).name === 'TimeoutError' ? 'client timeout (hang)' : `no answer: ${(err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message}`;
        }
        samples.push({ start: start - t0, ms: performance.now() - start, status, code });
        if (!status) await sleep(50);
      }
    };
    const loops = Array.from({ length: workers }, (_, w) => loop(w));
    log(`  ${workers} concurrent request loops over ${ENDPOINTS.length} endpoints; stop PostgreSQL after ${warm / 1000} s`);
    await sleep(warm);
    const stopAt = performance.now() - t0;
    pg.stop();
    log(`  PostgreSQL stopped (-m fast); down for ${down / 1000} s`);
    await sleep(down);
    await pg.start();
    const startedAt = performance.now() - t0;
    log('  PostgreSQL started again');
    await sleep(tail);
    running = false;
    await Promise.all(loops);
    const alive = a.proc.exitCode === null && a.proc.signalCode === null;
    const health = alive ? await fetch(`${a.base}/api/health`).then((r) => r.status).catch(() => 0) : 0;

    const failures = samples.filter((s) => s.status !== 200);
    const byCode = new Map<string, number>();
    for (const f of failures) byCode.set(`${f.status || '-'} ${f.code}`, (byCode.get(`${f.status || '-'} ${f.code}`) ?? 0) + 1);
    const hung = samples.filter((s) => s.code.startsWith('client timeout'));
    const unanswered = failures.filter((s) => !s.status);
    // A database outage is the caller's to retry: 503 STORE_UNAVAILABLE, not 500 INTERNAL (which means a bug).
    const unclear = failures.filter((s) => s.status && !(s.status === 503 && s.code === 'STORE_UNAVAILABLE'));
    const firstOk = samples.filter((s) => s.start >= startedAt && s.status === 200).sort((x, y) => x.start + x.ms - (y.start + y.ms))[0];
    const recoverS = firstOk ? (firstOk.start + firstOk.ms - startedAt) / 1000 : NaN;
    // Every endpoint answers 200 in the last 5 s: the pool replaced the connections the restart killed.
    const last = samples.filter((s) => s.start > startedAt + tail - 5000);
    const lastOk = last.length > 0 && last.every((s) => s.status === 200);
    const longest = Math.max(...samples.map((s) => s.ms));
    const duringOutage = samples.filter((s) => s.start >= stopAt && s.start < startedAt);
    const pass = alive && health === 200 && hung.length === 0 && unanswered.length === 0 && unclear.length === 0 && lastOk && recoverS < 15 && longest < CLIENT_TIMEOUT_MS;
    return {
      name: 'pg-restart',
      pass,
      figures: {
        requests: samples.length,
        'requests during the outage': duringOutage.length,
        failed: failures.length,
        'failures by status and code': [...byCode].map(([k, n]) => `${k} ×${n}`).join('; ') || 'none',
        'hung (client timeout 30 s)': hung.length,
        'no HTTP answer': unanswered.length,
        'failures other than 503 STORE_UNAVAILABLE': unclear.length,
        'longest request ms': Math.round(longest),
        'seconds to recover (PostgreSQL up → first 200)': round(recoverS),
        'last 5 s all 200': lastOk ? 'yes' : `no (${last.filter((s) => s.status !== 200).length} of ${last.length} failed)`,
        'server process restarted': alive ? 'no' : 'it died',
      },
      lost: 'nothing is written in this scenario; failed requests were answered with an error and can be retried',
      notes: alive ? [] : [`server output: ${a.output().slice(-2000)}`],
    };
  } finally {
    await app?.kill9();
    await broker.destroy();
    pg.destroy();
  }
}
