import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { saveStream } from './import-reader.ts';

// Found by `npm run faults` (disk-full): a failing write left the upload request hanging for ever.
test('saveStream rejects when the file cannot be written, and leaves nothing behind', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'save-stream-'));
  try {
    const body = Readable.from([Buffer.alloc(64 * 1024, 1), Buffer.alloc(64 * 1024, 2)]);
    const target = path.join(dir, 'missing-dir', 'x.upload');
    const outcome = await Promise.race([
      saveStream(body, target, crypto.createHash('sha256')).then(
        () => 'resolved',
        (err: NodeJS.ErrnoException) => err.code,
      ),
      new Promise((r) => setTimeout(() => r('hung'), 5000)),
    ]);
    assert.equal(outcome, 'ENOENT');
    assert.equal(fs.existsSync(target), false);

    const ok = path.join(dir, 'ok.upload');
    const hash = crypto.createHash('sha256');
    const size = await saveStream(Readable.from([Buffer.from('a,b\n'), Buffer.from('1,2\n')]), ok, hash);
    assert.equal(size, 8);
    assert.equal(fs.readFileSync(ok, 'utf8'), 'a,b\n1,2\n');
    assert.equal(hash.digest('hex'), crypto.createHash('sha256').update('a,b\n1,2\n').digest('hex'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
