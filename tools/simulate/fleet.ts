import { connect, type IClientOptions, type MqttClient } from 'mqtt';
import { FAULT_TYPES, type FaultType } from '../../src/modules/iot/iot.domain.ts';
import { Rng } from '../demo/random.ts';
import * as model from './elevator-model.ts';
import { canReport, createCodec, drawQuirks, type DeviceCodec, type MessageKind, type Outgoing } from './encode.ts';

/**
 * A fleet of virtual monitoring terminals over real MQTT 3.1.1, one connection per device, for the demo and
 * benchmarks. One timer drives everything: the elevator models (a wake-time heap), the send budget
 * (`ratePerSecond` across the fleet) and reconnections, so thousands of devices cost a few fields each plus
 * their MQTT client.
 */

export interface SimDevice {
  deviceId: string;
  protocol: 'native' | 'jtc340';
  /** JTC340 only: the product key in its topics. */
  productKey?: string;
  secret: string;
  floors: number;
  /** The terminal reports trapped itself (else the server must infer it from the status). */
  reportsTrapped?: boolean;
}

export interface FleetOptions {
  url: string;
  devices: SimDevice[];
  /** Messages per second across the fleet: status on change, periodic status (at least every 60 s), stats, events. */
  ratePerSecond: number;
  /** Default 1. */
  entrapmentsPer10kPerDay?: number;
  /** Default 30. */
  faultsPer10kPerDay?: number;
  /** Demo switch: entrapments and faults every few minutes across the fleet, short rescues and faults. */
  frequent?: boolean;
  /** Terminals going silent for a while. Default 50. */
  offlinePer10kPerDay?: number;
  /** Simulated time (epoch ms) for the models and timestamps; the send rate always follows the real clock. */
  now?: () => number;
  log?: (msg: string) => void;
  /** Each elevator's building, its terminal's quirks and its lifetime counters. Default 1. */
  seed?: number;
  /**
   * What happens (calls, faults, entrapments, silences). Default `seed`, so every run tells the same story; the
   * demo passes a new one at each start, so a restarted demo does not replay the same entrapments at the same
   * minutes on the same elevators.
   */
  runSeed?: number;
  /**
   * Demo: the first minutes show one of each story, so a person opening the views does not wait for chance — an
   * entrapment the terminal reports (`PROLOGUE.reportedTrapMs`), one on a terminal that does not report entrapment
   * so the platform must infer it from the status (`PROLOGUE.unreportedTrapMs`), and a terminal going silent
   * (`PROLOGUE.offlineMs`; the platform's offline alarm follows after its 5 minutes).
   */
  prologue?: boolean;
}

export interface FleetStats {
  connected: number;
  published: number;
  publishedByKind: Record<string, number>;
  faultsOpened: number;
  entrapments: number;
  errors: number;
  acksReceived: number;
}

export interface Fleet {
  stats(): FleetStats;
  /**
   * Forces a fault (any canonical type; `offline` silences the terminal) and resolves once its event is published
   * (acknowledged by the broker); for a silent terminal, once it is back. Rejects for an unknown device, or a fault
   * the device's protocol cannot report.
   */
  inject(deviceId: string, fault: string, phase?: 'open' | 'close'): Promise<void>;
  stop(): Promise<void>;
}

const TICK_MS = 50;
/** Every device is visited at least this often whatever the rate (the protocol asks for a status every 60 s). */
const HEARTBEAT_MS = 50_000;
const STATS_MS = 15 * 60_000;
const FREQUENT_STATS_MS = 5 * 60_000;
/** Connection attempts in flight at once. */
const CONNECT_WINDOW = 50;
/** Status reports are skipped while a socket has this much unsent. */
const CONGESTED_BYTES = 256 * 1024;
/** When the prologue's stories start, after the fleet's start (an entrapment happens on the car's next ride). */
export const PROLOGUE = { reportedTrapMs: 30_000, unreportedTrapMs: 45_000, offlineMs: 60_000 };

interface Pending {
  m: Outgoing;
  done?: (err?: Error) => void;
}

interface Dev {
  index: number;
  sim: SimDevice;
  rng: Rng;
  state: model.ElevatorState;
  codec: DeviceCodec;
  client?: MqttClient;
  connected: boolean;
  connecting: boolean;
  settledOnce: boolean;
  /** Simulated silence: disconnected on purpose, back when the model says so. */
  silent: boolean;
  reconnectAt: number;
  attempts: number;
  pending: Pending[];
  dirty: boolean;
  wake: number;
  lastStatsAt: number;
}

/** Min-heap of (time, device index); stale entries are skipped on pop (lazy deletion). */
class WakeHeap {
  private times: number[] = [];
  private ids: number[] = [];
  get size() {
    return this.times.length;
  }
  peek(): number {
    return this.times[0];
  }
  push(time: number, id: number): void {
    const { times, ids } = this;
    let i = times.push(time) - 1;
    ids.push(id);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (times[p] <= time) break;
      times[i] = times[p];
      ids[i] = ids[p];
      i = p;
    }
    times[i] = time;
    ids[i] = id;
  }
  pop(): [number, number] {
    const { times, ids } = this;
    const top: [number, number] = [times[0], ids[0]];
    const lastT = times.pop()!;
    const lastI = ids.pop()!;
    if (times.length) {
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= times.length) break;
        if (c + 1 < times.length && times[c + 1] < times[c]) c++;
        if (times[c] >= lastT) break;
        times[i] = times[c];
        ids[i] = ids[c];
        i = c;
      }
      times[i] = lastT;
      ids[i] = lastI;
    }
    return top;
  }
}

/** Per-elevator rates from fleet-wide ones; `frequent` makes something happen every few minutes somewhere. */
function ratesFor(opts: FleetOptions): model.ModelRates {
  const n = Math.max(1, opts.devices.length);
  const per10k = (x: number) => x / 10_000;
  const everyMinutes = (m: number) => (opts.frequent ? (24 * 60) / m / n : 0);
  return {
    entrapmentsPerDay: Math.max(per10k(opts.entrapmentsPer10kPerDay ?? 1), everyMinutes(3)),
    faultsPerDay: Math.max(per10k(opts.faultsPer10kPerDay ?? 30), everyMinutes(2)),
    offlinePerDay: Math.max(per10k(opts.offlinePer10kPerDay ?? 50), everyMinutes(15)),
    // Frequent rescues still outlast the platform's 120 s inferred-trapped rule.
    rescueMinutes: opts.frequent ? [3, 6] : [5, 30],
    faultMinutes: opts.frequent ? [1, 5] : [5, 60],
    // Frequent silences outlast the platform's 5-minute offline rule.
    offlineMinutes: opts.frequent ? [6, 9] : [2, 30],
    detectSeconds: [30, 60],
  };
}

function backoffMs(attempts: number, rng: Rng): number {
  return Math.min(60_000, 1000 * 2 ** Math.min(attempts, 6)) * (0.5 + rng.next());
}

/**
 * Builds the models, connects every device (at most CONNECT_WINDOW attempts at once, so thousands start without a
 * storm) and resolves once each has had its first attempt, connected or not. Devices that fail or drop are retried
 * with exponential backoff and jitter until stop().
 */
export async function startFleet(opts: FleetOptions): Promise<Fleet> {
  const now = opts.now ?? Date.now;
  const log = opts.log ?? (() => {});
  const seed = opts.seed ?? 1;
  const rate = Math.max(0, opts.ratePerSecond);
  const statsMs = opts.frequent ? FREQUENT_STATS_MS : STATS_MS;
  const rates = ratesFor(opts);
  const start = now();
  const bootId = Math.floor(start).toString(36);
  const jitter = new Rng(seed).fork('reconnect');

  const counters = { published: 0, faultsOpened: 0, entrapments: 0, errors: 0, acksReceived: 0, connected: 0 };
  const byKind: Record<MessageKind, number> = { status: 0, stats: 0, event: 0, info: 0 };
  const devs: Dev[] = [];
  const byId = new Map<string, Dev>();
  const heap = new WakeHeap();
  const runSeed = opts.runSeed ?? seed;
  for (const sim of opts.devices) {
    if (byId.has(sim.deviceId)) throw new Error(`duplicate device ${sim.deviceId}`);
    if (sim.protocol === 'jtc340' && !sim.productKey) throw new Error(`${sim.deviceId}: a JTC340 terminal needs its productKey`);
    const rng = new Rng(seed).fork(sim.deviceId);
    const profile = model.createProfile(rng.fork('profile'), sim.floors, !!sim.reportsTrapped);
    const state = model.createElevator(profile, rates, start, rng);
    const codec = createCodec(sim, bootId, drawQuirks(rng.fork('quirks'), sim.protocol));
    codec.startPeriod(totals(state), start);
    let events = rng;
    if (runSeed !== seed) {
      events = new Rng(runSeed).fork(sim.deviceId);
      model.redraw(state, start, events);
    }
    const dev: Dev = {
      index: devs.length,
      sim,
      rng: events,
      state,
      codec,
      connected: false,
      connecting: false,
      settledOnce: false,
      silent: false,
      reconnectAt: Infinity,
      attempts: 0,
      pending: [],
      dirty: false,
      wake: Infinity,
      // The first visit reports the counters; the round robin spreads the fleet's later reports.
      lastStatsAt: -Infinity,
    };
    devs.push(dev);
    byId.set(sim.deviceId, dev);
    reschedule(dev);
  }
  const n = devs.length;
  if (opts.prologue && n) {
    // Distinct devices, drawn from the run's seed: a different elevator each run.
    const pick = new Rng(runSeed).fork('prologue');
    const taken = new Set<Dev>();
    const choose = (ok: (d: Dev) => boolean): Dev | undefined => {
      const pool = devs.filter((d) => ok(d) && !taken.has(d));
      const d = pool.length ? pool[Math.floor(pick.next() * pool.length)] : undefined;
      if (d) taken.add(d);
      return d;
    };
    const stories: [Dev | undefined, 'entrapment' | 'offline', number][] = [
      [choose((d) => !!d.sim.reportsTrapped), 'entrapment', PROLOGUE.reportedTrapMs],
      [choose((d) => !d.sim.reportsTrapped), 'entrapment', PROLOGUE.unreportedTrapMs],
      [choose(() => true), 'offline', PROLOGUE.offlineMs],
    ];
    for (const [dev, what, after] of stories) {
      if (!dev) continue;
      model.schedule(dev.state, what, start + after);
      reschedule(dev);
      log(`prologue: ${what === 'offline' ? 'silence' : dev.sim.reportsTrapped ? 'reported entrapment' : 'unreported entrapment'} on ${dev.sim.deviceId} from +${after / 1000} s`);
    }
  }
  if (n && rate < (n * 1000) / HEARTBEAT_MS) log(`rate ${rate}/s is below the heartbeat floor of ${Math.ceil((n * 1000) / HEARTBEAT_MS)}/s for ${n} devices: sending at the floor`);
  if (n && rate / n > 15) log(`rate ${rate}/s is ${(rate / n).toFixed(1)} msg/s per device: near the platform's flood limit (20/s)`);

  let stopping = false;
  let budget = 0;
  let mandatory = 0;
  let cursor = 0;
  let lastReal = performance.now();
  const urgent = new Set<Dev>();
  let dirtyQueue: Dev[] = [];
  let dirtyHead = 0;
  const reconnecting = new Set<Dev>();
  const connectQueue: Dev[] = [];
  let connectHead = 0;
  let inFlight = 0;
  let unsettled = n;
  let resolveInitial!: () => void;
  const initial = new Promise<void>((r) => (resolveInitial = r));
  if (!n) resolveInitial();

  function totals(s: model.ElevatorState) {
    return { runs: s.runs, runSeconds: s.runSeconds, distanceM: s.distanceM, doorCycles: s.doorCycles };
  }

  function reschedule(dev: Dev): void {
    const w = model.nextWake(dev.state);
    if (w === dev.wake) return;
    dev.wake = w;
    if (w !== Infinity) heap.push(w, dev.index);
  }

  function noteError(dev: Dev | undefined, err: Error): void {
    counters.errors++;
    if (counters.errors <= 5 || counters.errors % 1000 === 0) log(`${dev ? dev.sim.deviceId + ': ' : ''}${err.message} (${counters.errors} errors so far)`);
  }

  function online(dev: Dev): boolean {
    return dev.connected && !dev.silent;
  }

  function publish(dev: Dev, m: Outgoing, done?: (err?: Error) => void): void {
    counters.published++;
    byKind[m.kind]++;
    dev.client!.publish(m.topic, m.payload, { qos: m.qos }, (err) => {
      if (err) noteError(dev, err);
      done?.(err ?? undefined);
    });
  }

  function sendStatus(dev: Dev, t: number): void {
    dev.dirty = false;
    publish(dev, dev.codec.status(model.statusOf(dev.state), t));
  }

  function congested(dev: Dev): boolean {
    return (dev.client?.stream?.writableLength ?? 0) > CONGESTED_BYTES;
  }

  function markDirty(dev: Dev): void {
    if (dev.dirty) return;
    dev.dirty = true;
    dirtyQueue.push(dev);
  }

  function handle(dev: Dev, out: model.ModelOutput[], track?: Promise<void>[]): void {
    for (const o of out) {
      if (o.kind === 'status') markDirty(dev);
      else if (o.kind === 'offline') {
        if (o.phase === 'begin') goSilent(dev);
        else comeBack(dev);
      } else {
        if (o.phase === 'open') {
          if (o.fault === 'trapped') counters.entrapments++;
          else counters.faultsOpened++;
        }
        if (o.silent) continue;
        const m = dev.codec.fault(o);
        if (!m) continue;
        const p: Pending = { m };
        if (track) track.push(new Promise<void>((resolve, reject) => (p.done = (err) => (err ? reject(err) : resolve()))));
        dev.pending.push(p);
        urgent.add(dev);
      }
    }
  }

  const out: model.ModelOutput[] = [];
  function runModel(dev: Dev, t: number): void {
    out.length = 0;
    model.advance(dev.state, t, dev.rng, out);
    handle(dev, out);
    reschedule(dev);
  }

  function goSilent(dev: Dev): void {
    dev.silent = true;
    reconnecting.delete(dev);
    if (dev.client && (dev.connected || dev.connecting)) dev.client.stream?.destroy();
  }

  function comeBack(dev: Dev): void {
    dev.silent = false;
    if (!dev.connected && !dev.connecting) {
      dev.attempts = 0;
      dev.reconnectAt = 0;
      reconnecting.add(dev);
    }
  }

  function settle(dev: Dev): void {
    if (dev.connecting) {
      dev.connecting = false;
      inFlight--;
    }
    if (!dev.settledOnce) {
      dev.settledOnce = true;
      if (--unsettled === 0) resolveInitial();
    }
    pumpConnects();
  }

  function pumpConnects(): void {
    while (!stopping && inFlight < CONNECT_WINDOW && connectHead < connectQueue.length) {
      const dev = connectQueue[connectHead++];
      if (dev.silent || dev.connected || dev.connecting) {
        if (!dev.settledOnce) settle(dev);
        continue;
      }
      openConnection(dev);
    }
    if (connectHead > 4096 && connectHead * 2 > connectQueue.length) {
      connectQueue.splice(0, connectHead);
      connectHead = 0;
    }
  }

  function openConnection(dev: Dev): void {
    dev.connecting = true;
    inFlight++;
    if (dev.client) {
      const c = dev.client;
      // Keep the stores: QoS 1 messages in flight when the link dropped are sent again, with the same ids.
      c.reconnect({ incomingStore: c.incomingStore, outgoingStore: c.outgoingStore });
      return;
    }
    const { deviceId, secret } = dev.sim;
    const options: IClientOptions = {
      clientId: deviceId,
      username: deviceId,
      password: secret,
      clean: false,
      keepalive: 60,
      protocolVersion: 4,
      // Reconnection is ours (backoff with jitter from the one loop), not a timer per client.
      reconnectPeriod: 0,
      connectTimeout: 10_000,
      resubscribe: false,
    };
    const client = connect(opts.url, options);
    dev.client = client;
    client.on('connect', (connack) => {
      if (stopping) return;
      if (dev.silent) {
        client.stream?.destroy();
        return;
      }
      dev.connected = true;
      counters.connected++;
      dev.attempts = 0;
      settle(dev);
      if (!connack.sessionPresent) client.subscribe(dev.codec.downlink, { qos: 1 }, (err) => err && noteError(dev, err));
      const info = dev.codec.info(now());
      if (info) dev.pending.unshift({ m: info });
      markDirty(dev);
      if (dev.pending.length) urgent.add(dev);
    });
    client.on('message', () => {
      counters.acksReceived++;
    });
    client.on('error', (err) => {
      noteError(dev, err);
      // Refused at CONNECT (bad secret, unknown or unbound device): no point knocking every second.
      const code = (err as { code?: unknown }).code;
      if (code === 4 || code === 5) dev.attempts = Math.max(dev.attempts, 4);
    });
    client.on('close', () => {
      if (dev.connected) counters.connected--;
      dev.connected = false;
      settle(dev);
      if (stopping || dev.silent) return;
      dev.reconnectAt = performance.now() + backoffMs(dev.attempts++, jitter);
      reconnecting.add(dev);
    });
  }

  function flushUrgent(dev: Dev, t: number): number {
    let sent = 0;
    // The status that goes with an event (a trapped car: occupied, door closed); an info on connect waits its turn.
    if (dev.dirty && dev.pending.some((p) => p.m.kind === 'event')) {
      sendStatus(dev, t);
      sent++;
    }
    for (const p of dev.pending) {
      publish(dev, p.m, p.done);
      sent++;
    }
    dev.pending.length = 0;
    return sent;
  }

  /** A device's turn in the round robin: its status, and its statistics when due. */
  function visit(dev: Dev, t: number): number {
    let sent = 0;
    if (t - dev.lastStatsAt >= statsMs) {
      dev.lastStatsAt = t;
      publish(dev, dev.codec.stats(totals(dev.state), t));
      sent++;
    }
    if (!congested(dev)) {
      sendStatus(dev, t);
      sent++;
    }
    return sent;
  }

  function tick(): void {
    const real = performance.now();
    const dt = Math.min(1, (real - lastReal) / 1000);
    lastReal = real;
    const t = now();

    for (const dev of reconnecting) {
      if (dev.reconnectAt > real) continue;
      reconnecting.delete(dev);
      connectQueue.push(dev);
    }
    pumpConnects();

    while (heap.size && heap.peek() <= t) {
      const [time, i] = heap.pop();
      const dev = devs[i];
      if (time !== dev.wake) continue;
      dev.wake = Infinity;
      runModel(dev, t);
    }

    budget = Math.min(budget + rate * dt, Math.max(2, rate * 0.25));
    mandatory = Math.min(n, mandatory + (n * dt * 1000) / HEARTBEAT_MS);

    // Events first and unthrottled: they are rare and they are what the platform is for.
    for (const dev of urgent) {
      if (!online(dev)) continue;
      budget -= flushUrgent(dev, t);
      urgent.delete(dev);
    }
    // Then changed statuses, coalesced per device, as the budget allows.
    while (budget >= 1 && dirtyHead < dirtyQueue.length) {
      const dev = dirtyQueue[dirtyHead++];
      if (!dev.dirty) continue;
      if (!online(dev)) {
        dev.dirty = false;
        continue;
      }
      sendStatus(dev, t);
      budget--;
    }
    if (dirtyHead === dirtyQueue.length) {
      dirtyQueue = [];
      dirtyHead = 0;
    } else if (dirtyHead > 4096) {
      dirtyQueue = dirtyQueue.slice(dirtyHead);
      dirtyHead = 0;
    }
    // Then the round robin: periodic status and stats, at least one visit per device per HEARTBEAT_MS.
    for (let visits = 0; visits < n && (budget >= 1 || mandatory >= 1); visits++) {
      const dev = devs[cursor];
      cursor = (cursor + 1) % n;
      if (mandatory >= 1) mandatory--;
      if (online(dev)) budget -= visit(dev, t);
    }
    budget = Math.max(budget, -Math.max(rate, 1));
  }

  const timer = setInterval(() => {
    try {
      tick();
    } catch (err) {
      noteError(undefined, err as Error);
    }
  }, TICK_MS);

  for (const dev of devs) connectQueue.push(dev);
  try {
    pumpConnects(); // throws on a URL mqtt cannot use
  } catch (err) {
    clearInterval(timer);
    throw err;
  }
  await initial;
  log(`fleet: ${counters.connected}/${n} connected to ${opts.url}`);

  return {
    stats: () => ({ ...counters, publishedByKind: { ...byKind } }),

    async inject(deviceId, fault, phase = 'open') {
      const dev = byId.get(deviceId);
      if (!dev) throw new Error(`unknown device ${deviceId}`);
      if (!(FAULT_TYPES as readonly string[]).includes(fault)) throw new Error(`unknown fault ${fault}`);
      if (!canReport(dev.sim.protocol, fault as FaultType)) throw new Error(`${dev.sim.protocol} terminals cannot report ${fault}`);
      if (stopping) throw new Error('fleet stopped');
      const t = now();
      runModel(dev, t);
      const track: Promise<void>[] = [];
      handle(dev, model.inject(dev.state, fault as FaultType, phase, t, dev.rng), track);
      reschedule(dev);
      if (online(dev)) {
        budget -= flushUrgent(dev, t);
        urgent.delete(dev);
      }
      await Promise.all(track);
    },

    async stop() {
      if (stopping) return;
      stopping = true;
      clearInterval(timer);
      const stopped = new Error('fleet stopped');
      for (const dev of devs) {
        for (const p of dev.pending) p.done?.(stopped);
        dev.pending.length = 0;
      }
      await Promise.all(devs.map((dev) => endClient(dev.client)));
    },
  };
}

/** Ends a client politely (DISCONNECT, so the broker keeps the session without a will), forcing it after 2 s. */
function endClient(client: MqttClient | undefined): Promise<void> {
  if (!client) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const force = setTimeout(() => client.end(true, () => resolve()), 2000);
    client.end(!client.connected, () => {
      clearTimeout(force);
      resolve();
    });
  });
}
