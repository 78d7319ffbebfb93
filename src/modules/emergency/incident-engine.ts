import os from 'node:os';
import { piiCipher } from '../../server/pii.ts';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { AppContext } from '../../server/context.ts';
import type { DB, EmergencySlaTable, IncidentTable } from '../../server/db/schema.ts';
import { AppError } from '../../server/http/errors.ts';
import * as audit from '../audit/audit.service.ts';
import {
  arriveSeconds,
  isUrban,
  maskPhone,
  needsRescuer,
  nextTier,
  SLA_DEFAULTS,
  transition,
  type Action,
  type Cause,
  type IncidentSource,
  type IncidentType,
  type SlaLimits,
  type Tier,
} from './emergency.domain.ts';
import { chooseRescuer, orgTypesForTier, type ElevatorForDispatch, type Rescuer } from './rescuers.ts';

/**
 * Every change to an incident, inside the caller's transaction: intake (with deduplication), the actions of the
 * state machine, dispatch to a tier, and the firing of a legal clock. Each writes its timeline event and audit
 * entry in the same transaction, so what the board shows is what happened.
 */
export type IncidentRow = Selectable<IncidentTable>;

export const TOPIC_INCIDENT_CHANGED = 'emergency.incident.changed';

/** Advisory lock class for intake per elevator (the second key is the elevator id). */
const INTAKE_LOCK = 96333;

/** Repeat incidents on one elevator within this many days are flagged. */
export const REPEAT_DAYS = 30;

export interface ElevatorFacts extends ElevatorForDispatch {
  id: number;
  registrationCode: string;
  placeType: string;
  useUnitId: number | null;
}

export async function elevatorFacts(db: Kysely<DB>, where: { id: number } | { code: string }): Promise<ElevatorFacts | undefined> {
  let q = db
    .selectFrom('elevator')
    .select(['id', 'registration_code', 'region_code', 'place_type', 'use_unit_id', 'maintenance_org_id', 'maintenance_phone', 'longitude', 'latitude']);
  q = 'id' in where ? q.where('id', '=', where.id) : q.where((eb) => eb.or([eb('registration_code', '=', where.code), eb('rescue_code', '=', where.code)]));
  const r = await q.executeTakeFirst();
  if (!r) return undefined;
  return {
    id: r.id,
    registrationCode: r.registration_code,
    regionCode: r.region_code,
    placeType: r.place_type,
    useUnitId: r.use_unit_id,
    maintenanceOrgId: r.maintenance_org_id,
    maintenancePhone: r.maintenance_phone,
    longitude: r.longitude === null ? null : Number(r.longitude),
    latitude: r.latitude === null ? null : Number(r.latitude),
  };
}

/** The limits for a region: the most specific prefix that sets each value, else the defaults. */
export async function slaFor(db: Kysely<DB>, regionCode: string): Promise<SlaLimits> {
  return (await slaForRegions(db, [regionCode])).get(regionCode)!;
}

/** The limits of several regions in one query (a burst of entrapments spans many counties). */
export async function slaForRegions(db: Kysely<DB>, regionCodes: readonly string[]): Promise<Map<string, SlaLimits>> {
  const prefixesOf = (code: string) => ['', code.slice(0, 2), code.slice(0, 4), code];
  const all = [...new Set(regionCodes.flatMap(prefixesOf))];
  const rows = await db.selectFrom('emergency_sla').selectAll().where('region_prefix', 'in', all).execute();
  return new Map([...new Set(regionCodes)].map((code) => [code, slaOf(code, rows)]));
}

type SlaRow = Pick<EmergencySlaTable, 'region_prefix' | 'dispatch_seconds' | 'accept_seconds' | 'arrive_urban_seconds' | 'arrive_other_seconds'>;

/** A region's limits from the rows set for it and its parents (province-wide ''), the most specific winning. */
function slaOf(code: string, rows: readonly SlaRow[]): SlaLimits {
  const mine = new Set(['', code.slice(0, 2), code.slice(0, 4), code]);
  const l = { ...SLA_DEFAULTS };
  for (const r of [...rows].sort((a, b) => a.region_prefix.length - b.region_prefix.length)) {
    if (!mine.has(r.region_prefix)) continue;
    if (r.dispatch_seconds) l.dispatchSeconds = r.dispatch_seconds;
    if (r.accept_seconds) l.acceptSeconds = r.accept_seconds;
    if (r.arrive_urban_seconds) l.arriveUrbanSeconds = r.arrive_urban_seconds;
    if (r.arrive_other_seconds) l.arriveOtherSeconds = r.arrive_other_seconds;
  }
  return l;
}

export function urbanOf(ctx: AppContext, regionCode: string): boolean {
  const county = ctx.regions.get(regionCode);
  const city = ctx.regions.get(county?.cityCode ?? `${regionCode.slice(0, 4)}00`);
  return isUrban(county, city);
}

interface EventInput {
  kind: string;
  detail?: unknown;
}

async function addEvent(trx: Kysely<DB>, incidentId: number, actor: audit.Actor, at: Date, e: EventInput): Promise<void> {
  await trx
    .insertInto('incident_event')
    .values({ incident_id: incidentId, kind: e.kind, at, actor_id: actor.userId, actor_name: actor.name, org_id: actor.orgId, detail: e.detail === undefined ? null : JSON.stringify(e.detail) })
    .execute();
}

async function armTimer(trx: Kysely<DB>, incidentId: number, kind: 'dispatch' | 'accept' | 'arrive', dueAt: Date): Promise<void> {
  await trx.insertInto('incident_timer').values({ incident_id: incidentId, kind, due_at: dueAt }).execute();
}

async function finishTimers(trx: Kysely<DB>, incidentId: number, at: Date, kinds?: ('dispatch' | 'accept' | 'arrive')[]): Promise<void> {
  let q = trx.updateTable('incident_timer').set({ done_at: at }).where('incident_id', '=', incidentId).where('done_at', 'is', null).where('fired_at', 'is', null);
  if (kinds) q = q.where('kind', 'in', kinds);
  await q.execute();
}

async function lockIncident(trx: Kysely<DB>, id: number): Promise<IncidentRow | undefined> {
  return trx.selectFrom('incident').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export interface IntakeInput {
  source: IncidentSource;
  type: IncidentType;
  trapped?: number;
  injured?: number;
  callerPhone?: string;
  description?: string;
  alarmId?: number;
  receivedAt: Date;
  /** Dispatch tier 1 at once (a terminal's trapped alarm needs no dispatcher to confirm it). */
  autoDispatch?: boolean;
}

/**
 * Takes in a report about an elevator. A trapped or fault report on an elevator that already has an open call-out
 * joins it (the channel, caller and count are added to its timeline; a fault becomes trapped when someone is
 * trapped) instead of opening a second one: two nodes racing are kept apart by the unique open-incident index.
 */
export async function intake(trx: Kysely<DB>, ctx: AppContext, actor: audit.Actor, e: ElevatorFacts, input: IntakeInput): Promise<{ id: number; merged: boolean }> {
  const now = input.receivedAt;
  // Reports about one elevator are taken one at a time on every node: the second sees the first and joins it.
  await sql`SELECT pg_advisory_xact_lock(${INTAKE_LOCK}, ${e.id}::int)`.execute(trx);
  if (needsRescuer(input.type)) {
    const open = await trx
      .selectFrom('incident')
      .selectAll()
      .where('elevator_id', '=', e.id)
      .where('status', 'not in', ['closed', 'cancelled'])
      .where('type', 'in', ['trapped', 'fault'])
      .forUpdate()
      .executeTakeFirst();
    if (open) {
      await merge(trx, ctx, actor, open, input);
      return { id: open.id, merged: true };
    }
  }
  const repeat = await trx
    .selectFrom('incident')
    .select('id')
    .where('elevator_id', '=', e.id)
    .where('type', 'in', ['trapped', 'fault'])
    .where('status', '<>', 'cancelled')
    .where('received_at', '>=', new Date(now.getTime() - REPEAT_DAYS * 86_400_000))
    .orderBy('received_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  const urban = urbanOf(ctx, e.regionCode);
  const row = await trx
    .insertInto('incident')
    .values({
      elevator_id: e.id,
      region_code: e.regionCode,
      place_type: e.placeType,
      use_unit_id: e.useUnitId,
      maintenance_org_id: e.maintenanceOrgId,
      urban,
      source: input.source,
      channels: [input.source],
      type: input.type,
      status: 'received',
      tier: null,
      assigned_org_id: null,
      trapped: input.trapped ?? null,
      injured: input.injured ?? null,
      caller_phone: piiCipher(ctx.config).encryptNullable(input.callerPhone),
      caller_phone_hash: piiCipher(ctx.config).phoneHash(input.callerPhone),
      description: input.description ?? null,
      received_at: now,
      cause: null,
      rescued_count: null,
      remarks: null,
      alarm_id: input.alarmId ?? null,
      repeat_of: repeat?.id ?? null,
      import_job_id: null,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await addEvent(trx, row.id, actor, now, { kind: 'received', detail: { source: input.source, type: input.type, trapped: input.trapped ?? null, callerPhone: maskPhone(input.callerPhone ?? null), alarmId: input.alarmId ?? null, repeatOf: row.repeat_of } });
  // The audit chain is one lock for the whole store: its entries are written last, so the lock is held briefly.
  const entries: audit.AuditEntry[] = [{ action: 'incident.create', entityType: 'incident', entityId: String(row.id), regionCode: e.regionCode, after: { source: row.source, type: row.type, elevator: e.registrationCode, trapped: row.trapped } }];
  if (needsRescuer(input.type)) {
    const limits = await slaFor(trx, e.regionCode);
    await trx
      .insertInto('incident_timer')
      .values([
        { incident_id: row.id, kind: 'dispatch', due_at: new Date(now.getTime() + limits.dispatchSeconds * 1000) },
        { incident_id: row.id, kind: 'arrive', due_at: new Date(now.getTime() + arriveSeconds(limits, urban) * 1000) },
      ])
      .execute();
    if (input.autoDispatch) await dispatch(trx, ctx, actor, row, e, { reason: 'auto', at: now, limits, audits: entries });
  }
  await audit.record(trx, actor, now, entries);
  return { id: row.id, merged: false };
}

async function merge(trx: Kysely<DB>, ctx: AppContext, actor: audit.Actor, open: IncidentRow, input: IntakeInput): Promise<void> {
  const now = input.receivedAt;
  const upgrade = input.type === 'trapped' && open.type === 'fault';
  const trapped = input.trapped !== undefined ? Math.max(open.trapped ?? 0, input.trapped) : open.trapped;
  const channels = open.channels.includes(input.source) ? open.channels : [...open.channels, input.source];
  await trx
    .updateTable('incident')
    .set({
      channels,
      type: upgrade ? 'trapped' : open.type,
      trapped,
      alarm_id: open.alarm_id ?? input.alarmId ?? null,
      caller_phone: open.caller_phone ?? piiCipher(ctx.config).encryptNullable(input.callerPhone),
      caller_phone_hash: open.caller_phone ? open.caller_phone_hash : piiCipher(ctx.config).phoneHash(input.callerPhone),
      description: open.description ?? input.description ?? null,
      version: sql`version + 1`,
      updated_at: now,
    })
    .where('id', '=', open.id)
    .execute();
  await addEvent(trx, open.id, actor, now, { kind: 'merged', detail: { source: input.source, type: input.type, trapped: input.trapped ?? null, callerPhone: maskPhone(input.callerPhone ?? null), alarmId: input.alarmId ?? null, upgraded: upgrade } });
  await audit.record(trx, actor, now, [{ action: 'incident.merge', entityType: 'incident', entityId: String(open.id), regionCode: open.region_code, before: { channels: open.channels, type: open.type }, after: { channels, type: upgrade ? 'trapped' : open.type } }]);
}

/**
 * Calls out a rescuer at a tier (default: the next one). A tier with nobody to call (no contracted maintenance
 * company, no rescue station on the platform) passes to the next, so a trapped passenger is never left with no one
 * called; tier 3 always has the 119 hand-over.
 */
export async function dispatch(
  trx: Kysely<DB>,
  ctx: AppContext,
  actor: audit.Actor,
  inc: IncidentRow,
  e: ElevatorFacts,
  opts: { tier?: number; orgId?: number; reason: string; at: Date; limits?: SlaLimits; audits?: audit.AuditEntry[] },
): Promise<void> {
  const now = opts.at;
  let tier: Tier | null = (opts.tier as Tier | undefined) ?? (inc.status === 'received' ? 1 : nextTier(inc.tier));
  if (!tier) throw new AppError('INCIDENT_ACTION_INVALID', { reason: '已移交 119，无更高一级救援力量' }, { reason: '已移交 119，无更高一级救援力量' });
  let rescuer: Rescuer | null = null;
  const skipped: { tier: number; why: string }[] = [];
  if (opts.orgId) {
    const org = await trx.selectFrom('organization').select(['id', 'name', 'type', 'active', 'hotline', 'contact_phone']).where('id', '=', opts.orgId).executeTakeFirst();
    if (!org || !org.active) throw new AppError('ORG_NOT_FOUND');
    if (!orgTypesForTier(tier).includes(org.type)) throw new AppError('INCIDENT_ACTION_INVALID', { fields: [{ field: 'orgId', message: '该单位类型不能承担这一级救援' }] }, { reason: '该单位类型不能承担这一级救援' });
    rescuer = { orgId: org.id, name: org.name, phone: org.hotline ?? org.contact_phone, distanceKm: null };
  } else {
    while (tier && !(rescuer = await chooseRescuer(trx, tier, e))) {
      skipped.push({ tier, why: tier === 1 ? 'no_maintenance_company' : 'no_rescue_station' });
      tier = nextTier(tier);
    }
  }
  if (!tier || !rescuer) throw new Error('tier 3 always has a rescuer');
  await trx.updateTable('incident_dispatch').set({ ended_at: now }).where('incident_id', '=', inc.id).where('ended_at', 'is', null).execute();
  await trx
    .insertInto('incident_dispatch')
    .values({ incident_id: inc.id, tier, org_id: rescuer.orgId, org_name: rescuer.name, phone: rescuer.phone, distance_km: rescuer.distanceKm, reason: opts.reason, dispatched_at: now, actor_name: actor.name })
    .execute();
  const escalation = inc.status !== 'received';
  await trx
    .updateTable('incident')
    .set({
      status: 'dispatched',
      tier,
      assigned_org_id: rescuer.orgId,
      dispatched_at: inc.dispatched_at ?? now,
      escalations: escalation ? sql`escalations + 1` : sql`escalations`,
      version: sql`version + 1`,
      updated_at: now,
    })
    .where('id', '=', inc.id)
    .execute();
  await finishTimers(trx, inc.id, now, ['dispatch', 'accept']);
  const limits = opts.limits ?? (await slaFor(trx, inc.region_code));
  await armTimer(trx, inc.id, 'accept', new Date(now.getTime() + limits.acceptSeconds * 1000));
  await addEvent(trx, inc.id, actor, now, {
    kind: escalation ? 'escalated' : 'dispatched',
    detail: { tier, orgId: rescuer.orgId, orgName: rescuer.name, phone: rescuer.phone, distanceKm: rescuer.distanceKm, reason: opts.reason, skipped: skipped.length ? skipped : undefined },
  });
  const entry: audit.AuditEntry = { action: escalation ? 'incident.escalate' : 'incident.dispatch', entityType: 'incident', entityId: String(inc.id), regionCode: inc.region_code, before: { status: inc.status, tier: inc.tier }, after: { status: 'dispatched', tier, orgId: rescuer.orgId, reason: opts.reason } };
  if (opts.audits) opts.audits.push(entry);
  else await audit.record(trx, actor, now, [entry]);
}

export interface ActionRequest {
  action: Action;
  tier?: number;
  orgId?: number;
  cause?: Cause;
  rescued?: number;
  injured?: number;
  note?: string;
}

function invalid(reason: string, field?: string): AppError {
  return new AppError('INCIDENT_ACTION_INVALID', field ? { reason, fields: [{ field, message: reason }] } : { reason }, { reason });
}

/** Applies one action to a locked incident. Permission checks are the caller's; the state machine's are here. */
export async function applyAction(trx: Kysely<DB>, ctx: AppContext, actor: audit.Actor, inc: IncidentRow, req: ActionRequest, at: Date): Promise<void> {
  const t = transition({ type: inc.type, status: inc.status, tier: inc.tier }, req.action, { tier: req.tier });
  if (!t.ok) throw invalid(t.reason);
  const e = await elevatorFacts(trx, { id: inc.elevator_id });
  if (!e) throw new AppError('ELEVATOR_NOT_FOUND');
  const current = await trx.selectFrom('incident_dispatch').selectAll().where('incident_id', '=', inc.id).where('ended_at', 'is', null).orderBy('id', 'desc').executeTakeFirst();
  const set: Partial<Record<keyof IncidentTable, unknown>> = {};
  let detail: Record<string, unknown> = {};
  switch (req.action) {
    case 'dispatch':
      return dispatch(trx, ctx, actor, inc, e, { tier: req.tier, orgId: req.orgId, reason: 'manual', at });
    case 'decline': {
      if (current) await trx.updateTable('incident_dispatch').set({ declined_at: at, ended_at: at }).where('id', '=', current.id).execute();
      await addEvent(trx, inc.id, actor, at, { kind: 'declined', detail: { tier: inc.tier, orgId: inc.assigned_org_id, note: req.note ?? null } });
      return dispatch(trx, ctx, actor, inc, e, { reason: 'declined', at });
    }
    case 'accept':
      if (current) await trx.updateTable('incident_dispatch').set({ accepted_at: at }).where('id', '=', current.id).execute();
      await finishTimers(trx, inc.id, at, ['accept']);
      set.accepted_at = inc.accepted_at ?? at;
      detail = { tier: inc.tier, orgId: inc.assigned_org_id };
      break;
    case 'depart':
      set.departed_at = inc.departed_at ?? at;
      break;
    case 'arrive':
      set.arrived_at = at;
      await finishTimers(trx, inc.id, at, ['arrive']);
      detail = { tier: inc.tier, orgId: inc.assigned_org_id };
      break;
    case 'rescue': {
      const rescued = req.rescued ?? inc.trapped ?? 0;
      set.rescued_at = at;
      set.rescued_count = rescued;
      if (req.injured !== undefined) set.injured = req.injured;
      detail = { rescued, injured: req.injured ?? null };
      break;
    }
    case 'close': {
      if (needsRescuer(inc.type) && !req.cause) throw invalid('结案须填写原因类别', 'cause');
      set.closed_at = at;
      if (req.cause) set.cause = req.cause;
      if (req.rescued !== undefined) set.rescued_count = req.rescued;
      if (req.injured !== undefined) set.injured = req.injured;
      if (req.note) set.remarks = req.note;
      // A device fault behind the call-out: link the elevator's alarm raised around it.
      if (!inc.alarm_id && needsRescuer(inc.type)) {
        const alarm = await trx
          .selectFrom('alarm')
          .select('id')
          .where('elevator_id', '=', inc.elevator_id)
          .where('opened_at', '>=', new Date(inc.received_at.getTime() - 3600_000))
          .where('opened_at', '<=', at)
          .orderBy('opened_at', 'desc')
          .limit(1)
          .executeTakeFirst();
        if (alarm) set.alarm_id = alarm.id;
      }
      await finishTimers(trx, inc.id, at);
      detail = { cause: req.cause ?? null, rescued: req.rescued ?? inc.rescued_count, injured: req.injured ?? inc.injured, alarmId: set.alarm_id ?? inc.alarm_id, note: req.note ?? null };
      break;
    }
    case 'cancel':
      if (!req.note) throw invalid('取消须说明原因', 'note');
      set.cancelled_at = at;
      set.remarks = req.note;
      if (current) await trx.updateTable('incident_dispatch').set({ ended_at: at }).where('id', '=', current.id).execute();
      await finishTimers(trx, inc.id, at);
      detail = { note: req.note };
      break;
  }
  await trx
    .updateTable('incident')
    .set({ ...(set as object), status: t.to, version: sql`version + 1`, updated_at: at })
    .where('id', '=', inc.id)
    .execute();
  const kind = { accept: 'accepted', depart: 'departed', arrive: 'arrived', rescue: 'rescued', close: 'closed', cancel: 'cancelled' }[req.action] ?? req.action;
  await addEvent(trx, inc.id, actor, at, { kind, detail: { ...detail, note: req.note ?? null } });
  await audit.record(trx, actor, at, [{ action: `incident.${req.action}`, entityType: 'incident', entityId: String(inc.id), regionCode: inc.region_code, before: { status: inc.status }, after: { status: t.to, ...detail } }]);
}

/** Locks and acts; throws INCIDENT_NOT_FOUND when there is no such incident. */
export async function act(trx: Kysely<DB>, ctx: AppContext, actor: audit.Actor, id: number, req: ActionRequest, at: Date, check?: (inc: IncidentRow) => void): Promise<void> {
  const inc = await lockIncident(trx, id);
  if (!inc) throw new AppError('INCIDENT_NOT_FOUND');
  check?.(inc);
  await applyAction(trx, ctx, actor, inc, req, at);
}

/** Which node fired a clock (kept on the timer row for operators). */
const NODE = `${os.hostname()}:${process.pid}`;

export const TIMER_ACTOR: audit.Actor = { userId: null, name: 'system:sla', orgId: null };

/**
 * A legal clock ran out: record the breach and escalate. Dispatch not made in time → the platform dispatches
 * tier 1 itself; a tier not accepting in time → the next tier; nobody arrived in time → the next tier, with a new
 * arrival clock for it. Past 119 the breach is recorded and the dispatcher's board shows it red.
 */
export async function fireTimer(trx: Kysely<DB>, ctx: AppContext, timer: { id: number; incident_id: number; kind: 'dispatch' | 'accept' | 'arrive'; due_at: Date }, at: Date): Promise<string> {
  // Marked fired first, so the escalation below (which closes the legs it settles) leaves this one as fired.
  await trx.updateTable('incident_timer').set({ fired_at: at, fired_by: NODE }).where('id', '=', timer.id).execute();
  const inc = await lockIncident(trx, timer.incident_id);
  if (!inc) return 'gone';
  const open = inc.status !== 'closed' && inc.status !== 'cancelled';
  let outcome = 'moot';
  const breach = async () => {
    await trx
      .updateTable('incident')
      .set({ breaches: inc.breaches.includes(timer.kind) ? inc.breaches : [...inc.breaches, timer.kind], version: sql`version + 1`, updated_at: at })
      .where('id', '=', inc.id)
      .execute();
    inc.breaches = inc.breaches.includes(timer.kind) ? inc.breaches : [...inc.breaches, timer.kind];
    await addEvent(trx, inc.id, TIMER_ACTOR, at, { kind: 'sla_breach', detail: { leg: timer.kind, dueAt: timer.due_at.toISOString(), tier: inc.tier } });
    await audit.record(trx, TIMER_ACTOR, at, [{ action: 'incident.sla_breach', entityType: 'incident', entityId: String(inc.id), regionCode: inc.region_code, after: { leg: timer.kind, tier: inc.tier } }]);
  };
  if (open) {
    const e = await elevatorFacts(trx, { id: inc.elevator_id });
    if (timer.kind === 'dispatch' && inc.status === 'received') {
      await breach();
      if (e) await dispatch(trx, ctx, TIMER_ACTOR, inc, e, { tier: 1, reason: 'sla_dispatch', at });
      outcome = 'dispatched';
    } else if (timer.kind === 'accept' && inc.status === 'dispatched') {
      await breach();
      outcome = 'breached';
      if (e && nextTier(inc.tier)) {
        await dispatch(trx, ctx, TIMER_ACTOR, inc, e, { reason: 'sla_accept', at });
        outcome = 'escalated';
      }
    } else if (timer.kind === 'arrive' && !inc.arrived_at && inc.status !== 'rescued') {
      await breach();
      outcome = 'breached';
      if (e && inc.status !== 'received' && nextTier(inc.tier)) {
        await dispatch(trx, ctx, TIMER_ACTOR, { ...inc, breaches: inc.breaches }, e, { reason: 'sla_arrive', at });
        const limits = await slaFor(trx, inc.region_code);
        await armTimer(trx, inc.id, 'arrive', new Date(at.getTime() + arriveSeconds(limits, inc.urban) * 1000));
        outcome = 'escalated';
      }
    }
  }
  return outcome;
}

export interface TrappedAlarm {
  elevatorId: number;
  alarmId: number;
  receivedAt: Date;
}

/**
 * A burst of terminals' trapped alarms (a power cut traps people in a hundred cars at once) taken in one
 * transaction with set-based statements: the same incidents, timeline, dispatches, clocks and audit entries that
 * `intake` + `dispatch` write one by one (a test compares them), in a handful of round trips instead of ~20 per
 * alarm. Alarms this path cannot settle alone — an elevator already with an open incident (a merge), one with no
 * active tier-1 company (the nearest-station search), a second alarm for one elevator — go through `intake`.
 */
export async function intakeTrappedAlarms(trx: Kysely<DB>, ctx: AppContext, actor: audit.Actor, alarms: TrappedAlarm[]): Promise<{ together: number; oneByOne: number }> {
  if (!alarms.length) return { together: 0, oneByOne: 0 };
  const first = new Map<number, TrappedAlarm>();
  const later: TrappedAlarm[] = [];
  for (const a of alarms) {
    if (first.has(a.elevatorId)) later.push(a);
    else first.set(a.elevatorId, a);
  }
  const ids = [...first.keys()].sort((a, b) => a - b);
  // The same per-elevator lock intake takes, in id order (no deadlock with another burst).
  await sql`SELECT pg_advisory_xact_lock(${INTAKE_LOCK}, x::int) FROM unnest(${ids}::bigint[]) AS x ORDER BY x`.execute(trx);
  const oldest = Math.min(...alarms.map((a) => a.receivedAt.getTime()));
  const { rows } = await sql<{
    id: number;
    registration_code: string;
    region_code: string;
    place_type: string;
    use_unit_id: number | null;
    maintenance_org_id: number | null;
    maintenance_phone: string | null;
    org_name: string | null;
    org_phone: string | null;
    org_active: boolean | null;
    open_id: number | null;
    repeat_id: number | null;
    sla: SlaRow[];
  }>`SELECT e.id, e.registration_code, e.region_code, e.place_type, e.use_unit_id, e.maintenance_org_id, e.maintenance_phone,
            (SELECT coalesce(json_agg(s), '[]') FROM emergency_sla s
              WHERE s.region_prefix IN ('', left(e.region_code, 2), left(e.region_code, 4), e.region_code)) AS sla,
            m.name AS org_name, coalesce(m.hotline, m.contact_phone) AS org_phone, m.active AS org_active,
            (SELECT i.id FROM incident i WHERE i.elevator_id = e.id AND i.status NOT IN ('closed', 'cancelled') AND i.type IN ('trapped', 'fault') LIMIT 1) AS open_id,
            (SELECT r.id FROM incident r WHERE r.elevator_id = e.id AND r.type IN ('trapped', 'fault') AND r.status <> 'cancelled'
                AND r.received_at >= ${new Date(oldest - REPEAT_DAYS * 86_400_000)} ORDER BY r.received_at DESC LIMIT 1) AS repeat_id
       FROM elevator e LEFT JOIN organization m ON m.id = e.maintenance_org_id
      WHERE e.id = ANY (${ids}::bigint[])`.execute(trx);
  const fast = rows.filter((r) => r.open_id === null && r.maintenance_org_id !== null && r.org_active);
  const fastIds = new Set(fast.map((r) => r.id));
  const slow = [...first.values()].filter((a) => !fastIds.has(a.elevatorId));
  if (fast.length) {
    const plan = fast.map((r) => {
      const a = first.get(r.id)!;
      const l = slaOf(r.region_code, r.sla);
      const urban = urbanOf(ctx, r.region_code);
      const at = a.receivedAt.getTime();
      return {
        r,
        a,
        urban,
        phone: r.maintenance_phone ?? r.org_phone,
        dispatchDue: new Date(at + l.dispatchSeconds * 1000),
        acceptDue: new Date(at + l.acceptSeconds * 1000),
        arriveDue: new Date(at + arriveSeconds(l, urban) * 1000),
      };
    });
    // The incidents, their timelines, call-outs and clocks in one statement: this path runs inside the fault flush
    // (a trapped passenger's clock is running), where each round trip to the store counts.
    const col = <T>(f: (p: (typeof plan)[number]) => T) => plan.map(f);
    const { rows: created } = await sql<{ id: number; elevator_id: number }>`
      WITH v AS (
        SELECT * FROM unnest(${col((p) => p.r.id)}::bigint[], ${col((p) => p.r.region_code)}::text[], ${col((p) => p.r.place_type)}::text[],
                             ${col((p) => p.r.use_unit_id)}::bigint[], ${col((p) => p.r.maintenance_org_id)}::bigint[], ${col((p) => p.urban)}::boolean[],
                             ${col((p) => p.a.receivedAt.toISOString())}::timestamptz[], ${col((p) => p.a.alarmId)}::bigint[], ${col((p) => p.r.repeat_id)}::bigint[],
                             ${col((p) => p.r.org_name)}::text[], ${col((p) => p.phone)}::text[],
                             ${col((p) => JSON.stringify({ source: 'iot', type: 'trapped', trapped: null, callerPhone: null, alarmId: p.a.alarmId, repeatOf: p.r.repeat_id }))}::text[],
                             ${col((p) => JSON.stringify({ tier: 1, orgId: p.r.maintenance_org_id, orgName: p.r.org_name, phone: p.phone, distanceKm: null, reason: 'auto' }))}::text[],
                             ${col((p) => p.dispatchDue.toISOString())}::timestamptz[], ${col((p) => p.acceptDue.toISOString())}::timestamptz[],
                             ${col((p) => p.arriveDue.toISOString())}::timestamptz[])
          AS v(elevator_id, region_code, place_type, use_unit_id, maintenance_org_id, urban, received_at, alarm_id, repeat_of,
               org_name, phone, received_detail, dispatched_detail, dispatch_due, accept_due, arrive_due)
      ), inc AS (
        INSERT INTO incident (elevator_id, region_code, place_type, use_unit_id, maintenance_org_id, urban, source, channels, type, status, tier,
                              assigned_org_id, received_at, dispatched_at, alarm_id, repeat_of, version, created_at, updated_at)
        SELECT elevator_id, region_code, place_type, use_unit_id, maintenance_org_id, urban, 'iot', ARRAY['iot'], 'trapped', 'dispatched', 1,
               maintenance_org_id, received_at, received_at, alarm_id, repeat_of, 2, received_at, received_at
          FROM v ORDER BY elevator_id
        RETURNING id, elevator_id
      ), timeline AS (
        INSERT INTO incident_event (incident_id, kind, at, actor_id, actor_name, org_id, detail)
        SELECT inc.id, k.kind, v.received_at, ${actor.userId}::bigint, ${actor.name}::text, ${actor.orgId}::bigint,
               (CASE k.kind WHEN 'received' THEN v.received_detail ELSE v.dispatched_detail END)::jsonb
          FROM inc JOIN v USING (elevator_id) CROSS JOIN (VALUES (1, 'received'), (2, 'dispatched')) AS k(n, kind)
         ORDER BY inc.id, k.n
      ), callout AS (
        INSERT INTO incident_dispatch (incident_id, tier, org_id, org_name, phone, distance_km, reason, dispatched_at, actor_name)
        SELECT inc.id, 1, v.maintenance_org_id, v.org_name, v.phone, NULL, 'auto', v.received_at, ${actor.name}::text FROM inc JOIN v USING (elevator_id)
      ), clocks AS (
        INSERT INTO incident_timer (incident_id, kind, due_at, done_at)
        SELECT inc.id, t.kind, t.due_at, t.done_at
          FROM inc JOIN v USING (elevator_id)
         CROSS JOIN LATERAL (VALUES ('dispatch', v.dispatch_due, v.received_at), ('arrive', v.arrive_due, NULL::timestamptz), ('accept', v.accept_due, NULL::timestamptz)) AS t(kind, due_at, done_at)
      )
      SELECT id, elevator_id FROM inc`.execute(trx);
    const incidentOf = new Map(created.map((c) => [Number(c.elevator_id), Number(c.id)]));
    const steps = plan.map((p) => ({ ...p, id: incidentOf.get(p.r.id)! }));
    await audit.record(
      trx,
      actor,
      new Date(Math.max(...steps.map((s) => s.a.receivedAt.getTime()))),
      steps.flatMap(({ id, r }) => [
        { action: 'incident.create', entityType: 'incident', entityId: String(id), regionCode: r.region_code, after: { source: 'iot', type: 'trapped', elevator: r.registration_code, trapped: null } },
        { action: 'incident.dispatch', entityType: 'incident', entityId: String(id), regionCode: r.region_code, before: { status: 'received', tier: null }, after: { status: 'dispatched', tier: 1, orgId: r.maintenance_org_id, reason: 'auto' } },
      ]),
    );
  }
  for (const a of [...slow, ...later]) {
    const e = await elevatorFacts(trx, { id: a.elevatorId });
    if (e) await intake(trx, ctx, actor, e, { source: 'iot', type: 'trapped', alarmId: a.alarmId, receivedAt: a.receivedAt, autoDispatch: true });
  }
  return { together: fast.length, oneByOne: slow.length + later.length };
}
