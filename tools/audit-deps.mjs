#!/usr/bin/env node
/**
 * Dependency checks that run offline in CI (`.ci/run`, before the tests). `npm audit` needs the registry's advisory
 * endpoint, which this project's registry mirror refuses (HTTP 405), so the checks below stand on the lockfile alone,
 * and the advisory lookup is attempted and reported honestly:
 *
 *   1. every package in package-lock.json has an sha512 integrity hash (npm ci refuses a tarball that differs);
 *   2. a package's `resolved` URL, when the lockfile records one, is https on the expected registry;
 *   3. no git, http(s) tarball, file:, link: or github: dependencies anywhere (package.json and the lockfile);
 *   4. package.json and the lockfile agree: every direct dependency is pinned to an exact version and locked at it;
 *   5. install scripts only from an allow-list (they run code at `npm ci`);
 *   6. licences from an allow-list (SPDX expressions: OR needs one allowed side, AND needs all), with named exceptions;
 *   7. `npm audit --omit=dev` and `npm audit signatures`: a finding fails; a refusal by the registry or no network is
 *      printed as "NOT CHECKED" and does not fail the run.
 *
 * Exit 1 on any failed check. `--json` prints the findings as JSON. Usage: node tools/audit-deps.mjs
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = process.env.AUDIT_DEPS_ROOT ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const REGISTRY_HOSTS = ['registry.npmjs.org'];
/** Packages allowed to run install scripts, and why. */
const INSTALL_SCRIPTS = { esbuild: 'postinstall checks its platform binary (vite, tsx)' };
const LICENSES = new Set(['MIT', 'MIT-0', 'MIT/X11', 'ISC', 'Apache-2.0', 'BSD-2-Clause', 'BSD-3-Clause', '0BSD', 'Unlicense', 'BlueOak-1.0.0', 'Zlib', 'CC0-1.0', 'Python-2.0', 'MPL-2.0']);
/** Packages whose lockfile entry has no usable licence, reviewed by hand. */
const LICENSE_EXCEPTIONS = { buffers: 'buffers@0.1.1 (exceljs → unzipper → binary) declares no licence; reviewed, tiny, not modified' };
const BAD_SPEC = /^(git\+|git:|github:|gitlab:|bitbucket:|https?:|file:|link:)|^[\w-]+\/[\w.-]+(#.*)?$/;

const problems = [];
const notes = [];
const fail = (check, msg) => problems.push({ check, msg });

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'));
if (lock.lockfileVersion < 2 || !lock.packages) fail('lockfile', `lockfileVersion ${lock.lockfileVersion}: need v2/v3 with "packages"`);
const entries = Object.entries(lock.packages ?? {}).filter(([k]) => k !== '');
const nameOf = (key) => key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);

// 3 + 4: package.json
for (const field of ['dependencies', 'devDependencies', 'optionalDependencies']) {
  for (const [name, spec] of Object.entries(pkg[field] ?? {})) {
    if (BAD_SPEC.test(spec)) fail('source', `package.json ${field}.${name} = "${spec}" is not a registry version`);
    else if (!/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(spec)) fail('pinning', `package.json ${field}.${name} = "${spec}" is not an exact version`);
    const locked = lock.packages?.[`node_modules/${name}`];
    if (!locked) fail('pinning', `${name} is in package.json but not in package-lock.json`);
    else if (/^\d/.test(spec) && locked.version !== spec) fail('pinning', `${name}: package.json ${spec}, lockfile ${locked.version}`);
  }
}

let withoutResolved = 0;
const licenseCount = new Map();
for (const [key, e] of entries) {
  const name = nameOf(key);
  if (e.link) {
    fail('source', `${key} is a link (${e.resolved})`);
    continue;
  }
  // 1
  if (!e.integrity) fail('integrity', `${key}@${e.version} has no integrity hash`);
  else if (!e.integrity.split(/\s+/).some((h) => h.startsWith('sha512-'))) fail('integrity', `${key}@${e.version}: integrity is not sha512 (${e.integrity.slice(0, 12)}…)`);
  // 2
  if (!e.resolved) withoutResolved++;
  else {
    let url;
    try {
      url = new URL(e.resolved);
    } catch {
      fail('source', `${key}: resolved "${e.resolved}" is not a URL`);
    }
    if (url && (url.protocol !== 'https:' || !REGISTRY_HOSTS.includes(url.host))) fail('source', `${key}: resolved from ${e.resolved}`);
  }
  // 3
  for (const field of ['dependencies', 'optionalDependencies', 'peerDependencies']) {
    for (const [dep, spec] of Object.entries(e[field] ?? {})) if (BAD_SPEC.test(spec) && !spec.startsWith('npm:')) fail('source', `${key} depends on ${dep}@"${spec}"`);
  }
  // 5
  if (e.hasInstallScript && !(name in INSTALL_SCRIPTS)) fail('install-script', `${key}@${e.version} runs an install script and is not in the allow-list`);
  // 6
  const license = e.license ?? null;
  licenseCount.set(license ?? '(none)', (licenseCount.get(license ?? '(none)') ?? 0) + 1);
  if (name in LICENSE_EXCEPTIONS) continue;
  if (!license) fail('license', `${key}@${e.version} declares no licence`);
  else if (!licenseAllowed(license)) fail('license', `${key}@${e.version}: ${license} is not in the allow-list`);
}
if (withoutResolved) {
  notes.push(`${withoutResolved} of ${entries.length} lockfile entries record no "resolved" URL: npm ci fetches them from the configured registry (${npmRegistry()}) and checks each tarball against its sha512 integrity hash.`);
  const reg = npmRegistry();
  try {
    if (!REGISTRY_HOSTS.includes(new URL(reg).host)) fail('source', `the configured npm registry is ${reg}, expected ${REGISTRY_HOSTS.join(', ')}`);
  } catch {
    fail('source', `the configured npm registry "${reg}" is not a URL`);
  }
}

/** An SPDX expression: `A OR B` needs one allowed side, `A AND B` both; parentheses are dropped (no nesting used). */
function licenseAllowed(expr) {
  const clean = expr.replace(/[()]/g, '').trim();
  if (/ OR /i.test(clean)) return clean.split(/ OR /i).some((p) => licenseAllowed(p));
  if (/ AND /i.test(clean)) return clean.split(/ AND /i).every((p) => licenseAllowed(p));
  return LICENSES.has(clean);
}

function npmRegistry() {
  const r = spawnSync('npm', ['config', 'get', 'registry'], { cwd: ROOT, encoding: 'utf8' });
  return (r.stdout || '').trim() || 'https://registry.npmjs.org/';
}

// 7: the advisory database and the registry signatures, when the registry answers.
const online = [];
online.push(runAudit(['audit', '--omit=dev', '--json'], 'npm audit --omit=dev', (out) => {
  const j = JSON.parse(out);
  if (j.error || j.message) return { unavailable: j.error?.summary || j.message || j.error?.code || 'error' };
  const v = j.metadata?.vulnerabilities ?? {};
  const found = Object.entries(j.vulnerabilities ?? {}).map(([n, x]) => `${n} (${x.severity})`);
  return { findings: found, summary: `info ${v.info ?? 0}, low ${v.low ?? 0}, moderate ${v.moderate ?? 0}, high ${v.high ?? 0}, critical ${v.critical ?? 0}` };
}));
online.push(runAudit(['audit', 'signatures', '--json'], 'npm audit signatures', (out) => {
  const j = JSON.parse(out);
  if (j.error) return { unavailable: j.error.summary ?? String(j.error.code) };
  const bad = [...(j.invalid ?? []), ...(j.missing ?? [])].map((x) => `${x.name}@${x.version}`);
  return { findings: bad, summary: `${bad.length} invalid or missing signatures` };
}));

function runAudit(args, label, parse) {
  if (process.env.AUDIT_DEPS_OFFLINE === '1') return { label, state: 'NOT CHECKED', why: 'AUDIT_DEPS_OFFLINE=1' };
  // AUDIT_DEPS_NPM: another npm executable (the test's stand-in registry answers).
  const r = spawnSync(process.env.AUDIT_DEPS_NPM ?? 'npm', [...args, '--fetch-retries=0', '--fetch-timeout=20000'], { cwd: ROOT, encoding: 'utf8', timeout: 90_000 });
  const text = `${r.stdout ?? ''}\n${r.stderr ?? ''}`;
  const refused = /\b(405|403|404|501)\b.*(Method Not Allowed|Forbidden|Not Found|Not Implemented)|ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|network|audit endpoint returned an error/i.exec(text);
  let parsed;
  try {
    parsed = parse(r.stdout);
  } catch {
    parsed = { unavailable: refused ? refused[0] : `no JSON answer (exit ${r.status})` };
  }
  if (parsed.unavailable || (r.status !== 0 && refused && !parsed.findings?.length)) {
    return { label, state: 'NOT CHECKED', why: `the registry did not answer: ${parsed.unavailable ?? refused?.[0]}` };
  }
  if (parsed.findings?.length) {
    for (const f of parsed.findings) fail(label, f);
    return { label, state: 'FAILED', why: parsed.summary };
  }
  return { label, state: 'ok', why: parsed.summary };
}

const report = {
  packages: entries.length,
  licenses: Object.fromEntries([...licenseCount].sort((a, b) => b[1] - a[1])),
  problems,
  notes,
  online,
};
if (process.argv.includes('--json')) console.log(JSON.stringify(report, null, 2));
else {
  console.log(`audit-deps: ${entries.length} locked packages; integrity, sources, pinning, install scripts, licences checked offline`);
  for (const n of notes) console.log(`  note: ${n}`);
  for (const o of online) console.log(`  ${o.label}: ${o.state}${o.why ? ` (${o.why})` : ''}`);
  for (const p of problems) console.log(`  FAIL [${p.check}] ${p.msg}`);
  console.log(problems.length ? `audit-deps: ${problems.length} problem(s)` : 'audit-deps: ok');
}
process.exit(problems.length ? 1 : 0);
