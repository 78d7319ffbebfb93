import { describe, expect, it } from 'vitest';
import { buildMenu, firstPath, homePath, selectedKey } from './build-menu.ts';

const keys = (perms: string[]) => buildMenu(perms).flatMap((g) => g.items.filter((i) => !i.comingSoon).map((i) => i.key));

describe('buildMenu', () => {
  it('shows every module to an administrator', () => {
    const all = [
      'registry.read', 'registry.write', 'registry.import', 'registry.export', 'registry.stats', 'orgs.read', 'orgs.write', 'users.manage', 'audit.read',
      'iot.read', 'iot.operate', 'iot.rules', 'devices.manage', 'faults.read',
      'emergency.read', 'emergency.dispatch', 'emergency.respond', 'emergency.import', 'emergency.settings',
      'inspection.read', 'inspection.submit', 'inspection.plan', 'inspection.review', 'inspection.rectify',
      'maintenance.read', 'maintenance.record', 'maintenance.review',
      'renovation.read', 'renovation.manage', 'renovation.approve',
      'addon.read', 'addon.manage', 'addon.approve', 'insurance.read', 'insurance.manage',
      'personnel.read', 'personnel.manage', 'personnel.review', 'manufacturer.read', 'manufacturer.manage', 'advice.read', 'advice.ack',
      'complaints.read', 'complaints.create', 'complaints.handle', 'complaints.reward',
    ];
    expect(keys(all)).toEqual([
      'dashboard', 'registry', 'imports', 'iot', 'alarms', 'devices', 'faults', 'iotRules',
      'emergencyBoard', 'emergencyTasks', 'incidents', 'emergencyStats', 'emergencyCoverage', 'emergencyImport', 'emergencySla',
      'inspectionReports', 'inspectionOverdue', 'inspectionCompliance', 'inspectionDefects', 'inspectionFlags', 'inspectionPlans', 'inspectionInspectors', 'inspectionPostponements',
      'maintenanceVisit', 'maintenanceRecords', 'maintenanceFlags', 'maintenanceOverdue', 'maintenanceContracts', 'maintenanceWorkers', 'maintenanceGrades',
      'renovationProjects', 'renovationProgress', 'renovationWhatIf',
      'addonProjects', 'addonProgress', 'insurancePolicies', 'insuranceClaims', 'insuranceProducts', 'insuranceCoverage',
      'complaints', 'complaintsNew',
      'personnelPeople', 'personnelDetections', 'manufacturerRisks', 'manufacturerFaults', 'manufacturerAdvice',
      'orgs', 'users', 'audit', 'ruleSettings',
    ]);
    expect(buildMenu(all).map((g) => g.key)).toEqual(['registry', 'iot', 'emergency', 'inspection', 'maintenance', 'renovation', 'addon', 'insurance', 'complaints', 'personnel', 'admin']);
  });

  it('gives a regulator the registry, imports, orgs and audit but not user management', () => {
    const regulator = ['registry.read', 'registry.write', 'registry.import', 'registry.export', 'registry.stats', 'orgs.read', 'audit.read'];
    expect(keys(regulator)).toEqual(['dashboard', 'registry', 'imports', 'orgs', 'audit']);
  });

  it('shows org management with only orgs.write', () => {
    expect(keys(['orgs.write'])).toEqual(['orgs']);
  });

  it('gives regulators 执法监督 and 信用档案, every organisation 我的信用', () => {
    const group = (perms: string[], key: string) => buildMenu(perms).find((g) => g.key === key)?.items.map((i) => i.path);
    const regulator = ['registry.read', 'credit.read', 'credit.manage', 'enforcement.read', 'enforcement.manage'];
    expect(group(regulator, 'enforcement')).toEqual(['/enforcement/actions', '/enforcement/checks', '/enforcement/campaigns']);
    expect(group(regulator, 'credit')).toEqual(['/credit']);
    expect(group(['registry.read', 'credit.own'], 'credit')).toEqual(['/credit/me']);
    expect(group(['registry.read', 'credit.own'], 'enforcement')).toBeUndefined();
    expect(buildMenu([...regulator, 'orgs.read']).map((g) => g.key)).toEqual(['registry', 'enforcement', 'credit', 'admin']);
    expect(selectedKey(buildMenu(regulator), '/credit/orgs/91370102MA3C00000X')).toBe('credit');
  });

  it('leaves out a group with no visible module', () => {
    const groups = buildMenu(['registry.read']).map((g) => g.key);
    expect(groups).toEqual(['registry']);
  });

  it('shows no placeholder group once every module on the roadmap is built (投诉举报 was the last)', () => {
    expect(buildMenu([]).find((g) => g.key === 'coming')).toBeUndefined();
    expect(keys([])).toEqual([]);
  });

  it('builds the 物联网监测 group from the IoT permissions', () => {
    const iot = (perms: string[]) => buildMenu(perms).find((g) => g.key === 'iot');
    expect(iot(['registry.read'])).toBeUndefined();
    const dispatcher = iot(['registry.read', 'iot.read', 'iot.operate'])!;
    expect(dispatcher.label).toBe('web.menu.groupIot');
    expect(dispatcher.items.map((i) => [i.key, i.path])).toEqual([
      ['iot', '/iot'],
      ['alarms', '/alarms'],
    ]);
    expect(iot(['devices.manage'])!.items.map((i) => i.path)).toEqual(['/devices']);
    expect(iot(['faults.read'])!.items.map((i) => i.path)).toEqual(['/faults']);
    expect(iot(['iot.rules'])!.items.map((i) => i.path)).toEqual(['/iot/rules']);
    expect(iot(['iot.read', 'iot.rules'])!.items.every((i) => !i.comingSoon)).toBe(true);
  });

  it('builds the 96333 应急救援 group from the emergency permissions, role by role', () => {
    const emergency = (perms: string[]) => buildMenu(perms).find((g) => g.key === 'emergency');
    expect(emergency(['registry.read', 'iot.read'])).toBeUndefined();
    const paths = (perms: string[]) => emergency(perms)!.items.map((i) => i.path);
    // dispatcher: read, dispatch, import
    expect(emergency(['emergency.read', 'emergency.dispatch', 'emergency.import'])!.label).toBe('web.menu.groupEmergency');
    expect(paths(['emergency.read', 'emergency.dispatch', 'emergency.import'])).toEqual([
      '/emergency', '/emergency/incidents', '/emergency/stats', '/emergency/coverage', '/emergency/import', '/emergency/sla',
    ]);
    // regulator: read, import, settings — no task list
    expect(paths(['emergency.read', 'emergency.import', 'emergency.settings'])).not.toContain('/emergency/tasks');
    // rescuer and maintenance: read and respond — their tasks, no import
    expect(paths(['emergency.read', 'emergency.respond'])).toEqual([
      '/emergency', '/emergency/tasks', '/emergency/incidents', '/emergency/stats', '/emergency/coverage', '/emergency/sla',
    ]);
    // use unit, departments, street offices: read only
    expect(paths(['emergency.read'])).toEqual(['/emergency', '/emergency/incidents', '/emergency/stats', '/emergency/coverage', '/emergency/sla']);
  });

  it('builds the 检验检测 group from the inspection permissions, role by role (no placeholder left for it)', () => {
    const inspection = (perms: string[]) => buildMenu(perms).find((g) => g.key === 'inspection');
    const paths = (perms: string[]) => inspection(perms)!.items.map((i) => i.path);
    expect(inspection(['registry.read', 'emergency.read'])).toBeUndefined();
    expect(inspection(['inspection.read'])!.label).toBe('web.menu.groupInspection');
    // regulator: read, review, rectify — quality flags, plans, inspectors and postponements too
    expect(paths(['inspection.read', 'inspection.review', 'inspection.rectify'])).toEqual([
      '/inspection/reports', '/inspection/overdue', '/inspection/compliance', '/inspection/defects', '/inspection/flags', '/inspection/plans', '/inspection/inspectors', '/inspection/postponements',
    ]);
    // inspector: read, submit, plan — its plans and inspectors, no flags review or postponements
    expect(paths(['inspection.read', 'inspection.submit', 'inspection.plan'])).toEqual([
      '/inspection/reports', '/inspection/overdue', '/inspection/compliance', '/inspection/defects', '/inspection/plans', '/inspection/inspectors',
    ]);
    // use unit: read, plan, rectify — applications, no inspectors
    expect(paths(['inspection.read', 'inspection.plan', 'inspection.rectify'])).toEqual([
      '/inspection/reports', '/inspection/overdue', '/inspection/compliance', '/inspection/defects', '/inspection/plans',
    ]);
    // maintenance and everyone else with read
    expect(paths(['inspection.read', 'inspection.rectify'])).toEqual(['/inspection/reports', '/inspection/overdue', '/inspection/compliance', '/inspection/defects']);
    expect(paths(['inspection.read'])).toEqual(['/inspection/reports', '/inspection/overdue', '/inspection/compliance', '/inspection/defects']);
    const coming = buildMenu(['inspection.read']).find((g) => g.key === 'coming');
    expect((coming?.items ?? []).map((i) => i.path)).not.toContain('/inspection');
    const menu = buildMenu(['inspection.read', 'inspection.review']);
    expect(selectedKey(menu, '/inspection/flags')).toBe('inspectionFlags');
    expect(selectedKey(menu, '/inspection/reports')).toBe('inspectionReports');
  });

  it('builds the 维保监管 group from the maintenance permissions, role by role (no placeholder left for it)', () => {
    const maintenance = (perms: string[]) => buildMenu(perms).find((g) => g.key === 'maintenance');
    const paths = (perms: string[]) => maintenance(perms)!.items.map((i) => i.path);
    expect(maintenance(['registry.read', 'inspection.read'])).toBeUndefined();
    expect(maintenance(['maintenance.read'])!.label).toBe('web.maintenance.menu.group');
    // regulator: read and review — flags to check, no worker form or worker registration
    expect(paths(['maintenance.read', 'maintenance.review'])).toEqual([
      '/maintenance/records', '/maintenance/flags', '/maintenance/overdue', '/maintenance/contracts', '/maintenance/grades',
    ]);
    // maintenance company: read and record — the phone form first, its workers, no flag review
    expect(paths(['maintenance.read', 'maintenance.record'])).toEqual([
      '/maintenance/visit', '/maintenance/records', '/maintenance/overdue', '/maintenance/contracts', '/maintenance/workers', '/maintenance/grades',
    ]);
    // use units, departments, street offices: read only
    expect(paths(['maintenance.read'])).toEqual(['/maintenance/records', '/maintenance/overdue', '/maintenance/contracts', '/maintenance/grades']);
    const coming = buildMenu(['maintenance.read']).find((g) => g.key === 'coming');
    expect((coming?.items ?? []).map((i) => i.path)).not.toContain('/maintenance');
    const menu = buildMenu(['maintenance.read', 'maintenance.record']);
    expect(selectedKey(menu, '/maintenance/visit')).toBe('maintenanceVisit');
    expect(selectedKey(menu, '/maintenance/records')).toBe('maintenanceRecords');
    expect(selectedKey(menu, '/maintenance/grades')).toBe('maintenanceGrades');
  });

  it('builds the 改造更新 group from the renovation permissions: every role that reads projects gets all three pages (no placeholder left for it)', () => {
    const renovation = (perms: string[]) => buildMenu(perms).find((g) => g.key === 'renovation');
    expect(renovation(['registry.read', 'maintenance.read'])).toBeUndefined();
    const all = ['/renovation/projects', '/renovation/progress', '/renovation/what-if'];
    expect(renovation(['renovation.read'])!.label).toBe('web.renovation.menu.group');
    // use unit / street office / regulator (manage), finance (approve), departments and maintenance companies (read)
    for (const perms of [['renovation.read', 'renovation.manage'], ['renovation.read', 'renovation.approve'], ['renovation.read']]) expect(renovation(perms)!.items.map((i) => i.path)).toEqual(all);
    // without read, manage alone shows nothing (no role has it alone)
    expect(renovation(['renovation.manage'])).toBeUndefined();
    const coming = buildMenu(['renovation.read']).find((g) => g.key === 'coming');
    expect((coming?.items ?? []).map((i) => i.path)).not.toContain('/renovation');
    const menu = buildMenu(['renovation.read']);
    expect(selectedKey(menu, '/renovation/projects/12')).toBe('renovationProjects');
    expect(selectedKey(menu, '/renovation/what-if')).toBe('renovationWhatIf');
  });

  it('builds the 加装电梯 and 电梯保险 groups from their read permissions, role by role', () => {
    const group = (perms: string[], key: string) => buildMenu(perms).find((g) => g.key === key);
    const paths = (perms: string[], key: string) => group(perms, key)!.items.map((i) => i.path);
    // maintenance companies hold neither; regulators, use units, street offices, housing and finance read added elevators
    expect(group(['registry.read', 'maintenance.read', 'insurance.read'], 'addon')).toBeUndefined();
    expect(group(['addon.read'], 'addon')!.label).toBe('web.addon.menu.group');
    expect(paths(['addon.read', 'addon.manage'], 'addon')).toEqual(['/addon', '/addon/progress']);
    expect(paths(['addon.read', 'addon.approve'], 'addon')).toEqual(['/addon', '/addon/progress']);
    // an insurer: registry, the risk lists (scoped to what it insures) and insurance only
    const insurer = buildMenu(['registry.read', 'risk.read', 'insurance.read', 'insurance.manage']);
    expect(insurer.map((g) => g.key)).toEqual(['registry', 'risk', 'insurance']); // the risk of the elevators it insures
    expect(paths(['insurance.read'], 'insurance')).toEqual(['/insurance/policies', '/insurance/claims', '/insurance/products', '/insurance/coverage']);
    expect(group(['addon.read'], 'insurance')).toBeUndefined();
    const menu = buildMenu(['addon.read', 'insurance.read']);
    expect(selectedKey(menu, '/addon/12')).toBe('addonProjects');
    expect(selectedKey(menu, '/addon/progress')).toBe('addonProgress');
    expect(selectedKey(menu, '/insurance/claims')).toBe('insuranceClaims');
  });

  it('lands a rescuer on the task list, whatever comes before it in the menu', () => {
    expect(firstPath(buildMenu(['registry.read', 'iot.read', 'emergency.read', 'emergency.respond']))).toBe('/emergency/tasks');
    expect(firstPath(buildMenu(['emergency.read']))).toBe('/emergency');
  });

  it('sends a user without statistics to the registry first', () => {
    expect(firstPath(buildMenu(['registry.read']))).toBe('/elevators');
    expect(firstPath(buildMenu([]))).toBeUndefined();
    expect(firstPath(buildMenu(['iot.read']))).toBe('/iot');
  });

  it('selects the module of nested pages', () => {
    const menu = buildMenu(['registry.read', 'registry.stats']);
    expect(selectedKey(menu, '/')).toBe('dashboard');
    expect(selectedKey(menu, '/elevators/31103506002016053337')).toBe('registry');
    expect(selectedKey(menu, '/nowhere')).toBeUndefined();
    const iot = buildMenu(['iot.read', 'iot.rules']);
    expect(selectedKey(iot, '/iot')).toBe('iot');
    expect(selectedKey(iot, '/iot/rules')).toBe('iotRules');
    expect(selectedKey(iot, '/alarms')).toBe('alarms');
    expect(selectedKey(buildMenu(['iot.read']), '/iot/rules')).toBe('iot');
    const emergency = buildMenu(['emergency.read', 'emergency.respond']);
    expect(selectedKey(emergency, '/emergency')).toBe('emergencyBoard');
    expect(selectedKey(emergency, '/emergency/tasks')).toBe('emergencyTasks');
    expect(selectedKey(emergency, '/emergency/incidents')).toBe('incidents');
    expect(selectedKey(buildMenu(['emergency.read']), '/emergency/import')).toBe('emergencyBoard');
  });

  it('builds the 老旧电梯与隐患 group from the hazard and risk permissions, role by role', () => {
    const risk = (perms: string[]) => buildMenu(perms).find((g) => g.key === 'risk');
    const paths = (perms: string[]) => risk(perms)!.items.map((i) => i.path);
    expect(risk(['registry.read', 'inspection.read', 'maintenance.read'])).toBeUndefined();
    expect(risk(['hazards.read'])!.label).toBe('web.risk.menu.group');
    // regulator: every page, the model too (saving it is for the province; the server decides)
    expect(paths(['risk.read', 'risk.settings', 'hazards.read', 'hazards.supervise'])).toEqual(['/hazards', '/risk/old-elevators', '/risk/ranking', '/risk/model']);
    // use unit and maintenance company: hazards to act on, old elevators and the ranking, no model
    expect(paths(['risk.read', 'hazards.read', 'hazards.act'])).toEqual(['/hazards', '/risk/old-elevators', '/risk/ranking']);
    // insurer: the risk data, no hazards
    expect(paths(['risk.read'])).toEqual(['/risk/old-elevators', '/risk/ranking']);
    // the group sits between 检验检测 and 维保监管
    const groups = buildMenu(['inspection.read', 'hazards.read', 'maintenance.read']).map((g) => g.key);
    expect(groups).toEqual(['inspection', 'risk', 'maintenance']);
    const menu = buildMenu(['risk.read', 'risk.settings', 'hazards.read']);
    expect(selectedKey(menu, '/hazards')).toBe('hazards');
    expect(selectedKey(menu, '/risk/old-elevators')).toBe('oldElevators');
    expect(selectedKey(menu, '/risk/model')).toBe('riskModel');
    expect(selectedKey(buildMenu(['risk.read']), '/risk/model')).toBeUndefined();
  });

  it('puts 信息公开 in the 社会监督 group for those who prepare releases, before 系统管理', () => {
    const groups = buildMenu(['publication.prepare', 'publication.approve', 'audit.read']);
    expect(groups.map((g) => g.key)).toEqual(['oversight', 'admin']);
    expect(groups[0]!.items.map((i) => i.path)).toEqual(['/publications']);
    expect(buildMenu(['registry.read']).some((g) => g.key === 'oversight')).toBe(false);
  });

  it('shows 规则设置 to regulators and to the departments that own a group of rules', () => {
    const admin = (perms: string[]) => buildMenu(perms).find((g) => g.key === 'admin')?.items.map((i) => i.key) ?? [];
    expect(admin(['settings.rules', 'audit.read'])).toEqual(['audit', 'ruleSettings']);
    expect(admin(['addon.approve'])).toEqual(['ruleSettings']);
    expect(admin(['renovation.approve'])).toEqual(['ruleSettings']);
    expect(admin(['addon.read', 'renovation.read'])).toEqual([]);
  });

  it('gives a use unit its people and the advice inbox, a manufacturer its risk list, faults and advice, a regulator the detections', () => {
    expect(keys(['personnel.read', 'personnel.manage', 'advice.read', 'advice.ack'])).toEqual(['personnelPeople', 'manufacturerAdvice']);
    expect(keys(['manufacturer.read', 'manufacturer.manage', 'advice.read'])).toEqual(['manufacturerRisks', 'manufacturerFaults', 'manufacturerAdvice']);
    expect(keys(['personnel.read', 'personnel.review', 'manufacturer.read', 'advice.read'])).toEqual(['personnelPeople', 'personnelDetections', 'manufacturerRisks', 'manufacturerFaults', 'manufacturerAdvice']);
  });

  it('builds the 投诉举报 group: regulators read and record, a 96333 dispatcher only records phone complaints', () => {
    const group = (perms: string[]) => buildMenu(perms).find((g) => g.key === 'complaints');
    expect(group(['registry.read', 'hazards.read', 'insurance.read'])).toBeUndefined();
    const regulator = group(['complaints.read', 'complaints.create', 'complaints.handle', 'complaints.reward'])!;
    expect(regulator.label).toBe('web.complaints.menu.group');
    expect(regulator.items.map((i) => i.path)).toEqual(['/complaints', '/complaints/new']);
    expect(group(['registry.read', 'emergency.read', 'emergency.dispatch', 'complaints.create'])!.items.map((i) => i.path)).toEqual(['/complaints/new']);
    expect(buildMenu(['insurance.read', 'complaints.read']).map((g) => g.key)).toEqual(['insurance', 'complaints']);
    const menu = buildMenu(['complaints.read', 'complaints.create']);
    expect(selectedKey(menu, '/complaints')).toBe('complaints');
    expect(selectedKey(menu, '/complaints/new')).toBe('complaintsNew');
    expect(firstPath(buildMenu(['complaints.create']))).toBe('/complaints/new');
  });

  it('gives regulators the 监管驾驶舱 and each department its own dashboard, opened at /', () => {
    const overview = (perms: string[], orgType?: string) => buildMenu(perms, orgType).find((g) => g.key === 'overview');
    const regulator = ['registry.read', 'registry.stats', 'iot.read', 'cockpit.read'];
    expect(overview(regulator, 'regulator')!.label).toBe('web.cockpit.menu.group');
    expect(overview(regulator, 'regulator')!.items.map((i) => i.path)).toEqual(['/cockpit']);
    expect(buildMenu(regulator, 'regulator').map((g) => g.key)[0]).toBe('overview');
    expect(homePath(buildMenu(regulator, 'regulator'))).toBeUndefined();
    const department = ['registry.read', 'registry.stats', 'inspection.read', 'renovation.read', 'insurance.read'];
    for (const orgType of ['education', 'housing', 'transport', 'finance', 'financial_regulator']) {
      expect(overview(department, orgType)!.items.map((i) => i.key)).toEqual(['department']);
      expect(homePath(buildMenu(department, orgType))).toBe('/department');
    }
    // The same permissions in another organisation (a street office reads statistics too): no department view.
    expect(overview(department, 'street_office')).toBeUndefined();
    expect(overview(department)).toBeUndefined();
    expect(selectedKey(buildMenu(department, 'education'), '/department')).toBe('department');
  });
});
