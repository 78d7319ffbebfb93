import type { AppContext } from './context.ts';

/** What an operator (and a benchmark waiting for start-up catch-up) sees of a background job on this node. */
export interface JobState {
  name: string;
  intervalMs: number;
  running: boolean;
  runs: number;
  failures: number;
  lastStartedAt: Date | null;
  lastFinishedAt: Date | null;
  lastDurationMs: number | null;
  lastError: string | null;
}

const jobs = new Map<string, JobState>();

/** This node's background jobs, by name. */
export function backgroundJobs(): JobState[] {
  return [...jobs.values()].map((j) => ({ ...j }));
}

/**
 * Runs `work` now and then every `intervalMs` on this node, one run at a time; a failure is logged and the next run
 * comes as planned. `stop()` waits for a run in progress. With `background: false` nothing runs (tests call the work).
 */
export function every(ctx: AppContext, name: string, intervalMs: number, work: () => Promise<unknown>, background = true): { stop(): Promise<void> } {
  if (!background) return { stop: async () => {} };
  const state: JobState = { name, intervalMs, running: false, runs: 0, failures: 0, lastStartedAt: null, lastFinishedAt: null, lastDurationMs: null, lastError: null };
  jobs.set(name, state);
  let running: Promise<unknown> | undefined;
  const run = () => {
    if (running) return;
    const started = performance.now();
    state.running = true;
    state.lastStartedAt = new Date();
    running = work()
      .then(() => (state.lastError = null))
      .catch((err) => {
        state.failures++;
        state.lastError = String((err as Error)?.message ?? err).slice(0, 300);
        ctx.log.error({ err }, `${name} failed`);
      })
      .finally(() => {
        running = undefined;
        state.running = false;
        state.runs++;
        state.lastFinishedAt = new Date();
        state.lastDurationMs = Math.round(performance.now() - started);
      });
  };
  const timer = setInterval(run, intervalMs);
  timer.unref();
  run();
  return {
    async stop() {
      clearInterval(timer);
      await running;
      if (jobs.get(name) === state) jobs.delete(name);
    },
  };
}
