import net from 'node:net';
import type { FastifyBaseLogger } from 'fastify';

/**
 * The MQTT side of the platform: the embedded aedes broker (MQTT 3.1.1) by default, or nothing here when an
 * external broker (MQTT_URL, e.g. Mosquitto) is configured. Who may connect, publish and subscribe, and what
 * happens to a publish, is decided by the IoT module through `setHooks`; until it does, every login is refused.
 */
export interface BrokerHooks {
  authenticate(username: string, password: string): Promise<boolean>;
  /** May this login publish on this topic? (false disconnects the client, as MQTT 3.1.1 has no other refusal) */
  authorizePublish(username: string, topic: string): boolean;
  authorizeSubscribe(username: string, topic: string): boolean;
  /** Every publish a logged-in client made. */
  onPublish(topic: string, payload: Buffer, username: string): void;
}

export interface BrokerHandle {
  kind: 'embedded' | 'external';
  url: string;
  setHooks(hooks: BrokerHooks): void;
  /** Publishes from the platform itself (embedded only; with an external broker the ingest client publishes). */
  publish(topic: string, payload: string, qos: 0 | 1): void;
  /** Disconnects a device's client (after it is disabled or its secret rotated). */
  disconnect(username: string): void;
  close(): Promise<void>;
}

export class BrokerPortInUseError extends Error {}

export async function startBroker(opts: {
  port: number;
  externalUrl?: string;
  log: FastifyBaseLogger;
}): Promise<BrokerHandle> {
  if (opts.externalUrl)
    return { kind: 'external', url: opts.externalUrl, setHooks: () => {}, publish: () => {}, disconnect: () => {}, close: async () => {} };
  const { Aedes } = await import('aedes');
  const aedes = await Aedes.createBroker();
  let hooks: BrokerHooks | undefined;
  const clients = new Map<string, import('aedes').Client>();
  const userOf = (client: import('aedes').Client | null) => (client as unknown as { liftsafeUser?: string } | null)?.liftsafeUser;
  aedes.authenticate = (client, username, password, done) => {
    if (!hooks) return done(Object.assign(new Error('not ready'), { returnCode: 3 as const }), false);
    hooks
      .authenticate(username ?? '', password ? password.toString() : '')
      .then((ok) => {
        if (ok) {
          (client as unknown as { liftsafeUser?: string }).liftsafeUser = username;
          clients.set(username!, client);
        }
        done(ok ? null : Object.assign(new Error('bad credentials'), { returnCode: 4 as const }), ok);
      })
      .catch(() => done(Object.assign(new Error('auth error'), { returnCode: 3 as const }), false));
  };
  aedes.authorizePublish = (client, packet, done) => {
    const user = userOf(client);
    if (!client) return done(null); // the platform's own publishes
    if (!hooks || !user || !hooks.authorizePublish(user, packet.topic)) return done(new Error('publish not allowed'));
    done(null);
  };
  aedes.authorizeSubscribe = (client, sub, done) => {
    const user = userOf(client);
    if (!hooks || !user || !hooks.authorizeSubscribe(user, sub.topic)) return done(new Error('subscribe not allowed'));
    done(null, sub);
  };
  aedes.on('publish', (packet, client) => {
    const user = userOf(client);
    if (user && hooks) hooks.onPublish(packet.topic, packet.payload as Buffer, user);
  });
  aedes.on('clientDisconnect', (client) => {
    const user = userOf(client);
    if (user && clients.get(user) === client) clients.delete(user);
  });
  const server = net.createServer(aedes.handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new BrokerPortInUseError(
              `MQTT port ${opts.port} is already in use. Set MQTT_PORT to a free port for the embedded broker, or set MQTT_URL (e.g. mqtt://127.0.0.1:1883) to use the broker already running there.`,
            )
          : err,
      ),
    );
    server.listen(opts.port, () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;
  opts.log.info({ port }, 'embedded MQTT broker listening');
  return {
    kind: 'embedded',
    url: `mqtt://127.0.0.1:${port}`,
    setHooks: (h) => {
      hooks = h;
    },
    publish: (topic, payload, qos) => {
      aedes.publish({ cmd: 'publish', topic, payload: Buffer.from(payload), qos, retain: false, dup: false }, () => {});
    },
    disconnect: (username) => {
      clients.get(username)?.close();
      clients.delete(username);
    },
    close: () =>
      new Promise<void>((resolve) => {
        aedes.close(() => server.close(() => resolve()));
      }),
  };
}
