import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { describe, expect, it } from 'vitest';
import type { InspectionBlock } from '../../api/inspection.types.ts';
import { InspectionCard } from './inspection-card.tsx';

const overdue: InspectionBlock = {
  nextDueDate: '2026-06-20',
  nextType: 'periodic',
  overdueDays: 164,
  reason: '以 2019-06-20 验收为基准，第 7 年为定期检验年，应于 2026-06-20 前完成（可提前 2 个月）；已超期 164 天',
  lastReport: { id: 42, reportNo: 'SD01-DJ-2025-000123', type: 'self_test', date: '2025-06-02', conclusion: 'pass', agency: '山东安科电梯检测有限公司' },
};

describe('InspectionCard (elevator page 检验)', () => {
  it('shows the due date, its type, overdue days in red, the reason and a link to the last report', () => {
    render(<MemoryRouter><InspectionCard block={overdue} /></MemoryRouter>);
    expect(screen.getByTestId('next-due-date').textContent).toBe('2026-06-20');
    expect(screen.getByText('定期检验')).toBeTruthy();
    const days = screen.getByTestId('overdue-days');
    expect(days.textContent).toBe('已超期 164 天');
    expect(days.className).toContain('danger');
    expect(screen.getByTestId('due-reason').textContent).toContain('第 7 年为定期检验年');
    expect(screen.getByRole('link', { name: 'SD01-DJ-2025-000123' }).getAttribute('href')).toBe('/inspection/reports?id=42');
    expect(screen.getByText('合格')).toBeTruthy();
  });

  it('says when the elevator is not overdue and has no report on the platform', () => {
    render(<MemoryRouter><InspectionCard block={{ ...overdue, overdueDays: 0, nextType: 'self_test', lastReport: null }} /></MemoryRouter>);
    expect(screen.queryByTestId('overdue-days')).toBeNull();
    expect(screen.getByText('未超期')).toBeTruthy();
    expect(screen.getByText('自行检测')).toBeTruthy();
    expect(screen.getByText('平台暂无检验报告')).toBeTruthy();
  });
});
