import { describe, expect, it } from 'vitest';
import { chartSeries, monthOf } from './manufacturers-logic.ts';

describe('manufacturers logic', () => {
  it('shifts months across years', () => {
    expect(monthOf(new Date('2026-02-15T00:00:00Z'), -5)).toBe('2025-09');
    expect(monthOf(new Date('2026-12-01T00:00:00Z'), 1)).toBe('2027-01');
  });

  it('builds one series per code, folding the rare ones into other', () => {
    const stats = {
      months: ['2026-04', '2026-05'],
      rows: [
        { month: '2026-04', model: 'HGP', code: 'trapped', faults: 4, elevators: 5, per100: 80 },
        { month: '2026-04', model: 'GVF', code: 'trapped', faults: 1, elevators: 2, per100: 50 },
        { month: '2026-05', model: 'HGP', code: 'door_open_fault', faults: 1, elevators: 5, per100: 20 },
        { month: '2026-05', model: 'HGP', code: 'E41', faults: 1, elevators: 5, per100: 20 },
      ],
      byModel: [],
    };
    const { series } = chartSeries(stats, 2, '其他');
    expect(series.map((s) => s.name)).toEqual(['trapped', 'door_open_fault', '其他']);
    expect(series[0]!.data).toEqual([130, 0]);
    expect(series[2]!.data).toEqual([0, 20]);
  });
});
