import { sql, type Kysely } from 'kysely';
import type { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import { shanghaiDate } from '../../server/clock.ts';
import type { DB } from '../../server/db/schema.ts';
import { AppError } from '../../server/http/errors.ts';
import * as audit from '../audit/audit.service.ts';
import type { Principal } from '../auth/principal.ts';
import { hashIdNumber, maskIdNumber, maskPhone } from './personnel.domain.ts';
import { employmentsOf, findPeople, findPerson, managedElevators, presentCert, summaries } from './people.repo.ts';
import type { CertificateInput, EmploymentInput, EmploymentUpdate, PersonInput, PersonOut, PersonQuery, PersonUpdate } from './personnel.schema.ts';
import { peopleScope, type PeopleScope } from './personnel.scope.ts';

const fieldError = (field: string, message: string) => new AppError('VALIDATION_FAILED', { fields: [{ field, message }] });
const today = (ctx: AppContext) => shanghaiDate(ctx.clock.now());

export function listPeople(ctx: AppContext, p: Principal, q: z.infer<typeof PersonQuery>) {
  return findPeople(ctx.store.db, peopleScope(ctx, p), q, today(ctx));
}

export async function getPerson(ctx: AppContext, p: Principal, id: number, db: Kysely<DB> = ctx.store.db): Promise<z.infer<typeof PersonOut>> {
  const scope = peopleScope(ctx, p);
  const row = await findPerson(db, scope, id);
  if (!row) throw new AppError('PERSON_NOT_FOUND');
  const [summary] = await summaries(db, scope, [row], today(ctx));
  const [employments, safetyManagerOf] = await Promise.all([employmentsOf(db, scope, id), managedElevators(db, scope, id)]);
  return { ...summary!, employments, safetyManagerOf };
}

/** The organisation a write acts for: one's own; the platform's admins name one. */
async function actingOrg(ctx: AppContext, p: Principal, orgId?: number) {
  const admin = p.orgType === 'platform' && p.roles.includes('admin');
  if (!admin && orgId && orgId !== p.orgId) throw new AppError('FORBIDDEN');
  const id = admin ? orgId : p.orgId;
  if (!id) throw fieldError('employment.orgId', '请指定单位');
  const org = await ctx.store.db.selectFrom('organization').select(['id', 'name', 'region_code']).where('id', '=', id).executeTakeFirst();
  if (!org) throw new AppError('ORG_NOT_FOUND');
  return org;
}

/** A person this caller may change: visible and (unless an admin) employed by the caller's organisation at some time. */
async function manageable(ctx: AppContext, p: Principal, personId: number, db: Kysely<DB>) {
  const scope: PeopleScope = p.orgType === 'platform' && p.roles.includes('admin') ? { kind: 'all' } : { kind: 'org', orgId: p.orgId };
  const row = await findPerson(db, scope, personId);
  if (!row) throw new AppError('PERSON_NOT_FOUND');
  return row;
}

/** What the audit log keeps of a person: masked forms only, never the number or its hash. */
const auditView = (r: { name: string; id_masked: string | null; phone_masked: string | null }) => ({ name: r.name, idMasked: r.id_masked, phoneMasked: r.phone_masked });

/**
 * Registers a person at the caller's organisation. The ID number finds the person if anyone registered them before
 * (by its keyed hash), so a second employer adds an employment to the same person — which is what lets the
 * detections see one person at two companies — instead of creating a duplicate.
 */
export async function createPerson(ctx: AppContext, p: Principal, input: z.infer<typeof PersonInput>) {
  const org = await actingOrg(ctx, p, input.employment.orgId);
  checkPeriod(input.employment.employedFrom, input.employment.employedTo);
  const now = ctx.clock.now();
  const idHash = hashIdNumber(input.idNumber, ctx.config.PERSONNEL_ID_SECRET);
  const id = await ctx.store.db.transaction().execute(async (trx) => {
    let person = await trx.selectFrom('person').select(['id', 'name', 'id_masked', 'phone_masked']).where('id_hash', '=', idHash).executeTakeFirst();
    const existed = Boolean(person);
    if (!person) {
      person = await trx
        .insertInto('person')
        .values({ name: input.name, id_hash: idHash, id_masked: maskIdNumber(input.idNumber), phone_masked: input.phone ? maskPhone(input.phone) : null, created_at: now, updated_at: now })
        .returning(['id', 'name', 'id_masked', 'phone_masked'])
        .executeTakeFirstOrThrow();
    }
    const emp = await trx
      .insertInto('person_employment')
      .values({ person_id: person.id, org_id: org.id, role: input.employment.role, employed_from: input.employment.employedFrom, employed_to: input.employment.employedTo ?? null, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit.record(trx, audit.actorOf(p), now, [
      { action: existed ? 'personnel.employment.create' : 'personnel.person.create', entityType: 'person', entityId: String(person.id), regionCode: org.region_code, after: { ...auditView(person), employment: { id: emp.id, orgId: org.id, ...input.employment } } },
    ]);
    return person.id;
  });
  return getPerson(ctx, { ...p, orgId: org.id }, id);
}

export async function updatePerson(ctx: AppContext, p: Principal, id: number, input: z.infer<typeof PersonUpdate>) {
  const now = ctx.clock.now();
  await ctx.store.db.transaction().execute(async (trx) => {
    const before = await manageable(ctx, p, id, trx);
    const set: { name?: string; id_hash?: string; id_masked?: string; phone_masked?: string | null; updated_at: Date } = { updated_at: now };
    if (input.name) set.name = input.name;
    if (input.phone !== undefined) set.phone_masked = input.phone ? maskPhone(input.phone) : null;
    if (input.idNumber) {
      const hash = hashIdNumber(input.idNumber, ctx.config.PERSONNEL_ID_SECRET);
      const other = await trx.selectFrom('person').select('id').where('id_hash', '=', hash).where('id', '<>', id).executeTakeFirst();
      if (other) throw new AppError('PERSON_ID_TAKEN');
      set.id_hash = hash;
      set.id_masked = maskIdNumber(input.idNumber);
    }
    const after = await trx.updateTable('person').set(set).where('id', '=', id).returning(['name', 'id_masked', 'phone_masked']).executeTakeFirstOrThrow();
    await audit.record(trx, audit.actorOf(p), now, [{ action: 'personnel.person.update', entityType: 'person', entityId: String(id), before: auditView(before), after: auditView(after) }]);
  });
  return getPerson(ctx, p, id);
}

/**
 * Adds (or updates) a certificate. A number already held by a person mirrored from a registration (no ID number
 * yet) is that same person: they are merged into this one. A number held by another verified person is refused.
 */
export async function saveCertificate(ctx: AppContext, p: Principal, personId: number, input: z.infer<typeof CertificateInput>) {
  checkPeriod(input.issuedOn ?? input.expiresOn ?? '0000-01-01', input.expiresOn, 'expiresOn', '有效期早于发证日期');
  const now = ctx.clock.now();
  await ctx.store.db.transaction().execute(async (trx) => {
    await manageable(ctx, p, personId, trx);
    const held = await trx
      .selectFrom('person_certificate as c')
      .innerJoin('person as h', 'h.id', 'c.person_id')
      .select(['c.id', 'c.person_id', 'h.id_hash'])
      .where('c.kind', '=', input.kind)
      .where('c.number', '=', input.number)
      .executeTakeFirst();
    if (held && held.person_id !== personId) {
      if (held.id_hash !== null) throw new AppError('CERTIFICATE_TAKEN');
      await mergeInto(trx, held.person_id, personId);
      await audit.record(trx, audit.actorOf(p), now, [{ action: 'personnel.person.merge', entityType: 'person', entityId: String(personId), after: { merged: held.person_id, certificate: `${input.kind}:${input.number}` } }]);
    }
    const values = { qualification: input.qualification ?? null, authority: input.authority ?? null, issued_on: input.issuedOn ?? null, expires_on: input.expiresOn ?? null, source: 'manual' as const, updated_at: now };
    const row = await trx
      .insertInto('person_certificate')
      .values({ person_id: personId, kind: input.kind, number: input.number, ...values, created_at: now })
      .onConflict((oc) => oc.columns(['kind', 'number']).doUpdateSet({ person_id: personId, ...values }))
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit.record(trx, audit.actorOf(p), now, [{ action: 'personnel.certificate.save', entityType: 'person_certificate', entityId: String(row.id), after: { personId, ...input } }]);
  });
  return getPerson(ctx, p, personId);
}

/** Moves everything of a mirrored (unverified) person to `target` and removes it. */
async function mergeInto(trx: Kysely<DB>, from: number, target: number) {
  await trx.updateTable('person_certificate').set({ person_id: target }).where('person_id', '=', from).execute();
  await trx.updateTable('person_employment').set({ person_id: target }).where('person_id', '=', from).execute();
  await trx.updateTable('safety_manager_assignment').set({ person_id: target }).where('person_id', '=', from).execute();
  await trx.updateTable('personnel_detection').set({ person_id: target }).where('person_id', '=', from).execute();
  await trx.deleteFrom('person').where('id', '=', from).execute();
}

export async function deleteCertificate(ctx: AppContext, p: Principal, certId: number) {
  const now = ctx.clock.now();
  await ctx.store.db.transaction().execute(async (trx) => {
    const cert = await trx.selectFrom('person_certificate').selectAll().where('id', '=', certId).executeTakeFirst();
    if (!cert) throw new AppError('CERTIFICATE_NOT_FOUND');
    await manageable(ctx, p, cert.person_id, trx).catch(() => {
      throw new AppError('CERTIFICATE_NOT_FOUND');
    });
    if (cert.source !== 'manual') throw fieldError('certificate', '该证书来自维保人员或检验人员登记，请在原登记处修改');
    await trx.deleteFrom('person_certificate').where('id', '=', certId).execute();
    await audit.record(trx, audit.actorOf(p), now, [{ action: 'personnel.certificate.delete', entityType: 'person_certificate', entityId: String(certId), before: presentCert(cert, shanghaiDate(now)) }]);
  });
}

export async function addEmployment(ctx: AppContext, p: Principal, personId: number, input: z.infer<typeof EmploymentInput>) {
  const org = await actingOrg(ctx, p, input.orgId);
  checkPeriod(input.employedFrom, input.employedTo);
  const now = ctx.clock.now();
  await ctx.store.db.transaction().execute(async (trx) => {
    await manageable(ctx, { ...p, orgId: org.id }, personId, trx);
    const emp = await trx
      .insertInto('person_employment')
      .values({ person_id: personId, org_id: org.id, role: input.role, employed_from: input.employedFrom, employed_to: input.employedTo ?? null, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit.record(trx, audit.actorOf(p), now, [{ action: 'personnel.employment.create', entityType: 'person_employment', entityId: String(emp.id), regionCode: org.region_code, after: { personId, orgId: org.id, ...input } }]);
  });
  return getPerson(ctx, { ...p, orgId: org.id }, personId);
}

/** Changes or ends an employment entered here; mirrored registrations change where they were registered. */
export async function updateEmployment(ctx: AppContext, p: Principal, id: number, input: z.infer<typeof EmploymentUpdate>) {
  const now = ctx.clock.now();
  const admin = p.orgType === 'platform' && p.roles.includes('admin');
  const personId = await ctx.store.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('person_employment').selectAll().where('id', '=', id).executeTakeFirst();
    if (!before || (!admin && before.org_id !== p.orgId)) throw new AppError('EMPLOYMENT_NOT_FOUND');
    if (before.source !== 'personnel') throw fieldError('employment', '该任职记录来自维保人员或检验人员登记，请在原登记处修改');
    const from = input.employedFrom ?? before.employed_from;
    const to = input.employedTo === undefined ? before.employed_to : input.employedTo;
    checkPeriod(from, to ?? undefined);
    await trx.updateTable('person_employment').set({ role: input.role ?? before.role, employed_from: from, employed_to: to }).where('id', '=', id).execute();
    await audit.record(trx, audit.actorOf(p), now, [{ action: 'personnel.employment.update', entityType: 'person_employment', entityId: String(id), before: { role: before.role, employedFrom: before.employed_from, employedTo: before.employed_to }, after: { role: input.role ?? before.role, employedFrom: from, employedTo: to } }]);
    return before.person_id;
  });
  return getPerson(ctx, p, personId);
}

function checkPeriod(from: string, to: string | undefined, field = 'employedTo', message = '离职日期早于入职日期') {
  if (to && to < from) throw fieldError(field, message);
}

/** Used by the safety-manager rules: the person's current employment at `orgId` and their A certificates. */
export async function eligibility(db: Kysely<DB>, personId: number, orgId: number, day: string) {
  const { rows } = await sql<{ employed: boolean; a_expires: string | null; has_a: boolean }>`
    SELECT EXISTS (SELECT 1 FROM person_employment pe WHERE pe.person_id = ${personId} AND pe.org_id = ${orgId}
                    AND pe.employed_from <= ${day} AND (pe.employed_to IS NULL OR pe.employed_to >= ${day})) AS employed,
           EXISTS (SELECT 1 FROM person_certificate c WHERE c.person_id = ${personId} AND c.kind = 'A') AS has_a,
           (SELECT max(c.expires_on) FROM person_certificate c WHERE c.person_id = ${personId} AND c.kind = 'A') AS a_expires`.execute(db);
  return rows[0]!;
}
