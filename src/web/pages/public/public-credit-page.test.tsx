import { render, screen } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import PublicCreditPage from './public-credit-page.tsx';

const renderAt = (url: string) =>
  render(
    <MemoryRouter initialEntries={[url]}>
      <Routes>
        <Route path="/public/credit" element={<PublicCreditPage />} />
      </Routes>
    </MemoryRouter>,
  );

afterEach(() => vi.restoreAllMocks());

describe('public credit page', () => {
  it('shows the grade and the published events of the code in the address, without a token', async () => {
    const fetch = vi.spyOn(globalThis, 'fetch').mockResolvedValue(
      new Response(JSON.stringify({ creditCode: '91370102MA3C00000X', name: '济南某电梯工程有限公司', type: 'maintenance', score: 80, grade: 'B', events: [{ kind: 'penalty', summary: '未按规定维保', points: -20, occurredOn: '2026-10-01', publishedAt: '2026-10-05T00:00:00Z' }] }), {
        status: 200,
        headers: { 'Content-Type': 'application/json' },
      }),
    );
    renderAt('/public/credit?code=91370102ma3c00000x');
    expect(await screen.findByText('济南某电梯工程有限公司')).toBeTruthy();
    expect(screen.getByText('B')).toBeTruthy();
    expect(screen.getByText('行政处罚')).toBeTruthy();
    expect(screen.getByText('未按规定维保')).toBeTruthy();
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe('/api/public/credit/orgs/91370102MA3C00000X');
    expect((init?.headers as Record<string, string>).Authorization).toBeUndefined();
  });

  it('refuses a malformed code without asking the server', async () => {
    const fetch = vi.spyOn(globalThis, 'fetch');
    renderAt('/public/credit?code=123');
    expect((await screen.findByRole('alert')).textContent).toBe('请输入 18 位统一社会信用代码');
    expect(fetch).not.toHaveBeenCalled();
  });
});
