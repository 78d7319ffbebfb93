import { sql } from 'kysely';
import type { AppContext } from '../../server/context.ts';

/**
 * A live feed over an append-only event table (alarm_event, incident_event): one reader per node follows the table
 * by id, so a change committed on any node reaches this node's viewers; each row goes to the subscribers whose scope
 * covers it. A local commit nudges the reader at once; otherwise it polls. Ids are handed out before commit, so a
 * window behind the cursor is read again for late commits, and rows already sent are remembered to send each once.
 */
export abstract class TableFeed<Row extends { event_id: number }, Scope, Item> {
  private subs = new Set<{ scope: Scope; send(item: Item): void }>();
  private cursor = 0;
  private recent = new Set<number>();
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;

  constructor(
    protected ctx: AppContext,
    private table: string,
    private batch: number,
  ) {}

  /** Rows of the table with id above `from`, in id order, at most `limit`. */
  protected abstract read(from: number, limit: number): Promise<Row[]>;
  /** The item sent for a row, and whether a subscriber's scope covers it. */
  protected abstract item(row: Row): Item;
  protected abstract allows(scope: Scope, row: Row): boolean;

  /** Starts at the table's end; polls every `intervalMs` (0: only when nudged, as tests drive it). */
  async start(intervalMs = 1000): Promise<void> {
    this.cursor = await this.maxId();
    if (intervalMs > 0) {
      this.timer = setInterval(() => this.nudge(), intervalMs);
      this.timer.unref();
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.subs.clear();
    await this.running;
  }

  subscribe(scope: Scope, send: (item: Item) => void): () => void {
    const sub = { scope, send };
    this.subs.add(sub);
    return () => this.subs.delete(sub);
  }

  get subscribers(): number {
    return this.subs.size;
  }

  /** Read new rows now (after a local commit). */
  nudge(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.poll()
      .catch((err) => this.ctx.log.warn({ err, table: this.table }, 'live feed poll failed'))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.nudge();
        }
      });
  }

  /** Waits for the reader to catch up (tests). */
  async settle(): Promise<void> {
    this.nudge();
    while (this.running) await this.running;
  }

  private async maxId(): Promise<number> {
    const { rows } = await sql<{ id: number | null }>`SELECT max(id) AS id FROM ${sql.table(this.table)}`.execute(this.ctx.store.db);
    return rows[0]?.id ?? 0;
  }

  private async poll(): Promise<void> {
    if (!this.subs.size) {
      // Nobody watching: just move the cursor.
      this.cursor = Math.max(this.cursor, await this.maxId());
      return;
    }
    const rows = await this.read(Math.max(0, this.cursor - 200), this.batch);
    for (const r of rows) {
      this.cursor = Math.max(this.cursor, r.event_id);
      if (this.recent.has(r.event_id)) continue;
      this.recent.add(r.event_id);
      const item = this.item(r);
      for (const s of this.subs) if (this.allows(s.scope, r)) s.send(item);
    }
    if (this.recent.size > 5000) this.recent = new Set([...this.recent].filter((id) => id > this.cursor - 400));
    if (rows.length === this.batch) this.again = true;
  }
}
