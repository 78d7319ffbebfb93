import { describe, expect, it } from 'vitest';
import type { Region } from '../../api/registry.types.ts';
import { closedQuarters, releaseRegions } from './publication-logic.ts';

describe('closedQuarters', () => {
  it('starts at the last quarter that has ended and crosses years', () => {
    expect(closedQuarters('2026-11-30', 5)).toEqual(['2026Q3', '2026Q2', '2026Q1', '2025Q4', '2025Q3']);
    expect(closedQuarters('2026-01-01', 2)).toEqual(['2025Q4', '2025Q3']);
    expect(closedQuarters('2026-03-31', 1)).toEqual(['2025Q4']);
    expect(closedQuarters('2026-04-01', 1)).toEqual(['2026Q1']);
  });
});

describe('releaseRegions', () => {
  const r = (code: string, level: 1 | 2 | 3, kind: Region['kind'] = 'gbt2260'): Region => ({ code, name: code, level, parentCode: null, kind });
  const all = [r('370000', 1), r('370200', 2), r('370100', 2), r('370102', 3), r('370171', 3, 'dev_zone')];
  it('gives a province regulator the province and every city, a city regulator its city only', () => {
    expect(releaseRegions(all, '370000').map((x) => x.code)).toEqual(['370000', '370100', '370200']);
    expect(releaseRegions(all, '370100').map((x) => x.code)).toEqual(['370100']);
    expect(releaseRegions(all, '370102').map((x) => x.code)).toEqual([]);
  });
});
