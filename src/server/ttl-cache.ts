/**
 * A small keyed cache of promises with expiry, for figures that are expensive to compute and may be a little stale
 * (a public page served to anyone, many times a minute). Concurrent callers of a missing key share one load; a
 * failed load is not kept; at `maxEntries` the oldest entry goes first, so a caller varying the key cannot grow it
 * without bound. `now` is passed in (the context's clock) so tests need not wait.
 */
export class TtlCache<T> {
  private entries = new Map<string, { at: number; value: Promise<T> }>();
  constructor(
    readonly ttlMs: number,
    readonly maxEntries = 1_000,
  ) {}

  get(key: string, now: number, load: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && now - hit.at < this.ttlMs) return hit.value;
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    const value = load();
    const entry = { at: now, value };
    this.entries.set(key, entry);
    value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return value;
  }

  get size(): number {
    return this.entries.size;
  }
}
