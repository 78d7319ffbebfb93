import { z } from 'zod';

/**
 * 监管驾驶舱 (province cockpit) and the department dashboards: one small read per panel, each the figures of an
 * existing module for the caller's scope, optionally narrowed to a region inside it.
 */
export const RegionQuery = z.object({
  /** A city or county (six digits) inside the caller's scope; absent: the caller's whole scope. */
  regionCode: z.string().regex(/^\d{6}$/).optional(),
});
export type RegionQuery = z.infer<typeof RegionQuery>;

const Rate = z.number().nullable().describe('0–1, null when there is nothing to divide by');

export const RegistryPanel = z.object({
  total: z.number(),
  inUse: z.number(),
  stopped: z.number(),
  unregistered: z.number(),
  byPlaceType: z.array(z.object({ key: z.string(), label: z.string(), count: z.number() })),
});
export const InspectionPanel = z.object({
  /** In-use elevators with a stored due date (the schedule). */
  scheduled: z.number(),
  /** Past their due date: the count of /api/inspection/overdue. */
  overdue: z.number(),
  dueIn30Days: z.number(),
  /** (scheduled − overdue) / scheduled. */
  coverageRate: Rate,
});
export const MaintenancePanel = z.object({
  /** The count of /api/maintenance/overdue. */
  overdue: z.number(),
  /** Record quality flags not yet reviewed: the count of /api/maintenance/flags?status=open. */
  openFlags: z.number(),
});
export const AlarmsPanel = z.object({
  monitored: z.number(),
  online: z.number(),
  onlineRate: Rate,
  activeAlarms: z.number(),
  faultsToday: z.number(),
});
export const IncidentsPanel = z.object({
  /** Open 96333 incidents (not closed or cancelled). */
  open: z.number(),
  /** Incidents received since the first day of this month (Asia/Shanghai). */
  thisMonth: z.number(),
  trappedThisMonth: z.number(),
  monthStart: z.string(),
});
export const OldElevatorsPanel = z.object({
  stock: z.number(),
  tier15: z.number(),
  tier20: z.number(),
  overspeed: z.number(),
  /** Risk grades 3 and 4 as of the last full recomputation (risk_grade_count). */
  riskGrade3: z.number(),
  riskGrade4: z.number(),
});
export const RenovationPanel = z.object({
  projects: z.number(),
  elevators: z.number(),
  inConstruction: z.number(),
  completed: z.number(),
  subsidyRequested: z.number(),
  subsidyApproved: z.number(),
  subsidyDisbursed: z.number(),
});
export const AddonPanel = z.object({
  projects: z.number(),
  inService: z.number(),
  /** Approved and not yet accepted: approved, construction. */
  underway: z.number(),
  overdueRegistrations: z.number(),
});
export const InsurancePanel = z.object({ inUse: z.number(), insured: z.number(), rate: Rate, lapsed: z.number() });
export const HazardsPanel = z.object({ open: z.number(), overdue: z.number(), closed: z.number() });
/** 投诉举报: open (no outcome yet), past a deadline, found true. */
export const ComplaintsPanel = z.object({ open: z.number(), overdue: z.number(), confirmed: z.number(), total: z.number() });
/** 信用档案: organisations active in the region by grade (the C and D ones are the outliers to look at). */
export const CreditPanel = z.object({ A: z.number(), B: z.number(), C: z.number(), D: z.number() });

export const MAP_METRICS = ['elevators', 'inspectionOverdue', 'activeAlarms', 'openHazards', 'riskGrade4', 'incidentsThisMonth'] as const;
export type MapMetric = (typeof MAP_METRICS)[number];

export const MapQuery = RegionQuery.extend({ metric: z.enum(MAP_METRICS).default('elevators') });
export const MapOut = z.object({
  metric: z.enum(MAP_METRICS),
  /** city: the province's cities; county: the counties of `cityCode`. */
  level: z.enum(['city', 'county']),
  cityCode: z.string().nullable(),
  items: z.array(z.object({ regionCode: z.string(), name: z.string(), value: z.number() })),
});
export type MapOut = z.infer<typeof MapOut>;
