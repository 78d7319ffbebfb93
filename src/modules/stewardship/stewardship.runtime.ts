import type { AppContext } from '../../server/context.ts';
import { every } from '../../server/background.ts';
import { sweep } from './stewardship.service.ts';

/** Every ten minutes on every node (idempotent: one open task per elevator, enforced by a unique index). */
export interface StewardshipRuntime {
  tick(): Promise<{ opened: number; settled: number }>;
  stop(): Promise<void>;
}

export function startStewardship(ctx: AppContext, opts: { background?: boolean } = {}): StewardshipRuntime {
  const tick = async () => {
    const { opened, settled } = await sweep(ctx);
    return { opened, settled };
  };
  const job = every(ctx, 'stewardship sweep', 10 * 60_000, tick, opts.background !== false);
  return { tick, stop: () => job.stop() };
}
