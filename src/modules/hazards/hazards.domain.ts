/**
 * Hazard rectification (隐患整治), one workflow for hazards from every source (domain brief §9).
 *
 * - A general repair (维修) is the maintenance company's: open → fixed (with evidence) → verified → closed.
 * - A major repair, modernisation or replacement (大修 / 改造 / 更新) needs a plan agreed by the parties first:
 *   open → planned (the use unit proposes) → agreed (use unit, maintenance company if any, and the regulator) →
 *   in_progress → fixed → verified (acceptance) → closed.
 * - verify / reopen / close belong to the regulator, or to the agency whose report or assessment found the hazard.
 * - Past its deadline a hazard is escalated to the regulator once; it stays listed as overdue until closed.
 */
export const HAZARD_STATUSES = ['open', 'planned', 'agreed', 'in_progress', 'fixed', 'verified', 'closed'] as const;
export type HazardStatus = (typeof HAZARD_STATUSES)[number];
/** Status names for people (error messages name the status a step was refused in). */
export const HAZARD_STATUS_ZH: Record<HazardStatus, string> = {
  open: '待整改',
  planned: '方案待确认',
  agreed: '方案已确认',
  in_progress: '整改中',
  fixed: '已整改待核查',
  verified: '已核查',
  closed: '已销号',
};
export const HAZARD_SOURCES = ['inspection', 'maintenance', 'assessment', 'supervision', 'complaint'] as const;
export type HazardSource = (typeof HAZARD_SOURCES)[number];
export const REMEDIES = ['repair', 'major_repair', 'modernise', 'replace'] as const;
export type Remedy = (typeof REMEDIES)[number];
export const SEVERITIES = ['serious', 'general'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const HAZARD_ACTIONS = ['fix', 'propose_plan', 'agree', 'reject_plan', 'start', 'verify', 'reopen', 'close'] as const;
export type HazardAction = (typeof HAZARD_ACTIONS)[number];

/** Who acts: the party responsible for the work, a party to the plan, or the one who checks the result. */
export type Party = 'use_unit' | 'maintenance' | 'regulator' | 'finder';

export function isMajor(remedy: Remedy): boolean {
  return remedy !== 'repair';
}

interface Step {
  from: readonly HazardStatus[];
  to: HazardStatus;
  by: readonly Party[];
}

/** The workflow of each path. `agree` moves on only when every required party has agreed (see `planAgreed`). */
const REPAIR: Partial<Record<HazardAction, Step>> = {
  fix: { from: ['open'], to: 'fixed', by: ['maintenance', 'use_unit', 'regulator'] },
  verify: { from: ['fixed'], to: 'verified', by: ['regulator', 'finder'] },
  reopen: { from: ['fixed', 'verified'], to: 'open', by: ['regulator', 'finder'] },
  close: { from: ['verified'], to: 'closed', by: ['regulator', 'finder'] },
};
const MAJOR: Partial<Record<HazardAction, Step>> = {
  propose_plan: { from: ['open'], to: 'planned', by: ['use_unit', 'regulator'] },
  agree: { from: ['planned'], to: 'agreed', by: ['use_unit', 'maintenance', 'regulator'] },
  reject_plan: { from: ['planned'], to: 'open', by: ['regulator', 'use_unit', 'maintenance'] },
  start: { from: ['agreed'], to: 'in_progress', by: ['use_unit', 'regulator'] },
  fix: { from: ['in_progress'], to: 'fixed', by: ['use_unit', 'maintenance', 'regulator'] },
  verify: { from: ['fixed'], to: 'verified', by: ['regulator', 'finder'] },
  reopen: { from: ['fixed', 'verified'], to: 'in_progress', by: ['regulator', 'finder'] },
  close: { from: ['verified'], to: 'closed', by: ['regulator', 'finder'] },
};

export type Transition = { ok: true; to: HazardStatus } | { ok: false; reason: 'action' | 'status' | 'party' };

/** The next status for an action by a party, or why it is refused. Pure; tested for every combination. */
export function transition(remedy: Remedy, status: HazardStatus, action: HazardAction, parties: readonly Party[]): Transition {
  const step = (isMajor(remedy) ? MAJOR : REPAIR)[action];
  if (!step) return { ok: false, reason: 'action' };
  if (!step.from.includes(status)) return { ok: false, reason: 'status' };
  if (!parties.some((p) => step.by.includes(p))) return { ok: false, reason: 'party' };
  return { ok: true, to: step.to };
}

/** The parties whose agreement a plan needs: the use unit, the maintenance company when there is one, the regulator. */
export function requiredParties(hasMaintenance: boolean): ('use_unit' | 'maintenance' | 'regulator')[] {
  return hasMaintenance ? ['use_unit', 'maintenance', 'regulator'] : ['use_unit', 'regulator'];
}

export function planAgreed(agreedBy: readonly { party: Party }[], hasMaintenance: boolean): boolean {
  const have = new Set(agreedBy.map((a) => a.party));
  return requiredParties(hasMaintenance).every((p) => have.has(p));
}

/** Days to put a hazard right, by severity, when its source sets no deadline (the inspection rules set their own). */
export const DEFAULT_DEADLINE_DAYS: Record<Severity, number> = { serious: 15, general: 30 };
/** Days a use unit has to propose the plan of a major remedy. */
export const PLAN_DAYS = 30;

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The first deadline of a new hazard: the fix for a repair, the plan for a major remedy. */
export function firstDeadline(today: string, severity: Severity, remedy: Remedy): string {
  return addDays(today, isMajor(remedy) ? PLAN_DAYS : DEFAULT_DEADLINE_DAYS[severity]);
}
