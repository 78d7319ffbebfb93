import type { AppContext } from '../../server/context.ts';
import { every } from '../../server/background.ts';
import { escalateOverdue } from './hazards.service.ts';

/** Hazards past their deadline are escalated to the regulator once each, every minute on every node (idempotent). */
export interface HazardsRuntime {
  tick(): Promise<{ escalated: number }>;
  stop(): Promise<void>;
}

export function startHazards(ctx: AppContext, opts: { background?: boolean } = {}): HazardsRuntime {
  const tick = async () => ({ escalated: await escalateOverdue(ctx) });
  const job = every(ctx, 'hazard escalation', 60_000, tick, opts.background !== false);
  return { tick, stop: () => job.stop() };
}
