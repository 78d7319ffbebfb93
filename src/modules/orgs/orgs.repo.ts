import type { Insertable, Kysely, Updateable } from 'kysely';
import type { DB, OrganizationTable } from '../../server/db/schema.ts';

export type OrgRow = Awaited<ReturnType<typeof getById>> & {};

export async function getById(db: Kysely<DB>, id: number) {
  return db.selectFrom('organization').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function getByIds(db: Kysely<DB>, ids: number[]) {
  if (!ids.length) return [];
  return db.selectFrom('organization').selectAll().where('id', 'in', ids).execute();
}

export async function getByCreditCode(db: Kysely<DB>, creditCode: string) {
  return db.selectFrom('organization').selectAll().where('credit_code', '=', creditCode).executeTakeFirst();
}

export async function insert(db: Kysely<DB>, row: Insertable<OrganizationTable>) {
  return db.insertInto('organization').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function update(db: Kysely<DB>, id: number, patch: Updateable<OrganizationTable>) {
  return db.updateTable('organization').set(patch).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export interface OrgFilter {
  regionPrefix?: string;
  onlyId?: number;
  type?: string;
  q?: string;
  limit: number;
  offset: number;
}

function filtered(db: Kysely<DB>, f: OrgFilter) {
  let q = db.selectFrom('organization');
  if (f.regionPrefix !== undefined) q = q.where('region_code', 'like', `${f.regionPrefix}%`);
  if (f.onlyId !== undefined) q = q.where('id', '=', f.onlyId);
  if (f.type) q = q.where('type', '=', f.type);
  if (f.q) {
    const term = f.q;
    q = q.where((eb) => eb.or([eb('name', 'like', `%${term}%`), eb('credit_code', '=', term.toUpperCase())]));
  }
  return q;
}

export async function list(db: Kysely<DB>, f: OrgFilter) {
  const [items, total] = await Promise.all([
    filtered(db, f).selectAll().orderBy('id').limit(f.limit).offset(f.offset).execute(),
    filtered(db, f).select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

export async function licencesOf(db: Kysely<DB>, orgIds: number[]) {
  if (!orgIds.length) return [];
  return db.selectFrom('organization_licence').selectAll().where('org_id', 'in', orgIds).orderBy('id').execute();
}

export async function replaceLicences(
  db: Kysely<DB>,
  orgId: number,
  licences: { kind: string; number: string; scope: string | null; issued_on: string | null; expires_on: string | null }[],
) {
  await db.deleteFrom('organization_licence').where('org_id', '=', orgId).execute();
  if (licences.length) await db.insertInto('organization_licence').values(licences.map((l) => ({ ...l, org_id: orgId }))).execute();
}

/** Organisations by credit code, or by exact name for those without one (import matching). */
export async function findForMatching(db: Kysely<DB>, creditCodes: string[], names: string[]) {
  const out: { id: number; credit_code: string | null; name: string; type: string }[] = [];
  if (creditCodes.length)
    out.push(...(await db.selectFrom('organization').select(['id', 'credit_code', 'name', 'type']).where('credit_code', 'in', creditCodes).execute()));
  if (names.length)
    out.push(
      ...(await db
        .selectFrom('organization')
        .select(['id', 'credit_code', 'name', 'type'])
        .where('name', 'in', names)
        .execute()),
    );
  return out;
}
