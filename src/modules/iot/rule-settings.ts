import type { Kysely } from 'kysely';
import type { DB } from '../../server/db/schema.ts';
import { RULE_DEFAULTS, type RuleKey } from './iot.domain.ts';

export interface RuleOverride {
  id: number;
  key: RuleKey;
  /** The region as a 6-digit code ('' = everywhere); matched by its prefix. */
  regionCode: string;
  prefix: string;
  vendor: string;
  value: number;
}

/**
 * Rule thresholds with per-region and per-vendor overrides. The most specific override wins: one naming the
 * vendor beats one that does not, then the longest matching region prefix; with none, the default of §7.
 */
export class RuleSettings {
  private byKey = new Map<RuleKey, RuleOverride[]>();
  private loadedAt = 0;
  /** Bumped on every load, so caches of resolved thresholds know to refresh. */
  version = 0;

  constructor(private db: Kysely<DB>) {}

  async load(): Promise<void> {
    const rows = await this.db.selectFrom('iot_rule_setting').selectAll().execute();
    const next = new Map<RuleKey, RuleOverride[]>();
    for (const r of rows) {
      if (!(r.key in RULE_DEFAULTS)) continue;
      const o = { id: r.id, key: r.key as RuleKey, regionCode: r.region_code ? r.region_code.padEnd(6, '0') : '', prefix: r.region_code, vendor: r.vendor, value: r.value };
      next.set(o.key, [...(next.get(o.key) ?? []), o]);
    }
    this.byKey = next;
    this.loadedAt = Date.now();
    this.version++;
  }

  /** Reloads when older than `maxAgeMs` (changes made on another node). */
  async refreshIfOlder(maxAgeMs: number): Promise<void> {
    if (Date.now() - this.loadedAt > maxAgeMs) await this.load();
  }

  get(key: RuleKey, regionCode = '', vendor: string | null = ''): number {
    const list = this.byKey.get(key);
    if (!list) return RULE_DEFAULTS[key];
    let best: RuleOverride | undefined;
    let bestScore = -1;
    for (const o of list) {
      if (o.vendor && o.vendor !== vendor) continue;
      if (!regionCode.startsWith(o.prefix)) continue;
      const score = (o.vendor ? 1000 : 0) + o.prefix.length;
      if (score > bestScore) (best = o), (bestScore = score);
    }
    return best ? best.value : RULE_DEFAULTS[key];
  }

  /** The smallest value any elevator may have (sweeps select candidates with it, then check each). */
  min(key: RuleKey): number {
    return Math.min(RULE_DEFAULTS[key], ...(this.byKey.get(key) ?? []).map((o) => o.value));
  }

  overrides(): RuleOverride[] {
    return [...this.byKey.values()].flat().sort((a, b) => a.key.localeCompare(b.key) || a.regionCode.localeCompare(b.regionCode) || a.vendor.localeCompare(b.vendor));
  }
}
