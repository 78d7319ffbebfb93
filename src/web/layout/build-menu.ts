import type { MessageKey } from '../i18n.ts';

/** One side-menu entry; `icon` names an icon the layout knows. */
export interface MenuEntry {
  key: string;
  path: string;
  label: MessageKey;
  icon: string;
  /** A module still being built: shown greyed out with a 建设中 tag. */
  comingSoon?: boolean;
  /** Where `/` sends a user without the dashboard who may open it (a rescuer's own call-outs before the registry). */
  landing?: boolean;
  /** The user's own dashboard: `/` opens it instead of the registry statistics (a department's view). */
  home?: boolean;
}

export interface MenuGroup {
  key: string;
  label: MessageKey;
  items: MenuEntry[];
}

interface ModuleDef extends MenuEntry {
  /** Shown when the user holds any of these. */
  anyOf: string[];
  /** Shown only to users of these organisation types (a department's own dashboard). */
  orgTypes?: readonly string[];
}

/** Organisation types with a department dashboard (src/web/pages/departments). */
export const DEPARTMENT_ORG_TYPES = ['education', 'housing', 'transport', 'finance', 'financial_regulator'] as const;

const MODULES: { key: string; label: MessageKey; modules: ModuleDef[] }[] = [
  {
    key: 'overview',
    label: 'web.cockpit.menu.group',
    modules: [
      { key: 'cockpit', path: '/cockpit', label: 'web.cockpit.menu.title', icon: 'cockpit', anyOf: ['cockpit.read'] },
      { key: 'department', path: '/department', label: 'web.departments.menu.title', icon: 'department', anyOf: ['registry.stats', 'renovation.read', 'insurance.read'], orgTypes: DEPARTMENT_ORG_TYPES, home: true },
    ],
  },
  {
    key: 'registry',
    label: 'web.menu.groupRegistry',
    modules: [
      { key: 'dashboard', path: '/', label: 'web.menu.dashboard', icon: 'dashboard', anyOf: ['registry.stats'] },
      { key: 'registry', path: '/elevators', label: 'web.menu.registry', icon: 'registry', anyOf: ['registry.read'] },
      { key: 'imports', path: '/imports', label: 'web.menu.imports', icon: 'imports', anyOf: ['registry.import'] },
    ],
  },
  {
    key: 'iot',
    label: 'web.menu.groupIot',
    modules: [
      { key: 'iot', path: '/iot', label: 'web.menu.iotMonitor', icon: 'iot', anyOf: ['iot.read'] },
      { key: 'alarms', path: '/alarms', label: 'web.menu.alarms', icon: 'alarms', anyOf: ['iot.read'] },
      { key: 'devices', path: '/devices', label: 'web.menu.devices', icon: 'devices', anyOf: ['devices.manage'] },
      { key: 'faults', path: '/faults', label: 'web.menu.faults', icon: 'faults', anyOf: ['faults.read'] },
      { key: 'iotRules', path: '/iot/rules', label: 'web.menu.iotRules', icon: 'iotRules', anyOf: ['iot.rules'] },
    ],
  },
  {
    key: 'emergency',
    label: 'web.menu.groupEmergency',
    modules: [
      { key: 'emergencyBoard', path: '/emergency', label: 'web.menu.emergencyBoard', icon: 'emergency', anyOf: ['emergency.read'] },
      { key: 'emergencyTasks', path: '/emergency/tasks', label: 'web.menu.emergencyTasks', icon: 'emergencyTasks', anyOf: ['emergency.respond'], landing: true },
      { key: 'incidents', path: '/emergency/incidents', label: 'web.menu.incidents', icon: 'incidents', anyOf: ['emergency.read'] },
      { key: 'emergencyStats', path: '/emergency/stats', label: 'web.menu.emergencyStats', icon: 'emergencyStats', anyOf: ['emergency.read'] },
      { key: 'emergencyCoverage', path: '/emergency/coverage', label: 'web.menu.emergencyCoverage', icon: 'emergencyCoverage', anyOf: ['emergency.read'] },
      { key: 'emergencyImport', path: '/emergency/import', label: 'web.menu.emergencyImport', icon: 'emergencyImport', anyOf: ['emergency.import'] },
      { key: 'emergencySla', path: '/emergency/sla', label: 'web.menu.emergencySla', icon: 'emergencySla', anyOf: ['emergency.read'] },
    ],
  },
  {
    key: 'inspection',
    label: 'web.menu.groupInspection',
    modules: [
      { key: 'inspectionReports', path: '/inspection/reports', label: 'web.menu.inspectionReports', icon: 'inspection', anyOf: ['inspection.read'] },
      { key: 'inspectionOverdue', path: '/inspection/overdue', label: 'web.menu.inspectionOverdue', icon: 'inspectionOverdue', anyOf: ['inspection.read'] },
      { key: 'inspectionCompliance', path: '/inspection/compliance', label: 'web.menu.inspectionCompliance', icon: 'inspectionCompliance', anyOf: ['inspection.read'] },
      { key: 'inspectionDefects', path: '/inspection/defects', label: 'web.menu.inspectionDefects', icon: 'inspectionDefects', anyOf: ['inspection.read'] },
      { key: 'inspectionFlags', path: '/inspection/flags', label: 'web.menu.inspectionFlags', icon: 'inspectionFlags', anyOf: ['inspection.review'] },
      { key: 'inspectionPlans', path: '/inspection/plans', label: 'web.menu.inspectionPlans', icon: 'inspectionPlans', anyOf: ['inspection.plan', 'inspection.review'] },
      { key: 'inspectionInspectors', path: '/inspection/inspectors', label: 'web.menu.inspectionInspectors', icon: 'inspectionInspectors', anyOf: ['inspection.submit', 'inspection.review'] },
      { key: 'inspectionPostponements', path: '/inspection/postponements', label: 'web.menu.inspectionPostponements', icon: 'inspectionPostponements', anyOf: ['inspection.review'] },
    ],
  },
  {
    key: 'risk',
    label: 'web.risk.menu.group',
    modules: [
      { key: 'hazards', path: '/hazards', label: 'web.hazards.menu.title', icon: 'hazards', anyOf: ['hazards.read'] },
      { key: 'oldElevators', path: '/risk/old-elevators', label: 'web.risk.menu.oldElevators', icon: 'oldElevators', anyOf: ['risk.read'] },
      { key: 'riskRanking', path: '/risk/ranking', label: 'web.risk.menu.ranking', icon: 'riskRanking', anyOf: ['risk.read'] },
      { key: 'riskModel', path: '/risk/model', label: 'web.risk.menu.model', icon: 'riskModel', anyOf: ['risk.settings'] },
    ],
  },
  {
    key: 'maintenance',
    label: 'web.maintenance.menu.group',
    modules: [
      { key: 'maintenanceVisit', path: '/maintenance/visit', label: 'web.maintenance.menu.visit', icon: 'maintenanceVisit', anyOf: ['maintenance.record'] },
      { key: 'maintenanceRecords', path: '/maintenance/records', label: 'web.maintenance.menu.records', icon: 'maintenance', anyOf: ['maintenance.read'] },
      { key: 'maintenanceFlags', path: '/maintenance/flags', label: 'web.maintenance.menu.flags', icon: 'maintenanceFlags', anyOf: ['maintenance.review'] },
      { key: 'maintenanceOverdue', path: '/maintenance/overdue', label: 'web.maintenance.menu.overdue', icon: 'maintenanceOverdue', anyOf: ['maintenance.read'] },
      { key: 'maintenanceContracts', path: '/maintenance/contracts', label: 'web.maintenance.menu.contracts', icon: 'maintenanceContracts', anyOf: ['maintenance.read'] },
      { key: 'maintenanceWorkers', path: '/maintenance/workers', label: 'web.maintenance.menu.workers', icon: 'maintenanceWorkers', anyOf: ['maintenance.record'] },
      { key: 'maintenanceGrades', path: '/maintenance/grades', label: 'web.maintenance.menu.grades', icon: 'maintenanceGrades', anyOf: ['maintenance.read'] },
    ],
  },
  {
    key: 'renovation',
    label: 'web.renovation.menu.group',
    modules: [
      { key: 'renovationProjects', path: '/renovation/projects', label: 'web.renovation.menu.projects', icon: 'renovation', anyOf: ['renovation.read'] },
      { key: 'renovationProgress', path: '/renovation/progress', label: 'web.renovation.menu.progress', icon: 'renovationProgress', anyOf: ['renovation.read'] },
      { key: 'renovationWhatIf', path: '/renovation/what-if', label: 'web.renovation.menu.whatIf', icon: 'renovationWhatIf', anyOf: ['renovation.read'] },
    ],
  },
  {
    key: 'addon',
    label: 'web.addon.menu.group',
    modules: [
      { key: 'addonProjects', path: '/addon', label: 'web.addon.menu.projects', icon: 'addon', anyOf: ['addon.read'] },
      { key: 'addonProgress', path: '/addon/progress', label: 'web.addon.menu.progress', icon: 'addonProgress', anyOf: ['addon.read'] },
    ],
  },
  {
    key: 'insurance',
    label: 'web.insurance.menu.group',
    modules: [
      { key: 'insurancePolicies', path: '/insurance/policies', label: 'web.insurance.menu.policies', icon: 'insurance', anyOf: ['insurance.read'] },
      { key: 'insuranceClaims', path: '/insurance/claims', label: 'web.insurance.menu.claims', icon: 'insuranceClaims', anyOf: ['insurance.read'] },
      { key: 'insuranceProducts', path: '/insurance/products', label: 'web.insurance.menu.products', icon: 'insuranceProducts', anyOf: ['insurance.read'] },
      { key: 'insuranceCoverage', path: '/insurance/coverage', label: 'web.insurance.menu.coverage', icon: 'insuranceCoverage', anyOf: ['insurance.read'] },
    ],
  },
  {
    key: 'complaints',
    label: 'web.complaints.menu.group',
    modules: [
      { key: 'complaints', path: '/complaints', label: 'web.complaints.menu.list', icon: 'complaints', anyOf: ['complaints.read'] },
      { key: 'complaintsNew', path: '/complaints/new', label: 'web.complaints.menu.new', icon: 'complaintsNew', anyOf: ['complaints.create'] },
    ],
  },
  {
    key: 'oversight',
    label: 'web.menu.groupOversight',
    modules: [{ key: 'publications', path: '/publications', label: 'web.publication.menu', icon: 'publications', anyOf: ['publication.prepare'] }],
  },
  {
    key: 'enforcement',
    label: 'web.enforcement.menu.group',
    modules: [
      { key: 'enforcementActions', path: '/enforcement/actions', label: 'web.enforcement.menu.actions', icon: 'enforcementActions', anyOf: ['enforcement.read'] },
      { key: 'enforcementChecks', path: '/enforcement/checks', label: 'web.enforcement.menu.checks', icon: 'enforcementChecks', anyOf: ['enforcement.read'] },
      { key: 'enforcementCampaigns', path: '/enforcement/campaigns', label: 'web.enforcement.menu.campaigns', icon: 'enforcementCampaigns', anyOf: ['enforcement.read'] },
    ],
  },
  {
    key: 'credit',
    label: 'web.credit.menu.group',
    modules: [
      { key: 'credit', path: '/credit', label: 'web.credit.menu.list', icon: 'credit', anyOf: ['credit.read'] },
      { key: 'myCredit', path: '/credit/me', label: 'web.credit.menu.mine', icon: 'myCredit', anyOf: ['credit.own'] },
    ],
  },
  {
    key: 'personnel',
    label: 'web.personnel.menu.group',
    modules: [
      { key: 'personnelPeople', path: '/personnel/people', label: 'web.personnel.menu.people', icon: 'personnelPeople', anyOf: ['personnel.read'] },
      { key: 'personnelDetections', path: '/personnel/detections', label: 'web.personnel.menu.detections', icon: 'personnelDetections', anyOf: ['personnel.review'] },
      { key: 'manufacturerRisks', path: '/manufacturers/risks', label: 'web.personnel.menu.risks', icon: 'manufacturerRisks', anyOf: ['manufacturer.read'] },
      { key: 'manufacturerFaults', path: '/manufacturers/faults', label: 'web.personnel.menu.faults', icon: 'manufacturerFaults', anyOf: ['manufacturer.read'] },
      { key: 'manufacturerAdvice', path: '/manufacturers/advice', label: 'web.personnel.menu.advice', icon: 'manufacturerAdvice', anyOf: ['advice.read'] },
    ],
  },
  {
    key: 'admin',
    label: 'web.menu.groupAdmin',
    modules: [
      { key: 'orgs', path: '/orgs', label: 'web.menu.orgs', icon: 'orgs', anyOf: ['orgs.read', 'orgs.write'] },
      { key: 'users', path: '/users', label: 'web.menu.users', icon: 'users', anyOf: ['users.manage'] },
      { key: 'audit', path: '/audit', label: 'web.menu.audit', icon: 'audit', anyOf: ['audit.read'] },
      { key: 'ruleSettings', path: '/settings/rules', label: 'web.ruleSettings.menu', icon: 'ruleSettings', anyOf: ['settings.rules', 'addon.approve', 'renovation.approve'] },
    ],
  },
];

/** Modules on the roadmap, visible to everyone so users know what is coming. */
const COMING: MenuEntry[] = ([] satisfies MenuEntry[]).map((m: MenuEntry) => ({ ...m, comingSoon: true }));

/**
 * The side menu for a user's permissions (and organisation type, for entries only some types have): groups without a
 * visible module are left out.
 */
export function buildMenu(permissions: readonly string[], orgType?: string): MenuGroup[] {
  const held = new Set(permissions);
  const groups: MenuGroup[] = [];
  for (const group of MODULES) {
    const items = group.modules
      .filter((m) => m.anyOf.some((p) => held.has(p)) && (!m.orgTypes || (orgType !== undefined && m.orgTypes.includes(orgType))))
      .map(({ anyOf: _anyOf, orgTypes: _orgTypes, ...entry }) => entry);
    if (items.length) groups.push({ key: group.key, label: group.label, items });
  }
  if (COMING.length) groups.push({ key: 'coming', label: 'web.menu.groupComing', items: COMING });
  return groups;
}

/** The first page a user may open (where `/` sends users without the dashboard): a landing page first. */
export function firstPath(groups: MenuGroup[]): string | undefined {
  const open = groups.flatMap((g) => g.items).filter((i) => !i.comingSoon);
  return (open.find((i) => i.landing) ?? open[0])?.path;
}

/** The user's own dashboard, which `/` opens (a department's view), if the menu has one. */
export function homePath(groups: MenuGroup[]): string | undefined {
  return groups.flatMap((g) => g.items).find((i) => i.home && !i.comingSoon)?.path;
}

/** The menu key of the page at `pathname` (longest matching path wins). */
export function selectedKey(groups: MenuGroup[], pathname: string): string | undefined {
  const entries = groups.flatMap((g) => g.items).filter((i) => !i.comingSoon);
  const matches = entries.filter((e) => (e.path === '/' ? pathname === '/' : pathname === e.path || pathname.startsWith(e.path + '/')));
  return matches.sort((a, b) => b.path.length - a.path.length)[0]?.key;
}
