/**
 * Who the platform serves. An organisation's type decides what it may see (scope); a user's roles decide
 * what they may do (permissions). Domain brief §2.
 */
export const ORG_TYPES = [
  'platform', //           平台运营（系统管理员所在单位）
  'regulator', //          市场监管部门
  'use_unit', //           使用单位
  'maintenance', //        维保单位
  'inspection', //         检验检测机构
  'manufacturer', //       制造单位
  'installer', //          安装改造修理单位
  'emergency_center', //   96333 应急处置服务平台
  'rescue_station', //     公共救援站点
  'fire_service', //       消防救援（119）
  'street_office', //      乡镇政府 / 街道办事处
  'education', //          教育部门
  'housing', //            住建部门
  'transport', //          交通运输部门
  'finance', //            财政部门
  'financial_regulator', // 金融监管部门
  'insurer', //            保险机构
] as const;
export type OrgType = (typeof ORG_TYPES)[number];

export const ROLES = [
  'admin', //        系统管理员: organisations, users, everything
  'regulator', //    监管人员
  'dispatcher', //   96333 调度员
  'use_unit', //     使用单位人员（安全管理员）
  'maintenance', //  维保单位人员
  'inspector', //    检验检测人员
  'manufacturer', // 制造单位人员
  'rescuer', //      救援人员
  'department', //   行业部门（教育、住建、交通、财政）只读
  'insurer', //      保险机构人员
  'street_office', // 街道 / 乡镇人员
  'finance', //      财政部门人员: approves subsidies (renovation, added elevators)
  'housing', //      住建部门人员: approves added-elevator projects
] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'registry.read',
  'registry.write',
  'registry.import',
  'registry.export',
  'registry.stats',
  'orgs.read',
  'orgs.write',
  'users.manage',
  'audit.read',
  'iot.read', //       live state, alarms, monitoring view
  'iot.operate', //    acknowledge, clear, assign and comment on alarms
  'iot.rules', //      rule thresholds per region and vendor
  'devices.manage', // register, bind, disable terminals
  'faults.read', //    fault data read interface (history, statistics, export)
  'emergency.read', //     96333 incidents, board, KPIs and coverage in scope
  'emergency.dispatch', // take calls, dispatch, escalate, close and cancel incidents
  'emergency.respond', //  accept, decline and report progress on call-outs dispatched to one's own organisation
  'emergency.import', //   import past incidents
  'emergency.settings', // SLA limits per region
  'inspection.read', //    inspection reports, schedules, overdue lists, defects, flags in scope
  'inspection.submit', //  an agency's reports, PDFs and inspectors
  'inspection.plan', //    an agency's plans; a use unit's applications
  'inspection.review', //  regulators: review quality flags, postpone due dates
  'inspection.rectify', // the use unit (or its maintenance company) fixes defects with evidence
  'maintenance.read', //   maintenance records, flags and overdue lists in scope
  'maintenance.record', // a maintenance company files records, photos and registers its workers
  'maintenance.review', // regulators: record the outcome of maintenance record flags
  'risk.read', //          old-elevator lists and risk scores in scope
  'risk.settings', //      the risk model's weights (a new model version)
  'hazards.read', //       hazards (隐患) from every source in scope
  'hazards.act', //        the responsible party fixes, plans and carries out rectification
  'hazards.supervise', //  regulators: raise hazards from checks, agree plans, verify, close
  'assessment.read', //       safety assessments (GB/T 42615) in scope
  'assessment.commission', // a use unit or a region commissions an assessment
  'assessment.submit', //     a qualified agency records the assessment
  'stewardship.read', //    elevators without a management subject (使用单位) and their tasks
  'stewardship.appoint', // the street office appoints the management subject
  'renovation.read', //    renovation projects, funding and progress
  'renovation.manage', //  create and run renovation projects (use unit, street office, regulator)
  'renovation.approve', // the finance department approves and disburses subsidies
  'addon.read', //         projects adding elevators to existing homes
  'addon.manage', //       run an added-elevator project (implementing body, street office)
  'addon.approve', //      the housing department approves added-elevator projects
  'insurance.read', //     insurance products, policies, claims and coverage in scope
  'insurance.manage', //   an insurer's products, policies and claims
  'publication.prepare', // regulators prepare a period's statistics release (and see every version)
  'publication.approve', // regulators approve a release someone else prepared: it becomes public
  'settings.rules', //     regulators set per-region rules (thresholds, votes, subsidies) for their region
  'credit.read', //        regulators: credit files of organisations active in their region, the list by score
  'credit.manage', //      regulators: commendations, publishing events
  'credit.own', //         every organisation: its own credit file (我的信用)
  'enforcement.read', //   supervision checks, enforcement actions and campaigns in the region
  'enforcement.manage', // regulators: record checks, take and close actions, run campaigns and record results
  'personnel.read', //     people, certificates, employment and safety-manager assignments in scope
  'personnel.manage', //   an organisation's own people, certificates, employment; a use unit's safety managers
  'personnel.review', //   regulators: run the 挂证 detections, confirm or dismiss their results
  'manufacturer.read', //  manufacturers' risk control lists and their products' fault statistics
  'manufacturer.manage', // a manufacturer's own risk control list and advice
  'advice.read', //        manufacturers' advice (sent by one's own organisation, sent to it, or in the region)
  'advice.ack', //         a use unit or maintenance company acknowledges advice sent to it
  'complaints.read', //    投诉举报 in the region (regulators)
  'complaints.create', //  record a complaint taken on the phone (96333) or in person
  'complaints.handle', //  acknowledge, investigate, decide, transfer, extend, evidence, deadline settings
  'complaints.reward', //  有奖举报: decide (as approver) and record the payment of rewards
  'cockpit.read', //       监管驾驶舱: the province cockpit's map (its panels need each module's read permission)
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const DEPARTMENT: readonly Permission[] = ['registry.read', 'registry.export', 'registry.stats', 'iot.read', 'emergency.read', 'inspection.read', 'maintenance.read', 'risk.read', 'hazards.read', 'renovation.read', 'addon.read', 'insurance.read', 'credit.own'];

const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS,
  regulator: ['registry.read', 'registry.write', 'registry.import', 'registry.export', 'registry.stats', 'orgs.read', 'audit.read', 'iot.read', 'iot.operate', 'iot.rules', 'devices.manage', 'faults.read', 'emergency.read', 'emergency.import', 'emergency.settings', 'inspection.read', 'inspection.review', 'inspection.rectify', 'maintenance.read', 'maintenance.review', 'risk.read', 'risk.settings', 'hazards.read', 'hazards.supervise', 'assessment.read', 'assessment.commission', 'stewardship.read', 'renovation.read', 'renovation.manage', 'addon.read', 'insurance.read', 'publication.prepare', 'publication.approve', 'settings.rules', 'credit.read', 'credit.manage', 'enforcement.read', 'enforcement.manage', 'personnel.read', 'personnel.review', 'manufacturer.read', 'advice.read', 'complaints.read', 'complaints.create', 'complaints.handle', 'complaints.reward', 'cockpit.read'],
  dispatcher: ['registry.read', 'registry.export', 'registry.stats', 'orgs.read', 'iot.read', 'iot.operate', 'emergency.read', 'emergency.dispatch', 'emergency.import', 'inspection.read', 'credit.own', 'complaints.create'],
  use_unit: ['registry.read', 'registry.export', 'registry.stats', 'iot.read', 'iot.operate', 'emergency.read', 'inspection.read', 'inspection.plan', 'inspection.rectify', 'maintenance.read', 'risk.read', 'hazards.read', 'hazards.act', 'assessment.read', 'assessment.commission', 'renovation.read', 'renovation.manage', 'addon.read', 'addon.manage', 'insurance.read', 'credit.own', 'personnel.read', 'personnel.manage', 'advice.read', 'advice.ack'],
  maintenance: ['registry.read', 'registry.export', 'registry.stats', 'iot.read', 'iot.operate', 'devices.manage', 'faults.read', 'emergency.read', 'emergency.respond', 'inspection.read', 'inspection.rectify', 'maintenance.read', 'maintenance.record', 'risk.read', 'hazards.read', 'hazards.act', 'assessment.read', 'renovation.read', 'insurance.read', 'credit.own', 'personnel.read', 'personnel.manage', 'advice.read', 'advice.ack'],
  inspector: ['registry.read', 'registry.stats', 'iot.read', 'inspection.read', 'inspection.submit', 'inspection.plan', 'risk.read', 'hazards.read', 'assessment.read', 'assessment.submit', 'credit.own', 'personnel.read', 'personnel.manage'],
  manufacturer: ['registry.read', 'registry.stats', 'iot.read', 'faults.read', 'inspection.read', 'credit.own', 'manufacturer.read', 'manufacturer.manage', 'advice.read'],
  rescuer: ['registry.read', 'iot.read', 'emergency.read', 'emergency.respond', 'credit.own'],
  department: DEPARTMENT,
  finance: [...DEPARTMENT, 'renovation.approve'],
  housing: [...DEPARTMENT, 'addon.approve', 'stewardship.read'],
  insurer: ['registry.read', 'risk.read', 'insurance.read', 'insurance.manage', 'credit.own'],
  street_office: ['registry.read', 'registry.stats', 'iot.read', 'emergency.read', 'inspection.read', 'maintenance.read', 'risk.read', 'hazards.read', 'stewardship.read', 'stewardship.appoint', 'renovation.read', 'renovation.manage', 'addon.read', 'addon.manage', 'credit.own'],
};

/**
 * Administrative permissions: an account holding any of them needs the second factor (ADMIN_SECOND_FACTOR) to log
 * in. They change who may do what (users, organisations), read the audit trail (the audit administrator of
 * 等保 2.0's 三权分立), or change the rules every alarm, SLA, risk score and regional threshold follows.
 */
export const ADMIN_PERMISSIONS: readonly Permission[] = ['users.manage', 'orgs.write', 'audit.read', 'iot.rules', 'emergency.settings', 'risk.settings', 'settings.rules'];

export function holdsAdminPermission(roles: readonly string[]): boolean {
  const perms = permissionsOf(roles);
  return ADMIN_PERMISSIONS.some((p) => perms.has(p));
}

export function permissionsOf(roles: readonly string[]): Set<Permission> {
  const out = new Set<Permission>();
  for (const r of roles) for (const p of ROLE_PERMISSIONS[r as Role] ?? []) out.add(p);
  return out;
}

/** Roles a user of an organisation of this type may be given (admin only on the platform). */
export const ROLES_FOR_ORG_TYPE: Record<OrgType, readonly Role[]> = {
  platform: ['admin', 'regulator'],
  regulator: ['regulator'],
  use_unit: ['use_unit'],
  maintenance: ['maintenance', 'rescuer'],
  inspection: ['inspector'],
  manufacturer: ['manufacturer'],
  installer: ['manufacturer', 'maintenance'],
  emergency_center: ['dispatcher'],
  rescue_station: ['rescuer'],
  fire_service: ['rescuer'],
  street_office: ['street_office'],
  education: ['department'],
  housing: ['department', 'housing'],
  transport: ['department'],
  finance: ['department', 'finance'],
  financial_regulator: ['department'],
  insurer: ['insurer'],
};
