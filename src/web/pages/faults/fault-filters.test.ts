import { describe, expect, it } from 'vitest';
import { dayjs } from '../../components/format.ts';
import { defaultRange, faultFilters, fillDays } from './fault-filters.ts';

describe('fault filters', () => {
  it('sends whole Shanghai days as instants: from the first day 00:00 to the day after the last', () => {
    const range: [ReturnType<typeof dayjs>, ReturnType<typeof dayjs>] = [dayjs('2024-10-01'), dayjs('2024-10-24')];
    expect(faultFilters({ registrationCode: ' 31103701002015060012 ', type: 'trapped', range })).toEqual({
      registrationCode: '31103701002015060012',
      type: 'trapped',
      from: '2024-09-30T16:00:00.000Z',
      to: '2024-10-24T16:00:00.000Z',
    });
    expect(faultFilters({ registrationCode: '  ' })).toEqual({ registrationCode: undefined, type: undefined, from: undefined, to: undefined });
  });

  it('defaults to the last 30 days including today (Shanghai)', () => {
    const [from, to] = defaultRange(dayjs('2024-10-24T17:30:00Z')); // already 25 Oct in Shanghai
    expect(from.format('YYYY-MM-DD')).toBe('2024-09-26');
    expect(to.format('YYYY-MM-DD')).toBe('2024-10-25');
  });

  it('fills the days without faults with zero', () => {
    const out = fillDays([{ key: '2024-10-03', count: 4 }, { key: '2024-10-01', count: 1 }], [dayjs('2024-10-01'), dayjs('2024-10-04')]);
    expect(out).toEqual([
      { key: '2024-10-01', count: 1 },
      { key: '2024-10-02', count: 0 },
      { key: '2024-10-03', count: 4 },
      { key: '2024-10-04', count: 0 },
    ]);
  });
});
