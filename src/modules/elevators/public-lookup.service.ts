import type { AppContext } from '../../server/context.ts';
import { presentPublic } from './elevators.presenter.ts';
import * as repo from './elevators.repo.ts';
import type { PublicElevatorOut } from './elevators.schema.ts';

/** A 20-digit 注册代码 or a 5–7 digit 救援识别码; anything else cannot be an elevator. */
const PUBLIC_CODE = /^(\d{20}|\d{5,7})$/;

/** Public records change rarely and are read by every QR scan: a short-lived cache keeps them off the store. */
const TTL_MS = 30_000;
const MAX_ENTRIES = 100_000;

interface Entry {
  at: number;
  value: PublicElevatorOut | null;
}

const caches = new WeakMap<AppContext, Map<string, Entry>>();
function cacheOf(ctx: AppContext): Map<string, Entry> {
  let c = caches.get(ctx);
  if (!c) caches.set(ctx, (c = new Map()));
  return c;
}

/**
 * Forgets cached public records after a change in this process (other nodes' entries expire within TTL_MS).
 * Without codes, everything is forgotten (imports).
 */
export function invalidatePublic(ctx: AppContext, codes?: (string | null | undefined)[]): void {
  const c = cacheOf(ctx);
  if (!codes) return c.clear();
  for (const code of codes) if (code) c.delete(code);
}

/** The public record of an elevator, or undefined when the code names none (unknown codes are cached too). */
export async function publicLookup(ctx: AppContext, rawCode: string): Promise<PublicElevatorOut | undefined> {
  const code = rawCode.trim();
  if (!PUBLIC_CODE.test(code)) return undefined;
  const cache = cacheOf(ctx);
  const now = ctx.clock.now().getTime();
  const hit = cache.get(code);
  if (hit && now - hit.at < TTL_MS) return hit.value ?? undefined;
  const row = await repo.getPublicPrepared(ctx.store, code);
  const value = row ? presentPublic(ctx, row) : null;
  cache.delete(code);
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(code, { at: now, value });
  // Both codes of a found elevator name the same record.
  if (value) for (const other of [value.registrationCode, value.rescueCode]) if (other && other !== code) cache.delete(other);
  return value ?? undefined;
}
