import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestEnv, storeKinds, type TestEnv } from '../../test/harness.ts';
import { bearer, createOrg } from '../../test/factories.ts';
import { hashPassword } from './password.ts';
import { piiCipher } from '../../server/pii.ts';
import { totpCode } from './totp.ts';

const PASSWORD = 'Passw0rd!';

for (const kind of storeKinds()) {
  describe(`second factor for administrative accounts (${kind})`, () => {
    let env: TestEnv;
    let platformId: number;
    let useUnitId: number;
    let hash: string;
    before(async () => {
      env = await openTestEnv(kind, { env: { ADMIN_SECOND_FACTOR: 'totp', LOGIN_IP_MAX_FAILURES: '10000' } });
      platformId = (await createOrg(env.ctx, { type: 'platform', regionCode: '370000' })).id;
      useUnitId = (await createOrg(env.ctx, { type: 'use_unit', regionCode: '370102' })).id;
      hash = await hashPassword(PASSWORD);
    });
    after(() => env.close());

    const post = (url: string, payload: unknown, headers: Record<string, string> = {}) => env.app.inject({ method: 'POST', url, payload: payload as object, headers });
    const login = (username: string, password = PASSWORD) => post('/api/auth/login', { username, password });
    const addUser = async (username: string, roles: string[], orgId = platformId) => {
      const u = await env.ctx.store.db
        .insertInto('app_user')
        .values({ username, display_name: username, password_hash: hash, org_id: orgId, roles, phone: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      return u.id;
    };
    const auditActions = async (userId: number) =>
      (await env.ctx.store.db.selectFrom('audit_log').select('action').where('entity_type', '=', 'user').where('entity_id', '=', String(userId)).orderBy('id').execute()).map((r) => r.action);
    /** Logs in and enrols: returns the secret, the recovery codes and the token. */
    const enrol = async (username: string) => {
      const first = await login(username);
      assert.equal(first.statusCode, 200);
      const { challenge, step } = first.json().secondFactor;
      assert.equal(step, 'enrol');
      const e = (await post('/api/auth/second-factor/enrol', { challenge })).json();
      const done = await post('/api/auth/second-factor/enrol/confirm', { challenge, code: totpCode(e.secret, env.clock.now().getTime()) });
      assert.equal(done.statusCode, 200, done.body);
      return { secret: e.secret as string, recoveryCodes: done.json().recoveryCodes as string[], token: done.json().token as string, enrolment: e };
    };

    test('an admin enrols at the first login: secret shown once as otpauth URI and base32, stored encrypted', async () => {
      const id = await addUser('sf.admin', ['admin']);
      const first = await login('sf.admin');
      assert.equal(first.json().token, undefined, 'no session before the second factor');
      const { challenge } = first.json().secondFactor;
      // A wrong first code does not enrol.
      const e = (await post('/api/auth/second-factor/enrol', { challenge })).json();
      assert.match(e.secret, /^[A-Z2-7]{32}$/);
      assert.equal(e.otpauthUri, `otpauth://totp/LiftSafe%3Asf.admin?secret=${e.secret}&issuer=LiftSafe&algorithm=SHA1&digits=6&period=30`);
      assert.match(e.qrDataUrl, /^data:image\/png;base64,/);
      const wrong = await post('/api/auth/second-factor/enrol/confirm', { challenge, code: '000000' === totpCode(e.secret, env.clock.now().getTime()) ? '111111' : '000000' });
      assert.equal(wrong.statusCode, 401);
      assert.equal(wrong.json().error.code, 'SECOND_FACTOR_INVALID');
      const ok = await post('/api/auth/second-factor/enrol/confirm', { challenge, code: totpCode(e.secret, env.clock.now().getTime()) });
      assert.equal(ok.statusCode, 200);
      assert.equal(ok.json().recoveryCodes.length, 10);
      assert.equal((await env.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(ok.json().token) })).statusCode, 200);
      const row = await env.ctx.store.db.selectFrom('app_user').select(['totp_secret', 'totp_pending_secret']).where('id', '=', id).executeTakeFirstOrThrow();
      assert.ok(row.totp_secret && !row.totp_secret.includes(e.secret), 'the secret is not stored in clear');
      assert.equal(piiCipher(env.ctx.config).decrypt(row.totp_secret), e.secret);
      assert.equal(row.totp_pending_secret, null);
      const codes = await env.ctx.store.db.selectFrom('user_recovery_code').select('code_hash').where('user_id', '=', id).execute();
      assert.equal(codes.length, 10);
      for (const c of ok.json().recoveryCodes as string[]) assert.ok(!codes.some((h) => h.code_hash.includes(c)));
      // The challenge is spent.
      assert.equal((await post('/api/auth/second-factor/enrol', { challenge })).json().error.code, 'SECOND_FACTOR_CHALLENGE_INVALID');
      assert.deepEqual(await auditActions(id), ['user.second_factor.fail', 'user.second_factor.enrol']);
      // Nothing secret in the audit trail.
      const trail = JSON.stringify(await env.ctx.store.db.selectFrom('audit_log').select(['after']).where('entity_id', '=', String(id)).execute());
      assert.ok(!trail.includes(e.secret) && !trail.includes(ok.json().recoveryCodes[0]));
    });

    test('the next login asks for a code; the same code is refused a second time (replay)', async () => {
      const id = await addUser('sf.replay', ['admin']);
      const { secret } = await enrol('sf.replay');
      env.clock.advance(30_000);
      const a = (await login('sf.replay')).json().secondFactor;
      assert.equal(a.step, 'verify');
      const code = totpCode(secret, env.clock.now().getTime());
      const ok = await post('/api/auth/second-factor/verify', { challenge: a.challenge, code });
      assert.equal(ok.statusCode, 200);
      assert.equal((await env.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(ok.json().token) })).json().username, 'sf.replay');
      const b = (await login('sf.replay')).json().secondFactor;
      const again = await post('/api/auth/second-factor/verify', { challenge: b.challenge, code });
      assert.equal(again.statusCode, 401);
      assert.equal(again.json().error.code, 'SECOND_FACTOR_REUSED');
      env.clock.advance(30_000);
      assert.equal((await post('/api/auth/second-factor/verify', { challenge: b.challenge, code: totpCode(secret, env.clock.now().getTime()) })).statusCode, 200);
      const actions = await auditActions(id);
      assert.deepEqual(actions.filter((a) => a.startsWith('user.second_factor')), ['user.second_factor.enrol', 'user.second_factor.verify', 'user.second_factor.fail', 'user.second_factor.verify']);
    });

    test('a recovery code works once', async () => {
      await addUser('sf.recover', ['admin']);
      const { recoveryCodes } = await enrol('sf.recover');
      const c1 = (await login('sf.recover')).json().secondFactor.challenge;
      assert.equal((await post('/api/auth/second-factor/verify', { challenge: c1, code: recoveryCodes[3].toUpperCase() })).statusCode, 200);
      const c2 = (await login('sf.recover')).json().secondFactor.challenge;
      const reused = await post('/api/auth/second-factor/verify', { challenge: c2, code: recoveryCodes[3] });
      assert.equal(reused.json().error.code, 'SECOND_FACTOR_INVALID');
    });

    test('wrong codes share the password lockout: 3 bad passwords + 2 bad codes lock the account', async () => {
      const id = await addUser('sf.lock', ['admin']);
      const { secret } = await enrol('sf.lock');
      for (let i = 0; i < 3; i++) assert.equal((await login('sf.lock', 'wrong1234')).statusCode, 401);
      const c = (await login('sf.lock')).json().secondFactor.challenge;
      for (let i = 0; i < env.ctx.config.LOGIN_MAX_FAILURES - 3; i++) await post('/api/auth/second-factor/verify', { challenge: c, code: '999999' === totpCode(secret, env.clock.now().getTime()) ? '888888' : '999999' });
      env.clock.advance(30_000);
      const good = totpCode(secret, env.clock.now().getTime());
      const locked = await post('/api/auth/second-factor/verify', { challenge: c, code: good });
      // The lock also spent the challenge: even the right code opens nothing.
      assert.equal(locked.statusCode, 401);
      assert.equal(locked.json().token, undefined);
      const relog = await login('sf.lock');
      assert.equal(relog.statusCode, 423);
      assert.equal(relog.json().error.code, 'ACCOUNT_LOCKED');
      assert.ok((await auditActions(id)).includes('user.locked'));
      env.clock.advance((env.ctx.config.LOGIN_LOCK_MINUTES + 1) * 60_000);
      const c2 = (await login('sf.lock')).json().secondFactor.challenge;
      assert.equal((await post('/api/auth/second-factor/verify', { challenge: c2, code: totpCode(secret, env.clock.now().getTime()) })).statusCode, 200);
      const row = await env.ctx.store.db.selectFrom('app_user').select('failed_logins').where('id', '=', id).executeTakeFirstOrThrow();
      assert.equal(row.failed_logins, 0);
    });

    test('a challenge expires after 5 minutes and only serves its own step', async () => {
      await addUser('sf.expire', ['admin']);
      const { secret } = await enrol('sf.expire');
      const c = (await login('sf.expire')).json().secondFactor.challenge;
      assert.equal((await post('/api/auth/second-factor/enrol', { challenge: c })).json().error.code, 'SECOND_FACTOR_CHALLENGE_INVALID');
      env.clock.advance(5 * 60_000 + 1000);
      const late = await post('/api/auth/second-factor/verify', { challenge: c, code: totpCode(secret, env.clock.now().getTime()) });
      assert.equal(late.json().error.code, 'SECOND_FACTOR_CHALLENGE_INVALID');
      assert.equal((await post('/api/auth/second-factor/verify', { challenge: 'made-up', code: '123456' })).json().error.code, 'SECOND_FACTOR_CHALLENGE_INVALID');
    });

    test('which accounts need it: admin permissions (regulators set rules) yes, a use unit no', async () => {
      await addUser('sf.regulator', ['regulator'], platformId);
      await addUser('sf.useunit', ['use_unit'], useUnitId);
      assert.equal((await login('sf.regulator')).json().secondFactor.step, 'enrol');
      const plain = await login('sf.useunit');
      assert.equal(plain.statusCode, 200);
      assert.ok(plain.json().token);
    });

    test('ADMIN_SECOND_FACTOR=off: an admin gets a session from the password alone', async () => {
      await addUser('sf.off', ['admin']);
      env.ctx.config.ADMIN_SECOND_FACTOR = 'off';
      try {
        const res = await login('sf.off');
        assert.equal(res.statusCode, 200);
        assert.ok(res.json().token);
      } finally {
        env.ctx.config.ADMIN_SECOND_FACTOR = 'totp';
      }
    });

    test('an administrator resets a lost authenticator: sessions end, the next login enrols again', async () => {
      const id = await addUser('sf.lost', ['admin']);
      const lost = await enrol('sf.lost');
      const { token: adminToken } = await (async () => {
        await addUser('sf.resetter', ['admin']);
        return enrol('sf.resetter');
      })();
      const res = await post(`/api/users/${id}/second-factor/reset`, {}, bearer(adminToken));
      assert.equal(res.statusCode, 204);
      assert.equal((await env.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(lost.token) })).statusCode, 401);
      assert.equal((await login('sf.lost')).json().secondFactor.step, 'enrol');
      assert.ok((await auditActions(id)).includes('user.second_factor.reset'));
      const list = await env.app.inject({ method: 'GET', url: '/api/users?q=sf.resetter', headers: bearer(adminToken) });
      assert.equal(list.json().items[0].secondFactorEnrolled, true);
    });
  });
}
