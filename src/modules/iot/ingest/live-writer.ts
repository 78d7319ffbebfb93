import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../server/db/schema.ts';
import type { CountersMessage, StatusMessage } from '../iot.domain.ts';

/**
 * Live state coalesced per elevator between flushes: many status reports of one car become one row write.
 * Fields left undefined keep the stored value; a report older than the stored one changes nothing.
 */
export interface PendingLive {
  elevatorId: number;
  regionCode: string;
  devicePk: number;
  seen: Date;
  statusAt: Date | null;
  floor?: string;
  direction?: string;
  doorOpen?: boolean;
  occupied?: boolean;
  inDoorZone?: boolean;
  speed?: number;
  mode?: string;
  totals?: { runs?: number; runSeconds?: number; distanceM?: number; doorCycles?: number };
  delta?: { from: Date; to: Date; runs: number; runSeconds: number; distanceM: number; doorCycles: number };
}

export function mergeStatus(p: PendingLive, m: StatusMessage): void {
  if (p.statusAt && m.at < p.statusAt) return;
  p.statusAt = m.at;
  if (m.floor !== undefined) p.floor = m.floor;
  if (m.direction !== undefined) p.direction = m.direction;
  if (m.doorOpen !== undefined) p.doorOpen = m.doorOpen;
  if (m.occupied !== undefined) p.occupied = m.occupied;
  if (m.inDoorZone !== undefined) p.inDoorZone = m.inDoorZone;
  if (m.speed !== undefined) p.speed = m.speed;
  if (m.mode !== undefined) p.mode = m.mode;
}

export function mergeCounters(p: PendingLive, m: CountersMessage): void {
  if (m.basis === 'total') {
    const t = (p.totals ??= {});
    // Lifetime counters only grow: the larger value is the newer one, whatever order reports arrive in.
    if (m.runs !== undefined) t.runs = Math.max(t.runs ?? 0, m.runs);
    if (m.runSeconds !== undefined) t.runSeconds = Math.max(t.runSeconds ?? 0, m.runSeconds);
    if (m.distanceM !== undefined) t.distanceM = Math.max(t.distanceM ?? 0, m.distanceM);
    if (m.doorCycles !== undefined) t.doorCycles = Math.max(t.doorCycles ?? 0, m.doorCycles);
    return;
  }
  const from = m.from ?? m.at;
  const d = p.delta;
  // Periods add up once: a period starting before what this batch already counted is a retry.
  if (d && from < d.to) return;
  p.delta = {
    from: d?.from ?? from,
    to: m.at,
    runs: (d?.runs ?? 0) + (m.runs ?? 0),
    runSeconds: (d?.runSeconds ?? 0) + (m.runSeconds ?? 0),
    distanceM: (d?.distanceM ?? 0) + (m.distanceM ?? 0),
    doorCycles: (d?.doorCycles ?? 0) + (m.doorCycles ?? 0),
  };
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const opt = <T>(v: T | undefined): T | null => (v === undefined ? null : v);

/** Writes the batch; returns the elevators that were offline before it (their offline alarms clear). */
export async function writeLive(trx: Kysely<DB>, batch: PendingLive[], now: Date): Promise<number[]> {
  if (!batch.length) return [];
  // Rows in elevator order: several nodes write overlapping sets of elevators (a terminal's reports are split
  // between them), and upserts locking the same rows in different orders deadlock (seen at 3,000 msg/s on 3 nodes).
  const rows = [...batch].sort((a, b) => a.elevatorId - b.elevatorId);
  // In slices: turning a whole flush (up to every terminal of a province) into statement parameters is synchronous
  // work of seconds, during which the event loop could not take the fault flush's or the 96333 intake's replies.
  const wasOffline: number[] = [];
  for (let i = 0; i < rows.length; i += LIVE_SLICE) wasOffline.push(...(await writeLiveSlice(trx, rows.slice(i, i + LIVE_SLICE), now)));
  return wasOffline;
}

/** Rows per statement of a live flush (each elevator once; a slice's parameters take a few ms to build). */
export const LIVE_SLICE = 5000;

async function writeLiveSlice(trx: Kysely<DB>, rows: PendingLive[], now: Date): Promise<number[]> {
  const NEWER = sql`(excluded.status_at IS NOT NULL AND (l.status_at IS NULL OR excluded.status_at >= l.status_at))`;
  const pick = (col: string) => sql`CASE WHEN ${NEWER} THEN coalesce(${sql.ref(`excluded.${col}`)}, ${sql.ref(`l.${col}`)}) ELSE ${sql.ref(`l.${col}`)} END`;
  const { rows: prev } = await sql<{ elevator_id: number }>`
    WITH v AS (
      SELECT * FROM unnest(${rows.map((r) => r.elevatorId)}::bigint[], ${rows.map((r) => r.regionCode)}::text[], ${rows.map((r) => r.devicePk)}::bigint[],
                           ${rows.map((r) => iso(r.seen))}::timestamptz[], ${rows.map((r) => iso(r.statusAt))}::timestamptz[],
                           ${rows.map((r) => opt(r.floor))}::text[], ${rows.map((r) => opt(r.direction))}::text[], ${rows.map((r) => opt(r.doorOpen))}::boolean[],
                           ${rows.map((r) => opt(r.occupied))}::boolean[], ${rows.map((r) => opt(r.inDoorZone))}::boolean[], ${rows.map((r) => opt(r.speed))}::real[],
                           ${rows.map((r) => opt(r.mode))}::text[])
        AS v(elevator_id, region_code, device_pk, seen, status_at, floor, direction, door_open, occupied, in_door_zone, speed, mode)
    ),
    prev AS (SELECT l.elevator_id FROM elevator_live l JOIN v ON v.elevator_id = l.elevator_id WHERE NOT l.online),
    -- A newer report naming another mode than the stored one is a mode change (the CTEs read the state before this
    -- statement's update): kept for cross-checks such as "no inspection mode during a claimed maintenance visit".
    modes AS (
      INSERT INTO elevator_mode_log (elevator_id, at, mode)
      SELECT v.elevator_id, v.status_at, v.mode FROM v LEFT JOIN elevator_live o ON o.elevator_id = v.elevator_id
       WHERE v.mode IS NOT NULL AND v.status_at IS NOT NULL AND v.mode IS DISTINCT FROM o.mode
         AND (o.status_at IS NULL OR v.status_at >= o.status_at)
      ON CONFLICT DO NOTHING
    ),
    up AS (
      INSERT INTO elevator_live AS l (elevator_id, region_code, device_pk, online, last_seen, status_at, floor, direction, door_open, occupied, in_door_zone, speed, mode, still_since, updated_at)
      SELECT elevator_id, region_code, device_pk, true, seen, status_at, floor, direction, door_open, occupied, in_door_zone, speed, mode,
             CASE WHEN occupied AND NOT door_open AND direction = 'stop' THEN status_at END, ${now}
        FROM v
      ON CONFLICT (elevator_id) DO UPDATE SET
        online = true,
        region_code = excluded.region_code,
        device_pk = excluded.device_pk,
        last_seen = greatest(l.last_seen, excluded.last_seen),
        floor = ${pick('floor')},
        direction = ${pick('direction')},
        door_open = ${pick('door_open')},
        occupied = ${pick('occupied')},
        in_door_zone = ${pick('in_door_zone')},
        speed = ${pick('speed')},
        mode = ${pick('mode')},
        still_since = CASE
          WHEN NOT ${NEWER} THEN l.still_since
          WHEN coalesce(excluded.occupied, l.occupied) AND NOT coalesce(excluded.door_open, l.door_open, true)
               AND coalesce(excluded.direction, l.direction) = 'stop'
            THEN coalesce(l.still_since, excluded.status_at)
          ELSE NULL END,
        status_at = CASE WHEN ${NEWER} THEN excluded.status_at ELSE l.status_at END,
        updated_at = excluded.updated_at
      RETURNING 1
    )
    SELECT elevator_id FROM prev`.execute(trx);

  const counted = rows.filter((r) => r.totals || r.delta);
  if (counted.length) {
    const num = (f: (r: PendingLive) => number | undefined) => counted.map((r) => f(r) ?? null);
    await sql`
      UPDATE elevator_live l SET
        runs = CASE WHEN v.t_runs IS NOT NULL THEN greatest(l.runs, v.t_runs::bigint) ELSE l.runs END
             + CASE WHEN v.d_from >= coalesce(l.stats_until, '-infinity') THEN coalesce(v.d_runs, 0)::bigint ELSE 0 END,
        run_seconds = CASE WHEN v.t_run_seconds IS NOT NULL THEN greatest(l.run_seconds, v.t_run_seconds::bigint) ELSE l.run_seconds END
             + CASE WHEN v.d_from >= coalesce(l.stats_until, '-infinity') THEN coalesce(v.d_run_seconds, 0)::bigint ELSE 0 END,
        distance_m = CASE WHEN v.t_distance IS NOT NULL THEN greatest(l.distance_m, v.t_distance) ELSE l.distance_m END
             + CASE WHEN v.d_from >= coalesce(l.stats_until, '-infinity') THEN coalesce(v.d_distance, 0) ELSE 0 END,
        door_cycles = CASE WHEN v.t_door_cycles IS NOT NULL THEN greatest(l.door_cycles, v.t_door_cycles::bigint) ELSE l.door_cycles END
             + CASE WHEN v.d_from >= coalesce(l.stats_until, '-infinity') THEN coalesce(v.d_door_cycles, 0)::bigint ELSE 0 END,
        stats_until = CASE WHEN v.d_from >= coalesce(l.stats_until, '-infinity') THEN greatest(l.stats_until, v.d_to) ELSE l.stats_until END
      FROM unnest(${counted.map((r) => r.elevatorId)}::bigint[],
                  ${num((r) => r.totals?.runs)}::float8[], ${num((r) => r.totals?.runSeconds)}::float8[], ${num((r) => r.totals?.distanceM)}::float8[], ${num((r) => r.totals?.doorCycles)}::float8[],
                  ${counted.map((r) => iso(r.delta?.from))}::timestamptz[], ${counted.map((r) => iso(r.delta?.to))}::timestamptz[],
                  ${num((r) => r.delta?.runs)}::float8[], ${num((r) => r.delta?.runSeconds)}::float8[], ${num((r) => r.delta?.distanceM)}::float8[], ${num((r) => r.delta?.doorCycles)}::float8[])
        AS v(elevator_id, t_runs, t_run_seconds, t_distance, t_door_cycles, d_from, d_to, d_runs, d_run_seconds, d_distance, d_door_cycles)
      WHERE l.elevator_id = v.elevator_id`.execute(trx);
  }
  return prev.map((r) => r.elevator_id);
}
