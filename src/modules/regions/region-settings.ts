import type { Kysely } from 'kysely';
import type { DB } from '../../server/db/schema.ts';

/**
 * Rule values kept per region prefix ('' = everywhere, '37' the province, '3701' a city, '370102' a county) in a
 * (region_prefix, key, value) table: for each key the most specific prefix that sets it wins.
 */
export async function regionSettings(db: Kysely<DB>, table: 'inspection_rule_setting' | 'maintenance_rule_setting' | 'addon_rule_setting' | 'insurance_rule_setting' | 'credit_rule_setting' | 'personnel_rule_setting' | 'complaint_rule_setting', regionCode: string): Promise<Map<string, number>> {
  const prefixes = ['', regionCode.slice(0, 2), regionCode.slice(0, 4), regionCode];
  const rows = await db.selectFrom(table).select(['region_prefix', 'key', 'value']).where('region_prefix', 'in', prefixes).execute();
  rows.sort((a, b) => a.region_prefix.length - b.region_prefix.length);
  return new Map(rows.map((r) => [r.key, Number(r.value)]));
}

/** Defaults overlaid with the region's values for the keys the defaults name (prefixed keys: `weight.` etc.). */
export function overlay<T extends Record<string, number>>(defaults: T, values: Map<string, number>, keyPrefix = ''): T {
  const out = { ...defaults };
  for (const k of Object.keys(out) as (keyof T & string)[]) {
    const v = values.get(`${keyPrefix}${k}`);
    if (v !== undefined) (out as Record<string, number>)[k] = v;
  }
  return out;
}
