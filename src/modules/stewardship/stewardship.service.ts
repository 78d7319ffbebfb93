import { sql } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import { AppError } from '../../server/http/errors.ts';
import * as audit from '../audit/audit.service.ts';
import type { Principal } from '../auth/principal.ts';
import { scopeSql } from '../elevators/elevators.scope.ts';
import { scopeOf } from '../elevators/elevators.service.ts';

/**
 * Management subject assignment (domain brief §9, issue 7 item 7). An elevator whose use unit cannot be determined
 * (no use unit on record) becomes a task for the township / street office of its region; the office appoints a
 * management subject (property company, maintenance company, professional firm, or the owners), which becomes the
 * elevator's use unit. Until then the elevator is listed here and may not be put into use (USE_UNIT_REQUIRED).
 */
export const APPOINTEE_KINDS = ['property', 'maintenance', 'professional', 'owner'] as const;

export const TaskListQuery = z.object({
  status: z.enum(['open', 'appointed', 'withdrawn']).default('open'),
  regionCode: z.string().regex(/^\d{2,6}$/).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export const TaskOut = z.object({
  id: z.number(),
  registrationCode: z.string(),
  address: z.string(),
  regionCode: z.string(),
  elevatorStatus: z.string(),
  status: z.enum(['open', 'appointed', 'withdrawn']),
  appointedOrg: z.string().nullable(),
  appointeeKind: z.enum(APPOINTEE_KINDS).nullable(),
  note: z.string().nullable(),
  openedAt: z.string(),
  waitingDays: z.number(),
});
export const TaskListOut = z.object({ items: z.array(TaskOut), total: z.number() });
export const AppointInput = z.object({
  orgId: z.number().int().positive(),
  kind: z.enum(APPOINTEE_KINDS),
  note: z.string().trim().min(1).max(500),
});

/** Elevators per sweep transaction: a first sweep over a province imported without use units stays a series of small commits. */
const SWEEP_BATCH = 5_000;

/**
 * Opens a task for every elevator without a use unit that has none open, and closes tasks whose elevator got one.
 * Batches of `batch` per transaction, each continuing after the last elevator (and task) the previous one reached:
 * a province imported without use units (a million elevators) is one pass over the registry, not one per batch.
 */
export async function sweep(ctx: AppContext, batch = SWEEP_BATCH): Promise<{ opened: number; settled: number; transactions: number }> {
  const total = { opened: 0, settled: 0, transactions: 0 };
  const cursor = { elevator: 0, task: 0 };
  for (;;) {
    const r = await sweepBatch(ctx, batch, cursor);
    total.opened += r.opened;
    total.settled += r.settled;
    total.transactions++;
    if (r.scanned < batch && r.settledScanned < batch) return total;
  }
}

async function sweepBatch(ctx: AppContext, batch: number, cursor: { elevator: number; task: number }): Promise<{ opened: number; settled: number; scanned: number; settledScanned: number }> {
  const now = ctx.clock.now();
  return ctx.store.db.transaction().execute(async (trx) => {
    // The next `batch` elevators without a use unit after the cursor; those with an open task already are passed.
    const { rows: next } = await sql<{ id: number }>`
      SELECT e.id FROM elevator e
       WHERE e.id > ${cursor.elevator} AND e.use_unit_id IS NULL AND e.status IN ('IN_USE', 'STOPPED', 'UNREGISTERED')
       ORDER BY e.id LIMIT ${batch}`.execute(trx);
    const ids = next.map((r) => Number(r.id));
    const opened = ids.length
      ? await sql<{ id: number; elevator_id: number; region_code: string }>`
          INSERT INTO stewardship_task (elevator_id, region_code, status, opened_at)
          SELECT e.id, e.region_code, 'open', ${now} FROM elevator e
           WHERE e.id = ANY (${ids}::bigint[])
             AND NOT EXISTS (SELECT 1 FROM stewardship_task t WHERE t.elevator_id = e.id AND t.status = 'open')
           ORDER BY e.id
          ON CONFLICT DO NOTHING RETURNING id, elevator_id, region_code`.execute(trx)
      : { rows: [] };
    if (ids.length) cursor.elevator = ids.at(-1)!;
    const { rows: candidates } = await sql<{ id: number; settle: boolean }>`
      SELECT t2.id, (e.use_unit_id IS NOT NULL OR e.status NOT IN ('IN_USE', 'STOPPED', 'UNREGISTERED')) AS settle
        FROM stewardship_task t2 JOIN elevator e ON e.id = t2.elevator_id
       WHERE t2.status = 'open' AND t2.id > ${cursor.task}
       ORDER BY t2.id LIMIT ${batch}`.execute(trx);
    const toSettle = candidates.filter((c) => c.settle).map((c) => Number(c.id));
    const settled = toSettle.length
      ? await sql<{ id: number; region_code: string }>`
          UPDATE stewardship_task t SET status = 'withdrawn', closed_at = ${now}, note = '使用单位已在登记中明确'
           WHERE t.id = ANY (${toSettle}::bigint[]) AND t.status = 'open'
          RETURNING t.id, t.region_code`.execute(trx)
      : { rows: [] };
    if (candidates.length) cursor.task = Number(candidates.at(-1)!.id);
    const actor = { userId: null, name: 'system:stewardship', orgId: null };
    const entries = [
      ...opened.rows.map((r) => ({ action: 'stewardship.open', entityType: 'stewardship_task', entityId: String(r.id), regionCode: r.region_code, after: { elevatorId: r.elevator_id } })),
      ...settled.rows.map((r) => ({ action: 'stewardship.withdraw', entityType: 'stewardship_task', entityId: String(r.id), regionCode: r.region_code })),
    ];
    if (entries.length) await audit.record(trx, actor, now, entries);
    return { opened: opened.rows.length, settled: settled.rows.length, scanned: ids.length, settledScanned: candidates.length };
  });
}

const FROM = sql`FROM stewardship_task t JOIN elevator e ON e.id = t.elevator_id LEFT JOIN organization o ON o.id = t.appointed_org_id`;

export async function list(ctx: AppContext, p: Principal, q: z.infer<typeof TaskListQuery>): Promise<z.infer<typeof TaskListOut>> {
  const conds = [scopeSql(scopeOf(ctx, p)), sql<boolean>`t.status = ${q.status}`];
  if (q.regionCode) {
    const prefix = ctx.regions.prefix(q.regionCode);
    conds.push(sql<boolean>`t.region_code >= ${prefix} AND t.region_code < ${`${prefix}~`}`);
  }
  const where = sql.join(conds, sql` AND `);
  const now = ctx.clock.now();
  const { db } = ctx.store;
  const [rows, count] = await Promise.all([
    sql<{ id: number; registration_code: string; address: string; region_code: string; estatus: string; status: 'open' | 'appointed' | 'withdrawn'; org: string | null; kind: (typeof APPOINTEE_KINDS)[number] | null; note: string | null; opened_at: Date }>`
      SELECT t.id, e.registration_code, e.address, t.region_code, e.status AS estatus, t.status, o.name AS org, t.appointee_kind AS kind, t.note, t.opened_at
        ${FROM} WHERE ${where} ORDER BY t.opened_at, t.id LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`.execute(db),
    sql<{ n: number }>`SELECT count(*)::int AS n ${FROM} WHERE ${where}`.execute(db),
  ]);
  return {
    items: rows.rows.map((r) => ({
      id: r.id,
      registrationCode: r.registration_code,
      address: r.address,
      regionCode: r.region_code,
      elevatorStatus: r.estatus,
      status: r.status,
      appointedOrg: r.org,
      appointeeKind: r.kind,
      note: r.note,
      openedAt: r.opened_at.toISOString(),
      waitingDays: Math.floor((now.getTime() - r.opened_at.getTime()) / 86_400_000),
    })),
    total: count.rows[0]?.n ?? 0,
  };
}

/**
 * The street office of the elevator's region (or a regulator, or an admin) appoints the management subject: it
 * becomes the elevator's use unit (registry record versioned and audited) and the task is closed.
 */
export async function appoint(ctx: AppContext, p: Principal, id: number, input: z.infer<typeof AppointInput>) {
  const { db } = ctx.store;
  const { rows } = await sql<{ id: number; status: string; elevator_id: number; region_code: string; registration_code: string }>`
    SELECT t.id, t.status, t.elevator_id, t.region_code, e.registration_code ${FROM} WHERE t.id = ${id} AND ${scopeSql(scopeOf(ctx, p))}`.execute(db);
  const t = rows[0];
  if (!t) throw new AppError('STEWARDSHIP_TASK_NOT_FOUND');
  const allowed = p.orgType === 'street_office' || p.orgType === 'regulator' || (p.orgType === 'platform' && p.roles.includes('admin'));
  if (!allowed) throw new AppError('FORBIDDEN');
  if (t.status !== 'open') throw new AppError('STEWARDSHIP_TASK_CLOSED');
  const org = await db.selectFrom('organization').select(['id', 'name', 'type']).where('id', '=', input.orgId).executeTakeFirst();
  if (!org || !['use_unit', 'maintenance', 'installer'].includes(org.type))
    throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'orgId', message: '被指定的管理主体须为已登记的使用单位（物业、业主组织、专业公司）或维保单位' }] });
  const now = ctx.clock.now();
  await db.transaction().execute(async (trx) => {
    const n = await trx.updateTable('stewardship_task').set({ status: 'appointed', appointed_org_id: org.id, appointee_kind: input.kind, note: input.note, closed_at: now, closed_by: p.userId }).where('id', '=', id).where('status', '=', 'open').executeTakeFirst();
    if (!Number(n.numUpdatedRows)) throw new AppError('STEWARDSHIP_TASK_CLOSED');
    await trx.updateTable('elevator').set((eb) => ({ use_unit_id: org.id, updated_at: now, version: eb('version', '+', 1) })).where('id', '=', t.elevator_id).execute();
    await audit.record(trx, audit.actorOf(p), now, [
      { action: 'stewardship.appoint', entityType: 'stewardship_task', entityId: String(id), regionCode: t.region_code, after: { orgId: org.id, org: org.name, kind: input.kind, note: input.note } },
      { action: 'elevator.update', entityType: 'elevator', entityId: t.registration_code, regionCode: t.region_code, before: { useUnitId: null }, after: { useUnitId: org.id, reason: 'stewardship' } },
    ]);
  });
  return (await list(ctx, p, { status: 'appointed', page: 1, pageSize: 200 })).items.find((x) => x.id === id)!;
}
