import { z } from 'zod';
import { bearerToken, principalOf } from '../../server/http/auth-hook.ts';
import { typed, type RouteModule } from '../../server/http/types.ts';
import * as service from './auth.service.ts';
import * as secondFactor from './second-factor.service.ts';
import { AppError } from '../../server/http/errors.ts';
import { checkLoginAllowed, loginFailureLimit } from '../../server/http/rate-limit.ts';

const LoginIn = z.object({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(200) });
const UserOut = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(z.string()),
  orgId: z.number(),
  orgName: z.string(),
  orgType: z.string(),
  regionCode: z.string(),
});
const MeOut = UserOut.extend({ permissions: z.array(z.string()) });
const SessionOut = z.object({ token: z.string(), expiresAt: z.string(), user: UserOut });
const ChallengeOut = z.object({
  secondFactor: z.object({ method: z.literal('totp'), step: z.enum(['verify', 'enrol']), challenge: z.string(), expiresAt: z.string() }),
});
const Challenge = z.string().min(1).max(200);
const CodeIn = z.object({ challenge: Challenge, code: z.string().trim().min(6).max(20) });

const routes: RouteModule = (app, ctx) => {
  const r = typed(app);
  const failures = loginFailureLimit(ctx);
  r.post('/api/auth/login', {
    config: { auth: 'public' },
    schema: {
      tags: ['auth'],
      summary: 'Log in with username and password; returns a bearer token, or a second-factor challenge for accounts with administrative permissions',
      body: LoginIn,
      response: { 200: z.union([SessionOut, ChallengeOut]) },
    },
    handler: async (req) => {
      const now = ctx.clock.now().getTime();
      checkLoginAllowed(failures, req.ip, now);
      try {
        return await service.login(ctx, req.body.username, req.body.password, { ip: req.ip });
      } catch (err) {
        if (err instanceof AppError && (err.code === 'INVALID_CREDENTIALS' || err.code === 'ACCOUNT_LOCKED')) failures.fail(req.ip, now);
        throw err;
      }
    },
  });
  /** The second-factor steps count failures like the password step: per account (lockout) and per address. */
  const guarded = async <T>(ip: string, fn: () => Promise<T>): Promise<T> => {
    const now = ctx.clock.now().getTime();
    checkLoginAllowed(failures, ip, now);
    try {
      return await fn();
    } catch (err) {
      if (err instanceof AppError && ['SECOND_FACTOR_INVALID', 'SECOND_FACTOR_REUSED', 'SECOND_FACTOR_CHALLENGE_INVALID'].includes(err.code)) failures.fail(ip, now);
      throw err;
    }
  };
  r.post('/api/auth/second-factor/verify', {
    config: { auth: 'public' },
    schema: {
      tags: ['auth'],
      summary: 'Second step of an administrative login: a TOTP code (or a recovery code) for the challenge',
      body: CodeIn,
      response: { 200: SessionOut },
    },
    handler: (req) => guarded(req.ip, () => secondFactor.verify(ctx, req.body.challenge, req.body.code, { ip: req.ip })),
  });
  r.post('/api/auth/second-factor/enrol', {
    config: { auth: 'public' },
    schema: {
      tags: ['auth'],
      summary: 'First login of an administrative account: a new TOTP secret (shown once) for the authenticator app',
      body: z.object({ challenge: Challenge }),
      response: { 200: z.object({ secret: z.string(), otpauthUri: z.string(), qrDataUrl: z.string() }) },
    },
    handler: (req) => guarded(req.ip, () => secondFactor.startEnrolment(ctx, req.body.challenge)),
  });
  r.post('/api/auth/second-factor/enrol/confirm', {
    config: { auth: 'public' },
    schema: {
      tags: ['auth'],
      summary: 'Confirms the enrolment with the first code; returns the session and ten one-time recovery codes (shown once)',
      body: CodeIn,
      response: { 200: SessionOut.extend({ recoveryCodes: z.array(z.string()) }) },
    },
    handler: (req) => guarded(req.ip, () => secondFactor.confirmEnrolment(ctx, req.body.challenge, req.body.code, { ip: req.ip })),
  });
  r.post('/api/auth/logout', {
    config: { auth: 'authenticated' },
    schema: { tags: ['auth'], response: { 204: z.null() } },
    handler: async (req, reply) => {
      await service.logout(ctx, bearerToken(req)!);
      return reply.code(204).send(null);
    },
  });
  r.get('/api/auth/me', {
    config: { auth: 'authenticated' },
    schema: { tags: ['auth'], response: { 200: MeOut } },
    handler: (req) => {
      const p = principalOf(req);
      return {
        id: p.userId,
        username: p.username,
        displayName: p.displayName,
        roles: p.roles,
        orgId: p.orgId,
        orgName: p.orgName,
        orgType: p.orgType,
        regionCode: p.regionCode,
        permissions: [...p.permissions],
      };
    },
  });
};
export default routes;
