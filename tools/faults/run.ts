/**
 * npm run faults -- [--only NAME[,NAME]] [--rows N] [--quick]
 *
 * Faults survived (issue 9): each scenario runs the real server as a child process against private PostgreSQL and
 * Mosquitto instances, injects one fault, and prints PASS/FAIL with its figures and what was lost. Exit code 0 only
 * when every scenario run passes (a skipped scenario is reported and does not pass).
 */
import { parseArgs } from 'node:util';
import type { Result, Scenario } from './lib.ts';
import { killIngest } from './kill-ingest.ts';
import { pgRestart } from './pg-restart.ts';
import { brokerRestart } from './broker-restart.ts';
import { killImport, killImportPg } from './kill-import.ts';
import { diskFull } from './disk-full.ts';
import { slowDisk } from './slow-disk.ts';
import { clockJump } from './clock-jump.ts';

const SCENARIOS: Record<string, Scenario> = {
  'kill-ingest': killIngest,
  'kill-import': killImport,
  'kill-import-pg': killImportPg,
  'pg-restart': pgRestart,
  'broker-restart': brokerRestart,
  'disk-full': diskFull,
  'slow-disk': slowDisk,
  'clock-jump': clockJump,
};

const { values } = parseArgs({ options: { only: { type: 'string' }, rows: { type: 'string', default: '1000000' }, quick: { type: 'boolean', default: false } } });
const names = values.only ? values.only.split(',') : Object.keys(SCENARIOS);
const unknown = names.filter((n) => !SCENARIOS[n]);
if (unknown.length) {
  console.error(`unknown scenario(s): ${unknown.join(', ')}; known: ${Object.keys(SCENARIOS).join(', ')}`);
  process.exit(2);
}
const rows = Number(values.rows);
if (!Number.isInteger(rows) || rows < 1000) {
  console.error('--rows must be an integer ≥ 1000');
  process.exit(2);
}

const results: Result[] = [];
for (const name of names) {
  console.log(`\n=== ${name} ===`);
  const t0 = performance.now();
  let r: Result;
  try {
    r = await SCENARIOS[name]!({ rows, quick: values.quick ?? false });
  } catch (err) {
    r = { name, pass: false, figures: {}, lost: 'unknown: the scenario itself failed', notes: [String((err as Error).stack ?? err)] };
  }
  r.figures['scenario seconds'] = Math.round((performance.now() - t0) / 100) / 10;
  results.push(r);
  const verdict = r.skipped ? 'SKIP' : r.pass ? 'PASS' : 'FAIL';
  console.log(`${verdict} ${name}${r.skipped ? ` (${r.skipped})` : ''}`);
  for (const [k, v] of Object.entries(r.figures)) console.log(`  ${k}: ${typeof v === 'number' ? v.toLocaleString('en-US') : v}`);
  console.log(`  lost: ${r.lost}`);
  for (const n of r.notes ?? []) console.log(`  note: ${n}`);
}

console.log('\n=== summary ===');
for (const r of results) console.log(`${r.skipped ? 'SKIP' : r.pass ? 'PASS' : 'FAIL'}  ${r.name}  lost: ${r.lost}`);
process.exit(results.every((r) => r.pass && !r.skipped) ? 0 : 1);
