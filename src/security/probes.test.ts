import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { operationsOf, sample, setPath, stringFields, urlOf, type Operation } from './openapi-bodies.ts';
import { dummyParam, injectWithTimeout, openSecurityEnv, pool, type SecurityEnv } from './security-env.ts';

/**
 * Injection, XSS and path-traversal strings in every string field of every JSON body and every query string of the
 * API (shapes from the OpenAPI document), as the admin (who passes every access rule): never a 5xx, never the probe
 * echoed into HTML, never a file from outside the allowed directories. Then oversized and malformed bodies.
 */
const PROBES = [
  "' OR '1'='1",
  "1; DROP TABLE app_user;--",
  "%' UNION SELECT password_hash FROM app_user--",
  "'||(SELECT pg_sleep(0))||'",
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '../../../../../../etc/passwd',
  '..\\..\\..\\windows\\win.ini',
  'a\u0000b', // PostgreSQL refuses NUL in text: must be a 400, not a 500
  '\uD800', //  a lone surrogate
];
const HTML_PROBES = PROBES.filter((p) => p.includes('<'));

let s: SecurityEnv;
let ops: Operation[];
const failures: string[] = [];
let sent = 0;

before(async () => {
  // Probes must reach the handlers: the public routes' per-address limit is off here (hardening.test.ts tests it).
  s = await openSecurityEnv({ PUBLIC_RATE_PER_MINUTE: '0' });
  const res = await s.env.app.inject({ method: 'GET', url: '/api/openapi.json' });
  // Logging out would end the admin's session; live streams never end (their access is in the matrix).
  ops = operationsOf(res.json()).filter((o) => o.path !== '/api/auth/logout' && !o.path.endsWith('/stream'));
});
after(async () => {
  await s?.close();
});

async function probe(op: Operation, url: string, payload: unknown, what: string): Promise<void> {
  sent++;
  const res = await injectWithTimeout(s.env, {
    method: op.method as 'POST',
    url,
    headers: { authorization: `Bearer ${s.tokens.admin}` },
    ...(payload === undefined ? {} : { payload: payload as object }),
  }).catch((err: Error) => err);
  if (res instanceof Error || res === 'timeout') {
    failures.push(`${op.method} ${url} ${what}: ${res instanceof Error ? res.message : 'no answer'}`);
    return;
  }
  if (res.statusCode >= 500) failures.push(`${op.method} ${url} ${what}: ${res.statusCode} ${res.body.slice(0, 200)}`);
  const type = String(res.headers['content-type'] ?? '');
  if (type.includes('html') && HTML_PROBES.some((p) => res.body.includes(p))) failures.push(`${op.method} ${url} ${what}: probe echoed into HTML`);
  if (/root:.*:0:0:/.test(res.body) || res.body.includes('[fonts]')) failures.push(`${op.method} ${url} ${what}: a system file was served`);
}

describe('probes (SQL injection, XSS, traversal) on every text input', () => {
  it('JSON bodies: each string field gets each probe', { timeout: 600_000 }, async () => {
    const jobs: (() => Promise<void>)[] = [];
    let fields = 0;
    for (const op of ops.filter((o) => o.body)) {
      const base = sample(op.body!) as Record<string, unknown>;
      const url = urlOf(op, dummyParam);
      for (const field of stringFields(op.body!)) {
        fields++;
        for (const p of PROBES) jobs.push(() => probe(op, url, setPath(base, field, p), `body.${field.join('.')}=${JSON.stringify(p)}`));
      }
    }
    assert.ok(fields > 100, `only ${fields} string body fields found in the OpenAPI document`);
    await pool(jobs, 4, (j) => j());
    console.log(`probes: ${fields} body string fields × ${PROBES.length} probes = ${jobs.length} requests`);
    assert.deepEqual(failures.splice(0), []);
  });

  it('query strings: each parameter of each GET gets each probe', { timeout: 600_000 }, async () => {
    const jobs: (() => Promise<void>)[] = [];
    for (const op of ops.filter((o) => o.method === 'GET' && o.query.length)) {
      const url = urlOf(op, dummyParam);
      for (const q of op.query) for (const p of PROBES) jobs.push(() => probe(op, `${url}?${new URLSearchParams({ [q.name]: p })}`, undefined, `?${q.name}`));
    }
    assert.ok(jobs.length > 500, `only ${jobs.length} query probes`);
    await pool(jobs, 4, (j) => j());
    console.log(`probes: ${jobs.length} query-string requests`);
    assert.deepEqual(failures.splice(0), []);
  });

  it('path parameters: each parameter gets each probe (files and photos included)', { timeout: 600_000 }, async () => {
    const jobs: (() => Promise<void>)[] = [];
    for (const op of ops.filter((o) => o.pathParams.length)) {
      for (const name of op.pathParams) {
        for (const p of [...PROBES, '..%2F..%2F..%2Fetc%2Fpasswd', '%2e%2e%2f%2e%2e%2fetc%2fpasswd']) {
          const url = urlOf(op, (n) => (n === name ? p : dummyParam(n))).replace('%EF%BF%BD', '%ED%A0%80');
          jobs.push(() => probe(op, url, op.body ? sample(op.body) : undefined, `:${name}`));
        }
      }
    }
    await pool(jobs, 4, (j) => j());
    console.log(`probes: ${jobs.length} path-parameter requests`);
    assert.deepEqual(failures.splice(0), []);
  });

  it('files outside the web app are never served', async () => {
    for (const url of ['/../../../../etc/passwd', '/%2e%2e/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2f..%2fetc%2fpasswd', '/assets/..%2f..%2f..%2f..%2fetc%2fpasswd', '/api/../../etc/passwd', '/package.json', '/src/server/config.ts', '/.env']) {
      const res = await s.env.app.inject({ method: 'GET', url });
      assert.doesNotMatch(res.body, /root:.*:0:0:/, url);
      assert.doesNotMatch(res.body, /"name": "liftsafe"|loadConfig/, url);
      assert.ok(res.statusCode < 500 || res.statusCode === 503, `${url}: ${res.statusCode}`);
    }
  });
});

describe('oversized and malformed bodies', () => {
  const jsonOps = () => ops.filter((o) => o.body);
  const big = JSON.stringify({ pad: 'x'.repeat(2 * 1024 * 1024 + 10) });

  it('a JSON body over the limit is refused with 413 PAYLOAD_TOO_LARGE on every body route', { timeout: 300_000 }, async () => {
    const bad: string[] = [];
    await pool(jsonOps(), 2, async (op) => {
      const res = await s.env.app.inject({ method: op.method as 'POST', url: urlOf(op, dummyParam), headers: { authorization: `Bearer ${s.tokens.admin}`, 'content-type': 'application/json' }, payload: big });
      if (res.statusCode !== 413 || res.json().error?.code !== 'PAYLOAD_TOO_LARGE') bad.push(`${op.method} ${op.path}: ${res.statusCode} ${res.body.slice(0, 100)}`);
    });
    assert.deepEqual(bad, []);
  });

  it('an anonymous caller is refused before its body is read (401, not 413)', async () => {
    const op = jsonOps().find((o) => o.path === '/api/elevators' && o.method === 'POST')!;
    const res = await s.env.app.inject({ method: 'POST', url: op.path, headers: { 'content-type': 'application/json' }, payload: big });
    assert.equal(res.statusCode, 401);
  });

  it('malformed JSON is a 400 in the error catalogue shape on every body route', { timeout: 300_000 }, async () => {
    const bad: string[] = [];
    const bodies = ['{"a":', '{a:1}', "{'a':1}", '[1,2', '\u0000', '{"__proto__":{"admin":true}}garbage'];
    await pool(jsonOps(), 4, async (op) => {
      for (const payload of bodies) {
        const res = await s.env.app.inject({ method: op.method as 'POST', url: urlOf(op, dummyParam), headers: { authorization: `Bearer ${s.tokens.admin}`, 'content-type': 'application/json' }, payload });
        const body = res.json();
        if (res.statusCode !== 400 || body.error?.code !== 'BAD_REQUEST' || typeof body.error?.message !== 'string' || !/[\u4e00-\u9fff]/.test(body.error.message))
          bad.push(`${op.method} ${op.path} ${JSON.stringify(payload)}: ${res.statusCode} ${res.body.slice(0, 100)}`);
      }
    });
    assert.deepEqual(bad, []);
  });

  it('a prototype-polluting body does not pollute', async () => {
    const res = await s.env.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"username":"a","password":"b","__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}' });
    assert.ok(res.statusCode < 500);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});
