import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from 'antd';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { describe, expect, it, vi } from 'vitest';
import type { Hazard } from '../../api/hazards.types.ts';
import type { Me } from '../../api/types.ts';
import { SessionContext } from '../../auth/auth-context.tsx';
import HazardsPage from './hazards-page.tsx';

const maintenance: Me = {
  id: 7,
  username: 'mworker',
  displayName: '维保工老李',
  roles: ['maintenance'],
  orgId: 30,
  orgName: '济南安达电梯维保有限公司',
  orgType: 'maintenance',
  regionCode: '370100',
  permissions: ['registry.read', 'hazards.read', 'hazards.act', 'risk.read'],
};

const hazard: Hazard = {
  id: 5,
  source: 'inspection',
  sourceRef: null,
  reportId: 42,
  reportNo: 'SD01-DJ-2026-000123',
  registrationCode: '31103701002002050001',
  address: '山东省济南市历下区解放路88号',
  regionCode: '370102',
  item: '制动器',
  description: '制动器闸瓦磨损超限',
  severity: 'serious',
  remedy: 'repair',
  status: 'open',
  deadline: '2026-05-01',
  overdueDays: 12,
  escalated: true,
  responsibleOrgId: 30,
  responsibleOrgName: '济南安达电梯维保有限公司',
  plan: null,
  projectId: null,
  evidence: [],
  createdAt: '2026-04-16T02:00:00Z',
};

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

function renderAt(url: string, me: Me = maintenance) {
  return render(
    <MemoryRouter initialEntries={[url]}>
      <SessionContext.Provider value={{ me, can: (p) => me.permissions.includes(p), signOut: async () => undefined }}>
        <App>
          <Routes>
            <Route path="/hazards" element={<HazardsPage />} />
          </Routes>
        </App>
      </SessionContext.Provider>
    </MemoryRouter>,
  );
}

describe('隐患整治 page', () => {
  it('sends the filters from the URL and shows overdue days, the escalation badge and the summary by source', async () => {
    const fetch = vi.spyOn(globalThis, 'fetch').mockImplementation(async (input) => {
      const url = String(input);
      if (url.startsWith('/api/hazards/summary')) return json({ regionCode: null, bySource: [{ source: 'inspection', open: 4, overdue: 2, closed: 9 }], byRemedy: [{ remedy: 'repair', open: 4 }] });
      if (url.startsWith('/api/hazards')) return json({ items: [hazard], total: 21 });
      return json({ items: [] });
    });
    renderAt('/hazards?view=overdue&source=inspection&severity=serious&page=2');
    await screen.findByText('制动器');
    const urls = fetch.mock.calls.map(([u]) => String(u));
    expect(urls).toContain('/api/hazards?source=inspection&overdue=true&severity=serious&page=2&pageSize=20');
    expect(urls).toContain('/api/hazards/summary');
    // jsdom matches no media query, so this is the phone layout (a column of cards); the table shows the same cells.
    const tr = document.querySelector<HTMLElement>('[data-hazard-id="5"]')!;
    expect(tr.getAttribute('data-status')).toBe('open');
    expect(within(tr).getByText('超期 12 天')).toBeTruthy();
    expect(within(tr).getByText('已上报')).toBeTruthy();
    expect(within(tr).getByText('待整改')).toBeTruthy();
    const card = screen.getByTestId('summary-inspection');
    expect(card.textContent).toContain('检验');
    expect(card.textContent).toContain('4');
    expect(card.textContent).toContain('9');
    expect(screen.queryByText('登记隐患')).toBeNull();
  });

  it('lets the maintenance company mark a repair fixed with a note, and shows the server’s refusal in Chinese', async () => {
    const posts: unknown[] = [];
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      const url = String(input);
      if (init?.method === 'POST') {
        posts.push(JSON.parse(String(init.body)));
        return json({ error: { code: 'HAZARD_ACTION_INVALID', message: '隐患整改任务当前状态（fixed）不能执行该操作', details: { status: 'fixed' } } }, 409);
      }
      if (url.startsWith('/api/hazards/summary')) return json({ regionCode: null, bySource: [], byRemedy: [] });
      if (url === '/api/hazards/5') return json(hazard);
      if (url.startsWith('/api/hazards')) return json({ items: [hazard], total: 1 });
      return json({ items: [] });
    });
    renderAt('/hazards?id=5');
    const drawer = await screen.findByTestId('hazard-detail');
    const actions = within(drawer).getByTestId('hazard-actions');
    expect(within(actions).getAllByRole('button').map((b) => b.textContent?.replace(/\s/g, ''))).toEqual(['整改完成']);
    fireEvent.click(within(actions).getByRole('button'));
    const dialog = (await screen.findByText('整改完成 · 制动器')).closest<HTMLElement>('.ant-modal')!;
    fireEvent.change(within(dialog).getByLabelText('说明'), { target: { value: '已更换制动器闸瓦' } });
    fireEvent.click(within(dialog).getAllByRole('button').find((b) => b.textContent?.replace(/\s/g, '') === '整改完成')!);
    await waitFor(() => expect(posts).toEqual([{ action: 'fix', note: '已更换制动器闸瓦' }]));
    expect((await screen.findByTestId('hazard-action-error')).textContent).toContain('当前状态（fixed）不能执行该操作');
  });

  it('shows a major remedy’s plan with who agreed, and offers the maintenance company its own agreement', async () => {
    const planned: Hazard = {
      ...hazard,
      id: 6,
      remedy: 'modernise',
      status: 'planned',
      overdueDays: 0,
      escalated: false,
      plan: { text: '更换控制柜和曳引机', dueOn: '2026-10-31', cost: 180000, proposedBy: '文化东路物业', agreedBy: [{ party: 'use_unit', orgId: 9, name: '文化东路物业', at: '2026-06-01T02:00:00Z' }] },
      evidence: [{ at: '2026-06-01T02:00:00Z', by: '文化东路物业', note: 'propose_plan: 业主大会已表决', fileSha256: null }],
    };
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input) => {
      const url = String(input);
      if (url.startsWith('/api/hazards/summary')) return json({ regionCode: null, bySource: [], byRemedy: [] });
      if (url === '/api/hazards/6') return json(planned);
      return json({ items: [planned], total: 1 });
    });
    renderAt('/hazards?id=6');
    const plan = await screen.findByTestId('hazard-plan');
    expect(plan.textContent).toContain('更换控制柜和曳引机');
    expect(plan.textContent).toContain('180,000 元');
    expect(plan.querySelector('[data-party="use_unit"]')!.textContent).toContain('已同意');
    expect(plan.querySelector('[data-party="maintenance"]')!.textContent).toContain('待同意');
    expect(plan.querySelector('[data-party="regulator"]')!.textContent).toContain('待同意');
    const buttons = within(screen.getByTestId('hazard-actions')).getAllByRole('button').map((b) => b.textContent?.replace(/\s/g, ''));
    expect(buttons).toEqual(['同意方案', '退回方案']);
    const timeline = screen.getByTestId('hazard-timeline');
    expect(timeline.textContent).toContain('提交整改方案');
    expect(timeline.textContent).toContain('业主大会已表决');
  });

  it('offers 登记隐患 to regulators', async () => {
    vi.spyOn(globalThis, 'fetch').mockImplementation(async () => json({ items: [], total: 0, bySource: [], byRemedy: [] }));
    renderAt('/hazards', { ...maintenance, orgType: 'regulator', roles: ['regulator'], permissions: ['hazards.read', 'hazards.supervise'] });
    expect(await screen.findByRole('button', { name: /登记隐患/ })).toBeTruthy();
  });
});
