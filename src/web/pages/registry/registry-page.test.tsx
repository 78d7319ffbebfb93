import { render, screen, waitFor } from '@testing-library/react';
import { App } from 'antd';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { describe, expect, it, vi } from 'vitest';
import type { Me } from '../../api/types.ts';
import { SessionContext } from '../../auth/auth-context.tsx';
import RegistryPage from './registry-page.tsx';

const me: Me = {
  id: 1,
  username: 'reg',
  displayName: '监管员',
  roles: ['regulator'],
  orgId: 1,
  orgName: '济南市市场监督管理局',
  orgType: 'regulator',
  regionCode: '370100',
  permissions: ['registry.read'],
};

const item = {
  registrationCode: '31103701002015060012',
  rescueCode: '370112',
  category: '3110',
  categoryName: '曳引驱动乘客电梯',
  regionCode: '370102',
  regionName: '历下区',
  address: '经十路 17703 号',
  placeName: null,
  placeType: 'RESIDENTIAL',
  useUnitName: '舜耕物业',
  maintenanceName: '快捷电梯',
  status: 'STOPPED',
  commissioningDate: '2015-06-01',
  ageYears: 9,
  updatedAt: '2024-10-24T02:00:00Z',
};

function respond(url: string): Response {
  const body = url.startsWith('/api/elevators/facets')
    ? { total: 1, byCity: [], byCounty: [], byCategory: [], byStatus: [{ key: 'STOPPED', label: '停用', count: 1 }], byPlaceType: [], byAge: [] }
    : url.startsWith('/api/elevators')
      ? { items: [item], total: 41 }
      : url.startsWith('/api/meta')
        ? { categories: [], statuses: [], placeTypes: [], importFields: [] }
        : { items: [] };
  return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
}

describe('registry page', () => {
  it('sends the filters, sort and page from the URL to the list and facet endpoints', async () => {
    const fetch = vi.spyOn(globalThis, 'fetch').mockImplementation(async (input) => respond(String(input)));
    render(
      <MemoryRouter initialEntries={['/elevators?regionCode=370102&status=STOPPED&q=%E7%BB%8F%E5%8D%81%E8%B7%AF&sort=updatedAt&order=desc&page=3']}>
        <SessionContext.Provider value={{ me, can: (p) => me.permissions.includes(p), signOut: async () => undefined }}>
          <App>
            <Routes>
              <Route path="/elevators" element={<RegistryPage />} />
            </Routes>
          </App>
        </SessionContext.Provider>
      </MemoryRouter>,
    );
    expect(await screen.findByText('31103701002015060012')).toBeTruthy();
    const urls = fetch.mock.calls.map(([u]) => decodeURIComponent(String(u)));
    expect(urls).toContain('/api/elevators?regionCode=370102&status=STOPPED&q=经十路&sort=updatedAt&order=desc&page=3&pageSize=20');
    expect(urls).toContain('/api/elevators/facets?regionCode=370102&status=STOPPED&q=经十路');
    await waitFor(() => expect(screen.getByText('符合条件 1 台')).toBeTruthy());
    expect((screen.getByPlaceholderText('注册代码/救援识别码/地址/单位名称') as HTMLInputElement).value).toBe('经十路');
    expect(screen.queryByText('新增电梯')).toBeNull();
    expect(screen.queryByText('导出 CSV')).toBeNull();
  });
});
