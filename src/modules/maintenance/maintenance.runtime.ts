import { every } from '../../server/background.ts';
import type { AppContext } from '../../server/context.ts';
import { clockMissing } from './records.service.ts';

/**
 * The maintenance module's background work on every node (idempotent): a maintenance clock for every elevator that
 * has none yet (new registrations, imports), so overdue lists stay index reads.
 */
export interface MaintenanceRuntime {
  tick(): Promise<{ clocked: number }>;
  stop(): Promise<void>;
}

export function startMaintenance(ctx: AppContext, opts: { background?: boolean } = {}): MaintenanceRuntime {
  const tick = async () => {
    let clocked = 0;
    for (let n = -1; n !== 0; ) clocked += n = await clockMissing(ctx);
    return { clocked };
  };
  const job = every(ctx, 'maintenance background work', 60_000, tick, opts.background !== false);
  return { tick, stop: () => job.stop() };
}
