import type pg from 'pg';
import { isEncrypted, type PiiCipher } from '../pii.ts';

/** The personal columns encrypted at rest (migration 0018), with their search-hash column and CHECK constraint. */
export const PII_COLUMNS = [
  { table: 'app_user', column: 'phone', hash: 'phone_hash', check: 'app_user_phone_encrypted' },
  { table: 'incident', column: 'caller_phone', hash: 'caller_phone_hash', check: 'incident_caller_phone_encrypted' },
  { table: 'complaint', column: 'reporter_contact', hash: 'reporter_contact_hash', check: 'complaint_reporter_contact_encrypted' },
] as const;

const NAME = '0018_pii_at_rest';
const BATCH = 500;
/** Same lock as the schema migrations' neighbour: two nodes starting together convert the rows once. */
const LOCK = 72_711_002;

/**
 * Encrypts the plaintext phone numbers left by earlier versions, then validates the CHECK constraints. Runs at
 * every start after the SQL migrations and does nothing once it has finished (`data_migration`). Idempotent if
 * interrupted: a value already encrypted (`v1:`) is skipped, and each update is conditional on the old value.
 * Works the same on PGlite and PostgreSQL (plain SQL, encryption in the application).
 */
export async function encryptPersonalData(pool: pg.Pool, cipher: PiiCipher, log: (msg: string) => void = () => {}): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK]);
    const done = await client.query('SELECT 1 FROM data_migration WHERE name = $1', [NAME]);
    if (done.rowCount) return 0;
    let converted = 0;
    for (const c of PII_COLUMNS) {
      for (;;) {
        const { rows } = await client.query<{ id: number; v: string }>(
          `SELECT id, ${c.column} AS v FROM ${c.table} WHERE ${c.column} IS NOT NULL AND ${c.column} NOT LIKE 'v1:%' ORDER BY id LIMIT ${BATCH}`,
        );
        if (!rows.length) break;
        await client.query('BEGIN');
        try {
          for (const r of rows) {
            if (isEncrypted(r.v)) continue;
            await client.query(`UPDATE ${c.table} SET ${c.column} = $1, ${c.hash} = $2 WHERE id = $3 AND ${c.column} = $4`, [cipher.encrypt(r.v), cipher.phoneHash(r.v), r.id, r.v]);
          }
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK');
          throw err;
        }
        converted += rows.length;
      }
      await client.query(`ALTER TABLE ${c.table} VALIDATE CONSTRAINT ${c.check}`);
    }
    await client.query('INSERT INTO data_migration (name) VALUES ($1) ON CONFLICT DO NOTHING', [NAME]);
    if (converted) log(`encrypted ${converted} personal phone numbers at rest`);
    return converted;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK]).catch(() => {});
    client.release();
  }
}
