import type { ColumnType, Generated } from 'kysely';
import type { DateStr, Timestamp } from '../schema.ts';

/**
 * Table types of credit files and enforcement (issue 8, migration 0012); merged into `DB` in ../schema.ts and
 * checked like it by store.test.ts.
 */
export interface CreditTables {
  credit_event: CreditEventTable;
  credit_score: CreditScoreTable;
  credit_score_history: CreditScoreHistoryTable;
  credit_rule_setting: CreditRuleSettingTable;
  supervision_check: SupervisionCheckTable;
  supervision_finding: SupervisionFindingTable;
  enforcement_action: EnforcementActionTable;
  campaign: CampaignTable;
  campaign_elevator: CampaignElevatorTable;
}

type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;
/** numeric: read as a number (the pool parses numeric), written as a number. */
type Num = ColumnType<number, number | string, number | string>;

export type CreditKind =
  | 'penalty'
  | 'warning'
  | 'interview'
  | 'exposure'
  | 'listed_supervision'
  | 'complaint_confirmed'
  | 'report_flag_upheld'
  | 'maintenance_grade'
  | 'accident'
  | 'commendation';
export type CreditGrade = 'A' | 'B' | 'C' | 'D';
export type ActionKind = 'warning' | 'interview' | 'exposure' | 'listed_supervision' | 'penalty';
export type ActionStatus = 'open' | 'closed' | 'revoked';

export interface CreditEventTable {
  id: Generated<number>;
  org_id: number;
  kind: CreditKind;
  source_type: string;
  source_id: string;
  points: Num;
  summary: string;
  evidence: unknown;
  occurred_on: DateStr;
  region_code: string;
  published: Generated<boolean>;
  published_at: Nullable<Date>;
  published_by: Nullable<number>;
  revoked_at: Nullable<Date>;
  revoked_reason: Nullable<string>;
  recorded_by: Nullable<number>;
  created_at: Timestamp;
}

export interface CreditScoreTable {
  org_id: number;
  score: Num;
  grade: CreditGrade;
  events: number;
  computed_on: DateStr;
  updated_at: Timestamp;
}

export interface CreditScoreHistoryTable {
  id: Generated<number>;
  org_id: number;
  at: Timestamp;
  score: Num;
  grade: CreditGrade;
  event_id: Nullable<number>;
  reason: 'event' | 'revoke' | 'expiry';
}

export interface CreditRuleSettingTable {
  region_prefix: string;
  key: string;
  value: number;
  updated_by: number | null;
  updated_at: Timestamp;
}

export interface SupervisionCheckTable {
  id: Generated<number>;
  region_code: string;
  regulator_org_id: number;
  target_org_id: Nullable<number>;
  elevator_ids: ColumnType<number[], number[] | undefined, number[]>;
  checked_on: DateStr;
  inspector_ids: number[];
  summary: string;
  created_by: Nullable<number>;
  created_at: Timestamp;
}

export interface SupervisionFindingTable {
  id: Generated<number>;
  check_id: number;
  elevator_id: Nullable<number>;
  description: string;
  severity: 'serious' | 'general';
  hazard_id: Nullable<number>;
  created_at: Timestamp;
}

export interface EnforcementActionTable {
  id: Generated<number>;
  kind: ActionKind;
  region_code: string;
  regulator_org_id: number;
  target_org_id: number;
  check_id: Nullable<number>;
  reason: string;
  legal_basis: string;
  deadline: Nullable<DateStr>;
  status: ColumnType<ActionStatus, ActionStatus | undefined, ActionStatus>;
  penalty_amount: ColumnType<number | null, number | string | null | undefined, number | string | null>;
  decision_no: Nullable<string>;
  follow_ups: ColumnType<unknown, string | undefined, string>;
  closure_note: Nullable<string>;
  closed_at: Nullable<Date>;
  overdue_at: Nullable<Date>;
  published: Generated<boolean>;
  published_at: Nullable<Date>;
  credit_event_id: Nullable<number>;
  created_by: Nullable<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CampaignTable {
  id: Generated<number>;
  name: string;
  region_code: string;
  regulator_org_id: number;
  criteria: unknown;
  assignment: 'round_robin' | 'by_county';
  status: ColumnType<'active' | 'closed', 'active' | 'closed' | undefined, 'active' | 'closed'>;
  ends_on: DateStr;
  created_by: Nullable<number>;
  created_at: Timestamp;
  closed_at: Nullable<Date>;
}

export interface CampaignElevatorTable {
  campaign_id: number;
  elevator_id: number;
  region_code: string;
  inspector_id: number;
  result: ColumnType<'pending' | 'ok' | 'hazard', 'pending' | 'ok' | 'hazard' | undefined, 'pending' | 'ok' | 'hazard'>;
  note: Nullable<string>;
  hazard_id: Nullable<number>;
  recorded_by: Nullable<number>;
  recorded_at: Nullable<Date>;
}
