import type { AppContext } from './context.ts';

/**
 * Runs `work` now and then every `intervalMs` on this node, one run at a time; a failure is logged and the next run
 * comes as planned. `stop()` waits for a run in progress. With `background: false` nothing runs (tests call the work).
 */
export function every(ctx: AppContext, name: string, intervalMs: number, work: () => Promise<unknown>, background = true): { stop(): Promise<void> } {
  if (!background) return { stop: async () => {} };
  let running: Promise<unknown> | undefined;
  const run = () => {
    running ??= work()
      .catch((err) => ctx.log.error({ err }, `${name} failed`))
      .finally(() => (running = undefined));
  };
  const timer = setInterval(run, intervalMs);
  timer.unref();
  run();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
