import type { AppContext } from '../../server/context.ts';
import { every } from '../../server/background.ts';
import { flagOverdue } from './actions.service.ts';

/** Open enforcement actions past their deadline are flagged once each, every minute on every node (idempotent). */
export interface EnforcementRuntime {
  tick(): Promise<{ overdue: number }>;
  stop(): Promise<void>;
}

export function startEnforcement(ctx: AppContext, opts: { background?: boolean } = {}): EnforcementRuntime {
  const tick = async () => ({ overdue: await flagOverdue(ctx) });
  const job = every(ctx, 'enforcement overdue', 60_000, tick, opts.background !== false);
  return { tick, stop: () => job.stop() };
}
