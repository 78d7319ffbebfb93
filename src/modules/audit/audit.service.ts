import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../server/db/schema.ts';
import { stableStringify } from '../../lib/stable-json.ts';
import type { Principal } from '../auth/principal.ts';
import * as repo from './audit.repo.ts';

export const GENESIS_HASH = '0'.repeat(64);

/** Who did it: a logged-in user, or the platform itself. */
export interface Actor {
  userId: number | null;
  name: string;
  orgId: number | null;
}

export function actorOf(p: Principal): Actor {
  return { userId: p.userId, name: p.username, orgId: p.orgId };
}

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string;
  regionCode?: string | null;
  before?: unknown;
  after?: unknown;
}

/** The hashed content of an entry: everything but its own id and hashes (canonical JSON). */
interface HashedFields {
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
}

function entryBody(e: HashedFields): string {
  return stableStringify({
    at: e.at.toISOString(),
    actor_id: e.actor_id,
    actor_name: e.actor_name,
    org_id: e.org_id,
    region_code: e.region_code,
    action: e.action,
    entity_type: e.entity_type,
    entity_id: e.entity_id,
    before: e.before ?? null,
    after: e.after ?? null,
  });
}

/** sha256(prev_hash || body): what `audit_append` stores (migration 0022) and what verifyChain recomputes. */
function entryHash(prevHash: string, e: HashedFields): string {
  return crypto.createHash('sha256').update(prevHash).update(entryBody(e)).digest('hex');
}

/**
 * The append statement for entries (canonical bodies computed here; the store chains them under the chain lock).
 * Values pass through JSON first so the hash covers exactly what jsonb stores.
 */
export function appendStatement(actor: Actor, at: Date, entries: AuditEntry[]) {
  return repo.appendSql(
    at,
    actor,
    entries.map((e) => {
      const before = e.before === undefined ? null : JSON.parse(JSON.stringify(e.before));
      const after = e.after === undefined ? null : JSON.parse(JSON.stringify(e.after));
      const regionCode = e.regionCode ?? null;
      const body = entryBody({ at, actor_id: actor.userId, actor_name: actor.name, org_id: actor.orgId, region_code: regionCode, action: e.action, entity_type: e.entityType, entity_id: e.entityId, before, after });
      return { body, regionCode, action: e.action, entityType: e.entityType, entityId: e.entityId, before, after };
    }),
  );
}

/**
 * Appends entries to the log inside the caller's transaction, so a change and its audit commit together: one
 * statement, which holds a chain's lock until the caller commits (one of eight, so up to eight transactions append
 * at once) — call it as the transaction's last statement.
 */
export async function record(trx: Kysely<DB>, actor: Actor, at: Date, entries: AuditEntry[]): Promise<void> {
  if (!entries.length) return;
  await appendStatement(actor, at, entries).execute(trx);
}

export interface ChainVerdict {
  ok: boolean;
  checked: number;
  /** First entry whose hash or link does not match: where tampering begins. */
  brokenAt?: number;
}

/**
 * Recomputes every hash in order, chain by chain (the log holds up to eight chains, migration 0022): any edited,
 * deleted or inserted row breaks its chain from there on.
 */
export async function verifyChain(db: Kysely<DB>): Promise<ChainVerdict> {
  const prev = new Map<number, string>();
  let afterId = 0;
  let checked = 0;
  for (;;) {
    const rows = await repo.page(db, afterId, 5000);
    if (!rows.length) return { ok: true, checked };
    for (const r of rows) {
      const at = r.at instanceof Date ? r.at : new Date(r.at);
      const link = prev.get(r.chain) ?? GENESIS_HASH;
      const expect = entryHash(link, { ...r, at });
      if (r.prev_hash !== link || r.hash !== expect) return { ok: false, checked, brokenAt: r.id };
      prev.set(r.chain, r.hash);
      checked++;
      afterId = r.id;
    }
  }
}
