/**
 * Batches from an ingest thread to the main thread, credit-based: at most `inFlight` batches are with the main
 * thread at a time, each returned with `taken()` once handled. Node hands a port's whole backlog to the receiving
 * thread in one go, so without credits a main thread that fell behind would handle seconds of queued status reports
 * in one turn of its event loop (at most inFlight × maxSend items now), and its store replies (the fault flush, the 96333 intake) would wait behind them.
 * The backlog waits here instead, while the socket is still read at full speed. Past `maxBacklog` items the oldest
 * batch is shed, counted, and the count goes with the next batch sent.
 */
export class CreditQueue<T> {
  private credits: number;
  private backlog: T[][] = [];
  private backlogged = 0;
  private current: T[] = [];
  private shed = 0;

  constructor(
    private readonly send: (items: T[], shed: number) => void,
    /**
     * `batch`: items per closed batch (the unit shed); `maxSend`: items per message at most — batches waiting when
     * a credit returns go out together up to it, so a thread that returns credits slowly still moves the traffic.
     */
    private readonly opts: { batch: number; maxSend: number; inFlight: number; maxBacklog: number },
  ) {
    this.credits = opts.inFlight;
  }

  /** Adds an item; a full batch goes out at once if a credit allows. Returns whether items are left to flush. */
  push(item: T): boolean {
    if (this.backlogged + this.current.length >= this.opts.maxBacklog) {
      const oldest = this.backlog.shift();
      if (oldest) {
        this.backlogged -= oldest.length;
        this.shed += oldest.length;
      }
    }
    this.current.push(item);
    if (this.current.length >= this.opts.batch) this.flush();
    return this.current.length > 0;
  }

  /** Closes the batch being filled and sends what the credits allow. */
  flush(): void {
    if (this.current.length) {
      this.backlog.push(this.current);
      this.backlogged += this.current.length;
      this.current = [];
    }
    while (this.credits > 0 && this.backlog.length) {
      let items = this.backlog.shift()!;
      while (this.backlog.length && items.length + this.backlog[0]!.length <= this.opts.maxSend) items = items.concat(this.backlog.shift()!);
      this.backlogged -= items.length;
      this.credits--;
      const shed = this.shed;
      this.shed = 0;
      this.send(items, shed);
    }
  }

  /** The main thread handled a batch. */
  taken(): void {
    this.credits++;
    this.flush();
  }

  /** Sends everything regardless of credits (closing). */
  drain(): void {
    this.credits = Number.POSITIVE_INFINITY;
    this.flush();
  }

  /** Items waiting here (not yet sent). */
  get waiting(): number {
    return this.backlogged + this.current.length;
  }
}
