import { sql, type Kysely } from 'kysely';
import type { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import type { DB } from '../../server/db/schema.ts';
import { shanghaiDate } from '../../server/clock.ts';
import { AppError } from '../../server/http/errors.ts';
import { blobDir, findBlob, saveBlob } from '../../server/files/blob-store.ts';
import * as audit from '../audit/audit.service.ts';
import { syncRegistrations } from '../personnel/registrations-sync.ts';
import type { Principal } from '../auth/principal.ts';
import { scopeSql } from '../elevators/elevators.scope.ts';
import { scopeOf } from '../elevators/elevators.service.ts';
import { overlay, regionSettings } from '../regions/region-settings.ts';
import * as hazards from '../hazards/hazards.service.ts';
import { annexOf, CYCLES, itemsFor, type Cycle } from './catalog.ts';
import * as uploads from './record-upload.repo.ts';
import {
  checkIotModes,
  checkIotPassengers,
  checkItems,
  checkPhotos,
  checkPlace,
  checkTime,
  checkWorkerDay,
  checkWorkers,
  daysSince,
  halfMonthInterval,
  MAINTENANCE_RULES,
  nextDue,
  type Flag,
  type MaintenanceRules,
  type Visits,
} from './maintenance.domain.ts';
import type { OverdueOut, OverdueQuery, RecordInput, RecordListQuery, RecordOut, WorkerInput } from './maintenance.schema.ts';

/**
 * Maintenance records: filed by the elevator's maintenance company (API or the worker's phone form), checked on
 * arrival with evidence, and moving the elevator's maintenance clock. A company sees only its own records; regulators
 * those in their region; a use unit those of its elevators.
 */
export async function rulesFor(db: Kysely<DB>, regionCode: string): Promise<MaintenanceRules> {
  return overlay<MaintenanceRules>({ ...MAINTENANCE_RULES }, await regionSettings(db, 'maintenance_rule_setting', regionCode));
}

/** Records: a maintenance company its own; others by the registry scope of the record's elevator. */
function recordScope(ctx: AppContext, p: Principal) {
  if (p.orgType === 'maintenance') return sql<boolean>`m.org_id = ${p.orgId}`;
  return scopeSql(scopeOf(ctx, p));
}

/**
 * Files a record: validates it, runs every check on what one read returns, then writes the record, its workers,
 * photos and flags, the elevator's clock and the audit entry in one statement (two round trips in all; a transaction
 * only when hazards are raised with it).
 */
export async function submit(ctx: AppContext, p: Principal, input: RecordInput): Promise<z.infer<typeof RecordOut>> {
  const { db } = ctx.store;
  const startedAt = new Date(input.startedAt);
  const endedAt = new Date(input.endedAt);
  const now = ctx.clock.now();
  if (endedAt <= startedAt) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'endedAt', message: '结束时间须晚于开始时间' }] });
  if (endedAt.getTime() > now.getTime() + 5 * 60_000) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'endedAt', message: '结束时间不能晚于现在' }] });
  if (endedAt.getTime() - startedAt.getTime() > 24 * 3600_000) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'endedAt', message: '一次维保不超过 24 小时' }] });
  const workers = [...new Map(input.workers.map((w) => [w.certificateNo, w])).values()];
  const photos = [...new Map(input.photos.map((ph) => [ph.sha256, ph])).values()];
  const certs = workers.map((w) => w.certificateNo);
  const day = shanghaiDate(startedAt);
  const dayStart = new Date(`${day}T00:00:00+08:00`);
  const e = await uploads.readForUpload(ctx.store, {
    registrationCode: input.registrationCode,
    filerOrgId: p.orgId,
    certificates: certs,
    photoHashes: photos.map((ph) => ph.sha256),
    startedAt,
    endedAt,
    day,
    endDay: shanghaiDate(endedAt),
    dayStart,
    dayEnd: new Date(dayStart.getTime() + 86_400_000),
  });
  if (!e) throw new AppError('ELEVATOR_NOT_FOUND', { fields: [{ field: 'registrationCode', message: '登记库中没有这台电梯' }] });
  const admin = p.orgType === 'platform' && p.roles.includes('admin');
  // Only the elevator's own maintenance company files its records (admins may migrate old ones).
  if (!admin && (p.orgType !== 'maintenance' || e.maintenance_org_id !== p.orgId)) throw new AppError('FORBIDDEN', { reason: 'not this elevator’s maintenance company' });
  const orgId = e.maintenance_org_id ?? p.orgId;
  const annex = annexOf(e.category_code);
  if (!annex) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'registrationCode', message: '该设备品种没有适用的维保项目表' }] });
  const unknown = input.items.filter((i) => !i.code.startsWith(`${annex}-`));
  if (unknown.length) throw new AppError('VALIDATION_FAILED', { fields: unknown.slice(0, 5).map((u) => ({ field: 'items', message: `${u.code} 不属于附件 ${annex}（该电梯适用的项目表）` })) });
  const rules = overlay<MaintenanceRules>({ ...MAINTENANCE_RULES }, settingsMap(e.settings));
  const required = itemsFor(annex, input.cycle);

  // ---- checks (on the facts read above; evidence kept with each flag)
  const flags: Flag[] = [];
  flags.push(...checkItems(required, input.items));
  flags.push(...checkTime(startedAt, endedAt, input.cycle, rules));
  flags.push(...checkPlace({ lat: e.latitude === null ? null : Number(e.latitude), lon: e.longitude === null ? null : Number(e.longitude) }, input.startLocation, input.endLocation, rules));
  flags.push(...checkPhotos(required, input.items, photos, new Map(e.reused.map((r) => [r.sha256, Number(r.record_id)]))));
  flags.push(...checkWorkers(orgId, day, workers, e.regs.map((r) => ({ ...r, orgId: Number(r.orgId) }))));
  for (const w of workers) {
    const same = e.same_day.filter((s) => s.certificate_no === w.certificateNo);
    flags.push(...checkWorkerDay(w, e.id, startedAt, endedAt, same.map((s) => ({ recordId: Number(s.record_id), elevatorId: Number(s.elevator_id), startedAt: new Date(s.started_at), endedAt: new Date(s.ended_at) })), rules));
  }
  // The terminal's view of the visit, when the elevator is monitored and its terminal was reporting by then.
  if (e.monitored) {
    const log = e.modes.map((m) => ({ at: new Date(m.at), mode: m.mode }));
    flags.push(...checkIotModes({ startedAt, endedAt }, log, true));
    flags.push(...checkIotPassengers({ startedAt, endedAt }, log, e.occupancy, rules.iotPassengerMinutes));
  }

  // ---- the clock: on-demand maintenance (按需维保) lets a connected elevator with no entrapment in 90 days go longer.
  const od = rules.onDemand ? await uploads.onDemandFacts(db, e.id, day) : { connected: false, trapped: false };
  const intervalDays = halfMonthInterval(rules, { connected: od.connected, goodRecord: !od.trapped });
  const covered = CYCLES.slice(0, CYCLES.indexOf(input.cycle) + 1);
  const recordId = Number(e.record_id);
  const write = (trx?: Kysely<DB>) =>
    uploads.writeUpload(ctx.store, {
      recordId,
      elevatorId: e.id,
      regionCode: e.region_code,
      orgId,
      cycle: input.cycle,
      startedAt,
      endedAt,
      start: input.startLocation,
      end: input.endLocation,
      items: input.items,
      parts: input.parts,
      createdBy: p.userId,
      now,
      workers,
      photos,
      flags,
      day,
      covers: { quarter: covered.includes('quarter'), halfYear: covered.includes('half_year'), year: covered.includes('year') },
      intervalDays,
      audit: audit.appendStatement(audit.actorOf(p), now, [
        { action: 'maintenance.record.create', entityType: 'maintenance_record', entityId: String(recordId), regionCode: e.region_code, after: { registrationCode: e.registration_code, cycle: input.cycle, startedAt: input.startedAt, items: input.items.length, flags: flags.map((f) => f.code) } },
      ]),
    }, trx);
  let found: Awaited<ReturnType<typeof hazards.raise>> = [];
  const written = input.hazards.length
    ? await db.transaction().execute(async (trx) => {
        found = await hazards.raise(
          trx,
          now,
          input.hazards.map((h) => ({ elevatorId: e.id, source: 'maintenance' as const, sourceRef: String(recordId), item: h.item, description: h.description, severity: h.severity, remedy: h.remedy, raisedBy: p.userId })),
        );
        return write(trx);
      })
    : await write();
  const d = written.due;
  const visits = nextDue({ half_month: d.last_visit, quarter: d.last_quarter, half_year: d.last_half_year, year: d.last_year }, intervalDays, day);
  // The answer is built from what was just written (a busy upload path does not read it all back).
  return {
    id: recordId,
    registrationCode: e.registration_code,
    address: e.address,
    company: { id: orgId, name: e.org_name ?? '' },
    cycle: input.cycle,
    startedAt: startedAt.toISOString(),
    endedAt: endedAt.toISOString(),
    workers,
    items: input.items,
    photos: photos.map((ph) => ({ sha256: ph.sha256, takenAt: new Date(ph.takenAt).toISOString(), itemCode: ph.itemCode ?? null, uploaded: false })),
    flags: written.flags.map((f) => ({ id: Number(f.id), code: f.code as z.infer<typeof RecordOut>['flags'][number]['code'], message: f.message, status: 'open' as const, evidence: f.evidence })),
    confirmedBy: null,
    confirmedAt: null,
    hazards: found,
    nextDue: visits,
  };
}

/** Rule rows of the region's prefixes: the most specific prefix setting a key wins (as regionSettings). */
function settingsMap(rows: { prefix: string; key: string; value: number }[]): Map<string, number> {
  return new Map([...rows].sort((a, b) => a.prefix.length - b.prefix.length).map((r) => [r.key, Number(r.value)]));
}

interface Row {
  id: number;
  registration_code: string;
  address: string;
  org_id: number;
  org_name: string;
  cycle: Cycle;
  started_at: Date;
  ended_at: Date;
  items: { code: string; result: z.infer<typeof RecordOut>['items'][number]['result']; value?: number | null }[];
  region_code: string;
  elevator_id: number;
  confirmed_by: string | null;
  confirmed_at: Date | null;
}
const FROM = sql`FROM maintenance_record m JOIN elevator e ON e.id = m.elevator_id JOIN organization o ON o.id = m.org_id`;

export async function get(ctx: AppContext, p: Principal, id: number): Promise<z.infer<typeof RecordOut>> {
  const { db } = ctx.store;
  const { rows } = await sql<Row>`SELECT m.id, e.registration_code, e.address, m.org_id, o.name AS org_name, m.cycle, m.started_at, m.ended_at, m.items, m.region_code, m.elevator_id,
      m.confirmed_by, m.confirmed_at
    ${FROM} WHERE m.id = ${id} AND ${recordScope(ctx, p)}`.execute(db);
  const r = rows[0];
  if (!r) throw new AppError('MAINTENANCE_RECORD_NOT_FOUND');
  const [workers, photos, flags, due, found] = await Promise.all([
    db.selectFrom('maintenance_record_worker').select(['name', 'certificate_no']).where('record_id', '=', id).execute(),
    sql<{ sha256: string; taken_at: Date | null; item_code: string | null; uploaded: boolean }>`SELECT ph.sha256, ph.taken_at, ph.item_code, (f.sha256 IS NOT NULL) AS uploaded
      FROM maintenance_photo ph LEFT JOIN maintenance_photo_file f ON f.sha256 = ph.sha256 WHERE ph.record_id = ${id} ORDER BY ph.sha256`.execute(db),
    db.selectFrom('maintenance_flag').select(['id', 'code', 'message', 'status', 'evidence']).where('record_id', '=', id).orderBy('id').execute(),
    db.selectFrom('maintenance_due').selectAll().where('elevator_id', '=', r.elevator_id).executeTakeFirst(),
    db.selectFrom('hazard').select(['id', 'item', 'severity', 'remedy', 'status', 'deadline']).where('source', '=', 'maintenance').where('source_ref', '=', String(id)).orderBy('id').execute(),
  ]);
  const rules = await rulesFor(db, r.region_code);
  const v: Visits = { half_month: due?.last_visit ?? null, quarter: due?.last_quarter ?? null, half_year: due?.last_half_year ?? null, year: due?.last_year ?? null };
  const next = nextDue(v, rules.halfMonthDays, shanghaiDate(ctx.clock.now()));
  return {
    id: r.id,
    registrationCode: r.registration_code,
    address: r.address,
    company: { id: r.org_id, name: r.org_name },
    cycle: r.cycle,
    startedAt: r.started_at.toISOString(),
    endedAt: r.ended_at.toISOString(),
    workers: workers.map((w) => ({ name: w.name, certificateNo: w.certificate_no })),
    items: r.items,
    photos: photos.rows.map((ph) => ({ sha256: ph.sha256, takenAt: ph.taken_at ? ph.taken_at.toISOString() : null, itemCode: ph.item_code, uploaded: ph.uploaded })),
    flags: flags.map((f) => ({ id: f.id, code: f.code as z.infer<typeof RecordOut>['flags'][number]['code'], message: f.message, status: f.status, evidence: f.evidence })),
    confirmedBy: r.confirmed_by,
    confirmedAt: r.confirmed_at ? r.confirmed_at.toISOString() : null,
    hazards: found,
    nextDue: { ...next, half_month: due?.next_due ?? next.half_month },
  };
}

export async function list(ctx: AppContext, p: Principal, q: z.infer<typeof RecordListQuery>) {
  const conds = [recordScope(ctx, p)];
  if (q.registrationCode) conds.push(sql<boolean>`e.registration_code = ${q.registrationCode}`);
  if (q.regionCode) {
    const prefix = ctx.regions.prefix(q.regionCode);
    conds.push(sql<boolean>`(m.region_code >= ${prefix} AND m.region_code < ${`${prefix}~`})`);
  }
  if (q.flagged) conds.push(sql<boolean>`EXISTS (SELECT 1 FROM maintenance_flag f WHERE f.record_id = m.id)`);
  if (q.from) conds.push(sql<boolean>`m.started_at >= ${new Date(`${q.from}T00:00:00+08:00`)}`);
  if (q.to) conds.push(sql<boolean>`m.started_at < ${new Date(Date.parse(`${q.to}T00:00:00+08:00`) + 86_400_000)}`);
  const where = sql.join(conds, sql` AND `);
  const { db } = ctx.store;
  const [rows, count] = await Promise.all([
    sql<Row & { flag_count: number }>`SELECT m.id, e.registration_code, e.address, m.org_id, o.name AS org_name, m.cycle, m.started_at, m.ended_at, m.items, m.region_code, m.elevator_id,
        m.confirmed_by, m.confirmed_at,
        (SELECT count(*)::int FROM maintenance_flag f WHERE f.record_id = m.id) AS flag_count
      ${FROM} WHERE ${where} ORDER BY m.started_at DESC, m.id DESC LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`.execute(db),
    sql<{ n: number }>`SELECT count(*)::int AS n ${FROM} WHERE ${where}`.execute(db),
  ]);
  return {
    items: rows.rows.map((r) => ({
      id: r.id,
      registrationCode: r.registration_code,
      address: r.address,
      company: { id: r.org_id, name: r.org_name },
      cycle: r.cycle,
      startedAt: r.started_at.toISOString(),
      endedAt: r.ended_at.toISOString(),
      flagCount: r.flag_count,
      confirmedBy: r.confirmed_by,
      confirmedAt: r.confirmed_at ? r.confirmed_at.toISOString() : null,
    })),
    total: count.rows[0]?.n ?? 0,
  };
}

/**
 * In-use elevators past their half-month due date (never visited ones included: their clock is due at once), most
 * overdue first. Every elevator has a clock row (clockMissing), so this is a range read of (region, next due).
 */
export async function overdue(ctx: AppContext, p: Principal, q: z.infer<typeof OverdueQuery>): Promise<z.infer<typeof OverdueOut>> {
  const today = shanghaiDate(ctx.clock.now());
  const scope = scopeOf(ctx, p);
  if (q.regionCode && scope.kind === 'region' && !ctx.regions.prefix(q.regionCode).startsWith(scope.prefix)) throw new AppError('REGION_OUT_OF_SCOPE');
  const conds = [scopeSql(scope), sql<boolean>`e.status = 'IN_USE'`, sql<boolean>`d.next_due < ${today}`];
  if (q.regionCode) {
    const prefix = ctx.regions.prefix(q.regionCode);
    conds.push(sql<boolean>`(d.region_code >= ${prefix} AND d.region_code < ${`${prefix}~`})`);
  }
  const where = sql.join(conds, sql` AND `);
  const from = sql`FROM maintenance_due d JOIN elevator e ON e.id = d.elevator_id LEFT JOIN organization o ON o.id = e.maintenance_org_id`;
  const { db } = ctx.store;
  const [rows, count] = await Promise.all([
    sql<{ registration_code: string; address: string; last_visit: string | null; next_due: string | null; company: string | null }>`
      SELECT e.registration_code, e.address, d.last_visit, d.next_due, o.name AS company ${from} WHERE ${where}
       ORDER BY d.next_due, d.elevator_id LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`.execute(db),
    sql<{ n: number }>`SELECT count(*)::int AS n FROM maintenance_due d JOIN elevator e ON e.id = d.elevator_id WHERE ${where}`.execute(db),
  ]);
  return {
    items: rows.rows.map((r) => ({ registrationCode: r.registration_code, address: r.address, lastDate: r.last_visit, daysSince: r.last_visit ? daysSince(r.last_visit, today) : null, nextDue: r.next_due, company: r.company })),
    total: count.rows[0]?.n ?? 0,
  };
}

/**
 * Gives every elevator without a maintenance clock one (new registrations, imports): never visited on record, so
 * due 15 days after it went into service (at the latest yesterday) — overdue at once, oldest first.
 * Run by the maintenance runtime every minute; returns how many were added.
 */
export async function clockMissing(ctx: AppContext, limit = 50_000): Promise<number> {
  const today = shanghaiDate(ctx.clock.now());
  const { rows } = await sql<{ n: number }>`
    WITH ins AS (
      INSERT INTO maintenance_due (elevator_id, region_code, last_visit, next_due)
      SELECT e.id, e.region_code, NULL, least(coalesce(e.commissioning_date, e.registration_date, ${today}::date - 16) + 15, ${today}::date - 1)
        FROM elevator e LEFT JOIN maintenance_due d ON d.elevator_id = e.id
       WHERE d.elevator_id IS NULL ORDER BY e.id LIMIT ${limit}
      ON CONFLICT (elevator_id) DO NOTHING RETURNING 1)
    SELECT count(*)::int AS n FROM ins`.execute(ctx.store.db);
  return rows[0]?.n ?? 0;
}

export async function addWorker(ctx: AppContext, p: Principal, input: z.infer<typeof WorkerInput>) {
  const orgId = p.orgType === 'maintenance' ? p.orgId : input.orgId;
  if (!orgId) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'orgId', message: '请指定维保单位' }] });
  if (p.orgType === 'maintenance' && input.orgId && input.orgId !== p.orgId) throw new AppError('FORBIDDEN');
  const { db } = ctx.store;
  const org = await db.selectFrom('organization').select(['id', 'name', 'type', 'region_code']).where('id', '=', orgId).executeTakeFirst();
  if (!org || org.type !== 'maintenance') throw new AppError('ORG_NOT_FOUND');
  const now = ctx.clock.now();
  return db.transaction().execute(async (trx) => {
    const r = await trx
      .insertInto('maintenance_worker')
      .values({ org_id: org.id, name: input.name, certificate_no: input.certificateNo, valid_to: input.validTo ?? null, employed_from: input.employedFrom, employed_to: input.employedTo ?? null })
      .onConflict((oc) => oc.columns(['org_id', 'certificate_no', 'employed_from']).doUpdateSet({ name: input.name, valid_to: input.validTo ?? null, employed_to: input.employedTo ?? null }))
      .returningAll()
      .executeTakeFirstOrThrow();
    await syncRegistrations(trx, now, { source: 'maintenance_worker', ids: [r.id] });
    await audit.record(trx, audit.actorOf(p), now, [{ action: 'maintenance.worker.save', entityType: 'maintenance_worker', entityId: String(r.id), regionCode: org.region_code, after: { ...input, orgId: org.id } }]);
    return { id: r.id, company: { id: org.id, name: org.name }, name: r.name, certificateNo: r.certificate_no, validTo: r.valid_to, employedFrom: r.employed_from, employedTo: r.employed_to };
  });
}

function photoDir(ctx: AppContext): string {
  return blobDir(ctx.config.DATA_DIR, 'photos');
}

export async function uploadPhoto(ctx: AppContext, p: Principal, sha256: string, body: Buffer) {
  const saved = await saveBlob(photoDir(ctx), sha256, body, { allowed: ['jpg', 'png'], maxBytes: 10 * 1024 * 1024, what: '照片' });
  await ctx.store.db.insertInto('maintenance_photo_file').values({ sha256, bytes: saved.bytes, uploaded_at: ctx.clock.now() }).onConflict((oc) => oc.doNothing()).execute();
  void p;
  return { sha256, bytes: saved.bytes };
}

/** Flags of records in scope, newest first, with their evidence. */
export async function flags(ctx: AppContext, p: Principal, q: { status?: 'open' | 'upheld' | 'dismissed'; code?: string; regionCode?: string; page: number; pageSize: number }) {
  const conds = [recordScope(ctx, p)];
  if (q.status) conds.push(sql<boolean>`f.status = ${q.status}`);
  if (q.code) conds.push(sql<boolean>`f.code = ${q.code}`);
  if (q.regionCode) {
    const prefix = ctx.regions.prefix(q.regionCode);
    conds.push(sql<boolean>`(f.region_code >= ${prefix} AND f.region_code < ${`${prefix}~`})`);
  }
  const where = sql.join(conds, sql` AND `);
  const from = sql`FROM maintenance_flag f JOIN maintenance_record m ON m.id = f.record_id JOIN elevator e ON e.id = m.elevator_id JOIN organization o ON o.id = m.org_id`;
  const [rows, count] = await Promise.all([
    sql<{ id: number; record_id: number; registration_code: string; company: string; code: string; message: string; evidence: unknown; status: string; outcome: string | null; created_at: Date }>`
      SELECT f.id, f.record_id, e.registration_code, o.name AS company, f.code, f.message, f.evidence, f.status, f.outcome, f.created_at
      ${from} WHERE ${where} ORDER BY f.id DESC LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`.execute(ctx.store.db),
    sql<{ n: number }>`SELECT count(*)::int AS n ${from} WHERE ${where}`.execute(ctx.store.db),
  ]);
  return {
    items: rows.rows.map((r) => ({ id: r.id, recordId: r.record_id, registrationCode: r.registration_code, company: r.company, code: r.code, message: r.message, evidence: r.evidence, status: r.status, outcome: r.outcome, createdAt: r.created_at.toISOString() })),
    total: count.rows[0]?.n ?? 0,
  };
}

/** A regulator records the outcome; an upheld faked record counts against the company's grade. */
export async function reviewFlag(ctx: AppContext, p: Principal, id: number, input: { status: 'upheld' | 'dismissed'; outcome: string }) {
  const { db } = ctx.store;
  const { rows } = await sql<{ id: number; status: string; region_code: string }>`
    SELECT f.id, f.status, f.region_code FROM maintenance_flag f JOIN maintenance_record m ON m.id = f.record_id JOIN elevator e ON e.id = m.elevator_id
     WHERE f.id = ${id} AND ${scopeSql(scopeOf(ctx, p))}`.execute(db);
  const f = rows[0];
  if (!f) throw new AppError('FLAG_NOT_FOUND');
  const now = ctx.clock.now();
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('maintenance_flag').set({ status: input.status, outcome: input.outcome, reviewed_by: p.userId, reviewed_at: now }).where('id', '=', id).execute();
    await audit.record(trx, audit.actorOf(p), now, [{ action: 'maintenance.flag.review', entityType: 'maintenance_flag', entityId: String(id), regionCode: f.region_code, before: { status: f.status }, after: input }]);
  });
  return { id, status: input.status, outcome: input.outcome };
}

/** The use unit's safety manager confirms (signs) a record of one of its elevators. */
export async function confirm(ctx: AppContext, p: Principal, id: number, signer: string) {
  if (p.orgType !== 'use_unit') throw new AppError('FORBIDDEN');
  const { db } = ctx.store;
  const r = await db
    .selectFrom('maintenance_record as m')
    .innerJoin('elevator as e', 'e.id', 'm.elevator_id')
    .select(['m.id', 'm.confirmed_at', 'm.region_code'])
    .where('m.id', '=', id)
    .where('e.use_unit_id', '=', p.orgId)
    .executeTakeFirst();
  if (!r) throw new AppError('MAINTENANCE_RECORD_NOT_FOUND');
  if (r.confirmed_at) throw new AppError('RECORD_ALREADY_CONFIRMED');
  const now = ctx.clock.now();
  await db.transaction().execute(async (trx) => {
    const done = await trx.updateTable('maintenance_record').set({ confirmed_by: signer, confirmed_at: now }).where('id', '=', id).where('confirmed_at', 'is', null).executeTakeFirst();
    if (!Number(done.numUpdatedRows)) throw new AppError('RECORD_ALREADY_CONFIRMED');
    await audit.record(trx, audit.actorOf(p), now, [{ action: 'maintenance.record.confirm', entityType: 'maintenance_record', entityId: String(id), regionCode: r.region_code, before: { confirmedAt: r.confirmed_at }, after: { signer } }]);
  });
  return { id, confirmedBy: signer, confirmedAt: now.toISOString() };
}

/**
 * The maintenance plan: each elevator's next visit per cycle (re-based whenever a visit is filed), for one elevator
 * or for the elevators in scope whose half-month visit falls due within `withinDays` (a company's work list).
 */
export async function plan(ctx: AppContext, p: Principal, q: { registrationCode?: string; regionCode?: string; withinDays: number; page: number; pageSize: number }) {
  const today = shanghaiDate(ctx.clock.now());
  const until = new Date(Date.parse(`${today}T00:00:00Z`) + q.withinDays * 86_400_000).toISOString().slice(0, 10);
  const conds = [scopeSql(scopeOf(ctx, p)), sql<boolean>`e.status = 'IN_USE'`];
  if (q.registrationCode) conds.push(sql<boolean>`e.registration_code = ${q.registrationCode}`);
  else conds.push(sql<boolean>`(d.next_due IS NULL OR d.next_due <= ${until})`);
  if (q.regionCode) {
    const prefix = ctx.regions.prefix(q.regionCode);
    conds.push(sql<boolean>`(e.region_code >= ${prefix} AND e.region_code < ${`${prefix}~`})`);
  }
  const where = sql.join(conds, sql` AND `);
  const from = sql`FROM elevator e LEFT JOIN maintenance_due d ON d.elevator_id = e.id`;
  const [rows, count] = await Promise.all([
    sql<{ registration_code: string; address: string; region_code: string; last_visit: string | null; last_quarter: string | null; last_half_year: string | null; last_year: string | null; next_due: string | null }>`
      SELECT e.registration_code, e.address, e.region_code, d.last_visit, d.last_quarter, d.last_half_year, d.last_year, d.next_due ${from} WHERE ${where}
       ORDER BY d.next_due NULLS FIRST, e.id LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`.execute(ctx.store.db),
    sql<{ n: number }>`SELECT count(*)::int AS n ${from} WHERE ${where}`.execute(ctx.store.db),
  ]);
  return {
    today,
    items: rows.rows.map((r) => {
      const v: Visits = { half_month: r.last_visit, quarter: r.last_quarter, half_year: r.last_half_year, year: r.last_year };
      const due = nextDue(v, 15, today);
      // The stored half-month date carries the region's on-demand interval; the longer cycles are by the calendar.
      const next = { ...due, half_month: r.next_due ?? today };
      const cycle = (['year', 'half_year', 'quarter', 'half_month'] as const).find((c) => next[c] <= (r.next_due ?? today)) ?? 'half_month';
      return { registrationCode: r.registration_code, address: r.address, regionCode: r.region_code, lastVisits: v, nextDue: next, nextVisitCycle: cycle };
    }),
    total: count.rows[0]?.n ?? 0,
  };
}

export async function listWorkers(ctx: AppContext, p: Principal, orgId?: number) {
  let q = ctx.store.db.selectFrom('maintenance_worker as w').innerJoin('organization as o', 'o.id', 'w.org_id').selectAll('w').select('o.name as org_name');
  if (p.orgType === 'maintenance') q = q.where('w.org_id', '=', p.orgId);
  else if (orgId) q = q.where('w.org_id', '=', orgId);
  const rows = await q.orderBy('w.name').limit(1000).execute();
  return rows.map((r) => ({ id: r.id, company: { id: r.org_id, name: r.org_name }, name: r.name, certificateNo: r.certificate_no, validTo: r.valid_to, employedFrom: r.employed_from, employedTo: r.employed_to }));
}

export async function listNotifications(ctx: AppContext, p: Principal) {
  let q = ctx.store.db.selectFrom('maintenance_notification as n').innerJoin('organization as o', 'o.id', 'n.org_id').select(['n.org_id', 'o.name', 'n.city_code', 'n.licence_no', 'n.filed_at']);
  if (p.orgType === 'maintenance') q = q.where('n.org_id', '=', p.orgId);
  const rows = await q.orderBy('n.filed_at', 'desc').limit(1000).execute();
  return rows.map((r) => ({ company: { id: r.org_id, name: r.name }, cityCode: r.city_code, cityName: ctx.regions.get(r.city_code)?.name ?? r.city_code, licenceNo: r.licence_no, filedAt: r.filed_at.toISOString() }));
}

/** A photo's bytes, for anyone who may see a record naming it. */
export async function readPhoto(ctx: AppContext, p: Principal, sha256: string): Promise<{ file: string; type: string }> {
  const { rows } = await sql<{ record_id: number }>`SELECT ph.record_id FROM maintenance_photo ph JOIN maintenance_record m ON m.id = ph.record_id JOIN elevator e ON e.id = m.elevator_id
     WHERE ph.sha256 = ${sha256} AND ${recordScope(ctx, p)} LIMIT 1`.execute(ctx.store.db);
  if (!rows.length) throw new AppError('NOT_FOUND');
  const found = findBlob(photoDir(ctx), sha256, ['jpg', 'png']);
  if (!found) throw new AppError('NOT_FOUND');
  return found;
}
