import crypto from 'node:crypto';
import fs from 'node:fs';
import { AppError } from '../http/errors.ts';

/**
 * Writes of uploaded files (evidence blobs, import uploads) with a deadline per write: a disk that stalls (a hung
 * NFS mount, a dying drive, an overloaded volume) answers `503 STORAGE_SLOW` after `FILE_WRITE_TIMEOUT_MS` instead
 * of holding the request — and the caller's memory, and a job left "queued" — for ever. A slow disk that still
 * moves is only slow: each write has the full deadline.
 *
 * What the deadline can and cannot do: it answers the caller and stops writing more; the write already handed to
 * the operating system cannot be cancelled (a libuv worker thread stays blocked until the disk returns), so the
 * temporary file is closed and removed when that write returns, and the final name is never created. Until then a
 * stalled disk also holds one of libuv's 4 worker threads per stalled write.
 *
 * Fault hook for `npm run faults` (slow-disk) only: when LIFTSAFE_FAULT_DISK_DELAY_FILE names a file, each write
 * (chunk) first waits the number of milliseconds that file holds (read at every write, so a test changes it while
 * the server runs). It is read from the environment directly, never from configuration, and nothing but
 * tools/faults sets it.
 */
let timeoutMs = 30_000;

/** Set once at start from FILE_WRITE_TIMEOUT_MS. */
export function setFileWriteTimeout(ms: number): void {
  timeoutMs = ms;
}

const CHUNK = 64 * 1024;

async function faultDelay(): Promise<void> {
  const ctl = process.env.LIFTSAFE_FAULT_DISK_DELAY_FILE;
  if (!ctl) return;
  const ms = Number(await fs.promises.readFile(ctl, 'utf8').catch(() => '0'));
  if (ms > 0) await new Promise((r) => setTimeout(r, ms));
}

/** `op` within the deadline, else STORAGE_SLOW (the op itself cannot be cancelled and goes on). */
function withinDeadline<T>(op: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new AppError('STORAGE_SLOW', { operation: what, timeoutMs }, { seconds: Math.round(timeoutMs / 100) / 10 }));
    }, timeoutMs);
  });
  return Promise.race([op, deadline]).finally(() => clearTimeout(timer));
}

/**
 * A destination for stream.pipeline: writes every chunk to `file` (created), each write under the deadline. On any
 * failure the file is removed (once its last write has returned); the error is rethrown.
 */
export function guardedSink(file: string): (source: AsyncIterable<Buffer>) => Promise<void> {
  return async (source) => {
    const fh = await fs.promises.open(file, 'w');
    let inFlight: Promise<unknown> = Promise.resolve();
    let failed = false;
    try {
      for await (const chunk of source) {
        const op = (async () => {
          await faultDelay();
          for (let off = 0; off < chunk.length; ) off += (await fh.write(chunk, off, chunk.length - off)).bytesWritten;
        })();
        inFlight = op.catch(() => {});
        await withinDeadline(op, 'write');
      }
      await withinDeadline(fh.close(), 'close');
    } catch (err) {
      failed = true;
      throw err;
    } finally {
      if (failed) void inFlight.finally(() => fh.close().catch(() => {}).finally(() => fs.promises.unlink(file).catch(() => {})));
    }
  };
}

/**
 * Writes `body` to `file` atomically (a temporary name, then rename), each 64 KB write under the deadline. On a
 * failure nothing is left under either name (the temporary file is removed once its last write has returned).
 */
export async function writeFileGuarded(file: string, body: Buffer): Promise<void> {
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  let stop = false;
  let done: Promise<unknown> = Promise.resolve();
  const cleanup = () => void done.finally(() => fs.promises.unlink(tmp).catch(() => {}));
  try {
    const fh = await fs.promises.open(tmp, 'w');
    const write = (async () => {
      try {
        for (let off = 0; off < body.length && !stop; ) {
          await faultDelay();
          if (stop) break;
          off += (await fh.write(body, off, Math.min(CHUNK, body.length - off))).bytesWritten;
        }
      } finally {
        await fh.close();
      }
    })();
    done = write.catch(() => {});
    await withinDeadline(write, 'write');
    if (stop) throw new Error('stopped');
    await withinDeadline(fs.promises.rename(tmp, file), 'rename');
  } catch (err) {
    // Stop writing; a write in flight finishes on its own, then the temporary file goes.
    stop = true;
    cleanup();
    throw err;
  }
}
