import { parentPort, workerData } from 'node:worker_threads';
import mqtt from 'mqtt';
import { loadAdapters } from '../adapters/index.ts';
import { decodeMessage, type DecodeResult } from './pipeline.ts';
import { reconnectDelayMs } from './backoff.ts';
import { CreditQueue } from './credit-queue.ts';

/**
 * The ingest's MQTT connection to an external broker, in its own thread: reading the socket, MQTT framing, JSON and
 * zod decoding happen here, so a busy main thread (store flushes, API requests) never stops the socket being read —
 * a broker drops messages for a subscriber that falls behind. Decoded messages go to the main thread in batches.
 */
export interface WorkerConfig {
  url: string;
  clientId: string;
  clean: boolean;
  username?: string;
  password?: string;
  shareGroup: string;
  /** Which lane this thread reads: the bulk of status reports, or faults and events. */
  lane: 'bulk' | 'events';
}

export type Item = { d: string; p: string; r: DecodeResult } | { u: 1 };
/** `shed`: status reports this lane dropped since its last batch because the main thread was too far behind. */
export type ToMain = { type: 'ready' } | { type: 'fatal'; message: string } | { type: 'batch'; items: Item[]; shed: number } | { type: 'log'; level: 'warn' | 'error'; message: string };
/** `taken`: the main thread has handled a batch; the lane may send another. */
export type ToWorker = { type: 'publish'; topic: string; payload: string } | { type: 'taken' } | { type: 'close' };

const cfg = workerData as WorkerConfig;
const port = parentPort!;
const send = (m: ToMain) => port.postMessage(m);

const adapters = await loadAdapters();
const options = (lane: string): mqtt.IClientOptions => ({
  protocolVersion: 4,
  clientId: `${cfg.clientId}${lane}`.slice(0, 64),
  clean: cfg.clean,
  username: cfg.username,
  password: cfg.password,
  keepalive: 30,
  reconnectPeriod: 1000,
  connectTimeout: 10_000,
});
// One lane per thread: the bulk of status reports, or the priority lane for faults and events, so an entrapment is
// never parsed after a backlog of status reports.
const client = mqtt.connect(cfg.url, options(cfg.lane === 'events' ? '-ev' : ''));
const share = (filters: string[]) => Object.fromEntries(filters.map((f) => [`$share/${cfg.shareGroup}/${f}`, { qos: 1 as const }]));
// A filter in both lists would make the two lanes one shared group's members, splitting events between them.
const subs =
  cfg.lane === 'events'
    ? share(adapters.all().flatMap((a) => a.eventSubscriptions))
    : share(adapters.all().flatMap((a) => a.subscriptions.filter((f) => !a.eventSubscriptions.includes(f))));

// Credit-based flow to the main thread (credit-queue.ts). The event lane is light and urgent: each event goes at
// once, up to 32 messages in flight, and it never sheds.
const queue = new CreditQueue<Item>(
  (items, shed) => send({ type: 'batch', items, shed }),
  cfg.lane === 'events' ? { batch: 1, maxSend: 5000, inFlight: 32, maxBacklog: Number.POSITIVE_INFINITY } : { batch: 1000, maxSend: 5000, inFlight: 2, maxBacklog: 1_000_000 },
);
let scheduled = false;
const flushSoon = () => {
  if (scheduled) return;
  scheduled = true;
  setImmediate(() => {
    scheduled = false;
    queue.flush();
  });
};

const onMessage = (lane: 'bulk' | 'events') => (topic: string, payload: Buffer) => {
  const routed = adapters.route(topic);
  // The bulk filters also match event topics; those are read on the event lane.
  if (lane === 'bulk' && routed?.adapter.isEventTopic(topic)) return;
  const item: Item = routed ? { d: routed.deviceId, p: routed.adapter.protocol, r: decodeMessage(routed.adapter, topic, payload, new Date()) } : { u: 1 };
  if (queue.push(item)) flushSoon();
};
client.on('message', onMessage(cfg.lane));
client.on('error', (err) => send({ type: 'log', level: 'warn', message: `MQTT ingest (${cfg.lane}) connection error: ${err.message}` }));
client.on('offline', () => send({ type: 'log', level: 'warn', message: `MQTT ingest (${cfg.lane}) offline (${cfg.url}); reconnecting` }));
// Back off while the broker stays away (mqtt.js reads reconnectPeriod when it schedules the next attempt).
let failedAttempts = 0;
client.on('reconnect', () => {
  client.options.reconnectPeriod = reconnectDelayMs(++failedAttempts);
});
client.on('connect', () => {
  failedAttempts = 0;
  client.options.reconnectPeriod = reconnectDelayMs(0);
});

const subscribe = (c: mqtt.MqttClient, subs: mqtt.ISubscriptionMap) =>
  new Promise<void>((resolve, reject) =>
    c.subscribe(subs, (err, granted) => {
      if (err) return reject(err);
      const refused = granted?.filter((g) => g.qos === 128) ?? [];
      if (refused.length) return reject(new Error(`broker refused subscriptions: ${refused.map((g) => g.topic).join(', ')}`));
      resolve();
    }),
  );
const connected = (c: mqtt.MqttClient) => new Promise<void>((resolve) => (c.connected ? resolve() : c.once('connect', () => resolve())));

const timer = setTimeout(() => send({ type: 'fatal', message: `cannot reach MQTT broker at ${cfg.url} (MQTT_URL)` }), 15_000);
connected(client)
  .then(() => subscribe(client, subs))
  .then(() => {
    clearTimeout(timer);
    // A persistent session keeps its subscriptions; a clean one must subscribe again after every reconnect.
    client.on('connect', (ack) => {
      if (ack.sessionPresent) send({ type: 'ready' });
      else
        subscribe(client, subs)
          .then(() => send({ type: 'ready' }))
          .catch((err) => send({ type: 'log', level: 'error', message: `MQTT ingest subscribe failed: ${err.message}` }));
    });
    send({ type: 'ready' });
  })
  .catch((err) => send({ type: 'fatal', message: err.message }));

// Replies are many and small: cork the socket for the rest of this tick so they leave in one write.
let corked = false;
const stream = () => (client as unknown as { stream?: { cork(): void; uncork(): void } }).stream;
port.on('message', (m: ToWorker) => {
  if (m.type === 'publish') {
    const s = stream();
    if (s && !corked) {
      corked = true;
      s.cork();
      process.nextTick(() => {
        corked = false;
        stream()?.uncork();
      });
    }
    client.publish(m.topic, m.payload, { qos: 0 });
  } else if (m.type === 'taken') {
    queue.taken();
  } else if (m.type === 'close') {
    queue.drain();
    client.endAsync().finally(() => process.exit(0));
  }
});
