import type { Dayjs } from 'dayjs';
import type { Elevator, ElevatorInput } from '../../api/types.ts';
import { dayjs } from '../../components/format.ts';

const DATE_FIELDS = ['manufactureDate', 'commissioningDate', 'registrationDate', 'acceptanceDate'] as const;
type DateField = (typeof DATE_FIELDS)[number];

/** What the form holds: the API body with dates as Dayjs values. */
export type ElevatorFormValues = Omit<ElevatorInput, DateField | 'version'> & Partial<Record<DateField, Dayjs | null>>;

/** A record → initial form values (organisations flattened to name + credit code). */
export function toFormValues(e: Elevator): ElevatorFormValues {
  const values: ElevatorFormValues = {
    registrationCode: e.registrationCode,
    equipmentCode: e.equipmentCode,
    certificateNo: e.certificateNo,
    rescueCode: e.rescueCode,
    category: e.category,
    regionCode: e.regionCode,
    address: e.address,
    placeName: e.placeName,
    placeType: e.placeType,
    useUnitName: e.useUnit?.name ?? null,
    useUnitCreditCode: e.useUnit?.creditCode ?? null,
    maintenanceName: e.maintenanceOrg?.name ?? null,
    maintenanceCreditCode: e.maintenanceOrg?.creditCode ?? null,
    maintenancePhone: e.maintenancePhone,
    manufacturerName: e.manufacturerName,
    model: e.model,
    factoryNo: e.factoryNo,
    status: e.status,
    floors: e.floors,
    ratedSpeed: e.ratedSpeed,
    ratedLoad: e.ratedLoad,
    ascendingOverspeedProtection: e.ascendingOverspeedProtection,
    longitude: e.longitude,
    latitude: e.latitude,
  };
  for (const f of DATE_FIELDS) values[f] = e[f] ? dayjs(e[f]) : null;
  return values;
}

/** Form values → API body: dates as YYYY-MM-DD, blank text as null. */
export function toInput(values: ElevatorFormValues, version?: number): ElevatorInput {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) {
    if (typeof v === 'string') out[k] = v.trim() === '' ? null : v.trim();
    else if (v === undefined) out[k] = null;
    else if (dayjs.isDayjs(v)) out[k] = v.format('YYYY-MM-DD');
    else out[k] = v;
  }
  if (version !== undefined) out.version = version;
  return out as unknown as ElevatorInput;
}
