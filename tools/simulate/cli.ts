import crypto from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { DEMO_PRODUCT_KEY, demoDeviceId } from '../demo/demo-devices.ts';
import { Rng } from '../demo/random.ts';
import { startFleet, type SimDevice } from './fleet.ts';

/**
 * `npm run simulate -- --elevators N --rate M`: registers a terminal for each of N in-use elevators through the
 * platform's HTTP API (known secrets, so the fleet can log in), then drives them over MQTT until stopped.
 */

export interface CliOptions {
  elevators: number;
  rate: number;
  url: string;
  api: string;
  user: string;
  password: string;
  protocol: 'native' | 'jtc340' | 'mixed';
  frequent: boolean;
  entrapments?: number;
  faults?: number;
  seed: number;
  duration?: number;
}

const USAGE = `usage: npm run simulate -- --elevators N --rate M [--url mqtt://127.0.0.1:1883] [--api http://127.0.0.1:3000]
  [--user admin] [--password Admin12345] [--protocol native|jtc340|mixed] [--frequent] [--entrapments X] [--faults X]
  [--seed S] [--duration seconds]`;

export function parseCli(argv: string[]): CliOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      elevators: { type: 'string', default: '100' },
      rate: { type: 'string' },
      url: { type: 'string', default: 'mqtt://127.0.0.1:1883' },
      api: { type: 'string', default: 'http://127.0.0.1:3000' },
      user: { type: 'string', default: 'admin' },
      password: { type: 'string', default: 'Admin12345' },
      protocol: { type: 'string', default: 'mixed' },
      frequent: { type: 'boolean', default: false },
      entrapments: { type: 'string' },
      faults: { type: 'string' },
      seed: { type: 'string', default: '1' },
      duration: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) throw new Error(USAGE);
  const num = (name: string, v: string | undefined, min: number): number | undefined => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isFinite(n) || n < min) throw new Error(`--${name} must be a number ≥ ${min}, got ${v}\n${USAGE}`);
    return n;
  };
  const elevators = Math.floor(num('elevators', values.elevators, 1)!);
  if (!['native', 'jtc340', 'mixed'].includes(values.protocol!)) throw new Error(`--protocol must be native, jtc340 or mixed\n${USAGE}`);
  return {
    elevators,
    // By default each terminal reports about every 10 s.
    rate: num('rate', values.rate, 0.01) ?? Math.max(1, Math.ceil(elevators / 10)),
    url: values.url!,
    api: values.api!.replace(/\/$/, ''),
    user: values.user!,
    password: values.password!,
    protocol: values.protocol as CliOptions['protocol'],
    frequent: values.frequent!,
    entrapments: num('entrapments', values.entrapments, 0),
    faults: num('faults', values.faults, 0),
    seed: Math.floor(num('seed', values.seed, 0)!),
    duration: num('duration', values.duration, 1),
  };
}

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

async function call<T>(api: string, method: string, path: string, token: string | undefined, body?: unknown): Promise<T> {
  const res = await fetch(api + path, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    if (res.ok) throw new Error(`${method} ${path}: not JSON`);
  }
  if (!res.ok) {
    const err = (json as { error?: { code?: string; message?: string } } | undefined)?.error;
    throw new ApiError(res.status, err?.code, `${method} ${path}: ${res.status} ${err?.code ?? ''} ${err?.message ?? text.slice(0, 200)}`.trim());
  }
  return json as T;
}

interface ElevatorItem {
  registrationCode: string;
  floors?: number | null;
}

export interface ProvisionOptions {
  api: string;
  user: string;
  password: string;
  count: number;
  protocol: CliOptions['protocol'];
  seed: number;
  log?: (msg: string) => void;
  /** Registrations in flight at once. */
  concurrency?: number;
}

/** One terminal per elevator; the same elevator gets the same protocol for a seed. */
function deviceFor(e: ElevatorItem, mode: CliOptions['protocol'], seed: number): SimDevice {
  const rng = new Rng(seed).fork(e.registrationCode);
  const protocol = mode === 'mixed' ? (rng.chance(0.7) ? 'native' : 'jtc340') : mode;
  const floors = typeof e.floors === 'number' && e.floors >= 2 ? e.floors : rng.int(6, 32);
  return {
    deviceId: demoDeviceId(e.registrationCode, protocol),
    protocol,
    productKey: protocol === 'jtc340' ? DEMO_PRODUCT_KEY : undefined,
    secret: crypto.randomBytes(18).toString('base64url'),
    floors,
    // JTC340 terminals raise LockEvent themselves; some native terminals leave entrapment to the platform.
    reportsTrapped: protocol === 'jtc340' || rng.chance(0.6),
  };
}

function withProtocol(d: SimDevice, registrationCode: string, protocol: SimDevice['protocol']): SimDevice {
  return { ...d, protocol, deviceId: demoDeviceId(registrationCode, protocol), productKey: protocol === 'jtc340' ? DEMO_PRODUCT_KEY : undefined };
}

/**
 * Logs in, lists in-use elevators and registers a terminal with a fresh secret for each. A terminal registered by
 * an earlier run (DEVICE_EXISTS) gets its secret rotated; an elevator bound to another terminal
 * (DEVICE_ELEVATOR_TAKEN) is taken over only if that terminal is its demo terminal of the other protocol, else
 * skipped.
 */
export async function provisionDevices(o: ProvisionOptions): Promise<{ devices: SimDevice[]; skipped: number }> {
  const log = o.log ?? (() => {});
  const { token } = await call<{ token: string }>(o.api, 'POST', '/api/auth/login', undefined, { username: o.user, password: o.password });
  const elevators: ElevatorItem[] = [];
  for (let page = 1; elevators.length < o.count; page++) {
    const r = await call<{ items: ElevatorItem[]; total: number }>(o.api, 'GET', `/api/elevators?status=IN_USE&pageSize=200&page=${page}`, token);
    elevators.push(...r.items.slice(0, o.count - elevators.length));
    if (!r.items.length || page * 200 >= r.total) break;
  }
  if (elevators.length < o.count) log(`only ${elevators.length} in-use elevators visible to ${o.user}`);

  const rotate = (d: SimDevice) => call(o.api, 'POST', `/api/devices/${encodeURIComponent(d.deviceId)}/rotate-secret`, token, { secret: d.secret });
  const register = async (e: ElevatorItem): Promise<SimDevice | null> => {
    const d = deviceFor(e, o.protocol, o.seed);
    const body = { deviceId: d.deviceId, protocol: d.protocol, secret: d.secret, registrationCode: e.registrationCode, ...(d.productKey ? { productKey: d.productKey } : {}) };
    try {
      await call(o.api, 'POST', '/api/devices', token, body);
      return d;
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 409) throw err;
      if (err.code === 'DEVICE_EXISTS') {
        await rotate(d);
        return d;
      }
      if (err.code !== 'DEVICE_ELEVATOR_TAKEN') throw err;
      const other = withProtocol(d, e.registrationCode, d.protocol === 'native' ? 'jtc340' : 'native');
      try {
        await rotate(other);
        return other;
      } catch {
        return null;
      }
    }
  };

  const devices: SimDevice[] = [];
  let skipped = 0;
  let next = 0;
  let failure: unknown;
  const worker = async () => {
    while (next < elevators.length && !failure) {
      const e = elevators[next++];
      try {
        const d = await register(e);
        if (d) devices.push(d);
        else skipped++;
      } catch (err) {
        // Not logged in, no such route, the server down: every registration would fail the same way.
        if (err instanceof ApiError && ![401, 403, 404, 405].includes(err.status) && err.status < 500) {
          skipped++;
          if (skipped <= 5) log(`skipping ${e.registrationCode}: ${err.message}`);
        } else failure ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: o.concurrency ?? 8 }, worker));
  if (failure) throw failure;
  return { devices, skipped };
}

async function main(): Promise<void> {
  let opts: CliOptions;
  try {
    opts = parseCli(process.argv.slice(2));
  } catch (err) {
    console.error((err as Error).message);
    process.exit(2);
  }
  const log = (msg: string) => console.log(`[simulate] ${msg}`);
  log(`registering ${opts.elevators} terminals (${opts.protocol}) at ${opts.api}`);
  const { devices, skipped } = await provisionDevices({ api: opts.api, user: opts.user, password: opts.password, count: opts.elevators, protocol: opts.protocol, seed: opts.seed, log });
  const jtc = devices.filter((d) => d.protocol === 'jtc340').length;
  log(`${devices.length} terminals (${devices.length - jtc} native, ${jtc} JTC340)${skipped ? `, ${skipped} elevators skipped` : ''}; connecting to ${opts.url} at ${opts.rate} msg/s`);
  if (!devices.length) process.exit(1);

  const fleet = await startFleet({
    url: opts.url,
    devices,
    ratePerSecond: opts.rate,
    frequent: opts.frequent,
    entrapmentsPer10kPerDay: opts.entrapments,
    faultsPer10kPerDay: opts.faults,
    seed: opts.seed,
    log,
  });
  let last = { at: performance.now(), published: 0 };
  const progress = () => {
    const s = fleet.stats();
    const at = performance.now();
    const rate = ((s.published - last.published) * 1000) / (at - last.at);
    last = { at, published: s.published };
    log(`connected ${s.connected}/${devices.length} · ${rate.toFixed(1)} msg/s · faults ${s.faultsOpened} · entrapments ${s.entrapments} · acks ${s.acksReceived} · errors ${s.errors}`);
  };
  const timer = setInterval(progress, 5000);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    clearInterval(timer);
    progress();
    await fleet.stop();
    log(`stopped; ${fleet.stats().published} messages published`);
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  if (opts.duration) setTimeout(stop, opts.duration * 1000);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: Error) => {
    console.error(`[simulate] ${err.message}`);
    process.exit(1);
  });
}
