import type { Kysely } from 'kysely';
import type { DB } from '../../server/db/schema.ts';
import { regionSettings } from '../regions/region-settings.ts';
import { DEFAULT_ADDON_RULES, type AddonRules } from './addon.domain.ts';

/**
 * A region's added-elevator rules: the defaults (Rizhao) overlaid with `addon_rule_setting` keys, most specific
 * region prefix winning: `participation.num` / `participation.den`, `approval.num` / `approval.den`, `notice.days`,
 * `registration.days`, `subsidy.deduction`, and `subsidy.storeys.<n>` (amount from n storeys up; 0 removes a bracket).
 */
export async function addonRules(db: Kysely<DB>, regionCode: string): Promise<AddonRules> {
  const v = await regionSettings(db, 'addon_rule_setting', regionCode);
  const d = DEFAULT_ADDON_RULES;
  const brackets = new Map(d.subsidyByStoreys.map((b) => [b.minStoreys, b.amount]));
  for (const [k, val] of v) {
    const m = /^subsidy\.storeys\.(\d+)$/.exec(k);
    if (m) brackets.set(Number(m[1]), val);
  }
  return {
    participation: { num: v.get('participation.num') ?? d.participation.num, den: v.get('participation.den') ?? d.participation.den },
    approval: { num: v.get('approval.num') ?? d.approval.num, den: v.get('approval.den') ?? d.approval.den },
    noticeDays: v.get('notice.days') ?? d.noticeDays,
    registrationDays: v.get('registration.days') ?? d.registrationDays,
    deductionPerNonSigning: v.get('subsidy.deduction') ?? d.deductionPerNonSigning,
    subsidyByStoreys: [...brackets].filter(([, amount]) => amount > 0).sort((a, b) => a[0] - b[0]).map(([minStoreys, amount]) => ({ minStoreys, amount })),
  };
}
