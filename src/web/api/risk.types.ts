/** Old elevators and the risk score: mirrors src/modules/risk/risk.schema.ts (checked against docs/openapi.json). */

export const RISK_FACTORS = ['age', 'usage', 'faults', 'entrapments', 'inspection', 'defects', 'maintenance', 'complaints'] as const;
export type RiskFactor = (typeof RISK_FACTORS)[number];
export const OLD_TIERS = ['15', '20', 'overspeed'] as const;
/** 15: registered before 2009-01-01; 20: before 2004-01-01; overspeed: made by 2004-12-31 without ascending-overspeed protection. */
export type OldTier = (typeof OLD_TIERS)[number];

/** GET /api/risk/elevators/:code (fixed interface). Contributions add up to the score. */
export interface RiskScore {
  /** 0–100. */
  score: number;
  /** 1–4, 4 the highest risk. */
  grade: number;
  /**
   * `value` is the raw input in the factor's unit: age in years, usage `category/placeType` (e.g. `3110/RESIDENTIAL`),
   * faults and entrapments in 12 months, inspection the latest conclusion (null: none on record), open defects,
   * maintenance overdue days, complaints in 12 months.
   */
  factors: { name: RiskFactor; value: number | string | null; contribution: number }[];
  modelVersion: number;
  computedAt: string;
}

export interface OldElevatorQuery {
  tier: OldTier;
  regionCode?: string;
  placeType?: string;
  useUnitId?: number;
  sort?: 'age' | 'risk';
  page?: number;
  pageSize?: number;
}

export interface OldElevator {
  registrationCode: string;
  address: string;
  regionCode: string;
  category: string;
  placeType: string;
  useUnit: string | null;
  registrationDate: string | null;
  manufactureDate: string | null;
  ascendingOverspeedProtection: boolean | null;
  tiers: OldTier[];
  riskScore: number | null;
  riskGrade: number | null;
}

export interface TierCounts {
  tier15: number;
  tier20: number;
  overspeed: number;
}

export interface OldSummary {
  regionCode: string | null;
  totals: TierCounts & { inUse: number; noRegistrationDate: number };
  byRegion: (TierCounts & { regionCode: string; name: string })[];
  byPlaceType: (TierCounts & { placeType: string })[];
}

export interface RankingQuery {
  regionCode?: string;
  grade?: number;
  placeType?: string;
  page?: number;
  pageSize?: number;
}

export interface RankingItem {
  registrationCode: string;
  address: string;
  regionCode: string;
  placeType: string;
  score: number;
  grade: number;
  topFactors: { name: RiskFactor; contribution: number }[];
}

export interface Ranking {
  items: RankingItem[];
  total: number;
  grades: { grade: number; count: number }[];
}

export type ScaleKey = 'ageYears' | 'faults12m' | 'entrapments12m' | 'defectPoints' | 'overdueDays' | 'flags12m' | 'complaints12m';
export type ConclusionKey = 'pass' | 'pass_after_reinspection' | 'pending' | 'fail' | 'fail_after_reinspection' | 'none';

export interface RiskModelParams {
  /** Points per factor; they sum to 100. */
  weights: Record<RiskFactor, number>;
  /** Scores at which grades 2, 3 and 4 begin. */
  thresholds: [number, number, number];
  /** Inputs at which a factor's value reaches 1. */
  scales: Record<ScaleKey, number>;
  seriousDefectWeight: number;
  conclusionValues: Record<ConclusionKey, number>;
  categoryFactors: Record<string, number>;
  placeFactors: Record<string, number>;
  defaultCategoryFactor: number;
}

export interface RiskModel {
  version: number;
  params: RiskModelParams;
  note: string | null;
  createdAt: string;
}

export interface RecomputeStatus {
  jobId: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  done: number;
  total: number;
  written: number;
  error: string | null;
}
