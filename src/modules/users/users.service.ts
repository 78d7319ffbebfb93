import type { AppContext } from '../../server/context.ts';
import { piiCipher } from '../../server/pii.ts';
import { maskPhone } from '../emergency/emergency.domain.ts';
import { AppError } from '../../server/http/errors.ts';
import * as audit from '../audit/audit.service.ts';
import * as authRepo from '../auth/auth.repo.ts';
import { hashPassword, passwordPolicyProblem } from '../auth/password.ts';
import type { Principal } from '../auth/principal.ts';
import { ROLES_FOR_ORG_TYPE, type OrgType, type Role } from '../auth/roles.ts';
import * as orgRepo from '../orgs/orgs.repo.ts';
import * as repo from './users.repo.ts';
import type { UserCreate, UserOut, UserUpdate } from './users.schema.ts';

function present(ctx: AppContext, u: repo.UserRow): UserOut {
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    orgId: u.org_id,
    orgName: u.org_name,
    orgType: u.org_type,
    roles: u.roles,
    phone: piiCipher(ctx.config).decryptNullable(u.phone),
    active: u.active,
    locked: !!u.locked_until && new Date(u.locked_until) > ctx.clock.now(),
    lastLoginAt: u.last_login_at ? new Date(u.last_login_at).toISOString() : null,
    secondFactorEnrolled: !!u.totp_enrolled_at,
  };
}

function checkPassword(password: string) {
  const problem = passwordPolicyProblem(password);
  if (problem) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'password', message: problem }] });
}

function checkRoles(orgType: string, roles: readonly string[]) {
  const allowed = ROLES_FOR_ORG_TYPE[orgType as OrgType] ?? [];
  const bad = roles.filter((r) => !allowed.includes(r as Role));
  if (bad.length)
    throw new AppError('VALIDATION_FAILED', {
      fields: [{ field: 'roles', message: `该类单位的用户不能授予角色：${bad.join('、')}` }],
    });
}

export async function list(ctx: AppContext, _p: Principal, q: { orgId?: number; q?: string; page: number; pageSize: number }) {
  // A phone number (7+ digits) is found through its keyed hash: the stored numbers are encrypted.
  const phoneHash = q.q && /^[\d\s+()-]{7,}$/.test(q.q) ? piiCipher(ctx.config).phoneHash(q.q) : null;
  const { items, total } = await repo.list(ctx.store.db, { orgId: q.orgId, q: q.q, phoneHash, limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
  return { items: items.map((u) => present(ctx, u)), total };
}

export async function create(ctx: AppContext, p: Principal, input: UserCreate): Promise<UserOut> {
  checkPassword(input.password);
  const org = await orgRepo.getById(ctx.store.db, input.orgId);
  if (!org) throw new AppError('ORG_NOT_FOUND');
  checkRoles(org.type, input.roles);
  const hash = await hashPassword(input.password);
  const id = await ctx.store.db.transaction().execute(async (trx) => {
    if (await repo.usernameExists(trx, input.username)) throw new AppError('USERNAME_TAKEN');
    const { id } = await repo.insert(trx, {
      username: input.username,
      display_name: input.displayName,
      password_hash: hash,
      org_id: input.orgId,
      roles: input.roles,
      phone: piiCipher(ctx.config).encryptNullable(input.phone),
      phone_hash: piiCipher(ctx.config).phoneHash(input.phone),
    });
    const { password: _omit, ...rest } = input;
    const safe = { ...rest, ...(rest.phone ? { phone: maskPhone(rest.phone) } : {}) };
    await audit.record(trx, audit.actorOf(p), ctx.clock.now(), [
      { action: 'user.create', entityType: 'user', entityId: String(id), regionCode: org.region_code, after: safe },
    ]);
    return id;
  });
  return present(ctx, (await repo.getById(ctx.store.db, id))!);
}

export async function update(ctx: AppContext, p: Principal, id: number, input: UserUpdate): Promise<UserOut> {
  const before = await repo.getById(ctx.store.db, id);
  if (!before) throw new AppError('USER_NOT_FOUND');
  if (input.roles) checkRoles(before.org_type, input.roles);
  if (input.password) checkPassword(input.password);
  if (id === p.userId && (input.active === false || (input.roles && !input.roles.includes('admin')))) {
    throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'active', message: '不能停用自己或撤销自己的管理员角色' }] });
  }
  const now = ctx.clock.now();
  const hash = input.password ? await hashPassword(input.password) : undefined;
  await ctx.store.db.transaction().execute(async (trx) => {
    await repo.update(trx, id, {
      ...(input.displayName !== undefined ? { display_name: input.displayName } : {}),
      ...(input.roles ? { roles: input.roles } : {}),
      ...(input.phone !== undefined ? { phone: piiCipher(ctx.config).encryptNullable(input.phone), phone_hash: piiCipher(ctx.config).phoneHash(input.phone) } : {}),
      ...(input.active !== undefined ? { active: input.active } : {}),
      ...(hash ? { password_hash: hash } : {}),
      ...(input.unlock ? { locked_until: null, failed_logins: 0 } : {}),
      updated_at: now,
    });
    if (hash || input.active === false) await authRepo.revokeUserSessions(trx, id, now);
    const { password, ...rest } = input;
    // The audit trail keeps phones masked: it is append-only, so nothing written there can be encrypted later.
    const safe = { ...rest, ...(rest.phone ? { phone: maskPhone(rest.phone) } : {}) };
    await audit.record(trx, audit.actorOf(p), now, [
      {
        action: 'user.update',
        entityType: 'user',
        entityId: String(id),
        regionCode: before.region_code,
        before: { ...present(ctx, before), phone: maskPhone(present(ctx, before).phone) },
        after: { ...safe, ...(password ? { passwordChanged: true } : {}) },
      },
    ]);
  });
  return present(ctx, (await repo.getById(ctx.store.db, id))!);
}
