/** 监管驾驶舱 and department dashboards: mirrors src/modules/cockpit/cockpit.schema.ts and departments.schema.ts (checked against docs/openapi.json). */

export interface RegistryPanelData {
  total: number;
  inUse: number;
  stopped: number;
  unregistered: number;
  byPlaceType: { key: string; label: string; count: number }[];
}
export interface InspectionPanelData {
  scheduled: number;
  overdue: number;
  dueIn30Days: number;
  coverageRate: number | null;
}
export interface MaintenancePanelData {
  overdue: number;
  openFlags: number;
}
export interface AlarmsPanelData {
  monitored: number;
  online: number;
  onlineRate: number | null;
  activeAlarms: number;
  faultsToday: number;
}
export interface IncidentsPanelData {
  open: number;
  thisMonth: number;
  trappedThisMonth: number;
  monthStart: string;
}
export interface OldElevatorsPanelData {
  stock: number;
  tier15: number;
  tier20: number;
  overspeed: number;
  riskGrade3: number;
  riskGrade4: number;
}
export interface RenovationPanelData {
  projects: number;
  elevators: number;
  inConstruction: number;
  completed: number;
  subsidyRequested: number;
  subsidyApproved: number;
  subsidyDisbursed: number;
}
export interface AddonPanelData {
  projects: number;
  inService: number;
  underway: number;
  overdueRegistrations: number;
}
export interface InsurancePanelData {
  inUse: number;
  insured: number;
  rate: number | null;
  lapsed: number;
}
export interface HazardsPanelData {
  open: number;
  overdue: number;
  closed: number;
}

/** GET /api/cockpit/<key> for each key, and what it returns. */
export interface PanelData {
  registry: RegistryPanelData;
  inspection: InspectionPanelData;
  maintenance: MaintenancePanelData;
  alarms: AlarmsPanelData;
  incidents: IncidentsPanelData;
  'old-elevators': OldElevatorsPanelData;
  renovation: RenovationPanelData;
  addon: AddonPanelData;
  insurance: InsurancePanelData;
  hazards: HazardsPanelData;
  complaints: { open: number; overdue: number; confirmed: number; total: number };
  credit: { A: number; B: number; C: number; D: number };
}
export type PanelKey = keyof PanelData;

export type MapMetric = 'elevators' | 'inspectionOverdue' | 'activeAlarms' | 'openHazards' | 'riskGrade4' | 'incidentsThisMonth';
export interface CockpitMap {
  metric: MapMetric;
  level: 'city' | 'county';
  cityCode: string | null;
  items: { regionCode: string; name: string; value: number }[];
}

export type FundingSource = 'maintenance_fund' | 'subsidy' | 'public_income' | 'insurance' | 'owners';
export type SubsidyState = 'none' | 'applied' | 'approved' | 'rejected' | 'disbursed';
export interface Funding {
  regionCode: string | null;
  renovation: {
    bySource: { source: FundingSource; projects: number; amount: number }[];
    bySubsidyStatus: { status: SubsidyState; projects: number }[];
    subsidyRequested: number;
    subsidyApproved: number;
    subsidyDisbursed: number;
  };
  addon: { bySubsidyStatus: { status: SubsidyState; projects: number; amount: number }[] } | null;
}
