import type { Hazard, HazardAction, HazardParty, HazardQuery, HazardSeverity, HazardSource, HazardStatus, Remedy } from '../../api/hazards.types.ts';
import { HAZARD_ACTIONS, HAZARD_SOURCES, HAZARD_STATUSES, REMEDIES, SEVERITIES } from '../../api/hazards.types.ts';

/**
 * The hazard workflow as the page offers it (the server decides: src/modules/hazards/hazards.domain.ts).
 * Repair: open → fixed → verified → closed. Major repair, modernisation, replacement: open → planned → agreed →
 * in_progress → fixed → verified → closed. Reopen goes back from fixed or verified; a rejected plan back to open.
 */
export function isMajor(remedy: Remedy): boolean {
  return remedy !== 'repair';
}

/** The statuses a hazard of this remedy passes through, in order (for the progress steps). */
export function statusPath(remedy: Remedy): HazardStatus[] {
  return isMajor(remedy) ? ['open', 'planned', 'agreed', 'in_progress', 'fixed', 'verified', 'closed'] : ['open', 'fixed', 'verified', 'closed'];
}

/**
 * What the signed-in user may be to a hazard in scope, from the organisation type (the list is already scoped:
 * a use unit sees its own elevators, a maintenance company those it maintains, an agency what it found).
 */
export function partiesOf(me: { orgType: string; roles: readonly string[]; permissions: readonly string[] }): HazardParty[] {
  const has = (p: string) => me.permissions.includes(p);
  const acts = has('hazards.act') || has('inspection.rectify');
  const out: HazardParty[] = [];
  if (acts && me.orgType === 'use_unit') out.push('use_unit');
  if (acts && me.orgType === 'maintenance') out.push('maintenance');
  if ((me.orgType === 'regulator' && (has('hazards.supervise') || has('inspection.review'))) || (me.orgType === 'platform' && me.roles.includes('admin'))) out.push('regulator');
  if (me.orgType === 'inspection') out.push('finder');
  return out;
}

type Steps = Partial<Record<HazardAction, { from: HazardStatus[]; by: HazardParty[] }>>;
const CHECKERS: HazardParty[] = ['regulator', 'finder'];
const REPAIR: Steps = {
  fix: { from: ['open'], by: ['maintenance', 'use_unit', 'regulator'] },
  verify: { from: ['fixed'], by: CHECKERS },
  close: { from: ['verified'], by: CHECKERS },
  reopen: { from: ['fixed', 'verified'], by: CHECKERS },
};
const MAJOR: Steps = {
  propose_plan: { from: ['open'], by: ['use_unit', 'regulator'] },
  agree: { from: ['planned'], by: ['use_unit', 'maintenance', 'regulator'] },
  reject_plan: { from: ['planned'], by: ['regulator', 'use_unit', 'maintenance'] },
  start: { from: ['agreed'], by: ['use_unit', 'regulator'] },
  fix: { from: ['in_progress'], by: ['use_unit', 'maintenance', 'regulator'] },
  verify: { from: ['fixed'], by: CHECKERS },
  close: { from: ['verified'], by: CHECKERS },
  reopen: { from: ['fixed', 'verified'], by: CHECKERS },
};

/** The buttons to show on a hazard for these parties, forward steps first; `agree` only while one of them has not agreed. */
export function hazardActions(h: Pick<Hazard, 'remedy' | 'status' | 'plan'>, parties: readonly HazardParty[]): HazardAction[] {
  const steps = isMajor(h.remedy) ? MAJOR : REPAIR;
  const offered = HAZARD_ACTIONS.filter((action) => {
    const step = steps[action];
    if (!step || !step.from.includes(h.status) || !parties.some((p) => step.by.includes(p))) return false;
    if (action === 'agree') {
      const agreed = new Set((h.plan?.agreedBy ?? []).map((a) => a.party));
      return parties.some((p) => p !== 'finder' && !agreed.has(p));
    }
    return true;
  });
  return [...offered.filter(isForward), ...offered.filter((a) => !isForward(a))];
}

/** Forward steps are primary buttons; going back (reject, reopen) is not. */
export function isForward(action: HazardAction): boolean {
  return action !== 'reject_plan' && action !== 'reopen';
}

/** The parties whose agreement a plan needs (the maintenance company only when the elevator has one). */
export const PLAN_PARTIES: HazardParty[] = ['use_unit', 'maintenance', 'regulator'];

/** A timeline entry: the server writes `action: note`; older entries (inspection defects) may carry no action. */
export function splitEvidenceNote(note: string): { action?: HazardAction; text: string } {
  const m = /^([a-z_]+): ([\s\S]*)$/.exec(note);
  if (m && (HAZARD_ACTIONS as readonly string[]).includes(m[1]!)) return { action: m[1] as HazardAction, text: m[2]! };
  return { text: note };
}

export const STATUS_COLORS: Record<HazardStatus, string> = {
  open: 'red',
  planned: 'orange',
  agreed: 'gold',
  in_progress: 'blue',
  fixed: 'cyan',
  verified: 'green',
  closed: 'default',
};

/** 未完成 / 已超期 / 全部: the list's main switch. */
export type HazardView = 'open' | 'overdue' | 'all';
export const HAZARD_VIEWS: HazardView[] = ['open', 'overdue', 'all'];

/** The list's filters as they live in the URL (`?view=overdue&source=inspection&page=2`); `id` opens the drawer. */
export interface HazardFilters {
  view: HazardView;
  source?: HazardSource;
  status?: HazardStatus;
  severity?: HazardSeverity;
  remedy?: Remedy;
  regionCode?: string;
  registrationCode?: string;
  page: number;
  pageSize: number;
}

const oneOf = <T extends string>(allowed: readonly T[], v: string | null): T | undefined => (v && (allowed as readonly string[]).includes(v) ? (v as T) : undefined);
const positive = (v: string | null, fallback: number, max: number) => {
  const n = Number(v);
  return Number.isInteger(n) && n >= 1 ? Math.min(n, max) : fallback;
};

/** Reads the filters from the URL; unknown values are dropped, the default view is 未完成. */
export function filtersFromParams(p: URLSearchParams): HazardFilters {
  return {
    view: oneOf(HAZARD_VIEWS, p.get('view')) ?? 'open',
    source: oneOf(HAZARD_SOURCES, p.get('source')),
    status: oneOf(HAZARD_STATUSES, p.get('status')),
    severity: oneOf(SEVERITIES, p.get('severity')),
    remedy: oneOf(REMEDIES, p.get('remedy')),
    regionCode: /^\d{2,6}$/.test(p.get('regionCode') ?? '') ? p.get('regionCode')! : undefined,
    registrationCode: p.get('registrationCode')?.trim() || undefined,
    page: positive(p.get('page'), 1, 10_000),
    pageSize: positive(p.get('pageSize'), 20, 200),
  };
}

/** Writes the filters back, leaving out defaults; other parameters (the open drawer's `id`) are kept. */
export function paramsFromFilters(f: HazardFilters, keep?: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams(keep);
  const set = (k: string, v: string | number | undefined, dflt?: string | number) => (v === undefined || v === dflt ? out.delete(k) : out.set(k, String(v)));
  set('view', f.view, 'open');
  set('source', f.source);
  set('status', f.status);
  set('severity', f.severity);
  set('remedy', f.remedy);
  set('regionCode', f.regionCode);
  set('registrationCode', f.registrationCode);
  set('page', f.page, 1);
  set('pageSize', f.pageSize, 20);
  return out;
}

/** The API query: 未完成 is `open=true` unless a status is picked (a status is already precise); 已超期 is `overdue=true`. */
export function queryOf(f: HazardFilters): HazardQuery {
  return {
    source: f.source,
    status: f.status,
    open: f.view === 'open' && !f.status ? true : undefined,
    overdue: f.view === 'overdue' ? true : undefined,
    severity: f.severity,
    remedy: f.remedy,
    regionCode: f.regionCode,
    registrationCode: f.registrationCode,
    page: f.page,
    pageSize: f.pageSize,
  };
}

/** Totals of the summary strip across sources. */
export function summaryTotals(rows: { open: number; overdue: number; closed: number }[]): { open: number; overdue: number; closed: number } {
  return rows.reduce((s, r) => ({ open: s.open + r.open, overdue: s.overdue + r.overdue, closed: s.closed + r.closed }), { open: 0, overdue: 0, closed: 0 });
}
