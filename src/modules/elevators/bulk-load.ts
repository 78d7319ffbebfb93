import { sql, type Kysely } from 'kysely';
import type { DB } from '../../server/db/schema.ts';

/**
 * Bulk-load mode for large imports (a province's first load, a full reload). Maintaining seven secondary indexes
 * (one of them trigram GIN) and the facet-count triggers row by row is most of an import's cost; building them
 * once at the end is several times cheaper. Unique indexes stay, so 注册代码 and 救援识别码 remain enforced.
 *
 * While it runs, searches fall back to scans and facet counts are stale; both are whole again when it ends.
 * A crash in between is repaired at the next start (`repairBulkLoad`). The index definitions below are the latest
 * in the migrations (0002, the organisation indexes as redefined by 0021); bulk-load.test.ts fails if they drift apart.
 */
export const SECONDARY_INDEXES: Record<string, string> = {
  elevator_region_idx: 'CREATE INDEX IF NOT EXISTS elevator_region_idx ON elevator (region_code, registration_code)',
  elevator_use_unit_idx: 'CREATE INDEX IF NOT EXISTS elevator_use_unit_idx ON elevator (use_unit_id, region_code)',
  elevator_maintenance_idx: 'CREATE INDEX IF NOT EXISTS elevator_maintenance_idx ON elevator (maintenance_org_id, region_code)',
  elevator_manufacturer_idx: 'CREATE INDEX IF NOT EXISTS elevator_manufacturer_idx ON elevator (manufacturer_org_id, region_code)',
  elevator_status_idx: 'CREATE INDEX IF NOT EXISTS elevator_status_idx ON elevator (status, registration_code)',
  elevator_equipment_code_idx: 'CREATE INDEX IF NOT EXISTS elevator_equipment_code_idx ON elevator (equipment_code)',
  elevator_search_trgm_idx: 'CREATE INDEX IF NOT EXISTS elevator_search_trgm_idx ON elevator USING gin (search_text gin_trgm_ops)',
};
const COUNT_TRIGGERS = ['elevator_count_ins_trg', 'elevator_count_upd_trg', 'elevator_count_del_trg', 'elevator_count_old_ins_trg', 'elevator_count_old_upd_trg', 'elevator_count_old_del_trg'];

/** Imports at least this large, and at least as large as the registry already is, load in bulk mode. */
export const BULK_MIN_ROWS = 50_000;

export function wantsBulk(estimatedRows: number, existingRows: number): boolean {
  return estimatedRows >= BULK_MIN_ROWS && estimatedRows >= existingRows;
}

export async function enterBulkLoad(db: Kysely<DB>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const name of Object.keys(SECONDARY_INDEXES)) await sql.raw(`DROP INDEX IF EXISTS ${name}`).execute(trx);
    for (const t of COUNT_TRIGGERS) await sql.raw(`ALTER TABLE elevator DISABLE TRIGGER ${t}`).execute(trx);
  });
}

/** Builds the secondary indexes, recounts the facets from the rows and turns the triggers back on. */
export async function leaveBulkLoad(db: Kysely<DB>): Promise<void> {
  for (const ddl of Object.values(SECONDARY_INDEXES)) await sql.raw(ddl).execute(db);
  await db.transaction().execute(async (trx) => {
    await sql`LOCK TABLE elevator IN SHARE MODE`.execute(trx); // no writes between the recount and the triggers
    await sql`DELETE FROM elevator_count`.execute(trx);
    await sql`
      INSERT INTO elevator_count (region_code, category_code, status, place_type, commissioning_year, n)
      SELECT region_code, category_code, status, place_type, coalesce(extract(year FROM commissioning_date)::smallint, 0), count(*)
        FROM elevator GROUP BY 1, 2, 3, 4, 5`.execute(trx);
    await sql`DELETE FROM elevator_old_count`.execute(trx);
    await sql`
      INSERT INTO elevator_old_count (region_code, place_type, tier, n)
      SELECT e.region_code, e.place_type, t.tier, count(*)
        FROM elevator e, unnest(elevator_old_tiers(e.status, e.registration_date, e.manufacture_date, e.ascending_overspeed_protection)) AS t(tier)
       GROUP BY 1, 2, 3`.execute(trx);
    for (const t of COUNT_TRIGGERS) await sql.raw(`ALTER TABLE elevator ENABLE TRIGGER ${t}`).execute(trx);
  });
}

/** At start: finishes a bulk load a crash interrupted (missing indexes, disabled triggers). */
export async function repairBulkLoad(db: Kysely<DB>): Promise<boolean> {
  const { rows } = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM pg_trigger WHERE tgrelid = 'elevator'::regclass AND tgname LIKE 'elevator_count_%' AND tgenabled = 'D'`.execute(db);
  const { rows: idx } = await sql<{ indexname: string }>`SELECT indexname FROM pg_indexes WHERE tablename = 'elevator' AND schemaname = current_schema()`.execute(db);
  const present = new Set(idx.map((r) => r.indexname));
  const missing = Object.keys(SECONDARY_INDEXES).some((name) => !present.has(name));
  if (!rows[0].n && !missing) return false;
  await leaveBulkLoad(db);
  return true;
}
