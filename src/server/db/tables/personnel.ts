import type { ColumnType, Generated } from 'kysely';
import type { DateStr, Timestamp } from '../schema.ts';

/**
 * Table types of the personnel (人员资质, 挂证 detection) and manufacturers (风险管控清单, advice) modules (issue 8);
 * merged into `DB` in ../schema.ts and checked like it by store.test.ts.
 */
export interface PersonnelTables {
  person: PersonTable;
  person_certificate: PersonCertificateTable;
  person_employment: PersonEmploymentTable;
  safety_manager_assignment: SafetyManagerAssignmentTable;
  personnel_rule_setting: PersonnelRuleSettingTable;
  personnel_detection: PersonnelDetectionTable;
  manufacturer_risk_item: ManufacturerRiskItemTable;
  manufacturer_advice: ManufacturerAdviceTable;
  manufacturer_advice_elevator: ManufacturerAdviceElevatorTable;
  manufacturer_advice_recipient: ManufacturerAdviceRecipientTable;
}

type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export type CertificateKind = 'A' | 'T' | 'inspector';
export type EmploymentRole = 'safety_manager' | 'maintenance_worker' | 'inspector' | 'other';
export type DetectionKind = 'multi_employer' | 'never_seen' | 'manager_overload' | 'expired_in_use';
export type DetectionStatus = 'open' | 'confirmed' | 'dismissed';
export type RiskStatus = 'open' | 'controlled' | 'closed';
export type AdviceKind = 'maintenance' | 'safety';

export interface PersonTable {
  id: Generated<number>;
  name: string;
  /** HMAC-SHA256 (hex) of the 身份证号 under PERSONNEL_ID_SECRET; the number itself is never stored. */
  id_hash: Nullable<string>;
  id_masked: Nullable<string>;
  phone_masked: Nullable<string>;
  origin: Nullable<string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PersonCertificateTable {
  id: Generated<number>;
  person_id: number;
  kind: CertificateKind;
  number: string;
  qualification: Nullable<string>;
  authority: Nullable<string>;
  issued_on: Nullable<DateStr>;
  expires_on: Nullable<DateStr>;
  source: Generated<'manual' | 'maintenance_worker' | 'inspector'>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PersonEmploymentTable {
  id: Generated<number>;
  person_id: number;
  org_id: number;
  role: EmploymentRole;
  certificate_id: Nullable<number>;
  employed_from: DateStr;
  employed_to: Nullable<DateStr>;
  source: Generated<'personnel' | 'maintenance_worker' | 'inspector'>;
  source_id: Nullable<number>;
  created_at: Timestamp;
}

export interface SafetyManagerAssignmentTable {
  id: Generated<number>;
  elevator_id: number;
  person_id: number;
  use_unit_id: number;
  region_code: string;
  assigned_from: DateStr;
  assigned_to: Nullable<DateStr>;
  assigned_by: Nullable<number>;
  created_at: Timestamp;
}

export interface PersonnelRuleSettingTable {
  region_prefix: string;
  key: string;
  value: number;
  updated_by: number | null;
  updated_at: Timestamp;
}

export interface PersonnelDetectionTable {
  id: Generated<number>;
  kind: DetectionKind;
  fingerprint: string;
  person_id: Nullable<number>;
  subject_name: string;
  certificate_no: Nullable<string>;
  region_codes: string[];
  summary: string;
  evidence: unknown;
  active: Generated<boolean>;
  status: Generated<DetectionStatus>;
  note: Nullable<string>;
  reviewed_by: Nullable<number>;
  reviewed_at: NullableTimestamp;
  first_seen_at: Timestamp;
  last_seen_at: Timestamp;
}

export interface ManufacturerRiskItemTable {
  id: Generated<number>;
  manufacturer_org_id: number;
  model: string;
  risk: string;
  controls: string;
  status: RiskStatus;
  review_on: Nullable<DateStr>;
  created_by: Nullable<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface ManufacturerAdviceTable {
  id: Generated<number>;
  manufacturer_org_id: number;
  kind: AdviceKind;
  title: string;
  body: string;
  criteria: unknown;
  elevator_count: number;
  sent_at: Timestamp;
  created_by: Nullable<number>;
}

export interface ManufacturerAdviceElevatorTable {
  advice_id: number;
  elevator_id: number;
  region_code: string;
}

export interface ManufacturerAdviceRecipientTable {
  advice_id: number;
  org_id: number;
  role: 'use_unit' | 'maintenance';
  elevator_count: number;
  acknowledged_at: NullableTimestamp;
  acknowledged_by: Nullable<number>;
  note: Nullable<string>;
}
