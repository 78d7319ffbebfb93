import os from 'node:os';
import type { AppContext } from '../../server/context.ts';
import type { BrokerHandle, BrokerHooks } from '../../server/mqtt/broker.ts';
import { OutboxDispatcher } from '../events/outbox.ts';
import { loadAdapters, type AdapterRegistry } from './adapters/index.ts';
import { AlarmFeed } from './alarm-feed.ts';
import type { AlarmChange } from './alarm-engine.ts';
import { DeviceDirectory } from './device-directory.ts';
import { IngestPipeline } from './ingest/pipeline.ts';
import { connectExternalIngest, type ExternalIngest } from './ingest/external-ingest.ts';
import { RuleSettings } from './rule-settings.ts';
import { RuleSweeper } from './rule-sweeper.ts';

/**
 * The IoT module at run time: the device directory, the ingest pipeline fed by the embedded broker's hooks or an
 * external broker's subscription, the rule sweeper, the outbox dispatcher and the live alarm feed.
 */
export interface IotRuntime {
  adapters: AdapterRegistry;
  devices: DeviceDirectory;
  settings: RuleSettings;
  pipeline: IngestPipeline;
  sweeper: RuleSweeper;
  feed: AlarmFeed;
  dispatcher: OutboxDispatcher;
  broker?: BrokerHandle;
  external?: ExternalIngest;
  hooks: BrokerHooks;
  /** Writes pending state and waits for the live feed (tests). */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

export interface StartIotOptions {
  broker?: BrokerHandle;
  /** Timers on (production); tests drive flushes and sweeps themselves. */
  background?: boolean;
}

export async function startIot(ctx: AppContext, opts: StartIotOptions = {}): Promise<IotRuntime> {
  const adapters = await loadAdapters();
  const devices = new DeviceDirectory(ctx.store.db);
  const settings = new RuleSettings(ctx.store.db);
  await Promise.all([devices.loadAll(), settings.load()]);
  const feed = new AlarmFeed(ctx);
  const dispatcher = new OutboxDispatcher(ctx);
  // Alarm changes are committed when this runs: the live feed and the outbox consumers (96333 intake) act at once.
  const onAlarms = (_c: AlarmChange[]) => {
    feed.nudge();
    dispatcher.nudge();
  };
  let external: ExternalIngest | undefined;
  const reply = (topic: string, payload: string) => {
    if (external) external.publish(topic, payload);
    else opts.broker?.publish(topic, payload, 0);
  };
  const pipeline = new IngestPipeline(ctx, adapters, devices, settings, { flushMs: ctx.config.IOT_FLUSH_MS, reply, onAlarms });
  const sweeper = new RuleSweeper(ctx, settings, { intervalMs: ctx.config.IOT_SWEEP_SECONDS * 1000, onAlarms, beforeSweep: () => pipeline.flush(false) });

  const hooks: BrokerHooks = {
    authenticate: async (username, password) => !!(await devices.authenticate(username, password)),
    authorizePublish: (username, topic) => {
      const routed = adapters.route(topic);
      const device = devices.get(username);
      const ok = !!routed && !!device && routed.deviceId === username && routed.adapter.protocol === device.protocol && device.status === 'active';
      // Refused publishes still reach the pipeline's counters, so operators see who tried what.
      if (!ok) void pipeline.handle(topic, Buffer.alloc(0), username);
      return ok;
    },
    authorizeSubscribe: (username, filter) => {
      const device = devices.get(username);
      return !!device && device.status === 'active' && !!adapters.get(device.protocol)?.ownsDownlink(filter, username);
    },
    onPublish: (topic, payload, username) => {
      try {
        const r = pipeline.handle(topic, payload, username);
        if (r) r.catch((err) => ctx.log.error({ err }, 'ingest failed'));
      } catch (err) {
        ctx.log.error({ err }, 'ingest failed');
      }
    },
  };

  if (opts.broker?.kind === 'embedded') opts.broker.setHooks(hooks);
  if (opts.broker?.kind === 'external') {
    external = await connectExternalIngest({
      url: opts.broker.url,
      clientId: ctx.config.MQTT_CLIENT_ID ?? `liftsafe-${os.hostname().replace(/[^A-Za-z0-9_-]/g, '')}-${ctx.config.PORT}`.slice(0, 64),
      clean: ctx.config.MQTT_CLEAN_SESSION,
      username: ctx.config.MQTT_INGEST_USERNAME,
      password: ctx.config.MQTT_INGEST_PASSWORD,
      shareGroup: ctx.config.MQTT_SHARE_GROUP,
      bulkThreads: ctx.config.MQTT_INGEST_THREADS,
      onDecoded: (deviceId, protocol, result) => {
        const r = pipeline.handleDecoded(deviceId, protocol, result);
        if (r) r.catch((err) => ctx.log.error({ err }, 'ingest failed'));
      },
      onUnknownTopic: () => pipeline.countUnknownTopic(),
      onShed: (n) => pipeline.countShed(n),
      log: ctx.log,
    });
  }

  const background = opts.background ?? true;
  await feed.start();
  const refresher = background ? setInterval(() => void devices.refresh().catch((err) => ctx.log.warn({ err }, 'device refresh failed')), 5000) : undefined;
  refresher?.unref();
  if (background) {
    pipeline.start();
    sweeper.start();
    dispatcher.start();
  }

  return {
    adapters,
    devices,
    settings,
    pipeline,
    sweeper,
    feed,
    dispatcher,
    broker: opts.broker,
    external,
    hooks,
    async settle() {
      await pipeline.flush();
      await feed.settle();
    },
    async stop() {
      clearInterval(refresher);
      await external?.close();
      await sweeper.stop();
      await pipeline.stop();
      await dispatcher.stop();
      await feed.stop();
    },
  };
}
