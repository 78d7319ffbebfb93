import mqtt from 'mqtt';
import type { FastifyBaseLogger } from 'fastify';

/**
 * The ingest's connection to an external broker (Mosquitto, EMQX): one MQTT 3.1.1 client subscribed to every
 * adapter's uplink through a shared subscription, so several platform nodes split the device traffic. The broker
 * authenticates devices (docs/device-protocol.md); this side trusts the topic only as far as the broker's ACL.
 */
export interface ExternalIngest {
  publish(topic: string, payload: string): void;
  readonly connected: boolean;
  close(): Promise<void>;
}

export async function connectExternalIngest(opts: {
  url: string;
  clientId: string;
  clean: boolean;
  username?: string;
  password?: string;
  shareGroup: string;
  filters: string[];
  onMessage(topic: string, payload: Buffer): void;
  log: FastifyBaseLogger;
}): Promise<ExternalIngest> {
  const client = mqtt.connect(opts.url, {
    protocolVersion: 4,
    clientId: opts.clientId,
    clean: opts.clean,
    username: opts.username,
    password: opts.password,
    keepalive: 30,
    reconnectPeriod: 1000,
    connectTimeout: 10_000,
  });
  const subscriptions = Object.fromEntries(opts.filters.map((f) => [`$share/${opts.shareGroup}/${f}`, { qos: 1 as const }]));
  client.on('message', (topic, payload) => {
    try {
      opts.onMessage(topic, payload);
    } catch (err) {
      opts.log.error({ err, topic }, 'ingest handler failed');
    }
  });
  client.on('error', (err) => opts.log.warn({ err: err.message }, 'MQTT ingest connection error'));
  client.on('offline', () => opts.log.warn({ url: opts.url }, 'MQTT ingest offline; reconnecting'));
  const subscribe = () =>
    new Promise<void>((resolve, reject) =>
      client.subscribe(subscriptions, (err, granted) => {
        if (err) return reject(err);
        const refused = granted?.filter((g) => g.qos === 128) ?? [];
        if (refused.length) return reject(new Error(`broker refused subscriptions: ${refused.map((g) => g.topic).join(', ')}`));
        resolve();
      }),
    );
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`cannot reach MQTT broker at ${opts.url} (MQTT_URL)`)), 15_000);
    client.once('connect', () => {
      clearTimeout(timer);
      resolve();
    });
  }).catch(async (err) => {
    await client.endAsync(true);
    throw err;
  });
  await subscribe();
  // A persistent session keeps its subscriptions; a clean one must subscribe again after every reconnect.
  client.on('connect', (ack) => {
    if (!ack.sessionPresent) subscribe().catch((err) => opts.log.error({ err }, 'MQTT ingest subscribe failed'));
  });
  opts.log.info({ url: opts.url, filters: Object.keys(subscriptions) }, 'MQTT ingest subscribed');
  return {
    publish: (topic, payload) => {
      client.publish(topic, payload, { qos: 0 });
    },
    get connected() {
      return client.connected;
    },
    close: () => client.endAsync(),
  };
}
