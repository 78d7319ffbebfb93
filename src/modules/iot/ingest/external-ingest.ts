import { Worker } from 'node:worker_threads';
import type { FastifyBaseLogger } from 'fastify';
import type { DecodeResult } from './pipeline.ts';
import type { ToMain, ToWorker, WorkerConfig } from './mqtt-ingest.worker.ts';

/**
 * The ingest's connection to an external broker (Mosquitto, EMQX): one MQTT 3.1.1 client subscribed to every
 * adapter's uplink through a shared subscription, so several platform nodes split the device traffic. It runs in a
 * worker thread (mqtt-ingest.worker.ts) that decodes; this side hands decoded messages to the pipeline. The broker
 * authenticates devices (docs/device-protocol.md); this side trusts the topic only as far as the broker's ACL.
 */
export interface ExternalIngest {
  publish(topic: string, payload: string): void;
  readonly connected: boolean;
  close(): Promise<void>;
}

export async function connectExternalIngest(
  opts: Omit<WorkerConfig, 'lane'> & {
    bulkThreads: number;
    onDecoded(deviceId: string, protocol: string, result: DecodeResult): void;
    onUnknownTopic(): void;
    /** Status reports shed by a lane whose backlog was full. */
    onShed(n: number): void;
    log: FastifyBaseLogger;
  },
): Promise<ExternalIngest> {
  // Bulk lanes (members of one shared group, so the broker splits the status traffic between them) and the priority
  // lane for faults and events. Replies leave through the first bulk lane.
  const lanes = await Promise.all([
    ...Array.from({ length: Math.max(1, opts.bulkThreads) }, (_, i) => startLane({ ...opts, lane: 'bulk', clientId: i ? `${opts.clientId}-b${i}` : opts.clientId })),
    startLane({ ...opts, lane: 'events' }),
  ]);
  const bulk = lanes[0]!;
  return {
    publish: (topic, payload) => bulk.post({ type: 'publish', topic, payload }),
    get connected() {
      return lanes.every((l) => l.connected());
    },
    close: async () => {
      await Promise.all(lanes.map((l) => l.close()));
    },
  };
}

async function startLane(
  opts: WorkerConfig & {
    onDecoded(deviceId: string, protocol: string, result: DecodeResult): void;
    onUnknownTopic(): void;
    onShed(n: number): void;
    log: FastifyBaseLogger;
  },
) {
  const { onDecoded, onUnknownTopic, onShed, log, ...cfg } = opts;
  const worker = new Worker(new URL('./mqtt-ingest.worker.mjs', import.meta.url), { workerData: cfg });
  let connected = false;
  let closing = false;
  const ready = new Promise<void>((resolve, reject) => {
    worker.on('message', (m: ToMain) => {
      switch (m.type) {
        case 'batch':
          for (const it of m.items) {
            if ('u' in it) onUnknownTopic();
            else onDecoded(it.d, it.p, it.r);
          }
          if (m.shed) onShed(m.shed);
          // Handled: the lane may send the next batch (it arrives in a later turn of the event loop).
          worker.postMessage({ type: 'taken' } satisfies ToWorker);
          break;
        case 'ready':
          connected = true;
          log.info({ url: cfg.url, group: cfg.shareGroup, lane: cfg.lane }, 'MQTT ingest subscribed');
          resolve();
          break;
        case 'fatal':
          reject(new Error(m.message));
          break;
        case 'log':
          if (m.message.includes('offline')) connected = false;
          log[m.level](m.message);
          break;
      }
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      connected = false;
      if (!closing) {
        log.error({ code, lane: cfg.lane }, 'MQTT ingest worker exited');
        reject(new Error(`MQTT ingest worker exited (${code})`));
      }
    });
  });
  await ready.catch(async (err) => {
    closing = true;
    await worker.terminate();
    throw err;
  });
  return {
    post: (m: ToWorker) => worker.postMessage(m),
    connected: () => connected,
    close: async () => {
      closing = true;
      const exited = new Promise<void>((r) => worker.once('exit', () => r()));
      worker.postMessage({ type: 'close' } satisfies ToWorker);
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      await worker.terminate();
    },
  };
}
