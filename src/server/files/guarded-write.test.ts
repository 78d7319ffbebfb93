import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../http/errors.ts';
import { guardedSink, setFileWriteTimeout, writeFileGuarded } from './guarded-write.ts';

/**
 * A stalled disk is simulated by the fault hook (every write first waits what the control file says). The checks are
 * on outcomes only: the error code, the files left behind once the stalled write has returned.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liftsafe-guarded-'));
const ctl = path.join(dir, 'delay-ms');
process.env.LIFTSAFE_FAULT_DISK_DELAY_FILE = ctl;
const files = (d: string) => fs.readdirSync(d).sort();

async function until(what: string, ok: () => boolean) {
  for (let i = 0; i < 600 && !ok(); i++) await new Promise((r) => setTimeout(r, 50));
  assert.ok(ok(), what);
}

test('a disk that answers writes is written to atomically, under the final name only', async () => {
  fs.writeFileSync(ctl, '0');
  setFileWriteTimeout(30_000);
  const out = fs.mkdtempSync(path.join(dir, 'ok-'));
  const body = crypto.randomBytes(300_000);
  await writeFileGuarded(path.join(out, 'a.bin'), body);
  assert.deepEqual(files(out), ['a.bin']);
  assert.ok(fs.readFileSync(path.join(out, 'a.bin')).equals(body));
  await pipeline(Readable.from([body.subarray(0, 100_000), body.subarray(100_000)]), guardedSink(path.join(out, 'b.upload')));
  assert.ok(fs.readFileSync(path.join(out, 'b.upload')).equals(body));
});

test('a stalled disk: STORAGE_SLOW (503), and nothing is left once the stalled write returns', async () => {
  fs.writeFileSync(ctl, '1500');
  setFileWriteTimeout(200);
  const out = fs.mkdtempSync(path.join(dir, 'slow-'));
  await assert.rejects(writeFileGuarded(path.join(out, 'a.bin'), crypto.randomBytes(200_000)), (err: unknown) => err instanceof AppError && err.code === 'STORAGE_SLOW' && err.status === 503);
  await assert.rejects(pipeline(Readable.from([crypto.randomBytes(70_000), crypto.randomBytes(70_000)]), guardedSink(path.join(out, 'b.upload'))), (err: unknown) => err instanceof AppError && err.code === 'STORAGE_SLOW');
  await until('temporary and partial files removed', () => files(out).length === 0);
  fs.writeFileSync(ctl, '0');
  setFileWriteTimeout(30_000);
  await writeFileGuarded(path.join(out, 'a.bin'), Buffer.from('after'));
  assert.deepEqual(files(out), ['a.bin']);
});

test.after(() => fs.rmSync(dir, { recursive: true, force: true }));
