import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import type { DB } from '../../server/db/schema.ts';
import { AppError } from '../../server/http/errors.ts';
import * as audit from '../audit/audit.service.ts';
import type { Principal, Scope } from '../auth/principal.ts';
import { scopeSql } from '../elevators/elevators.scope.ts';
import { scopeOf } from '../elevators/elevators.service.ts';
import { clearAlarms, type AlarmChange } from './alarm-engine.ts';
import { FAULT_TYPES, SEVERITIES } from './iot.domain.ts';

/** Alarms as operators see and handle them: list, history, acknowledge, clear with a reason, assign, comment. */
export const AlarmOut = z.object({
  id: z.number(),
  type: z.string(),
  severity: z.enum(SEVERITIES),
  status: z.enum(['active', 'cleared']),
  acknowledged: z.boolean(),
  openedAt: z.string(),
  clearedAt: z.string().nullable(),
  occurrences: z.number(),
  lastAt: z.string(),
  registrationCode: z.string(),
  address: z.string(),
  regionCode: z.string(),
  source: z.enum(['device', 'rule']),
  vendorCode: z.string().nullable(),
  escalated: z.boolean(),
  assignee: z.object({ id: z.number(), name: z.string() }).nullable(),
  clearReason: z.string().nullable(),
});
export type AlarmOut = z.infer<typeof AlarmOut>;

export const AlarmDetailOut = AlarmOut.extend({
  history: z.array(z.object({ kind: z.string(), at: z.string(), actor: z.string().nullable(), detail: z.unknown().nullable() })),
});

export const AlarmListQuery = z.object({
  registrationCode: z.string().trim().max(40).optional(),
  status: z.enum(['active', 'cleared']).optional(),
  type: z.enum(FAULT_TYPES).optional(),
  severity: z.enum(SEVERITIES).optional(),
  acknowledged: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  regionCode: z.string().regex(/^\d{2,6}$/).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type AlarmListQuery = z.infer<typeof AlarmListQuery>;

export interface AlarmRow {
  id: number;
  type: string;
  severity: AlarmOut['severity'];
  status: 'active' | 'cleared';
  acknowledged: boolean;
  opened_at: Date;
  cleared_at: Date | null;
  occurrences: number;
  last_at: Date;
  registration_code: string;
  address: string;
  region_code: string;
  source: 'device' | 'rule';
  vendor_code: string | null;
  escalated_at: Date | null;
  assignee_id: number | null;
  assignee_name: string | null;
  clear_reason: string | null;
  elevator_id: number;
  place_type: string;
  use_unit_id: number | null;
  maintenance_org_id: number | null;
  manufacturer_org_id: number | null;
}

export const ALARM_COLUMNS = sql`a.id, a.type, a.severity, a.status, a.acknowledged, a.opened_at, a.cleared_at, a.occurrences, a.last_at,
  e.registration_code, e.address, a.region_code, a.source, a.vendor_code, a.escalated_at, a.assignee_id, u.display_name AS assignee_name, a.clear_reason,
  a.elevator_id, e.place_type, e.use_unit_id, e.maintenance_org_id, e.manufacturer_org_id`;
export const ALARM_FROM = sql`FROM alarm a JOIN elevator e ON e.id = a.elevator_id LEFT JOIN app_user u ON u.id = a.assignee_id`;

export function presentAlarm(r: AlarmRow): AlarmOut {
  return {
    id: r.id,
    type: r.type,
    severity: r.severity,
    status: r.status,
    acknowledged: r.acknowledged,
    openedAt: r.opened_at.toISOString(),
    clearedAt: r.cleared_at?.toISOString() ?? null,
    occurrences: r.occurrences,
    lastAt: r.last_at.toISOString(),
    registrationCode: r.registration_code,
    address: r.address,
    regionCode: r.region_code,
    source: r.source,
    vendorCode: r.vendor_code,
    escalated: !!r.escalated_at,
    assignee: r.assignee_id ? { id: r.assignee_id, name: r.assignee_name ?? String(r.assignee_id) } : null,
    clearReason: r.clear_reason,
  };
}

export async function list(ctx: AppContext, p: Principal, q: AlarmListQuery) {
  const conds = [scopeSql(scopeOf(ctx, p))];
  if (q.registrationCode) conds.push(sql<boolean>`e.registration_code = ${q.registrationCode}`);
  if (q.status) conds.push(sql<boolean>`a.status = ${q.status}`);
  if (q.type) conds.push(sql<boolean>`a.type = ${q.type}`);
  if (q.severity) conds.push(sql<boolean>`a.severity = ${q.severity}`);
  if (q.acknowledged !== undefined) conds.push(sql<boolean>`a.acknowledged = ${q.acknowledged}`);
  if (q.regionCode) {
    const prefix = ctx.regions.prefix(q.regionCode);
    conds.push(sql<boolean>`(a.region_code >= ${prefix} AND a.region_code < ${`${prefix}~`})`);
  }
  const where = sql.join(conds, sql` AND `);
  const [{ rows }, { rows: count }] = await Promise.all([
    sql<AlarmRow>`SELECT ${ALARM_COLUMNS} ${ALARM_FROM} WHERE ${where} ORDER BY a.opened_at DESC, a.id DESC LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`.execute(ctx.store.db),
    sql<{ n: number }>`SELECT count(*)::int AS n FROM alarm a JOIN elevator e ON e.id = a.elevator_id WHERE ${where}`.execute(ctx.store.db),
  ]);
  return { items: rows.map(presentAlarm), total: count[0]?.n ?? 0 };
}

async function findAlarm(db: Kysely<DB>, scope: Scope, id: number, lock = false): Promise<AlarmRow> {
  const { rows } = await sql<AlarmRow>`SELECT ${ALARM_COLUMNS} ${ALARM_FROM} WHERE a.id = ${id} AND ${scopeSql(scope)} ${lock ? sql`FOR UPDATE OF a` : sql``}`.execute(db);
  if (!rows[0]) throw new AppError('ALARM_NOT_FOUND');
  return rows[0];
}

export async function get(ctx: AppContext, p: Principal, id: number) {
  const a = await findAlarm(ctx.store.db, scopeOf(ctx, p), id);
  const history = await sql<{ kind: string; at: Date; actor: string | null; detail: unknown }>`
    SELECT ae.kind, ae.at, u.display_name AS actor, ae.detail FROM alarm_event ae LEFT JOIN app_user u ON u.id = ae.actor_id
     WHERE ae.alarm_id = ${id} ORDER BY ae.id`.execute(ctx.store.db);
  return { ...presentAlarm(a), history: history.rows.map((h) => ({ kind: h.kind, at: h.at.toISOString(), actor: h.actor, detail: h.detail ?? null })) };
}

type Action = { kind: 'ack'; comment?: string } | { kind: 'clear'; reason: string } | { kind: 'assign'; userId: number } | { kind: 'comment'; text: string };

/** One operator action on an alarm, audited; returns the alarm and what changed for live feeds. */
export async function act(ctx: AppContext, p: Principal, id: number, action: Action): Promise<{ alarm: AlarmOut; changes: AlarmChange[] }> {
  const scope = scopeOf(ctx, p);
  const now = ctx.clock.now();
  const changes: AlarmChange[] = [];
  await ctx.store.db.transaction().execute(async (trx) => {
    const a = await findAlarm(trx, scope, id, true);
    const event = (kind: string, detail: unknown) =>
      trx.insertInto('alarm_event').values({ alarm_id: id, kind, at: now, actor_id: p.userId, detail: detail == null ? null : JSON.stringify(detail) }).execute();
    switch (action.kind) {
      case 'ack':
        if (a.status === 'cleared') throw new AppError('ALARM_ALREADY_CLEARED');
        if (!a.acknowledged) {
          await trx.updateTable('alarm').set({ acknowledged: true, acknowledged_at: now, acknowledged_by: p.userId, version: sql`version + 1` }).where('id', '=', id).execute();
          await event('acknowledged', action.comment ? { comment: action.comment } : null);
          changes.push({ action: 'acknowledged', alarmId: id });
        }
        break;
      case 'clear': {
        if (a.status === 'cleared') throw new AppError('ALARM_ALREADY_CLEARED');
        const c = await clearAlarms(trx, a.elevator_id, a.type, now, { actorId: p.userId, reason: action.reason }, id);
        if (!c.length) {
          // Opened "in the future" by a device clock ahead of ours: clear it anyway, the operator decided.
          await trx.updateTable('alarm').set({ status: 'cleared', cleared_at: now, cleared_by: p.userId, clear_reason: action.reason, version: sql`version + 1` }).where('id', '=', id).execute();
          await event('cleared', { reason: action.reason });
        }
        changes.push({ action: 'cleared', alarmId: id });
        break;
      }
      case 'assign': {
        const user = await trx.selectFrom('app_user').select(['id', 'display_name']).where('id', '=', action.userId).executeTakeFirst();
        if (!user) throw new AppError('USER_NOT_FOUND', { fields: [{ field: 'userId', message: '未找到该用户' }] });
        await trx.updateTable('alarm').set({ assignee_id: user.id, version: sql`version + 1` }).where('id', '=', id).execute();
        await event('assigned', { userId: user.id, name: user.display_name });
        changes.push({ action: 'assigned', alarmId: id });
        break;
      }
      case 'comment':
        await event('commented', { text: action.text });
        changes.push({ action: 'commented', alarmId: id });
        break;
    }
    await audit.record(trx, audit.actorOf(p), now, [
      { action: `alarm.${action.kind}`, entityType: 'alarm', entityId: String(id), regionCode: a.region_code, before: { status: a.status, acknowledged: a.acknowledged, assigneeId: a.assignee_id }, after: action },
    ]);
  });
  return { alarm: presentAlarm(await findAlarm(ctx.store.db, scope, id)), changes };
}
