import { sql, type Kysely } from 'kysely';
import type { DB } from '../../server/db/schema.ts';

/** Serialises chain appends across connections and nodes (transaction-scoped advisory lock). */
const AUDIT_CHAIN_LOCK = 72_711_002;

export async function lockChain(trx: Kysely<DB>): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`.execute(trx);
}

export async function lastHash(trx: Kysely<DB>): Promise<string | undefined> {
  const row = await trx.selectFrom('audit_log').select('hash').orderBy('id', 'desc').limit(1).executeTakeFirst();
  return row?.hash;
}

export interface AuditInsert {
  at: Date;
  actor_id: number | null;
  actor_name: string;
  org_id: number | null;
  region_code: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  before: unknown;
  after: unknown;
  prev_hash: string;
  hash: string;
}

/** Rows per INSERT: 12 parameters each stays far below the protocol's 65,535 bind parameters per statement. */
const INSERT_CHUNK = 2_000;

/** Appends rows in chain order (chunks in sequence, so ids keep the chain's order). */
export async function insertEntries(trx: Kysely<DB>, rows: AuditInsert[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    await trx
      .insertInto('audit_log')
      .values(
        rows.slice(i, i + INSERT_CHUNK).map((r) => ({
          ...r,
          before: r.before === null || r.before === undefined ? null : JSON.stringify(r.before),
          after: r.after === null || r.after === undefined ? null : JSON.stringify(r.after),
        })),
      )
      .execute();
  }
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
