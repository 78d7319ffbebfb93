/** Shapes shared by every part of the LiftSafe API. */

export type Permission =
  | 'registry.read'
  | 'registry.write'
  | 'registry.import'
  | 'registry.export'
  | 'registry.stats'
  | 'orgs.read'
  | 'orgs.write'
  | 'users.manage'
  | 'audit.read'
  | 'risk.read'
  | 'risk.settings'
  | 'hazards.read'
  | 'hazards.act'
  | 'hazards.supervise'
  | 'iot.read'
  | 'iot.operate'
  | 'iot.rules'
  | 'devices.manage'
  | 'faults.read'
  | 'emergency.read'
  | 'emergency.dispatch'
  | 'emergency.respond'
  | 'emergency.import'
  | 'emergency.settings'
  | 'inspection.read'
  | 'inspection.submit'
  | 'inspection.plan'
  | 'inspection.review'
  | 'inspection.rectify'
  | 'maintenance.read'
  | 'maintenance.record'
  | 'maintenance.review'
  | 'renovation.read'
  | 'renovation.manage'
  | 'renovation.approve'
  | 'addon.read'
  | 'addon.manage'
  | 'addon.approve'
  | 'insurance.read'
  | 'insurance.manage'
  | 'cockpit.read';

export type ElevatorStatus = 'IN_USE' | 'STOPPED' | 'SCRAPPED' | 'CANCELLED' | 'UNREGISTERED';

export interface Page<T> {
  items: T[];
  total: number;
  /** A text search matched more rows than were counted: `total` is a lower bound. */
  totalCapped?: boolean;
}
