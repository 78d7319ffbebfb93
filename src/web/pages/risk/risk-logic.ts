import type { OldTier, RiskFactor, RiskModelParams, RiskScore, TierCounts } from '../../api/risk.types.ts';
import { OLD_TIERS, RISK_FACTORS } from '../../api/risk.types.ts';
import { t } from '../../i18n.ts';

/** Grade 1 (low) … 4 (highest risk): tag colour and the hex used in bars and charts. */
export const GRADE_TAG: Record<number, string> = { 1: 'green', 2: 'gold', 3: 'orange', 4: 'red' };
export const GRADE_HEX: Record<number, string> = { 1: '#52c41a', 2: '#faad14', 3: '#fa8c16', 4: '#f5222d' };
export const FACTOR_HEX: Record<RiskFactor, string> = {
  age: '#5470c6',
  usage: '#91cc75',
  faults: '#fac858',
  entrapments: '#ee6666',
  inspection: '#73c0de',
  defects: '#3ba272',
  maintenance: '#fc8452',
  complaints: '#9a60b4',
};

export const factorLabel = (f: RiskFactor) => t(`web.risk.factor.${f}`);
export const gradeLabel = (g: number) => (g >= 1 && g <= 4 ? t(`web.risk.grade.${String(g) as '1' | '2' | '3' | '4'}`) : String(g));

/** How names are looked up for a factor's raw input (kept as parameters so this stays pure). */
export interface InputLabels {
  category: (code: string) => string;
  place: (code: string) => string;
  conclusion: (code: string) => string;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * A factor's raw input in words, in the factor's own unit: `26.4 年`, `近 12 个月 6 次故障`, `检验结论 不合格`,
 * `曳引驱动乘客电梯 · 住宅`. `usage` arrives as `category/placeType`.
 */
export function factorInputText(name: RiskFactor, value: number | string | null, labels: InputLabels): string {
  const n = typeof value === 'number' ? value : Number(value ?? 0);
  switch (name) {
    case 'age':
      return value === null ? t('web.risk.input.ageUnknown') : t('web.risk.input.age', { n: round1(n).toFixed(1) });
    case 'usage': {
      const [category = '', place = ''] = String(value ?? '').split('/');
      return t('web.risk.input.usage', { category: labels.category(category), place: labels.place(place) });
    }
    case 'faults':
      return t('web.risk.input.faults', { n });
    case 'entrapments':
      return t('web.risk.input.entrapments', { n });
    case 'inspection':
      return value === null || value === '' ? t('web.risk.input.inspectionNone') : t('web.risk.input.inspection', { conclusion: labels.conclusion(String(value)) });
    case 'defects':
      return t('web.risk.input.defects', { n });
    case 'maintenance':
      return n > 0 ? t('web.risk.input.maintenance', { n }) : t('web.risk.input.maintenanceOk');
    case 'complaints':
      return t('web.risk.input.complaints', { n });
  }
}

/** One bar of the waterfall: where it starts on the 0–100 axis and how long it is. */
export interface WaterfallBar {
  name: RiskFactor;
  value: number | string | null;
  start: number;
  contribution: number;
}

/**
 * The factors as a waterfall, in the model's order: each bar starts where the previous ended, so the last bar ends at
 * the score. `end` is the sum of the contributions (the server guarantees it equals the score, to rounding).
 */
export function waterfall(factors: RiskScore['factors']): { bars: WaterfallBar[]; end: number } {
  const order = (f: RiskFactor) => RISK_FACTORS.indexOf(f);
  let at = 0;
  const bars = [...factors]
    .sort((a, b) => order(a.name) - order(b.name))
    .map((f) => {
      const bar = { name: f.name, value: f.value, start: round2(at), contribution: f.contribution };
      at += f.contribution;
      return bar;
    });
  return { bars, end: round2(at) };
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Whole and tenth years between a YYYY-MM-DD date and today (YYYY-MM-DD), e.g. 21.3; null without a date. */
export function yearsSince(date: string | null, today: string): number | null {
  if (!date) return null;
  const days = (Date.parse(`${today}T00:00:00Z`) - Date.parse(`${date}T00:00:00Z`)) / 86_400_000;
  return Number.isFinite(days) ? round1(days / 365.25) : null;
}

/** 有 / 无 / 未记录 for the ascending-overspeed protection column. */
export function overspeedText(v: boolean | null): string {
  return v === true ? t('web.risk.old.overspeed.yes') : v === false ? t('web.risk.old.overspeed.no') : t('web.risk.old.overspeed.unknown');
}

export const tierLabel = (tier: OldTier) => t(`web.risk.tier.${tier}`);
export const tierKey = (tier: OldTier): keyof TierCounts => (tier === 'overspeed' ? 'overspeed' : tier === '15' ? 'tier15' : 'tier20');
export const isTier = (v: string | null): v is OldTier => !!v && (OLD_TIERS as readonly string[]).includes(v);

/** Share of the stock in a tier, as a percentage with one decimal (0 when there is no stock). */
export function share(count: number, stock: number): number {
  return stock > 0 ? round1((count / stock) * 100) : 0;
}

/** Sum of the weights (the model wants exactly 100). */
export function weightSum(weights: Partial<Record<RiskFactor, number | null>>): number {
  return round2(RISK_FACTORS.reduce((s, f) => s + (Number(weights[f]) || 0), 0));
}

/**
 * The problems the server would refuse a model for, found before sending (the server checks again):
 * weights summing to 100, thresholds rising within (0, 100], scales above 0.
 */
export function modelProblems(p: RiskModelParams): ('weights' | 'thresholds' | `scales.${string}`)[] {
  const out: ('weights' | 'thresholds' | `scales.${string}`)[] = [];
  if (Math.abs(weightSum(p.weights) - 100) > 1e-9) out.push('weights');
  const [a, b, c] = p.thresholds;
  if (!(a > 0 && a < b && b < c && c <= 100)) out.push('thresholds');
  for (const [k, v] of Object.entries(p.scales)) if (!(v > 0)) out.push(`scales.${k}`);
  return out;
}

/**
 * Province level may change the model: the administrator, or a regulator whose region is the province
 * (a code ending 0000, e.g. 370000); the server decides (403 otherwise).
 */
export function isProvinceLevel(me: { orgType: string; roles: readonly string[]; regionCode: string; permissions: readonly string[] }): boolean {
  if (!me.permissions.includes('risk.settings')) return false;
  if (me.orgType === 'platform' && me.roles.includes('admin')) return true;
  return me.orgType === 'regulator' && /^\d{2}0000$/.test(me.regionCode);
}

/** Progress of a recomputation in percent (0 while the total is unknown). */
export function progressPercent(s: { status: string; done: number; total: number }): number {
  if (s.status === 'done') return 100;
  return s.total > 0 ? Math.min(100, Math.floor((s.done / s.total) * 100)) : 0;
}
