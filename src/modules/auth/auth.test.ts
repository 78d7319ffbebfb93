import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestEnv, storeKinds, type TestEnv } from '../../test/harness.ts';
import { bearer, createOrg, userToken } from '../../test/factories.ts';
import { bootstrapAdmin } from './auth.service.ts';

for (const kind of storeKinds()) {
  describe(`login and sessions (${kind})`, () => {
    let env: TestEnv;
    let orgId: number;
    before(async () => {
      env = await openTestEnv(kind);
      orgId = (await createOrg(env.ctx, { type: 'regulator', regionCode: '370100' })).id;
    });
    after(() => env.close());

    const login = (username: string, password: string) => env.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });

    test('first start creates admin with ADMIN_PASSWORD, once', async () => {
      env.ctx.config.ADMIN_PASSWORD = 'Admin12345';
      const first = await bootstrapAdmin(env.ctx);
      assert.equal(first.created, true);
      assert.equal(first.password, undefined);
      assert.equal((await bootstrapAdmin(env.ctx)).created, false);
      const res = await login('admin', 'Admin12345');
      assert.equal(res.statusCode, 200);
      assert.ok(res.json().token.length >= 40);
      assert.deepEqual(res.json().user.roles, ['admin']);
    });

    test('a wrong password is 401 and the same message as an unknown user', async () => {
      await userToken(env, { orgId, roles: ['regulator'], username: 'li.si' });
      const wrong = await login('li.si', 'nope');
      const unknown = await login('nobody', 'nope');
      assert.equal(wrong.statusCode, 401);
      assert.equal(unknown.statusCode, 401);
      assert.deepEqual(wrong.json(), unknown.json());
    });

    test('locks the account after repeated failures, until the lock expires', async () => {
      await userToken(env, { orgId, roles: ['regulator'], username: 'wang.wu' });
      for (let i = 0; i < env.ctx.config.LOGIN_MAX_FAILURES; i++) assert.equal((await login('wang.wu', 'bad')).statusCode, 401);
      const locked = await login('wang.wu', 'Passw0rd!');
      assert.equal(locked.statusCode, 423);
      assert.equal(locked.json().error.code, 'ACCOUNT_LOCKED');
      env.clock.advance((env.ctx.config.LOGIN_LOCK_MINUTES + 1) * 60_000);
      assert.equal((await login('wang.wu', 'Passw0rd!')).statusCode, 200);
    });

    test('a token expires, and logout revokes it', async () => {
      const token = await userToken(env, { orgId, roles: ['regulator'] });
      assert.equal((await env.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(token) })).statusCode, 200);
      env.clock.advance(env.ctx.config.SESSION_TTL_MINUTES * 60_000 + 1000);
      const expired = await env.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(token) });
      assert.equal(expired.statusCode, 401);
      assert.equal(expired.json().error.code, 'SESSION_EXPIRED');
      const t2 = await userToken(env, { orgId, roles: ['regulator'] });
      assert.equal((await env.app.inject({ method: 'POST', url: '/api/auth/logout', headers: bearer(t2) })).statusCode, 204);
      assert.equal((await env.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(t2) })).statusCode, 401);
    });

    test('a session ends after SESSION_IDLE_MINUTES without use; use keeps it alive', async () => {
      const idle = 30;
      const previous = env.ctx.config.SESSION_IDLE_MINUTES;
      env.ctx.config.SESSION_IDLE_MINUTES = idle;
      try {
        const me = (token: string) => env.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(token) });
        const active = await userToken(env, { orgId, roles: ['regulator'] });
        const quiet = await userToken(env, { orgId, roles: ['regulator'] });
        // `active` is used every 20 minutes for two hours: never idle for 30, so it stays valid.
        for (let i = 0; i < 6; i++) {
          env.clock.advance(20 * 60_000);
          assert.equal((await me(active)).statusCode, 200, `use ${i}`);
        }
        const res = await me(quiet);
        assert.equal(res.statusCode, 401);
        assert.equal(res.json().error.code, 'SESSION_IDLE');
        assert.match(res.json().error.message, /长时间未操作/);
        // Just under the limit is still fine, at the limit it is not.
        const edge = await userToken(env, { orgId, roles: ['regulator'] });
        env.clock.advance(idle * 60_000 - 1000);
        assert.equal((await me(edge)).statusCode, 200);
        const edge2 = await userToken(env, { orgId, roles: ['regulator'] });
        env.clock.advance(idle * 60_000);
        assert.equal((await me(edge2)).json().error.code, 'SESSION_IDLE');
      } finally {
        env.ctx.config.SESSION_IDLE_MINUTES = previous;
      }
    });

    test('a disabled user is refused at once, sessions included', async () => {
      const adminToken = (await login('admin', 'Admin12345')).json().token;
      const token = await userToken(env, { orgId, roles: ['regulator'], username: 'zhao.liu' });
      const user = await env.ctx.store.db.selectFrom('app_user').select('id').where('username', '=', 'zhao.liu').executeTakeFirstOrThrow();
      const res = await env.app.inject({ method: 'PATCH', url: `/api/users/${user.id}`, headers: bearer(adminToken), payload: { active: false } });
      assert.equal(res.statusCode, 200);
      assert.equal((await env.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(token) })).statusCode, 401);
      assert.equal((await login('zhao.liu', 'Passw0rd!')).json().error.code, 'ACCOUNT_DISABLED');
    });

    test('admin creates users with a password policy and roles that fit the organisation', async () => {
      const adminToken = (await login('admin', 'Admin12345')).json().token;
      const weak = await env.app.inject({ method: 'POST', url: '/api/users', headers: bearer(adminToken), payload: { username: 'u.weak', displayName: '弱', orgId, roles: ['regulator'], password: 'password' } });
      assert.equal(weak.statusCode, 400);
      assert.equal(weak.json().error.details.fields[0].field, 'password');
      const badRole = await env.app.inject({ method: 'POST', url: '/api/users', headers: bearer(adminToken), payload: { username: 'u.role', displayName: '角色', orgId, roles: ['admin'], password: 'Strong123' } });
      assert.equal(badRole.statusCode, 400);
      const ok = await env.app.inject({ method: 'POST', url: '/api/users', headers: bearer(adminToken), payload: { username: 'u.ok', displayName: '好', orgId, roles: ['regulator'], password: 'Strong123' } });
      assert.equal(ok.statusCode, 201);
      const dup = await env.app.inject({ method: 'POST', url: '/api/users', headers: bearer(adminToken), payload: { username: 'u.ok', displayName: '好', orgId, roles: ['regulator'], password: 'Strong123' } });
      assert.equal(dup.json().error.code, 'USERNAME_TAKEN');
      const regulatorToken = (await login('u.ok', 'Strong123')).json().token;
      assert.equal((await env.app.inject({ method: 'GET', url: '/api/users', headers: bearer(regulatorToken) })).statusCode, 403);
    });
  });
}
