import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { passwordPolicyProblem } from '../../src/modules/auth/password.ts';
import { ROLES_FOR_ORG_TYPE } from '../../src/modules/auth/roles.ts';
import { DEPARTMENT_LOGINS } from './seed-departments.ts';

const README = fs.readFileSync(path.resolve(import.meta.dirname, '../../README.md'), 'utf8');

describe('demo department logins', () => {
  it('each may hold its roles at its organisation type, has a valid password and is listed in the README', () => {
    for (const l of DEPARTMENT_LOGINS) {
      for (const role of l.roles) assert.ok(ROLES_FOR_ORG_TYPE[l.org.type].includes(role), `${l.username}: ${role} at ${l.org.type}`);
      assert.equal(passwordPolicyProblem(l.password), undefined, l.username);
      assert.ok(README.includes(`| \`${l.username}\` | \`${l.password}\` |`), `${l.username} missing from the README`);
    }
  });

  it('covers the departments the demo had no login for', () => {
    assert.deepEqual(DEPARTMENT_LOGINS.map((l) => l.org.type).sort(), ['financial_regulator', 'transport']);
  });
});
