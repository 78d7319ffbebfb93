import QRCode from 'qrcode';
import type { AppContext } from '../../server/context.ts';
import { AppError } from '../../server/http/errors.ts';
import { piiCipher } from '../../server/pii.ts';
import * as audit from '../audit/audit.service.ts';
import type { LoginResult } from './auth.service.ts';
import { openSession } from './auth.service.ts';
import { hashToken, newToken } from './password.ts';
import { SYSTEM_ACTOR, type Principal } from './principal.ts';
import { hashRecoveryCode, looksLikeRecoveryCode, matchTotp, newRecoveryCodes, newTotpSecret, otpauthUri } from './totp.ts';

/** How long a correct password waits for its second factor. */
const CHALLENGE_MINUTES = 5;

/** The answer to a correct password when the account needs a second factor: no session yet. */
export interface SecondFactorChallenge {
  secondFactor: {
    method: 'totp';
    /** verify: enter a code (or a recovery code); enrol: the account has no authenticator yet and sets one up now. */
    step: 'verify' | 'enrol';
    challenge: string;
    expiresAt: string;
  };
}

interface ChallengeUser {
  id: number;
  totp_secret: string | null;
}

export async function startChallenge(ctx: AppContext, user: ChallengeUser, now: Date): Promise<SecondFactorChallenge> {
  const { token, hash } = newToken();
  const step = user.totp_secret ? 'verify' : 'enrol';
  const expires = new Date(now.getTime() + CHALLENGE_MINUTES * 60_000);
  await ctx.store.db
    .insertInto('login_challenge')
    .values({ token_hash: hash, user_id: user.id, purpose: step, created_at: now, expires_at: expires, used_at: null })
    .execute();
  return { secondFactor: { method: 'totp', step, challenge: token, expiresAt: expires.toISOString() } };
}

/** The challenge's user, refusing an unknown, used or expired challenge and a locked or disabled account. */
async function challengeUser(ctx: AppContext, challenge: string, purpose: 'verify' | 'enrol') {
  const now = ctx.clock.now();
  const c = await ctx.store.db.selectFrom('login_challenge').selectAll().where('token_hash', '=', hashToken(challenge)).executeTakeFirst();
  if (!c || c.used_at || new Date(c.expires_at) <= now || c.purpose !== purpose) throw new AppError('SECOND_FACTOR_CHALLENGE_INVALID');
  const user = await ctx.store.db.selectFrom('app_user').selectAll().where('id', '=', c.user_id).executeTakeFirstOrThrow();
  if (user.locked_until && new Date(user.locked_until) > now) {
    const minutes = Math.ceil((new Date(user.locked_until).getTime() - now.getTime()) / 60_000);
    throw new AppError('ACCOUNT_LOCKED', { retryAfterMinutes: minutes }, { minutes });
  }
  if (!user.active) throw new AppError('ACCOUNT_DISABLED');
  return { challenge: c, user, now };
}

/**
 * A wrong (or replayed) code: counts towards the same lockout as a wrong password (LOGIN_MAX_FAILURES), and is
 * audited. A lock also ends the challenge.
 */
async function fail(ctx: AppContext, userId: number, challengeHash: string, reason: 'wrong' | 'replay', meta: { ip?: string }): Promise<never> {
  const now = ctx.clock.now();
  await ctx.store.db.transaction().execute(async (trx) => {
    const u = await trx
      .updateTable('app_user')
      .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1) }))
      .where('id', '=', userId)
      .returning(['failed_logins'])
      .executeTakeFirstOrThrow();
    const entries: audit.AuditEntry[] = [{ action: 'user.second_factor.fail', entityType: 'user', entityId: String(userId), after: { reason, failures: u.failed_logins, ip: meta.ip } }];
    if (u.failed_logins >= ctx.config.LOGIN_MAX_FAILURES) {
      const lock = new Date(now.getTime() + ctx.config.LOGIN_LOCK_MINUTES * 60_000);
      await trx.updateTable('app_user').set({ locked_until: lock }).where('id', '=', userId).execute();
      await trx.updateTable('login_challenge').set({ used_at: now }).where('token_hash', '=', challengeHash).execute();
      entries.push({ action: 'user.locked', entityType: 'user', entityId: String(userId), after: { failures: u.failed_logins, lockedUntil: lock.toISOString(), ip: meta.ip } });
    }
    await audit.record(trx, SYSTEM_ACTOR, now, entries);
  });
  throw new AppError(reason === 'replay' ? 'SECOND_FACTOR_REUSED' : 'SECOND_FACTOR_INVALID');
}

/** Code step of the login: a TOTP code or one unused recovery code opens the session. */
export async function verify(ctx: AppContext, challenge: string, code: string, meta: { ip?: string } = {}): Promise<LoginResult> {
  const { challenge: c, user, now } = await challengeUser(ctx, challenge, 'verify');
  const cipher = piiCipher(ctx.config);
  const trimmed = code.trim();
  if (looksLikeRecoveryCode(trimmed)) {
    const used = await ctx.store.db
      .updateTable('user_recovery_code')
      .set({ used_at: now })
      .where('user_id', '=', user.id)
      .where('code_hash', '=', hashRecoveryCode(trimmed))
      .where('used_at', 'is', null)
      .returning('code_hash')
      .executeTakeFirst();
    if (!used) return fail(ctx, user.id, c.token_hash, 'wrong', meta);
    return finish(ctx, c.token_hash, user.id, now, { action: 'user.second_factor.recovery', after: { ip: meta.ip } });
  }
  if (!user.totp_secret) throw new AppError('SECOND_FACTOR_CHALLENGE_INVALID');
  const match = matchTotp(cipher.decrypt(user.totp_secret), trimmed, now.getTime(), user.totp_last_step);
  if (!match) return fail(ctx, user.id, c.token_hash, 'wrong', meta);
  if ('replay' in match) return fail(ctx, user.id, c.token_hash, 'replay', meta);
  // Conditional on the last step, so two requests racing with the same code cannot both pass.
  const taken = await ctx.store.db
    .updateTable('app_user')
    .set({ totp_last_step: match.step })
    .where('id', '=', user.id)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', match.step)]))
    .returning('id')
    .executeTakeFirst();
  if (!taken) return fail(ctx, user.id, c.token_hash, 'replay', meta);
  return finish(ctx, c.token_hash, user.id, now, { action: 'user.second_factor.verify', after: { ip: meta.ip } });
}

async function finish(ctx: AppContext, challengeHash: string, userId: number, now: Date, entry: { action: string; after: Record<string, unknown> }): Promise<LoginResult> {
  const used = await ctx.store.db
    .updateTable('login_challenge')
    .set({ used_at: now })
    .where('token_hash', '=', challengeHash)
    .where('used_at', 'is', null)
    .returning('token_hash')
    .executeTakeFirst();
  if (!used) throw new AppError('SECOND_FACTOR_CHALLENGE_INVALID');
  const result = await openSession(ctx, userId, now);
  await ctx.store.db.transaction().execute((trx) =>
    audit.record(trx, { userId, name: result.user.username, orgId: result.user.orgId }, now, [{ action: entry.action, entityType: 'user', entityId: String(userId), after: entry.after }]),
  );
  return result;
}

export interface Enrolment {
  /** base32, for typing into the app by hand; shown once. */
  secret: string;
  otpauthUri: string;
  /** The URI as a QR code (PNG data URL) for the app to scan. */
  qrDataUrl: string;
}

/** Enrolment, first half: a new secret (replacing an unconfirmed one), kept encrypted until a code confirms it. */
export async function startEnrolment(ctx: AppContext, challenge: string): Promise<Enrolment> {
  const { user } = await challengeUser(ctx, challenge, 'enrol');
  const secret = newTotpSecret();
  await ctx.store.db.updateTable('app_user').set({ totp_pending_secret: piiCipher(ctx.config).encrypt(secret) }).where('id', '=', user.id).execute();
  const uri = otpauthUri(secret, user.username);
  return { secret, otpauthUri: uri, qrDataUrl: await QRCode.toDataURL(uri, { margin: 1, width: 220 }) };
}

/** Enrolment, second half: the first code from the app confirms the secret; returns the session and recovery codes. */
export async function confirmEnrolment(ctx: AppContext, challenge: string, code: string, meta: { ip?: string } = {}): Promise<LoginResult & { recoveryCodes: string[] }> {
  const { challenge: c, user, now } = await challengeUser(ctx, challenge, 'enrol');
  if (!user.totp_pending_secret) throw new AppError('SECOND_FACTOR_CHALLENGE_INVALID');
  const match = matchTotp(piiCipher(ctx.config).decrypt(user.totp_pending_secret), code.trim(), now.getTime(), null);
  if (!match || 'replay' in match) return fail(ctx, user.id, c.token_hash, 'wrong', meta);
  const recoveryCodes = newRecoveryCodes();
  await ctx.store.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('app_user')
      .set({ totp_secret: user.totp_pending_secret, totp_pending_secret: null, totp_enrolled_at: now, totp_last_step: match.step })
      .where('id', '=', user.id)
      .execute();
    await trx.deleteFrom('user_recovery_code').where('user_id', '=', user.id).execute();
    await trx.insertInto('user_recovery_code').values(recoveryCodes.map((rc) => ({ user_id: user.id, code_hash: hashRecoveryCode(rc), used_at: null }))).execute();
  });
  const result = await finish(ctx, c.token_hash, user.id, now, { action: 'user.second_factor.enrol', after: { method: 'totp', recoveryCodes: recoveryCodes.length, ip: meta.ip } });
  return { ...result, recoveryCodes };
}

/** An administrator clears a user's authenticator (lost phone and codes): the next login enrols again. */
export async function reset(ctx: AppContext, actor: Principal, userId: number): Promise<void> {
  const now = ctx.clock.now();
  await ctx.store.db.transaction().execute(async (trx) => {
    const u = await trx
      .updateTable('app_user')
      .set({ totp_secret: null, totp_pending_secret: null, totp_enrolled_at: null, totp_last_step: null })
      .where('id', '=', userId)
      .returning(['id', 'username'])
      .executeTakeFirst();
    if (!u) throw new AppError('USER_NOT_FOUND');
    await trx.deleteFrom('user_recovery_code').where('user_id', '=', userId).execute();
    await trx.updateTable('user_session').set({ revoked_at: now }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
    await audit.record(trx, { userId: actor.userId, name: actor.username, orgId: actor.orgId }, now, [
      { action: 'user.second_factor.reset', entityType: 'user', entityId: String(userId), after: { username: u.username } },
    ]);
  });
}
