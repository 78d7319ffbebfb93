import type { AppContext } from '../../server/context.ts';
import { every } from '../../server/background.ts';
import { shanghaiDate } from '../../server/clock.ts';
import { previousMonth, recordAccidents, recordMaintenanceGrades, refreshScores } from './credit-sources.ts';

/** The credit file's clock work (credit-sources.ts), every 10 minutes on every node; each step is idempotent. */
export interface CreditRuntime {
  tick(): Promise<{ accidents: number; grades: number; refreshed: number }>;
  stop(): Promise<void>;
}

export function startCredit(ctx: AppContext, opts: { background?: boolean } = {}): CreditRuntime {
  let gradedPeriod = '';
  const tick = async () => {
    const accidents = await recordAccidents(ctx);
    const period = previousMonth(shanghaiDate(ctx.clock.now()));
    // Grading a province is a dozen aggregate queries: once per month per node, not every tick.
    const grades = period === gradedPeriod ? 0 : await recordMaintenanceGrades(ctx, period);
    gradedPeriod = period;
    const refreshed = await refreshScores(ctx);
    return { accidents, grades, refreshed };
  };
  const job = every(ctx, 'credit sources', 600_000, tick, opts.background !== false);
  return { tick, stop: () => job.stop() };
}
