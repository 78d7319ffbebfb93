import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { describe, expect, it, vi } from 'vitest';
import type { RiskScore } from '../../api/risk.types.ts';
import { RiskCard } from './risk-card.tsx';

const risk: RiskScore = {
  score: 46.66,
  grade: 3,
  factors: [
    { name: 'age', value: 26.4, contribution: 17.6 },
    { name: 'usage', value: '3110/RESIDENTIAL', contribution: 4.9 },
    { name: 'faults', value: 6, contribution: 7.5 },
    { name: 'entrapments', value: 0, contribution: 0 },
    { name: 'inspection', value: 'fail', contribution: 10 },
    { name: 'defects', value: 2, contribution: 3.33 },
    { name: 'maintenance', value: 0, contribution: 0 },
    { name: 'complaints', value: 1, contribution: 3.33 },
  ],
  modelVersion: 2,
  computedAt: '2026-06-01T16:00:00Z',
};

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

describe('风险评分 card', () => {
  it('shows the score in its grade, each factor in Chinese with its raw input and points, summing to the score', async () => {
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input) =>
      String(input).startsWith('/api/meta') ? json({ categories: [{ code: '3110', name: '曳引驱动乘客电梯' }], statuses: [], placeTypes: [], importFields: [] }) : json(risk),
    );
    render(<MemoryRouter><RiskCard code="31103701002002050001" /></MemoryRouter>);
    expect((await screen.findByTestId('risk-factors')).querySelectorAll('[data-factor]')).toHaveLength(8);
    expect(screen.getByText('3 级 较高')).toBeTruthy();
    expect(screen.getByTestId('risk-input-age').textContent).toBe('26.4 年');
    expect(screen.getByTestId('risk-input-faults').textContent).toBe('近 12 个月 6 次故障');
    expect(screen.getByTestId('risk-input-inspection').textContent).toBe('检验结论 不合格');
    expect(await screen.findByText('曳引驱动乘客电梯 · 住宅')).toBeTruthy();
    expect(screen.getByText('梯龄')).toBeTruthy();
    expect(screen.getByTestId('risk-total').textContent).toBe('合计 46.66 分');
    expect(screen.getByText(/模型 v2/)).toBeTruthy();
  });

  it('says why an elevator has no score (the server’s message)', async () => {
    vi.spyOn(globalThis, 'fetch').mockImplementation(async () => json({ error: { code: 'RISK_NOT_SCORED', message: '该电梯当前状态（SCRAPPED）不参与风险评分' } }, 404));
    render(<MemoryRouter><RiskCard code="x" /></MemoryRouter>);
    expect(await screen.findByText('该电梯当前状态（SCRAPPED）不参与风险评分')).toBeTruthy();
  });
});
