import type { AppContext } from '../../server/context.ts';
import { shanghaiDate } from '../../server/clock.ts';
import { ageYears, categoryName, STATUS_ZH, type Status } from './elevators.domain.ts';
import type { ElevatorDetailRow, PublicElevatorRow } from './elevators.repo.ts';
import type * as repo from './elevators.repo.ts';
import type { ElevatorOut, PublicElevatorOut } from './elevators.schema.ts';

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

export function presentElevator(ctx: AppContext, e: ElevatorDetailRow, history?: Awaited<ReturnType<typeof repo.statusHistory>>): ElevatorOut {
  const today = shanghaiDate(ctx.clock.now());
  const region = ctx.regions.get(e.region_code);
  return {
    id: e.id,
    registrationCode: e.registration_code,
    equipmentCode: e.equipment_code,
    certificateNo: e.certificate_no,
    rescueCode: e.rescue_code,
    category: e.category_code,
    categoryName: categoryName(e.category_code),
    regionCode: e.region_code,
    regionName: ctx.regions.fullName(e.region_code),
    cityCode: region?.cityCode ?? null,
    address: e.address,
    placeName: e.place_name,
    placeType: e.place_type,
    useUnit: e.use_unit_id
      ? { id: e.use_unit_id, name: e.use_unit_name ?? '', creditCode: e.use_unit_credit_code, hotline: e.use_unit_hotline }
      : null,
    maintenanceOrg: e.maintenance_org_id
      ? { id: e.maintenance_org_id, name: e.maintenance_name ?? '', creditCode: e.maintenance_credit_code, hotline: e.maintenance_hotline }
      : null,
    maintenancePhone: e.maintenance_phone,
    manufacturerName: e.manufacturer_name,
    manufacturerOrgId: e.manufacturer_org_id,
    model: e.model,
    factoryNo: e.factory_no,
    manufactureDate: e.manufacture_date,
    commissioningDate: e.commissioning_date,
    registrationDate: e.registration_date,
    acceptanceDate: e.acceptance_date,
    status: e.status as Status,
    statusChangedAt: iso(e.status_changed_at),
    floors: e.floors,
    ratedSpeed: e.rated_speed === null ? null : Number(e.rated_speed),
    ratedLoad: e.rated_load,
    ascendingOverspeedProtection: e.ascending_overspeed_protection,
    longitude: e.longitude === null ? null : Number(e.longitude),
    latitude: e.latitude === null ? null : Number(e.latitude),
    ageYears: ageYears(e.commissioning_date ?? e.manufacture_date, today),
    version: e.version,
    createdAt: iso(e.created_at)!,
    updatedAt: iso(e.updated_at)!,
    statusHistory: history?.map((h) => ({ from: h.from_status, to: h.to_status, reason: h.reason, effectiveOn: h.effective_on, at: iso(h.at)! })),
  };
}

type ListRow = Awaited<ReturnType<typeof repo.list>>[number];

export function presentListItem(ctx: AppContext, e: ListRow, today: string) {
  return {
    registrationCode: e.registration_code,
    rescueCode: e.rescue_code,
    category: e.category_code,
    categoryName: categoryName(e.category_code),
    regionCode: e.region_code,
    regionName: ctx.regions.fullName(e.region_code).replace(/^山东省/, ''),
    address: e.address,
    placeName: e.place_name,
    placeType: e.place_type,
    useUnitName: e.use_unit_name,
    maintenanceName: e.maintenance_name,
    status: e.status as Status,
    commissioningDate: e.commissioning_date,
    ageYears: ageYears(e.commissioning_date, today),
    updatedAt: iso(e.updated_at)!,
  };
}

/** Report conclusions as the public reads them. */
const CONCLUSION_ZH: Record<string, string> = { pass: '合格', pass_after_reinspection: '复检合格', fail: '不合格', fail_after_reinspection: '复检不合格' };

/**
 * The public record: only what a passenger needs to judge whether the car is looked after. No credit codes,
 * no coordinates, no internal ids. Inspection and maintenance fields fill in once those modules record them.
 */
export function presentPublic(ctx: AppContext, e: PublicElevatorRow): PublicElevatorOut {
  const today = shanghaiDate(ctx.clock.now());
  const overdue = e.maintenance_next_due ? Math.max(0, Math.round((Date.parse(today) - Date.parse(e.maintenance_next_due)) / 86_400_000)) : null;
  return {
    registrationCode: e.registration_code,
    rescueCode: e.rescue_code,
    category: e.category_code,
    categoryName: categoryName(e.category_code),
    regionName: ctx.regions.fullName(e.region_code),
    address: e.address,
    placeName: e.place_name,
    useUnitName: e.use_unit_name,
    maintenanceName: e.maintenance_name,
    maintenanceHotline: e.maintenance_hotline ?? e.maintenance_phone,
    status: e.status as Status,
    statusName: STATUS_ZH[e.status as Status],
    lastInspection: e.last_inspection_date && e.last_inspection_conclusion ? { date: e.last_inspection_date, conclusion: CONCLUSION_ZH[e.last_inspection_conclusion] ?? e.last_inspection_conclusion } : null,
    nextInspectionDue: e.next_inspection_due ?? null,
    lastMaintenanceDate: e.last_maintenance_date ?? null,
    maintenanceNextDue: e.maintenance_next_due ?? null,
    maintenanceOverdueDays: overdue,
    openHazards: { total: e.open_hazards ?? 0, serious: e.open_serious_hazards ?? 0 },
    emergencyPhone: '96333',
  };
}
