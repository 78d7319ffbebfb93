import type { ColumnType, Generated } from 'kysely';
import type { DateStr, Timestamp } from '../schema.ts';

/** Table types of the insurance module (issue 7); merged into `DB` in ../schema.ts and checked like it by store.test.ts. */
export interface InsuranceTables {
  insurance_product: InsuranceProductTable;
  insurance_policy: InsurancePolicyTable;
  insurance_claim: InsuranceClaimTable;
  insurance_rule_setting: InsuranceRuleSettingTable;
}

type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;

export type ProductKind = 'liability' | 'service' | 'pension';
export type Payer = 'use_unit' | 'owners' | 'maintenance_fund' | 'insurer';
export type ClaimStatus = 'filed' | 'accepted' | 'approved' | 'paid' | 'rejected' | 'withdrawn';

export interface InsuranceProductTable {
  id: Generated<number>;
  insurer_org_id: number;
  name: string;
  kind: ProductKind;
  coverage: unknown;
  premium_rule: unknown;
  active: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface InsurancePolicyTable {
  id: Generated<number>;
  policy_no: string;
  product_id: number;
  insurer_org_id: number;
  elevator_id: number;
  region_code: string;
  starts_on: DateStr;
  ends_on: DateStr;
  premium: number;
  subsidy: Generated<number>;
  premium_basis: unknown;
  payer: Payer;
  status: ColumnType<'active' | 'cancelled', 'active' | 'cancelled' | undefined, 'active' | 'cancelled'>;
  created_by: number | null;
  created_at: Timestamp;
}

export interface InsuranceClaimTable {
  id: Generated<number>;
  policy_id: number;
  insurer_org_id: number;
  elevator_id: number;
  region_code: string;
  occurred_on: DateStr;
  description: string;
  amount_claimed: number;
  amount_paid: Nullable<number>;
  status: ColumnType<ClaimStatus, ClaimStatus | undefined, ClaimStatus>;
  incident_id: Nullable<number>;
  alarm_id: Nullable<number>;
  maintenance_record_id: Nullable<number>;
  hazard_id: Nullable<number>;
  note: Nullable<string>;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface InsuranceRuleSettingTable {
  region_prefix: string;
  key: string;
  value: number;
  updated_by: number | null;
  updated_at: Timestamp;
}
