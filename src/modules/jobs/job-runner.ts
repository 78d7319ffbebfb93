import type { FastifyBaseLogger } from 'fastify';

/**
 * Runs background work in this process and lets shutdown wait for it. Work is chunked into transactions by
 * its owner; `stopping` tells it to stop between chunks. Whatever a killed process leaves is marked failed on the
 * next start (jobs.repo failStale), and since every chunk commits whole, nothing half-written remains.
 */
export class JobRunner {
  private running = new Map<string, Promise<void>>();
  stopping = false;

  constructor(private log: FastifyBaseLogger) {}

  start(id: string, work: () => Promise<void>): void {
    const p = work()
      .catch((err) => this.log.error({ err, jobId: id }, 'job crashed'))
      .finally(() => this.running.delete(id));
    this.running.set(id, p);
  }

  /** Waits for this job to end (tests, CLI). */
  async wait(id: string): Promise<void> {
    await this.running.get(id);
  }

  get size(): number {
    return this.running.size;
  }

  /** Asks jobs to stop and waits up to `ms` for them. */
  async drain(ms: number): Promise<void> {
    this.stopping = true;
    await Promise.race([Promise.allSettled(this.running.values()), new Promise((r) => setTimeout(r, ms).unref())]);
  }
}
