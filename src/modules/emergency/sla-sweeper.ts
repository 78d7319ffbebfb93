import { sql } from 'kysely';
import type { AppContext } from '../../server/context.ts';
import { fireTimer } from './incident-engine.ts';

/**
 * Runs the legal clocks. Every node sweeps; each due timer is claimed with FOR UPDATE SKIP LOCKED and marked fired
 * in the transaction that escalates, so with any number of nodes, restarts or clock jumps a timer fires once:
 * a crash before commit leaves it due for the next sweep, a commit makes it history.
 */
export class SlaSweeper {
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    private ctx: AppContext,
    private opts: { intervalMs?: number; onFired?: (incidentIds: number[]) => void } = {},
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.sweep().catch((err) => this.ctx.log.error({ err }, 'SLA sweep failed')), this.opts.intervalMs ?? 1000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => 0);
  }

  /** Fires every timer due now; returns how many fired. */
  sweep(limit = 500): Promise<number> {
    if (this.running) return this.running;
    this.running = this.run(limit).finally(() => (this.running = undefined));
    return this.running;
  }

  private async run(limit: number): Promise<number> {
    const fired: number[] = [];
    for (let i = 0; i < limit; i++) {
      const now = this.ctx.clock.now();
      const id = await this.ctx.store.db.transaction().execute(async (trx) => {
        const due = await sql<{ id: number; incident_id: number; kind: 'dispatch' | 'accept' | 'arrive'; due_at: Date }>`
          SELECT id, incident_id, kind, due_at FROM incident_timer
           WHERE done_at IS NULL AND fired_at IS NULL AND due_at <= ${now}
           ORDER BY due_at, id
           LIMIT 1
             FOR UPDATE SKIP LOCKED`.execute(trx);
        const t = due.rows[0];
        if (!t) return null;
        const outcome = await fireTimer(trx, this.ctx, t, now);
        this.ctx.log.info({ incidentId: t.incident_id, leg: t.kind, outcome }, 'SLA timer fired');
        return t.incident_id;
      });
      if (id === null) break;
      fired.push(id);
    }
    if (fired.length) this.opts.onFired?.(fired);
    return fired.length;
  }
}
