/** What the public lookup returns (no login). */
import type { ElevatorStatus } from './common.types.ts';

export interface PublicElevator {
  registrationCode: string;
  rescueCode: string | null;
  category: string;
  categoryName: string;
  regionName: string;
  address: string;
  placeName: string | null;
  useUnitName: string | null;
  maintenanceName: string | null;
  maintenanceHotline: string | null;
  status: ElevatorStatus;
  statusName: string;
  lastInspection: { date: string; conclusion: string } | null;
  nextInspectionDue: string | null;
  lastMaintenanceDate: string | null;
  maintenanceNextDue: string | null;
  /** 0 = on time; null = no maintenance plan on record. */
  maintenanceOverdueDays: number | null;
  openHazards: { total: number; serious: number };
  emergencyPhone: string;
}
