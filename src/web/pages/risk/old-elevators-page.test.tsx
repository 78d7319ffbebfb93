import { render, screen, within } from '@testing-library/react';
import { App } from 'antd';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { describe, expect, it, vi } from 'vitest';
import type { OldElevator, OldSummary, Ranking } from '../../api/risk.types.ts';
import OldElevatorsPage from './old-elevators-page.tsx';
import RankingPage from './ranking-page.tsx';

// The chart host needs a canvas jsdom does not have; the table beside it shows the same numbers.
vi.mock('../../components/echart.tsx', () => ({ EChart: () => null }));

const summary: OldSummary = {
  regionCode: '3701',
  totals: { inUse: 1000, tier15: 120, tier20: 30, overspeed: 45, noRegistrationDate: 3 },
  byRegion: [{ regionCode: '370102', name: '历下区', tier15: 70, tier20: 20, overspeed: 25 }],
  byPlaceType: [{ placeType: 'RESIDENTIAL', tier15: 100, tier20: 25, overspeed: 40 }],
};
const item: OldElevator = {
  registrationCode: '31103701022002040001',
  address: '山东省济南市历下区文化东路16号',
  regionCode: '370102',
  category: '3110',
  placeType: 'RESIDENTIAL',
  useUnit: '济南文化东路物业有限公司',
  registrationDate: '2002-05-01',
  manufactureDate: '2001-03-01',
  ascendingOverspeedProtection: false,
  tiers: ['15', '20', 'overspeed'],
  riskScore: 46.7,
  riskGrade: 3,
};
const ranking: Ranking = {
  items: [{ registrationCode: item.registrationCode, address: item.address, regionCode: '370102', placeType: 'RESIDENTIAL', score: 46.7, grade: 3, topFactors: [{ name: 'age', contribution: 17.6 }, { name: 'inspection', contribution: 10 }] }],
  total: 41,
  grades: [{ grade: 1, count: 500 }, { grade: 2, count: 300 }, { grade: 3, count: 41 }, { grade: 4, count: 7 }],
};
const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });

function mockApi() {
  return vi.spyOn(globalThis, 'fetch').mockImplementation(async (input) => {
    const url = String(input);
    if (url.startsWith('/api/risk/old-elevators/summary')) return json(summary);
    if (url.startsWith('/api/risk/old-elevators')) return json({ items: [item], total: 30 });
    if (url.startsWith('/api/risk/ranking')) return json(ranking);
    if (url.startsWith('/api/risk/model')) return json({ version: 3, params: {}, note: null, createdAt: '2026-01-01T00:00:00Z' });
    if (url.startsWith('/api/meta')) return json({ categories: [{ code: '3110', name: '曳引驱动乘客电梯' }], statuses: [], placeTypes: [], importFields: [] });
    return json({ items: [] });
  });
}

const at = (url: string, path: string, page: React.ReactNode) =>
  render(
    <MemoryRouter initialEntries={[url]}>
      <App>
        <Routes>
          <Route path={path} element={page} />
        </Routes>
      </App>
    </MemoryRouter>,
  );

describe('老旧电梯 page', () => {
  it('lists the tier from the URL sorted as asked, with counts on the tabs and the distribution table', async () => {
    const fetch = mockApi();
    at('/risk/old-elevators?tier=20&sort=risk&regionCode=3701', '/risk/old-elevators', <OldElevatorsPage />);
    const link = await screen.findByRole('link', { name: item.registrationCode });
    expect(link.getAttribute('href')).toBe(`/elevators/${item.registrationCode}`);
    const urls = fetch.mock.calls.map(([u]) => String(u));
    expect(urls).toContain('/api/risk/old-elevators?tier=20&sort=risk&regionCode=3701&page=1&pageSize=20');
    expect(urls).toContain('/api/risk/old-elevators/summary?regionCode=3701');
    expect(await screen.findByRole('tab', { name: '使用超过 20 年（30）' })).toBeTruthy();
    expect(screen.getByRole('tab', { name: '使用超过 15 年（120）' })).toBeTruthy();
    expect(screen.getByTestId('tier-hint').textContent).toContain('2004-01-01 前办理使用登记');
    const row = link.closest('tr')!;
    expect(within(row).getByText('无')).toBeTruthy();
    expect(within(row).getByText('3 级 较高')).toBeTruthy();
    expect(within(row).getByText('46.7')).toBeTruthy();
    expect(within(screen.getByTestId('old-summary-region')).getByText('历下区')).toBeTruthy();
    expect(screen.getByTestId('old-totals').textContent).toContain('占 12%');
  });
});

describe('风险排名 page', () => {
  it('shows the counts by grade, the grade filter from the URL and each row’s top factors', async () => {
    const fetch = mockApi();
    at('/risk/ranking?grade=3', '/risk/ranking', <RankingPage />);
    const link = await screen.findByRole('link', { name: item.registrationCode });
    expect(fetch.mock.calls.map(([u]) => String(u))).toContain('/api/risk/ranking?grade=3&page=1&pageSize=20');
    const grades = screen.getByTestId('grade-filter').textContent!;
    expect(grades).toContain('全部 848');
    expect(grades).toContain('4 级 高：7 台');
    const row = link.closest('tr')!;
    expect(within(row).getByText('梯龄 17.6')).toBeTruthy();
    expect(within(row).getByText('检验 10')).toBeTruthy();
    expect(await screen.findByRole('link', { name: '模型 v3' })).toBeTruthy();
  });
});
