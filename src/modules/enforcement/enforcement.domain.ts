/**
 * Enforcement (domain brief §11): the measures of the notice and their workflow. Pure; tested for every
 * kind × status × step.
 *
 * - Kinds: 警示通报 warning, 约谈 interview, 曝光 exposure, 挂牌督办 listed supervision, 行政处罚 penalty (with the
 *   decision number and the amount). Each writes a credit event of the same kind against its target.
 * - open → closed (with a closure note), open → revoked (issued in error; its credit event is revoked too).
 *   Follow-up entries are added while open. Listed supervision is lifted (摘牌) and a penalty closed only after at
 *   least one follow-up recording the rectification or the execution of the decision.
 * - Publishing (公示) is a separate step on an open or closed action of a public kind (not interviews), once.
 * - A deadline is required for listed supervision; an open action past its deadline is overdue (flagged once).
 */
export const ACTION_KINDS = ['warning', 'interview', 'exposure', 'listed_supervision', 'penalty'] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];
export const ACTION_STATUSES = ['open', 'closed', 'revoked'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];
export const ACTION_STEPS = ['follow_up', 'close', 'revoke', 'publish'] as const;
export type ActionStep = (typeof ACTION_STEPS)[number];

export const ACTION_STATUS_ZH: Record<ActionStatus, string> = { open: '办理中', closed: '已办结', revoked: '已撤销' };
export const ACTION_STEP_ZH: Record<ActionStep, string> = { follow_up: '跟进', close: '办结', revoke: '撤销', publish: '公示' };

/** Kinds whose close needs a follow-up first. */
export const NEEDS_FOLLOW_UP: readonly ActionKind[] = ['listed_supervision', 'penalty'];
/** Kinds that need a deadline. */
export const NEEDS_DEADLINE: readonly ActionKind[] = ['listed_supervision'];
/** Kinds that may be published (an interview is not a public measure). */
export const PUBLIC_KINDS: readonly ActionKind[] = ['warning', 'exposure', 'listed_supervision', 'penalty'];

export type StepResult = { ok: true; to: ActionStatus } | { ok: false; reason: 'status' | 'follow_up' | 'kind' | 'published' };

export function step(a: { kind: ActionKind; status: ActionStatus; followUps: number; published: boolean }, s: ActionStep): StepResult {
  switch (s) {
    case 'follow_up':
      return a.status === 'open' ? { ok: true, to: 'open' } : { ok: false, reason: 'status' };
    case 'close':
      if (a.status !== 'open') return { ok: false, reason: 'status' };
      if (NEEDS_FOLLOW_UP.includes(a.kind) && a.followUps === 0) return { ok: false, reason: 'follow_up' };
      return { ok: true, to: 'closed' };
    case 'revoke':
      return a.status === 'open' ? { ok: true, to: 'revoked' } : { ok: false, reason: 'status' };
    case 'publish':
      if (!PUBLIC_KINDS.includes(a.kind)) return { ok: false, reason: 'kind' };
      if (a.status === 'revoked') return { ok: false, reason: 'status' };
      if (a.published) return { ok: false, reason: 'published' };
      return { ok: true, to: a.status };
  }
}

/** Whole days past the deadline of an open action on `today` (0 when not overdue or not open). */
export function overdueDays(a: { status: ActionStatus; deadline: string | null }, today: string): number {
  if (a.status !== 'open' || !a.deadline || a.deadline >= today) return 0;
  return Math.round((Date.parse(today) - Date.parse(a.deadline)) / 86_400_000);
}

/** Campaign assignment: elevators in order, inspectors in order; round-robin, or by county first (see assign). */
export interface Assignable {
  elevatorId: number;
  regionCode: string;
}
export interface InspectorSlot {
  userId: number;
  /** The inspector's organisation's region (a county regulator's users take their county's elevators). */
  regionCode: string;
}

/**
 * Round-robin: elevator i goes to inspector i mod n. By county: an elevator goes round-robin among the inspectors
 * whose organisation's region contains it most specifically (county, then city); elevators no inspector's region
 * contains go round-robin among all. Deterministic for a given order.
 */
export function assign(elevators: readonly Assignable[], inspectors: readonly InspectorSlot[], mode: 'round_robin' | 'by_county', prefixOf: (code: string) => string): Map<number, number> {
  const out = new Map<number, number>();
  if (!inspectors.length) return out;
  if (mode === 'round_robin') {
    elevators.forEach((e, i) => out.set(e.elevatorId, inspectors[i % inspectors.length]!.userId));
    return out;
  }
  const groups = new Map<string, InspectorSlot[]>();
  for (const s of inspectors) {
    const p = prefixOf(s.regionCode);
    groups.set(p, [...(groups.get(p) ?? []), s]);
  }
  const prefixes = [...groups.keys()].sort((a, b) => b.length - a.length);
  const turn = new Map<string, number>();
  for (const e of elevators) {
    const p = prefixes.find((x) => e.regionCode.startsWith(x)) ?? '*';
    const pool = p === '*' ? inspectors : groups.get(p)!;
    const i = turn.get(p) ?? 0;
    out.set(e.elevatorId, pool[i % pool.length]!.userId);
    turn.set(p, i + 1);
  }
  return out;
}
