import { sql, type Kysely } from 'kysely';
import { piiCipher } from '../../server/pii.ts';
import type { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import type { DB } from '../../server/db/schema.ts';
import { AppError } from '../../server/http/errors.ts';
import { shanghaiDayStart } from '../../server/clock.ts';
import * as audit from '../audit/audit.service.ts';
import { can, type Principal } from '../auth/principal.ts';
import { scopeSql, likeEscape } from '../elevators/elevators.scope.ts';
import { scopeOf } from '../elevators/elevators.service.ts';
import { ACTIONS, arriveSeconds, maskPhone, RESPONDER_ACTIONS, remainingSeconds, SLA_DEFAULTS, transition, urgency, type Action } from './emergency.domain.ts';
import type { ActionInput, BoardOut, IncidentCreate, IncidentDetailOut, IncidentListOut, IncidentListQuery, IncidentOut, LookupOut, SlaInput, SlaOut } from './emergency.schema.ts';
import { act, elevatorFacts, intake, slaFor, REPEAT_DAYS, type IncidentRow } from './incident-engine.ts';
import { incidentScope, incidentScopeSql, type IncidentScope } from './incident.scope.ts';

/** The 96333 service as callers use it: intake, actions, lists, the board, the call-form lookup, SLA settings. */

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Retries a transaction that lost a race on the one-open-incident index (another node took the same call). */
async function withRetry<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if ((err as { code?: string }).code === '23505' && String((err as Error).message).includes('incident_open_elevator_idx') && attempt < 3) continue;
      throw err;
    }
  }
}

/** A call or app report taken by a dispatcher: the elevator must be in the dispatcher's region. */
export async function create(ctx: AppContext, p: Principal, input: IncidentCreate): Promise<z.infer<typeof IncidentDetailOut>> {
  const e = await findElevator(ctx, p, input.code);
  const now = ctx.clock.now();
  const r = await withRetry(() =>
    ctx.store.db.transaction().execute((trx) =>
      intake(trx, ctx, audit.actorOf(p), e, { source: input.source, type: input.type, trapped: input.trapped, injured: input.injured, callerPhone: input.callerPhone, description: input.description, receivedAt: now }),
    ),
  );
  return { ...(await get(ctx, p, r.id)), merged: r.merged };
}

/** The public QR page: no login, the elevator by its code, a trapped or fault report into the dispatcher's queue. */
export async function publicReport(ctx: AppContext, input: { code: string; type: 'trapped' | 'fault'; trapped?: number; callerPhone?: string; description?: string }) {
  const code = input.code.trim();
  const e = /^(\d{20}|\d{5,7})$/.test(code) ? await elevatorFacts(ctx.store.db, { code }) : undefined;
  if (!e) throw new AppError('PUBLIC_ELEVATOR_NOT_FOUND');
  const now = ctx.clock.now();
  const actor = { userId: null, name: 'public:qr', orgId: null };
  const r = await withRetry(() =>
    ctx.store.db.transaction().execute((trx) =>
      intake(trx, ctx, actor, e, { source: 'qr', type: input.type, trapped: input.trapped ?? (input.type === 'trapped' ? 1 : undefined), callerPhone: input.callerPhone, description: input.description, receivedAt: now }),
    ),
  );
  const row = await ctx.store.db.selectFrom('incident').select(['id', 'status', 'received_at']).where('id', '=', r.id).executeTakeFirstOrThrow();
  return { id: row.id, status: row.status, receivedAt: row.received_at.toISOString(), merged: r.merged };
}

async function findElevator(ctx: AppContext, p: Principal, code: string) {
  const row = await ctx.store.db
    .selectFrom('elevator as e')
    .select('e.id')
    .where((eb) => eb.or([eb('e.registration_code', '=', code), eb('e.rescue_code', '=', code)]))
    .where(scopeSql(scopeOf(ctx, p)))
    .executeTakeFirst();
  const e = row && (await elevatorFacts(ctx.store.db, { id: row.id }));
  if (!e) throw new AppError('ELEVATOR_NOT_FOUND', { fields: [{ field: 'code', message: '未找到该救援识别码或注册代码对应的电梯' }] });
  return e;
}

/** What a caller may do to an incident now: a dispatcher everything the state allows; a rescuer its own call-out. */
export function allowedActions(p: Principal, inc: Pick<IncidentRow, 'type' | 'status' | 'tier' | 'assigned_org_id'>): Action[] {
  const dispatcher = can(p, 'emergency.dispatch');
  const responder = can(p, 'emergency.respond') && inc.assigned_org_id === p.orgId;
  return ACTIONS.filter((a) => (dispatcher || (responder && RESPONDER_ACTIONS.includes(a))) && transition(inc, a).ok);
}

export async function perform(ctx: AppContext, p: Principal, id: number, input: ActionInput): Promise<z.infer<typeof IncidentDetailOut>> {
  const scope = incidentScope(ctx, p);
  await visibleOrThrow(ctx.store.db, scope, id);
  await ctx.store.db.transaction().execute((trx) =>
    act(trx, ctx, audit.actorOf(p), id, input, ctx.clock.now(), (inc) => {
      if (can(p, 'emergency.dispatch')) return;
      if (!can(p, 'emergency.respond') || inc.assigned_org_id !== p.orgId || !RESPONDER_ACTIONS.includes(input.action)) throw new AppError('FORBIDDEN');
    }),
  );
  return get(ctx, p, id);
}

async function visibleOrThrow(db: Kysely<DB>, scope: IncidentScope, id: number): Promise<void> {
  const row = await sql<{ id: number }>`SELECT i.id FROM incident i WHERE i.id = ${id} AND ${incidentScopeSql(scope)}`.execute(db);
  if (!row.rows.length) throw new AppError('INCIDENT_NOT_FOUND');
}

interface JoinedRow extends IncidentRow {
  registration_code: string;
  rescue_code: string | null;
  address: string;
  place_name: string | null;
  longitude: number | null;
  latitude: number | null;
  assigned_name: string | null;
}

const JOINED = sql`SELECT i.*, e.registration_code, e.rescue_code, e.address, e.place_name, e.longitude, e.latitude, ao.name AS assigned_name
  FROM incident i JOIN elevator e ON e.id = i.elevator_id LEFT JOIN organization ao ON ao.id = i.assigned_org_id`;

function present(ctx: AppContext, r: JoinedRow, p: Principal): IncidentOut {
  // Dispatchers call back; everyone else sees the caller's number masked. Stored encrypted (PII_KEY).
  const plain = piiCipher(ctx.config).decryptNullable(r.caller_phone);
  const phone = can(p, 'emergency.dispatch') ? plain : maskPhone(plain);
  return {
    id: r.id,
    status: r.status,
    source: r.source,
    channels: r.channels,
    type: r.type,
    tier: r.tier,
    assignedOrg: r.assigned_org_id ? { id: r.assigned_org_id, name: r.assigned_name ?? '' } : null,
    registrationCode: r.registration_code,
    rescueCode: r.rescue_code,
    address: r.address,
    regionCode: r.region_code,
    trapped: r.trapped,
    injured: r.injured,
    callerPhone: phone,
    description: r.description,
    receivedAt: r.received_at.toISOString(),
    dispatchedAt: iso(r.dispatched_at),
    acceptedAt: iso(r.accepted_at),
    departedAt: iso(r.departed_at),
    arrivedAt: iso(r.arrived_at),
    rescuedAt: iso(r.rescued_at),
    closedAt: iso(r.closed_at),
    cancelledAt: iso(r.cancelled_at),
    cause: r.cause,
    rescued: r.rescued_count,
    remarks: r.remarks,
    alarmId: r.alarm_id,
    repeatOf: r.repeat_of,
    breaches: r.breaches,
    escalations: r.escalations,
    version: r.version,
  };
}

async function clocksOf(db: Kysely<DB>, ids: number[], now: Date) {
  if (!ids.length) return new Map<number, z.infer<typeof BoardOut>['items'][number]['clocks']>();
  const rows = await db
    .selectFrom('incident_timer as t')
    .innerJoin('incident as i', 'i.id', 't.incident_id')
    .select(['t.incident_id', 't.kind', 't.due_at', 'i.received_at', 'i.dispatched_at', 'i.region_code', 'i.urban'])
    .where('t.incident_id', 'in', ids)
    .where('t.done_at', 'is', null)
    .where('t.fired_at', 'is', null)
    .orderBy('t.due_at')
    .execute();
  const limitsByRegion = new Map<string, Awaited<ReturnType<typeof slaFor>>>();
  const out = new Map<number, z.infer<typeof BoardOut>['items'][number]['clocks']>();
  for (const r of rows) {
    let limits = limitsByRegion.get(r.region_code);
    if (!limits) limitsByRegion.set(r.region_code, (limits = await slaFor(db, r.region_code)));
    const leg = r.kind === 'dispatch' ? limits.dispatchSeconds : r.kind === 'accept' ? limits.acceptSeconds : arriveSeconds(limits, r.urban);
    const remaining = remainingSeconds(r.due_at, now);
    const list = out.get(r.incident_id) ?? [];
    list.push({ kind: r.kind, dueAt: r.due_at.toISOString(), legSeconds: leg, remainingSeconds: remaining, urgency: urgency(remaining, leg) });
    out.set(r.incident_id, list);
  }
  return out;
}

export async function get(ctx: AppContext, p: Principal, id: number): Promise<z.infer<typeof IncidentDetailOut>> {
  const { db } = ctx.store;
  const res = await sql<JoinedRow>`${JOINED} WHERE i.id = ${id} AND ${incidentScopeSql(incidentScope(ctx, p))}`.execute(db);
  const r = res.rows[0];
  if (!r) throw new AppError('INCIDENT_NOT_FOUND');
  const now = ctx.clock.now();
  const [dispatches, events, clocks, repeats, people] = await Promise.all([
    db.selectFrom('incident_dispatch').selectAll().where('incident_id', '=', id).orderBy('id').execute(),
    db.selectFrom('incident_event').selectAll().where('incident_id', '=', id).orderBy('id').execute(),
    clocksOf(db, [id], now),
    db
      .selectFrom('incident')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('elevator_id', '=', r.elevator_id)
      .where('type', 'in', ['trapped', 'fault'])
      .where('status', '<>', 'cancelled')
      .where('received_at', '>=', new Date(r.received_at.getTime() - REPEAT_DAYS * 86_400_000))
      .where('received_at', '<', r.received_at)
      .executeTakeFirst(),
    db
      .selectFrom('elevator as e')
      .leftJoin('organization as u', 'u.id', 'e.use_unit_id')
      .leftJoin('organization as m', 'm.id', 'e.maintenance_org_id')
      .select(['e.place_name', 'e.maintenance_phone', 'u.id as uid', 'u.name as uname', 'u.contact_phone as uphone', 'm.id as mid', 'm.name as mname', 'm.hotline as mhotline', 'm.contact_phone as mphone'])
      .where('e.id', '=', r.elevator_id)
      .executeTakeFirst(),
  ]);
  return {
    ...present(ctx, r, p),
    elevator: {
      registrationCode: r.registration_code,
      address: r.address,
      placeName: r.place_name,
      longitude: r.longitude === null ? null : Number(r.longitude),
      latitude: r.latitude === null ? null : Number(r.latitude),
      useUnit: people?.uid ? { id: people.uid, name: people.uname ?? '', phone: people.uphone ?? null } : null,
      maintenance: people?.mid ? { id: people.mid, name: people.mname ?? '', phone: people.maintenance_phone ?? people.mhotline ?? people.mphone ?? null } : null,
    },
    dispatches: dispatches.map((d) => ({
      id: d.id,
      tier: d.tier,
      orgId: d.org_id,
      orgName: d.org_name,
      phone: d.phone,
      distanceKm: d.distance_km === null ? null : Number(d.distance_km),
      reason: d.reason,
      dispatchedAt: d.dispatched_at.toISOString(),
      acceptedAt: iso(d.accepted_at),
      declinedAt: iso(d.declined_at),
      endedAt: iso(d.ended_at),
      actor: d.actor_name,
    })),
    timeline: events.map((ev) => ({ id: ev.id, kind: ev.kind, at: ev.at.toISOString(), actor: ev.actor_name, detail: ev.detail ?? null })),
    clocks: clocks.get(id) ?? [],
    repeatCount30d: Number(repeats?.n ?? 0),
    allowedActions: allowedActions(p, r),
    now: now.toISOString(),
  };
}

export async function list(ctx: AppContext, p: Principal, q: IncidentListQuery): Promise<z.infer<typeof IncidentListOut>> {
  const conds = [incidentScopeSql(incidentScope(ctx, p))];
  if (q.registrationCode) conds.push(sql<boolean>`(e.registration_code = ${q.registrationCode} OR e.rescue_code = ${q.registrationCode})`);
  if (q.status === 'open') conds.push(sql<boolean>`i.status NOT IN ('closed', 'cancelled')`);
  if (q.status === 'closed') conds.push(sql<boolean>`i.status IN ('closed', 'cancelled')`);
  if (q.source) conds.push(sql<boolean>`i.source = ${q.source}`);
  if (q.type) conds.push(sql<boolean>`i.type = ${q.type}`);
  if (q.regionCode) {
    const prefix = ctx.regions.prefix(q.regionCode);
    conds.push(sql<boolean>`(i.region_code >= ${prefix} AND i.region_code < ${`${prefix}~`})`);
  }
  if (q.mine) conds.push(sql<boolean>`EXISTS (SELECT 1 FROM incident_dispatch md WHERE md.incident_id = i.id AND md.org_id = ${p.orgId})`);
  if (q.from) conds.push(sql<boolean>`i.received_at >= ${shanghaiDayStart(q.from)}`);
  if (q.to) conds.push(sql<boolean>`i.received_at < ${new Date(shanghaiDayStart(q.to).getTime() + 86_400_000)}`);
  const where = sql.join(conds, sql` AND `);
  const { db } = ctx.store;
  const [rows, count] = await Promise.all([
    sql<JoinedRow>`${JOINED} WHERE ${where} ORDER BY i.received_at DESC, i.id DESC LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`.execute(db),
    sql<{ n: number }>`SELECT count(*)::int AS n FROM incident i JOIN elevator e ON e.id = i.elevator_id WHERE ${where}`.execute(db),
  ]);
  return {
    items: rows.rows.map((r) => ({
      id: r.id,
      status: r.status,
      source: r.source,
      type: r.type,
      tier: r.tier,
      receivedAt: r.received_at.toISOString(),
      dispatchedAt: iso(r.dispatched_at),
      arrivedAt: iso(r.arrived_at),
      rescuedAt: iso(r.rescued_at),
      closedAt: iso(r.closed_at ?? r.cancelled_at),
      registrationCode: r.registration_code,
      address: r.address,
      regionCode: r.region_code,
      assignedOrg: r.assigned_org_id ? { id: r.assigned_org_id, name: r.assigned_name ?? '' } : null,
      trapped: r.trapped,
      breaches: r.breaches,
      repeatOf: r.repeat_of,
      cause: r.cause,
    })),
    total: count.rows[0]?.n ?? 0,
  };
}

const URGENCY_RANK = { breached: 0, critical: 1, warning: 2, normal: 3 } as const;

/** Open incidents in the caller's scope with their running clocks, most urgent first. */
export async function board(ctx: AppContext, p: Principal): Promise<z.infer<typeof BoardOut>> {
  const { db } = ctx.store;
  const now = ctx.clock.now();
  const rows = await sql<JoinedRow>`${JOINED} WHERE i.status NOT IN ('closed', 'cancelled') AND ${incidentScopeSql(incidentScope(ctx, p))}
    ORDER BY i.received_at LIMIT 1000`.execute(db);
  const clocks = await clocksOf(db, rows.rows.map((r) => r.id), now);
  const items = rows.rows.map((r) => {
    const c = clocks.get(r.id) ?? [];
    const worst = r.breaches.length && !c.length ? 'breached' : c.reduce<keyof typeof URGENCY_RANK>((w, k) => (URGENCY_RANK[k.urgency] < URGENCY_RANK[w] ? k.urgency : w), 'normal');
    const { id, status, source, channels, type, tier, assignedOrg, registrationCode, address, regionCode, trapped, receivedAt, breaches, repeatOf } = present(ctx, r, p);
    return {
      id, status, source, channels, type, tier, assignedOrg, registrationCode, address, regionCode, trapped, receivedAt, breaches, repeatOf,
      longitude: r.longitude === null ? null : Number(r.longitude),
      latitude: r.latitude === null ? null : Number(r.latitude),
      clocks: c,
      urgency: worst,
    };
  });
  items.sort((a, b) => URGENCY_RANK[a.urgency] - URGENCY_RANK[b.urgency] || a.receivedAt.localeCompare(b.receivedAt));
  return { now: now.toISOString(), items };
}

/** The call form's lookup: by rescue code or 注册代码 exactly, else by address; who to phone shown at once. */
export async function lookup(ctx: AppContext, p: Principal, q: string): Promise<z.infer<typeof LookupOut>> {
  const text = q.trim();
  const { db } = ctx.store;
  let base = db
    .selectFrom('elevator as e')
    .leftJoin('organization as u', 'u.id', 'e.use_unit_id')
    .leftJoin('organization as m', 'm.id', 'e.maintenance_org_id')
    .select([
      'e.id', 'e.registration_code', 'e.rescue_code', 'e.address', 'e.place_name', 'e.region_code', 'e.status', 'e.maintenance_phone',
      'u.id as uid', 'u.name as uname', 'u.contact_phone as uphone', 'm.id as mid', 'm.name as mname', 'm.hotline as mhotline', 'm.contact_phone as mphone',
    ])
    .where(scopeSql(scopeOf(ctx, p)));
  if (/^\d+$/.test(text) && (text.length === 20 || text.length <= 7)) base = base.where((eb) => eb.or([eb('e.registration_code', '=', text), eb('e.rescue_code', '=', text)]));
  else if (text.length >= 2) base = base.where(sql<boolean>`e.search_text ILIKE ${`%${likeEscape(text)}%`}`);
  else return { items: [] };
  const rows = await base.orderBy('e.registration_code').limit(10).execute();
  const ids = rows.map((r) => r.id);
  const since = new Date(ctx.clock.now().getTime() - REPEAT_DAYS * 86_400_000);
  const stats = ids.length
    ? await db
        .selectFrom('incident')
        .select(['elevator_id', (eb) => eb.fn.countAll<number>().as('n'), sql<number | null>`max(id) FILTER (WHERE status NOT IN ('closed', 'cancelled'))`.as('open_id')])
        .where('elevator_id', 'in', ids)
        .where((eb) => eb.or([eb('received_at', '>=', since), eb('status', 'not in', ['closed', 'cancelled'])]))
        .groupBy('elevator_id')
        .execute()
    : [];
  const byId = new Map(stats.map((s) => [s.elevator_id, s]));
  return {
    items: rows.map((r) => ({
      registrationCode: r.registration_code,
      rescueCode: r.rescue_code,
      address: r.address,
      placeName: r.place_name,
      regionCode: r.region_code,
      regionName: ctx.regions.fullName(r.region_code),
      status: r.status,
      useUnit: r.uid ? { id: r.uid, name: r.uname ?? '', phone: r.uphone ?? null } : null,
      maintenance: r.mid ? { id: r.mid, name: r.mname ?? '', phone: r.maintenance_phone ?? r.mhotline ?? r.mphone ?? null } : null,
      openIncidentId: byId.get(r.id)?.open_id ?? null,
      incidents30d: Number(byId.get(r.id)?.n ?? 0),
    })),
  };
}

// ---- SLA settings

export async function slaSettings(ctx: AppContext): Promise<z.infer<typeof SlaOut>> {
  const rows = await ctx.store.db.selectFrom('emergency_sla').selectAll().orderBy('region_prefix').execute();
  return {
    items: rows.map((r) => ({
      regionPrefix: r.region_prefix,
      dispatchSeconds: r.dispatch_seconds,
      acceptSeconds: r.accept_seconds,
      arriveUrbanSeconds: r.arrive_urban_seconds,
      arriveOtherSeconds: r.arrive_other_seconds,
      updatedAt: r.updated_at.toISOString(),
    })),
    defaults: SLA_DEFAULTS,
  };
}

/** A regulator sets limits for its own region; the change applies to clocks armed from now on. */
export async function putSla(ctx: AppContext, p: Principal, input: z.infer<typeof SlaInput>): Promise<z.infer<typeof SlaOut>> {
  if (input.regionCode && !ctx.regions.get(input.regionCode)) throw new AppError('REGION_NOT_FOUND', { fields: [{ field: 'regionCode', message: '未知的行政区划代码' }] });
  const scope = scopeOf(ctx, p);
  const prefix = input.regionCode ? ctx.regions.prefix(input.regionCode) : '';
  if (!(scope.kind === 'all' || (scope.kind === 'region' && !scope.placeType && input.regionCode && prefix.startsWith(scope.prefix)))) throw new AppError('REGION_OUT_OF_SCOPE');
  const now = ctx.clock.now();
  await ctx.store.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('emergency_sla').selectAll().where('region_prefix', '=', prefix).executeTakeFirst();
    const row = {
      region_prefix: prefix,
      dispatch_seconds: input.dispatchSeconds ?? null,
      accept_seconds: input.acceptSeconds ?? null,
      arrive_urban_seconds: input.arriveUrbanSeconds ?? null,
      arrive_other_seconds: input.arriveOtherSeconds ?? null,
      updated_by: p.userId,
      updated_at: now,
    };
    await trx.insertInto('emergency_sla').values(row).onConflict((oc) => oc.column('region_prefix').doUpdateSet(row)).execute();
    await audit.record(trx, audit.actorOf(p), now, [{ action: 'emergency.sla.set', entityType: 'emergency_sla', entityId: prefix || '*', regionCode: input.regionCode || null, before: before ?? null, after: row }]);
  });
  return slaSettings(ctx);
}
