import type { AppContext } from '../../server/context.ts';
import type { Principal } from '../auth/principal.ts';
import { scopeOf } from '../elevators/elevators.service.ts';

/**
 * A short cache for the cockpit's panels and map (every module counts rows across a region): the same figures for the
 * same scope and region are computed once per `ttlMs` however many regulators and departments have the cockpit open.
 * Keyed by the scope (not the user), per context, with wall-clock expiry; a failed load is not kept. The permission
 * to read a panel is checked per request before the cache is asked.
 */
const caches = new WeakMap<AppContext, Map<string, { at: number; value: Promise<unknown> }>>();
const MAX_ENTRIES = 5_000;

export function cached<T>(ctx: AppContext, p: Principal, name: string, regionCode: string | undefined, ttlMs: number, load: () => Promise<T>): Promise<T> {
  let cache = caches.get(ctx);
  if (!cache) caches.set(ctx, (cache = new Map()));
  const key = `${name}|${JSON.stringify(scopeOf(ctx, p))}|${regionCode ?? ''}`;
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < ttlMs) return hit.value as Promise<T>;
  if (cache.size >= MAX_ENTRIES) cache.clear();
  const value = load();
  cache.set(key, { at: Date.now(), value });
  value.catch(() => cache.delete(key));
  return value;
}
