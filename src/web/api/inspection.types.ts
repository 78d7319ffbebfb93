/** The inspection module's API shapes (mirrors src/modules/inspection/inspection.schema.ts and supervision.service.ts). */

export type ReportType = 'acceptance' | 'periodic' | 'self_test' | 'reinspection';
export type SupervisoryKind = 'installation' | 'modernisation' | 'major_repair';
export type Conclusion = 'pass' | 'pass_after_reinspection' | 'fail' | 'fail_after_reinspection' | 'pending';
export type DueType = 'periodic' | 'self_test';
export type DefectSeverity = 'serious' | 'general';
export type DefectStatus = 'open' | 'fixed' | 'verified' | 'closed';
export type FlagStatus = 'open' | 'upheld' | 'dismissed';
export type DefectActionKind = 'fix' | 'verify' | 'reopen' | 'close';
export type PlanType = 'periodic' | 'self_test' | 'acceptance' | 'reinspection';
export type PlanStatus = 'submitted' | 'done' | 'cancelled';

export const REPORT_TYPES: readonly ReportType[] = ['acceptance', 'periodic', 'self_test', 'reinspection'];
export const CONCLUSIONS: readonly Conclusion[] = ['pass', 'pass_after_reinspection', 'fail', 'fail_after_reinspection', 'pending'];
export const FAILED_CONCLUSIONS: readonly Conclusion[] = ['fail', 'fail_after_reinspection'];

export interface Person {
  name: string;
  certificateNo: string;
}

/** GET /api/elevators/:code → `inspection`. */
export interface InspectionBlock {
  nextDueDate: string | null;
  nextType: DueType | null;
  overdueDays: number;
  reason: string;
  lastReport: { id: number; reportNo: string; type: string; date: string; conclusion: string; agency: string } | null;
}

export interface ReportInput {
  registrationCode: string;
  reportNo: string;
  agencyCreditCode: string;
  type: ReportType;
  supervisoryKind?: SupervisoryKind;
  date: string;
  conclusion: Conclusion;
  inspectors: Person[];
  signer: Person;
  measurements: Record<string, number | string | boolean | null>;
  defects: { item: string; description: string; severity: DefectSeverity }[];
}

export interface ReportFlag {
  id: number;
  code: string;
  message: string;
  status: FlagStatus;
  evidence: unknown;
  outcome: string | null;
}

export interface ReportDefect {
  id: number;
  item: string;
  description: string;
  severity: DefectSeverity;
  status: DefectStatus;
  deadline: string;
}

export interface Report {
  id: number;
  registrationCode: string;
  address: string;
  regionCode: string;
  reportNo: string;
  agency: { id: number; name: string };
  type: ReportType;
  supervisoryKind: SupervisoryKind | null;
  date: string;
  conclusion: Conclusion;
  inspectors: Person[];
  signer: Person;
  measurements: Record<string, unknown>;
  pdf: { sha256: string; bytes: number } | null;
  flags: ReportFlag[];
  defects: ReportDefect[];
  createdAt: string;
}

export interface ReportCreated extends Report {
  inspection: InspectionBlock;
}

export interface ReportListItem {
  id: number;
  registrationCode: string;
  address: string;
  reportNo: string;
  agency: { id: number; name: string };
  type: ReportType;
  date: string;
  conclusion: Conclusion;
  flagCount: number;
  defectCount: number;
}

export interface ReportQuery {
  registrationCode?: string;
  regionCode?: string;
  conclusion?: Conclusion;
  flagged?: 'true' | 'false';
  from?: string;
  to?: string;
  page?: number;
  pageSize?: number;
}

export interface OverdueItem {
  registrationCode: string;
  address: string;
  regionCode: string;
  nextDueDate: string;
  nextType: string | null;
  overdueDays: number;
  useUnit: string | null;
}

export interface Compliance {
  today: string;
  byRegion: { regionCode: string; name: string; scheduled: number; overdue: number; dueIn30Days: number; overdueRate: number | null }[];
  byAgency: { agencyId: number; name: string; reports: number; failed: number; flagged: number; flagRate: number | null; lateReports: number }[];
  month: { month: string; due: number; planned: number; unplanned: number };
}

export interface Defect {
  id: number;
  reportId: number;
  reportNo: string;
  registrationCode: string;
  address: string;
  item: string;
  description: string;
  severity: DefectSeverity;
  status: DefectStatus;
  deadline: string;
  overdueDays: number;
  escalated: boolean;
  evidence: { at: string; by: string; note: string; fileSha256: string | null }[];
}

export interface DefectQuery {
  status?: DefectStatus;
  overdue?: 'true' | 'false';
  registrationCode?: string;
  regionCode?: string;
  page?: number;
  pageSize?: number;
}

export interface FlagItem {
  id: number;
  reportId: number;
  reportNo: string;
  agency: string;
  registrationCode: string;
  code: string;
  message: string;
  evidence: unknown;
  status: FlagStatus;
  outcome: string | null;
  createdAt: string;
}

export interface FlagQuery {
  status?: FlagStatus;
  code?: string;
  regionCode?: string;
  page?: number;
  pageSize?: number;
}

export interface InspectorInput {
  name: string;
  certificateNo: string;
  qualification?: string;
  validFrom?: string;
  validTo?: string;
  employedFrom: string;
  employedTo?: string;
  agencyOrgId?: number;
}

export interface Inspector {
  id: number;
  agency: { id: number; name: string };
  name: string;
  certificateNo: string;
  qualification: string;
  validFrom: string | null;
  validTo: string | null;
  employedFrom: string;
  employedTo: string | null;
}

export interface PlanInput {
  registrationCode: string;
  plannedDate: string;
  type: PlanType;
  inspectors: Person[];
  agencyOrgId?: number;
}

export interface Plan {
  id: number;
  kind: 'agency_plan' | 'application';
  registrationCode: string;
  address: string;
  org: string;
  agency: string | null;
  plannedDate: string;
  type: string;
  inspectors: Person[];
  status: PlanStatus;
  reportId: number | null;
}

export interface PlanQuery {
  regionCode?: string;
  from?: string;
  to?: string;
  status?: PlanStatus;
  page?: number;
  pageSize?: number;
}

export interface PostponementInput {
  regionCode: string;
  from: string;
  to: string;
  days: number;
  reason: string;
}

export interface Postponement {
  id: number;
  regionPrefix: string;
  from: string;
  to: string;
  days: number;
  reason: string;
  createdAt: string;
}
