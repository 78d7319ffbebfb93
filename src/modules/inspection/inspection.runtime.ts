import { sql } from 'kysely';
import type { AppContext } from '../../server/context.ts';
import { every } from '../../server/background.ts';
import { shanghaiDate } from '../../server/clock.ts';
import { ensureDueIndexes, recompute, recomputeAll } from './schedule.service.ts';
import { flagMissedHazards } from './supervision.service.ts';

/**
 * The inspection module's background work on every node (each step is idempotent, so several nodes may run it):
 * schedules for elevators that have none yet (new registrations, imports) within a minute; hazards possibly missed
 * flagged; and once a day the schedules whose due date has passed
 * are recomputed (the calendar moved; nothing else changes a schedule without recomputing it at once).
 */
export interface InspectionRuntime {
  /** One pass of the minute's work (tests call it directly). */
  tick(): Promise<{ scheduled: number; flagged: number }>;
  stop(): Promise<void>;
}

export async function scheduleMissing(ctx: AppContext, limit = 20_000): Promise<number> {
  let total = 0;
  for (;;) {
    const ids = (
      await sql<{ id: number }>`SELECT e.id FROM elevator e LEFT JOIN inspection_due d ON d.elevator_id = e.id WHERE d.elevator_id IS NULL ORDER BY e.id LIMIT ${limit}`.execute(ctx.store.db)
    ).rows.map((r) => r.id);
    if (!ids.length) return total;
    await ctx.store.db.transaction().execute((trx) => recompute(trx, shanghaiDate(ctx.clock.now()), ids));
    total += ids.length;
    if (ids.length < limit) return total;
  }
}

export function startInspection(ctx: AppContext, opts: { background?: boolean } = {}): InspectionRuntime {
  let lastFullDay = '';
  // A first full computation interrupted by a crash leaves inspection_due without its secondary indexes.
  const indexed = ensureDueIndexes(ctx.store.db).catch((err) => ctx.log.error({ err }, 'inspection_due indexes could not be built'));
  const tick = async () => {
    await indexed;
    const scheduled = await scheduleMissing(ctx);
    const flagged = await flagMissedHazards(ctx);
    return { scheduled, flagged };
  };
  const job = every(
    ctx,
    'inspection background work',
    60_000,
    async () => {
      await tick();
      const today = shanghaiDate(ctx.clock.now());
      if (today !== lastFullDay) {
        if (lastFullDay) await recomputeAll(ctx, { onlyPastDue: true });
        lastFullDay = today;
      }
    },
    opts.background !== false,
  );
  return { tick, stop: () => job.stop() };
}
