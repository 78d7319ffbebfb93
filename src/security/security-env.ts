import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { ROLES, type Role } from '../modules/auth/roles.ts';
import { openTestEnv, type TestEnv, type TestEnvOptions } from '../test/harness.ts';
import { createOrg, userToken } from '../test/factories.ts';
import type { RouteEntry } from '../server/app.ts';

/** The organisation type each role's test user belongs to (a natural home for the role; see ROLES_FOR_ORG_TYPE). */
export const ORG_OF_ROLE: Record<Role, string> = {
  admin: 'platform',
  regulator: 'regulator',
  dispatcher: 'emergency_center',
  use_unit: 'use_unit',
  maintenance: 'maintenance',
  inspector: 'inspection',
  manufacturer: 'manufacturer',
  rescuer: 'rescue_station',
  department: 'education',
  insurer: 'insurer',
  street_office: 'street_office',
  finance: 'finance',
  housing: 'housing',
};

export interface SecurityEnv {
  env: TestEnv;
  /** One logged-in user per role in roles.ts. */
  tokens: Record<Role, string>;
  /** Every API route the app registered (HEAD twins left out). */
  routes: RouteEntry[];
  close(): Promise<void>;
}

export async function openSecurityEnv(envVars: Record<string, string> = {}, opts: Omit<TestEnvOptions, 'env'> = {}): Promise<SecurityEnv> {
  const env = await openTestEnv('pglite', { ...opts, env: envVars });
  const tokens = {} as Record<Role, string>;
  for (const role of ROLES) {
    const org = await createOrg(env.ctx, { type: ORG_OF_ROLE[role], regionCode: role === 'admin' ? '370000' : '370100' });
    tokens[role] = await userToken(env, { orgId: org.id, roles: [role], username: `sec_${role}` });
  }
  const routes = env.app.routeTable.filter((r) => r.method !== 'HEAD' && r.url.startsWith('/api/'));
  return { env, tokens, routes, close: () => env.close() };
}

/** A value for a path parameter that gets the request routed (validation may still refuse it, which is fine). */
export function dummyParam(name: string): string {
  if (name.startsWith('sha')) return 'a'.repeat(64);
  if (name === 'format') return 'png';
  if (name === 'level') return 'city';
  if (name === 'group') return 'maintenance';
  return '999999';
}

export function fillPath(url: string, value: (name: string) => string = dummyParam): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => encodeURIComponent(value(name))).replace(/\*$/, 'x');
}

export const hasBody = (method: string) => method === 'POST' || method === 'PUT' || method === 'PATCH';

/** Live streams (SSE) never end on their own: a caller who passed the check gets an open stream, so wait this long. */
export const STREAM_WAIT_MS = 1500;

export async function injectWithTimeout(env: TestEnv, opts: InjectOptions, ms = 15_000): Promise<LightMyRequestResponse | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  try {
    return await Promise.race([env.app.inject(opts), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs fn over items with at most `n` in flight. */
export async function pool<T>(items: readonly T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  let i = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (i < items.length) await fn(items[i++]);
    }),
  );
}
