import { sql, type Kysely } from 'kysely';
import type { AppContext } from '../../server/context.ts';
import type { DB } from '../../server/db/schema.ts';

/**
 * Domain events between modules (design.md "Events"). A module writes its event in the same transaction as the
 * change; each consumer registered for the topic gets a delivery row in that transaction too. Consumers claim
 * deliveries with FOR UPDATE SKIP LOCKED and delete them in the transaction that does their work, so with any
 * number of nodes an event is handled once per consumer, and a crash before commit leaves it for a retry.
 */
export interface OutboxEvent<T = unknown> {
  id: number;
  topic: string;
  key: string | null;
  payload: T;
  createdAt: Date;
}

export type EventHandler = (trx: Kysely<DB>, event: OutboxEvent) => Promise<void>;
/** Handles several events in one transaction (a burst of them, oldest first); all or none. */
export type BatchHandler = (trx: Kysely<DB>, events: OutboxEvent[]) => Promise<void>;

interface Consumer {
  name: string;
  topics: string[];
  handle: EventHandler;
  handleBatch?: BatchHandler;
  inline?: (topic: string, payload: unknown) => boolean;
  afterInline?: () => void;
}

export interface ConsumerOptions {
  /** Takes a burst of pending events in one transaction (see `BatchHandler`). */
  handleBatch?: BatchHandler;
  /**
   * Events this consumer handles inside the publisher's own transaction, before it commits (needs `handleBatch`):
   * for work on a legal clock, where the hop through the dispatcher (commit, nudge, claim, a second transaction)
   * costs more than the work. The handler runs under a savepoint; if it fails, its writes are rolled back, the
   * publisher's change still commits, and the event gets its delivery row for the dispatcher to retry as usual.
   */
  inline?: (topic: string, payload: unknown) => boolean;
  /** Called when a publisher on this node reports its commit (`OutboxDispatcher.nudge`) after inline handling. */
  afterInline?: () => void;
}

/** Consumers are declared in code at start-up, identically on every node. */
const consumers = new Map<string, Consumer>();

export function registerConsumer(name: string, topics: string[], handle: EventHandler, opts: ConsumerOptions = {}): void {
  if (opts.inline && !opts.handleBatch) throw new Error(`consumer ${name}: inline handling needs handleBatch`);
  consumers.set(name, { name, topics, handle, handleBatch: opts.handleBatch, inline: opts.inline, afterInline: opts.afterInline });
}

let inlineEnabled = false;
/** On: inline consumers take their events in the publisher's transaction (OUTBOX_INLINE). Returns the previous value. */
export function setInlineDelivery(on: boolean): boolean {
  const was = inlineEnabled;
  inlineEnabled = on;
  return was;
}
/** Consumers that handled events inline since the last commit report on this node. */
const inlineDone = new Set<Consumer>();

export function unregisterConsumer(name: string): void {
  consumers.delete(name);
}

let savepoints = 0;

/**
 * Writes events inside the caller's transaction: each consumer of a topic gets a delivery row, except events an
 * inline consumer has just handled in this transaction.
 */
export async function publish(trx: Kysely<DB>, at: Date, events: { topic: string; key?: string; payload: unknown }[]): Promise<number[]> {
  if (!events.length) return [];
  const rows = await trx
    .insertInto('outbox')
    .values(events.map((e) => ({ topic: e.topic, key: e.key ?? null, payload: JSON.stringify(e.payload), created_at: at })))
    .returning(['id', 'topic'])
    .execute();
  const deliveries: { event_id: number; consumer: string }[] = [];
  for (const c of consumers.values()) {
    const mine = rows.map((r, i) => ({ id: r.id, topic: r.topic, key: events[i]!.key ?? null, payload: events[i]!.payload, createdAt: at })).filter((ev) => c.topics.includes(ev.topic));
    if (!mine.length) continue;
    const now = inlineEnabled && c.inline ? mine.filter((ev) => c.inline!(ev.topic, ev.payload)) : [];
    const handled = now.length && (await handleInline(trx, c, now)) ? new Set(now.map((ev) => ev.id)) : new Set<number>();
    for (const ev of mine) if (!handled.has(ev.id)) deliveries.push({ event_id: ev.id, consumer: c.name });
  }
  if (deliveries.length) await trx.insertInto('outbox_delivery').values(deliveries).execute();
  return rows.map((r) => r.id);
}

async function handleInline(trx: Kysely<DB>, c: Consumer, events: OutboxEvent[]): Promise<boolean> {
  const sp = sql.raw(`outbox_inline_${++savepoints}`);
  await sql`SAVEPOINT ${sp}`.execute(trx);
  try {
    // No RELEASE: the commit releases it, and the round trip is saved on a path timed by law.
    await c.handleBatch!(trx, events);
    inlineDone.add(c);
    return true;
  } catch (err) {
    await sql`ROLLBACK TO SAVEPOINT ${sp}`.execute(trx);
    inlineFailures++;
    lastInlineError = String((err as Error).message ?? err).slice(0, 500);
    return false;
  }
}

let inlineFailures = 0;
let lastInlineError: string | null = null;
/** Inline handlings that failed and were left to the dispatcher (shown by `GET /api/iot/ingest`). */
export function inlineStats(): { failures: number; lastError: string | null } {
  return { failures: inlineFailures, lastError: lastInlineError };
}

const MAX_ATTEMPTS = 20;
/** How long a claimed delivery stays hidden from other workers while its handler runs (and after a crash). */
const LEASE_MS = 60_000;

/**
 * Delivers pending events to this node's consumers. `runOnce` handles up to `batch` events per consumer, each in
 * its own transaction with its delivery row; a failing handler is retried with backoff and its error kept.
 */
export class OutboxDispatcher {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private nudged = false;

  constructor(
    private ctx: AppContext,
    private opts: { intervalMs?: number; batch?: number; concurrency?: number } = {},
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.tick(true), this.opts.intervalMs ?? 1000);
    this.timer.unref();
  }

  /**
   * Run now rather than at the next tick: called by a publisher on this node once its transaction has committed
   * (before the commit the deliveries are invisible, and a run would find nothing). Other nodes' events wait for
   * the tick.
   */
  nudge(): void {
    for (const c of inlineDone) c.afterInline?.();
    inlineDone.clear();
    if (!this.timer) return;
    this.nudged = true;
    void this.tick(false);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /**
   * A nudge (fresh events committed on this node) runs the batch consumers' burst path only; the timer's tick also
   * takes the one-by-one path, where retries (due after their back-off) and other nodes' leftovers are found.
   */
  private tick(timer: boolean): Promise<void> {
    if (timer) this.retriesDue = true;
    if (this.running) return this.running;
    this.running = (async () => {
      do {
        this.nudged = false;
        const oneByOne = this.retriesDue;
        this.retriesDue = false;
        await this.runOnce({ oneByOne }).catch((err) => this.ctx.log.error({ err }, 'outbox dispatch failed'));
      } while (this.nudged || this.retriesDue);
    })().finally(() => (this.running = undefined));
    return this.running;
  }

  private retriesDue = false;

  /**
   * Handles what is pending now; returns how many events were handled. `oneByOne: false` skips the one-by-one path
   * of consumers that take bursts, unless their burst failed in this run (their events are then taken one by one).
   */
  async runOnce(opts: { oneByOne?: boolean } = {}): Promise<number> {
    const oneByOne = opts.oneByOne ?? true;
    let handled = 0;
    // On a PostgreSQL server several deliveries are handled at once (each claims its own row); PGlite has one
    // connection, where parallel workers would only queue.
    const workers = this.opts.concurrency ?? (this.ctx.store.kind === 'postgres' ? 4 : 1);
    const batch = this.opts.batch ?? 200;
    for (const c of consumers.values()) {
      // A consumer that takes bursts: pending events in one transaction; if that fails, one by one below.
      let batchFailed = false;
      if (c.handleBatch) {
        for (;;) {
          const n = await this.deliverBatch(c, Math.min(batch, 500)).catch((err) => {
            this.ctx.log.warn({ err, consumer: c.name }, 'batch delivery failed; delivering one by one');
            return -1;
          });
          if (n < 0) batchFailed = true;
          if (n <= 0) break;
          handled += n;
        }
        if (!oneByOne && !batchFailed) continue;
      }
      let budget = batch;
      let empty = false;
      const worker = async () => {
        while (!empty && budget > 0) {
          budget--;
          const r = await this.deliverOne(c);
          if (r === 'none') empty = true;
          if (r === 'done') handled++;
        }
      };
      await Promise.all(Array.from({ length: workers }, worker));
    }
    return handled;
  }

  private async deliverBatch(c: Consumer, max: number): Promise<number> {
    const now = this.ctx.clock.now();
    return this.ctx.store.db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ event_id: number; topic: string; key: string | null; payload: unknown; created_at: Date }>`
        SELECT d.event_id, o.topic, o.key, o.payload, o.created_at
          FROM outbox_delivery d JOIN outbox o ON o.id = d.event_id
         WHERE d.consumer = ${c.name} AND d.attempts = 0 AND (d.not_before IS NULL OR d.not_before <= ${now})
         ORDER BY d.event_id
         LIMIT ${max}
           FOR UPDATE OF d SKIP LOCKED`.execute(trx);
      if (!rows.length) return 0;
      await c.handleBatch!(trx, rows.map((r) => ({ id: r.event_id, topic: r.topic, key: r.key, payload: r.payload, createdAt: r.created_at })));
      await trx.deleteFrom('outbox_delivery').where('consumer', '=', c.name).where('event_id', 'in', rows.map((r) => r.event_id)).execute();
      return rows.length;
    });
  }

  /**
   * One delivery: first a lease in its own statement (the attempt counted, the row hidden from every other worker
   * and node for LEASE_MS), then the handler and the delete in one transaction. A failure sets the retry time; a
   * crash leaves the row to reappear when the lease ends. Without the lease, a sibling worker could take a row the
   * moment a failed attempt rolled back, before its back-off was written.
   */
  private async deliverOne(c: Consumer): Promise<'done' | 'failed' | 'none'> {
    const now = this.ctx.clock.now();
    const { db } = this.ctx.store;
    const lease = await sql<{ event_id: number; attempts: number }>`
      UPDATE outbox_delivery d SET attempts = d.attempts + 1, not_before = ${new Date(now.getTime() + LEASE_MS)}
        FROM (SELECT consumer, event_id FROM outbox_delivery
               WHERE consumer = ${c.name} AND attempts < ${MAX_ATTEMPTS} AND (not_before IS NULL OR not_before <= ${now})
               ORDER BY event_id LIMIT 1 FOR UPDATE SKIP LOCKED) s
       WHERE d.consumer = s.consumer AND d.event_id = s.event_id
       RETURNING d.event_id, d.attempts`.execute(db);
    const claimed = lease.rows[0];
    if (!claimed) return 'none';
    try {
      await db.transaction().execute(async (trx) => {
        const ev = await trx.selectFrom('outbox').selectAll().where('id', '=', claimed.event_id).executeTakeFirst();
        if (ev) await c.handle(trx, { id: ev.id, topic: ev.topic, key: ev.key, payload: ev.payload, createdAt: ev.created_at });
        await trx.deleteFrom('outbox_delivery').where('consumer', '=', c.name).where('event_id', '=', claimed.event_id).execute();
      });
    } catch (err) {
      const attempts = claimed.attempts;
      await db
        .updateTable('outbox_delivery')
        .set({ last_error: String((err as Error).message ?? err).slice(0, 500), not_before: new Date(now.getTime() + Math.min(300_000, 1000 * 2 ** attempts)) })
        .where('consumer', '=', c.name)
        .where('event_id', '=', claimed.event_id)
        .execute();
      this.ctx.log.warn({ err, consumer: c.name, eventId: claimed.event_id, attempts }, 'event handler failed; will retry');
      return 'failed';
    }
    return 'done';
  }
}

/** Reads recent events of a topic (tests, operators). */
export async function recentEvents(db: Kysely<DB>, topic: string, limit = 100): Promise<OutboxEvent[]> {
  const rows = await db.selectFrom('outbox').selectAll().where('topic', '=', topic).orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => ({ id: r.id, topic: r.topic, key: r.key, payload: r.payload, createdAt: r.created_at }));
}
