/** The maintenance module's API shapes (mirrors src/modules/maintenance/maintenance.schema.ts, contracts and grading). */

export type Cycle = 'half_month' | 'quarter' | 'half_year' | 'year';
export type Annex = 'A' | 'B' | 'C' | 'D';
export type ItemResult = 'ok' | 'adjusted' | 'replaced' | 'na' | 'failed';
export type JudgeType = 'QUALITATIVE' | 'NUMERIC' | 'MANUFACTURER' | 'STANDARD';
export type MaintenanceFlagStatus = 'open' | 'upheld' | 'dismissed';

export const CYCLES: readonly Cycle[] = ['half_month', 'quarter', 'half_year', 'year'];
export const ITEM_RESULTS: readonly ItemResult[] = ['ok', 'adjusted', 'replaced', 'na', 'failed'];

export interface CatalogItem {
  code: string;
  name: string;
  requirement: string;
  cycle: Cycle;
  judgeType: JudgeType | string;
  min: number | null;
  max: number | null;
  unit: string | null;
}

export interface Place {
  lat: number;
  lon: number;
}

export interface Worker {
  name: string;
  certificateNo: string;
}

export interface RecordItem {
  code: string;
  result: ItemResult;
  value?: number | null;
}

export interface RecordPhoto {
  sha256: string;
  takenAt: string;
  itemCode?: string;
}

export interface RecordInput {
  registrationCode: string;
  cycle: Cycle;
  startedAt: string;
  endedAt: string;
  workers: Worker[];
  startLocation: Place;
  endLocation: Place;
  items: RecordItem[];
  photos?: RecordPhoto[];
  parts?: { name: string; quantity: number }[];
}

export interface RecordFlag {
  id: number;
  code: string;
  message: string;
  status: MaintenanceFlagStatus;
  evidence: unknown;
}

export type NextDue = Record<Cycle, string>;

export interface MaintenanceRecord {
  id: number;
  registrationCode: string;
  address: string;
  company: { id: number; name: string };
  cycle: Cycle;
  startedAt: string;
  endedAt: string;
  workers: Worker[];
  items: RecordItem[];
  photos: { sha256: string; takenAt: string | null; itemCode: string | null; uploaded: boolean }[];
  flags: RecordFlag[];
  /** The use unit's confirmation (its safety manager's signature), once given. */
  confirmedBy: string | null;
  confirmedAt: string | null;
  /** Hazards found on the visit, each a rectification task (隐患整治). */
  hazards: { id: number; item: string; severity: 'serious' | 'general'; remedy: string; status: string; deadline: string }[];
  nextDue: NextDue;
}

export interface RecordListItem {
  id: number;
  registrationCode: string;
  address: string;
  company: { id: number; name: string };
  cycle: Cycle;
  startedAt: string;
  endedAt: string;
  flagCount: number;
}

export interface RecordQuery {
  registrationCode?: string;
  regionCode?: string;
  flagged?: boolean;
  from?: string;
  to?: string;
  page?: number;
  pageSize?: number;
}

export interface MaintenanceFlagItem {
  id: number;
  recordId: number;
  registrationCode: string;
  company: string;
  code: string;
  message: string;
  evidence: unknown;
  status: MaintenanceFlagStatus;
  outcome: string | null;
  createdAt: string;
}

export interface MaintenanceOverdueItem {
  registrationCode: string;
  address: string;
  lastDate: string | null;
  daysSince: number | null;
  nextDue: string | null;
  company: string | null;
}

export interface WorkerInput {
  name: string;
  certificateNo: string;
  validTo?: string;
  employedFrom: string;
  employedTo?: string;
}

export interface WorkerSaved {
  id: number;
  company: { id: number; name: string };
  name: string;
  certificateNo: string;
  validTo: string | null;
  employedFrom: string;
  employedTo: string | null;
}

export interface Contract {
  id: number;
  registrationCode: string;
  company: { id: number; name: string };
  startsOn: string;
  endsOn: string;
  pricePerYear: number;
  scope: string;
  active: boolean;
  priceCheck: { cityMedian: number | null; sample: number; belowRatio: boolean };
}

export interface ContractInput {
  registrationCode: string;
  startsOn: string;
  endsOn: string;
  pricePerYear: number;
  scope: 'standard' | 'full';
}

export interface ContractGap {
  registrationCode: string;
  address: string;
  company: string | null;
}

export type IndicatorKey = 'onTime' | 'recordQuality' | 'entrapments' | 'faults' | 'rescue' | 'inspection';

export interface GradeIndicator {
  key: IndicatorKey | string;
  value: number | null;
  score: number;
  weight: number;
  points: number;
  basis: string;
}

export interface CompanyGrade {
  orgId: number;
  name: string;
  score: number;
  grade: 'A' | 'B' | 'C' | 'D';
  triggers: string[];
  indicators: GradeIndicator[];
}

export interface Grades {
  period: string;
  regionCode: string;
  weights: Record<string, number>;
  items: CompanyGrade[];
}

export interface PublicGrades {
  period: string;
  items: { name: string; grade: string; score: number }[];
}

/** GET /api/maintenance/plan?registrationCode=: one elevator's clock. */
export interface PlanItem {
  registrationCode: string;
  address: string;
  regionCode: string;
  lastVisits: Record<Cycle, string | null>;
  nextDue: NextDue;
  nextVisitCycle: Cycle;
}
