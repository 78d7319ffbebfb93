import { sql, type Kysely } from 'kysely';
import type { DB } from '../../server/db/schema.ts';

/**
 * Links the registrations other modules keep — maintenance workers (maintenance_worker, certificate kind T) and
 * inspectors (inspector, kind `inspector`) — to people, by certificate number.
 *
 * Decision: a sync in code, not a migration backfill. The maintenance and inspection services call it in the
 * transaction that writes a registration (so the personnel pages are current at once), and every detection run
 * first syncs everything (so rows written any other way — imports, seeds, older data — are linked before they are
 * judged). Each step is one set-based, idempotent statement:
 * 1. a certificate number nobody holds yet gets a person (identity not verified: no ID number; `origin` names the
 *    certificate) and the certificate;
 * 2. a certificate that came from registrations takes the latest expiry they name (a certificate entered in the
 *    personnel module is authoritative and left alone);
 * 3. every registration becomes (or updates) an employment row of the certificate's holder, keyed by its source row.
 * When an organisation later enters the certificate under a person with an ID number, the unverified person is
 * merged into that one (people.service.ts), and the registration's employment follows.
 */
export async function syncRegistrations(db: Kysely<DB>, now: Date, only?: { source: 'maintenance_worker' | 'inspector'; ids: number[] }): Promise<void> {
  for (const source of ['maintenance_worker', 'inspector'] as const) {
    if (only && only.source !== source) continue;
    const kind = source === 'maintenance_worker' ? 'T' : 'inspector';
    const table = sql.table(source);
    const pick = only ? sql`w.id = ANY(${only.ids}::bigint[])` : sql`true`;
    const qualification = source === 'inspector' ? sql`max(w.qualification)` : sql`NULL::text`;
    await sql`
      INSERT INTO person (name, origin, created_at, updated_at)
      SELECT DISTINCT ON (w.certificate_no) w.name, ${`${kind}:`} || w.certificate_no, ${now}, ${now}
        FROM ${table} w
       WHERE ${pick} AND NOT EXISTS (SELECT 1 FROM person_certificate c WHERE c.kind = ${kind} AND c.number = w.certificate_no)
       ORDER BY w.certificate_no, w.employed_from DESC
      ON CONFLICT (origin) DO NOTHING`.execute(db);
    await sql`
      INSERT INTO person_certificate (person_id, kind, number, qualification, expires_on, source, created_at, updated_at)
      SELECT p.id, ${kind}, w.certificate_no, ${qualification}, max(w.valid_to), ${source}, ${now}, ${now}
        FROM ${table} w JOIN person p ON p.origin = ${`${kind}:`} || w.certificate_no
       WHERE ${pick}
       GROUP BY p.id, w.certificate_no
      ON CONFLICT (kind, number) DO NOTHING`.execute(db);
    await sql`
      UPDATE person_certificate c SET expires_on = s.valid_to, updated_at = ${now}
        FROM (SELECT w2.certificate_no, max(w2.valid_to) AS valid_to FROM ${table} w2
               WHERE w2.certificate_no IN (SELECT w.certificate_no FROM ${table} w WHERE ${pick}) GROUP BY w2.certificate_no) s
       WHERE c.kind = ${kind} AND c.number = s.certificate_no AND c.source <> 'manual' AND c.expires_on IS DISTINCT FROM s.valid_to`.execute(db);
    await sql`
      INSERT INTO person_employment (person_id, org_id, role, certificate_id, employed_from, employed_to, source, source_id, created_at)
      SELECT c.person_id, w.org_id, ${source}, c.id, w.employed_from, w.employed_to, ${source}, w.id, ${now}
        FROM ${table} w JOIN person_certificate c ON c.kind = ${kind} AND c.number = w.certificate_no
       WHERE ${pick} AND (w.employed_to IS NULL OR w.employed_to >= w.employed_from)
      ON CONFLICT (source, source_id) WHERE source_id IS NOT NULL DO UPDATE
         SET person_id = excluded.person_id, org_id = excluded.org_id, certificate_id = excluded.certificate_id,
             employed_from = excluded.employed_from, employed_to = excluded.employed_to
       WHERE (person_employment.person_id, person_employment.org_id, person_employment.certificate_id, person_employment.employed_from, person_employment.employed_to)
             IS DISTINCT FROM (excluded.person_id, excluded.org_id, excluded.certificate_id, excluded.employed_from, excluded.employed_to)`.execute(db);
  }
}
