import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type net from 'node:net';
import { DEMO_PRODUCT_KEY, demoDeviceId } from '../demo/demo-devices.ts';
import { parseCli, provisionDevices } from './cli.ts';

interface Req {
  method: string;
  url: string;
  auth?: string;
  body?: Record<string, unknown>;
}

/** The platform's contract for the simulator: login, the in-use elevator list, device registration. */
function fakeApi(codes: string[]) {
  const requests: Req[] = [];
  /** Devices already registered, by id, with the elevator they are bound to. */
  const devices = new Map<string, { registrationCode: string; secret: string }>();
  const boundTo = new Map<string, string>();
  const reply = (res: http.ServerResponse, status: number, body?: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(body === undefined ? '' : JSON.stringify(body));
  };
  const fail = (res: http.ServerResponse, status: number, code: string) => reply(res, status, { error: { code, message: code } });
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : undefined;
      const r: Req = { method: req.method!, url: req.url!, auth: req.headers.authorization, body };
      requests.push(r);
      const url = new URL(req.url!, 'http://x');
      if (r.method === 'POST' && url.pathname === '/api/auth/login') {
        if (body?.username === 'admin' && body.password === 'Admin12345') return reply(res, 200, { token: 'tok', expiresAt: '2030-01-01T00:00:00Z', user: {} });
        return fail(res, 401, 'BAD_CREDENTIALS');
      }
      if (r.auth !== 'Bearer tok') return fail(res, 401, 'UNAUTHENTICATED');
      if (r.method === 'GET' && url.pathname === '/api/elevators') {
        assert.equal(url.searchParams.get('status'), 'IN_USE');
        const page = Number(url.searchParams.get('page'));
        const size = Number(url.searchParams.get('pageSize'));
        const items = codes.slice((page - 1) * size, page * size).map((registrationCode, i) => ({ registrationCode, ...(i % 2 ? { floors: 18 } : {}) }));
        return reply(res, 200, { items, total: codes.length });
      }
      if (r.method === 'POST' && url.pathname === '/api/devices') {
        const id = body!.deviceId as string;
        if (devices.has(id)) return fail(res, 409, 'DEVICE_EXISTS');
        if (boundTo.has(body!.registrationCode as string)) return fail(res, 409, 'DEVICE_ELEVATOR_TAKEN');
        devices.set(id, { registrationCode: body!.registrationCode as string, secret: body!.secret as string });
        boundTo.set(body!.registrationCode as string, id);
        return reply(res, 201, { deviceId: id });
      }
      const rotate = /^\/api\/devices\/([^/]+)\/rotate-secret$/.exec(url.pathname);
      if (r.method === 'POST' && rotate) {
        const d = devices.get(decodeURIComponent(rotate[1]));
        if (!d) return fail(res, 404, 'DEVICE_NOT_FOUND');
        d.secret = body!.secret as string;
        return reply(res, 200, { ok: true });
      }
      fail(res, 404, 'NOT_FOUND');
    });
  });
  return { server, requests, devices, boundTo };
}

describe('simulate CLI', () => {
  // 450 elevators: three pages of 200.
  const codes = Array.from({ length: 450 }, (_, i) => `3701${String(i).padStart(16, '0')}`);
  const api = fakeApi(codes);
  let base: string;

  before(async () => {
    // An earlier run registered the first elevator's terminal; another system bound the second to a foreign one;
    // demo seeding registered a JTC340 terminal for the third, whichever protocol this run picks for it.
    for (const [code, protocol] of [[codes[0], 'native'], [codes[2], 'jtc340']] as const) {
      api.devices.set(demoDeviceId(code, protocol), { registrationCode: code, secret: 'old' });
      api.boundTo.set(code, demoDeviceId(code, protocol));
    }
    api.boundTo.set(codes[1], 'FOREIGN-1');
    await new Promise<void>((r) => api.server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(api.server.address() as net.AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => api.server.close(() => r())));

  it('parses options with defaults', () => {
    assert.deepEqual(parseCli(['--elevators', '50', '--rate', '20', '--frequent', '--protocol', 'jtc340', '--entrapments', '3']), {
      elevators: 50,
      rate: 20,
      url: 'mqtt://127.0.0.1:1883',
      api: 'http://127.0.0.1:3000',
      user: 'admin',
      password: 'Admin12345',
      protocol: 'jtc340',
      frequent: true,
      entrapments: 3,
      faults: undefined,
      seed: 1,
      duration: undefined,
    });
    assert.equal(parseCli(['--elevators', '500']).rate, 50);
    assert.throws(() => parseCli(['--protocol', 'mqtt5']), /--protocol/);
    assert.throws(() => parseCli(['--elevators', 'many']), /--elevators/);
  });

  it('registers a terminal with a fresh secret per in-use elevator, rotating or skipping the ones already bound', async () => {
    const { devices, skipped } = await provisionDevices({ api: base, user: 'admin', password: 'Admin12345', count: 420, protocol: 'mixed', seed: 4 });
    assert.equal(skipped, 1, 'the elevator bound to a foreign terminal');
    assert.equal(devices.length, 419);
    assert.ok(!devices.some((d) => d.deviceId.endsWith(codes[1])));
    assert.ok(devices.some((d) => d.deviceId === demoDeviceId(codes[2], 'jtc340')), 'the seeded terminal taken over');
    // Pages were walked until enough elevators were found.
    assert.deepEqual(
      api.requests.filter((r) => r.url.startsWith('/api/elevators')).map((r) => new URL(r.url, 'http://x').searchParams.get('page')),
      ['1', '2', '3'],
    );
    for (const d of devices) {
      const code = d.deviceId.slice(2);
      assert.equal(d.deviceId, demoDeviceId(code, d.protocol));
      assert.equal(api.devices.get(d.deviceId)?.secret, d.secret, `${d.deviceId}: the secret the platform has`);
      assert.ok(d.secret.length >= 20);
      assert.equal(d.productKey, d.protocol === 'jtc340' ? DEMO_PRODUCT_KEY : undefined);
      assert.ok(d.floors >= 2);
    }
    const jtc = devices.filter((d) => d.protocol === 'jtc340').length / devices.length;
    assert.ok(jtc > 0.2 && jtc < 0.4, `JTC340 share ${jtc}`);
    assert.ok(devices.some((d) => d.floors === 18), 'floors from the list when it has them');
    const reg = api.requests.find((r) => r.url === '/api/devices' && r.body?.protocol === 'jtc340')!;
    assert.deepEqual(Object.keys(reg.body!).sort(), ['deviceId', 'productKey', 'protocol', 'registrationCode', 'secret']);
    assert.ok(api.requests.filter((r) => r.url !== '/api/auth/login').every((r) => r.auth === 'Bearer tok'));
  });

  it('stops at the first systemic failure with the server answer', async () => {
    await assert.rejects(provisionDevices({ api: base, user: 'admin', password: 'nope', count: 5, protocol: 'native', seed: 1 }), /401 BAD_CREDENTIALS/);
  });
});
