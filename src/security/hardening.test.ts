import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import type { InjectOptions } from 'fastify';
import { openTestEnv, type TestEnv } from '../test/harness.ts';
import { createOrg, userToken } from '../test/factories.ts';
import { createLogger } from '../server/bootstrap.ts';
import { CONTENT_SECURITY_POLICY } from '../server/http/security-headers.ts';

/** Security headers, rate limits on login and public routes, the client address, and no secret in logs or errors. */

const SECRET = 'Zq9-secret-Marker-7731';
const lines: string[] = [];
const logStream = new Writable({
  write(chunk, _enc, done) {
    lines.push(String(chunk));
    done();
  },
});

let env: TestEnv;
let token: string;
before(async () => {
  env = await openTestEnv('pglite', { env: { LOG_LEVEL: 'trace', LOGIN_IP_MAX_FAILURES: '3', LOGIN_LOCK_MINUTES: '15', PUBLIC_RATE_PER_MINUTE: '5' }, logStream });
  const org = await createOrg(env.ctx, { type: 'regulator', regionCode: '370100' });
  token = await userToken(env, { orgId: org.id, roles: ['regulator'], username: 'sec_reg' });
});
after(async () => {
  await env?.close();
});

const login = (username: string, password: string, remoteAddress: string, headers: Record<string, string> = {}) =>
  env.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress, headers });

describe('security headers', () => {
  const checks = [
    { what: 'a JSON answer', req: { method: 'GET' as const, url: '/api/health' } },
    { what: 'a 401', req: { method: 'GET' as const, url: '/api/elevators' } },
    { what: 'an unknown API route', req: { method: 'GET' as const, url: '/api/nothing-here' } },
    { what: 'a 400', req: { method: 'POST' as const, url: '/api/auth/login', payload: { username: '' } } },
    { what: 'the OpenAPI browser (HTML)', req: { method: 'GET' as const, url: '/api/docs/static/index.html' } },
    { what: 'a web app path', req: { method: 'GET' as const, url: '/registry' } },
  ];
  for (const c of checks) {
    it(`on ${c.what}`, async () => {
      const res = await env.app.inject(c.req);
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
      assert.equal(res.headers['x-frame-options'], 'DENY');
      assert.equal(res.headers['referrer-policy'], 'same-origin');
      assert.equal(res.headers['content-security-policy'], CONTENT_SECURITY_POLICY);
      assert.equal(res.headers['strict-transport-security'], undefined, 'no HSTS on a plain-HTTP installation');
    });
  }

  it('the CSP forbids inline and foreign scripts, plugins and framing, and lets the built app load', () => {
    const d = Object.fromEntries(CONTENT_SECURITY_POLICY.split(';').map((x) => x.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
    assert.deepEqual(d['script-src'], ["'self'"]);
    assert.deepEqual(d['object-src'], ["'none'"]);
    assert.deepEqual(d['frame-ancestors'], ["'none'"]);
    assert.ok(d['style-src'].includes("'unsafe-inline'"), 'antd and echarts write inline styles');
    assert.ok(d['img-src'].includes('data:'), 'the favicon and icons are data: URLs');
    assert.ok(!Object.values(d).flat().some((v) => v === '*' || v.startsWith('http')), 'no foreign origin');
  });

  it('HSTS is sent when the site is served over HTTPS (PUBLIC_BASE_URL https://…)', async () => {
    const https = await openTestEnv('pglite', { env: { PUBLIC_BASE_URL: 'https://liftsafe.example.cn' } });
    try {
      const res = await https.app.inject({ method: 'GET', url: '/api/health' });
      assert.match(String(res.headers['strict-transport-security']), /^max-age=\d{7,}/);
    } finally {
      await https.close();
    }
  });
});

describe('rate limits', () => {
  it('failed logins from one address are limited across accounts (password spraying), successes are not counted', async () => {
    const ip = '198.51.100.20';
    for (const u of ['nobody1', 'nobody2', 'sec_reg']) assert.equal((await login(u, 'wrong-Passw0rd', ip)).statusCode, 401);
    const blocked = await login('sec_reg', 'Passw0rd!', ip);
    assert.equal(blocked.statusCode, 429);
    assert.equal(blocked.json().error.code, 'LOGIN_RATE_LIMITED');
    assert.match(blocked.json().error.message, /登录尝试过于频繁，请 \d+ 分钟后再试/);
    // Another address is not affected (the account itself is not locked: 1 failure of 5).
    assert.equal((await login('sec_reg', 'Passw0rd!', '198.51.100.21')).statusCode, 200);
    env.clock.advance(15 * 60_000 + 1000);
    assert.equal((await login('sec_reg', 'Passw0rd!', ip)).statusCode, 200);
  });

  it('a client not behind a trusted proxy cannot choose its address with X-Forwarded-For', async () => {
    const ip = '203.0.113.50';
    for (let i = 0; i < 3; i++) await login(`ghost${i}`, 'x', ip, { 'x-forwarded-for': `10.9.9.${i}` });
    const res = await login('ghost9', 'x', ip, { 'x-forwarded-for': '10.9.9.99' });
    assert.equal(res.statusCode, 429, 'the forged header must not give a fresh address');
  });

  it('a reverse proxy on the private network does pass the client address', async () => {
    for (let i = 0; i < 3; i++) await login(`far${i}`, 'x', '10.0.0.5', { 'x-forwarded-for': '198.51.100.77' });
    assert.equal((await login('far9', 'x', '10.0.0.5', { 'x-forwarded-for': '198.51.100.77' })).statusCode, 429);
    assert.equal((await login('far9', 'x', '10.0.0.5', { 'x-forwarded-for': '198.51.100.78' })).statusCode, 401, 'another client behind the same proxy');
  });

  it('public routes are limited per address; health and the broker hooks are not', async () => {
    const ip = '198.51.100.30';
    for (let i = 0; i < 5; i++) assert.equal((await env.app.inject({ method: 'GET', url: '/api/regions', remoteAddress: ip })).statusCode, 200);
    const res = await env.app.inject({ method: 'GET', url: '/api/public/elevators/12345', remoteAddress: ip });
    assert.equal(res.statusCode, 429);
    assert.equal(res.json().error.code, 'RATE_LIMITED');
    assert.equal(res.headers['retry-after'], '60');
    assert.equal((await env.app.inject({ method: 'GET', url: '/api/regions', remoteAddress: '198.51.100.31' })).statusCode, 200);
    for (let i = 0; i < 10; i++) assert.equal((await env.app.inject({ method: 'GET', url: '/api/health', remoteAddress: ip })).statusCode, 200);
    // Logged-in work is not limited by this.
    for (let i = 0; i < 10; i++) assert.equal((await env.app.inject({ method: 'GET', url: '/api/auth/me', remoteAddress: ip, headers: { authorization: `Bearer ${token}` } })).statusCode, 200);
    env.clock.advance(61_000);
    assert.equal((await env.app.inject({ method: 'GET', url: '/api/regions', remoteAddress: ip })).statusCode, 200);
  });
});

describe('no secret in logs or error bodies', () => {
  it('failed logins, bad requests and broker hooks carrying a password leave it nowhere', async () => {
    const bodies: string[] = [];
    const send = async (req: InjectOptions) => {
      const res = await env.app.inject(req);
      bodies.push(res.body, JSON.stringify(res.headers));
      return res;
    };
    const ip = '198.51.100.40';
    await send({ method: 'POST', url: '/api/auth/login', payload: { username: 'sec_reg', password: SECRET }, remoteAddress: ip });
    await send({ method: 'POST', url: '/api/auth/login', payload: { username: SECRET, password: SECRET.repeat(20) }, remoteAddress: ip }); // too long: 400
    await send({ method: 'POST', url: '/api/auth/login', payload: `{"username":"a","password":"${SECRET}"`, headers: { 'content-type': 'application/json' }, remoteAddress: ip }); // malformed
    await send({ method: 'POST', url: '/api/mqtt/auth', payload: { username: 'dev-1', password: SECRET } });
    await send({ method: 'POST', url: '/api/users', payload: { username: 'x', password: SECRET }, headers: { authorization: `Bearer ${token}` } });
    await send({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${SECRET}` } });
    env.app.log.info('capture canary');
    const logged = lines.join('');
    assert.ok(logged.includes('capture canary'), 'the capture works');
    assert.ok(!logged.includes(SECRET), 'a password or token in the log');
    assert.ok(!logged.includes(token), 'a session token in the log');
    for (const b of bodies) assert.ok(!b.includes(SECRET), `echoed in an answer: ${b.slice(0, 200)}`);
  });

  it('the logger redacts passwords and tokens nested in logged objects', () => {
    const out: string[] = [];
    const log = createLogger({ LOG_LEVEL: 'info' }, { write: (s: string) => void out.push(s) });
    log.info({ password: SECRET, body: { password: SECRET, token: SECRET }, req: { headers: { authorization: `Bearer ${SECRET}`, 'x-hook-secret': SECRET } } }, 'x');
    assert.equal(out.length, 1);
    assert.ok(!out[0].includes(SECRET), out[0]);
  });
});
