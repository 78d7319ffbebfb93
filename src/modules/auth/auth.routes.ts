import { z } from 'zod';
import { bearerToken, principalOf } from '../../server/http/auth-hook.ts';
import { typed, type RouteModule } from '../../server/http/types.ts';
import * as service from './auth.service.ts';
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

const routes: RouteModule = (app, ctx) => {
  const r = typed(app);
  const failures = loginFailureLimit(ctx);
  r.post('/api/auth/login', {
    config: { auth: 'public' },
    schema: {
      tags: ['auth'],
      summary: 'Log in with username and password; returns a bearer token',
      body: LoginIn,
      response: { 200: z.object({ token: z.string(), expiresAt: z.string(), user: UserOut }) },
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
