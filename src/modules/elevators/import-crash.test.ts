import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { generateRows } from '../../../tools/demo/generate-province.ts';
import { writeRegistryFile } from '../../../tools/demo/registry-file.ts';
import { spawnServer } from '../../../tools/spawn-server.ts';

/**
 * kill -9 in the middle of an import: after a restart the store holds whole batches only, the job says it was
 * interrupted, the audit chain is intact, and importing the same file again completes without duplicates.
 */
const ROWS = 24_000;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function startServer(dataDir: string, port: number): ChildProcess {
  return spawnServer({ port, env: { DATA_DIR: dataDir, ADMIN_PASSWORD: 'Crash12345', MQTT_ENABLED: 'false', DATABASE_URL: '' }, stdio: ['ignore', 'ignore', 'inherit'] });
}

async function until<T>(what: string, fn: () => Promise<T | undefined>, ms = 120_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('a kill -9 mid-import leaves whole batches, an interrupted job, an intact audit chain; re-import completes', { timeout: 400_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liftsafe-crash-'));
  const file = path.join(dir, 'registry.csv');
  await writeRegistryFile(generateRows({ elevators: ROWS, seed: 11 }), { out: file, format: 'csv', encoding: 'gbk' });
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let server = startServer(path.join(dir, 'data'), port);
  try {
    await until('health', async () => ((await fetch(`${base}/api/health`)).ok ? true : undefined));
    const login = async () => (await (await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'Crash12345' }) })).json()).token as string;
    let token = await login();
    const upload = async () => {
      const res = await fetch(`${base}/api/elevators/import`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' }, body: fs.readFileSync(file) });
      assert.equal(res.status, 202);
      return (await res.json()).importId as string;
    };
    const job = async (id: string) => (await fetch(`${base}/api/imports/${id}`, { headers: { authorization: `Bearer ${token}` } })).json();
    const first = await upload();
    await until('some batches committed', async () => ((await job(first)).processed >= 4000 ? true : undefined));
    server.kill('SIGKILL');
    await new Promise((r) => server.once('exit', r));

    server = startServer(path.join(dir, 'data'), port);
    await until('health after restart', async () => ((await fetch(`${base}/api/health`)).ok ? true : undefined));
    token = await login();
    const after = await job(first);
    assert.equal(after.status, 'failed');
    assert.match(after.error, /中断/);
    assert.ok(after.processed < ROWS, 'the kill came before the end');
    const list = await (await fetch(`${base}/api/elevators?pageSize=1`, { headers: { authorization: `Bearer ${token}` } })).json();
    assert.equal(list.total, after.imported, 'exactly the committed batches are in the store');
    assert.equal(after.imported % 2000, 0, 'whole batches only');
    const chain = await (await fetch(`${base}/api/audit/verify`, { headers: { authorization: `Bearer ${token}` } })).json();
    assert.equal(chain.ok, true);

    const second = await upload();
    const done = await until('re-import done', async () => {
      const j = await job(second);
      return j.status === 'running' || j.status === 'queued' ? undefined : j;
    }, 300_000);
    assert.equal(done.status, 'done');
    assert.equal(done.imported + done.updated, ROWS);
    assert.equal(done.imported, ROWS - after.imported);
    const total = await (await fetch(`${base}/api/elevators?pageSize=1`, { headers: { authorization: `Bearer ${token}` } })).json();
    assert.equal(total.total, ROWS);
  } finally {
    server.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
