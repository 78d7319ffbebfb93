import { render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { describe, expect, it, vi } from 'vitest';
import type { Alarm } from '../../api/iot.types.ts';
import { applyAlarmEvent, mergeFeed } from './alarm-feed.ts';
import { IotStreamProvider } from './iot-stream.tsx';
import { LiveAlarmFeed } from './live-alarm-feed.tsx';

function alarm(overrides: Partial<Alarm> = {}): Alarm {
  return {
    id: 1,
    type: 'door_repeat',
    severity: 'minor',
    status: 'active',
    acknowledged: false,
    openedAt: '2024-10-24T02:00:00Z',
    clearedAt: null,
    occurrences: 1,
    lastAt: '2024-10-24T02:00:00Z',
    registrationCode: '31103701002015060012',
    address: '经十路 17703 号',
    regionCode: '370102',
    source: 'device',
    vendorCode: null,
    escalated: false,
    assignee: null,
    clearReason: null,
    ...overrides,
  };
}

const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });

/** fetch for the feed: the active-alarm list, and an event stream the test writes into. */
function mockServer(initial: Alarm[]) {
  const encoder = new TextEncoder();
  let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  const urls: string[] = [];
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const url = String(input);
    urls.push(url);
    if (url.startsWith('/api/iot/stream')) {
      const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
      init?.signal?.addEventListener('abort', () => controller?.error(new DOMException('aborted', 'AbortError')));
      return new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } });
    }
    if (url.startsWith('/api/alarms')) return json({ items: initial, total: initial.length });
    return json({});
  });
  return {
    urls,
    push: async (text: string) => {
      await waitFor(() => expect(controller).toBeDefined());
      controller!.enqueue(encoder.encode(text));
    },
  };
}

const rows = () => Array.from(screen.getByTestId('live-alarm-feed').querySelectorAll<HTMLElement>('[data-alarm-id]'));

describe('LiveAlarmFeed', () => {
  it('shows the active alarms, then adds an alarm pushed by the stream at the top without a reload', async () => {
    const server = mockServer([alarm()]);
    render(
      <MemoryRouter>
        <IotStreamProvider>
          <LiveAlarmFeed />
        </IotStreamProvider>
      </MemoryRouter>,
    );
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(rows()[0].textContent).toContain('反复开关门');
    expect(server.urls).toContain('/api/alarms?status=active&page=1&pageSize=50');

    const trapped = alarm({ id: 2, type: 'trapped', severity: 'critical', openedAt: '2024-10-24T02:05:07Z', lastAt: '2024-10-24T02:05:07Z', address: '泉城路 188 号' });
    // Split mid-line and preceded by a keep-alive, as a real connection may deliver it.
    const frame = `: ping\n\nevent: alarm\ndata: ${JSON.stringify({ action: 'opened', alarm: trapped })}\n\n`;
    await server.push(frame.slice(0, 40));
    await server.push(frame.slice(40));

    await waitFor(() => expect(rows()).toHaveLength(2));
    const top = rows()[0];
    expect(top.dataset.alarmId).toBe('2');
    expect(top.dataset.severity).toBe('critical');
    expect(within(top).getByText('困人')).toBeTruthy();
    expect(within(top).getByText('紧急')).toBeTruthy();
    expect(within(top).getByText('10:05:07', { exact: false })).toBeTruthy(); // Shanghai time
    expect(within(top).getByRole('link', { name: '31103701002015060012' }).getAttribute('href')).toBe('/elevators/31103701002015060012');
    expect(within(top).getByText('泉城路 188 号')).toBeTruthy();
    // Only one list request: the alarm came from the stream.
    expect(server.urls.filter((u) => u.startsWith('/api/alarms'))).toHaveLength(1);

    // Acknowledged and then cleared: updated in place, not duplicated.
    await server.push(`event: alarm\ndata: ${JSON.stringify({ action: 'acknowledged', alarm: { ...trapped, acknowledged: true } })}\n\n`);
    await waitFor(() => expect(within(rows()[0]).queryByText('已确认')).toBeTruthy());
    await server.push(`event: alarm\ndata: ${JSON.stringify({ action: 'cleared', alarm: { ...trapped, acknowledged: true, status: 'cleared' } })}\n\n`);
    await waitFor(() => expect(within(rows()[0]).queryByText('已解除')).toBeTruthy());
    expect(rows()).toHaveLength(2);
  });

  it('marks an alarm the platform raised by its own rule (an inferred entrapment), not the terminal', async () => {
    mockServer([alarm({ id: 3, type: 'trapped', severity: 'critical', source: 'rule' }), alarm({ id: 4 })]);
    render(
      <MemoryRouter>
        <IotStreamProvider>
          <LiveAlarmFeed />
        </IotStreamProvider>
      </MemoryRouter>,
    );
    await waitFor(() => expect(rows()).toHaveLength(2));
    const byId = (id: string) => rows().find((r) => r.dataset.alarmId === id)!;
    expect(within(byId('3')).getByText('平台规则')).toBeTruthy();
    expect(within(byId('4')).queryByText('平台规则')).toBeNull();
  });

  it('on an elevator page, ignores other elevators’ alarms', async () => {
    const server = mockServer([]);
    render(
      <MemoryRouter>
        <IotStreamProvider elevator="31103701002015060012">
          <LiveAlarmFeed registrationCode="31103701002015060012" />
        </IotStreamProvider>
      </MemoryRouter>,
    );
    await screen.findByText('暂无告警');
    await server.push(`event: alarm\ndata: ${JSON.stringify({ action: 'opened', alarm: alarm({ id: 9, registrationCode: '31103701002015069999' }) })}\n\n`);
    await server.push(`event: alarm\ndata: ${JSON.stringify({ action: 'opened', alarm: alarm({ id: 10 }) })}\n\n`);
    await waitFor(() => expect(rows().map((r) => r.dataset.alarmId)).toEqual(['10']));
    expect(server.urls).toContain('/api/iot/stream?elevator=31103701002015060012');
  });
});

describe('feed merging', () => {
  it('keeps newest first, replaces by id and caps the length', () => {
    const a = alarm({ id: 1, lastAt: '2024-10-24T02:00:00Z' });
    const b = alarm({ id: 2, openedAt: '2024-10-24T03:00:00Z', lastAt: '2024-10-24T03:00:00Z' });
    let feed = applyAlarmEvent([a], { action: 'opened', alarm: b }, 10);
    expect(feed.map((x) => x.id)).toEqual([2, 1]);
    feed = applyAlarmEvent(feed, { action: 'updated', alarm: { ...a, occurrences: 2, lastAt: '2024-10-24T04:00:00Z' } }, 10);
    expect(feed.map((x) => [x.id, x.occurrences])).toEqual([
      [1, 2],
      [2, 1],
    ]);
    expect(applyAlarmEvent(feed, { action: 'opened', alarm: alarm({ id: 3, lastAt: '2024-10-24T05:00:00Z' }) }, 2).map((x) => x.id)).toEqual([3, 1]);
  });

  it('never lets a reloaded (older) state undo a live update', () => {
    const live = alarm({ id: 1, status: 'cleared' });
    const reloaded = alarm({ id: 1, status: 'active' });
    expect(mergeFeed([live], [reloaded, alarm({ id: 5 })], 10).map((x) => [x.id, x.status])).toEqual([
      [5, 'active'],
      [1, 'cleared'],
    ]);
  });
});
