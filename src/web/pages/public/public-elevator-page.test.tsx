import { render, screen } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { describe, expect, it, vi } from 'vitest';
import type { PublicElevator } from '../../api/types.ts';
import PublicElevatorPage from './public-elevator-page.tsx';

const record: PublicElevator = {
  registrationCode: '31103701002015060012',
  rescueCode: '370112',
  category: '3110',
  categoryName: '曳引驱动乘客电梯',
  regionName: '济南市历下区',
  address: '经十路 17703 号 3 号楼 1 单元',
  placeName: '舜耕小区',
  useUnitName: '济南舜耕物业服务有限公司',
  maintenanceName: '山东快捷电梯工程有限公司',
  maintenanceHotline: '0531-88886666',
  status: 'IN_USE',
  statusName: '在用',
  lastInspection: null,
  nextInspectionDue: '2025-06',
  lastMaintenanceDate: null,
  maintenanceNextDue: null,
  maintenanceOverdueDays: null,
  openHazards: { total: 0, serious: 0 },
  emergencyPhone: '96333',
};

function mockFetch(status: number, body: unknown) {
  return vi.spyOn(globalThis, 'fetch').mockResolvedValue(
    new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } }),
  );
}

function renderAt(code: string) {
  return render(
    <MemoryRouter initialEntries={[`/e/${code}`]}>
      <Routes>
        <Route path="/e/:code" element={<PublicElevatorPage />} />
      </Routes>
    </MemoryRouter>,
  );
}

describe('public elevator page', () => {
  it('shows the public record with status, address, units and call links, without a token', async () => {
    const fetch = mockFetch(200, record);
    renderAt('370112');
    expect(await screen.findByText('在用')).toBeTruthy();
    expect(screen.getByText(/经十路 17703 号/)).toBeTruthy();
    expect(screen.getByText('济南舜耕物业服务有限公司')).toBeTruthy();
    expect(screen.getByText('山东快捷电梯工程有限公司')).toBeTruthy();
    expect(screen.getByRole('link', { name: /拨打 0531-88886666/ }).getAttribute('href')).toBe('tel:0531-88886666');
    expect(screen.getByRole('link', { name: /困人请拨 96333/ }).getAttribute('href')).toBe('tel:96333');
    expect(screen.getByText('2025-06')).toBeTruthy();
    // last inspection, last maintenance and maintenance regularity: nothing on record yet; no open hazards
    expect(screen.getAllByText('暂无记录')).toHaveLength(3);
    expect(screen.getByRole('link', { name: /统计公开/ }).getAttribute('href')).toBe('/public/releases');

    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe('/api/public/elevators/370112');
    expect((init?.headers as Record<string, string>).Authorization).toBeUndefined();
  });

  it('shows the last inspection when there is one', async () => {
    mockFetch(200, { ...record, lastInspection: { date: '2024-05-20', conclusion: '合格' }, lastMaintenanceDate: '2024-10-20', maintenanceNextDue: '2024-11-04', maintenanceOverdueDays: 0 });
    renderAt('31103701002015060012');
    expect(await screen.findByText('2024-05-20 合格')).toBeTruthy();
    expect(screen.getByText('2024-10-20')).toBeTruthy();
    expect(screen.getByText('按期维保（下次 2024-11-04 前）')).toBeTruthy();
    expect(screen.queryByText('暂无记录')).toBeNull();
  });

  it('shows overdue maintenance and open hazards as counts', async () => {
    mockFetch(200, { ...record, lastMaintenanceDate: '2024-10-01', maintenanceNextDue: '2024-10-16', maintenanceOverdueDays: 12, openHazards: { total: 3, serious: 1 } });
    renderAt('370112');
    expect(await screen.findByText('维保逾期 12 天')).toBeTruthy();
    expect(screen.getByText('3 项（其中重大隐患 1 项），正在整改')).toBeTruthy();
  });

  it("shows the server's message for an unknown code, and still the 96333 call", async () => {
    const message = '未查询到该电梯。请核对轿厢内张贴的注册代码或应急救援识别码。';
    mockFetch(404, { error: { code: 'PUBLIC_ELEVATOR_NOT_FOUND', message } });
    localStorage.setItem('liftsafe.token', 'stale');
    const assign = vi.fn();
    vi.stubGlobal('location', { ...window.location, assign });
    renderAt('99999');
    expect((await screen.findByRole('alert')).textContent).toBe(message);
    expect(screen.getByRole('link', { name: /困人请拨 96333/ })).toBeTruthy();
    expect(assign).not.toHaveBeenCalled();
    vi.unstubAllGlobals();
  });
});
