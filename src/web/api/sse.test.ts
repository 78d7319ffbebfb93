import { afterEach, describe, expect, it, vi } from 'vitest';
import { backoffDelay, openStream, SseParser, type SseMessage, type StreamState } from './sse.ts';

describe('SseParser', () => {
  it('dispatches an event only at the blank line that ends it, however the text is split', () => {
    const text = 'event: alarm\ndata: {"a":1}\n\nevent: summary\ndata: {"b":2}\n\n';
    const whole = new SseParser().push(text);
    expect(whole).toEqual([
      { event: 'alarm', data: '{"a":1}', id: undefined },
      { event: 'summary', data: '{"b":2}', id: undefined },
    ]);
    // Every split point, including mid-field-name, mid-value and between the two newlines.
    for (let i = 1; i < text.length; i++) {
      const p = new SseParser();
      expect([...p.push(text.slice(0, i)), ...p.push(text.slice(i))]).toEqual(whole);
    }
    // One character at a time.
    const p = new SseParser();
    expect([...text].flatMap((c) => p.push(c))).toEqual(whole);
  });

  it('returns several events from one chunk, in order', () => {
    const p = new SseParser();
    const out = p.push('event: a\ndata: 1\n\nevent: b\ndata: 2\n\ndata: 3\n\nevent: c\nda');
    expect(out.map((m) => [m.event, m.data])).toEqual([
      ['a', '1'],
      ['b', '2'],
      ['message', '3'],
    ]);
    expect(p.push('ta: 4\n\n').map((m) => [m.event, m.data])).toEqual([['c', '4']]);
  });

  it('skips comment lines such as keep-alive pings, also between the fields of an event', () => {
    const p = new SseParser();
    expect(p.push(': ping\n\n')).toEqual([]);
    expect(p.push(':\n: ping\nevent: alarm\n: in the middle\ndata: x\n\n')).toEqual([{ event: 'alarm', data: 'x', id: undefined }]);
  });

  it('accepts CRLF and CR line ends, also a CRLF split between chunks', () => {
    const p = new SseParser();
    expect(p.push('event: a\r\ndata: 1\r')).toEqual([]);
    expect(p.push('\n\r\n').map((m) => m.data)).toEqual(['1']);
    expect(p.push('data: 2\r\r').map((m) => m.data)).toEqual(['2']);
  });

  it('joins multi-line data, strips one leading space, keeps the last id and reads retry', () => {
    const p = new SseParser();
    const [m] = p.push('id: 42\nretry: 5000\ndata:  two spaces\ndata:line\ndata\n\n');
    expect(m).toEqual({ event: 'message', data: ' two spaces\nline\n', id: '42' });
    expect(p.retry).toBe(5000);
    expect(p.lastEventId).toBe('42');
    expect(p.push('data: next\n\n')[0].id).toBe('42');
  });

  it('ignores an event without data and unknown fields', () => {
    const p = new SseParser();
    expect(p.push('event: alarm\n\nfoo: bar\n\n')).toEqual([]);
  });

  it('forgets a half-received event on reset (a dropped connection)', () => {
    const p = new SseParser();
    p.push('event: alarm\ndata: {"half"');
    p.reset();
    expect(p.push('event: summary\ndata: {}\n\n')).toEqual([{ event: 'summary', data: '{}', id: undefined }]);
  });
});

describe('backoffDelay', () => {
  it('doubles from the initial wait up to the cap, with ±20 % jitter', () => {
    const mid = () => 0.5;
    expect([0, 1, 2, 3, 10].map((n) => backoffDelay(n, 1000, 30_000, mid))).toEqual([1000, 2000, 4000, 8000, 30_000]);
    expect(backoffDelay(0, 1000, 30_000, () => 0)).toBe(800);
    expect(backoffDelay(0, 1000, 30_000, () => 1)).toBe(1200);
  });
});

/** A response body the test writes into; it errors when the request is aborted, as a real fetch body does. */
function streamResponse(signal: AbortSignal | null | undefined) {
  const encoder = new TextEncoder();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
  });
  signal?.addEventListener('abort', () => {
    try {
      controller.error(new DOMException('aborted', 'AbortError'));
    } catch {
      // already closed
    }
  });
  return {
    response: new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } }),
    push: (text: string | Uint8Array) => controller.enqueue(typeof text === 'string' ? encoder.encode(text) : text),
    close: () => controller.close(),
  };
}

describe('openStream', () => {
  afterEach(() => vi.useRealTimers());

  it('sends the bearer token, parses events across byte chunks, and reconnects with backoff when the stream ends', async () => {
    localStorage.setItem('liftsafe.token', 'tok-1');
    const streams: ReturnType<typeof streamResponse>[] = [];
    const fetch = vi.spyOn(globalThis, 'fetch').mockImplementation(async (_url, init) => {
      const s = streamResponse(init?.signal);
      streams.push(s);
      return s.response;
    });
    const messages: SseMessage[] = [];
    const states: StreamState[] = [];
    const stop = openStream('/api/iot/stream', {
      query: { elevator: '31103701002015060012' },
      onMessage: (m) => messages.push(m),
      onState: (s) => states.push(s),
      initialDelayMs: 5,
      maxDelayMs: 20,
    });

    await vi.waitFor(() => expect(streams).toHaveLength(1));
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe('/api/iot/stream?elevator=31103701002015060012');
    expect((init?.headers as Record<string, string>).Authorization).toBe('Bearer tok-1');
    expect((init?.headers as Record<string, string>).Accept).toBe('text/event-stream');

    // "困人" split inside its UTF-8 bytes, and an event split mid-line.
    const bytes = new TextEncoder().encode('event: alarm\ndata: {"label":"困人"}\n\n: ping\n\nevent: summ');
    const cut = 'event: alarm\ndata: {"label":"'.length + 1; // one byte into the three of 困
    streams[0].push(bytes.slice(0, cut));
    streams[0].push(bytes.slice(cut));
    streams[0].push('ary\ndata: {"online":3}\n\n');
    await vi.waitFor(() => expect(messages).toHaveLength(2));
    expect(JSON.parse(messages[0].data)).toEqual({ label: '困人' });
    expect(messages[1]).toMatchObject({ event: 'summary', data: '{"online":3}' });

    // The server goes away: a half-sent event is dropped and the stream is opened again.
    streams[0].push('event: alarm\ndata: {"lost":');
    streams[0].close();
    await vi.waitFor(() => expect(streams).toHaveLength(2));
    streams[1].push('event: alarm\ndata: {"again":true}\n\n');
    await vi.waitFor(() => expect(messages).toHaveLength(3));
    expect(messages[2].data).toBe('{"again":true}');
    expect(states).toEqual(['connecting', 'open', 'retrying', 'open']);

    stop();
    await new Promise((r) => setTimeout(r, 50));
    expect(streams).toHaveLength(2);
    expect(messages).toHaveLength(3);
  });

  it('retries after a failed request (network error, 503, 429) and stops for good on 403', async () => {
    let n = 0;
    vi.spyOn(globalThis, 'fetch').mockImplementation(async () => {
      n++;
      if (n === 1) throw new TypeError('Failed to fetch');
      if (n === 2) return new Response(JSON.stringify({ error: { code: 'UNAVAILABLE', message: '系统正在启动或维护中，请稍后再试' } }), { status: 503 });
      if (n === 3) return new Response(JSON.stringify({ error: { code: 'RATE_LIMITED', message: '请求过于频繁，请稍后再试' } }), { status: 429 });
      return new Response(JSON.stringify({ error: { code: 'FORBIDDEN', message: '无权限' } }), { status: 403 });
    });
    const states: StreamState[] = [];
    openStream('/api/iot/stream', { onMessage: () => undefined, onState: (s) => states.push(s), initialDelayMs: 1, maxDelayMs: 2 });
    await vi.waitFor(() => expect(states.at(-1)).toBe('closed'));
    expect(n).toBe(4);
    expect(states).toEqual(['connecting', 'retrying', 'retrying', 'retrying', 'closed']);
    await new Promise((r) => setTimeout(r, 30));
    expect(n).toBe(4);
  });

  it('stops for good when the watched elevator is not found (404)', async () => {
    const fetch = vi.spyOn(globalThis, 'fetch').mockImplementation(
      async () => new Response(JSON.stringify({ error: { code: 'ELEVATOR_NOT_FOUND', message: '未找到该电梯' } }), { status: 404 }),
    );
    const states: StreamState[] = [];
    openStream('/api/iot/stream', { query: { elevator: '31103701002015069999' }, onMessage: () => undefined, onState: (s) => states.push(s), initialDelayMs: 1 });
    await vi.waitFor(() => expect(states).toEqual(['connecting', 'closed']));
    await new Promise((r) => setTimeout(r, 20));
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('reopens a connection that went silent (no ping) for longer than the idle timeout', async () => {
    const streams: ReturnType<typeof streamResponse>[] = [];
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (_url, init) => {
      const s = streamResponse(init?.signal);
      streams.push(s);
      return s.response;
    });
    const stop = openStream('/api/iot/stream', { onMessage: () => undefined, idleTimeoutMs: 30, initialDelayMs: 1, maxDelayMs: 2 });
    await vi.waitFor(() => expect(streams.length).toBeGreaterThanOrEqual(2));
    stop();
  });
});
