/** The renovation module's API shapes (mirrors src/modules/renovation/renovation.schema.ts and what-if.service.ts). */

export type RenovationKind = 'major_repair' | 'modernise' | 'replace' | 'overspeed_retrofit';
export type ProjectStatus = 'draft' | 'decided' | 'funded' | 'in_construction' | 'accepted' | 'registered' | 'closed' | 'cancelled';
export type SubsidyStatus = 'none' | 'applied' | 'approved' | 'rejected' | 'disbursed';
export type FundingSource = 'maintenance_fund' | 'subsidy' | 'public_income' | 'insurance' | 'owners';
export type ProjectAction = 'decide' | 'confirm_funding' | 'apply_subsidy' | 'approve_subsidy' | 'reject_subsidy' | 'disburse' | 'start' | 'accept' | 'register' | 'close' | 'cancel';

export const KINDS: readonly RenovationKind[] = ['major_repair', 'modernise', 'replace', 'overspeed_retrofit'];
export const PROJECT_STATUSES: readonly ProjectStatus[] = ['draft', 'decided', 'funded', 'in_construction', 'accepted', 'registered', 'closed', 'cancelled'];
export const SOURCES: readonly FundingSource[] = ['maintenance_fund', 'subsidy', 'public_income', 'insurance', 'owners'];

export interface ProjectListItem {
  id: number;
  kind: RenovationKind;
  status: ProjectStatus;
  subsidyStatus: SubsidyStatus;
  title: string;
  regionCode: string;
  regionName: string;
  useUnitName: string | null;
  compound: string | null;
  elevatorCount: number;
  budget: number;
  subsidyRequested: number | null;
  subsidyApproved: number | null;
  subsidyDisbursed: number;
  updatedAt: string;
}

export interface Fraction {
  num: number;
  den: number;
}
export interface VoteRule {
  participation: Fraction;
  consent: Fraction;
}
export interface VoteTally {
  heldOn: string;
  totalArea: number;
  totalOwners: number;
  participatingArea: number;
  participatingOwners: number;
  consentingArea: number;
  consentingOwners: number;
}
export interface Measure {
  share: number;
  required: Fraction;
  met: boolean;
}
export interface Vote extends VoteTally {
  rule: VoteRule;
  result: { participationArea: Measure; participationOwners: Measure; consentArea: Measure; consentOwners: Measure; passed: boolean };
}

export interface FundingLine {
  source: FundingSource;
  amount: number;
  note?: string | null;
}

export interface Project extends ProjectListItem {
  useUnit: { id: number; name: string } | null;
  owner: { id: number; name: string };
  plan: string;
  voteRequired: boolean;
  voteRule: VoteRule;
  vote: Vote | null;
  elevators: {
    registrationCode: string;
    address: string;
    placeName: string | null;
    model: string | null;
    factoryNo: string | null;
    manufactureDate: string | null;
    ascendingOverspeedProtection: boolean | null;
    registryChange: Record<string, unknown> | null;
    registryUpdatedAt: string | null;
    inspection: { reportNo: string; date: string; supervisoryKind: string } | null;
  }[];
  funding: { lines: FundingLine[]; total: number; budget: number; difference: number; balanced: boolean };
  subsidy: {
    applications: { id: number; requested: number; status: string; approved: number | null; note: string | null; reason: string | null; appliedAt: string; decidedAt: string | null; decidedBy: string | null }[];
    disbursements: { id: number; amount: number; paidOn: string; voucherNo: string; createdAt: string }[];
  };
  construction: { installerName: string | null; installerCreditCode: string | null; startedOn: string | null };
  acceptedOn: string | null;
  hazards: { id: number; registrationCode: string; item: string; severity: string; remedy: string; status: string }[];
  events: { action: string; fromStatus: string | null; toStatus: string | null; note: string | null; actorName: string; orgName: string | null; at: string }[];
  actions: ProjectAction[];
  canEdit: boolean;
  version: number;
  createdAt: string;
}

export interface ProjectInput {
  kind: RenovationKind;
  title: string;
  registrationCodes: string[];
  plan: string;
  budget: number;
  hazardIds?: number[];
}

export interface RegistryChangeInput {
  registrationCode: string;
  model?: string;
  factoryNo?: string;
  manufacturerName?: string;
  manufactureDate?: string;
  commissioningDate?: string;
  ratedSpeed?: number;
  ratedLoad?: number;
  floors?: number;
}

export type ActionBody =
  | { action: 'decide' | 'confirm_funding' | 'apply_subsidy' | 'register' | 'close'; note?: string }
  | { action: 'approve_subsidy'; amount: number; note?: string }
  | { action: 'reject_subsidy' | 'cancel'; reason: string }
  | { action: 'disburse'; amount: number; paidOn: string; voucherNo: string }
  | { action: 'start'; startedOn: string; installerName: string; installerCreditCode?: string }
  | { action: 'accept'; acceptedOn: string; changes?: RegistryChangeInput[]; note?: string };

export interface ProgressBlock {
  regionCode: string;
  regionName: string;
  projects: number;
  elevators: number;
  budget: number;
  subsidyRequested: number;
  subsidyApproved: number;
  subsidyDisbursed: number;
  byKind: Record<RenovationKind, { projects: number; elevators: number; budget: number }>;
  byStatus: Record<ProjectStatus, number>;
}
export interface Progress {
  regionCode: string | null;
  rows: ProgressBlock[];
  totals: ProgressBlock;
}

export type Tier = 'all' | 'age15' | 'age20' | 'overspeed';
export interface WhatIfInput {
  budget: number;
  regionCode?: string;
  tier: Tier;
  minGrade?: number;
  assumption: { basis: 'subsidy'; amount: number } | { basis: 'cost'; amount: number; subsidyRate: number; cap?: number };
}
export interface WhatIfRow {
  registrationCode: string;
  address: string;
  regionCode: string;
  ageYears: number | null;
  score: number;
  grade: number;
  cost: number;
  rank: number;
  riskPer10k: number;
  funded: boolean;
  cumulative: number | null;
  reason: string;
}
export interface WhatIfResult {
  budget: number;
  total: number;
  remaining: number;
  candidates: number;
  funded: WhatIfRow[];
  passedOver: WhatIfRow[];
  passedOverTotal: number;
  next: (WhatIfRow & { shortfall: number }) | null;
  unscored: { total: number; items: { registrationCode: string; address: string; ageYears: number | null }[] };
  inProject: number;
}
