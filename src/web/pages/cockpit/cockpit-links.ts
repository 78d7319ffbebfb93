import type { Permission } from '../../api/types.ts';
import type { PanelData, PanelKey } from '../../api/cockpit.types.ts';
import type { KeysUnder } from '../../i18n.ts';
import { registryLink } from '../registry/registry-query.ts';

/**
 * What each cockpit number shows and the list behind it, with the same filters in the URL (each list page reads
 * them: a click on 逾期未检 of 济南 opens /inspection/overdue?regionCode=370100, whose total is that number).
 * Pure, so the links are tested without rendering.
 */
export interface Stat {
  /** The label's key under web.cockpit.stat. */
  key: KeysUnder<'web.cockpit.stat'>;
  value: number;
  /** How to show the value: a count (台, 个 …), a rate (percent) or money (yuan). */
  format: 'count' | 'rate' | 'money';
  /** The list behind the number; absent when the number has no list of its own. */
  to?: string;
  /** What the user needs to open `to` (the route's guard); without it the number is shown without a link. */
  linkPermission?: Permission;
  /** A number that asks for attention when above zero. */
  warn?: boolean;
}

/** `path?query` from the defined values, in the order given. */
export function href(path: string, query: Record<string, string | number | boolean | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `${path}?${s}` : path;
}

type StatsOf = { [K in PanelKey]: (d: PanelData[K], regionCode?: string) => Stat[] };

export const PANEL_STATS: StatsOf = {
  registry: (d, regionCode) => [
    { key: 'total', value: d.total, format: 'count', to: registryLink({ regionCode }), linkPermission: 'registry.read' },
    { key: 'inUse', value: d.inUse, format: 'count', to: registryLink({ regionCode, status: 'IN_USE' }), linkPermission: 'registry.read' },
    { key: 'stopped', value: d.stopped, format: 'count', to: registryLink({ regionCode, status: 'STOPPED' }), linkPermission: 'registry.read' },
    { key: 'unregistered', value: d.unregistered, format: 'count', warn: true, to: registryLink({ regionCode, status: 'UNREGISTERED' }), linkPermission: 'registry.read' },
  ],
  inspection: (d, regionCode) => [
    { key: 'inspectionOverdue', value: d.overdue, format: 'count', warn: true, to: href('/inspection/overdue', { regionCode }), linkPermission: 'inspection.read' },
    { key: 'dueIn30Days', value: d.dueIn30Days, format: 'count', to: href('/inspection/compliance', { regionCode }), linkPermission: 'inspection.read' },
    { key: 'scheduled', value: d.scheduled, format: 'count', to: href('/inspection/compliance', { regionCode }), linkPermission: 'inspection.read' },
    ...(d.coverageRate === null ? [] : [{ key: 'coverageRate', value: d.coverageRate, format: 'rate', to: href('/inspection/compliance', { regionCode }), linkPermission: 'inspection.read' } satisfies Stat]),
  ],
  maintenance: (d, regionCode) => [
    { key: 'maintenanceOverdue', value: d.overdue, format: 'count', warn: true, to: href('/maintenance/overdue', { regionCode }), linkPermission: 'maintenance.read' },
    { key: 'openFlags', value: d.openFlags, format: 'count', warn: true, to: href('/maintenance/flags', { status: 'open', regionCode }), linkPermission: 'maintenance.review' },
  ],
  alarms: (d, regionCode) => [
    { key: 'activeAlarms', value: d.activeAlarms, format: 'count', warn: true, to: href('/alarms', { status: 'active', regionCode }), linkPermission: 'iot.read' },
    { key: 'monitored', value: d.monitored, format: 'count', to: '/iot', linkPermission: 'iot.read' },
    ...(d.onlineRate === null ? [] : [{ key: 'onlineRate', value: d.onlineRate, format: 'rate', to: '/iot', linkPermission: 'iot.read' } satisfies Stat]),
    { key: 'faultsToday', value: d.faultsToday, format: 'count', to: '/faults', linkPermission: 'faults.read' },
  ],
  incidents: (d, regionCode) => [
    { key: 'openIncidents', value: d.open, format: 'count', warn: true, to: href('/emergency/incidents', { status: 'open', regionCode }), linkPermission: 'emergency.read' },
    { key: 'incidentsThisMonth', value: d.thisMonth, format: 'count', to: href('/emergency/incidents', { regionCode, from: d.monthStart }), linkPermission: 'emergency.read' },
    { key: 'trappedThisMonth', value: d.trappedThisMonth, format: 'count', to: href('/emergency/incidents', { type: 'trapped', regionCode, from: d.monthStart }), linkPermission: 'emergency.read' },
  ],
  'old-elevators': (d, regionCode) => [
    { key: 'tier15', value: d.tier15, format: 'count', to: href('/risk/old-elevators', { tier: '15', regionCode }), linkPermission: 'risk.read' },
    { key: 'tier20', value: d.tier20, format: 'count', to: href('/risk/old-elevators', { tier: '20', regionCode }), linkPermission: 'risk.read' },
    { key: 'overspeed', value: d.overspeed, format: 'count', to: href('/risk/old-elevators', { tier: 'overspeed', regionCode }), linkPermission: 'risk.read' },
    { key: 'riskGrade4', value: d.riskGrade4, format: 'count', warn: true, to: href('/risk/ranking', { grade: 4, regionCode }), linkPermission: 'risk.read' },
    { key: 'riskGrade3', value: d.riskGrade3, format: 'count', to: href('/risk/ranking', { grade: 3, regionCode }), linkPermission: 'risk.read' },
  ],
  renovation: (d, regionCode) => [
    { key: 'renovationProjects', value: d.projects, format: 'count', to: href('/renovation/progress', { regionCode }), linkPermission: 'renovation.read' },
    { key: 'inConstruction', value: d.inConstruction, format: 'count', to: href('/renovation/projects', { regionCode, status: 'in_construction' }), linkPermission: 'renovation.read' },
    { key: 'renovationCompleted', value: d.completed, format: 'count', to: href('/renovation/progress', { regionCode }), linkPermission: 'renovation.read' },
    { key: 'subsidyApproved', value: d.subsidyApproved, format: 'money', to: href('/renovation/progress', { regionCode }), linkPermission: 'renovation.read' },
    { key: 'subsidyDisbursed', value: d.subsidyDisbursed, format: 'money', to: href('/renovation/progress', { regionCode }), linkPermission: 'renovation.read' },
  ],
  addon: (d, regionCode) => [
    { key: 'addonProjects', value: d.projects, format: 'count', to: href('/addon/progress', { regionCode }), linkPermission: 'addon.read' },
    { key: 'addonUnderway', value: d.underway, format: 'count', to: href('/addon/progress', { regionCode }), linkPermission: 'addon.read' },
    { key: 'addonInService', value: d.inService, format: 'count', to: href('/addon', { regionCode, status: 'in_service' }), linkPermission: 'addon.read' },
    { key: 'addonOverdue', value: d.overdueRegistrations, format: 'count', warn: true, to: href('/addon', { regionCode, overdue: true }), linkPermission: 'addon.read' },
  ],
  insurance: (d, regionCode) => [
    ...(d.rate === null ? [] : [{ key: 'insuranceRate', value: d.rate, format: 'rate', to: href('/insurance/coverage', { regionCode }), linkPermission: 'insurance.read' } satisfies Stat]),
    { key: 'insured', value: d.insured, format: 'count', to: href('/insurance/coverage', { regionCode }), linkPermission: 'insurance.read' },
    { key: 'lapsed', value: d.lapsed, format: 'count', warn: true, to: href('/insurance/coverage', { regionCode }), linkPermission: 'insurance.read' },
  ],
  hazards: (d, regionCode) => [
    { key: 'openHazards', value: d.open, format: 'count', to: href('/hazards', { view: 'open', regionCode }), linkPermission: 'hazards.read' },
    { key: 'overdueHazards', value: d.overdue, format: 'count', warn: true, to: href('/hazards', { view: 'overdue', regionCode }), linkPermission: 'hazards.read' },
  ],
  complaints: (d, regionCode) => [
    { key: 'openComplaints', value: d.open, format: 'count', to: href('/complaints', { open: 'true', regionCode }), linkPermission: 'complaints.read' },
    { key: 'overdueComplaints', value: d.overdue, format: 'count', warn: true, to: href('/complaints', { overdue: 'true', regionCode }), linkPermission: 'complaints.read' },
    { key: 'totalComplaints', value: d.total, format: 'count', to: href('/complaints', { regionCode }), linkPermission: 'complaints.read' },
  ],
  credit: (d, regionCode) => [
    { key: 'creditGradeD', value: d.D, format: 'count', warn: true, to: href('/credit', { grade: 'D', regionCode }), linkPermission: 'credit.read' },
    { key: 'creditGradeC', value: d.C, format: 'count', warn: true, to: href('/credit', { grade: 'C', regionCode }), linkPermission: 'credit.read' },
    { key: 'creditGradeA', value: d.A, format: 'count', to: href('/credit', { grade: 'A', regionCode }), linkPermission: 'credit.read' },
  ],
};
