import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from 'antd';
import { MemoryRouter } from 'react-router-dom';
import { describe, expect, it, vi } from 'vitest';
import type { IncidentDetail } from '../../api/emergency.types.ts';
import type { Me } from '../../api/types.ts';
import { SessionContext } from '../../auth/auth-context.tsx';
import { IncidentDrawer } from './incident-drawer.tsx';

const now = Date.now();
const iso = (offsetSeconds: number) => new Date(now + offsetSeconds * 1000).toISOString();

const detail: IncidentDetail = {
  id: 42,
  status: 'rescued',
  source: 'phone',
  channels: ['phone', 'qr'],
  type: 'trapped',
  tier: 1,
  assignedOrg: { id: 7, name: '山东快捷电梯工程有限公司' },
  registrationCode: '31103701002015060012',
  rescueCode: '370112',
  address: '山东省济南市历下区经十路17703号',
  regionCode: '370102',
  trapped: 2,
  injured: 0,
  callerPhone: '13812345678',
  description: '电梯停在两层之间',
  receivedAt: iso(-1200),
  dispatchedAt: iso(-1140),
  acceptedAt: iso(-1100),
  departedAt: null,
  arrivedAt: iso(-600),
  rescuedAt: iso(-300),
  closedAt: null,
  cancelledAt: null,
  cause: null,
  rescued: 2,
  remarks: null,
  alarmId: null,
  repeatOf: null,
  breaches: [],
  escalations: 0,
  version: 6,
  elevator: {
    registrationCode: '31103701002015060012',
    address: '山东省济南市历下区经十路17703号',
    placeName: '舜耕小区',
    longitude: 117.02,
    latitude: 36.65,
    useUnit: { id: 3, name: '济南舜耕物业服务有限公司', phone: '0531-82000000' },
    maintenance: { id: 7, name: '山东快捷电梯工程有限公司', phone: '0531-88886666' },
  },
  dispatches: [{ id: 1, tier: 1, orgId: 7, orgName: '山东快捷电梯工程有限公司', phone: '0531-88886666', distanceKm: null, reason: 'manual', dispatchedAt: iso(-1140), acceptedAt: iso(-1100), declinedAt: null, endedAt: null, actor: '96333调度员' }],
  timeline: [
    { id: 1, kind: 'received', at: iso(-1200), actor: '96333调度员', detail: { source: 'phone', type: 'trapped', trapped: 2 } },
    { id: 2, kind: 'dispatched', at: iso(-1140), actor: '96333调度员', detail: { tier: 1, orgName: '山东快捷电梯工程有限公司', reason: 'manual' } },
    { id: 3, kind: 'sla_breach', at: iso(-900), actor: 'system:sla', detail: { leg: 'accept', tier: 1 } },
    { id: 4, kind: 'rescued', at: iso(-300), actor: '山东快捷电梯工程有限公司', detail: { rescued: 2, injured: 0 } },
  ],
  clocks: [],
  repeatCount30d: 2,
  allowedActions: ['close'],
};

const me: Me = { id: 1, username: 'd', displayName: '调度员', roles: ['dispatcher'], orgId: 1, orgName: '96333', orgType: 'emergency_center', regionCode: '370100', permissions: ['emergency.read', 'emergency.dispatch'] };
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

function renderDrawer(onChanged = vi.fn()) {
  render(
    <MemoryRouter>
      <SessionContext.Provider value={{ me, can: (p) => me.permissions.includes(p), signOut: async () => undefined }}>
        <App>
          <IncidentDrawer incidentId={42} onClose={() => undefined} onChanged={onChanged} />
        </App>
      </SessionContext.Provider>
    </MemoryRouter>,
  );
  return onChanged;
}

async function findDialog(title: string): Promise<HTMLElement> {
  return waitFor(() => {
    const dialog = screen.getAllByRole('dialog').find((d) => d.querySelector('.ant-modal-title')?.textContent === title);
    if (!dialog) throw new Error(`no dialog titled ${title}`);
    return dialog;
  });
}

describe('IncidentDrawer', () => {
  it('shows the facts, whom to phone and the Chinese timeline; closes only with a cause', async () => {
    const posts: unknown[] = [];
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      if (init?.method === 'POST') {
        posts.push(JSON.parse(String(init.body)));
        return json({ ...detail, status: 'closed', cause: 'human', allowedActions: [] });
      }
      if (String(input) === '/api/incidents/42') return json(posts.length ? { ...detail, status: 'closed', cause: 'human', allowedActions: [] } : detail);
      return json({});
    });
    const onChanged = renderDrawer();
    const drawer = await screen.findByTestId('incident-drawer');
    expect(drawer.getAttribute('data-status')).toBe('rescued');
    expect(within(drawer).getAllByText('已解救').length).toBeGreaterThan(0);
    const elevator = within(drawer).getByTestId('incident-elevator');
    expect(within(elevator).getByText('济南舜耕物业服务有限公司')).toBeTruthy();
    expect(within(elevator).getByRole('link', { name: '0531-88886666' }).getAttribute('href')).toBe('tel:0531-88886666');
    expect(within(drawer).getByRole('link', { name: '13812345678' }).getAttribute('href')).toBe('tel:13812345678');
    expect(within(drawer).getByText('2 次（不含本次）')).toBeTruthy();
    // Timeline entries by their Chinese names, the platform's own actor named for people.
    const timeline = within(drawer).getByTestId('incident-timeline');
    expect(within(timeline).getByText('人员解救')).toBeTruthy();
    expect(within(timeline).getByText('超时')).toBeTruthy();
    expect(within(timeline).getByText(/系统（时限到期自动处置）/)).toBeTruthy();
    expect(within(timeline).getByText('接单时限已超时 · 一级：维保单位')).toBeTruthy();
    // Only what the server allows: 结案.
    const actions = within(drawer).getByTestId('incident-actions');
    expect(within(actions).getAllByRole('button').map((b) => b.getAttribute('data-action'))).toEqual(['close']);

    fireEvent.click(within(actions).getByRole('button', { name: /结\s*案/ }));
    const dialog = await findDialog('结案');
    fireEvent.click(within(dialog).getByRole('button', { name: /结\s*案/ }));
    expect(await within(dialog).findByText('请选择原因类别')).toBeTruthy();
    expect(posts).toHaveLength(0);

    fireEvent.mouseDown(within(dialog).getByRole('combobox'));
    fireEvent.click(await screen.findByTitle('人为原因'));
    fireEvent.change(within(dialog).getByRole('textbox'), { target: { value: '垃圾堵门' } });
    fireEvent.click(within(dialog).getByRole('button', { name: /结\s*案/ }));
    await waitFor(() => expect(posts).toEqual([{ action: 'close', cause: 'human', rescued: 2, injured: 0, note: '垃圾堵门' }]));
    await waitFor(() => expect(onChanged).toHaveBeenCalledWith(expect.objectContaining({ id: 42, status: 'closed' })));
    await waitFor(() => expect(screen.getByTestId('incident-drawer').getAttribute('data-status')).toBe('closed'));
  });

  it('shows the server’s refusal in the form', async () => {
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (_input, init) => {
      if (init?.method === 'POST') return json({ error: { code: 'INCIDENT_ACTION_INVALID', message: '当前不能执行该操作：取消须说明原因', details: { reason: '取消须说明原因' } } }, 409);
      return json({ ...detail, status: 'dispatched', allowedActions: ['dispatch', 'accept', 'decline', 'cancel'], clocks: [{ kind: 'accept', dueAt: iso(200), legSeconds: 300, remainingSeconds: 200, urgency: 'normal' }] });
    });
    renderDrawer();
    const drawer = await screen.findByTestId('incident-drawer');
    // Someone is called out: dispatching again escalates, and the accept clock ticks.
    expect(within(drawer).getByRole('button', { name: '升级派单' })).toBeTruthy();
    expect(within(drawer).getByTestId('countdown').textContent).toMatch(/^剩余 0[23]:\d\d$/);
    fireEvent.click(within(drawer).getByRole('button', { name: /接\s*单/ }));
    const dialog = await findDialog('接单');
    fireEvent.click(within(dialog).getByRole('button', { name: /接\s*单/ }));
    expect(await within(dialog).findByText('当前不能执行该操作：取消须说明原因')).toBeTruthy();
  });
});
