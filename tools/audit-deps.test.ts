import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const SCRIPT = path.join(import.meta.dirname, 'audit-deps.mjs');
const run = (root: string) =>
  spawnSync(process.execPath, [SCRIPT, '--json'], { encoding: 'utf8', env: { ...process.env, AUDIT_DEPS_ROOT: root, AUDIT_DEPS_OFFLINE: '1' } });

const good = { version: '1.0.0', resolved: 'https://registry.npmjs.org/a/-/a-1.0.0.tgz', integrity: 'sha512-AAAA', license: 'MIT' };

function project(pkgDeps: Record<string, string>, packages: Record<string, object>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-deps-'));
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'x', dependencies: pkgDeps }));
  fs.writeFileSync(path.join(dir, 'package-lock.json'), JSON.stringify({ lockfileVersion: 3, packages: { '': {}, ...packages } }));
  return dir;
}

test("this project's lockfile passes the offline checks", () => {
  const r = run(path.join(import.meta.dirname, '..'));
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const report = JSON.parse(r.stdout);
  assert.ok(report.packages > 100);
  assert.deepEqual(report.online.map((o: { state: string }) => o.state), ['NOT CHECKED', 'NOT CHECKED']);
});

test('each bad lockfile is caught, naming the package', () => {
  const dir = project(
    { a: '1.0.0', b: '^2.0.0', c: 'github:evil/c' },
    {
      'node_modules/a': good,
      'node_modules/b': { ...good, version: '2.0.0', integrity: undefined },
      'node_modules/c': { ...good, resolved: 'git+ssh://git@github.com/evil/c.git#abc' },
      'node_modules/d': { ...good, resolved: 'http://registry.npmjs.org/d/-/d-1.0.0.tgz' },
      'node_modules/e': { ...good, resolved: 'https://evil.example/e.tgz', integrity: 'sha1-AAAA' },
      'node_modules/f': { ...good, hasInstallScript: true },
      'node_modules/g': { ...good, license: 'GPL-3.0-only' },
      'node_modules/h': { ...good, license: '(MIT OR GPL-3.0-or-later)' },
      'node_modules/i': { ...good, license: '(MIT AND WTFPL)' },
      'node_modules/j': { ...good, dependencies: { k: 'file:../k' } },
    },
  );
  const r = run(dir);
  assert.equal(r.status, 1);
  const msgs = (JSON.parse(r.stdout).problems as { check: string; msg: string }[]).map((p) => `${p.check}: ${p.msg}`);
  const expect = [
    /pinning: package.json dependencies.b = "\^2.0.0"/,
    /source: package.json dependencies.c = "github:evil\/c"/,
    /integrity: node_modules\/b@2.0.0 has no integrity/,
    /source: node_modules\/c: resolved from git\+ssh/,
    /source: node_modules\/d: resolved from http:/,
    /source: node_modules\/e: resolved from https:\/\/evil.example/,
    /integrity: node_modules\/e@1.0.0: integrity is not sha512/,
    /install-script: node_modules\/f@1.0.0/,
    /license: node_modules\/g@1.0.0: GPL-3.0-only/,
    /license: node_modules\/i@1.0.0: \(MIT AND WTFPL\)/,
    /source: node_modules\/j depends on k@"file:..\/k"/,
  ];
  for (const e of expect) assert.ok(msgs.some((m) => e.test(m)), `${e} not in:\n${msgs.join('\n')}`);
  assert.ok(!msgs.some((m) => m.includes('node_modules/h')), 'an OR licence with one allowed side passes');
  assert.ok(!msgs.some((m) => m.includes('node_modules/a@') || m.includes('node_modules/a:')), 'a clean package passes');
});

/** A stand-in npm whose audit answers are fixed: proves a real advisory fails the run and a refusal does not. */
function fakeNpm(audit: object | string, signatures: object | string, exit = 1) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-npm-'));
  const file = path.join(dir, 'npm');
  const out = (v: object | string) => JSON.stringify(typeof v === 'string' ? v : JSON.stringify(v));
  fs.writeFileSync(
    file,
    `#!${process.execPath}\nconst sig = process.argv[3] === 'signatures';\nprocess.stdout.write(sig ? ${out(signatures)} : ${out(audit)});\nprocess.exit(${exit});\n`,
  );
  fs.chmodSync(file, 0o755);
  return file;
}

const runWith = (npm: string) =>
  spawnSync(process.execPath, [SCRIPT, '--json'], { encoding: 'utf8', env: { ...process.env, AUDIT_DEPS_ROOT: project({ a: '1.0.0' }, { 'node_modules/a': good }), AUDIT_DEPS_NPM: npm, AUDIT_DEPS_OFFLINE: '' } });

test('npm audit: an advisory fails the run; the registry refusing (405) is reported, not failed', () => {
  const vulnerable = runWith(
    fakeNpm({ vulnerabilities: { a: { severity: 'high' } }, metadata: { vulnerabilities: { info: 0, low: 0, moderate: 0, high: 1, critical: 0 } } }, { invalid: [], missing: [] }),
  );
  assert.equal(vulnerable.status, 1);
  const report = JSON.parse(vulnerable.stdout);
  assert.equal(report.online[0].state, 'FAILED');
  assert.deepEqual(report.problems, [{ check: 'npm audit --omit=dev', msg: 'a (high)' }]);

  const refused = runWith(fakeNpm({ message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk' }, { error: { code: 'ENOTFOUND', summary: 'getaddrinfo ENOTFOUND tuf-repo-cdn.sigstore.dev' } }));
  assert.equal(refused.status, 0, refused.stdout);
  assert.deepEqual(JSON.parse(refused.stdout).online.map((o: { state: string }) => o.state), ['NOT CHECKED', 'NOT CHECKED']);

  const clean = runWith(fakeNpm({ vulnerabilities: {}, metadata: { vulnerabilities: { info: 0, low: 0, moderate: 0, high: 0, critical: 0 } } }, { invalid: [], missing: [] }, 0));
  assert.equal(clean.status, 0);
  assert.deepEqual(JSON.parse(clean.stdout).online.map((o: { state: string }) => o.state), ['ok', 'ok']);

  const badSignature = runWith(fakeNpm({ vulnerabilities: {}, metadata: { vulnerabilities: {} } }, { invalid: [{ name: 'a', version: '1.0.0' }], missing: [] }));
  assert.equal(badSignature.status, 1);
  assert.equal(JSON.parse(badSignature.stdout).online[1].state, 'FAILED');
});
