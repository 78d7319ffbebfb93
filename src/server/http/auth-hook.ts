import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Permission } from '../../modules/auth/roles.ts';
import type { Principal } from '../../modules/auth/principal.ts';
import { AppError } from './errors.ts';

/**
 * Every route states who may call it in `config.auth`: 'public', 'authenticated', or a permission.
 * A route that states nothing is refused for everyone: new routes are closed until someone opens them.
 */
export type RouteAuth = 'public' | 'authenticated' | Permission;

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: RouteAuth;
  }
  interface FastifyRequest {
    principal?: Principal;
  }
}

export type ResolvePrincipal = (token: string) => Promise<Principal>;

export function bearerToken(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  if (h?.startsWith('Bearer ')) return h.slice(7).trim() || undefined;
  return undefined;
}

/**
 * Runs on request, before the body is read or validated: a caller without the right learns nothing about a route's
 * schema (no 400 before the 401/403) and makes the server parse nothing.
 */
export function registerAuthHook(app: FastifyInstance, resolve: ResolvePrincipal): void {
  app.addHook('onRequest', async (req) => {
    const url = req.routeOptions.url;
    if (url === undefined) return; // 404 handler
    // Only the API holds data: static files of the web app and the OpenAPI browser are open to all.
    if (!url.startsWith('/api/') || url.startsWith('/api/docs')) return;
    const rule = req.routeOptions.config?.auth;
    if (rule === 'public') return;
    if (rule === undefined) throw new AppError('FORBIDDEN', { reason: 'route has no access rule' });
    const token = bearerToken(req);
    if (!token) throw new AppError('UNAUTHENTICATED');
    req.principal = await resolve(token);
    // `required` names the missing permission: the UI can say what is needed, and tests can tell this refusal from a
    // handler's own (scope) refusals.
    if (rule !== 'authenticated' && !req.principal.permissions.has(rule)) throw new AppError('FORBIDDEN', { required: rule });
  });
}

/** The principal of an authenticated route (set by the hook above). */
export function principalOf(req: FastifyRequest): Principal {
  if (!req.principal) throw new AppError('UNAUTHENTICATED');
  return req.principal;
}
