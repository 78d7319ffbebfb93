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
  let running: Promise<unknown> | undefined;
  const tick = async () => {
    let clocked = 0;
    for (let n = -1; n !== 0; ) clocked += n = await clockMissing(ctx);
    return { clocked };
  };
  const loop = () => tick().catch((err) => ctx.log.error({ err }, 'maintenance background work failed'));
  const timer = opts.background === false ? undefined : setInterval(() => void (running ??= loop().finally(() => (running = undefined))), 60_000);
  timer?.unref();
  if (timer) running = loop().finally(() => (running = undefined));
  return {
    tick,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
