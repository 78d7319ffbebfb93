import { describe, expect, it } from 'vitest';
import type { RiskModelParams, RiskScore } from '../../api/risk.types.ts';
import { tierBarOption } from './old-summary-options.ts';
import { oldFiltersFromParams, rankingFiltersFromParams, toParams } from './risk-filters.ts';
import { factorInputText, gradeLabel, isProvinceLevel, isTier, modelProblems, overspeedText, progressPercent, share, tierKey, waterfall, weightSum, yearsSince } from './risk-logic.ts';

const labels = { category: (c: string) => (c === '3110' ? '曳引驱动乘客电梯' : c), place: (p: string) => (p === 'RESIDENTIAL' ? '住宅' : p), conclusion: (c: string) => (c === 'fail' ? '不合格' : c) };

const factors: RiskScore['factors'] = [
  { name: 'age', value: 26.4, contribution: 17.6 },
  { name: 'usage', value: '3110/RESIDENTIAL', contribution: 4.9 },
  { name: 'faults', value: 6, contribution: 7.5 },
  { name: 'entrapments', value: 0, contribution: 0 },
  { name: 'inspection', value: 'fail', contribution: 10 },
  { name: 'defects', value: 2, contribution: 3.33 },
  { name: 'maintenance', value: 0, contribution: 0 },
  { name: 'complaints', value: 1, contribution: 3.33 },
];

describe('factor inputs in words', () => {
  it('names each factor’s raw input in its unit', () => {
    const text = factors.map((f) => factorInputText(f.name, f.value, labels));
    expect(text).toEqual(['26.4 年', '曳引驱动乘客电梯 · 住宅', '近 12 个月 6 次故障', '近 12 个月 0 次困人', '检验结论 不合格', '2 项未完成隐患', '维保未超期', '近 12 个月 1 次投诉']);
  });

  it('says when an input is missing: no date, no report; overdue maintenance in days', () => {
    expect(factorInputText('age', null, labels)).toBe('无日期记录');
    expect(factorInputText('age', 8, labels)).toBe('8.0 年');
    expect(factorInputText('inspection', null, labels)).toBe('无检验报告');
    expect(factorInputText('maintenance', 12, labels)).toBe('维保超期 12 天');
  });
});

describe('waterfall', () => {
  it('starts each bar where the previous ended and ends at the sum of contributions', () => {
    const { bars, end } = waterfall(factors);
    expect(bars.map((b) => b.start)).toEqual([0, 17.6, 22.5, 30, 30, 40, 43.33, 43.33]);
    expect(end).toBe(46.66);
    expect(end).toBeCloseTo(factors.reduce((s, f) => s + f.contribution, 0), 9);
  });

  it('keeps the model’s factor order whatever order the factors come in', () => {
    const { bars } = waterfall([...factors].reverse());
    expect(bars.map((b) => b.name)).toEqual(factors.map((f) => f.name));
  });
});

describe('old elevators', () => {
  it('computes years in use to a tenth, null without a date', () => {
    expect(yearsSince('2004-01-01', '2026-01-01')).toBe(22);
    expect(yearsSince('2008-12-31', '2026-06-30')).toBe(17.5);
    expect(yearsSince(null, '2026-01-01')).toBeNull();
  });

  it('labels the overspeed protection, the tiers and the share of the stock', () => {
    expect([true, false, null].map(overspeedText)).toEqual(['有', '无', '未记录']);
    expect(tierKey('15')).toBe('tier15');
    expect(tierKey('20')).toBe('tier20');
    expect(tierKey('overspeed')).toBe('overspeed');
    expect(isTier('20')).toBe(true);
    expect(isTier('25')).toBe(false);
    expect(isTier(null)).toBe(false);
    expect(share(1234, 50000)).toBe(2.5);
    expect(share(3, 0)).toBe(0);
  });

  it('draws one bar per tier per region, carrying the region for drill-down', () => {
    const option = tierBarOption([{ key: '370100', label: '济南市', tier15: 10, tier20: 4, overspeed: 2 }], '台') as { series: { name: string; data: { value: number; key: string }[] }[] };
    expect(option.series.map((s) => s.name)).toEqual(['15 年以上', '20 年以上', '待加装超速保护']);
    expect(option.series.map((s) => s.data[0])).toEqual([
      { value: 10, key: '370100' },
      { value: 4, key: '370100' },
      { value: 2, key: '370100' },
    ]);
  });
});

describe('grades and the model', () => {
  const params: RiskModelParams = {
    weights: { age: 20, usage: 10, faults: 15, entrapments: 15, inspection: 10, defects: 10, maintenance: 10, complaints: 10 },
    thresholds: [20, 40, 60],
    scales: { ageYears: 30, faults12m: 12, entrapments12m: 3, defectPoints: 6, overdueDays: 30, flags12m: 6, complaints12m: 3 },
    seriousDefectWeight: 3,
    conclusionValues: { pass: 0, pass_after_reinspection: 0.3, pending: 0.5, fail: 1, fail_after_reinspection: 1, none: 0.5 },
    categoryFactors: { '3110': 0.7 },
    placeFactors: { RESIDENTIAL: 0.7 },
    defaultCategoryFactor: 0.5,
  };

  it('labels grades 1–4 and passes other values through', () => {
    expect(gradeLabel(4)).toBe('4 级 高');
    expect(gradeLabel(1)).toBe('1 级 低');
    expect(gradeLabel(7)).toBe('7');
  });

  it('accepts the default model and finds what the server would refuse', () => {
    expect(weightSum(params.weights)).toBe(100);
    expect(modelProblems(params)).toEqual([]);
    expect(modelProblems({ ...params, weights: { ...params.weights, age: 25 } })).toEqual(['weights']);
    expect(modelProblems({ ...params, thresholds: [20, 20, 60] })).toEqual(['thresholds']);
    expect(modelProblems({ ...params, thresholds: [20, 40, 101] })).toEqual(['thresholds']);
    expect(modelProblems({ ...params, scales: { ...params.scales, faults12m: 0 } })).toEqual(['scales.faults12m']);
  });

  it('sums weights with decimals exactly enough, ignoring blanks', () => {
    expect(weightSum({ age: 33.33, usage: 33.33, faults: 33.34 })).toBe(100);
    expect(weightSum({ age: null, usage: 10 })).toBe(10);
  });

  it('lets the administrator and province regulators change the model, not a city regulator', () => {
    const regulator = { orgType: 'regulator', roles: ['regulator'], permissions: ['risk.read', 'risk.settings'] };
    expect(isProvinceLevel({ ...regulator, regionCode: '370000' })).toBe(true);
    expect(isProvinceLevel({ ...regulator, regionCode: '370100' })).toBe(false);
    expect(isProvinceLevel({ orgType: 'platform', roles: ['admin'], regionCode: '370000', permissions: ['risk.settings'] })).toBe(true);
    expect(isProvinceLevel({ orgType: 'use_unit', roles: ['use_unit'], regionCode: '370000', permissions: ['risk.read'] })).toBe(false);
  });

  it('reports recomputation progress in whole percent', () => {
    expect(progressPercent({ status: 'queued', done: 0, total: 0 })).toBe(0);
    expect(progressPercent({ status: 'running', done: 250, total: 1000 })).toBe(25);
    expect(progressPercent({ status: 'done', done: 999, total: 1000 })).toBe(100);
  });
});

describe('filters in the URL', () => {
  it('reads the old-elevator list’s filters, defaulting to tier 15 by age', () => {
    expect(oldFiltersFromParams(new URLSearchParams(''))).toEqual({ tier: '15', sort: 'age', regionCode: undefined, placeType: undefined, useUnitId: undefined, page: 1, pageSize: 20 });
    expect(oldFiltersFromParams(new URLSearchParams('tier=overspeed&sort=risk&regionCode=3701&placeType=SCHOOL&useUnitId=12&page=4'))).toEqual({
      tier: 'overspeed',
      sort: 'risk',
      regionCode: '3701',
      placeType: 'SCHOOL',
      useUnitId: 12,
      page: 4,
      pageSize: 20,
    });
    expect(oldFiltersFromParams(new URLSearchParams('tier=30&sort=x&regionCode=abc&placeType=drop%20table&useUnitId=-1')).tier).toBe('15');
    expect(oldFiltersFromParams(new URLSearchParams('tier=30&sort=x&regionCode=abc&placeType=drop%20table&useUnitId=-1'))).toMatchObject({ sort: 'age', regionCode: undefined, placeType: undefined, useUnitId: undefined });
  });

  it('reads the ranking’s grade 1–4 only', () => {
    expect(rankingFiltersFromParams(new URLSearchParams('grade=4&regionCode=370102')).grade).toBe(4);
    expect(rankingFiltersFromParams(new URLSearchParams('grade=5')).grade).toBeUndefined();
    expect(rankingFiltersFromParams(new URLSearchParams('grade=')).grade).toBeUndefined();
  });

  it('writes filters without defaults, keeping other parameters', () => {
    expect(toParams({ tier: '15', sort: 'risk', regionCode: undefined, page: 1 }, new URLSearchParams('regionCode=3701&x=1')).toString()).toBe('x=1&sort=risk');
    expect(toParams({ tier: '20', page: 3 }).toString()).toBe('tier=20&page=3');
  });
});
