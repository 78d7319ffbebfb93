import type { Insertable, Kysely, Updateable } from 'kysely';
import type { AppUserTable, DB } from '../../server/db/schema.ts';

function base(db: Kysely<DB>) {
  return db
    .selectFrom('app_user as u')
    .innerJoin('organization as o', 'o.id', 'u.org_id')
    .select([
      'u.id',
      'u.username',
      'u.display_name',
      'u.org_id',
      'u.roles',
      'u.phone',
      'u.active',
      'u.locked_until',
      'u.last_login_at',
      'u.totp_enrolled_at',
      'o.name as org_name',
      'o.type as org_type',
      'o.region_code',
    ]);
}

export type UserRow = Awaited<ReturnType<typeof getById>> & {};

export async function getById(db: Kysely<DB>, id: number) {
  return base(db).where('u.id', '=', id).executeTakeFirst();
}

export async function list(db: Kysely<DB>, f: { orgId?: number; q?: string; phoneHash?: string | null; limit: number; offset: number }) {
  let q = base(db);
  if (f.orgId) q = q.where('u.org_id', '=', f.orgId);
  if (f.q) q = q.where((eb) => eb.or([eb('u.username', 'like', `%${f.q}%`), eb('u.display_name', 'like', `%${f.q}%`), ...(f.phoneHash ? [eb('u.phone_hash', '=', f.phoneHash)] : [])]));
  const items = await q.orderBy('u.id').limit(f.limit).offset(f.offset).execute();
  let c = db.selectFrom('app_user as u').select(db.fn.countAll<number>().as('n'));
  if (f.orgId) c = c.where('u.org_id', '=', f.orgId);
  if (f.q) c = c.where((eb) => eb.or([eb('u.username', 'like', `%${f.q}%`), eb('u.display_name', 'like', `%${f.q}%`), ...(f.phoneHash ? [eb('u.phone_hash', '=', f.phoneHash)] : [])]));
  const total = await c.executeTakeFirstOrThrow();
  return { items, total: Number(total.n) };
}

export async function usernameExists(db: Kysely<DB>, username: string) {
  return !!(await db.selectFrom('app_user').select('id').where('username', '=', username).executeTakeFirst());
}

export async function insert(db: Kysely<DB>, row: Insertable<AppUserTable>) {
  return db.insertInto('app_user').values(row).returning('id').executeTakeFirstOrThrow();
}

export async function update(db: Kysely<DB>, id: number, patch: Updateable<AppUserTable>) {
  await db.updateTable('app_user').set(patch).where('id', '=', id).execute();
}
