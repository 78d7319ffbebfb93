import type { AppContext } from '../../server/context.ts';
import { every } from '../../server/background.ts';
import { shanghaiDate } from '../../server/clock.ts';
import { recomputeAll } from './risk-compute.ts';

/**
 * Scores are recomputed once a day (first pass after start, then at each new Shanghai day): their inputs are
 * 12-month windows and ages that move with the calendar. A single elevator without a score is scored when asked.
 */
export interface RiskRuntime {
  tick(): Promise<{ written: number } | null>;
  stop(): Promise<void>;
}

export function startRisk(ctx: AppContext, opts: { background?: boolean } = {}): RiskRuntime {
  let lastDay = '';
  const tick = async () => {
    const today = shanghaiDate(ctx.clock.now());
    if (today === lastDay) return null;
    lastDay = today;
    const r = await recomputeAll(ctx.store.db, ctx.clock.now());
    ctx.log.info({ total: r.total, written: r.written, model: r.modelVersion }, 'risk scores recomputed');
    return { written: r.written };
  };
  const job = every(ctx, 'risk recomputation', 10 * 60_000, tick, opts.background !== false);
  return { tick, stop: () => job.stop() };
}
