import type { Kysely } from 'kysely';
import type { DB } from '../../server/db/schema.ts';
import type { AuditEntry } from '../audit/audit.service.ts';
import * as repo from './orgs.repo.ts';

/** An organisation as a record names it: by name, and by credit code when the source has one. */
export interface OrgRefInput {
  name: string;
  creditCode: string | null;
  /** Used only when the organisation has to be created. */
  type: 'use_unit' | 'maintenance';
  regionCode: string;
  hotline?: string | null;
}

const refKey = (r: { name: string; creditCode: string | null }) => (r.creditCode ? `c:${r.creditCode}` : `n:${r.name}`);

/**
 * Matches organisations named in records to stored ones (credit code first, else exact name) and creates the
 * missing ones. Keeps a cache for the life of one import, so a million rows naming a few thousand companies cost
 * a few thousand lookups, not a million. Created organisations are returned as audit entries for the caller's
 * transaction.
 */
export class OrgResolver {
  private ids = new Map<string, number>();
  private manufacturers = new Map<string, number | null>();
  /** Keys learnt inside the current transaction: forgotten if it rolls back (their rows are gone). */
  private tentative: string[] = [];

  begin(): void {
    this.tentative = [];
  }

  rollback(): void {
    for (const k of this.tentative) this.ids.delete(k);
    this.tentative = [];
  }

  async resolve(trx: Kysely<DB>, refs: OrgRefInput[], audit: AuditEntry[]): Promise<Map<string, number>> {
    const missing = new Map<string, OrgRefInput>();
    for (const r of refs) if (!this.ids.has(refKey(r))) missing.set(refKey(r), r);
    if (missing.size) {
      const wanted = [...missing.values()];
      const found = await repo.findForMatching(
        trx,
        wanted.filter((r) => r.creditCode).map((r) => r.creditCode!),
        wanted.filter((r) => !r.creditCode).map((r) => r.name),
      );
      for (const o of found) {
        if (o.credit_code) this.remember(`c:${o.credit_code}`, o.id);
        if (!this.ids.has(`n:${o.name}`)) this.remember(`n:${o.name}`, o.id);
      }
      for (const [key, r] of missing) {
        if (this.ids.has(key)) continue;
        const row = await trx
          .insertInto('organization')
          .values({
            credit_code: r.creditCode,
            name: r.name,
            type: r.type,
            region_code: r.regionCode,
            address: null,
            contact_name: null,
            contact_phone: null,
            hotline: r.type === 'maintenance' ? (r.hotline ?? null) : null,
          })
          .onConflict((oc) => oc.column('credit_code').doNothing())
          .returning('id')
          .executeTakeFirst();
        const id = row?.id ?? (await repo.getByCreditCode(trx, r.creditCode!))!.id;
        if (row) {
          audit.push({
            action: 'org.create',
            entityType: 'organization',
            entityId: String(id),
            regionCode: r.regionCode,
            after: { name: r.name, creditCode: r.creditCode, type: r.type, source: 'import' },
          });
        }
        this.remember(key, id);
      }
    }
    return new Map(refs.map((r) => [refKey(r), this.ids.get(refKey(r))!]));
  }

  private remember(key: string, id: number): void {
    this.ids.set(key, id);
    this.tentative.push(key);
  }

  idOf(ref: { name: string; creditCode: string | null } | null): number | null {
    return ref ? (this.ids.get(refKey(ref)) ?? null) : null;
  }

  /** A manufacturer organisation with exactly this name, if one is registered (never created from a name). */
  async manufacturerId(trx: Kysely<DB>, name: string | null): Promise<number | null> {
    if (!name) return null;
    if (!this.manufacturers.has(name)) {
      const row = await trx
        .selectFrom('organization')
        .select('id')
        .where('name', '=', name)
        .where('type', 'in', ['manufacturer', 'installer'])
        .executeTakeFirst();
      this.manufacturers.set(name, row?.id ?? null);
    }
    return this.manufacturers.get(name) ?? null;
  }
}
