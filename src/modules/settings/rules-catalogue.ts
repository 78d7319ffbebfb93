import zh from '../../../locales/zh-CN.json' with { type: 'json' };
import type { Permission } from '../auth/roles.ts';
import { INSPECTION_RULES } from '../inspection/inspection.domain.ts';
import { GRADE_WEIGHTS, MAINTENANCE_RULES } from '../maintenance/maintenance.domain.ts';
import { CIVIL_CODE_RULE } from '../renovation/vote.ts';
import { DEFAULT_ADDON_RULES } from '../addon/addon.domain.ts';
import { DEFAULT_SUBSIDY_RULE } from '../insurance/insurance.domain.ts';
import { DEFAULT_CREDIT_RULES } from '../credit/credit.domain.ts';
import { DEFAULT_PERSONNEL_RULES } from '../personnel/personnel.domain.ts';

/**
 * Every rule a region may set, in one catalogue: which settings table holds it, its default (the value the module
 * uses when no region sets it), its bounds, and who may change it. The modules read the same tables through
 * region-settings.ts (most specific region prefix wins), so what this API writes is what they apply.
 */
export const RULE_TABLES = {
  inspection: 'inspection_rule_setting',
  maintenance: 'maintenance_rule_setting',
  renovation: 'renovation_rule_setting',
  addon: 'addon_rule_setting',
  insurance: 'insurance_rule_setting',
  credit: 'credit_rule_setting',
  personnel: 'personnel_rule_setting',
} as const;
export type RuleGroup = keyof typeof RULE_TABLES;
export const RULE_GROUPS = Object.keys(RULE_TABLES) as RuleGroup[];

export interface RuleSpec {
  key: string;
  default: number;
  min: number;
  max: number;
  integer: boolean;
}

/** Besides `settings.rules` (regulators), the department that owns a group's decisions may set its rules. */
export const GROUP_PERMISSIONS: Record<RuleGroup, readonly Permission[]> = {
  inspection: ['settings.rules'],
  maintenance: ['settings.rules'],
  renovation: ['settings.rules', 'renovation.approve'],
  addon: ['settings.rules', 'addon.approve'],
  insurance: ['settings.rules'],
  credit: ['settings.rules'],
  personnel: ['settings.rules'],
};

const int = (key: string, def: number, min: number, max: number): RuleSpec => ({ key, default: def, min, max, integer: true });
const flag = (key: string, def: number): RuleSpec => int(key, def, 0, 1);

export const RULES: Record<RuleGroup, readonly RuleSpec[]> = {
  inspection: [
    flag('signerOnSiteForbidden', INSPECTION_RULES.signerOnSiteForbidden),
    int('maxElevatorsPerInspectorDay', INSPECTION_RULES.maxElevatorsPerInspectorDay, 1, 100),
    int('maxSameDayDistanceKm', INSPECTION_RULES.maxSameDayDistanceKm, 1, 2000),
    int('missedHazardDays', INSPECTION_RULES.missedHazardDays, 1, 365),
    int('deadlineDaysSerious', INSPECTION_RULES.deadlineDaysSerious, 1, 365),
    int('deadlineDaysGeneral', INSPECTION_RULES.deadlineDaysGeneral, 1, 365),
  ],
  maintenance: [
    int('halfMonthDays', MAINTENANCE_RULES.halfMonthDays, 1, 31),
    flag('onDemand', MAINTENANCE_RULES.onDemand),
    int('onDemandDays', MAINTENANCE_RULES.onDemandDays, 15, 180),
    int('onDemandConnectedDays', MAINTENANCE_RULES.onDemandConnectedDays, 15, 365),
    int('minMinutesHalfMonth', MAINTENANCE_RULES.minMinutesHalfMonth, 1, 600),
    int('minMinutesQuarter', MAINTENANCE_RULES.minMinutesQuarter, 1, 600),
    int('minMinutesHalfYear', MAINTENANCE_RULES.minMinutesHalfYear, 1, 600),
    int('minMinutesYear', MAINTENANCE_RULES.minMinutesYear, 1, 600),
    int('maxDistanceM', MAINTENANCE_RULES.maxDistanceM, 10, 10_000),
    int('maxRecordsPerWorkerDay', MAINTENANCE_RULES.maxRecordsPerWorkerDay, 1, 100),
    int('iotPassengerMinutes', MAINTENANCE_RULES.iotPassengerMinutes, 1, 600),
    ...Object.entries(GRADE_WEIGHTS).map(([k, v]) => int(`weight.${k}`, v, 0, 100)),
  ],
  renovation: [
    int('vote.participation.num', CIVIL_CODE_RULE.participation.num, 1, 100),
    int('vote.participation.den', CIVIL_CODE_RULE.participation.den, 1, 100),
    int('vote.consent.num', CIVIL_CODE_RULE.consent.num, 1, 100),
    int('vote.consent.den', CIVIL_CODE_RULE.consent.den, 1, 100),
  ],
  addon: [
    int('participation.num', DEFAULT_ADDON_RULES.participation.num, 1, 100),
    int('participation.den', DEFAULT_ADDON_RULES.participation.den, 1, 100),
    int('approval.num', DEFAULT_ADDON_RULES.approval.num, 1, 100),
    int('approval.den', DEFAULT_ADDON_RULES.approval.den, 1, 100),
    int('notice.days', DEFAULT_ADDON_RULES.noticeDays, 1, 90),
    int('registration.days', DEFAULT_ADDON_RULES.registrationDays, 1, 365),
    int('subsidy.deduction', DEFAULT_ADDON_RULES.deductionPerNonSigning, 0, 1_000_000),
    // Subsidy brackets from n storeys up (0 removes a bracket); the catalogue offers 2–33 storeys.
    ...Array.from({ length: 32 }, (_, i) => i + 2).map((n) => int(`subsidy.storeys.${n}`, DEFAULT_ADDON_RULES.subsidyByStoreys.find((b) => b.minStoreys === n)?.amount ?? 0, 0, 10_000_000)),
  ],
  insurance: [
    { key: 'subsidy.ratio', default: DEFAULT_SUBSIDY_RULE.ratio, min: 0, max: 1, integer: false },
    int('subsidy.cap', DEFAULT_SUBSIDY_RULE.cap, 0, 1_000_000),
    flag('subsidy.requiresIot', DEFAULT_SUBSIDY_RULE.requiresIot),
  ],
  credit: Object.entries(DEFAULT_CREDIT_RULES).map(([k, v]) =>
    k.startsWith('points.') ? int(k, v, -100, 100) : k === 'windowYears' ? int(k, v, 1, 10) : k === 'bonusCap' ? int(k, v, 0, 100) : int(k, v, 0, 110),
  ),
  personnel: [
    int('safetyManager.cap', DEFAULT_PERSONNEL_RULES['safetyManager.cap'], 1, 10_000),
    int('neverSeen.months', DEFAULT_PERSONNEL_RULES['neverSeen.months'], 1, 60),
    int('records.months', DEFAULT_PERSONNEL_RULES['records.months'], 1, 60),
  ],
};

/** Pairs that form a fraction (num ≤ den), checked on the effective values after a change. */
export const FRACTIONS: Record<RuleGroup, readonly [string, string][]> = {
  inspection: [],
  maintenance: [],
  renovation: [['vote.participation.num', 'vote.participation.den'], ['vote.consent.num', 'vote.consent.den']],
  addon: [['participation.num', 'participation.den'], ['approval.num', 'approval.den']],
  insurance: [],
  credit: [],
  personnel: [],
};

const labels = (zh as unknown as { rules: Record<string, Record<string, string>> }).rules;

/** The rule's name for people (locales `rules.<group>.<key with _ for .>`); subsidy brackets are numbered. */
export function ruleLabel(group: RuleGroup, key: string): string {
  const storeys = /^subsidy\.storeys\.(\d+)$/.exec(key);
  if (group === 'addon' && storeys) return (labels.addon?.subsidy_storeys ?? '{n}').replace('{n}', storeys[1]!);
  return labels[group]?.[key.replace(/\./g, '_')] ?? key;
}

export function specOf(group: RuleGroup, key: string): RuleSpec | undefined {
  return RULES[group].find((r) => r.key === key);
}
