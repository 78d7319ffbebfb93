import { ApiError, send, type Query } from './http.ts';

/** One dispatched server-sent event. */
export interface SseMessage {
  /** `event:` field; "message" when the server named none. */
  event: string;
  /** `data:` lines joined with "\n". */
  data: string;
  /** The last `id:` seen (carried over between events, as the spec says). */
  id?: string;
}

/**
 * Incremental text/event-stream parser (WHATWG HTML §9.2.6). Feed it decoded text in chunks of any size: lines
 * may be split anywhere, CR, LF and CRLF all end a line (even a CRLF split between chunks), comment lines
 * (`: ping`) are skipped, and an event is dispatched on the blank line that ends it.
 */
export class SseParser {
  private buffer = '';
  private skipLf = false;
  private eventType = '';
  private data: string[] = [];
  private hasData = false;
  private lastId: string | undefined;
  /** The `retry:` value the server asked for, in ms. */
  retry: number | undefined;

  /** The last event id received, for `Last-Event-ID` on reconnect. */
  get lastEventId(): string | undefined {
    return this.lastId;
  }

  push(chunk: string): SseMessage[] {
    const out: SseMessage[] = [];
    let text = chunk;
    if (this.skipLf && text.startsWith('\n')) text = text.slice(1);
    this.skipLf = false;
    this.buffer += text;
    let start = 0;
    for (let i = 0; i < this.buffer.length; i++) {
      const c = this.buffer[i];
      if (c !== '\n' && c !== '\r') continue;
      this.line(this.buffer.slice(start, i), out);
      if (c === '\r') {
        if (i + 1 < this.buffer.length) {
          if (this.buffer[i + 1] === '\n') i++;
        } else {
          this.skipLf = true;
        }
      }
      start = i + 1;
    }
    this.buffer = this.buffer.slice(start);
    return out;
  }

  /** Forgets a half-received event (the connection dropped); the last event id is kept. */
  reset(): void {
    this.buffer = '';
    this.skipLf = false;
    this.eventType = '';
    this.data = [];
    this.hasData = false;
  }

  private line(line: string, out: SseMessage[]): void {
    if (line === '') {
      if (this.hasData) out.push({ event: this.eventType || 'message', data: this.data.join('\n'), id: this.lastId });
      this.eventType = '';
      this.data = [];
      this.hasData = false;
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event':
        this.eventType = value;
        break;
      case 'data':
        this.data.push(value);
        this.hasData = true;
        break;
      case 'id':
        if (!value.includes('\0')) this.lastId = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) this.retry = Number(value);
        break;
      default:
        break;
    }
  }
}

export type StreamState = 'connecting' | 'open' | 'retrying' | 'closed';

export interface StreamOptions {
  query?: Query;
  onMessage: (message: SseMessage) => void;
  /** Connection state changes; `open` again after a reconnect is the moment to reload what may have been missed. */
  onState?: (state: StreamState, error?: ApiError) => void;
  /** First wait before reconnecting (doubled each failure up to `maxDelayMs`, with jitter). */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** No bytes (not even a `: ping`) for this long: the connection is taken as dead and reopened. */
  idleTimeoutMs?: number;
}

/** The wait before reconnect attempt `n` (0-based): doubling from `initial`, capped, ±20 % jitter. */
export function backoffDelay(n: number, initial: number, max: number, random = Math.random): number {
  const base = Math.min(max, initial * 2 ** Math.min(n, 20));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** A client error that asking again will not fix (401 ended session, 403, 404 unknown elevator, 400); not 408/429. */
const isFinal = (status: number) => status >= 400 && status < 500 && status !== 408 && status !== 429;

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });

/**
 * Follows a server-sent event stream that needs the bearer token (EventSource cannot send headers): fetch with
 * the Authorization header, parse the body as it arrives, reconnect with backoff when it ends or fails. Returns
 * a function that stops it for good. A client error stops it too (401: the session ended and http.ts sends the
 * user to the login; 403; 404: the watched elevator is not visible), as state `closed`.
 */
export function openStream(path: string, options: StreamOptions): () => void {
  const stopper = new AbortController();
  const { initialDelayMs = 1_000, maxDelayMs = 30_000, idleTimeoutMs = 45_000 } = options;
  const parser = new SseParser();

  const once = async (): Promise<'ended' | 'fatal'> => {
    const attempt = new AbortController();
    const abortAttempt = () => attempt.abort();
    stopper.signal.addEventListener('abort', abortAttempt);
    let idle: ReturnType<typeof setTimeout> | undefined;
    const touch = () => {
      clearTimeout(idle);
      idle = setTimeout(() => attempt.abort(), idleTimeoutMs);
    };
    try {
      const headers: Record<string, string> = { Accept: 'text/event-stream', 'Cache-Control': 'no-cache' };
      if (parser.lastEventId) headers['Last-Event-ID'] = parser.lastEventId;
      touch();
      const res = await send(path, { query: options.query, headers, signal: attempt.signal });
      if (!res.body) throw new ApiError(0, 'NETWORK', 'no body');
      options.onState?.('open');
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      parser.reset();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        touch();
        for (const message of parser.push(decoder.decode(value, { stream: true }))) {
          if (stopper.signal.aborted) break;
          options.onMessage(message);
        }
        if (stopper.signal.aborted) break;
      }
      return 'ended';
    } catch (e) {
      if (e instanceof ApiError && isFinal(e.status)) {
        options.onState?.('closed', e);
        return 'fatal';
      }
      return 'ended';
    } finally {
      clearTimeout(idle);
      stopper.signal.removeEventListener('abort', abortAttempt);
      attempt.abort();
    }
  };

  void (async () => {
    let failures = 0;
    options.onState?.('connecting');
    while (!stopper.signal.aborted) {
      const started = Date.now();
      const result = await once();
      if (result === 'fatal' || stopper.signal.aborted) break;
      // A connection that stayed up a while was healthy: start the backoff again from the bottom.
      if (Date.now() - started > 10_000) failures = 0;
      options.onState?.('retrying');
      await sleep(Math.max(parser.retry ?? 0, backoffDelay(failures++, initialDelayMs, maxDelayMs)), stopper.signal);
    }
  })();

  return () => stopper.abort();
}
