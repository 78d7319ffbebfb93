/**
 * Elevator insurance (domain brief §10): pure rules — premiums from a product's rule, the city's premium subsidy,
 * who may pay, and the claim workflow. No I/O here.
 */
import type { ClaimStatus, Payer, ProductKind } from '../../server/db/tables/insurance.ts';

export const PRODUCT_KINDS: readonly ProductKind[] = ['liability', 'service', 'pension'];
export const PAYERS: readonly Payer[] = ['use_unit', 'owners', 'maintenance_fund', 'insurer'];
export const CLAIM_STATUSES: readonly ClaimStatus[] = ['filed', 'accepted', 'approved', 'paid', 'rejected', 'withdrawn'];

/**
 * A product's premium rule: a base premium per year, replaced by the longest matching category prefix
 * (`"31"` all traction and hydraulic elevators, `"3110"` traction passenger), times the factor of the age band the
 * elevator is in (the band with the largest `minYears` not above its age; age unknown → the first band).
 */
export interface PremiumRule {
  base: number;
  byCategory?: Record<string, number>;
  ageBands?: { minYears: number; factor: number }[];
}

export interface PremiumCalc {
  base: number;
  categoryKey: string | null;
  ageYears: number | null;
  factor: number;
  /** Yuan a year, to the fen. */
  premium: number;
}

const fen = (x: number) => Math.round(x * 100) / 100;

export function premiumFor(rule: PremiumRule, e: { categoryCode: string; ageYears: number | null }): PremiumCalc {
  const key = Object.keys(rule.byCategory ?? {})
    .filter((k) => e.categoryCode.startsWith(k))
    .sort((a, b) => b.length - a.length)[0];
  const base = key ? rule.byCategory![key]! : rule.base;
  const bands = [...(rule.ageBands ?? [])].sort((a, b) => a.minYears - b.minYears);
  const band = e.ageYears === null ? bands[0] : [...bands].reverse().find((b) => e.ageYears! >= b.minYears);
  const factor = band?.factor ?? 1;
  return { base, categoryKey: key ?? null, ageYears: e.ageYears, factor, premium: fen(base * factor) };
}

/** Premium for a period: the yearly premium pro rata by days (365-day year); a whole year costs exactly a year. */
export function periodPremium(yearly: number, startsOn: string, endsOn: string): number {
  const days = Math.round((Date.parse(`${endsOn}T00:00:00Z`) - Date.parse(`${startsOn}T00:00:00Z`)) / 86_400_000) + 1;
  if (days >= 365 && days <= 366) return yearly;
  return fen((yearly * days) / 365);
}

/** A city's premium subsidy (Fuzhou: 10%, at most 1,000 yuan, only for elevators with an IoT terminal bound). */
export interface SubsidyRule {
  /** Share of the premium, 0 = no subsidy. */
  ratio: number;
  /** Yuan per policy, 0 = no cap. */
  cap: number;
  /** 1: only elevators with an active monitoring terminal bound. */
  requiresIot: number;
}

export const DEFAULT_SUBSIDY_RULE: SubsidyRule = { ratio: 0, cap: 0, requiresIot: 1 };

export interface SubsidyCalc {
  ratio: number;
  cap: number;
  requiresIot: boolean;
  hasIot: boolean;
  eligible: boolean;
  amount: number;
}

export function premiumSubsidy(premium: number, rule: SubsidyRule, hasIot: boolean): SubsidyCalc {
  const requiresIot = rule.requiresIot >= 1;
  const eligible = rule.ratio > 0 && (!requiresIot || hasIot);
  const raw = eligible ? fen(premium * rule.ratio) : 0;
  return { ratio: rule.ratio, cap: rule.cap, requiresIot, hasIot, eligible, amount: rule.cap > 0 ? Math.min(raw, rule.cap) : raw };
}

/** Who may pay: anyone but the insurer, which buys only 保险+服务 (it buys the policy and oversees the maintenance). */
export function payerAllowed(kind: ProductKind, payer: Payer): boolean {
  return payer !== 'insurer' || kind === 'service';
}

export const CLAIM_ACTIONS = ['accept', 'approve', 'pay', 'reject', 'withdraw'] as const;
export type ClaimAction = (typeof CLAIM_ACTIONS)[number];

/** filed → accepted (受理) → approved (核定) → paid; rejected from filed or accepted; withdrawn while only filed. */
const CLAIM_FLOW: Record<ClaimAction, [ClaimStatus[], ClaimStatus]> = {
  accept: [['filed'], 'accepted'],
  approve: [['accepted'], 'approved'],
  pay: [['approved'], 'paid'],
  reject: [['filed', 'accepted'], 'rejected'],
  withdraw: [['filed'], 'withdrawn'],
};

export function nextClaimStatus(from: ClaimStatus, action: ClaimAction): ClaimStatus | null {
  const [froms, to] = CLAIM_FLOW[action];
  return froms.includes(from) ? to : null;
}

export function claimActionsFrom(from: ClaimStatus): ClaimAction[] {
  return CLAIM_ACTIONS.filter((a) => nextClaimStatus(from, a) !== null);
}

/** A policy in force on `day`. */
export const inForce = (p: { status: string; starts_on: string; ends_on: string }, day: string) => p.status === 'active' && p.starts_on <= day && p.ends_on >= day;
