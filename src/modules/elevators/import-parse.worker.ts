import { parentPort, workerData } from 'node:worker_threads';
import { RegionDirectory } from '../regions/regions.service.ts';
import type { RegionRow } from '../regions/regions.repo.ts';
import { ImportFileError, parseImportFile } from './import-parse.ts';

/**
 * Parses and validates an import file off the main thread, so reading the next batch overlaps with writing the
 * last one (on PGlite the writes run on the main thread). At most two batches wait unacknowledged.
 */
export interface ParseWorkerData {
  file: string;
  today: string;
  regions: RegionRow[];
  aliases: { old_code: string; code: string; note: string }[];
}

export type ParseMessage =
  | { type: 'batch'; batch: import('./import-parse.ts').ParsedBatch }
  | { type: 'end' }
  | { type: 'error'; message: string; fileError: boolean };

const data = workerData as ParseWorkerData;
const port = parentPort!;
const regions = new RegionDirectory();
regions.fill(data.regions, data.aliases);

let credit = 2;
let wake: (() => void) | undefined;
port.on('message', (m: { type: 'ack' }) => {
  if (m.type === 'ack') {
    credit++;
    wake?.();
  }
});

(async () => {
  try {
    for await (const batch of parseImportFile(data.file, { regions, today: data.today })) {
      while (credit <= 0) await new Promise<void>((r) => (wake = r));
      credit--;
      port.postMessage({ type: 'batch', batch } satisfies ParseMessage);
    }
    port.postMessage({ type: 'end' } satisfies ParseMessage);
  } catch (err) {
    port.postMessage({ type: 'error', message: (err as Error).message, fileError: err instanceof ImportFileError } satisfies ParseMessage);
  }
})();
