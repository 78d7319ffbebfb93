#!/usr/bin/env node
// Runs every test tier in order: server and tools (node:test), web (vitest), browser flows (e2e).
// Node 20's test runner has no globs, so test files are found here. Exit code is non-zero if any tier fails.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const only = process.argv[2]; // optional: server | web | e2e

function find(dir, pattern, skip = []) {
  const out = [];
  for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = path.join(dir, entry.name);
    if (skip.some((s) => rel.startsWith(s))) continue;
    if (entry.isDirectory()) out.push(...find(rel, pattern, skip));
    else if (pattern.test(entry.name)) out.push(rel);
  }
  return out.sort();
}

const tiers = [
  { name: 'server', cmd: 'node', args: ['--import', 'tsx', '--test', '--test-concurrency=2', ...find('src', /\.test\.ts$/, ['src/web']), ...find('tools', /\.test\.ts$/)] },
  { name: 'web', cmd: 'npx', args: ['vitest', 'run'] },
  { name: 'e2e', cmd: 'node', args: ['--import', 'tsx', '--test', '--test-concurrency=1', ...find('e2e', /\.test\.ts$/)] },
];

const results = [];
for (const tier of tiers) {
  if (only && tier.name !== only) continue;
  console.log(`\n=== ${tier.name} tests ===`);
  const r = spawnSync(tier.cmd, tier.args, { cwd: root, stdio: 'inherit', env: process.env });
  results.push({ name: tier.name, ok: r.status === 0 });
}
const failed = results.filter((r) => !r.ok);
console.log(`\ntest tiers: ${results.map((r) => `${r.name} ${r.ok ? 'ok' : 'FAILED'}`).join(', ')}`);
process.exit(failed.length ? 1 : 0);
