/** Hazard rectification (隐患整治): mirrors src/modules/hazards/hazards.schema.ts (checked against docs/openapi.json). */

export const HAZARD_SOURCES = ['inspection', 'maintenance', 'assessment', 'supervision', 'complaint'] as const;
export type HazardSource = (typeof HAZARD_SOURCES)[number];
export const HAZARD_STATUSES = ['open', 'planned', 'agreed', 'in_progress', 'fixed', 'verified', 'closed'] as const;
export type HazardStatus = (typeof HAZARD_STATUSES)[number];
export const REMEDIES = ['repair', 'major_repair', 'modernise', 'replace'] as const;
export type Remedy = (typeof REMEDIES)[number];
export const SEVERITIES = ['serious', 'general'] as const;
export type HazardSeverity = (typeof SEVERITIES)[number];
export const HAZARD_ACTIONS = ['fix', 'propose_plan', 'agree', 'reject_plan', 'start', 'verify', 'reopen', 'close'] as const;
export type HazardAction = (typeof HAZARD_ACTIONS)[number];
/** A party to a plan or a step: the use unit, the maintenance company, the regulator, or the agency that found it. */
export type HazardParty = 'use_unit' | 'maintenance' | 'regulator' | 'finder';

/** One step taken: `note` starts with the action (`fix: 已更换制动器`). */
export interface HazardEvidence {
  at: string;
  by: string;
  note: string;
  fileSha256: string | null;
}

export interface HazardAgreement {
  party: string;
  orgId: number | null;
  name: string;
  at: string;
}

/** A major remedy's rectification plan (整改方案): what, by when, at what cost (yuan), and who agreed. */
export interface HazardPlan {
  text: string;
  dueOn: string;
  cost: number | null;
  proposedBy: string;
  agreedBy: HazardAgreement[];
}

export interface Hazard {
  id: number;
  source: HazardSource;
  sourceRef: string | null;
  reportId: number | null;
  reportNo: string | null;
  registrationCode: string;
  address: string;
  regionCode: string;
  item: string;
  description: string;
  severity: HazardSeverity;
  remedy: Remedy;
  status: HazardStatus;
  /** YYYY-MM-DD: the fix (repair), the plan (major remedy before agreement) or the plan's due date. */
  deadline: string;
  /** Days past the deadline while not yet verified or closed; 0 otherwise. */
  overdueDays: number;
  /** Escalated to the regulator once past the deadline. */
  escalated: boolean;
  responsibleOrgId: number | null;
  responsibleOrgName: string | null;
  plan: HazardPlan | null;
  projectId: number | null;
  evidence: HazardEvidence[];
  createdAt: string;
}

export interface HazardQuery {
  source?: HazardSource;
  status?: HazardStatus;
  /** Every status before verified. */
  open?: boolean;
  /** Open and past the deadline. */
  overdue?: boolean;
  severity?: HazardSeverity;
  remedy?: Remedy;
  registrationCode?: string;
  regionCode?: string;
  page?: number;
  pageSize?: number;
}

export interface HazardSummary {
  regionCode: string | null;
  bySource: { source: string; open: number; overdue: number; closed: number }[];
  byRemedy: { remedy: string; open: number }[];
}

/** POST /api/hazards: a regulator records a hazard from a supervision check or a confirmed complaint. */
export interface HazardInput {
  registrationCode: string;
  source: 'supervision' | 'complaint';
  sourceRef?: string;
  item: string;
  description: string;
  severity: HazardSeverity;
  remedy?: Remedy;
  deadline?: string;
}

export interface HazardActionInput {
  action: HazardAction;
  note: string;
  fileSha256?: string;
  /** propose_plan only. */
  plan?: { text: string; dueOn: string; cost?: number };
}
