import { z } from 'zod';
import { PLACE_TYPES, STATUSES } from './elevators.domain.ts';

const OrgBrief = z.object({ id: z.number(), name: z.string(), creditCode: z.string().nullable(), hotline: z.string().nullable() });

/** The full registry record (GET /api/elevators/:registrationCode). */
export const ElevatorOut = z.object({
  id: z.number(),
  registrationCode: z.string(),
  equipmentCode: z.string().nullable(),
  certificateNo: z.string().nullable(),
  rescueCode: z.string().nullable(),
  category: z.string(),
  categoryName: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  cityCode: z.string().nullable(),
  address: z.string(),
  placeName: z.string().nullable(),
  placeType: z.string(),
  useUnit: OrgBrief.nullable(),
  maintenanceOrg: OrgBrief.nullable(),
  maintenancePhone: z.string().nullable(),
  manufacturerName: z.string().nullable(),
  manufacturerOrgId: z.number().nullable(),
  model: z.string().nullable(),
  factoryNo: z.string().nullable(),
  manufactureDate: z.string().nullable(),
  commissioningDate: z.string().nullable(),
  registrationDate: z.string().nullable(),
  acceptanceDate: z.string().nullable(),
  status: z.enum(STATUSES),
  statusChangedAt: z.string().nullable(),
  floors: z.number().nullable(),
  ratedSpeed: z.number().nullable(),
  ratedLoad: z.number().nullable(),
  ascendingOverspeedProtection: z.boolean().nullable(),
  longitude: z.number().nullable(),
  latitude: z.number().nullable(),
  ageYears: z.number().nullable(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  statusHistory: z
    .array(z.object({ from: z.string().nullable(), to: z.string(), reason: z.string().nullable(), effectiveOn: z.string(), at: z.string() }))
    .optional(),
});
export type ElevatorOut = z.infer<typeof ElevatorOut>;

/** One row of the registry list. */
export const ElevatorListItem = z.object({
  registrationCode: z.string(),
  rescueCode: z.string().nullable(),
  category: z.string(),
  categoryName: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  address: z.string(),
  placeName: z.string().nullable(),
  placeType: z.string(),
  useUnitName: z.string().nullable(),
  maintenanceName: z.string().nullable(),
  status: z.enum(STATUSES),
  commissioningDate: z.string().nullable(),
  ageYears: z.number().nullable(),
  updatedAt: z.string(),
});

export const SORTABLE = ['registrationCode', 'commissioningDate', 'updatedAt', 'regionCode'] as const;

export const ElevatorListQuery = z.object({
  regionCode: z.string().regex(/^\d{6}$/).optional(),
  status: z.enum(STATUSES).optional(),
  category: z.string().regex(/^\d{4}$/).optional(),
  placeType: z.enum(PLACE_TYPES).optional(),
  useUnitId: z.coerce.number().int().positive().optional(),
  maintenanceOrgId: z.coerce.number().int().positive().optional(),
  /** Minimum / maximum age in whole years since commissioning. */
  minAge: z.coerce.number().int().min(0).max(100).optional(),
  maxAge: z.coerce.number().int().min(0).max(100).optional(),
  /** Codes (注册代码, 救援识别码, 设备代码: exact or prefix) or address / place / organisation name (substring). */
  q: z.string().trim().max(100).optional(),
  sort: z.enum(SORTABLE).default('registrationCode'),
  order: z.enum(['asc', 'desc']).default('asc'),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type ElevatorListQuery = z.infer<typeof ElevatorListQuery>;

export const ElevatorListOut = z.object({
  items: z.array(ElevatorListItem),
  total: z.number(),
  /** Set when a text search matched more rows than were counted: `total` is then a lower bound. */
  totalCapped: z.boolean().optional(),
});

const FacetBucket = z.object({ key: z.string(), label: z.string(), count: z.number() });
export const FacetsOut = z.object({
  total: z.number(),
  byCity: z.array(FacetBucket),
  byCounty: z.array(FacetBucket),
  byCategory: z.array(FacetBucket),
  byStatus: z.array(FacetBucket),
  byPlaceType: z.array(FacetBucket),
  byAge: z.array(FacetBucket),
});
export type FacetsOut = z.infer<typeof FacetsOut>;

const s = (max: number) => z.string().trim().max(max).nullish();
const n = z.union([z.number(), z.string()]).nullish();
/** Create/edit body: the template's fields by English name; the same row rules as the import apply. */
export const ElevatorInput = z.object({
  registrationCode: z.string().trim(),
  equipmentCode: s(18),
  certificateNo: s(40),
  rescueCode: s(7),
  category: z.string().trim(),
  regionCode: z.string().trim(),
  address: z.string().trim().max(200),
  placeName: s(100),
  placeType: s(20),
  useUnitName: s(100),
  useUnitCreditCode: s(30),
  maintenanceName: s(100),
  maintenanceCreditCode: s(30),
  maintenancePhone: s(30),
  manufacturerName: s(100),
  model: s(60),
  factoryNo: s(60),
  manufactureDate: s(10),
  commissioningDate: s(10),
  registrationDate: s(10),
  acceptanceDate: s(10),
  status: s(20),
  floors: n,
  ratedSpeed: n,
  ratedLoad: n,
  ascendingOverspeedProtection: z.union([z.boolean(), z.string()]).nullish(),
  longitude: n,
  latitude: n,
  /** Optimistic lock on edit: the version the editor started from. */
  version: z.number().int().optional(),
});
export type ElevatorInput = z.infer<typeof ElevatorInput>;

export const StatusChangeInput = z.object({
  status: z.enum(STATUSES),
  reason: z.string().trim().min(1).max(500),
  /** Date the change takes effect (YYYY-MM-DD); defaults to today. */
  effectiveOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  /** Restart after a stop of ≥ 1 year: the date the periodic inspection passed. */
  inspectionPassedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
});

export const CodeParam = z.object({ registrationCode: z.string().regex(/^\d{20}$/, '注册代码应为20位数字') });

/** What anyone may see without logging in (GET /api/public/elevators/:code). */
export const PublicElevatorOut = z.object({
  registrationCode: z.string(),
  rescueCode: z.string().nullable(),
  category: z.string(),
  categoryName: z.string(),
  regionName: z.string(),
  address: z.string(),
  placeName: z.string().nullable(),
  useUnitName: z.string().nullable(),
  maintenanceName: z.string().nullable(),
  maintenanceHotline: z.string().nullable(),
  status: z.enum(STATUSES),
  statusName: z.string(),
  /** Filled once the inspection module records inspections. */
  lastInspection: z.object({ date: z.string(), conclusion: z.string() }).nullable(),
  nextInspectionDue: z.string().nullable(),
  /** The last maintenance visit on record, and when the next one is due (maintenance module's plan). */
  lastMaintenanceDate: z.string().nullable(),
  maintenanceNextDue: z.string().nullable(),
  /** Days the next maintenance visit is overdue (0 = on time); null when the elevator has no maintenance plan. */
  maintenanceOverdueDays: z.number().nullable(),
  /** Hazards (隐患) not yet rectified, counted only: what they are is not public. */
  openHazards: z.object({ total: z.number(), serious: z.number() }),
  emergencyPhone: z.string(),
});
export type PublicElevatorOut = z.infer<typeof PublicElevatorOut>;
