import { sql, type Kysely, type RawBuilder } from 'kysely';
import { piiCipher, type PiiCipher } from '../../src/server/pii.ts';
import type { AppContext } from '../../src/server/context.ts';
import type { DB } from '../../src/server/db/schema.ts';
import * as audit from '../../src/modules/audit/audit.service.ts';
import { SYSTEM_ACTOR } from '../../src/modules/auth/principal.ts';
import { hashPassword } from '../../src/modules/auth/password.ts';
import { PASSENGER_CATEGORIES } from '../../src/modules/elevators/elevators.domain.ts';
import { distanceKm } from '../../src/modules/emergency/emergency.domain.ts';
import { act, elevatorFacts, fireTimer, intake, urbanOf } from '../../src/modules/emergency/incident-engine.ts';
import { demoUsers } from './demo-users.ts';
import { generateHistory, type HistoryElevator, type HistoryIncident, type HistoryOrg } from './emergency-history.ts';
import { generateOrgs } from './generate-province.ts';
import { mobilePhone } from './names.ts';
import { Rng } from './random.ts';

/**
 * The demo's 96333 side, run at every demo start after the province is seeded:
 * - the provincial command centre, a 119 detachment per city and rescue-station locations (added to stores seeded
 *   before they existed) and the emergency logins (README);
 * - once per store, two quarters of past incidents written directly (about 2,000 at 50k elevators), so the
 *   statistics page has something to show;
 * - at every start, a handful of open incidents in different states, taken through the real incident engine with
 *   times a few minutes back, so the dispatch board opens with running clocks. The ones the last start left open
 *   are removed first: their clocks ran out while the demo was down.
 */
export const HISTORY_MARK = 'demo-history';
export const OPEN_MARK = 'demo-open';

export async function seedDemoEmergency(ctx: AppContext, opts: { elevators: number; seed?: number }): Promise<void> {
  const started = performance.now();
  await ensureEmergencyOrgs(ctx, opts);
  await ensureDemoUsers(ctx, opts);
  const history = await seedHistory(ctx, opts.elevators);
  const open = await seedOpenIncidents(ctx);
  ctx.log.info({ history, open, seconds: Math.round((performance.now() - started) / 100) / 10 }, 'demo 96333 incidents ready');
}

/** Command centres, rescue stations and fire services of the generated province, with their locations. */
async function ensureEmergencyOrgs(ctx: AppContext, opts: { elevators: number; seed?: number }): Promise<void> {
  const orgs = generateOrgs({ elevators: opts.elevators, seed: opts.seed ?? 1 }).filter((o) => ['emergency_center', 'rescue_station', 'fire_service'].includes(o.type));
  await ctx.store.db.transaction().execute(async (trx) => {
    for (const o of orgs) {
      await trx
        .insertInto('organization')
        .values({
          credit_code: o.creditCode,
          name: o.name,
          type: o.type,
          region_code: o.regionCode,
          address: o.address ?? null,
          contact_name: o.contactName ?? null,
          contact_phone: o.contactPhone ?? null,
          hotline: o.hotline ?? null,
          longitude: o.lon ?? null,
          latitude: o.lat ?? null,
        })
        // A store seeded before the stations had locations gets them; a location someone set is kept.
        .onConflict((oc) =>
          oc.column('credit_code').doUpdateSet({
            longitude: sql`coalesce(organization.longitude, excluded.longitude)`,
            latitude: sql`coalesce(organization.latitude, excluded.latitude)`,
          }),
        )
        .execute();
    }
  });
}

/** Demo logins missing from the store (one seeded before they were added): organisations found by credit code. */
async function ensureDemoUsers(ctx: AppContext, opts: { elevators: number; seed?: number }): Promise<void> {
  const { db } = ctx.store;
  const orgs = generateOrgs({ elevators: opts.elevators, seed: opts.seed ?? 1 });
  const byKey = new Map(orgs.map((o) => [o.key, o]));
  const existing = new Set((await db.selectFrom('app_user').select('username').execute()).map((u) => u.username));
  for (const u of demoUsers(orgs)) {
    if (existing.has(u.username)) continue;
    const org = await db.selectFrom('organization').select('id').where('credit_code', '=', byKey.get(u.orgKey)!.creditCode).executeTakeFirst();
    if (!org) {
      ctx.log.warn({ username: u.username }, 'demo login not created: its organisation is not in this store');
      continue;
    }
    await db
      .insertInto('app_user')
      .values({ username: u.username, display_name: u.displayName, password_hash: await hashPassword(u.password), org_id: org.id, roles: u.roles, phone: null })
      .execute();
  }
}

/** The first day of the quarter before the one `d` is in (Asia/Shanghai), as an instant. */
export function previousQuarterStart(d: Date): Date {
  const local = new Date(d.getTime() + 8 * 3600_000);
  const q = Math.floor(local.getUTCMonth() / 3);
  const year = q === 0 ? local.getUTCFullYear() - 1 : local.getUTCFullYear();
  const month = q === 0 ? 9 : (q - 1) * 3;
  return new Date(Date.UTC(year, month, 1) - 8 * 3600_000);
}

async function loadElevators(ctx: AppContext, where: RawBuilder<boolean> = sql<boolean>`true`): Promise<HistoryElevator[]> {
  const { rows } = await sql<{
    id: number;
    region_code: string;
    place_type: string;
    use_unit_id: number | null;
    maintenance_org_id: number;
    maintenance_phone: string | null;
    longitude: number | null;
    latitude: number | null;
  }>`SELECT e.id, e.region_code, e.place_type, e.use_unit_id, e.maintenance_org_id, e.maintenance_phone, e.longitude, e.latitude
       FROM elevator e
      WHERE e.status = 'IN_USE' AND e.category_code IN (${sql.join(PASSENGER_CATEGORIES)}) AND e.maintenance_org_id IS NOT NULL AND ${where}
      ORDER BY e.id`.execute(ctx.store.db);
  return rows.map((r) => ({
    id: Number(r.id),
    regionCode: r.region_code,
    placeType: r.place_type,
    useUnitId: r.use_unit_id === null ? null : Number(r.use_unit_id),
    maintenanceOrgId: Number(r.maintenance_org_id),
    maintenancePhone: r.maintenance_phone,
    urban: urbanOf(ctx, r.region_code),
    lon: r.longitude === null ? null : Number(r.longitude),
    lat: r.latitude === null ? null : Number(r.latitude),
  }));
}

/** Two quarters of closed incidents, once per store. */
async function seedHistory(ctx: AppContext, elevatorCount: number): Promise<number> {
  const { db } = ctx.store;
  const done = await db.selectFrom('incident').select('id').where('import_job_id', '=', HISTORY_MARK).limit(1).executeTakeFirst();
  if (done) return 0;
  // A sample of at most ~20,000 elevators is plenty to spread the calls over (a province of a million stays cheap).
  const step = Math.max(1, Math.floor(elevatorCount / 20_000));
  const elevators = await loadElevators(ctx, sql<boolean>`e.id % ${step} = 0`);
  if (!elevators.length) return 0;
  const orgRows = await db.selectFrom('organization').select(['id', 'name', 'hotline', 'contact_phone', 'type', 'region_code', 'longitude', 'latitude']).where('type', 'in', ['maintenance', 'rescue_station']).execute();
  const maintenance = new Map<number, HistoryOrg>(orgRows.filter((o) => o.type === 'maintenance').map((o) => [Number(o.id), { id: Number(o.id), name: o.name, phone: o.hotline ?? o.contact_phone }]));
  const stations = orgRows
    .filter((o) => o.type === 'rescue_station')
    .map((o) => ({ id: Number(o.id), name: o.name, regionCode: o.region_code, lon: o.longitude === null ? null : Number(o.longitude), lat: o.latitude === null ? null : Number(o.latitude), phone: o.hotline ?? o.contact_phone }));
  const now = ctx.clock.now();
  // About 2,000 calls at 50k elevators (Jinan handles ~700 a quarter at ~100k): scaled with the province.
  const count = Math.max(50, Math.round((2000 * elevatorCount) / 50_000));
  const list = generateHistory({ elevators, maintenance, stations, from: previousQuarterStart(now), to: new Date(now.getTime() - 3600_000), count });
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < list.length; i += 400) await insertBatch(trx, piiCipher(ctx.config), list.slice(i, i + 400), now);
    // Repeats: the previous incident on the same elevator within 30 days, as the engine flags them.
    await sql`UPDATE incident i SET repeat_of = (
        SELECT p.id FROM incident p
         WHERE p.elevator_id = i.elevator_id AND p.type IN ('trapped', 'fault') AND p.status <> 'cancelled'
           AND p.received_at < i.received_at AND p.received_at >= i.received_at - interval '30 days'
         ORDER BY p.received_at DESC LIMIT 1)
      WHERE i.import_job_id = ${HISTORY_MARK} AND i.type IN ('trapped', 'fault')`.execute(trx);
    await audit.record(trx, SYSTEM_ACTOR, now, [{ action: 'demo.seed', entityType: 'incident', entityId: 'demo', regionCode: '370000', after: { incidents: list.length } }]);
  });
  await sql`ANALYZE incident`.execute(db);
  return list.length;
}

async function insertBatch(trx: Kysely<DB>, cipher: PiiCipher, list: HistoryIncident[], now: Date): Promise<void> {
  const rows = await trx
    .insertInto('incident')
    .values(
      list.map((h) => ({
        elevator_id: h.elevator.id,
        region_code: h.elevator.regionCode,
        place_type: h.elevator.placeType,
        use_unit_id: h.elevator.useUnitId,
        maintenance_org_id: h.elevator.maintenanceOrgId,
        urban: h.elevator.urban,
        source: h.source,
        channels: [h.source],
        type: h.type,
        status: h.status,
        tier: h.tier,
        assigned_org_id: h.assignedOrgId,
        trapped: h.trapped,
        injured: h.injured,
        caller_phone: cipher.encryptNullable(h.callerPhone),
        caller_phone_hash: cipher.phoneHash(h.callerPhone),
        description: h.description,
        received_at: h.receivedAt,
        dispatched_at: h.dispatchedAt,
        accepted_at: h.acceptedAt,
        departed_at: h.departedAt,
        arrived_at: h.arrivedAt,
        rescued_at: h.rescuedAt,
        closed_at: h.closedAt,
        cancelled_at: h.cancelledAt,
        cause: h.cause,
        rescued_count: h.rescued,
        remarks: h.remarks,
        alarm_id: null,
        repeat_of: null,
        breaches: h.breaches,
        escalations: h.escalations,
        import_job_id: HISTORY_MARK,
        created_at: now,
        updated_at: now,
      })),
    )
    .returning(['id', 'elevator_id', 'received_at'])
    .execute();
  const idOf = new Map(rows.map((r) => [`${r.elevator_id}@${r.received_at.getTime()}`, Number(r.id)]));
  const dispatches = [];
  const events = [];
  for (const h of list) {
    const id = idOf.get(`${h.elevator.id}@${h.receivedAt.getTime()}`)!;
    for (const d of h.dispatches)
      dispatches.push({ incident_id: id, tier: d.tier, org_id: d.orgId, org_name: d.orgName, phone: d.phone, distance_km: d.distanceKm, reason: d.reason, dispatched_at: d.dispatchedAt, accepted_at: d.acceptedAt, declined_at: null, ended_at: d.endedAt, actor_name: d.actor });
    for (const ev of h.events) events.push({ incident_id: id, kind: ev.kind, at: ev.at, actor_id: null, actor_name: ev.actor, org_id: null, detail: ev.detail === null ? null : JSON.stringify(ev.detail) });
  }
  for (let i = 0; i < dispatches.length; i += 2000) await trx.insertInto('incident_dispatch').values(dispatches.slice(i, i + 2000)).execute();
  for (let i = 0; i < events.length; i += 2000) await trx.insertInto('incident_event').values(events.slice(i, i + 2000)).execute();
}

interface OpenPlan {
  label: string;
  minutesAgo: number;
  source: 'phone' | 'qr' | 'app';
  type: 'trapped' | 'fault';
  trapped?: number;
  description: string;
  /** [action, minutes after the call] in order; `fire` lets the accept clock run out (escalation to tier 2). */
  steps: [string, number][];
  pick: 'mrescue' | 'station' | 'any' | 'qingdao';
}

/** Open incidents the board opens with, most in Jinan (the demo dispatcher's city). */
const OPEN: OpenPlan[] = [
  { label: 'received', minutesAgo: 0.7, source: 'phone', type: 'trapped', trapped: 2, description: '电梯停在8楼和9楼之间，两人被困', steps: [], pick: 'any' },
  { label: 'qr', minutesAgo: 1.6, source: 'qr', type: 'trapped', trapped: 1, description: '扫码求助：电梯门打不开', steps: [], pick: 'any' },
  { label: 'dispatched', minutesAgo: 3, source: 'phone', type: 'trapped', trapped: 3, description: '轿厢内有老人和小孩', steps: [['dispatch', 1]], pick: 'mrescue' },
  { label: 'en_route', minutesAgo: 8, source: 'phone', type: 'trapped', trapped: 1, description: '电梯突然停运，乘客被困', steps: [['dispatch', 1.2], ['accept', 2.5], ['depart', 3.2]], pick: 'mrescue' },
  { label: 'arrived', minutesAgo: 14, source: 'app', type: 'trapped', trapped: 2, description: '电梯下坠后停住', steps: [['dispatch', 0.8], ['accept', 2], ['depart', 2.6], ['arrive', 12.5]], pick: 'any' },
  { label: 'rescued', minutesAgo: 24, source: 'phone', type: 'trapped', trapped: 4, description: '商场观光梯困人', steps: [['dispatch', 1], ['accept', 2.2], ['arrive', 13], ['rescue', 18]], pick: 'any' },
  { label: 'escalated', minutesAgo: 7.5, source: 'phone', type: 'trapped', trapped: 1, description: '维保单位电话无人接听', steps: [['dispatch', 1], ['fire', 6]], pick: 'station' },
  { label: 'fault', minutesAgo: 6, source: 'phone', type: 'fault', description: '电梯运行有异响，门反复开关', steps: [['dispatch', 1.5], ['accept', 3]], pick: 'qingdao' },
];

/** Removes the open incidents the last start left and opens fresh ones through the engine. */
async function seedOpenIncidents(ctx: AppContext): Promise<number> {
  const { db } = ctx.store;
  const stale = (await db.selectFrom('incident').select('id').where('import_job_id', '=', OPEN_MARK).where('status', 'not in', ['closed', 'cancelled']).execute()).map((r) => Number(r.id));
  if (stale.length) {
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('incident').set({ repeat_of: null }).where('repeat_of', 'in', stale).execute();
      await trx.deleteFrom('incident').where('id', 'in', stale).execute();
    });
  }
  const jinan = await loadElevators(ctx, sql<boolean>`e.region_code >= ${'3701'} AND e.region_code < ${'3701~'} AND e.rescue_code IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM incident i WHERE i.elevator_id = e.id AND i.status NOT IN ('closed', 'cancelled'))`);
  const qingdao = await loadElevators(ctx, sql<boolean>`e.region_code >= ${'3702'} AND e.region_code < ${'3702~'}
    AND NOT EXISTS (SELECT 1 FROM incident i WHERE i.elevator_id = e.id AND i.status NOT IN ('closed', 'cancelled'))`);
  if (!jinan.length) return 0;
  const mrescueOrg = await db.selectFrom('app_user').select('org_id').where('username', '=', 'mrescue').executeTakeFirst();
  const rescuerOrg = await db.selectFrom('app_user').select('org_id').where('username', '=', 'rescuer').executeTakeFirst();
  const stations = await db
    .selectFrom('organization')
    .select(['id', 'longitude', 'latitude'])
    .where('type', '=', 'rescue_station')
    .where('active', '=', true)
    .where('region_code', '>=', '37')
    .where('region_code', '<', '37~')
    .execute();
  const rng = new Rng(Math.floor(ctx.clock.now().getTime() / 86_400_000));
  const used = new Set<number>();
  const take = (list: HistoryElevator[], ok: (e: HistoryElevator) => boolean = () => true) => {
    const candidates = list.filter((e) => !used.has(e.id) && ok(e));
    const e = candidates.length ? rng.pick(candidates) : list.find((x) => !used.has(x.id));
    if (e) used.add(e.id);
    return e;
  };
  /** The rescuer login's station is the nearest one to this elevator (so the escalation reaches that login). */
  const nearestIsRescuers = (e: HistoryElevator) => {
    if (!rescuerOrg || e.lon === null || e.lat === null) return false;
    let best: { id: number; km: number } | null = null;
    for (const s of stations) {
      if (s.longitude === null || s.latitude === null) continue;
      const km = distanceKm({ lon: e.lon, lat: e.lat }, { lon: Number(s.longitude), lat: Number(s.latitude) });
      if (!best || km < best.km || (km === best.km && Number(s.id) < best.id)) best = { id: Number(s.id), km };
    }
    return best?.id === Number(rescuerOrg.org_id);
  };

  const now = ctx.clock.now();
  const dispatcher = await db.selectFrom('app_user').select(['id', 'display_name', 'org_id']).where('username', '=', 'dispatcher').executeTakeFirst();
  const desk: audit.Actor = dispatcher ? { userId: Number(dispatcher.id), name: dispatcher.display_name, orgId: Number(dispatcher.org_id) } : { userId: null, name: '96333调度员', orgId: null };
  let opened = 0;
  for (const plan of OPEN) {
    const e =
      plan.pick === 'qingdao'
        ? take(qingdao)
        : plan.pick === 'mrescue'
          ? take(jinan, (x) => x.maintenanceOrgId === Number(mrescueOrg?.org_id))
          : plan.pick === 'station'
            ? take(jinan, nearestIsRescuers)
            : take(jinan);
    if (!e) continue;
    const received = new Date(now.getTime() - plan.minutesAgo * 60_000);
    const when = (minutes: number) => new Date(received.getTime() + minutes * 60_000);
    await db.transaction().execute(async (trx) => {
      const facts = await elevatorFacts(trx, { id: e.id });
      if (!facts) return;
      const actor = plan.source === 'qr' ? { userId: null, name: 'public:qr', orgId: null } : desk;
      const { id } = await intake(trx, ctx, actor, facts, {
        source: plan.source,
        type: plan.type,
        trapped: plan.trapped,
        callerPhone: mobilePhone(rng),
        description: plan.description,
        receivedAt: received,
      });
      const assigned = async () => (await trx.selectFrom('incident').select(['assigned_org_id']).where('id', '=', id).executeTakeFirstOrThrow()).assigned_org_id;
      for (const [step, minutes] of plan.steps) {
        const at = when(minutes);
        if (step === 'fire') {
          const timer = await trx.selectFrom('incident_timer').select(['id', 'incident_id', 'kind', 'due_at']).where('incident_id', '=', id).where('kind', '=', 'accept').where('done_at', 'is', null).where('fired_at', 'is', null).executeTakeFirst();
          if (timer) await fireTimer(trx, ctx, { ...timer, id: Number(timer.id), incident_id: Number(timer.incident_id) }, timer.due_at);
          continue;
        }
        const org = await assigned();
        const responder = step === 'dispatch' ? desk : { userId: null, name: await orgName(trx, org), orgId: org === null ? null : Number(org) };
        await act(trx, ctx, responder, id, { action: step as 'dispatch', rescued: step === 'rescue' ? plan.trapped : undefined }, at);
      }
      await trx.updateTable('incident').set({ import_job_id: OPEN_MARK }).where('id', '=', id).execute();
      opened++;
    });
  }
  return opened;
}

async function orgName(trx: Kysely<DB>, id: number | null): Promise<string> {
  if (id === null) return '救援人员';
  const o = await trx.selectFrom('organization').select('name').where('id', '=', id).executeTakeFirst();
  return o?.name ?? '救援人员';
}
