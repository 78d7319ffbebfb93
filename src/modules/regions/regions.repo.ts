import type { Kysely } from 'kysely';
import type { DB } from '../../server/db/schema.ts';

export interface RegionRow {
  code: string;
  name: string;
  parent_code: string | null;
  level: number;
  kind: 'gbt2260' | 'dev_zone';
  has_districts: boolean;
}

export async function listAll(db: Kysely<DB>): Promise<RegionRow[]> {
  return db.selectFrom('region').selectAll().orderBy('code').execute();
}

export async function listAliases(db: Kysely<DB>) {
  return db.selectFrom('region_alias').selectAll().execute();
}

export async function upsertRegions(db: Kysely<DB>, rows: Omit<RegionRow, 'has_districts'>[]): Promise<void> {
  // Parents first, so the self-reference holds within one statement batch.
  const sorted = [...rows].sort((a, b) => a.level - b.level || a.code.localeCompare(b.code));
  for (const r of sorted) {
    await db
      .insertInto('region')
      .values(r)
      .onConflict((oc) =>
        oc.column('code').doUpdateSet({ name: r.name, parent_code: r.parent_code, level: r.level, kind: r.kind }),
      )
      .execute();
  }
}

export async function upsertAliases(db: Kysely<DB>, rows: { old_code: string; code: string; note: string }[]) {
  for (const r of rows) {
    await db
      .insertInto('region_alias')
      .values(r)
      .onConflict((oc) => oc.column('old_code').doUpdateSet({ code: r.code, note: r.note }))
      .execute();
  }
}
