import { render, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ImportJob } from '../../api/types.ts';
import { ImportProgress, percentOf } from './import-progress.tsx';

function job(overrides: Partial<ImportJob> = {}): ImportJob {
  return {
    id: 'imp-1',
    status: 'done',
    fileName: '济南市电梯台账.xlsx',
    total: 1200,
    processed: 1200,
    imported: 1150,
    updated: 47,
    rejected: [],
    warnings: [],
    rejectedCount: 0,
    warningCount: 0,
    error: null,
    createdAt: '2024-10-24T02:00:00Z',
    finishedAt: '2024-10-24T02:00:09Z',
    ...overrides,
  };
}

const meta = {
  categories: [],
  statuses: [],
  placeTypes: [],
  importFields: [
    { key: 'registrationCode', zh: '注册代码' },
    { key: 'regionCode', zh: '所在区划代码' },
    { key: 'rescueCode', zh: '救援识别码' },
  ],
};

describe('ImportProgress', () => {
  beforeEach(() => {
    vi.spyOn(globalThis, 'fetch').mockImplementation(async () => new Response(JSON.stringify(meta), { status: 200 }));
  });

  it('lists each rejected row with its line, registration code and every field problem, fields named in Chinese', async () => {
    render(
      <ImportProgress
        job={job({
          rejectedCount: 2,
          rejected: [
            {
              line: 7,
              registrationCode: '31103701002015060012',
              errors: [
                { field: 'regionCode', message: '未知的行政区划代码' },
                { field: 'rescueCode', message: '救援识别码：应为5–7位数字' },
              ],
            },
            { line: 15, registrationCode: null, errors: [{ field: 'registrationCode', message: '注册代码应为20位数字' }] },
          ],
        })}
      />,
    );
    const table = screen.getByTestId('rejected-rows');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    expect(within(rows[0]).getByText('7')).toBeTruthy();
    expect(within(rows[0]).getByText('31103701002015060012')).toBeTruthy();
    await waitFor(() => expect(within(rows[0]).getAllByRole('listitem')[0].textContent).toBe('所在区划代码：未知的行政区划代码'));
    const problems = within(rows[0]).getAllByRole('listitem').map((li) => li.textContent);
    expect(problems[1]).toBe('救援识别码：应为5–7位数字');
    expect(within(rows[1]).getByText('15')).toBeTruthy();
    expect(within(rows[1]).getByText(/注册代码应为20位数字/)).toBeTruthy();
    expect(screen.getByText('被拒绝的行')).toBeTruthy();
    expect(screen.queryByTestId('warning-rows')).toBeNull();
  });

  it('shows the summary counts of a finished job', () => {
    render(<ImportProgress job={job({ rejectedCount: 3, warningCount: 5 })} />);
    expect(screen.getByText('已完成')).toBeTruthy();
    expect(screen.getByText('新增')).toBeTruthy();
    expect(screen.getByText('1,150')).toBeTruthy();
    expect(screen.getByText('47')).toBeTruthy();
  });

  it('says how many rows are hidden when the server returns only the first ones', () => {
    const rejected = [{ line: 2, registrationCode: '31103701002015060013', errors: [{ field: 'address', message: '地址不能为空' }] }];
    render(<ImportProgress job={job({ rejected, rejectedCount: 250 })} />);
    expect(screen.getByText('仅显示前 1 条，共 250 条')).toBeTruthy();
  });

  it('renders warnings in their own table', () => {
    const warnings = [{ line: 9, registrationCode: '31103701002015060014', errors: [{ field: 'useUnitCreditCode', message: '缺少统一社会信用代码' }] }];
    render(<ImportProgress job={job({ warnings, warningCount: 1 })} />);
    expect(within(screen.getByTestId('warning-rows')).getByText(/缺少统一社会信用代码/)).toBeTruthy();
  });

  it('shows progress while running, and "counting" before the total is known', () => {
    const { rerender } = render(<ImportProgress job={job({ status: 'running', total: 0, processed: 0, finishedAt: null })} />);
    expect(screen.getByText('正在统计行数…')).toBeTruthy();
    rerender(<ImportProgress job={job({ status: 'running', total: 800, processed: 200, finishedAt: null })} />);
    expect(screen.getByText('已处理 200 / 800 行')).toBeTruthy();
    expect(screen.queryByText('新增')).toBeNull();
  });

  it('shows why a job failed', () => {
    render(<ImportProgress job={job({ status: 'failed', error: '文件不是有效的 XLSX' })} />);
    expect(screen.getByText('导入失败：文件不是有效的 XLSX')).toBeTruthy();
  });

  it('computes the percentage, null while counting', () => {
    expect(percentOf({ status: 'running', processed: 0, total: 0 })).toBeNull();
    expect(percentOf({ status: 'running', processed: 333, total: 1000 })).toBe(33);
    expect(percentOf({ status: 'done', processed: 0, total: 0 })).toBe(100);
  });
});
