/** The registry: reference data, elevators, status changes and imports (mirrors the server's zod schemas). */
import type { ElevatorStatus } from './common.types.ts';
import type { InspectionBlock } from './inspection.types.ts';

export interface Region {
  code: string;
  name: string;
  /** 1 province, 2 city, 3 county. */
  level: 1 | 2 | 3;
  parentCode: string | null;
  kind: 'gbt2260' | 'dev_zone';
}

export interface CodeName {
  code: string;
  name: string;
}

export interface RegistryMeta {
  categories: CodeName[];
  statuses: CodeName[];
  placeTypes: CodeName[];
  importFields: { key: string; zh: string }[];
}

export interface ElevatorListItem {
  registrationCode: string;
  rescueCode: string | null;
  category: string;
  categoryName: string;
  regionCode: string;
  regionName: string;
  address: string;
  placeName: string | null;
  placeType: string;
  useUnitName: string | null;
  maintenanceName: string | null;
  status: ElevatorStatus;
  commissioningDate: string | null;
  ageYears: number | null;
  updatedAt: string;
}

export interface FacetBucket {
  key: string;
  label: string;
  count: number;
}

export interface Facets {
  total: number;
  byCity: FacetBucket[];
  byCounty: FacetBucket[];
  byCategory: FacetBucket[];
  byStatus: FacetBucket[];
  byPlaceType: FacetBucket[];
  byAge: FacetBucket[];
}

export interface OrgBrief {
  id: number;
  name: string;
  creditCode: string | null;
  hotline: string | null;
}

export interface StatusHistoryEntry {
  from: string | null;
  to: string;
  reason: string | null;
  effectiveOn: string;
  at: string;
}

export interface Elevator {
  id: number;
  registrationCode: string;
  equipmentCode: string | null;
  certificateNo: string | null;
  rescueCode: string | null;
  category: string;
  categoryName: string;
  regionCode: string;
  regionName: string;
  cityCode: string | null;
  address: string;
  placeName: string | null;
  placeType: string;
  useUnit: OrgBrief | null;
  maintenanceOrg: OrgBrief | null;
  maintenancePhone: string | null;
  manufacturerName: string | null;
  manufacturerOrgId: number | null;
  model: string | null;
  factoryNo: string | null;
  manufactureDate: string | null;
  commissioningDate: string | null;
  registrationDate: string | null;
  acceptanceDate: string | null;
  status: ElevatorStatus;
  statusChangedAt: string | null;
  floors: number | null;
  ratedSpeed: number | null;
  ratedLoad: number | null;
  ascendingOverspeedProtection: boolean | null;
  longitude: number | null;
  latitude: number | null;
  ageYears: number | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  statusHistory?: StatusHistoryEntry[];
  /** The inspection schedule (GET /api/elevators/:code only). */
  inspection?: InspectionBlock;
}

/** Create / edit body; dates are YYYY-MM-DD strings. */
export interface ElevatorInput {
  registrationCode: string;
  equipmentCode?: string | null;
  certificateNo?: string | null;
  rescueCode?: string | null;
  category: string;
  regionCode: string;
  address: string;
  placeName?: string | null;
  placeType?: string | null;
  useUnitName?: string | null;
  useUnitCreditCode?: string | null;
  maintenanceName?: string | null;
  maintenanceCreditCode?: string | null;
  maintenancePhone?: string | null;
  manufacturerName?: string | null;
  model?: string | null;
  factoryNo?: string | null;
  manufactureDate?: string | null;
  commissioningDate?: string | null;
  registrationDate?: string | null;
  acceptanceDate?: string | null;
  status?: string | null;
  floors?: number | null;
  ratedSpeed?: number | null;
  ratedLoad?: number | null;
  ascendingOverspeedProtection?: boolean | null;
  longitude?: number | null;
  latitude?: number | null;
  version?: number;
}

export interface StatusChange {
  status: ElevatorStatus;
  reason: string;
  effectiveOn?: string;
  inspectionPassedOn?: string;
}

export interface RowProblem {
  line: number;
  registrationCode: string | null;
  errors: { field: string; message: string }[];
}

export interface ImportSummary {
  id: string;
  /** `queued` until the job runner picks it up. */
  status: 'queued' | 'running' | 'done' | 'failed';
  fileName: string | null;
  total: number;
  processed: number;
  imported: number;
  updated: number;
  rejectedCount: number;
  warningCount: number;
  error: string | null;
  createdAt: string;
  startedAt?: string | null;
  finishedAt: string | null;
}

export interface ImportJob extends ImportSummary {
  rejected: RowProblem[];
  warnings: RowProblem[];
}
