/**
 * Table types for Kysely, one interface per table in migrations/. Checked against the live schema by
 * `src/server/db/schema.test.ts`, which fails when a migration adds a column these types do not name.
 */
import type { ColumnType, Generated } from 'kysely';
import type { AddonTables } from './tables/addon.ts';
import type { CreditTables } from './tables/credit.ts';
import type { ComplaintTables } from './tables/complaints.ts';
import type { InsuranceTables } from './tables/insurance.ts';
import type { PublicationTables } from './tables/publication.ts';
import type { PersonnelTables } from './tables/personnel.ts';
import type { RenovationTables } from './tables/renovation.ts';

export type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A timestamp with a database default (now()). */
export type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** A calendar date as YYYY-MM-DD (no time zone). */
export type DateStr = string;

export interface RegionTable {
  code: string;
  name: string;
  parent_code: string | null;
  level: number;
  kind: 'gbt2260' | 'dev_zone';
  has_districts: Generated<boolean>;
}

export interface RegionAliasTable {
  old_code: string;
  code: string;
  note: string;
}

export interface OrganizationTable {
  id: Generated<number>;
  credit_code: string | null;
  name: string;
  type: string;
  region_code: string;
  address: string | null;
  contact_name: string | null;
  contact_phone: string | null;
  hotline: string | null;
  active: Generated<boolean>;
  longitude: ColumnType<number | null, number | null | undefined, number | null>;
  latitude: ColumnType<number | null, number | null | undefined, number | null>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface OrganizationLicenceTable {
  id: Generated<number>;
  org_id: number;
  kind: string;
  number: string;
  scope: string | null;
  issued_on: DateStr | null;
  expires_on: DateStr | null;
}

export interface AppUserTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  password_hash: string;
  org_id: number;
  roles: string[];
  phone: string | null;
  active: Generated<boolean>;
  failed_logins: Generated<number>;
  locked_until: Timestamp | null;
  last_login_at: Timestamp | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
  totp_secret: Generated<string | null>;
  totp_pending_secret: Generated<string | null>;
  totp_enrolled_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  totp_last_step: Generated<number | null>;
  /** HMAC-SHA256 of the phone's digits (PII_KEY): searching by phone without decrypting. */
  phone_hash: Generated<string | null>;
}

export interface DataMigrationTable {
  name: string;
  applied_at: GeneratedTimestamp;
}

export interface UserRecoveryCodeTable {
  user_id: number;
  code_hash: string;
  used_at: Timestamp | null;
}

export interface LoginChallengeTable {
  token_hash: string;
  user_id: number;
  purpose: 'verify' | 'enrol';
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface UserSessionTable {
  token_hash: string;
  user_id: number;
  created_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
  last_seen_at: Timestamp;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Timestamp;
  actor_id: number | null;
  actor_name: string;
  org_id: number | null;
  region_code: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  before: unknown;
  after: unknown;
  prev_hash: string;
  hash: string;
  /** Which of the eight hash chains (0–7) the entry is on (migration 0022). */
  chain: Generated<number>;
}

export interface JobTable {
  id: string;
  kind: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  created_by: number | null;
  org_id: number | null;
  file_name: string | null;
  file_sha256: string | null;
  total: Generated<number>;
  processed: Generated<number>;
  imported: Generated<number>;
  updated: Generated<number>;
  rejected: Generated<number>;
  warnings: Generated<number>;
  error: string | null;
  created_at: Timestamp;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
  heartbeat_at: Timestamp | null;
}

export interface JobIssueTable {
  job_id: string;
  line: number;
  severity: 'error' | 'warning';
  registration_code: string | null;
  errors: unknown;
}

export interface ElevatorTable {
  id: Generated<number>;
  registration_code: string;
  equipment_code: string | null;
  certificate_no: string | null;
  rescue_code: string | null;
  category_code: string;
  region_code: string;
  address: string;
  place_name: string | null;
  place_type: Generated<string>;
  use_unit_id: number | null;
  maintenance_org_id: number | null;
  maintenance_phone: string | null;
  manufacturer_name: string | null;
  manufacturer_org_id: number | null;
  installer_name: string | null;
  model: string | null;
  factory_no: string | null;
  manufacture_date: DateStr | null;
  commissioning_date: DateStr | null;
  registration_date: DateStr | null;
  acceptance_date: DateStr | null;
  status: string;
  status_changed_at: Timestamp | null;
  floors: number | null;
  rated_speed: number | null;
  rated_load: number | null;
  ascending_overspeed_protection: boolean | null;
  longitude: number | null;
  latitude: number | null;
  search_text: ColumnType<string, never, never>;
  last_import_id: string | null;
  version: Generated<number>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface ElevatorStatusChangeTable {
  id: Generated<number>;
  elevator_id: number;
  from_status: string | null;
  to_status: string;
  reason: string | null;
  effective_on: DateStr;
  actor_id: number | null;
  at: Timestamp;
}

export interface ElevatorCountTable {
  region_code: string;
  category_code: string;
  status: string;
  place_type: string;
  commissioning_year: number;
  n: number;
}

export interface DeviceTable {
  id: Generated<number>;
  device_id: string;
  protocol: string;
  product_key: string | null;
  secret_salt: string;
  secret_hash: string;
  vendor: string | null;
  model: string | null;
  firmware: string | null;
  elevator_id: number | null;
  status: Generated<'active' | 'disabled'>;
  owner_org_id: number | null;
  last_seen_at: Timestamp | null;
  version: Generated<number>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface DeviceBindingTable {
  id: Generated<number>;
  device_pk: number;
  elevator_id: number | null;
  bound_at: Timestamp;
  unbound_at: Timestamp | null;
  actor_id: number | null;
}

export interface DeviceHealthTable {
  device_pk: number;
  accepted: Generated<number>;
  malformed: Generated<number>;
  invalid: Generated<number>;
  unknown_event: Generated<number>;
  oversized: Generated<number>;
  future_time: Generated<number>;
  flood_dropped: Generated<number>;
  spoofed: Generated<number>;
  last_error: string | null;
  last_error_at: Timestamp | null;
}

export interface ElevatorLiveTable {
  elevator_id: number;
  region_code: string;
  device_pk: number | null;
  online: Generated<boolean>;
  last_seen: Timestamp | null;
  status_at: Timestamp | null;
  floor: string | null;
  direction: 'stop' | 'up' | 'down' | null;
  door_open: boolean | null;
  occupied: boolean | null;
  in_door_zone: boolean | null;
  speed: number | null;
  mode: string | null;
  still_since: Timestamp | null;
  runs: Generated<number>;
  run_seconds: Generated<number>;
  distance_m: Generated<number>;
  door_cycles: Generated<number>;
  stats_until: Timestamp | null;
  updated_at: GeneratedTimestamp;
}

export interface FaultEventTable {
  id: Generated<number>;
  device_pk: number | null;
  elevator_id: number;
  region_code: string;
  dedup_key: string;
  phase: 'open' | 'close';
  type: string | null;
  vendor_code: string | null;
  severity: string | null;
  occurred_at: Timestamp;
  received_at: Timestamp;
  source: Generated<'device' | 'rule'>;
  detail: unknown;
}

export interface AlarmTable {
  id: Generated<number>;
  elevator_id: number;
  region_code: string;
  device_pk: number | null;
  type: string;
  severity: 'critical' | 'major' | 'minor' | 'warning';
  status: 'active' | 'cleared';
  source: 'device' | 'rule';
  vendor_code: string | null;
  occurrences: Generated<number>;
  opened_at: Timestamp;
  last_at: Timestamp;
  acknowledged: Generated<boolean>;
  acknowledged_at: Timestamp | null;
  acknowledged_by: number | null;
  escalated_at: Timestamp | null;
  repeat_raised: Generated<boolean>;
  cleared_at: Timestamp | null;
  cleared_by: number | null;
  clear_reason: string | null;
  assignee_id: number | null;
  version: Generated<number>;
}

export interface AlarmEventTable {
  id: Generated<number>;
  alarm_id: number;
  kind: string;
  at: Timestamp;
  actor_id: number | null;
  detail: unknown;
}

export interface IotRuleSettingTable {
  id: Generated<number>;
  key: string;
  region_code: Generated<string>;
  vendor: Generated<string>;
  value: number;
  updated_at: GeneratedTimestamp;
}

export interface OutboxTable {
  id: Generated<number>;
  topic: string;
  key: string | null;
  payload: unknown;
  created_at: Timestamp;
}

export interface OutboxDeliveryTable {
  event_id: number;
  consumer: string;
  attempts: Generated<number>;
  last_error: string | null;
  not_before: Timestamp | null;
}

type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface IncidentTable {
  id: Generated<number>;
  elevator_id: number;
  region_code: string;
  place_type: string;
  use_unit_id: number | null;
  maintenance_org_id: number | null;
  urban: boolean;
  source: 'phone' | 'app' | 'qr' | 'iot' | 'import';
  channels: string[];
  type: 'trapped' | 'fault' | 'inquiry' | 'complaint';
  status: 'received' | 'dispatched' | 'accepted' | 'en_route' | 'arrived' | 'rescued' | 'closed' | 'cancelled';
  tier: number | null;
  assigned_org_id: number | null;
  trapped: number | null;
  injured: number | null;
  caller_phone: string | null;
  caller_phone_hash: Generated<string | null>;
  description: string | null;
  received_at: Timestamp;
  dispatched_at: NullableTimestamp;
  accepted_at: NullableTimestamp;
  departed_at: NullableTimestamp;
  arrived_at: NullableTimestamp;
  rescued_at: NullableTimestamp;
  closed_at: NullableTimestamp;
  cancelled_at: NullableTimestamp;
  cause: 'external' | 'human' | 'door_system' | 'equipment' | 'other' | null;
  rescued_count: number | null;
  remarks: string | null;
  alarm_id: number | null;
  repeat_of: number | null;
  breaches: Generated<string[]>;
  escalations: Generated<number>;
  import_job_id: string | null;
  version: Generated<number>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface IncidentDispatchTable {
  id: Generated<number>;
  incident_id: number;
  tier: number;
  org_id: number | null;
  org_name: string;
  phone: string | null;
  distance_km: number | null;
  reason: string;
  dispatched_at: Timestamp;
  accepted_at: NullableTimestamp;
  declined_at: NullableTimestamp;
  ended_at: NullableTimestamp;
  actor_name: string;
}

export interface IncidentEventTable {
  id: Generated<number>;
  incident_id: number;
  kind: string;
  at: Timestamp;
  actor_id: number | null;
  actor_name: string;
  org_id: number | null;
  detail: unknown;
}

export interface IncidentTimerTable {
  id: Generated<number>;
  incident_id: number;
  kind: 'dispatch' | 'accept' | 'arrive';
  due_at: Timestamp;
  done_at: NullableTimestamp;
  fired_at: NullableTimestamp;
  fired_by: string | null;
}

export interface EmergencySlaTable {
  region_prefix: string;
  dispatch_seconds: number | null;
  accept_seconds: number | null;
  arrive_urban_seconds: number | null;
  arrive_other_seconds: number | null;
  updated_by: number | null;
  updated_at: Timestamp;
}

export interface InspectorTable {
  id: Generated<number>;
  org_id: number;
  name: string;
  certificate_no: string;
  qualification: string;
  valid_from: DateStr | null;
  valid_to: DateStr | null;
  employed_from: DateStr;
  employed_to: DateStr | null;
  created_at: GeneratedTimestamp;
}

export interface InspectionReportTable {
  id: Generated<number>;
  elevator_id: number;
  region_code: string;
  agency_org_id: number;
  report_no: string;
  type: 'acceptance' | 'periodic' | 'self_test' | 'reinspection';
  supervisory_kind: 'installation' | 'modernisation' | 'major_repair' | null;
  date: DateStr;
  conclusion: 'pass' | 'pass_after_reinspection' | 'fail' | 'fail_after_reinspection' | 'pending';
  inspectors: unknown;
  signer_name: string;
  signer_cert: string;
  measurements: unknown;
  pdf_sha256: string | null;
  pdf_bytes: number | null;
  created_by: number | null;
  created_at: Timestamp;
}

export interface InspectionReportInspectorTable {
  report_id: number;
  certificate_no: string;
  name: string;
  date: DateStr;
}

/** 隐患: a hazard from any source (inspection defects first; the table was inspection_defect). */
export interface HazardTable {
  id: Generated<number>;
  report_id: number | null;
  elevator_id: number;
  region_code: string;
  use_unit_id: number | null;
  item: string;
  description: string;
  severity: 'serious' | 'general';
  status: 'open' | 'planned' | 'agreed' | 'in_progress' | 'fixed' | 'verified' | 'closed';
  deadline: DateStr;
  evidence: ColumnType<unknown, string | undefined, string>;
  fixed_at: NullableTimestamp;
  verified_at: NullableTimestamp;
  closed_at: NullableTimestamp;
  escalated_at: NullableTimestamp;
  created_at: Timestamp;
  source: Generated<'inspection' | 'maintenance' | 'assessment' | 'supervision' | 'complaint'>;
  source_ref: string | null;
  remedy: Generated<'repair' | 'major_repair' | 'modernise' | 'replace'>;
  responsible_org_id: number | null;
  plan: ColumnType<unknown, string | null | undefined, string | null>;
  project_id: number | null;
  raised_by: number | null;
  updated_at: NullableTimestamp;
}

export interface RiskModelTable {
  version: number;
  params: ColumnType<unknown, string, string>;
  note: string | null;
  created_by: number | null;
  created_at: GeneratedTimestamp;
}

export interface RiskScoreTable {
  elevator_id: number;
  region_code: string;
  model_version: number;
  score: number;
  grade: number;
  age_years: number | null;
  category_code: string;
  place_type: string;
  faults_12m: number;
  entrapments_12m: number;
  last_conclusion: string | null;
  open_defects: number;
  serious_defects: number;
  maint_overdue_days: number;
  maint_flags_12m: number;
  complaints_12m: number;
  contributions: number[];
  computed_at: Timestamp;
}

export interface ElevatorOldCountTable {
  region_code: string;
  place_type: string;
  tier: '15' | '20' | 'overspeed';
  n: number;
}

export interface RiskGradeCountTable {
  region_code: string;
  place_type: string;
  grade: number;
  n: number;
}

export interface SafetyAssessmentTable {
  id: Generated<number>;
  elevator_id: number;
  region_code: string;
  commissioned_by: number;
  agency_org_id: number;
  status: 'commissioned' | 'submitted' | 'cancelled';
  due_on: DateStr | null;
  report_no: string | null;
  assessed_on: DateStr | null;
  items: ColumnType<unknown, string | null | undefined, string | null>;
  grade: number | null;
  grade_scale: number | null;
  conclusion: 'continue' | 'repair' | 'modernise' | 'replace' | null;
  measures: string | null;
  data_pack: ColumnType<unknown, string | null | undefined, string | null>;
  created_by: number | null;
  created_at: Timestamp;
  submitted_at: NullableTimestamp;
}

export interface StewardshipTaskTable {
  id: Generated<number>;
  elevator_id: number;
  region_code: string;
  status: 'open' | 'appointed' | 'withdrawn';
  appointed_org_id: number | null;
  appointee_kind: 'property' | 'maintenance' | 'professional' | 'owner' | null;
  note: string | null;
  opened_at: Timestamp;
  closed_at: NullableTimestamp;
  closed_by: number | null;
}

export interface InspectionFlagTable {
  id: Generated<number>;
  report_id: number;
  region_code: string;
  code: string;
  message: string;
  evidence: unknown;
  status: Generated<'open' | 'upheld' | 'dismissed'>;
  outcome: string | null;
  reviewed_by: number | null;
  reviewed_at: NullableTimestamp;
  created_at: Timestamp;
}

export interface InspectionPlanTable {
  id: Generated<number>;
  kind: 'agency_plan' | 'application';
  elevator_id: number;
  region_code: string;
  org_id: number;
  agency_org_id: number | null;
  planned_date: DateStr;
  type: 'periodic' | 'self_test' | 'acceptance' | 'reinspection';
  inspectors: ColumnType<unknown, string | undefined, string>;
  status: Generated<'submitted' | 'done' | 'cancelled'>;
  report_id: number | null;
  created_by: number | null;
  created_at: Timestamp;
}

export interface InspectionDueTable {
  elevator_id: number;
  region_code: string;
  next_due_date: DateStr | null;
  next_type: string | null;
  year: number | null;
}

export interface InspectionPostponementTable {
  id: Generated<number>;
  region_prefix: string;
  date_from: DateStr;
  date_to: DateStr;
  days: number;
  reason: string;
  created_by: number | null;
  created_at: Timestamp;
}

export interface InspectionKeyItemTable {
  category_prefix: string;
  key: string;
  name: string;
  unit: string | null;
  min_value: number | null;
  max_value: number | null;
  required: Generated<boolean>;
}

export interface InspectionRuleSettingTable {
  region_prefix: string;
  key: string;
  value: number;
  updated_by: number | null;
  updated_at: Timestamp;
}

export interface MaintenanceWorkerTable {
  id: Generated<number>;
  org_id: number;
  name: string;
  certificate_no: string;
  valid_to: DateStr | null;
  employed_from: DateStr;
  employed_to: DateStr | null;
  created_at: GeneratedTimestamp;
}

export interface MaintenanceRecordTable {
  id: Generated<number>;
  elevator_id: number;
  region_code: string;
  org_id: number;
  cycle: 'half_month' | 'quarter' | 'half_year' | 'year';
  started_at: Timestamp;
  ended_at: Timestamp;
  start_lat: number | null;
  start_lon: number | null;
  end_lat: number | null;
  end_lon: number | null;
  items: unknown;
  parts: ColumnType<unknown, string | undefined, string>;
  confirmed_by: string | null;
  confirmed_at: NullableTimestamp;
  created_by: number | null;
  created_at: Timestamp;
}

export interface MaintenanceRecordWorkerTable {
  record_id: number;
  certificate_no: string;
  name: string;
  elevator_id: number;
  started_at: Timestamp;
  ended_at: Timestamp;
}

export interface MaintenancePhotoTable {
  record_id: number;
  sha256: string;
  taken_at: NullableTimestamp;
  item_code: string | null;
}

export interface MaintenancePhotoFileTable {
  sha256: string;
  bytes: number;
  uploaded_at: Timestamp;
}

export interface MaintenanceFlagTable {
  id: Generated<number>;
  record_id: number;
  region_code: string;
  org_id: number;
  code: string;
  message: string;
  evidence: unknown;
  status: Generated<'open' | 'upheld' | 'dismissed'>;
  outcome: string | null;
  reviewed_by: number | null;
  reviewed_at: NullableTimestamp;
  created_at: Timestamp;
}

export interface MaintenanceDueTable {
  elevator_id: number;
  region_code: string;
  last_visit: DateStr | null;
  last_quarter: DateStr | null;
  last_half_year: DateStr | null;
  last_year: DateStr | null;
  next_due: DateStr;
}

export interface MaintenanceNotificationTable {
  id: Generated<number>;
  org_id: number;
  city_code: string;
  licence_no: string;
  filed_at: Timestamp;
}

export interface MaintenanceContractTable {
  id: Generated<number>;
  org_id: number;
  elevator_id: number;
  region_code: string;
  category_code: string;
  starts_on: DateStr;
  ends_on: DateStr;
  price_per_year: number;
  scope: Generated<string>;
  created_by: number | null;
  created_at: Timestamp;
}

export interface ElevatorModeLogTable {
  elevator_id: number;
  at: Timestamp;
  mode: string;
}

export interface ElevatorOccupancyTable {
  elevator_id: number;
  day: string;
  /** bit(1440): minute i of the Beijing-time day had someone in the car. */
  minutes: string;
}

export interface MaintenanceRuleSettingTable {
  region_prefix: string;
  key: string;
  value: number;
  updated_by: number | null;
  updated_at: Timestamp;
}

/** Modules with many tables keep their types in ./tables/<module>.ts; the store test reads those files too. */
export interface DB extends RenovationTables, AddonTables, InsuranceTables, PublicationTables, CreditTables, PersonnelTables, ComplaintTables {
  region: RegionTable;
  region_alias: RegionAliasTable;
  organization: OrganizationTable;
  organization_licence: OrganizationLicenceTable;
  app_user: AppUserTable;
  user_session: UserSessionTable;
  user_recovery_code: UserRecoveryCodeTable;
  login_challenge: LoginChallengeTable;
  data_migration: DataMigrationTable;
  audit_log: AuditLogTable;
  job: JobTable;
  job_issue: JobIssueTable;
  elevator: ElevatorTable;
  elevator_status_change: ElevatorStatusChangeTable;
  elevator_count: ElevatorCountTable;
  device: DeviceTable;
  device_binding: DeviceBindingTable;
  device_health: DeviceHealthTable;
  elevator_live: ElevatorLiveTable;
  fault_event: FaultEventTable;
  alarm: AlarmTable;
  alarm_event: AlarmEventTable;
  iot_rule_setting: IotRuleSettingTable;
  outbox: OutboxTable;
  outbox_delivery: OutboxDeliveryTable;
  incident: IncidentTable;
  incident_dispatch: IncidentDispatchTable;
  incident_event: IncidentEventTable;
  incident_timer: IncidentTimerTable;
  emergency_sla: EmergencySlaTable;
  inspector: InspectorTable;
  inspection_report: InspectionReportTable;
  inspection_report_inspector: InspectionReportInspectorTable;
  hazard: HazardTable;
  inspection_flag: InspectionFlagTable;
  inspection_plan: InspectionPlanTable;
  inspection_due: InspectionDueTable;
  inspection_postponement: InspectionPostponementTable;
  inspection_key_item: InspectionKeyItemTable;
  inspection_rule_setting: InspectionRuleSettingTable;
  maintenance_worker: MaintenanceWorkerTable;
  maintenance_record: MaintenanceRecordTable;
  maintenance_record_worker: MaintenanceRecordWorkerTable;
  maintenance_photo: MaintenancePhotoTable;
  maintenance_photo_file: MaintenancePhotoFileTable;
  maintenance_flag: MaintenanceFlagTable;
  maintenance_due: MaintenanceDueTable;
  maintenance_rule_setting: MaintenanceRuleSettingTable;
  elevator_mode_log: ElevatorModeLogTable;
  elevator_occupancy: ElevatorOccupancyTable;
  maintenance_notification: MaintenanceNotificationTable;
  maintenance_contract: MaintenanceContractTable;
  risk_model: RiskModelTable;
  risk_score: RiskScoreTable;
  risk_grade_count: RiskGradeCountTable;
  elevator_old_count: ElevatorOldCountTable;
  safety_assessment: SafetyAssessmentTable;
  stewardship_task: StewardshipTaskTable;
}
