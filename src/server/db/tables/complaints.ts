import type { ColumnType, Generated } from 'kysely';
import type { DateStr, Timestamp } from '../schema.ts';

/** Table types of the complaints module (issue 8); merged into `DB` in ../schema.ts and checked like it by store.test.ts. */
export interface ComplaintTables {
  complaint: ComplaintTable;
  complaint_event: ComplaintEventTable;
  complaint_evidence: ComplaintEvidenceTable;
  complaint_reward: ComplaintRewardTable;
  complaint_rule_setting: ComplaintRuleSettingTable;
}

type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;

export type ComplaintChannel = 'public' | 'phone' | 'staff';
export type ComplaintCategoryCode = 'unsafe' | 'no_maintenance' | 'fake_records' | 'unregistered' | 'other';
export type ComplaintStatusCode = 'received' | 'acknowledged' | 'investigating' | 'confirmed' | 'unfounded' | 'closed';

export interface ComplaintTable {
  id: Generated<number>;
  tracking_code: string;
  channel: ComplaintChannel;
  category: ComplaintCategoryCode;
  description: string;
  elevator_id: Nullable<number>;
  code_given: Nullable<string>;
  address: Nullable<string>;
  region_code: string;
  regulator_org_id: Nullable<number>;
  use_unit_id: Nullable<number>;
  maintenance_org_id: Nullable<number>;
  /** The organisation the complaint is about: credit files turn confirmed complaints into events against it. */
  responsible_org_id: Nullable<number>;
  anonymous: boolean;
  reporter_name: Nullable<string>;
  reporter_contact: Nullable<string>;
  reporter_contact_hash: Generated<string | null>;
  status: ColumnType<ComplaintStatusCode, ComplaintStatusCode | undefined, ComplaintStatusCode>;
  outcome: Nullable<'confirmed' | 'unfounded'>;
  outcome_text: Nullable<string>;
  received_at: Timestamp;
  ack_due_at: Timestamp;
  outcome_due_at: Timestamp;
  extended_at: Nullable<Date>;
  acknowledged_at: Nullable<Date>;
  decided_at: Nullable<Date>;
  closed_at: Nullable<Date>;
  linked_to_id: Nullable<number>;
  hazard_id: Nullable<number>;
  created_by: Nullable<number>;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface ComplaintEventTable {
  id: Generated<number>;
  complaint_id: number;
  at: Timestamp;
  action: string;
  actor_id: Nullable<number>;
  actor_name: string;
  org_id: Nullable<number>;
  note: Nullable<string>;
  data: Nullable<unknown>;
}

export interface ComplaintEvidenceTable {
  id: Generated<number>;
  complaint_id: number;
  sha256: string;
  file_name: string;
  content_type: string;
  bytes: number;
  note: Nullable<string>;
  uploaded_by: Nullable<number>;
  uploaded_at: Timestamp;
}

export interface ComplaintRewardTable {
  complaint_id: number;
  decision: 'granted' | 'refused';
  amount: Nullable<number>;
  note: Nullable<string>;
  approved_by: number;
  approver_name: string;
  decided_at: Timestamp;
  paid_amount: Nullable<number>;
  paid_on: Nullable<DateStr>;
  pay_method: Nullable<'bank' | 'cash' | 'other'>;
  pay_reference: Nullable<string>;
  paid_by: Nullable<number>;
  paid_at: Nullable<Date>;
}

export interface ComplaintRuleSettingTable {
  region_prefix: string;
  key: string;
  value: number;
  updated_by: number | null;
  updated_at: Timestamp;
}
