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

/** The hashed content of an entry: everything but its own id and hash. */
function entryHash(prevHash: string, e: Omit<repo.AuditInsert, 'hash' | 'prev_hash'>): string {
  const body = stableStringify({
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
  return crypto.createHash('sha256').update(prevHash).update(body).digest('hex');
}

/**
 * Appends entries to the chain inside the caller's transaction, so a change and its audit commit together.
 * Values pass through JSON first so the hash is computed over exactly what jsonb stores.
 */
export async function record(trx: Kysely<DB>, actor: Actor, at: Date, entries: AuditEntry[]): Promise<void> {
  if (!entries.length) return;
  await repo.lockChain(trx);
  let prev = (await repo.lastHash(trx)) ?? GENESIS_HASH;
  const rows: repo.AuditInsert[] = [];
  for (const e of entries) {
    const base = {
      at,
      actor_id: actor.userId,
      actor_name: actor.name,
      org_id: actor.orgId,
      region_code: e.regionCode ?? null,
      action: e.action,
      entity_type: e.entityType,
      entity_id: e.entityId,
      before: e.before === undefined ? null : JSON.parse(JSON.stringify(e.before)),
      after: e.after === undefined ? null : JSON.parse(JSON.stringify(e.after)),
    };
    const hash = entryHash(prev, base);
    rows.push({ ...base, prev_hash: prev, hash });
    prev = hash;
  }
  await repo.insertEntries(trx, rows);
}

export interface ChainVerdict {
  ok: boolean;
  checked: number;
  /** First entry whose hash or link does not match: where tampering begins. */
  brokenAt?: number;
}

/** Recomputes every hash in order; any edited, deleted or inserted row breaks the chain from there on. */
export async function verifyChain(db: Kysely<DB>): Promise<ChainVerdict> {
  let prev = GENESIS_HASH;
  let afterId = 0;
  let checked = 0;
  for (;;) {
    const rows = await repo.page(db, afterId, 5000);
    if (!rows.length) return { ok: true, checked };
    for (const r of rows) {
      const at = r.at instanceof Date ? r.at : new Date(r.at);
      const expect = entryHash(prev, { ...r, at });
      if (r.prev_hash !== prev || r.hash !== expect) return { ok: false, checked, brokenAt: r.id };
      prev = r.hash;
      checked++;
      afterId = r.id;
    }
  }
}
