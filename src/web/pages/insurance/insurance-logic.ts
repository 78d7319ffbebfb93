import type { PremiumRule, ProductKind } from '../../api/insurance.types.ts';
import { t } from '../../i18n.ts';

export const KINDS: readonly ProductKind[] = ['liability', 'service', 'pension'];

export const money = (n: number) => n.toLocaleString('zh-CN', { maximumFractionDigits: 2 });

/** A premium rule in words: base, category prices, age factors. */
export function premiumRuleText(r: PremiumRule): string {
  const parts = [t('web.insurance.rule.base', { n: money(r.base) })];
  for (const [k, v] of Object.entries(r.byCategory ?? {})) parts.push(t('web.insurance.rule.category', { code: k, n: money(v) }));
  for (const b of [...(r.ageBands ?? [])].sort((a, c) => a.minYears - c.minYears)) if (b.minYears > 0) parts.push(t('web.insurance.rule.age', { years: b.minYears, factor: b.factor }));
  return parts.join('；');
}

/** Coverage rate as a percentage with one decimal. */
export const rateText = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);
