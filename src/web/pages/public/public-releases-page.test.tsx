import { render, screen } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PublicRelease, ReleaseContent } from '../../api/publication.types.ts';
import PublicReleasesPage from './public-releases-page.tsx';

const stats = { incidents: 4, trappedIncidents: 3, peopleRescued: 5, responseRate3min: 0.6667, arrivalRate30min: 1, avgArrivalMinutes: 21.5, avgRescueMinutes: 10, byCause: { external: 0, human: 0, door_system: 0, equipment: 0, other: 0 } };
const content: ReleaseContent = {
  regionCode: '370100', regionName: '山东省济南市', period: '2026Q3', from: '2026-07-01', to: '2026-09-30', computedAt: '2026-11-30T02:00:00.000Z',
  emergency: { summary: stats, byRegion: [{ ...stats, regionCode: '370102', name: '历下区' }] },
  inspection: { inUse: 3, covered: 2, coverage: 0.6667, byRegion: [{ regionCode: '370102', name: '历下区', inUse: 3, covered: 2, coverage: 0.6667 }] },
  maintenance: { gradePeriod: '2026-09', grades: { A: 1, B: 0, C: 0, D: 1 }, companies: [{ name: '济南安达电梯工程有限公司', grade: 'A', score: 92.5 }, { name: '济南某电梯公司', grade: 'D', score: 40 }] },
};
const meta = { id: 7, regionCode: '370100', regionName: '山东省济南市', period: '2026Q3', version: 1, status: 'superseded' as const, correctionNote: null, publishedAt: '2026-11-30T02:00:00.000Z', supersededBy: 9 };

function mockFetch(body: unknown) {
  return vi.spyOn(globalThis, 'fetch').mockResolvedValue(new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } }));
}
const renderAt = (url: string) =>
  render(
    <MemoryRouter initialEntries={[url]}>
      <Routes>
        <Route path="/public/releases" element={<PublicReleasesPage />} />
      </Routes>
    </MemoryRouter>,
  );

afterEach(() => vi.restoreAllMocks());

describe('public releases page', () => {
  it('lists releases without a token, marking a corrected one with the version that replaced it', async () => {
    const fetch = mockFetch({ items: [{ ...meta, id: 9, version: 2, status: 'published', supersededBy: null, correctionNote: '补录' }, meta], total: 2 });
    renderAt('/public/releases');
    expect(await screen.findByRole('link', { name: /山东省济南市 2026Q3 · 版本 2/ })).toBeTruthy();
    expect(screen.getByText('已被第 2 版更正')).toBeTruthy();
    const [url, init] = fetch.mock.calls[0]!;
    expect(String(url)).toMatch(/^\/api\/public\/releases/);
    expect((init?.headers as Record<string, string>).Authorization).toBeUndefined();
  });

  it('shows one release: its figures, its hash, and that it was corrected', async () => {
    const release: PublicRelease = { ...meta, contentSha256: 'ab'.repeat(32), content };
    mockFetch(release);
    renderAt('/public/releases?id=7');
    expect(await screen.findByText('本版本已被更正，点此查看更正后的版本')).toBeTruthy();
    expect(screen.getByText('ab'.repeat(32))).toBeTruthy();
    const emergency = screen.getByTestId('release-emergency');
    expect(emergency.textContent).toContain('66.67%');
    expect(emergency.textContent).toContain('历下区');
    expect(screen.getByText('A 级 1 家 · B 级 0 家 · C 级 0 家 · D 级 1 家')).toBeTruthy();
    expect(screen.getByTestId('release-maintenance').textContent).toContain('济南安达电梯工程有限公司');
  });
});
