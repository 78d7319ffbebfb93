import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from 'antd';
import { MemoryRouter } from 'react-router-dom';
import { describe, expect, it, vi } from 'vitest';
import type { AlarmDetail } from '../../api/iot.types.ts';
import type { Me } from '../../api/types.ts';
import { SessionContext } from '../../auth/auth-context.tsx';
import { AlarmDrawer } from './alarm-drawer.tsx';

const detail: AlarmDetail = {
  id: 7,
  type: 'trapped',
  severity: 'critical',
  status: 'active',
  acknowledged: true,
  openedAt: '2024-10-24T02:00:00Z',
  clearedAt: null,
  occurrences: 2,
  lastAt: '2024-10-24T02:03:00Z',
  registrationCode: '31103701002015060012',
  address: '经十路 17703 号',
  regionCode: '370102',
  source: 'device',
  vendorCode: null,
  escalated: false,
  assignee: null,
  clearReason: null,
  history: [
    { kind: 'opened', at: '2024-10-24T02:00:00Z', actor: null, detail: null },
    { kind: 'repeated', at: '2024-10-24T02:00:30Z', actor: null, detail: { source: 'device', vendorCode: 'E41', severity: 'critical' } },
    { kind: 'acknowledged', at: '2024-10-24T02:01:00Z', actor: '调度员小王', detail: { comment: '已通知维保' } },
  ],
};

function me(permissions: string[]): Me {
  return { id: 1, username: 'd', displayName: '调度员', roles: ['dispatcher'], orgId: 1, orgName: '96333', orgType: 'emergency_center', regionCode: '370100', permissions };
}

function renderDrawer(permissions: string[]) {
  const user = me(permissions);
  const onChanged = vi.fn();
  render(
    <MemoryRouter>
      <SessionContext.Provider value={{ me: user, can: (p) => user.permissions.includes(p), signOut: async () => undefined }}>
        <App>
          <AlarmDrawer alarmId={7} onClose={() => undefined} onChanged={onChanged} />
        </App>
      </SessionContext.Provider>
    </MemoryRouter>,
  );
  return onChanged;
}

/** A modal by its title (under test, antd gives every dialog the same aria-labelledby id, so names are unusable). */
async function findDialog(title: string): Promise<HTMLElement> {
  return waitFor(() => {
    const dialog = screen.getAllByRole('dialog').find((d) => d.querySelector('.ant-modal-title')?.textContent === title);
    if (!dialog) throw new Error(`no dialog titled ${title}`);
    return dialog;
  });
}

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

describe('AlarmDrawer', () => {
  it('shows the history and will not clear an alarm without a reason', async () => {
    const posts: { url: string; body: unknown }[] = [];
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      const url = String(input);
      if (init?.method === 'POST') {
        posts.push({ url, body: JSON.parse(String(init.body)) });
        return json({ ...detail, status: 'cleared', clearReason: '已解救乘客' });
      }
      if (url === '/api/alarms/7') return json(posts.length ? { ...detail, status: 'cleared', clearReason: '已解救乘客' } : detail);
      return json({ items: [], total: 0 });
    });
    const onChanged = renderDrawer(['iot.read', 'iot.operate']);

    const drawer = await screen.findByTestId('alarm-drawer');
    expect(within(drawer).getByText('困人')).toBeTruthy();
    expect(within(drawer).getByText('告警产生')).toBeTruthy();
    expect(within(drawer).getByText('已通知维保')).toBeTruthy();
    expect(within(drawer).getByText(/调度员小王/)).toBeTruthy();
    expect(within(drawer).getByText('终端上报 · 厂家故障码 E41')).toBeTruthy();
    // Already acknowledged: no 确认 button, but 解除 and 指派.
    expect(within(drawer).queryByRole('button', { name: /^确\s*认$/ })).toBeNull();

    fireEvent.click(within(drawer).getByRole('button', { name: /^解\s*除$/ }));
    const dialog = await findDialog('解除告警');
    fireEvent.click(within(dialog).getByRole('button', { name: /提\s*交/ }));
    expect(await within(dialog).findByText('请填写解除原因')).toBeTruthy();
    // Blank is no reason either.
    fireEvent.change(within(dialog).getByRole('textbox'), { target: { value: '   ' } });
    fireEvent.click(within(dialog).getByRole('button', { name: /提\s*交/ }));
    await waitFor(() => expect(within(dialog).getByText('请填写解除原因')).toBeTruthy());
    expect(posts).toHaveLength(0);

    fireEvent.change(within(dialog).getByRole('textbox'), { target: { value: '  已解救乘客 ' } });
    fireEvent.click(within(dialog).getByRole('button', { name: /提\s*交/ }));
    await waitFor(() => expect(posts).toEqual([{ url: '/api/alarms/7/clear', body: { reason: '已解救乘客' } }]));
    await waitFor(() => expect(onChanged).toHaveBeenCalledWith(expect.objectContaining({ id: 7, status: 'cleared' })));
    // Reloaded: a cleared alarm offers no more actions.
    await waitFor(() => expect(within(screen.getByTestId('alarm-drawer')).queryByRole('button', { name: /^解\s*除$/ })).toBeNull());
  });

  it('offers no actions without iot.operate', async () => {
    vi.spyOn(globalThis, 'fetch').mockImplementation(async () => json(detail));
    renderDrawer(['iot.read']);
    const drawer = await screen.findByTestId('alarm-drawer');
    expect(within(drawer).getByText('您没有处理告警的权限，仅可查看')).toBeTruthy();
    expect(within(drawer).queryByRole('button', { name: /^解\s*除$/ })).toBeNull();
    expect(within(drawer).queryByRole('button', { name: /指\s*派/ })).toBeNull();
  });

  it('falls back to a user id when the user list is forbidden', async () => {
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input) => {
      const url = String(input);
      if (url.startsWith('/api/users')) return json({ error: { code: 'FORBIDDEN', message: '无权限' } }, 403);
      return json(detail);
    });
    renderDrawer(['iot.read', 'iot.operate']);
    const drawer = await screen.findByTestId('alarm-drawer');
    fireEvent.click(within(drawer).getByRole('button', { name: /指\s*派/ }));
    const dialog = await findDialog('指派处理人');
    expect(await within(dialog).findByText('您无权查看用户列表，请直接填写处理人的用户 ID')).toBeTruthy();
    expect(within(dialog).getByRole('spinbutton')).toBeTruthy();
  });
});
