/**
 * Department logins for the demo (issue 8: each department's read-only dashboard): the provincial transport
 * department (its organisation is in the generated province) and the financial regulator (added here: the generated
 * province has none). `edu` (demo-users.ts) and `housing` / `finance` (seed-addon-insurance.ts) exist already.
 * Every start makes sure they exist, so a store seeded before them gets them too.
 */
import type { AppContext } from '../../src/server/context.ts';
import { hashPassword } from '../../src/modules/auth/password.ts';

export const DEPARTMENT_LOGINS = [
  { username: 'transport', password: 'Transport123', displayName: '交通运输厅工作人员', roles: ['department'], org: { name: '山东省交通运输厅', type: 'transport', region: '370000' } },
  { username: 'finreg', password: 'FinReg12345', displayName: '金融监管局保险监管处', roles: ['department'], org: { name: '国家金融监督管理总局山东监管局', type: 'financial_regulator', region: '370000' } },
] as const;

export async function ensureDepartmentLogins(ctx: AppContext): Promise<void> {
  const { db } = ctx.store;
  for (const l of DEPARTMENT_LOGINS) {
    if (await db.selectFrom('app_user').select('id').where('username', '=', l.username).executeTakeFirst()) continue;
    const org =
      (await db.selectFrom('organization').select('id').where('name', '=', l.org.name).where('type', '=', l.org.type).executeTakeFirst()) ??
      (await db.insertInto('organization').values({ name: l.org.name, type: l.org.type, region_code: l.org.region, credit_code: null, address: null, contact_name: null, contact_phone: null, hotline: null }).returning('id').executeTakeFirstOrThrow());
    await db.insertInto('app_user').values({ username: l.username, display_name: l.displayName, password_hash: await hashPassword(l.password), org_id: org.id, roles: [...l.roles], phone: null }).execute();
  }
}
