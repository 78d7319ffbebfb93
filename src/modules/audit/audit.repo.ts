import { sql, type Kysely } from 'kysely';
import type { DB } from '../../server/db/schema.ts';

/** One entry as `audit_append` (migration 0022) takes it: `body` is the canonical JSON the entry's hash covers. */
export interface AppendEntry {
  body: string;
  regionCode: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
}

/**
 * The statement appending entries in order: `audit_append` takes the lock of a chain nobody else holds (of eight; the
 * same chain again within a transaction; held until the caller commits), reads that chain's last hash after it, and
 * inserts each entry with hash = sha256(prev_hash || body).
 * A builder, so an upload writing everything in one statement can embed it (see maintenance record-upload.repo.ts).
 */
export function appendSql(at: Date, actor: { userId: number | null; name: string; orgId: number | null }, entries: AppendEntry[]) {
  return sql<{ appended: number }>`SELECT audit_append(${at}::timestamptz, ${actor.userId}::bigint, ${actor.name}::text, ${actor.orgId}::bigint, ${JSON.stringify(entries)}::jsonb) AS appended`;
}

export interface AuditFilter {
  regionPrefix?: string;
  entityType?: string;
  entityId?: string;
  actorId?: number;
  beforeId?: number;
  limit: number;
}

export async function list(db: Kysely<DB>, f: AuditFilter) {
  let q = db.selectFrom('audit_log').selectAll();
  if (f.regionPrefix !== undefined) q = q.where('region_code', 'like', `${f.regionPrefix}%`);
  if (f.entityType) q = q.where('entity_type', '=', f.entityType);
  if (f.entityId) q = q.where('entity_id', '=', f.entityId);
  if (f.actorId) q = q.where('actor_id', '=', f.actorId);
  if (f.beforeId) q = q.where('id', '<', f.beforeId);
  return q.orderBy('id', 'desc').limit(f.limit).execute();
}

/** Walks the chain in id order, a page at a time. */
export async function page(db: Kysely<DB>, afterId: number, limit: number) {
  return db.selectFrom('audit_log').selectAll().where('id', '>', afterId).orderBy('id').limit(limit).execute();
}
