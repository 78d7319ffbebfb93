import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App } from 'antd';
import { MemoryRouter } from 'react-router-dom';
import { describe, expect, it, vi } from 'vitest';
import type { RiskModel } from '../../api/risk.types.ts';
import type { Me } from '../../api/types.ts';
import { SessionContext } from '../../auth/auth-context.tsx';
import ModelPage from './model-page.tsx';

const model: RiskModel = {
  version: 1,
  note: '初始模型',
  createdAt: '2026-01-01T00:00:00Z',
  params: {
    weights: { age: 20, usage: 10, faults: 15, entrapments: 15, inspection: 10, defects: 10, maintenance: 10, complaints: 10 },
    thresholds: [20, 40, 60],
    scales: { ageYears: 30, faults12m: 12, entrapments12m: 3, defectPoints: 6, overdueDays: 30, flags12m: 6, complaints12m: 3 },
    seriousDefectWeight: 3,
    conclusionValues: { pass: 0, pass_after_reinspection: 0.3, pending: 0.5, fail: 1, fail_after_reinspection: 1, none: 0.5 },
    categoryFactors: { '3110': 0.7 },
    placeFactors: { RESIDENTIAL: 0.7 },
    defaultCategoryFactor: 0.5,
  },
};
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
const admin: Me = { id: 1, username: 'admin', displayName: '管理员', roles: ['admin'], orgId: 1, orgName: '平台', orgType: 'platform', regionCode: '370000', permissions: ['risk.read', 'risk.settings'] };

function renderAs(me: Me) {
  return render(
    <MemoryRouter initialEntries={['/risk/model']}>
      <SessionContext.Provider value={{ me, can: (p) => me.permissions.includes(p), signOut: async () => undefined }}>
        <App>
          <ModelPage />
        </App>
      </SessionContext.Provider>
    </MemoryRouter>,
  );
}

describe('风险模型 page', () => {
  it('keeps a model whose weights do not sum to 100 from being sent, then saves a valid one as a new version', async () => {
    const posts: unknown[] = [];
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      if (init?.method === 'POST') {
        posts.push(JSON.parse(String(init.body)));
        return json({ ...model, version: 2 }, 201);
      }
      return String(input).startsWith('/api/meta') ? json({ categories: [], statuses: [], placeTypes: [], importFields: [] }) : json(model);
    });
    renderAs(admin);
    // The sum shows 0 until the model has loaded: wait for the loaded one (a busy machine answers late).
    await waitFor(() => expect(screen.getByTestId('weight-sum').textContent).toBe('合计 100'), { timeout: 10_000 });
    const age = screen.getByLabelText('梯龄');
    fireEvent.change(age, { target: { value: '25' } });
    await waitFor(() => expect(screen.getByTestId('weight-sum').textContent).toBe('合计 105'), { timeout: 10_000 });
    fireEvent.change(screen.getByLabelText('版本说明'), { target: { value: '提高梯龄权重' } });
    fireEvent.click(screen.getByRole('button', { name: /保存为新版本/ }));
    expect((await screen.findByTestId('model-error')).textContent).toContain('权重合计应为 100，现为 105');
    expect(posts).toEqual([]);
    fireEvent.change(screen.getByLabelText('故障'), { target: { value: '10' } });
    await waitFor(() => expect(screen.getByTestId('weight-sum').textContent).toBe('合计 100'), { timeout: 10_000 });
    fireEvent.click(screen.getByRole('button', { name: /保存为新版本/ }));
    await waitFor(() => expect(posts).toHaveLength(1), { timeout: 10_000 });
    const sent = posts[0] as { note: string; params: RiskModel['params'] };
    expect(sent.note).toBe('提高梯龄权重');
    expect(sent.params.weights).toMatchObject({ age: 25, faults: 10 });
    expect(sent.params.thresholds).toEqual([20, 40, 60]);
    // Many antd inputs re-render on every change: on a loaded machine this takes well over the default minute.
  }, 180_000);

  it('is read-only for a city regulator', async () => {
    vi.spyOn(globalThis, 'fetch').mockImplementation(async () => json(model));
    renderAs({ ...admin, roles: ['regulator'], orgType: 'regulator', regionCode: '370100' });
    expect(await screen.findByText('风险模型由省级监管部门设置，此处可查看当前参数。')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /保存为新版本/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /重新计算全部评分/ })).toBeNull();
    expect((screen.getByLabelText('梯龄') as HTMLInputElement).disabled).toBe(true);
  });
});
