import type { ColumnType, Generated } from 'kysely';
import type { DateStr, Timestamp } from '../schema.ts';

/** Table types of the addon module (issue 7); merged into `DB` in ../schema.ts and checked like it by store.test.ts. */
export interface AddonTables {
  addon_project: AddonProjectTable;
  addon_household: AddonHouseholdTable;
  addon_objection: AddonObjectionTable;
  addon_event: AddonEventTable;
  addon_rule_setting: AddonRuleSettingTable;
}

type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;

export type AddonStatus =
  | 'consultation'
  | 'agreement'
  | 'design'
  | 'notice'
  | 'review'
  | 'approved'
  | 'construction'
  | 'accepted'
  | 'registered'
  | 'contracted'
  | 'in_service'
  | 'cancelled';
export type AddonSubsidyStatus = 'none' | 'applied' | 'approved' | 'rejected' | 'disbursed';

export interface AddonProjectTable {
  id: Generated<number>;
  region_code: string;
  address: string;
  building: string;
  unit: string;
  storeys: number;
  org_id: number;
  street_office_id: number | null;
  status: ColumnType<AddonStatus, AddonStatus | undefined, AddonStatus>;
  total_cost: Nullable<number>;
  design: Nullable<unknown>;
  notice_days: Nullable<number>;
  notice_starts_on: Nullable<DateStr>;
  notice_ends_on: Nullable<DateStr>;
  notice_paused_since: Nullable<DateStr>;
  approval_no: Nullable<string>;
  approved_on: Nullable<DateStr>;
  construction_on: Nullable<DateStr>;
  accepted_on: Nullable<DateStr>;
  registration_due_on: Nullable<DateStr>;
  registered_on: Nullable<DateStr>;
  elevator_id: Nullable<number>;
  contract_id: Nullable<number>;
  enrolled_at: Nullable<Date>;
  subsidy_status: ColumnType<AddonSubsidyStatus, AddonSubsidyStatus | undefined, AddonSubsidyStatus>;
  subsidy_amount: Nullable<number>;
  subsidy_basis: Nullable<unknown>;
  subsidy_note: Nullable<string>;
  note: Nullable<string>;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface AddonHouseholdTable {
  id: Generated<number>;
  project_id: number;
  room: string;
  floor: number;
  area: number;
  owner_name: string;
  vote: Nullable<'agree' | 'disagree' | 'abstain'>;
  signed: Generated<boolean>;
  share: Nullable<number>;
}

export interface AddonObjectionTable {
  id: Generated<number>;
  project_id: number;
  objector: string;
  content: string;
  filed_on: DateStr;
  status: ColumnType<'open' | 'resolved', 'open' | 'resolved' | undefined, 'open' | 'resolved'>;
  resolution: Nullable<string>;
  resolved_on: Nullable<DateStr>;
  created_by: number | null;
  resolved_by: Nullable<number>;
}

export interface AddonEventTable {
  id: Generated<number>;
  project_id: number;
  at: Timestamp;
  action: string;
  from_status: string | null;
  to_status: string | null;
  actor_id: number | null;
  actor_name: string | null;
  note: string | null;
}

export interface AddonRuleSettingTable {
  region_prefix: string;
  key: string;
  value: number;
  updated_by: number | null;
  updated_at: Timestamp;
}
