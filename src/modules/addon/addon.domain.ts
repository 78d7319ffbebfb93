/**
 * 既有住宅加装电梯 (adding an elevator to an existing residential building unit), domain brief §9: pure rules —
 * the owners' consent tally, the subsidy, the project's state machine and its dates. No I/O here.
 */
import type { AddonStatus, AddonSubsidyStatus } from '../../server/db/tables/addon.ts';

/** A fraction kept as integers, so "exactly 2/3" compares exactly. */
export interface Ratio {
  num: number;
  den: number;
}

/** Per-city rules (settings table `addon_rule_setting`, most specific region prefix wins). */
export interface AddonRules {
  /** Share of owners who must take part, by area AND by headcount (Rizhao 2025: 2/3). */
  participation: Ratio;
  /** Share of those taking part who must consent, by area AND by headcount (Rizhao 2025: 3/4). */
  approval: Ratio;
  /** Public notice period in days (configurable per city; default 10). */
  noticeDays: number;
  /** Subsidy by storeys: the entry with the largest `minStoreys` not above the building's storeys applies. */
  subsidyByStoreys: { minStoreys: number; amount: number }[];
  /** Deducted per household that did not sign the cost-sharing agreement (Rizhao: 5,000 yuan). */
  deductionPerNonSigning: number;
  /** Days after acceptance within which the elevator must be registered (TSG 08-2017: 30). */
  registrationDays: number;
}

/** Rizhao's rules (日照 2025), the default everywhere until a city sets its own. */
export const DEFAULT_ADDON_RULES: AddonRules = {
  participation: { num: 2, den: 3 },
  approval: { num: 3, den: 4 },
  noticeDays: 10,
  subsidyByStoreys: [
    { minStoreys: 4, amount: 110_000 },
    { minStoreys: 5, amount: 130_000 },
    { minStoreys: 6, amount: 150_000 },
  ],
  deductionPerNonSigning: 5_000,
  registrationDays: 30,
};

export type Vote = 'agree' | 'disagree' | 'abstain' | null;

export interface HouseholdVote {
  /** m², up to two decimals. */
  area: number;
  /** null: the owner did not take part. */
  vote: Vote;
}

/** Areas in hundredths of a m² as integers, so sums and comparisons are exact. */
const centi = (m2: number) => Math.round(m2 * 100);

/** part / whole ≥ num / den, in integers (whole > 0). */
export function reaches(part: number, whole: number, r: Ratio): boolean {
  return whole > 0 && part * r.den >= r.num * whole;
}

export interface ConsentTally {
  households: number;
  totalArea: number;
  participants: number;
  participantArea: number;
  consenting: number;
  consentingArea: number;
  participationByHeadcount: boolean;
  participationByArea: boolean;
  approvalByHeadcount: boolean;
  approvalByArea: boolean;
  /** Every one of the four tests passes. */
  reached: boolean;
}

/**
 * The consent tally: taking part (any vote, abstaining included) against all owners, consenting against those
 * taking part; each by headcount and by area; all four must reach their threshold (≥, so exactly 2/3 passes).
 */
export function tallyConsent(households: readonly HouseholdVote[], rules: Pick<AddonRules, 'participation' | 'approval'>): ConsentTally {
  let total = 0;
  let partN = 0;
  let part = 0;
  let agreeN = 0;
  let agree = 0;
  for (const h of households) {
    const a = centi(h.area);
    total += a;
    if (h.vote === null) continue;
    partN += 1;
    part += a;
    if (h.vote === 'agree') {
      agreeN += 1;
      agree += a;
    }
  }
  const t = {
    participationByHeadcount: reaches(partN, households.length, rules.participation),
    participationByArea: reaches(part, total, rules.participation),
    approvalByHeadcount: reaches(agreeN, partN, rules.approval),
    approvalByArea: reaches(agree, part, rules.approval),
  };
  return {
    households: households.length,
    totalArea: total / 100,
    participants: partN,
    participantArea: part / 100,
    consenting: agreeN,
    consentingArea: agree / 100,
    ...t,
    reached: t.participationByHeadcount && t.participationByArea && t.approvalByHeadcount && t.approvalByArea,
  };
}

export interface SubsidyCalc {
  storeys: number;
  /** The storeys bracket's amount (0 when the building is below every bracket). */
  base: number;
  nonSigning: number;
  deductionPer: number;
  deduction: number;
  /** base − deduction, never below 0. */
  amount: number;
}

/** Subsidy per storeys minus a deduction per non-signing household (Rizhao: 15万/13万/11万 for 6/5/4, −5,000 each). */
export function subsidyFor(storeys: number, nonSigning: number, rules: Pick<AddonRules, 'subsidyByStoreys' | 'deductionPerNonSigning'>): SubsidyCalc {
  const bracket = [...rules.subsidyByStoreys].sort((a, b) => b.minStoreys - a.minStoreys).find((b) => storeys >= b.minStoreys);
  const base = bracket?.amount ?? 0;
  const deduction = nonSigning * rules.deductionPerNonSigning;
  return { storeys, base, nonSigning, deductionPer: rules.deductionPerNonSigning, deduction, amount: Math.max(0, base - deduction) };
}

/** Cost shares must add up to the total, to the fen. */
export function sharesMatchTotal(shares: readonly number[], total: number): boolean {
  return shares.reduce((s, x) => s + Math.round(x * 100), 0) === Math.round(total * 100);
}

export const ADDON_STATUSES: readonly AddonStatus[] = [
  'consultation',
  'agreement',
  'design',
  'notice',
  'review',
  'approved',
  'construction',
  'accepted',
  'registered',
  'contracted',
  'in_service',
  'cancelled',
];

export const ADDON_ACTIONS = ['confirmConsent', 'signAgreement', 'completeDesign', 'startNotice', 'submit', 'approve', 'reject', 'startConstruction', 'accept', 'register', 'recordContract', 'enrol', 'cancel'] as const;
export type AddonAction = (typeof ADDON_ACTIONS)[number];

/** Who may take an action: the implementing body / street office, the housing department, the market regulator. */
export const ACTION_ROLE: Record<AddonAction, 'manage' | 'approve' | 'register'> = {
  confirmConsent: 'manage',
  signAgreement: 'manage',
  completeDesign: 'manage',
  startNotice: 'manage',
  submit: 'manage',
  approve: 'approve',
  reject: 'approve',
  startConstruction: 'manage',
  accept: 'manage',
  register: 'register',
  recordContract: 'manage',
  enrol: 'manage',
  cancel: 'manage',
};

/**
 * The workflow: consent → agreement → design and selection → public notice → review by the housing department →
 * approved → construction → acceptance → use registration → maintenance contract → 96333 enrolment (in service).
 * A rejection sends the project back to design. Cancelling is possible until construction starts.
 */
const TRANSITIONS: Record<AddonAction, [from: AddonStatus[], to: AddonStatus]> = {
  confirmConsent: [['consultation'], 'agreement'],
  signAgreement: [['agreement'], 'design'],
  completeDesign: [['design'], 'notice'],
  startNotice: [['notice'], 'notice'],
  submit: [['notice'], 'review'],
  approve: [['review'], 'approved'],
  reject: [['review'], 'design'],
  startConstruction: [['approved'], 'construction'],
  accept: [['construction'], 'accepted'],
  register: [['accepted'], 'registered'],
  recordContract: [['registered'], 'contracted'],
  enrol: [['contracted'], 'in_service'],
  cancel: [['consultation', 'agreement', 'design', 'notice', 'review', 'approved'], 'cancelled'],
};

/** The status an action leads to, or null when it is not allowed from `from`. */
export function nextStatus(from: AddonStatus, action: AddonAction): AddonStatus | null {
  const [froms, to] = TRANSITIONS[action];
  return froms.includes(from) ? to : null;
}

/** Actions allowed from a status (the page shows these). */
export function actionsFrom(from: AddonStatus): AddonAction[] {
  return ADDON_ACTIONS.filter((a) => nextStatus(from, a) !== null);
}

/** Households may be added, removed and vote only while owners are consulted. */
export const householdsEditable = (s: AddonStatus) => s === 'consultation';

/** Subsidy: applied for once the elevator is registered; finance approves or rejects; approved money is disbursed. */
const SUBSIDY: Record<'apply' | 'approve' | 'reject' | 'disburse', [AddonSubsidyStatus[], AddonSubsidyStatus]> = {
  apply: [['none', 'rejected'], 'applied'],
  approve: [['applied'], 'approved'],
  reject: [['applied'], 'rejected'],
  disburse: [['approved'], 'disbursed'],
};
export type SubsidyAction = keyof typeof SUBSIDY;
export const SUBSIDY_ACTIONS = Object.keys(SUBSIDY) as SubsidyAction[];
const SUBSIDY_PROJECT_STATES: AddonStatus[] = ['registered', 'contracted', 'in_service'];

export function nextSubsidyStatus(project: AddonStatus, from: AddonSubsidyStatus, action: SubsidyAction): AddonSubsidyStatus | null {
  if (action === 'apply' && !SUBSIDY_PROJECT_STATES.includes(project)) return null;
  const [froms, to] = SUBSIDY[action];
  return froms.includes(from) ? to : null;
}

/** Adds whole days to a YYYY-MM-DD date. */
export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/**
 * The notice runs `days` full days from its first day: a notice posted on 06-01 for 10 days ends after 06-10, so
 * the project may go to review from 06-11 (`ends_on` is that day).
 */
export const noticeEndsOn = (startsOn: string, days: number) => addDays(startsOn, days);

/** The notice is over when its period has run and no objection is open. */
export function noticeOver(p: { noticeEndsOn: string | null; pausedSince: string | null }, today: string): boolean {
  return !!p.noticeEndsOn && !p.pausedSince && today >= p.noticeEndsOn;
}
