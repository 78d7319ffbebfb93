/** The IoT module: terminals, live state, alarms, faults and rule thresholds (mirrors the server's contract). */

export type Severity = 'critical' | 'major' | 'minor' | 'warning';
export type Direction = 'stop' | 'up' | 'down';

export interface DeviceHealth {
  accepted: number;
  malformed: number;
  invalid: number;
  unknownEvent: number;
  oversized: number;
  futureTime: number;
  floodDropped: number;
  spoofed: number;
  lastError: string | null;
  lastErrorAt: string | null;
}

export interface Device {
  id: number;
  deviceId: string;
  protocol: string;
  productKey: string | null;
  vendor: string | null;
  model: string | null;
  firmware: string | null;
  status: 'active' | 'disabled';
  registrationCode: string | null;
  address: string | null;
  online: boolean;
  lastSeen: string | null;
  health: DeviceHealth;
  version: number;
  createdAt: string;
}

export interface DeviceInput {
  deviceId: string;
  protocol: string;
  secret: string;
  registrationCode: string;
  productKey?: string;
  vendor?: string;
  model?: string;
  firmware?: string;
}

export interface DeviceQuery {
  q?: string;
  status?: 'active' | 'disabled';
  online?: boolean;
  protocol?: string;
  page?: number;
  pageSize?: number;
}

export interface DeviceImportResult {
  created: number;
  rejected: { line: number; field: string; message: string }[];
}

export interface IotMeta {
  protocols: { code: string; label: string }[];
  faultTypes: { code: string; name: string }[];
  severities: { code: string; name: string }[];
  modes: { code: string; name: string }[];
}

export interface ActiveFault {
  type: string;
  since: string;
}

export interface Counters {
  runs: number;
  runHours: number;
  distanceKm: number;
  doorCycles: number;
}

/** GET /api/elevators/:code/live (and the `live` stream event, which adds the registration code). */
export interface Live {
  online: boolean;
  lastSeen: string | null;
  floor: string | null;
  direction: Direction | null;
  doorOpen: boolean | null;
  occupied: boolean | null;
  mode: string | null;
  activeFaults: ActiveFault[];
  inDoorZone: boolean | null;
  speed: number | null;
  counters: Counters;
  device: { deviceId: string; protocol: string } | null;
}

export interface IotSummary {
  monitored: number;
  online: number;
  activeAlarms: number;
  bySeverity: Record<Severity, number>;
  faultsToday: number;
}

export interface MapRegion {
  regionCode: string;
  name: string;
  monitored: number;
  online: number;
  /** 0..1 */
  onlineRate: number;
  activeAlarms: number;
  faultsToday: number;
}

export interface GeoFeature {
  type: 'Feature';
  properties: { code: string; name: string } & Record<string, unknown>;
  geometry: unknown;
}

export interface GeoCollection {
  type: 'FeatureCollection';
  features: GeoFeature[];
}

export interface Alarm {
  id: number;
  type: string;
  severity: Severity;
  status: 'active' | 'cleared';
  acknowledged: boolean;
  openedAt: string;
  clearedAt: string | null;
  occurrences: number;
  lastAt: string;
  registrationCode: string;
  address: string;
  regionCode: string;
  source: 'device' | 'rule';
  vendorCode: string | null;
  escalated: boolean;
  assignee: { id: number; name: string } | null;
  clearReason: string | null;
}

export interface AlarmHistoryEntry {
  /** opened, repeated, severity_raised, acknowledged, assigned, commented, escalated, cleared. */
  kind: string;
  at: string;
  actor: string | null;
  /** Depends on the kind: `{comment}`, `{reason}`, `{userId, name}`, `{text}`, `{from, to, count}`… (text in older data). */
  detail: unknown;
}

export interface AlarmDetail extends Alarm {
  history: AlarmHistoryEntry[];
}

export interface AlarmQuery {
  registrationCode?: string;
  status?: 'active' | 'cleared';
  type?: string;
  severity?: string;
  acknowledged?: boolean;
  /** A city or county prefix (2–6 digits). */
  regionCode?: string;
  page?: number;
  pageSize?: number;
}

export type AlarmAction = 'opened' | 'updated' | 'acknowledged' | 'cleared' | 'escalated' | 'assigned' | 'commented';

export interface FaultRecord {
  id: number;
  registrationCode: string;
  address: string;
  type: string | null;
  vendorCode: string | null;
  phase: 'open' | 'close';
  severity: string | null;
  occurredAt: string;
  source: string;
}

export interface FaultQuery {
  registrationCode?: string;
  type?: string;
  from?: string;
  to?: string;
  page?: number;
  pageSize?: number;
}

export interface FaultStats {
  items: { key: string; count: number }[];
}

/** Rule threshold names (GET /api/iot/rules `defaults`). */
export type RuleKey =
  | 'offlineAfterSeconds'
  | 'trappedAfterSeconds'
  | 'repeatCount'
  | 'repeatWindowSeconds'
  | 'escalateAfterSeconds'
  | 'maxFutureSeconds'
  | 'floodRatePerSecond'
  | 'floodBurst';

export interface RuleOverride {
  id: number;
  key: string;
  regionCode: string | null;
  vendor: string | null;
  value: number;
}

export interface Rules {
  defaults: Record<string, number>;
  overrides: RuleOverride[];
}

export interface RuleInput {
  key: string;
  regionCode?: string;
  vendor?: string;
  value: number;
}

/** Server-sent events of GET /api/iot/stream. */
export type StreamEvent =
  | { type: 'alarm'; data: { action: AlarmAction; alarm: Alarm } }
  | { type: 'live'; data: Live & { registrationCode: string } }
  | { type: 'summary'; data: { monitored: number; online: number; activeAlarms: number; faultsToday: number; at: string; bySeverity?: IotSummary['bySeverity'] } };
