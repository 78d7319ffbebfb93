import { sql, type RawBuilder } from 'kysely';
import type { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import { AppError } from '../../server/http/errors.ts';
import * as audit from '../audit/audit.service.ts';
import type { Principal } from '../auth/principal.ts';
import type { AckInput, AdviceDetailOut, AdviceInput, AdviceOut, AdviceQuery, OutstandingOut } from './manufacturers.schema.ts';
import { makerScope, type MakerScope } from './manufacturers.scope.ts';

/** Advice a caller sees, as SQL on `a` (manufacturer_advice). */
function adviceVisible(scope: MakerScope): RawBuilder<boolean> {
  switch (scope.kind) {
    case 'all':
      return sql<boolean>`true`;
    case 'manufacturer':
      return sql<boolean>`a.manufacturer_org_id = ${scope.orgId}`;
    case 'recipient':
      return sql<boolean>`EXISTS (SELECT 1 FROM manufacturer_advice_recipient r WHERE r.advice_id = a.id AND r.org_id = ${scope.orgId})`;
    case 'region':
      return sql<boolean>`EXISTS (SELECT 1 FROM manufacturer_advice_elevator ae WHERE ae.advice_id = a.id AND ae.region_code >= ${scope.prefix} AND ae.region_code < ${`${scope.prefix}~`})`;
    case 'none':
      return sql<boolean>`false`;
  }
}

/**
 * Sends advice (维保建议 / 安全提示) to the use units and maintenance companies of the manufacturer's in-use
 * elevators that match the criteria. The elevators and one recipient row per organisation and role are written
 * with the advice in one transaction, set-based (an advice on a popular model may reach tens of thousands of units).
 */
export async function sendAdvice(ctx: AppContext, p: Principal, input: z.infer<typeof AdviceInput>) {
  const scope = makerScope(ctx, p);
  if (scope.kind !== 'manufacturer') throw new AppError('FORBIDDEN');
  const now = ctx.clock.now();
  const criteria = { ...(input.models?.length ? { models: input.models } : {}), ...(input.regionCode ? { regionCode: input.regionCode } : {}), ...(input.registrationCodes?.length ? { registrationCodes: input.registrationCodes } : {}) };
  const id = await ctx.store.db.transaction().execute(async (trx) => {
    const advice = await trx
      .insertInto('manufacturer_advice')
      .values({ manufacturer_org_id: scope.orgId, kind: input.kind, title: input.title, body: input.body, criteria: JSON.stringify(criteria), elevator_count: 0, sent_at: now, created_by: p.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    const prefix = input.regionCode ? ctx.regions.prefix(input.regionCode) : '';
    const picked = await sql<{ n: number }>`
      WITH ins AS (
        INSERT INTO manufacturer_advice_elevator (advice_id, elevator_id, region_code)
        SELECT ${advice.id}, e.id, e.region_code FROM elevator e
         WHERE e.manufacturer_org_id = ${scope.orgId} AND e.status = 'IN_USE'
           ${input.models?.length ? sql`AND e.model = ANY(${input.models}::text[])` : sql``}
           ${prefix ? sql`AND e.region_code >= ${prefix} AND e.region_code < ${`${prefix}~`}` : sql``}
           ${input.registrationCodes?.length ? sql`AND e.registration_code = ANY(${input.registrationCodes}::text[])` : sql``}
        RETURNING 1)
      SELECT count(*)::int AS n FROM ins`.execute(trx);
    const n = picked.rows[0]?.n ?? 0;
    if (!n) throw new AppError('ADVICE_NO_ELEVATORS');
    await sql`
      INSERT INTO manufacturer_advice_recipient (advice_id, org_id, role, elevator_count)
      SELECT ${advice.id}, x.org_id, x.role, count(*)::int FROM (
        SELECT e.use_unit_id AS org_id, 'use_unit' AS role FROM manufacturer_advice_elevator ae JOIN elevator e ON e.id = ae.elevator_id WHERE ae.advice_id = ${advice.id} AND e.use_unit_id IS NOT NULL
        UNION ALL
        SELECT e.maintenance_org_id, 'maintenance' FROM manufacturer_advice_elevator ae JOIN elevator e ON e.id = ae.elevator_id WHERE ae.advice_id = ${advice.id} AND e.maintenance_org_id IS NOT NULL
      ) x GROUP BY x.org_id, x.role`.execute(trx);
    await trx.updateTable('manufacturer_advice').set({ elevator_count: n }).where('id', '=', advice.id).execute();
    await audit.record(trx, audit.actorOf(p), now, [{ action: 'manufacturer.advice.send', entityType: 'manufacturer_advice', entityId: String(advice.id), after: { kind: input.kind, title: input.title, criteria, elevators: n } }]);
    return advice.id;
  });
  return getAdvice(ctx, p, id);
}

type Row = {
  id: number; manufacturer_org_id: number; org_name: string; kind: z.infer<typeof AdviceOut>['kind']; title: string; body: string; criteria: z.infer<typeof AdviceOut>['criteria'];
  elevator_count: number; sent_at: Date; recipients: number; acknowledged: number; my_count: number | null; my_ack: Date | null; my_note: string | null;
};

function select(scope: MakerScope, where: RawBuilder<boolean>) {
  const me = scope.kind === 'recipient' ? scope.orgId : 0;
  return sql<Row>`
    SELECT a.id, a.manufacturer_org_id, o.name AS org_name, a.kind, a.title, a.body, a.criteria, a.elevator_count, a.sent_at,
           (SELECT count(*)::int FROM manufacturer_advice_recipient r WHERE r.advice_id = a.id) AS recipients,
           (SELECT count(*)::int FROM manufacturer_advice_recipient r WHERE r.advice_id = a.id AND r.acknowledged_at IS NOT NULL) AS acknowledged,
           (SELECT sum(r.elevator_count)::int FROM manufacturer_advice_recipient r WHERE r.advice_id = a.id AND r.org_id = ${me}) AS my_count,
           (SELECT min(r.acknowledged_at) FROM manufacturer_advice_recipient r WHERE r.advice_id = a.id AND r.org_id = ${me}) AS my_ack,
           (SELECT max(r.note) FROM manufacturer_advice_recipient r WHERE r.advice_id = a.id AND r.org_id = ${me}) AS my_note
      FROM manufacturer_advice a JOIN organization o ON o.id = a.manufacturer_org_id
     WHERE ${adviceVisible(scope)} AND ${where}`;
}

const present = (r: Row): z.infer<typeof AdviceOut> => ({
  id: r.id, manufacturer: { id: r.manufacturer_org_id, name: r.org_name }, kind: r.kind, title: r.title, body: r.body, criteria: r.criteria, elevatorCount: r.elevator_count,
  sentAt: r.sent_at.toISOString(), recipients: r.recipients, acknowledged: r.acknowledged,
  mine: r.my_count === null ? null : { elevatorCount: r.my_count, acknowledgedAt: r.my_ack?.toISOString() ?? null, note: r.my_note },
});

/** Advice in scope, newest first; `outstanding`: a recipient's unacknowledged ones, otherwise those not acknowledged by all. */
export async function listAdvice(ctx: AppContext, p: Principal, q: z.infer<typeof AdviceQuery>) {
  const scope = makerScope(ctx, p);
  const outstanding = !q.outstanding
    ? sql<boolean>`true`
    : scope.kind === 'recipient'
      ? sql<boolean>`EXISTS (SELECT 1 FROM manufacturer_advice_recipient r WHERE r.advice_id = a.id AND r.org_id = ${scope.orgId} AND r.acknowledged_at IS NULL)`
      : sql<boolean>`EXISTS (SELECT 1 FROM manufacturer_advice_recipient r WHERE r.advice_id = a.id AND r.acknowledged_at IS NULL)`;
  const [rows, count] = await Promise.all([
    sql<Row>`${select(scope, outstanding)} ORDER BY a.sent_at DESC, a.id DESC LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`.execute(ctx.store.db),
    sql<{ n: number }>`SELECT count(*)::int AS n FROM manufacturer_advice a WHERE ${adviceVisible(scope)} AND ${outstanding}`.execute(ctx.store.db),
  ]);
  return { items: rows.rows.map(present), total: count.rows[0]?.n ?? 0 };
}

/** One advice with its recipients (a recipient: only itself) and up to 200 of its elevators (a recipient: its own). */
export async function getAdvice(ctx: AppContext, p: Principal, id: number): Promise<z.infer<typeof AdviceDetailOut>> {
  const scope = makerScope(ctx, p);
  const { rows } = await select(scope, sql<boolean>`a.id = ${id}`).execute(ctx.store.db);
  if (!rows[0]) throw new AppError('ADVICE_NOT_FOUND');
  const own = scope.kind === 'recipient' ? sql`AND r.org_id = ${scope.orgId}` : sql``;
  const ownElevators = scope.kind === 'recipient' ? sql`AND (e.use_unit_id = ${scope.orgId} OR e.maintenance_org_id = ${scope.orgId})` : scope.kind === 'region' ? sql`AND ae.region_code >= ${scope.prefix} AND ae.region_code < ${`${scope.prefix}~`}` : sql``;
  const [recipients, elevators] = await Promise.all([
    sql<{ org_id: number; name: string; role: 'use_unit' | 'maintenance'; elevator_count: number; acknowledged_at: Date | null; note: string | null }>`
      SELECT r.org_id, o.name, r.role, r.elevator_count, r.acknowledged_at, r.note FROM manufacturer_advice_recipient r JOIN organization o ON o.id = r.org_id
       WHERE r.advice_id = ${id} ${own} ORDER BY r.acknowledged_at IS NULL DESC, o.name LIMIT 1000`.execute(ctx.store.db),
    sql<{ registration_code: string; address: string; model: string | null }>`
      SELECT e.registration_code, e.address, e.model FROM manufacturer_advice_elevator ae JOIN elevator e ON e.id = ae.elevator_id
       WHERE ae.advice_id = ${id} ${ownElevators} ORDER BY e.registration_code LIMIT 200`.execute(ctx.store.db),
  ]);
  return {
    ...present(rows[0]),
    recipientList: recipients.rows.map((r) => ({ org: { id: r.org_id, name: r.name }, role: r.role, elevatorCount: r.elevator_count, acknowledgedAt: r.acknowledged_at?.toISOString() ?? null, note: r.note })),
    elevators: elevators.rows.map((e) => ({ registrationCode: e.registration_code, address: e.address, model: e.model })),
  };
}

/** A recipient acknowledges advice sent to its organisation (every role it received it in); audited. */
export async function acknowledge(ctx: AppContext, p: Principal, id: number, input: z.infer<typeof AckInput>) {
  const now = ctx.clock.now();
  await ctx.store.db.transaction().execute(async (trx) => {
    const mine = await trx.selectFrom('manufacturer_advice_recipient').select(['role', 'acknowledged_at']).where('advice_id', '=', id).where('org_id', '=', p.orgId).forUpdate().execute();
    if (!mine.length) throw new AppError('ADVICE_NOT_FOUND');
    if (mine.every((r) => r.acknowledged_at)) throw new AppError('ADVICE_ALREADY_ACKNOWLEDGED');
    await trx.updateTable('manufacturer_advice_recipient').set({ acknowledged_at: now, acknowledged_by: p.userId, note: input.note ?? null }).where('advice_id', '=', id).where('org_id', '=', p.orgId).where('acknowledged_at', 'is', null).execute();
    await audit.record(trx, audit.actorOf(p), now, [{ action: 'manufacturer.advice.acknowledge', entityType: 'manufacturer_advice', entityId: String(id), after: { orgId: p.orgId, note: input.note ?? null } }]);
  });
  return getAdvice(ctx, p, id);
}

/** Recipients that have not acknowledged, oldest first: a manufacturer's own advice; regulators' recipients in region. */
export async function outstanding(ctx: AppContext, p: Principal, q: { page: number; pageSize: number }): Promise<z.infer<typeof OutstandingOut>> {
  const scope = makerScope(ctx, p);
  const cond =
    scope.kind === 'manufacturer' ? sql`a.manufacturer_org_id = ${scope.orgId}`
    : scope.kind === 'recipient' ? sql`r.org_id = ${scope.orgId}`
    : scope.kind === 'region' ? sql`ro.region_code >= ${scope.prefix} AND ro.region_code < ${`${scope.prefix}~`}`
    : scope.kind === 'all' ? sql`true` : sql`false`;
  const from = sql`FROM manufacturer_advice_recipient r JOIN manufacturer_advice a ON a.id = r.advice_id JOIN organization ro ON ro.id = r.org_id JOIN organization mo ON mo.id = a.manufacturer_org_id
    WHERE r.acknowledged_at IS NULL AND ${cond}`;
  const [rows, count] = await Promise.all([
    sql<{ advice_id: number; title: string; sent_at: Date; m_id: number; m_name: string; org_id: number; org_name: string; role: 'use_unit' | 'maintenance'; elevator_count: number }>`
      SELECT a.id AS advice_id, a.title, a.sent_at, mo.id AS m_id, mo.name AS m_name, ro.id AS org_id, ro.name AS org_name, r.role, r.elevator_count ${from}
       ORDER BY a.sent_at, ro.name LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`.execute(ctx.store.db),
    sql<{ n: number }>`SELECT count(*)::int AS n ${from}`.execute(ctx.store.db),
  ]);
  const now = ctx.clock.now().getTime();
  return {
    items: rows.rows.map((r) => ({
      advice: { id: r.advice_id, title: r.title, sentAt: r.sent_at.toISOString(), manufacturer: { id: r.m_id, name: r.m_name } },
      org: { id: r.org_id, name: r.org_name }, role: r.role, elevatorCount: r.elevator_count, acknowledgedAt: null, note: null,
      days: Math.floor((now - r.sent_at.getTime()) / 86_400_000),
    })),
    total: count.rows[0]?.n ?? 0,
  };
}
