import type { Kysely } from 'kysely';
import type { DB } from '../../server/db/schema.ts';

export async function findUserForLogin(db: Kysely<DB>, username: string) {
  return db.selectFrom('app_user').selectAll().where('username', '=', username).executeTakeFirst();
}

export async function recordFailure(db: Kysely<DB>, userId: number, lockUntil: Date | null) {
  await db
    .updateTable('app_user')
    .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1), ...(lockUntil ? { locked_until: lockUntil } : {}) }))
    .where('id', '=', userId)
    .execute();
}

export async function recordSuccess(db: Kysely<DB>, userId: number, at: Date) {
  await db
    .updateTable('app_user')
    .set({ failed_logins: 0, locked_until: null, last_login_at: at })
    .where('id', '=', userId)
    .execute();
}

export async function insertSession(db: Kysely<DB>, s: { token_hash: string; user_id: number; created_at: Date; expires_at: Date }) {
  await db.insertInto('user_session').values({ ...s, revoked_at: null, last_seen_at: s.created_at }).execute();
}

/** Marks a session used now (the idle timeout counts from here). */
export async function touchSession(db: Kysely<DB>, tokenHash: string, at: Date) {
  await db.updateTable('user_session').set({ last_seen_at: at }).where('token_hash', '=', tokenHash).where('last_seen_at', '<', at).execute();
}

export async function revokeSession(db: Kysely<DB>, tokenHash: string, at: Date) {
  await db.updateTable('user_session').set({ revoked_at: at }).where('token_hash', '=', tokenHash).execute();
}

export async function revokeUserSessions(db: Kysely<DB>, userId: number, at: Date) {
  await db
    .updateTable('user_session')
    .set({ revoked_at: at })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
}

/** The session with its user and organisation, in one indexed lookup. */
export async function findSession(db: Kysely<DB>, tokenHash: string) {
  return db
    .selectFrom('user_session as s')
    .innerJoin('app_user as u', 'u.id', 's.user_id')
    .innerJoin('organization as o', 'o.id', 'u.org_id')
    .select([
      's.expires_at',
      's.revoked_at',
      's.last_seen_at',
      'u.id as user_id',
      'u.username',
      'u.display_name',
      'u.roles',
      'u.active',
      'o.id as org_id',
      'o.name as org_name',
      'o.type as org_type',
      'o.region_code',
      'o.active as org_active',
    ])
    .where('s.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

export async function countUsers(db: Kysely<DB>): Promise<number> {
  const r = await db.selectFrom('app_user').select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function deleteExpiredSessions(db: Kysely<DB>, before: Date) {
  await db.deleteFrom('user_session').where('expires_at', '<', before).execute();
}
