import crypto from 'node:crypto';

/**
 * Complaints and rewarded reports (投诉举报, 有奖举报; domain brief §11). Pure rules: the workflow, the legal-style
 * deadlines and their countdowns, tracking codes and repeat linking. Tested without a store.
 *
 * received → acknowledged → investigating → confirmed | unfounded → closed.
 * A transfer to another region and one extension of the outcome deadline keep the status.
 */
export const CATEGORIES = ['unsafe', 'no_maintenance', 'fake_records', 'unregistered', 'other'] as const;
export type Category = (typeof CATEGORIES)[number];
export const CHANNELS = ['public', 'phone', 'staff'] as const;
export type Channel = (typeof CHANNELS)[number];
export const STATUSES = ['received', 'acknowledged', 'investigating', 'confirmed', 'unfounded', 'closed'] as const;
export type Status = (typeof STATUSES)[number];
export const ACTIONS = ['acknowledge', 'investigate', 'confirm', 'dismiss', 'close', 'transfer', 'extend'] as const;
export type Action = (typeof ACTIONS)[number];

/** Status names for people (a refused step names the status it was refused in). */
export const STATUS_ZH: Record<Status, string> = {
  received: '已接收待受理',
  acknowledged: '已受理',
  investigating: '调查核实中',
  confirmed: '举报属实',
  unfounded: '举报不属实',
  closed: '已办结',
};

const OPEN: readonly Status[] = ['received', 'acknowledged', 'investigating'];

/** Open: no outcome yet (the outcome countdown runs). */
export function isOpen(s: Status): boolean {
  return OPEN.includes(s);
}

const STEPS: Record<Action, { from: readonly Status[]; to: Status | 'same' }> = {
  acknowledge: { from: ['received'], to: 'acknowledged' },
  investigate: { from: ['acknowledged'], to: 'investigating' },
  confirm: { from: ['investigating'], to: 'confirmed' },
  dismiss: { from: ['investigating'], to: 'unfounded' },
  close: { from: ['confirmed', 'unfounded'], to: 'closed' },
  // Routed to the wrong regulator: moved while still open; the reporter's deadlines do not restart.
  transfer: { from: OPEN, to: 'same' },
  // Once, for a case that needs longer (recorded with its reason and shown to the reporter).
  extend: { from: ['acknowledged', 'investigating'], to: 'same' },
};

export type Transition = { ok: true; to: Status } | { ok: false; reason: 'status' | 'extended' };

/** The status after an action, or why it is refused. `extended`: the outcome deadline was extended already. */
export function transition(status: Status, action: Action, opts: { extended?: boolean } = {}): Transition {
  const step = STEPS[action];
  if (!step.from.includes(status)) return { ok: false, reason: 'status' };
  if (action === 'extend' && opts.extended) return { ok: false, reason: 'extended' };
  return { ok: true, to: step.to === 'same' ? status : step.to };
}

/** The actions the workflow allows now (for the UI; the server decides again). */
export function allowedActions(status: Status, extended: boolean): Action[] {
  return ACTIONS.filter((a) => transition(status, a, { extended }).ok);
}

/** The outcome recorded with confirm / dismiss. */
export function outcomeOf(action: Action): 'confirmed' | 'unfounded' | null {
  return action === 'confirm' ? 'confirmed' : action === 'dismiss' ? 'unfounded' : null;
}

export const REWARD_ACTIONS = ['grant', 'refuse', 'pay'] as const;
export type RewardAction = (typeof REWARD_ACTIONS)[number];
export type RewardState = 'none' | 'granted' | 'refused' | 'paid';

/**
 * 有奖举报: only a report found true (confirmed, before or after closing) is decided; once decided, a grant is paid
 * once and a refusal is final.
 */
export function rewardTransition(outcome: 'confirmed' | 'unfounded' | null, state: RewardState, action: RewardAction): RewardState | null {
  if (outcome !== 'confirmed') return null;
  if (action === 'pay') return state === 'granted' ? 'paid' : null;
  if (state !== 'none') return null;
  return action === 'grant' ? 'granted' : 'refused';
}

/**
 * Deadlines and the repeat window, per region (complaint_rule_setting, most specific prefix wins). Natural days and
 * hours: the platform keeps no working-day calendar, so a region that counts working days sets a longer value.
 */
export const DEFAULT_RULES = {
  /** Acknowledge (确认受理) within this many hours of receipt. */
  ackHours: 24,
  /** The outcome (核查结论) within this many days of receipt. */
  outcomeDays: 15,
  /** One extension of the outcome deadline by this many days. */
  extensionDays: 15,
  /** A report on an elevator with an open report, or one received within this many days, is linked to the first. */
  repeatDays: 30,
};
export type ComplaintRules = typeof DEFAULT_RULES;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export function deadlines(receivedAt: Date, rules: ComplaintRules): { ackDueAt: Date; outcomeDueAt: Date } {
  return { ackDueAt: new Date(receivedAt.getTime() + rules.ackHours * HOUR), outcomeDueAt: new Date(receivedAt.getTime() + rules.outcomeDays * DAY) };
}

export function extendedDue(outcomeDueAt: Date, rules: ComplaintRules): Date {
  return new Date(outcomeDueAt.getTime() + rules.extensionDays * DAY);
}

/** One countdown: due, done (null while running), seconds left (null once done; negative when late), overdue. */
export interface Clock {
  dueAt: Date;
  doneAt: Date | null;
  secondsLeft: number | null;
  /** Past due while running, or done after the due time. Exactly at the due time is still in time. */
  overdue: boolean;
}

export function clock(dueAt: Date, doneAt: Date | null, now: Date): Clock {
  const at = doneAt ?? now;
  return { dueAt, doneAt, secondsLeft: doneAt ? null : Math.floor((dueAt.getTime() - now.getTime()) / 1000), overdue: at.getTime() > dueAt.getTime() };
}

/** The two countdowns of a complaint: acknowledgement and outcome. */
export function clocks(c: { ackDueAt: Date; acknowledgedAt: Date | null; outcomeDueAt: Date; decidedAt: Date | null }, now: Date): { acknowledge: Clock; outcome: Clock } {
  return { acknowledge: clock(c.ackDueAt, c.acknowledgedAt, now), outcome: clock(c.outcomeDueAt, c.decidedAt, now) };
}

/** Running late now (a step past its due time and not done): the list highlights these. */
export function isOverdue(c: { status: Status; ackDueAt: Date; acknowledgedAt: Date | null; outcomeDueAt: Date; decidedAt: Date | null }, now: Date): boolean {
  if (!isOpen(c.status)) return false;
  const k = clocks(c, now);
  return (!k.acknowledge.doneAt && k.acknowledge.overdue) || k.outcome.overdue;
}

/**
 * Tracking codes (查询码): 10 characters from 31 that cannot be mixed up when read or typed (no 0/O, 1/I/L), drawn
 * from the system's CSPRNG: 31^10 ≈ 8·10^14 codes, so guessing one is hopeless at any rate the public API allows.
 * Shown as XXXXX-XXXXX; case, spaces and dashes are ignored when typed back.
 */
export const TRACKING_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const TRACKING_LENGTH = 10;

export function newTrackingCode(): string {
  let out = '';
  for (let i = 0; i < TRACKING_LENGTH; i++) out += TRACKING_ALPHABET[crypto.randomInt(TRACKING_ALPHABET.length)];
  return out;
}

/** The canonical form of a typed tracking code, or undefined when it cannot be one. */
export function normalizeTrackingCode(typed: string): string | undefined {
  const s = typed.toUpperCase().replace(/[\s-]/g, '');
  if (s.length !== TRACKING_LENGTH) return undefined;
  for (const ch of s) if (!TRACKING_ALPHABET.includes(ch)) return undefined;
  return s;
}

export function formatTrackingCode(code: string): string {
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/**
 * Repeat reports: among the earlier reports on the same elevator, the first one that is still open or was received
 * within `repeatDays` is the one a new report joins; the link always points at the first of a chain.
 */
export function repeatRoot(
  earlier: readonly { id: number; status: Status; receivedAt: Date; linkedToId: number | null }[],
  now: Date,
  repeatDays: number,
): number | null {
  const since = now.getTime() - repeatDays * DAY;
  const hit = [...earlier].sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime() || a.id - b.id).find((c) => isOpen(c.status) || c.receivedAt.getTime() >= since);
  return hit ? (hit.linkedToId ?? hit.id) : null;
}

/**
 * Who a complaint is about, by default, from the elevator's organisations at intake: missing or faked maintenance is
 * the maintenance company's; everything else the use unit's (it answers for a safe, registered elevator). A
 * regulator may name another organisation when confirming.
 */
export function defaultResponsible(category: Category, orgs: { useUnitId: number | null; maintenanceOrgId: number | null }): number | null {
  if (category === 'no_maintenance' || category === 'fake_records') return orgs.maintenanceOrgId ?? orgs.useUnitId;
  return orgs.useUnitId ?? orgs.maintenanceOrgId;
}
