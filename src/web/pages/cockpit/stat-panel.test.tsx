import { render, screen, within } from '@testing-library/react';
import { App } from 'antd';
import { MemoryRouter } from 'react-router-dom';
import { describe, expect, it, vi } from 'vitest';
import openapi from '../../../../docs/openapi.json';
import type { Me } from '../../api/types.ts';
import type { PanelData } from '../../api/cockpit.types.ts';
import { SessionContext } from '../../auth/auth-context.tsx';
import { PANEL_STATS } from './cockpit-links.ts';
import { PANELS } from './panels.tsx';
import { StatPanel } from './stat-panel.tsx';

const regulator: Me = {
  id: 1,
  username: 'jinan',
  displayName: '济南市监局',
  roles: ['regulator'],
  orgId: 3,
  orgName: '济南市市场监督管理局',
  orgType: 'regulator',
  regionCode: '370100',
  permissions: ['registry.read', 'registry.stats', 'inspection.read', 'maintenance.read', 'emergency.read', 'cockpit.read'],
};

const figures: PanelData = {
  registry: { total: 1200, inUse: 1100, stopped: 80, unregistered: 3, byPlaceType: [] },
  inspection: { scheduled: 1100, overdue: 37, dueIn30Days: 90, coverageRate: 0.9664 },
  maintenance: { overdue: 12, openFlags: 4 },
  alarms: { monitored: 400, online: 380, onlineRate: 0.95, activeAlarms: 2, faultsToday: 5 },
  incidents: { open: 1, thisMonth: 9, trappedThisMonth: 6, monthStart: '2026-06-01' },
  'old-elevators': { stock: 1180, tier15: 300, tier20: 40, overspeed: 25, riskGrade3: 60, riskGrade4: 7 },
  renovation: { projects: 5, elevators: 12, inConstruction: 2, completed: 1, subsidyRequested: 100000, subsidyApproved: 80000, subsidyDisbursed: 50000 },
  addon: { projects: 4, inService: 1, underway: 2, overdueRegistrations: 1 },
  insurance: { inUse: 1100, insured: 550, rate: 0.5, lapsed: 9 },
  hazards: { open: 14, overdue: 3, closed: 20 },
  complaints: { open: 5, overdue: 2, confirmed: 3, total: 11 },
  credit: { A: 40, B: 12, C: 3, D: 1 },
};

const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });

function show(panel: keyof PanelData, regionCode: string | undefined, me: Me = regulator) {
  const fetches: string[] = [];
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input) => {
    const url = String(input);
    fetches.push(url);
    const key = new URL(url, 'http://x').pathname.replace('/api/cockpit/', '') as keyof PanelData;
    return json(figures[key]);
  });
  render(
    <MemoryRouter>
      <SessionContext.Provider value={{ me, can: (p) => me.permissions.includes(p), signOut: async () => undefined }}>
        <App>
          <StatPanel panel={panel} regionCode={regionCode} />
        </App>
      </SessionContext.Provider>
    </MemoryRouter>,
  );
  return fetches;
}

const linkOf = async (testId: string) => (await screen.findByTestId(testId)).closest('a')?.getAttribute('href');

describe('cockpit panels', () => {
  it('asks its own endpoint for the region shown and links 逾期未检 to the overdue list of that region', async () => {
    const fetches = show('inspection', '370100');
    expect(await linkOf('stat-inspectionOverdue')).toBe('/inspection/overdue?regionCode=370100');
    expect(within(screen.getByTestId('stat-inspectionOverdue')).getByText('37')).toBeTruthy();
    expect(await linkOf('stat-coverageRate')).toBe('/inspection/compliance?regionCode=370100');
    expect(fetches).toEqual(['/api/cockpit/inspection?regionCode=370100']);
  });

  it('without a region, links carry no region (the list shows the user’s whole scope)', async () => {
    show('registry', undefined);
    expect(await linkOf('stat-total')).toBe('/elevators');
    expect(await linkOf('stat-inUse')).toBe('/elevators?status=IN_USE');
  });

  it('carries the panel’s own filters: open and this month’s incidents, trapped ones', async () => {
    show('incidents', '370102');
    expect(await linkOf('stat-openIncidents')).toBe('/emergency/incidents?status=open&regionCode=370102');
    expect(await linkOf('stat-incidentsThisMonth')).toBe('/emergency/incidents?regionCode=370102&from=2026-06-01');
    expect(await linkOf('stat-trappedThisMonth')).toBe('/emergency/incidents?type=trapped&regionCode=370102&from=2026-06-01');
  });

  it('links the complaint figures to the complaints list and the worst credit grades to the credit list, filtered', () => {
    const c = PANEL_STATS.complaints(figures.complaints, '370102');
    expect(c.map((s) => [s.key, s.value, s.to])).toEqual([
      ['openComplaints', 5, '/complaints?open=true&regionCode=370102'],
      ['overdueComplaints', 2, '/complaints?overdue=true&regionCode=370102'],
      ['totalComplaints', 11, '/complaints?regionCode=370102'],
    ]);
    const k = PANEL_STATS.credit(figures.credit, '370100');
    expect(k.map((s) => [s.key, s.value, s.to])).toEqual([
      ['creditGradeD', 1, '/credit?grade=D&regionCode=370100'],
      ['creditGradeC', 3, '/credit?grade=C&regionCode=370100'],
      ['creditGradeA', 40, '/credit?grade=A&regionCode=370100'],
    ]);
  });

  it('shows a number without a link when the user may not open its list', async () => {
    show('maintenance', '370100');
    expect(await linkOf('stat-maintenanceOverdue')).toBe('/maintenance/overdue?regionCode=370100');
    // 待核查维保记录 opens /maintenance/flags, which needs maintenance.review.
    expect(await linkOf('stat-openFlags')).toBeUndefined();
    expect(within(screen.getByTestId('stat-openFlags')).getByText('4')).toBeTruthy();
  });

  it('links every number of every panel to a page the app routes, with region filters the page reads', () => {
    const routed = ['/elevators', '/inspection/overdue', '/inspection/compliance', '/maintenance/overdue', '/maintenance/flags', '/alarms', '/iot', '/faults', '/emergency/incidents', '/risk/old-elevators', '/risk/ranking', '/renovation/projects', '/renovation/progress', '/addon', '/addon/progress', '/insurance/coverage', '/hazards', '/complaints', '/credit'];
    for (const key of Object.keys(PANEL_STATS) as (keyof PanelData)[]) {
      const stats = (PANEL_STATS[key] as (d: unknown, r?: string) => { to?: string; value: number }[])(figures[key], '370102');
      expect(stats.length).toBeGreaterThan(0);
      for (const s of stats) {
        const url = new URL(s.to!, 'http://x');
        expect(routed).toContain(url.pathname);
        if (!['/iot', '/faults'].includes(url.pathname)) expect(url.searchParams.get('regionCode')).toBe('370102');
      }
    }
  });

  it('every panel of the registry has its endpoint in docs/openapi.json', () => {
    const paths = Object.keys((openapi as { paths: Record<string, unknown> }).paths);
    for (const key of Object.keys(PANELS)) expect(paths).toContain(`/api/cockpit/${key}`);
    expect(paths).toContain('/api/cockpit/map');
    expect(paths).toContain('/api/departments/funding');
  });
});
