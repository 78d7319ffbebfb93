import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { passwordPolicyProblem } from '../../src/modules/auth/password.ts';
import { ROLES_FOR_ORG_TYPE } from '../../src/modules/auth/roles.ts';
import { DEMO_USERS_MD, demoUsers } from './demo-users.ts';
import { generateProvince, type DemoRow } from './generate-province.ts';

const { orgs, rows } = generateProvince({ elevators: 20_000, seed: 5, today: '2026-11-29' });
const byKey = new Map(orgs.map((o) => [o.key, o]));

function mostRows(field: 'useUnitCreditCode' | 'maintenanceCreditCode', cityPrefix: string): string {
  const counts = new Map<string, number>();
  for (const r of rows as DemoRow[]) if (r.regionCode.startsWith(cityPrefix)) counts.set(r[field], (counts.get(r[field]) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0][0];
}

describe('demoUsers', () => {
  const users = demoUsers(orgs, rows);

  it('gives each login an existing organisation whose type allows its roles, and a valid password', () => {
    assert.equal(new Set(users.map((u) => u.username)).size, 15);
    for (const u of users) {
      const org = byKey.get(u.orgKey);
      assert.ok(org, `${u.username}: no org ${u.orgKey}`);
      for (const role of u.roles) assert.ok(ROLES_FOR_ORG_TYPE[org.type].includes(role as never), `${u.username}: ${role} at a ${org.type}`);
      assert.equal(passwordPolicyProblem(u.password), undefined, u.username);
      assert.ok(DEMO_USERS_MD.includes(`\`${u.username}\` | \`${u.password}\``), `${u.username} missing from the README table`);
    }
  });

  it('puts the provincial, city and department users in the right bodies', () => {
    const orgOf = (username: string) => byKey.get(users.find((u) => u.username === username)!.orgKey)!;
    assert.equal(orgOf('regulator').name, '山东省市场监督管理局');
    assert.equal(orgOf('jinan').name, '济南市市场监督管理局');
    assert.equal(orgOf('qingdao').name, '青岛市市场监督管理局');
    assert.equal(orgOf('inspector').name, '山东省特种设备检验研究院有限公司');
    assert.equal(orgOf('jninspect').name, '山东省特种设备检验研究院有限公司济南分公司');
    assert.equal(orgOf('dispatcher').name, '济南市96333电梯应急处置服务中心');
    assert.equal(orgOf('sddispatch').name, '山东省96333电梯应急处置指挥中心');
    assert.equal(orgOf('rescuer').type, 'rescue_station');
    assert.equal(orgOf('rescuer').regionCode.slice(0, 4), '3701');
    assert.equal(orgOf('mrescue').type, 'maintenance');
    assert.equal(orgOf('mworker'), orgOf('mrescue'));
    assert.equal(orgOf('edu').name, '山东省教育厅');
    assert.equal(orgOf('maker').type, 'manufacturer');
    assert.equal(orgOf('street').type, 'street_office');
  });

  it('picks the use unit with most elevators in Jinan and the biggest maintenance company in Qingdao', () => {
    const orgOf = (list: typeof users, username: string) => byKey.get(list.find((u) => u.username === username)!.orgKey)!;
    assert.equal(orgOf(users, 'useunit').creditCode, mostRows('useUnitCreditCode', '3701'));
    assert.equal(orgOf(users, 'maint').creditCode, mostRows('maintenanceCreditCode', '3702'));
    // The maintenance company's rescuer answers the Jinan dispatcher's tier-1 call-outs.
    assert.equal(orgOf(users, 'mrescue').creditCode, mostRows('maintenanceCreditCode', '3701'));
    // Without rows the first-ranked companies are chosen; at this size they are the biggest too.
    const withoutRows = demoUsers(orgs);
    assert.equal(orgOf(withoutRows, 'useunit').key, orgOf(users, 'useunit').key);
    assert.equal(orgOf(withoutRows, 'maint').key, orgOf(users, 'maint').key);
  });
});
