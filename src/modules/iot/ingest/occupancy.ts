import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../server/db/schema.ts';
import type { StatusMessage } from '../iot.domain.ts';

const MINUTE_MS = 60_000;
/** Beijing time, the platform's day (no daylight saving). */
const OFFSET_MINUTES = 8 * 60;

/** An occupied minute of an elevator: epoch minute (UTC). */
export type OccupiedMinute = readonly [elevatorId: number, epochMinute: number];

/**
 * Which minutes each car carried someone, for the maintenance cross-check. A status report that leaves `occupied`
 * out keeps the last reported value (the protocol's rule), so the last value per elevator is kept here. Each
 * elevator's minute is queued once: a busy car reporting every few seconds costs one row write a minute at most.
 */
export class OccupancyLog {
  private known = new Map<number, boolean>();
  private queued = new Map<number, number>();
  private pending: OccupiedMinute[] = [];

  note(elevatorId: number, m: StatusMessage): void {
    if (m.occupied !== undefined) this.known.set(elevatorId, m.occupied);
    if (!this.known.get(elevatorId)) return;
    const minute = Math.floor(m.at.getTime() / MINUTE_MS);
    if (this.queued.get(elevatorId) === minute) return;
    this.queued.set(elevatorId, minute);
    this.pending.push([elevatorId, minute]);
  }

  get size(): number {
    return this.pending.length;
  }

  take(): OccupiedMinute[] {
    const batch = this.pending;
    this.pending = [];
    return batch;
  }

  /** A failed flush puts its minutes back (OR-ing a minute twice changes nothing). */
  putBack(batch: OccupiedMinute[]): void {
    this.pending.push(...batch);
  }
}

/** The Beijing-time day (YYYY-MM-DD) and minute of that day of an epoch minute. */
export function localMinute(epochMinute: number): { day: string; minute: number } {
  const local = epochMinute + OFFSET_MINUTES;
  const dayIndex = Math.floor(local / 1440);
  return { day: new Date(dayIndex * 86_400_000).toISOString().slice(0, 10), minute: local - dayIndex * 1440 };
}

/** ORs the minutes into each elevator's day row (one statement per batch). */
export async function writeOccupancy(trx: Kysely<DB>, all: readonly OccupiedMinute[]): Promise<void> {
  // In slices, as live state is written (a statement's parameters are built synchronously).
  for (let i = 0; i < all.length; i += 20_000) await writeOccupancySlice(trx, all.slice(i, i + 20_000));
}

async function writeOccupancySlice(trx: Kysely<DB>, batch: readonly OccupiedMinute[]): Promise<void> {
  if (!batch.length) return;
  const ids: number[] = [];
  const days: string[] = [];
  const minutes: number[] = [];
  for (const [id, epochMinute] of batch) {
    const l = localMinute(epochMinute);
    ids.push(id);
    days.push(l.day);
    minutes.push(l.minute);
  }
  await sql`
    INSERT INTO elevator_occupancy AS o (elevator_id, day, minutes)
    SELECT t.elevator_id, t.day, bit_or(set_bit(repeat('0', 1440)::bit(1440), t.minute, 1))
      FROM unnest(${ids}::bigint[], ${days}::date[], ${minutes}::int[]) AS t(elevator_id, day, minute)
      -- a terminal bound to an elevator removed meanwhile: nothing to keep
     WHERE EXISTS (SELECT 1 FROM elevator e WHERE e.id = t.elevator_id)
     GROUP BY t.elevator_id, t.day
    ON CONFLICT (elevator_id, day) DO UPDATE SET minutes = o.minutes | excluded.minutes`.execute(trx);
}
