/** Table types of the renovation module (issue 7); merged into `DB` in ../schema.ts and checked like it by store.test.ts. */
import type { ColumnType, Generated } from 'kysely';
import type { DateStr, Timestamp } from '../schema.ts';

/** numeric(14,2): read as a number (the pool parses numeric), written as a number. */
type Money = ColumnType<number, number | string, number | string>;

export interface RenovationProjectTable {
  id: Generated<number>;
  kind: 'major_repair' | 'modernise' | 'replace' | 'overspeed_retrofit';
  status: 'draft' | 'decided' | 'funded' | 'in_construction' | 'accepted' | 'registered' | 'closed' | 'cancelled';
  subsidy_status: Generated<'none' | 'applied' | 'approved' | 'rejected' | 'disbursed'>;
  title: string;
  region_code: string;
  use_unit_id: number | null;
  compound: string | null;
  owner_org_id: number;
  plan: string;
  budget: Money;
  vote_required: boolean;
  vote: unknown;
  subsidy_requested: Money | null;
  subsidy_approved: Money | null;
  subsidy_disbursed: ColumnType<number, number | string | undefined, number | string>;
  installer_org_id: number | null;
  installer_name: string | null;
  installer_credit_code: string | null;
  construction_started_on: DateStr | null;
  accepted_on: DateStr | null;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface RenovationProjectElevatorTable {
  project_id: number;
  elevator_id: number;
  registry_change: unknown;
  registry_updated_at: Timestamp | null;
}

export interface RenovationFundingTable {
  project_id: number;
  source: 'maintenance_fund' | 'subsidy' | 'public_income' | 'insurance' | 'owners';
  amount: Money;
  note: string | null;
}

export interface RenovationSubsidyTable {
  id: Generated<number>;
  project_id: number;
  requested: Money;
  status: 'applied' | 'approved' | 'rejected';
  approved: Money | null;
  note: string | null;
  reason: string | null;
  applied_by: number | null;
  applied_at: Timestamp;
  decided_by: number | null;
  decided_org_id: number | null;
  decided_at: Timestamp | null;
}

export interface RenovationDisbursementTable {
  id: Generated<number>;
  project_id: number;
  subsidy_id: number;
  amount: Money;
  paid_on: DateStr;
  voucher_no: string;
  created_by: number | null;
  created_at: Timestamp;
}

export interface RenovationEventTable {
  id: Generated<number>;
  project_id: number;
  action: string;
  from_status: string | null;
  to_status: string | null;
  note: string | null;
  actor_name: string;
  org_name: string | null;
  at: Timestamp;
}

export interface RenovationRuleSettingTable {
  region_prefix: string;
  key: string;
  value: Money;
  updated_by: number | null;
  updated_at: Timestamp;
}

export interface RenovationTables {
  renovation_project: RenovationProjectTable;
  renovation_project_elevator: RenovationProjectElevatorTable;
  renovation_funding: RenovationFundingTable;
  renovation_subsidy: RenovationSubsidyTable;
  renovation_disbursement: RenovationDisbursementTable;
  renovation_event: RenovationEventTable;
  renovation_rule_setting: RenovationRuleSettingTable;
}
