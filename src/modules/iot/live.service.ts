import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import { AppError } from '../../server/http/errors.ts';
import type { Principal, Scope } from '../auth/principal.ts';
import { scopeSql } from '../elevators/elevators.scope.ts';
import { scopeOf } from '../elevators/elevators.service.ts';

/** What an elevator is doing now, the monitoring summary and the map of Shandong by city and county. */
export const LiveOut = z.object({
  online: z.boolean(),
  lastSeen: z.string().nullable(),
  floor: z.string().nullable(),
  direction: z.enum(['stop', 'up', 'down']).nullable(),
  doorOpen: z.boolean().nullable(),
  occupied: z.boolean().nullable(),
  mode: z.string().nullable(),
  activeFaults: z.array(z.object({ type: z.string(), since: z.string() })),
  inDoorZone: z.boolean().nullable(),
  speed: z.number().nullable(),
  counters: z.object({ runs: z.number(), runHours: z.number(), distanceKm: z.number(), doorCycles: z.number() }),
  device: z.object({ deviceId: z.string(), protocol: z.string() }).nullable(),
});
export type LiveOut = z.infer<typeof LiveOut>;

export async function liveOf(ctx: AppContext, p: Principal, registrationCode: string): Promise<LiveOut & { elevatorId: number }> {
  const scope = scopeOf(ctx, p);
  const { rows } = await sql<{
    elevator_id: number;
    online: boolean | null;
    last_seen: Date | null;
    floor: string | null;
    direction: 'stop' | 'up' | 'down' | null;
    door_open: boolean | null;
    occupied: boolean | null;
    mode: string | null;
    in_door_zone: boolean | null;
    speed: number | null;
    runs: number | null;
    run_seconds: number | null;
    distance_m: number | null;
    door_cycles: number | null;
    device_id: string | null;
    protocol: string | null;
  }>`
    SELECT e.id AS elevator_id, l.online, l.last_seen, l.floor, l.direction, l.door_open, l.occupied, l.mode, l.in_door_zone, l.speed,
           l.runs, l.run_seconds, l.distance_m, l.door_cycles, d.device_id, d.protocol
      FROM elevator e
      LEFT JOIN elevator_live l ON l.elevator_id = e.id
      LEFT JOIN device d ON d.id = l.device_pk AND d.status = 'active'
     WHERE e.registration_code = ${registrationCode} AND ${scopeSql(scope)}`.execute(ctx.store.db);
  const r = rows[0];
  if (!r) throw new AppError('ELEVATOR_NOT_FOUND');
  const faults = await ctx.store.db
    .selectFrom('alarm')
    .select(['type', 'opened_at'])
    .where('elevator_id', '=', r.elevator_id)
    .where('status', '=', 'active')
    .orderBy('opened_at')
    .execute();
  return {
    elevatorId: r.elevator_id,
    online: !!r.online && !!r.device_id,
    lastSeen: r.last_seen?.toISOString() ?? null,
    floor: r.floor,
    direction: r.direction,
    doorOpen: r.door_open,
    occupied: r.occupied,
    mode: r.mode,
    activeFaults: faults.map((f) => ({ type: f.type, since: f.opened_at.toISOString() })),
    inDoorZone: r.in_door_zone,
    speed: r.speed,
    counters: {
      runs: r.runs ?? 0,
      runHours: Math.round(((r.run_seconds ?? 0) / 3600) * 10) / 10,
      distanceKm: Math.round((r.distance_m ?? 0) / 100) / 10,
      doorCycles: r.door_cycles ?? 0,
    },
    device: r.device_id ? { deviceId: r.device_id, protocol: r.protocol! } : null,
  };
}

/** Start of today in Asia/Shanghai. */
export function shanghaiMidnight(now: Date): Date {
  const local = new Date(now.getTime() + 8 * 3600_000);
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()) - 8 * 3600_000);
}

/** A cheap condition for live/alarm/fault rows: the region range from their own region_code when the scope is regional. */
function rowScope(scope: Scope, column: string) {
  if (scope.kind === 'all') return { join: false, cond: sql<boolean>`true` };
  if (scope.kind === 'region' && !scope.placeType) return { join: false, cond: sql<boolean>`(${sql.ref(column)} >= ${scope.prefix} AND ${sql.ref(column)} < ${`${scope.prefix}~`})` };
  return { join: true, cond: scopeSql(scope) };
}

export const SummaryOut = z.object({
  monitored: z.number(),
  online: z.number(),
  activeAlarms: z.number(),
  bySeverity: z.object({ critical: z.number(), major: z.number(), minor: z.number(), warning: z.number() }),
  faultsToday: z.number(),
});
export type SummaryOut = z.infer<typeof SummaryOut>;

const summaryCache = new Map<string, { at: number; value: Promise<SummaryOut> }>();

/** Monitoring totals for the caller's scope, cached 2 s per scope (every SSE client asks every 2 s). */
export function summary(ctx: AppContext, p: Principal): Promise<SummaryOut> {
  const scope = scopeOf(ctx, p);
  const key = JSON.stringify(scope);
  const hit = summaryCache.get(key);
  if (hit && Date.now() - hit.at < 2000) return hit.value;
  const value = computeSummary(ctx, scope);
  summaryCache.set(key, { at: Date.now(), value });
  value.catch(() => summaryCache.delete(key));
  return value;
}

async function computeSummary(ctx: AppContext, scope: Scope): Promise<SummaryOut> {
  const db = ctx.store.db;
  const live = rowScope(scope, 'l.region_code');
  const al = rowScope(scope, 'a.region_code');
  const fe = rowScope(scope, 'f.region_code');
  const since = shanghaiMidnight(ctx.clock.now());
  const [m, a, f] = await Promise.all([
    sql<{ monitored: number; online: number }>`
      SELECT count(*)::int AS monitored, count(*) FILTER (WHERE l.online)::int AS online
        FROM elevator_live l ${live.join ? sql`JOIN elevator e ON e.id = l.elevator_id` : sql``}
       WHERE l.device_pk IS NOT NULL AND ${live.cond}`.execute(db),
    sql<{ severity: string; n: number }>`
      SELECT a.severity, count(*)::int AS n FROM alarm a ${al.join ? sql`JOIN elevator e ON e.id = a.elevator_id` : sql``}
       WHERE a.status = 'active' AND ${al.cond} GROUP BY a.severity`.execute(db),
    sql<{ n: number }>`
      SELECT count(*)::int AS n FROM fault_event f ${fe.join ? sql`JOIN elevator e ON e.id = f.elevator_id` : sql``}
       WHERE f.phase = 'open' AND f.type IS NOT NULL AND f.occurred_at >= ${since} AND ${fe.cond}`.execute(db),
  ]);
  const bySeverity = { critical: 0, major: 0, minor: 0, warning: 0 };
  for (const r of a.rows) bySeverity[r.severity as keyof typeof bySeverity] = r.n;
  return {
    monitored: m.rows[0]?.monitored ?? 0,
    online: m.rows[0]?.online ?? 0,
    activeAlarms: a.rows.reduce((s, r) => s + r.n, 0),
    bySeverity,
    faultsToday: f.rows[0]?.n ?? 0,
  };
}

export const MapQuery = z.object({ level: z.enum(['city', 'county']).default('city'), city: z.string().regex(/^\d{6}$/).optional() });
export const MapOut = z.object({
  items: z.array(
    z.object({ regionCode: z.string(), name: z.string(), monitored: z.number(), online: z.number(), onlineRate: z.number(), activeAlarms: z.number(), faultsToday: z.number() }),
  ),
});

/** Per city (or per county of one city): monitored, online rate, active alarms, faults today. */
export async function map(ctx: AppContext, p: Principal, q: z.infer<typeof MapQuery>) {
  const scope = scopeOf(ctx, p);
  const len = q.level === 'city' ? 4 : 6;
  const cityPrefix = q.city ? q.city.slice(0, 4) : '';
  const within = (col: string) => (cityPrefix ? sql<boolean>`(${sql.ref(col)} >= ${cityPrefix} AND ${sql.ref(col)} < ${`${cityPrefix}~`})` : sql<boolean>`true`);
  const live = rowScope(scope, 'l.region_code');
  const al = rowScope(scope, 'a.region_code');
  const fe = rowScope(scope, 'f.region_code');
  const since = shanghaiMidnight(ctx.clock.now());
  const db = ctx.store.db;
  const [m, a, f] = await Promise.all([
    sql<{ k: string; monitored: number; online: number }>`
      SELECT substr(l.region_code, 1, ${len}) AS k, count(*)::int AS monitored, count(*) FILTER (WHERE l.online)::int AS online
        FROM elevator_live l ${live.join ? sql`JOIN elevator e ON e.id = l.elevator_id` : sql``}
       WHERE l.device_pk IS NOT NULL AND ${live.cond} AND ${within('l.region_code')} GROUP BY 1`.execute(db),
    sql<{ k: string; n: number }>`
      SELECT substr(a.region_code, 1, ${len}) AS k, count(*)::int AS n FROM alarm a ${al.join ? sql`JOIN elevator e ON e.id = a.elevator_id` : sql``}
       WHERE a.status = 'active' AND ${al.cond} AND ${within('a.region_code')} GROUP BY 1`.execute(db),
    sql<{ k: string; n: number }>`
      SELECT substr(f.region_code, 1, ${len}) AS k, count(*)::int AS n FROM fault_event f ${fe.join ? sql`JOIN elevator e ON e.id = f.elevator_id` : sql``}
       WHERE f.phase = 'open' AND f.type IS NOT NULL AND f.occurred_at >= ${since} AND ${fe.cond} AND ${within('f.region_code')} GROUP BY 1`.execute(db),
  ]);
  const codeOf = (k: string) => (len === 4 ? `${k}00` : k);
  const items = new Map<string, { regionCode: string; name: string; monitored: number; online: number; onlineRate: number; activeAlarms: number; faultsToday: number }>();
  const item = (k: string) => {
    const code = codeOf(k);
    let it = items.get(code);
    if (!it) {
      it = { regionCode: code, name: ctx.regions.get(code)?.name ?? code, monitored: 0, online: 0, onlineRate: 0, activeAlarms: 0, faultsToday: 0 };
      items.set(code, it);
    }
    return it;
  };
  // Every city (or county of the city) appears, so the map colours the whole province.
  const base = q.level === 'city' ? ctx.regions.all().filter((r) => r.level === 2) : q.city ? ctx.regions.children(q.city) : [];
  for (const r of base) item(len === 4 ? r.code.slice(0, 4) : r.code);
  for (const r of m.rows) Object.assign(item(r.k), { monitored: r.monitored, online: r.online });
  for (const r of a.rows) item(r.k).activeAlarms = r.n;
  for (const r of f.rows) item(r.k).faultsToday = r.n;
  for (const it of items.values()) it.onlineRate = it.monitored ? Math.round((it.online / it.monitored) * 1000) / 1000 : 0;
  return { items: [...items.values()].sort((x, y) => x.regionCode.localeCompare(y.regionCode)) };
}

const GEO_DIR = path.resolve(import.meta.dirname, '../../../vendor/geo');
let cities: string | undefined;
let counties: { type: string; features: { properties: { city_code?: string } }[] } | undefined;

/** Vendored Shandong outlines (no tiles): all cities, or the counties of one city. */
export function geo(level: 'cities' | 'counties', city?: string): string {
  if (level === 'cities') return (cities ??= fs.readFileSync(path.join(GEO_DIR, 'shandong-cities.geojson'), 'utf8'));
  counties ??= JSON.parse(fs.readFileSync(path.join(GEO_DIR, 'shandong-counties.geojson'), 'utf8'));
  const features = counties!.features.filter((f) => !city || f.properties.city_code === city);
  return JSON.stringify({ type: 'FeatureCollection', features });
}
