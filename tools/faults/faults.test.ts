/**
 * The fast subset of `npm run faults` for the server test tier: kill -9 during ingest and a PostgreSQL restart under
 * load, each at the smallest size that still injects the fault, against private PostgreSQL and Mosquitto instances.
 * Skipped (reported) where the PostgreSQL 15 server binaries, Mosquitto or the rights to run them are missing.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { PG_BIN, type Result } from './lib.ts';
import { killIngest } from './kill-ingest.ts';
import { pgRestart } from './pg-restart.ts';

function missing(): string | false {
  if (!fs.existsSync(`${PG_BIN}/initdb`)) return `PostgreSQL server binaries not in ${PG_BIN}`;
  if (spawnSync('mosquitto', ['-h']).error) return 'mosquitto not installed';
  if (process.getuid?.() === 0 && spawnSync('id', ['postgres']).status !== 0) return 'running as root without a postgres user for initdb';
  return false;
}

const show = (r: Result) => `${r.name}: ${JSON.stringify(r.figures)}; lost: ${r.lost}${r.notes?.length ? `; ${r.notes.join('; ')}` : ''}`;

describe('faults survived (small)', { skip: missing(), concurrency: true }, () => {
  test('kill -9 during QoS 1 fault ingest: every event stored exactly once', { timeout: 60_000 }, async () => {
    const r = await killIngest({ rows: 0, quick: true, tiny: true });
    assert.ok(r.pass, show(r));
    assert.equal(r.figures.missing, 0);
    assert.equal(r.figures.duplicates, 0);
  });
  test('PostgreSQL restart under load: no hang, 503 STORE_UNAVAILABLE, recovery without a server restart', { timeout: 60_000 }, async () => {
    const r = await pgRestart({ rows: 0, quick: true, tiny: true });
    assert.ok(r.pass, show(r));
  });
});
