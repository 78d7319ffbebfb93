import type { DemoOrg, DemoRow } from './generate-province.ts';

/**
 * One login per kind of actor (domain brief §2), with passwords documented in the README: these accounts exist
 * only in demo stores. Passwords are long enough for the platform's minimum and easy to type at a demo.
 */

export interface DemoUser {
  username: string;
  password: string;
  displayName: string;
  orgKey: string;
  roles: string[];
}

interface DemoUserSpec {
  username: string;
  password: string;
  displayName: string;
  roles: string[];
  /** Who the user works for, as the README says it. */
  orgDescription: string;
  /** The organisation's key; `rows`, when given, lets a choice depend on the actual elevators. */
  orgKey(orgs: DemoOrg[], rows?: readonly DemoRow[]): string;
}

const JINAN = '370100';
const QINGDAO = '370200';

/**
 * The organisation under `keyPrefix` named on the most rows in `field`. Without rows, `rankOne`: the generator
 * gives the first-ranked company of a kind the largest weight (Zipf by rank), so it is the biggest in expectation.
 */
function mostElevators(keyPrefix: string, rankOne: string, field: 'useUnitCreditCode' | 'maintenanceCreditCode') {
  return (orgs: DemoOrg[], rows?: readonly DemoRow[]): string => {
    if (!rows) return rankOne;
    const counts = new Map<string, number>();
    for (const r of rows) counts.set(r[field], (counts.get(r[field]) ?? 0) + 1);
    const count = (o: DemoOrg) => counts.get(o.creditCode) ?? 0;
    return orgs.filter((o) => o.key.startsWith(keyPrefix)).reduce((a, b) => (count(b) > count(a) ? b : a)).key;
  };
}

const firstOfType = (type: DemoOrg['type']) => (orgs: DemoOrg[]) => {
  const org = orgs.find((o) => o.type === type);
  if (!org) throw new Error(`The demo province has no ${type} organisation`);
  return org.key;
};

/** The Jinan maintenance worker (维保作业 on a phone); seed-maintenance.ts registers the certificate with the company. */
const MAINTENANCE_WORKER_LOGIN = { username: 'mworker', password: 'MWorker123', displayName: '李建军', certificateNo: 'TSM-JN-0001' } as const;
export const MAINTENANCE_WORKER = MAINTENANCE_WORKER_LOGIN;

const SPECS: DemoUserSpec[] = [
  { username: 'regulator', password: 'Regulator123', displayName: '省局监管员', roles: ['regulator'], orgDescription: '山东省市场监督管理局', orgKey: () => 'regulator:370000' },
  { username: 'jinan', password: 'Jinan12345', displayName: '济南市局监管员', roles: ['regulator'], orgDescription: '济南市市场监督管理局', orgKey: () => `regulator:${JINAN}` },
  { username: 'qingdao', password: 'Qingdao12345', displayName: '青岛市局监管员', roles: ['regulator'], orgDescription: '青岛市市场监督管理局', orgKey: () => `regulator:${QINGDAO}` },
  { username: 'useunit', password: 'UseUnit123', displayName: '使用单位安全管理员', roles: ['use_unit'], orgDescription: '济南电梯最多的使用单位（物业服务企业）', orgKey: mostElevators(`use_unit:${JINAN}:`, `use_unit:${JINAN}:residential:1`, 'useUnitCreditCode') },
  { username: 'maint', password: 'Maint12345', displayName: '维保单位负责人', roles: ['maintenance'], orgDescription: '青岛维保电梯最多的维保单位', orgKey: mostElevators(`maintenance:${QINGDAO}:`, `maintenance:${QINGDAO}:1`, 'maintenanceCreditCode') },
  { username: 'maker', password: 'Maker12345', displayName: '制造单位质量负责人', roles: ['manufacturer'], orgDescription: '日立电梯（中国）有限公司', orgKey: firstOfType('manufacturer') },
  { username: 'inspector', password: 'Inspect123', displayName: '检验员', roles: ['inspector'], orgDescription: '山东省特种设备检验研究院有限公司', orgKey: () => 'inspection:370000' },
  { username: 'jninspect', password: 'JnInspect123', displayName: '济南分公司检验员', roles: ['inspector'], orgDescription: '山东省特种设备检验研究院有限公司济南分公司', orgKey: () => `inspection:${JINAN}` },
  { username: 'dispatcher', password: 'Dispatch123', displayName: '96333调度员', roles: ['dispatcher'], orgDescription: '济南市96333电梯应急处置服务中心', orgKey: () => `emergency_center:${JINAN}` },
  { username: 'sddispatch', password: 'SdDispatch123', displayName: '省96333值班调度员', roles: ['dispatcher'], orgDescription: '山东省96333电梯应急处置指挥中心', orgKey: () => 'emergency_center:370000' },
  { username: 'rescuer', password: 'Rescuer123', displayName: '救援站救援队员', roles: ['rescuer'], orgDescription: '济南市的一个电梯应急救援站（二级救援）', orgKey: () => `rescue_station:${JINAN}:1` },
  { username: 'mrescue', password: 'MRescue123', displayName: '维保单位救援人员', roles: ['rescuer'], orgDescription: '济南维保电梯最多的维保单位（一级救援）', orgKey: mostElevators(`maintenance:${JINAN}:`, `maintenance:${JINAN}:1`, 'maintenanceCreditCode') },
  { username: MAINTENANCE_WORKER_LOGIN.username, password: MAINTENANCE_WORKER_LOGIN.password, displayName: MAINTENANCE_WORKER_LOGIN.displayName, roles: ['maintenance'], orgDescription: `济南维保电梯最多的维保单位的维保工（维保作业；证书编号 \`${MAINTENANCE_WORKER_LOGIN.certificateNo}\`）`, orgKey: mostElevators(`maintenance:${JINAN}:`, `maintenance:${JINAN}:1`, 'maintenanceCreditCode') },
  { username: 'edu', password: 'Education123', displayName: '教育厅工作人员', roles: ['department'], orgDescription: '山东省教育厅', orgKey: () => 'education:370000' },
  { username: 'street', password: 'Street12345', displayName: '街道办工作人员', roles: ['street_office'], orgDescription: '济南市历下区泉城路街道办事处', orgKey: firstOfType('street_office') },
];

/**
 * The demo logins for a generated province. Pass the rows too to pick the use unit and maintenance company by
 * their actual elevator counts (for small provinces, where rank-1 is not always the biggest).
 */
export function demoUsers(orgs: DemoOrg[], rows?: readonly DemoRow[]): DemoUser[] {
  const keys = new Set(orgs.map((o) => o.key));
  return SPECS.map((s) => {
    const orgKey = s.orgKey(orgs, rows);
    if (!keys.has(orgKey)) throw new Error(`Demo user ${s.username}: no organisation ${orgKey}`);
    return { username: s.username, password: s.password, displayName: s.displayName, orgKey, roles: [...s.roles] };
  });
}

/** The README's table of demo logins. */
export const DEMO_USERS_MD = [
  '| 用户名 | 密码 | 角色 | 所属单位 |',
  '|---|---|---|---|',
  ...SPECS.map((s) => `| \`${s.username}\` | \`${s.password}\` | ${s.roles.join(', ')} | ${s.orgDescription} |`),
].join('\n');
