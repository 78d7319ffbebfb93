import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from 'antd';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { describe, expect, it, vi } from 'vitest';
import type { ComplaintDetail } from '../../api/complaints.types.ts';
import type { Me } from '../../api/types.ts';
import { SessionContext } from '../../auth/auth-context.tsx';
import ComplaintsPage from './complaints-page.tsx';

const regulator: Me = {
  id: 3,
  username: 'lixia',
  displayName: '历下区监管员',
  roles: ['regulator'],
  orgId: 12,
  orgName: '历下区市场监督管理局',
  orgType: 'regulator',
  regionCode: '370102',
  permissions: ['complaints.read', 'complaints.create', 'complaints.handle', 'complaints.reward'],
};

const complaint: ComplaintDetail = {
  id: 41,
  trackingCode: 'K7QMX-3HP9T',
  channel: 'public',
  category: 'no_maintenance',
  description: '两个月没见维保人员',
  status: 'received',
  elevator: { registrationCode: '31103701022019000001', address: '济南市历下区泉城路99号' },
  codeGiven: '31103701022019000001',
  address: null,
  regionCode: '370102',
  regionName: '山东省济南市历下区',
  regulator: { id: 12, name: '历下区市场监督管理局' },
  useUnit: { id: 20, name: '泉城路物业' },
  maintenance: { id: 21, name: '泉城电梯维保' },
  responsibleOrg: { id: 21, name: '泉城电梯维保' },
  anonymous: false,
  reporterName: null,
  reporterContact: '13812349876',
  receivedAt: '2026-12-01T02:00:00.000Z',
  acknowledge: { dueAt: '2026-12-02T02:00:00.000Z', doneAt: null, secondsLeft: -3600, overdue: true },
  outcome: { dueAt: '2026-12-16T02:00:00.000Z', doneAt: null, secondsLeft: 14 * 86_400, overdue: false, extended: false },
  overdue: true,
  result: null,
  resultText: null,
  closedAt: null,
  linkedToId: null,
  repeats: 2,
  hazardId: null,
  reward: null,
  version: 1,
  events: [{ id: 1, at: '2026-12-01T02:00:00.000Z', action: 'received', actorName: 'public', note: null, data: null }],
  evidence: [],
  linked: [],
  actions: ['acknowledge', 'transfer'],
  rewardActions: [],
};

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

function renderAt(url: string) {
  return render(
    <MemoryRouter initialEntries={[url]}>
      <SessionContext.Provider value={{ me: regulator, can: (p) => regulator.permissions.includes(p), signOut: async () => undefined }}>
        <App>
          <Routes>
            <Route path="/complaints" element={<ComplaintsPage />} />
          </Routes>
        </App>
      </SessionContext.Provider>
    </MemoryRouter>,
  );
}

describe('投诉举报 page', () => {
  it('sends the URL’s filters, highlights overdue rows with the late countdown, and shows repeats and the summary', async () => {
    const fetch = vi.spyOn(globalThis, 'fetch').mockImplementation(async (input) => {
      const url = String(input);
      if (url.startsWith('/api/complaints/summary')) return json({ total: 5, open: 3, overdue: 1, confirmed: 1, unfounded: 1, byCategory: [] });
      if (url.startsWith('/api/complaints')) return json({ items: [complaint], total: 1 });
      return json({ items: [] });
    });
    renderAt('/complaints?overdue=true&category=no_maintenance');
    await screen.findByText('两个月没见维保人员');
    expect(fetch.mock.calls.map(([u]) => String(u))).toContain('/api/complaints?category=no_maintenance&overdue=true&page=1&pageSize=20');
    const row = document.querySelector<HTMLElement>('[data-complaint-id="41"]')!;
    expect(row.getAttribute('data-overdue')).toBe('true');
    expect(row.style.background).not.toBe('');
    expect(within(row).getByText('逾期')).toBeTruthy();
    expect(within(row).getByText('重复 2')).toBeTruthy();
    expect(within(row).getByText('已超期 1 小时 0 分')).toBeTruthy();
    expect(screen.getByTestId('complaint-summary').textContent).toContain('办理中3');
  });

  it('acknowledges from the drawer with a note and the version seen, and shows the server’s refusal', async () => {
    const posts: unknown[] = [];
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      const url = String(input);
      if (init?.method === 'POST') {
        posts.push(JSON.parse(String(init.body)));
        return json({ error: { code: 'COMPLAINT_ACTION_INVALID', message: '投诉举报当前状态为“已受理”，不能进行此操作' } }, 409);
      }
      if (url.startsWith('/api/complaints/summary')) return json({ total: 1, open: 1, overdue: 1, confirmed: 0, unfounded: 0, byCategory: [] });
      if (url === '/api/complaints/41') return json(complaint);
      if (url.startsWith('/api/complaints')) return json({ items: [complaint], total: 1 });
      return json({});
    });
    renderAt('/complaints?id=41');
    const detail = await screen.findByTestId('complaint-detail');
    expect(detail.textContent).toContain('13812349876');
    expect(within(screen.getByTestId('complaint-timeline')).getByText(/公众（扫码）/)).toBeTruthy();
    const actions = within(detail).getByTestId('complaint-actions');
    expect(within(actions).getAllByRole('button').map((b) => b.textContent?.replace(/\s/g, ''))).toEqual(['受理', '移交']);
    fireEvent.click(within(actions).getAllByRole('button')[0]!);
    const dialog = await waitFor(() => {
      const m = document.querySelector<HTMLElement>('.ant-modal');
      if (!m) throw new Error('no modal yet');
      return m;
    });
    fireEvent.change(within(dialog).getByLabelText('办理意见（内部）'), { target: { value: '已受理' } });
    fireEvent.click(dialog.querySelector<HTMLElement>('.ant-modal-footer .ant-btn-primary')!);
    await waitFor(() => expect(posts).toEqual([{ action: 'acknowledge', note: '已受理', version: 1 }]));
    expect((await within(dialog).findByRole('alert')).textContent).toContain('不能进行此操作');
  });
});
