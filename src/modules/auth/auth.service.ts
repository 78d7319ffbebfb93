import type { AppContext } from '../../server/context.ts';
import { AppError } from '../../server/http/errors.ts';
import * as audit from '../audit/audit.service.ts';
import * as orgRepo from '../orgs/orgs.repo.ts';
import { makePrincipal, SYSTEM_ACTOR, type Principal } from './principal.ts';
import { holdsAdminPermission, type OrgType } from './roles.ts';
import * as repo from './auth.repo.ts';
import * as secondFactor from './second-factor.service.ts';
import type { SecondFactorChallenge } from './second-factor.service.ts';
import { hashPassword, hashToken, newToken, randomPassword, verifyPassword } from './password.ts';

export type { SecondFactorChallenge };

/** Compared against when the user does not exist, so timing does not reveal which usernames exist. */
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

export interface LoginResult {
  token: string;
  expiresAt: string;
  user: { id: number; username: string; displayName: string; roles: string[]; orgId: number; orgName: string; orgType: string; regionCode: string };
}

export async function login(ctx: AppContext, username: string, password: string, meta: { ip?: string } = {}): Promise<LoginResult | SecondFactorChallenge> {
  const { db } = ctx.store;
  const now = ctx.clock.now();
  const user = await repo.findUserForLogin(db, username);
  if (!user) {
    await verifyPassword(password, DUMMY_HASH);
    throw new AppError('INVALID_CREDENTIALS');
  }
  if (user.locked_until && new Date(user.locked_until) > now) {
    const minutes = Math.ceil((new Date(user.locked_until).getTime() - now.getTime()) / 60_000);
    throw new AppError('ACCOUNT_LOCKED', { retryAfterMinutes: minutes }, { minutes });
  }
  if (!user.active) throw new AppError('ACCOUNT_DISABLED');
  if (!(await verifyPassword(password, user.password_hash))) {
    const failures = user.failed_logins + 1;
    const lock = failures >= ctx.config.LOGIN_MAX_FAILURES ? new Date(now.getTime() + ctx.config.LOGIN_LOCK_MINUTES * 60_000) : null;
    await repo.recordFailure(db, user.id, lock);
    if (lock) {
      await db.transaction().execute((trx) =>
        audit.record(trx, SYSTEM_ACTOR, now, [
          { action: 'user.locked', entityType: 'user', entityId: String(user.id), after: { failures, lockedUntil: lock.toISOString(), ip: meta.ip } },
        ]),
      );
    }
    throw new AppError('INVALID_CREDENTIALS');
  }
  const org = await orgRepo.getById(db, user.org_id);
  if (!org || !org.active) throw new AppError('ACCOUNT_DISABLED');
  if (needsSecondFactor(ctx, user.roles)) {
    // The password was right, but the failure counter is not reset until the second factor passes: wrong codes
    // count towards the same lockout as wrong passwords.
    return secondFactor.startChallenge(ctx, user, now);
  }
  return openSession(ctx, user.id, now);
}

/** Whether this account must pass the second factor (ADMIN_SECOND_FACTOR and ADMIN_PERMISSIONS). */
export function needsSecondFactor(ctx: AppContext, roles: readonly string[]): boolean {
  return ctx.config.ADMIN_SECOND_FACTOR === 'totp' && holdsAdminPermission(roles);
}

/** A full session for a user whose every factor passed: resets the failure counter. */
export async function openSession(ctx: AppContext, userId: number, now: Date): Promise<LoginResult> {
  const { db } = ctx.store;
  const user = await db.selectFrom('app_user').selectAll().where('id', '=', userId).executeTakeFirstOrThrow();
  const org = await orgRepo.getById(db, user.org_id);
  if (!user.active || !org || !org.active) throw new AppError('ACCOUNT_DISABLED');
  const { token, hash } = newToken();
  const expires = new Date(now.getTime() + ctx.config.SESSION_TTL_MINUTES * 60_000);
  await db.transaction().execute(async (trx) => {
    await repo.recordSuccess(trx, user.id, now);
    await repo.insertSession(trx, { token_hash: hash, user_id: user.id, created_at: now, expires_at: expires });
  });
  return {
    token,
    expiresAt: expires.toISOString(),
    user: {
      id: user.id,
      username: user.username,
      displayName: user.display_name,
      roles: user.roles,
      orgId: org.id,
      orgName: org.name,
      orgType: org.type,
      regionCode: org.region_code,
    },
  };
}

const TOUCH_EVERY_MS = 60_000;

/** Resolves a bearer token to its principal, or throws UNAUTHENTICATED / SESSION_EXPIRED (absolute TTL) / SESSION_IDLE. */
export async function resolveToken(ctx: AppContext, token: string): Promise<Principal> {
  const tokenHash = hashToken(token);
  const s = await repo.findSession(ctx.store.db, tokenHash);
  if (!s || s.revoked_at) throw new AppError('UNAUTHENTICATED');
  const now = ctx.clock.now();
  if (new Date(s.expires_at) <= now) throw new AppError('SESSION_EXPIRED');
  const idleMs = now.getTime() - new Date(s.last_seen_at).getTime();
  if (idleMs >= ctx.config.SESSION_IDLE_MINUTES * 60_000) throw new AppError('SESSION_IDLE');
  if (!s.active || !s.org_active) throw new AppError('ACCOUNT_DISABLED');
  // One write a minute per session at most: the idle clock has minute resolution, the hot paths stay read-only.
  if (idleMs >= TOUCH_EVERY_MS) await repo.touchSession(ctx.store.db, tokenHash, now);
  return makePrincipal({
    userId: s.user_id,
    username: s.username,
    displayName: s.display_name,
    orgId: s.org_id,
    orgName: s.org_name,
    orgType: s.org_type as OrgType,
    regionCode: s.region_code,
    roles: s.roles,
  });
}

export async function logout(ctx: AppContext, token: string): Promise<void> {
  await repo.revokeSession(ctx.store.db, hashToken(token), ctx.clock.now());
}

/**
 * First start on an empty store: the platform organisation and user `admin`, with ADMIN_PASSWORD or a random
 * password that is printed once. Returns the generated password (undefined when one was configured).
 */
export async function bootstrapAdmin(ctx: AppContext): Promise<{ created: boolean; password?: string }> {
  const { db } = ctx.store;
  if ((await repo.countUsers(db)) > 0) return { created: false };
  const password = ctx.config.ADMIN_PASSWORD ?? randomPassword();
  const passwordHash = await hashPassword(password);
  await db.transaction().execute(async (trx) => {
    const org = await orgRepo.insert(trx, {
      credit_code: null,
      name: '山东省电梯安全监管平台',
      type: 'platform',
      region_code: '370000',
      address: null,
      contact_name: null,
      contact_phone: null,
      hotline: '96333',
    });
    const user = await trx
      .insertInto('app_user')
      .values({ username: 'admin', display_name: '系统管理员', password_hash: passwordHash, org_id: org.id, roles: ['admin'], phone: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit.record(trx, SYSTEM_ACTOR, ctx.clock.now(), [
      { action: 'user.create', entityType: 'user', entityId: String(user.id), regionCode: '370000', after: { username: 'admin', roles: ['admin'] } },
    ]);
  });
  return { created: true, password: ctx.config.ADMIN_PASSWORD ? undefined : password };
}
