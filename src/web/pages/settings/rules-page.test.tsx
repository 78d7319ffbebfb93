import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from 'antd';
import { MemoryRouter } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Me } from '../../api/types.ts';
import type { Rules } from '../../api/settings.api.ts';
import { SessionContext } from '../../auth/auth-context.tsx';
import RuleSettingsPage from './rules-page.tsx';

const jinan: Me = { id: 7, username: 'jinan', displayName: '济南市局', roles: ['regulator'], orgId: 3, orgName: '济南市市场监督管理局', orgType: 'regulator', regionCode: '370100', permissions: ['settings.rules'] };

const rules = (value: number, setBy: string | null): Rules => ({
  group: 'addon',
  regionCode: '370100',
  canEdit: true,
  items: [{ key: 'notice.days', label: '公示期（天）', default: 10, min: 1, max: 90, integer: true, value, setBy, updatedAt: setBy ? '2026-11-30T02:00:00Z' : null }],
});

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

afterEach(() => vi.restoreAllMocks());

describe('rule settings page', () => {
  it('shows what applies in the user’s region and where it was set; saving sends the region’s own value', async () => {
    const calls: { url: string; method: string; body?: string }[] = [];
    let current = rules(12, '370000');
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      const url = String(input);
      calls.push({ url, method: init?.method ?? 'GET', body: init?.body as string | undefined });
      if (url.startsWith('/api/regions')) return json({ items: [{ code: '370000', name: '山东省', level: 1, parentCode: null, kind: 'gbt2260' }, { code: '370100', name: '济南市', level: 2, parentCode: '370000', kind: 'gbt2260' }] });
      if (init?.method === 'PUT') {
        current = rules(15, '370100');
        return json(current);
      }
      return json(current);
    });
    render(
      <MemoryRouter>
        <SessionContext.Provider value={{ me: jinan, can: (p) => jinan.permissions.includes(p), signOut: async () => undefined }}>
          <App>
            <RuleSettingsPage />
          </App>
        </SessionContext.Provider>
      </MemoryRouter>,
    );
    const wait = { timeout: 10_000 };
    const table = await screen.findByTestId('rules-table', {}, wait);
    expect(await within(table).findByText('公示期（天）', {}, wait)).toBeTruthy();
    expect(within(table).getByText('12')).toBeTruthy();
    expect(calls.some((c) => c.url === '/api/settings/rules/addon?regionCode=370100')).toBe(true);
    fireEvent.change(within(table).getByRole('spinbutton'), { target: { value: '15' } });
    fireEvent.click(within(table).getByRole('button', { name: /保\s*存/ }));
    await waitFor(() => expect(calls.some((c) => c.method === 'PUT')).toBe(true), wait);
    const put = calls.find((c) => c.method === 'PUT')!;
    expect(put.url).toBe('/api/settings/rules/addon');
    expect(JSON.parse(put.body!)).toEqual({ regionCode: '370100', key: 'notice.days', value: 15 });
    await waitFor(() => expect(within(table).getByText('15')).toBeTruthy(), wait);
    // Set by the city itself now: it can be cleared back to the province's value.
    expect(await within(table).findByRole('button', { name: /恢复上级/ }, wait)).toBeTruthy();
  });
});
