import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import { SlidingWindowLimit } from '../../modules/complaints/public-limit.ts';
import { AppError } from './errors.ts';

/**
 * Public routes whose callers are machines of the platform itself or that must always answer: the health check
 * (load balancers), the OpenAPI document, and the broker's auth hooks (called per device connect and publish).
 * Login has its own limit on failures (below); the QR-page reports and tracking lookups have tighter ones of their own.
 */
const UNLIMITED_PUBLIC = new Set(['/api/health', '/api/openapi.json', '/api/mqtt/auth', '/api/mqtt/acl', '/api/auth/login']);

/** Per address: at most PUBLIC_RATE_PER_MINUTE calls a minute to the public (no login) routes, across all of them. */
export function registerPublicRateLimit(app: FastifyInstance, ctx: AppContext): void {
  const max = ctx.config.PUBLIC_RATE_PER_MINUTE;
  if (max === 0) return;
  const limit = new SlidingWindowLimit(max, 60_000);
  app.addHook('onRequest', async (req, reply) => {
    const url = req.routeOptions.url;
    if (url === undefined || req.routeOptions.config?.auth !== 'public' || UNLIMITED_PUBLIC.has(url)) return;
    if (!limit.take(req.ip, ctx.clock.now().getTime())) {
      reply.header('retry-after', '60');
      throw new AppError('RATE_LIMITED');
    }
  });
}

/**
 * Failed logins per address (password spraying: a few tries at many accounts stays under each account's lockout).
 * After LOGIN_IP_MAX_FAILURES failures within LOGIN_LOCK_MINUTES, the address may not try again until the oldest
 * failure leaves the window. Successful logins are not counted: an office behind one address logs in freely.
 */
export class LoginFailureLimit {
  private failures = new Map<string, number[]>();
  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly maxKeys = 50_000,
  ) {}

  private recent(key: string, now: number): number[] {
    return (this.failures.get(key) ?? []).filter((t) => now - t < this.windowMs);
  }

  /** Minutes until the address may try again, or 0. */
  blockedMinutes(key: string, now: number): number {
    const recent = this.recent(key, now);
    if (recent.length < this.max) return 0;
    return Math.max(1, Math.ceil((recent[recent.length - this.max] + this.windowMs - now) / 60_000));
  }

  fail(key: string, now: number): void {
    const recent = this.recent(key, now);
    recent.push(now);
    this.failures.delete(key);
    if (this.failures.size >= this.maxKeys) this.failures.delete(this.failures.keys().next().value!);
    this.failures.set(key, recent.slice(-this.max));
  }
}

export function loginFailureLimit(ctx: AppContext): LoginFailureLimit {
  return new LoginFailureLimit(ctx.config.LOGIN_IP_MAX_FAILURES, ctx.config.LOGIN_LOCK_MINUTES * 60_000);
}

export function checkLoginAllowed(limit: LoginFailureLimit, ip: string, now: number): void {
  const minutes = limit.blockedMinutes(ip, now);
  if (minutes) throw new AppError('LOGIN_RATE_LIMITED', { retryAfterMinutes: minutes }, { minutes });
}
