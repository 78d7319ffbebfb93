/**
 * A per-key sliding-window counter for the public endpoints (no login), kept in memory per node. It slows one
 * address down; the per-elevator daily cap in the store (complaint-intake.service.ts) holds across nodes and
 * addresses.
 */
export class SlidingWindowLimit {
  private hits = new Map<string, number[]>();
  constructor(
    readonly max: number,
    readonly windowMs: number,
    private readonly maxKeys = 50_000,
  ) {}

  /** Counts a hit for `key` at `now` (ms) and answers whether it is within the limit. A refused hit is not counted. */
  take(key: string, now: number): boolean {
    const recent = (this.hits.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (recent.length >= this.max) {
      this.hits.set(key, recent);
      return false;
    }
    recent.push(now);
    this.hits.delete(key);
    // Oldest keys go first when the map is full, so a flood of addresses cannot grow it without bound.
    if (this.hits.size >= this.maxKeys) this.hits.delete(this.hits.keys().next().value!);
    this.hits.set(key, recent);
    return true;
  }
}
