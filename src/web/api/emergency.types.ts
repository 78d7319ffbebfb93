/** The 96333 emergency API's shapes (mirrors src/modules/emergency/emergency.schema.ts, kpi and coverage). */

export type IncidentStatus = 'received' | 'dispatched' | 'accepted' | 'en_route' | 'arrived' | 'rescued' | 'closed' | 'cancelled';
export type IncidentType = 'trapped' | 'fault' | 'inquiry' | 'complaint';
export type IncidentSource = 'phone' | 'app' | 'qr' | 'iot' | 'import';
export type Cause = 'external' | 'human' | 'door_system' | 'equipment' | 'other';
export type IncidentAction = 'dispatch' | 'accept' | 'decline' | 'depart' | 'arrive' | 'rescue' | 'close' | 'cancel';
export type ClockKind = 'dispatch' | 'accept' | 'arrive';
export type Urgency = 'breached' | 'critical' | 'warning' | 'normal';

export const CAUSES: readonly Cause[] = ['external', 'human', 'door_system', 'equipment', 'other'];
export const ACTIONS: readonly IncidentAction[] = ['dispatch', 'accept', 'decline', 'depart', 'arrive', 'rescue', 'close', 'cancel'];

export interface OrgRef {
  id: number;
  name: string;
}

export interface Clock {
  kind: ClockKind;
  dueAt: string;
  legSeconds: number;
  remainingSeconds: number;
  urgency: Urgency;
}

export interface Incident {
  id: number;
  status: IncidentStatus;
  source: IncidentSource;
  channels: string[];
  type: IncidentType;
  tier: number | null;
  assignedOrg: OrgRef | null;
  registrationCode: string;
  rescueCode: string | null;
  address: string;
  regionCode: string;
  trapped: number | null;
  injured: number | null;
  callerPhone: string | null;
  description: string | null;
  receivedAt: string;
  dispatchedAt: string | null;
  acceptedAt: string | null;
  departedAt: string | null;
  arrivedAt: string | null;
  rescuedAt: string | null;
  closedAt: string | null;
  cancelledAt: string | null;
  cause: Cause | null;
  rescued: number | null;
  remarks: string | null;
  alarmId: number | null;
  repeatOf: number | null;
  breaches: string[];
  escalations: number;
  version: number;
}

export interface Contact {
  id: number;
  name: string;
  phone: string | null;
}

export interface IncidentDispatch {
  id: number;
  tier: number;
  orgId: number | null;
  orgName: string;
  phone: string | null;
  distanceKm: number | null;
  reason: string;
  dispatchedAt: string;
  acceptedAt: string | null;
  declinedAt: string | null;
  endedAt: string | null;
  actor: string;
}

export interface TimelineEntry {
  id: number;
  kind: string;
  at: string;
  actor: string;
  detail: Record<string, unknown> | null;
}

export interface IncidentDetail extends Incident {
  merged?: boolean;
  elevator: {
    registrationCode: string;
    address: string;
    placeName: string | null;
    longitude: number | null;
    latitude: number | null;
    useUnit: Contact | null;
    maintenance: Contact | null;
  };
  dispatches: IncidentDispatch[];
  timeline: TimelineEntry[];
  clocks: Clock[];
  repeatCount30d: number;
  allowedActions: IncidentAction[];
}

export type IncidentListItem = Pick<
  Incident,
  | 'id'
  | 'status'
  | 'source'
  | 'type'
  | 'receivedAt'
  | 'dispatchedAt'
  | 'arrivedAt'
  | 'rescuedAt'
  | 'closedAt'
  | 'tier'
  | 'registrationCode'
  | 'address'
  | 'regionCode'
  | 'assignedOrg'
  | 'trapped'
  | 'breaches'
  | 'repeatOf'
  | 'cause'
>;

export interface IncidentQuery {
  registrationCode?: string;
  status?: 'open' | 'closed';
  source?: IncidentSource;
  type?: IncidentType;
  regionCode?: string;
  mine?: boolean;
  from?: string;
  to?: string;
  page?: number;
  pageSize?: number;
}

export type BoardItem = Pick<
  Incident,
  'id' | 'status' | 'source' | 'channels' | 'type' | 'tier' | 'assignedOrg' | 'registrationCode' | 'address' | 'regionCode' | 'trapped' | 'receivedAt' | 'breaches' | 'repeatOf'
> & {
  longitude: number | null;
  latitude: number | null;
  clocks: Clock[];
  urgency: Urgency;
};

export interface Board {
  now: string;
  items: BoardItem[];
}

export interface IncidentCreate {
  code: string;
  source: 'phone' | 'app' | 'qr';
  type: IncidentType;
  trapped?: number;
  injured?: number;
  callerPhone?: string;
  description?: string;
}

export interface ActionInput {
  action: IncidentAction;
  tier?: number;
  orgId?: number;
  cause?: Cause;
  rescued?: number;
  injured?: number;
  note?: string;
}

export interface LookupItem {
  registrationCode: string;
  rescueCode: string | null;
  address: string;
  placeName: string | null;
  regionCode: string;
  regionName: string;
  status: string;
  useUnit: Contact | null;
  maintenance: Contact | null;
  openIncidentId: number | null;
  incidents30d: number;
}

export interface PublicReport {
  code: string;
  type: 'trapped' | 'fault';
  trapped?: number;
  callerPhone?: string;
  description?: string;
}

export interface PublicReportResult {
  id: number;
  status: string;
  receivedAt: string;
  merged: boolean;
}

// ---- statistics

export interface StatsQuery {
  regionCode?: string;
  from?: string;
  to?: string;
}

export interface EmergencyStats {
  incidents: number;
  trappedIncidents: number;
  peopleRescued: number;
  responseRate3min: number | null;
  arrivalRate30min: number | null;
  avgArrivalMinutes: number | null;
  avgRescueMinutes: number | null;
  byCause: Record<Cause, number>;
}

export interface RankedOrg {
  orgId: number;
  name: string;
  trappedIncidents: number;
  elevators: number;
  per100: number | null;
}

export interface EmergencyReport {
  regionCode: string;
  from: string | null;
  to: string | null;
  summary: EmergencyStats;
  byRegion: (EmergencyStats & { regionCode: string; name: string })[];
  byMaintenance: RankedOrg[];
  byUseUnit: RankedOrg[];
  byHour: { hour: number; incidents: number; trapped: number }[];
  byMonth: { month: string; incidents: number; trapped: number }[];
  arrivalHistogram: { bucket: string; incidents: number }[];
  escalations: { incidents: number; breachedDispatch: number; breachedAccept: number; breachedArrive: number };
}

// ---- coverage

export type Gap = 'no_rescue_code' | 'no_rescuer' | 'no_hotline';
export const GAPS: readonly Gap[] = ['no_rescue_code', 'no_rescuer', 'no_hotline'];

export interface CoverageRow {
  regionCode: string;
  name: string;
  total: number;
  covered: number;
  rate: number | null;
  noRescueCode: number;
  noRescuer: number;
  noHotline: number;
}

export interface Coverage {
  regionCode: string;
  summary: CoverageRow;
  byRegion: CoverageRow[];
}

export interface GapItem {
  registrationCode: string;
  rescueCode: string | null;
  address: string;
  regionCode: string;
  maintenance: string | null;
  gaps: Gap[];
}

// ---- SLA limits

export interface SlaLimits {
  dispatchSeconds: number;
  acceptSeconds: number;
  arriveUrbanSeconds: number;
  arriveOtherSeconds: number;
}
export type SlaKey = keyof SlaLimits;
export const SLA_KEYS: readonly SlaKey[] = ['dispatchSeconds', 'acceptSeconds', 'arriveUrbanSeconds', 'arriveOtherSeconds'];

export interface SlaSetting {
  regionPrefix: string;
  dispatchSeconds: number | null;
  acceptSeconds: number | null;
  arriveUrbanSeconds: number | null;
  arriveOtherSeconds: number | null;
  updatedAt: string;
}

export interface SlaSettings {
  items: SlaSetting[];
  defaults: SlaLimits;
}

export type SlaInput = { regionCode: string } & { [K in SlaKey]: number | null };

/** One `incident` event of GET /api/emergency/stream. */
export interface IncidentChange {
  eventId: number;
  incidentId: number;
  kind: string;
  at: string;
  status: IncidentStatus;
  tier: number | null;
}
