import { sql, type Kysely } from 'kysely';
import type { DB } from '../../server/db/schema.ts';
import type { z } from 'zod';
import { employmentVisible, personVisible, type PeopleScope } from './personnel.scope.ts';
import type { CertificateOut, EmploymentOut, PersonQuery, PersonSummary } from './personnel.schema.ts';

type Cert = z.infer<typeof CertificateOut>;

/** YYYY-MM-DD plus `days`. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Certificates within this many days of their date are shown as expiring. */
export const EXPIRING_DAYS = 90;

export function certState(expiresOn: string | null, today: string): Cert['state'] {
  if (!expiresOn) return 'unknown';
  if (expiresOn < today) return 'expired';
  return expiresOn <= addDays(today, EXPIRING_DAYS) ? 'expiring' : 'valid';
}

/** One page of people in scope, with their certificates and (visible) organisations. */
export async function findPeople(db: Kysely<DB>, scope: PeopleScope, q: Partial<z.infer<typeof PersonQuery>>, today: string) {
  const conds = [personVisible(scope)];
  if (q.q) conds.push(sql<boolean>`p.name LIKE ${`%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
  if (q.certificateNo) conds.push(sql<boolean>`EXISTS (SELECT 1 FROM person_certificate c WHERE c.person_id = p.id AND c.number = ${q.certificateNo})`);
  if (q.kind) conds.push(sql<boolean>`EXISTS (SELECT 1 FROM person_certificate c WHERE c.person_id = p.id AND c.kind = ${q.kind})`);
  if (q.certificateState === 'expired') conds.push(sql<boolean>`EXISTS (SELECT 1 FROM person_certificate c WHERE c.person_id = p.id AND c.expires_on < ${today})`);
  if (q.certificateState === 'expiring') conds.push(sql<boolean>`EXISTS (SELECT 1 FROM person_certificate c WHERE c.person_id = p.id AND c.expires_on >= ${today} AND c.expires_on <= ${addDays(today, EXPIRING_DAYS)})`);
  if (q.orgId) conds.push(sql<boolean>`EXISTS (SELECT 1 FROM person_employment e2 WHERE e2.person_id = p.id AND e2.org_id = ${q.orgId})`);
  const where = sql.join(conds, sql` AND `);
  const pageSize = q.pageSize ?? 20;
  const [rows, count] = await Promise.all([
    sql<{ id: number; name: string; id_masked: string | null; phone_masked: string | null; id_hash: string | null }>`
      SELECT p.id, p.name, p.id_masked, p.phone_masked, p.id_hash FROM person p WHERE ${where}
       ORDER BY p.name, p.id LIMIT ${pageSize} OFFSET ${((q.page ?? 1) - 1) * pageSize}`.execute(db),
    sql<{ n: number }>`SELECT count(*)::int AS n FROM person p WHERE ${where}`.execute(db),
  ]);
  return { items: await summaries(db, scope, rows.rows, today), total: count.rows[0]?.n ?? 0 };
}

/** A visible person's row, or undefined (outside the scope looks the same as missing). */
export async function findPerson(db: Kysely<DB>, scope: PeopleScope, id: number) {
  const { rows } = await sql<{ id: number; name: string; id_masked: string | null; phone_masked: string | null; id_hash: string | null }>`
    SELECT p.id, p.name, p.id_masked, p.phone_masked, p.id_hash FROM person p WHERE p.id = ${id} AND ${personVisible(scope)}`.execute(db);
  return rows[0];
}

/** Presenter: picks what may leave. The hash never leaves; `verified` says whether there is one. */
export async function summaries(
  db: Kysely<DB>,
  scope: PeopleScope,
  rows: { id: number; name: string; id_masked: string | null; phone_masked: string | null; id_hash: string | null }[],
  today: string,
): Promise<z.infer<typeof PersonSummary>[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const [certs, orgs] = await Promise.all([
    db.selectFrom('person_certificate').selectAll().where('person_id', 'in', ids).orderBy('kind').orderBy('number').execute(),
    sql<{ person_id: number; id: number; name: string }>`
      SELECT DISTINCT pe.person_id, o.id, o.name FROM person_employment pe JOIN organization o ON o.id = pe.org_id
       WHERE pe.person_id = ANY(${ids}::bigint[]) AND ${employmentVisible(scope)} ORDER BY o.name`.execute(db),
  ]);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    idMasked: r.id_masked,
    phoneMasked: r.phone_masked,
    verified: r.id_hash !== null,
    certificates: certs.filter((c) => c.person_id === r.id).map((c) => presentCert(c, today)),
    orgs: orgs.rows.filter((o) => o.person_id === r.id).map((o) => ({ id: o.id, name: o.name })),
  }));
}

export function presentCert(
  c: { id: number; kind: Cert['kind']; number: string; qualification: string | null; authority: string | null; issued_on: string | null; expires_on: string | null; source: Cert['source'] },
  today: string,
): Cert {
  return { id: c.id, kind: c.kind, number: c.number, qualification: c.qualification, authority: c.authority, issuedOn: c.issued_on, expiresOn: c.expires_on, state: certState(c.expires_on, today), source: c.source };
}

export async function employmentsOf(db: Kysely<DB>, scope: PeopleScope, personId: number): Promise<z.infer<typeof EmploymentOut>[]> {
  const { rows } = await sql<{ id: number; org_id: number; org_name: string; role: z.infer<typeof EmploymentOut>['role']; number: string | null; employed_from: string; employed_to: string | null; source: z.infer<typeof EmploymentOut>['source'] }>`
    SELECT pe.id, pe.org_id, o.name AS org_name, pe.role, c.number, pe.employed_from, pe.employed_to, pe.source
      FROM person_employment pe JOIN organization o ON o.id = pe.org_id LEFT JOIN person_certificate c ON c.id = pe.certificate_id
     WHERE pe.person_id = ${personId} AND ${employmentVisible(scope)} ORDER BY pe.employed_from DESC, pe.id DESC`.execute(db);
  return rows.map((r) => ({ id: r.id, org: { id: r.org_id, name: r.org_name }, role: r.role, certificateNo: r.number, employedFrom: r.employed_from, employedTo: r.employed_to, source: r.source }));
}

/** Elevators the person is the current safety manager of (an organisation: only its own elevators). */
export async function managedElevators(db: Kysely<DB>, scope: PeopleScope, personId: number) {
  const cond = scope.kind === 'org' ? sql`a.use_unit_id = ${scope.orgId}` : scope.kind === 'region' ? sql`a.region_code >= ${scope.prefix} AND a.region_code < ${`${scope.prefix}~`}` : sql`true`;
  const [rows, count] = await Promise.all([
    sql<{ registration_code: string; address: string; assigned_from: string }>`
      SELECT e.registration_code, e.address, a.assigned_from FROM safety_manager_assignment a JOIN elevator e ON e.id = a.elevator_id
       WHERE a.person_id = ${personId} AND a.assigned_to IS NULL AND ${cond} ORDER BY e.registration_code LIMIT 200`.execute(db),
    sql<{ n: number }>`SELECT count(*)::int AS n FROM safety_manager_assignment a WHERE a.person_id = ${personId} AND a.assigned_to IS NULL AND ${cond}`.execute(db),
  ]);
  return { total: count.rows[0]?.n ?? 0, elevators: rows.rows.map((r) => ({ registrationCode: r.registration_code, address: r.address, since: r.assigned_from })) };
}
