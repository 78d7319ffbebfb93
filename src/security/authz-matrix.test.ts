import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PERMISSIONS, ROLES, permissionsOf, type Permission, type Role } from '../modules/auth/roles.ts';
import type { RouteEntry } from '../server/app.ts';
import { fillPath, hasBody, injectWithTimeout, openSecurityEnv, pool, STREAM_WAIT_MS, type SecurityEnv } from './security-env.ts';

/**
 * The authorization matrix, generated from the route table: every API route × every role (one user each) plus an
 * anonymous caller. A route added without `config.auth` fails the first test; a route opened to the public without
 * being added to PUBLIC_ROUTES fails the second. See docs/security.md.
 */

/** Routes anyone may call without logging in. Adding one here is a decision: say why in the review. */
const PUBLIC_ROUTES = [
  'GET /api/openapi.json',
  'GET /api/health',
  'POST /api/auth/login',
  'POST /api/auth/second-factor/verify', //         the code step after a correct password (challenge in the body)
  'POST /api/auth/second-factor/enrol', //          first administrative login: the new TOTP secret
  'POST /api/auth/second-factor/enrol/confirm',
  'GET /api/regions',
  'GET /api/meta/registry',
  'GET /api/elevators/:registrationCode/qr.:format', // the label's QR image
  'GET /api/public/elevators/:code', //             the QR page
  'POST /api/public/incidents', //                  我被困了 / 报告故障 (rate-limited)
  'GET /api/public/maintenance-grades',
  'GET /api/public/releases',
  'GET /api/public/releases/:id',
  'GET /api/public/credit/orgs/:creditCode',
  'POST /api/public/reports', //                    投诉举报 (rate-limited)
  'GET /api/public/reports/:trackingCode', //       tracking (rate-limited)
  'POST /api/mqtt/auth', //                         broker hooks (x-hook-secret when MQTT_HOOK_SECRET is set)
  'POST /api/mqtt/acl',
].sort();

/** The OpenAPI browser (swagger-ui) is static documentation, outside the access rules. */
const isDocs = (url: string) => url === '/api/docs' || url.startsWith('/api/docs/');
const key = (r: RouteEntry) => `${r.method} ${r.url}`;
const isStream = (r: RouteEntry) => r.method === 'GET' && r.url.endsWith('/stream');

type Caller = Role | 'anonymous';
interface Cell {
  route: string;
  caller: Caller;
  status: number | 'timeout';
  body?: { error?: { code?: string; details?: { required?: string } } };
}

let s: SecurityEnv;
const cells: Cell[] = [];

before(async () => {
  s = await openSecurityEnv();
});
after(async () => {
  await s?.close();
});

function parse(body: string): Cell['body'] {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

describe('authorization matrix (route table × roles)', () => {
  it('every API route states an access rule', () => {
    assert.ok(s.routes.length > 200, `only ${s.routes.length} routes found: is the route table collected?`);
    const unguarded = s.routes.filter((r) => !isDocs(r.url) && r.auth === undefined).map(key);
    assert.deepEqual(unguarded, [], 'routes without config.auth (add one: public, authenticated or a permission)');
    const unknown = s.routes.filter((r) => r.auth && r.auth !== 'public' && r.auth !== 'authenticated' && !PERMISSIONS.includes(r.auth as Permission)).map((r) => `${key(r)} → ${r.auth}`);
    assert.deepEqual(unknown, [], 'routes naming a permission that roles.ts does not define');
  });

  it('public routes are exactly the pinned list', () => {
    const open = s.routes.filter((r) => r.auth === 'public').map(key).sort();
    assert.deepEqual(open, PUBLIC_ROUTES);
  });

  it('every route answers every caller consistently with its rule', { timeout: 600_000 }, async () => {
    // Logging out revokes the caller's own session: it runs last.
    const routes = [...s.routes.filter((r) => !isDocs(r.url))].sort((a, b) => Number(a.url === '/api/auth/logout') - Number(b.url === '/api/auth/logout'));
    const callers: Caller[] = ['anonymous', ...ROLES];
    const work: { route: RouteEntry; caller: Caller }[] = [];
    for (const route of routes.filter((r) => r.url !== '/api/auth/logout')) for (const caller of callers) work.push({ route, caller });
    await pool(work, 6, async ({ route, caller }) => {
      const stream = isStream(route) && caller !== 'anonymous' && (route.auth === 'authenticated' || permissionsOf([caller]).has(route.auth as Permission));
      const res = await injectWithTimeout(
        s.env,
        {
          method: route.method as 'GET',
          url: fillPath(route.url),
          headers: caller === 'anonymous' ? {} : { authorization: `Bearer ${s.tokens[caller]}` },
          ...(hasBody(route.method) ? { payload: {} } : {}),
        },
        stream ? STREAM_WAIT_MS : 30_000,
      );
      cells.push(res === 'timeout' ? { route: key(route), caller, status: 'timeout' } : { route: key(route), caller, status: res.statusCode, body: parse(res.body) });
    });
    const logout = routes.find((r) => r.url === '/api/auth/logout')!;
    for (const caller of callers) {
      const res = await s.env.app.inject({ method: 'POST', url: logout.url, headers: caller === 'anonymous' ? {} : { authorization: `Bearer ${s.tokens[caller]}` } });
      cells.push({ route: key(logout), caller, status: res.statusCode, body: parse(res.body) });
    }

    const rule = new Map(s.routes.map((r) => [key(r), r.auth]));
    const problems: string[] = [];
    for (const c of cells) {
      const auth = rule.get(c.route)!;
      const code = c.body?.error?.code;
      const where = `${c.route} as ${c.caller}: ${c.status} ${code ?? ''}`;
      if (c.status !== 'timeout' && c.status >= 500) {
        problems.push(`${where} (server error)`);
        continue;
      }
      if (auth === 'public') {
        if (c.status === 401) problems.push(`${where} (public route asked for a login)`);
        continue;
      }
      if (c.caller === 'anonymous') {
        if (c.status !== 401) problems.push(`${where} (anonymous caller not refused with 401)`);
        continue;
      }
      const holds = auth === 'authenticated' || permissionsOf([c.caller]).has(auth as Permission);
      const refusedByRule = c.status === 403 && c.body?.error?.details?.required === auth;
      if (c.status === 'timeout') {
        if (!holds) problems.push(`${where} (no refusal: the stream opened for a caller without ${auth})`);
        else if (!isStream({ method: c.route.split(' ')[0], url: c.route.split(' ')[1], auth })) problems.push(`${where} (no answer)`);
        continue;
      }
      if (c.status === 401) problems.push(`${where} (a logged-in caller got 401)`);
      else if (holds && refusedByRule) problems.push(`${where} (refused although the role holds ${auth})`);
      else if (!holds && !refusedByRule) problems.push(`${where} (the role lacks ${auth} but was not refused with 403)`);
    }
    const expected = (routes.length - 1) * (ROLES.length + 1) + ROLES.length + 1;
    assert.equal(cells.length, expected);
    console.log(`authz matrix: ${routes.length} routes × ${callers.length} callers = ${cells.length} requests, ${cells.filter((c) => c.status === 403).length} refused with 403, ${cells.filter((c) => c.status === 401).length} with 401`);
    assert.deepEqual(problems, []);
  });

  it('a route without a rule is refused at run time too (the hook, not only this test)', async () => {
    // The refusal the matrix relies on: the hook itself closes a route that states nothing.
    const { default: Fastify } = await import('fastify');
    const { registerAuthHook } = await import('../server/http/auth-hook.ts');
    const app = Fastify();
    registerAuthHook(app, async () => {
      throw new Error('not reached');
    });
    app.setErrorHandler((err: { status?: number }, _req, reply) => reply.code(err.status ?? 500).send({}));
    app.get('/api/new-thing', async () => ({ secret: true }));
    await app.ready();
    const res = await app.inject({ method: 'GET', url: '/api/new-thing', headers: { authorization: 'Bearer x' } });
    assert.equal(res.statusCode, 403);
    await app.close();
  });
});
