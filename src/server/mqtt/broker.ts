import net from 'node:net';
import type { FastifyBaseLogger } from 'fastify';

/**
 * The MQTT side of the platform: the embedded aedes broker (MQTT 3.1.1) by default, or nothing here when an
 * external broker (MQTT_URL, e.g. Mosquitto) is configured. Device authentication is delegated to the IoT
 * module through `authenticate`; until a device registry exists every device login is refused.
 */
export interface BrokerHandle {
  kind: 'embedded' | 'external';
  url: string;
  close(): Promise<void>;
}

export type DeviceAuthenticator = (username: string, password: string) => Promise<boolean>;

export class BrokerPortInUseError extends Error {}

export async function startBroker(opts: {
  port: number;
  externalUrl?: string;
  log: FastifyBaseLogger;
  authenticate?: DeviceAuthenticator;
}): Promise<BrokerHandle> {
  if (opts.externalUrl) return { kind: 'external', url: opts.externalUrl, close: async () => {} };
  const { Aedes } = await import('aedes');
  const aedes = await Aedes.createBroker();
  const authenticate = opts.authenticate ?? (async () => false);
  aedes.authenticate = (_client, username, password, done) => {
    authenticate(username ?? '', password ? password.toString() : '')
      .then((ok) => done(ok ? null : Object.assign(new Error('bad credentials'), { returnCode: 4 }), ok))
      .catch(() => done(Object.assign(new Error('auth error'), { returnCode: 3 }), false));
  };
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
    close: () =>
      new Promise<void>((resolve) => {
        aedes.close(() => server.close(() => resolve()));
      }),
  };
}
