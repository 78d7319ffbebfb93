/**
 * Renovation projects (大修 / 改造 / 更新 / 加装上行超速保护), domain brief §9. Pure rules, tested at their edges:
 *
 *   draft ──decide──▶ decided ──confirm_funding──▶ funded ──start──▶ in_construction ──accept──▶ accepted
 *   accepted ──register (变更登记)──▶ registered ──close──▶ closed      (a major repair changes no record: accepted ──close──▶ closed)
 *   draft | decided | funded ──cancel──▶ cancelled
 *
 * The subsidy runs beside it while the project is funded: none | rejected ──apply──▶ applied ──approve──▶ approved
 * (──reject──▶ rejected); approved ──disburse──▶ approved, or disbursed once the approved amount is paid. Construction
 * may not start while an application is pending; a project closes only with its approved subsidy fully paid.
 */
export const KINDS = ['major_repair', 'modernise', 'replace', 'overspeed_retrofit'] as const;
export type Kind = (typeof KINDS)[number];
export const STATUSES = ['draft', 'decided', 'funded', 'in_construction', 'accepted', 'registered', 'closed', 'cancelled'] as const;
export type Status = (typeof STATUSES)[number];
export const SUBSIDY_STATUSES = ['none', 'applied', 'approved', 'rejected', 'disbursed'] as const;
export type SubsidyStatus = (typeof SUBSIDY_STATUSES)[number];
export const ACTIONS = ['decide', 'confirm_funding', 'apply_subsidy', 'approve_subsidy', 'reject_subsidy', 'disburse', 'start', 'accept', 'register', 'close', 'cancel'] as const;
export type Action = (typeof ACTIONS)[number];
/** 住宅专项维修资金, 财政补贴, 公共收益, 保险, 业主自筹. */
export const SOURCES = ['maintenance_fund', 'subsidy', 'public_income', 'insurance', 'owners'] as const;
export type Source = (typeof SOURCES)[number];
export const SOURCE_ZH: Record<Source, string> = { maintenance_fund: '住宅专项维修资金', subsidy: '财政补贴', public_income: '公共收益', insurance: '保险', owners: '业主自筹' };

/** Who acts: the project's manager (use unit, street office, regulator), the finance department, the registry (regulator). */
export type Party = 'manager' | 'finance' | 'registrar';

interface Step {
  from: readonly Status[];
  subsidyFrom?: readonly SubsidyStatus[];
  to?: Status;
  subsidyTo?: SubsidyStatus;
  by: Party;
  kinds?: readonly Kind[];
}

/** Kinds whose acceptance changes the registry record (a major repair changes none). */
export const CHANGES_RECORD: readonly Kind[] = ['modernise', 'replace', 'overspeed_retrofit'];

const STEPS: Record<Action, Step[]> = {
  decide: [{ from: ['draft'], to: 'decided', by: 'manager' }],
  confirm_funding: [{ from: ['decided'], to: 'funded', by: 'manager' }],
  apply_subsidy: [{ from: ['funded'], subsidyFrom: ['none', 'rejected'], subsidyTo: 'applied', by: 'manager' }],
  approve_subsidy: [{ from: ['funded'], subsidyFrom: ['applied'], subsidyTo: 'approved', by: 'finance' }],
  reject_subsidy: [{ from: ['funded'], subsidyFrom: ['applied'], subsidyTo: 'rejected', by: 'finance' }],
  // Partial payments keep it approved; the service moves it to disbursed when the last yuan is paid.
  disburse: [{ from: ['funded', 'in_construction', 'accepted', 'registered'], subsidyFrom: ['approved'], subsidyTo: 'approved', by: 'finance' }],
  start: [{ from: ['funded'], subsidyFrom: ['none', 'rejected', 'approved', 'disbursed'], to: 'in_construction', by: 'manager' }],
  accept: [{ from: ['in_construction'], to: 'accepted', by: 'manager' }],
  register: [{ from: ['accepted'], to: 'registered', by: 'registrar', kinds: CHANGES_RECORD }],
  close: [
    { from: ['registered'], subsidyFrom: ['none', 'rejected', 'disbursed'], to: 'closed', by: 'manager' },
    { from: ['accepted'], subsidyFrom: ['none', 'rejected', 'disbursed'], to: 'closed', by: 'manager', kinds: ['major_repair'] },
  ],
  cancel: [{ from: ['draft', 'decided', 'funded'], subsidyFrom: ['none', 'applied', 'rejected', 'approved'], to: 'cancelled', by: 'manager' }],
};

export interface ProjectState {
  kind: Kind;
  status: Status;
  subsidy: SubsidyStatus;
}

export type Transition = { ok: true; status: Status; subsidy: SubsidyStatus } | { ok: false; reason: 'status' | 'subsidy' | 'kind' | 'party' };

/**
 * The state after an action by the given parties, or why not. Checked in this order: the project's status, its kind,
 * the subsidy's status, then the party — so a step that cannot happen now is refused as such whoever asks.
 */
export function transition(s: ProjectState, action: Action, parties: readonly Party[]): Transition {
  const steps = STEPS[action].filter((st) => st.from.includes(s.status));
  if (!steps.length) return { ok: false, reason: 'status' };
  const ofKind = steps.filter((st) => !st.kinds || st.kinds.includes(s.kind));
  if (!ofKind.length) return { ok: false, reason: 'kind' };
  const step = ofKind.find((st) => !st.subsidyFrom || st.subsidyFrom.includes(s.subsidy));
  if (!step) return { ok: false, reason: 'subsidy' };
  if (!parties.includes(step.by)) return { ok: false, reason: 'party' };
  return { ok: true, status: step.to ?? s.status, subsidy: step.subsidyTo ?? s.subsidy };
}

/** The actions open to these parties now (for the detail page's buttons). */
export function availableActions(s: ProjectState, parties: readonly Party[]): Action[] {
  return ACTIONS.filter((a) => transition(s, a, parties).ok);
}

/** Money in whole fen (分), so sums and comparisons are exact. */
export const fen = (yuan: number): number => Math.round(yuan * 100);
export const yuan = (f: number): number => f / 100;

export interface FieldProblem {
  field: string;
  message: string;
}

export interface FundingLine {
  source: Source;
  amount: number;
  note?: string | null;
}

export interface FundingCheck {
  total: number;
  budget: number;
  /** budget − total (positive: not yet covered; negative: more than the budget). */
  difference: number;
  balanced: boolean;
  problems: FieldProblem[];
}

/** The funding plan against the budget: each source once, the amounts summing to the budget to the fen. */
export function checkFunding(budget: number, lines: readonly FundingLine[]): FundingCheck {
  const problems: FieldProblem[] = [];
  const seen = new Set<Source>();
  lines.forEach((l, i) => {
    if (seen.has(l.source)) problems.push({ field: `lines.${i}.source`, message: '资金来源重复' });
    seen.add(l.source);
    if (l.amount < 0) problems.push({ field: `lines.${i}.amount`, message: '金额不能为负' });
  });
  const total = lines.reduce((s, l) => s + fen(l.amount), 0);
  const difference = fen(budget) - total;
  if (!problems.length && difference !== 0)
    problems.push({ field: 'lines', message: `各来源合计 ${yuan(total).toFixed(2)} 元，与预算 ${yuan(fen(budget)).toFixed(2)} 元不符（${difference > 0 ? '缺口' : '超出'} ${yuan(Math.abs(difference)).toFixed(2)} 元）` });
  return { total: yuan(total), budget: yuan(fen(budget)), difference: yuan(difference), balanced: difference === 0 && !problems.length, problems };
}

export const subsidyLine = (lines: readonly FundingLine[]): number => lines.find((l) => l.source === 'subsidy')?.amount ?? 0;

/** The finance department approves at most what was requested, and more than nothing. */
export function checkApproval(requested: number, approved: number): FieldProblem[] {
  if (fen(approved) <= 0) return [{ field: 'amount', message: '核定金额应大于 0' }];
  if (fen(approved) > fen(requested)) return [{ field: 'amount', message: `核定金额不能超过申请金额 ${fen(requested) / 100} 元` }];
  return [];
}

/** A payment out of an approved subsidy: never beyond what is left. `complete` when the last fen is paid. */
export function checkDisbursement(approved: number, paid: number, amount: number): { problems: FieldProblem[]; remaining: number; complete: boolean } {
  const left = fen(approved) - fen(paid);
  if (fen(amount) <= 0) return { problems: [{ field: 'amount', message: '拨付金额应大于 0' }], remaining: yuan(left), complete: false };
  if (fen(amount) > left) return { problems: [{ field: 'amount', message: `拨付金额超过未拨付的核定补贴 ${yuan(left).toFixed(2)} 元` }], remaining: yuan(left), complete: false };
  return { problems: [], remaining: yuan(left - fen(amount)), complete: left - fen(amount) === 0 };
}

/**
 * Before construction starts: the plan sums to the budget, and a subsidy line is covered by an approved subsidy
 * (no more than approved). Returns the problems, empty when construction may start.
 */
export function startProblems(budget: number, lines: readonly FundingLine[], subsidy: { status: SubsidyStatus; approved: number | null }): FieldProblem[] {
  const check = checkFunding(budget, lines);
  const out = [...check.problems];
  const line = subsidyLine(lines);
  if (fen(line) > 0) {
    if (subsidy.status !== 'approved' && subsidy.status !== 'disbursed') out.push({ field: 'funding.subsidy', message: '财政补贴尚未获批，请调整资金来源或等待审批' });
    else if (fen(line) > fen(subsidy.approved ?? 0)) out.push({ field: 'funding.subsidy', message: `资金来源中的财政补贴超过核定金额 ${subsidy.approved} 元，请调整` });
  }
  return out;
}

/** Supervisory inspections (监督检验) that stand for the acceptance of each kind. */
export const REQUIRED_INSPECTION: Record<Kind, readonly ('installation' | 'modernisation' | 'major_repair')[]> = {
  major_repair: ['major_repair'],
  modernise: ['modernisation'],
  replace: ['installation'],
  // Retrofitting ascending-overspeed protection is carried out as a modernisation or a major repair.
  overspeed_retrofit: ['modernisation', 'major_repair'],
};
