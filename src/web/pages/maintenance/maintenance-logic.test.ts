import { describe, expect, it } from 'vitest';
import type { CatalogItem } from '../../api/maintenance.types.ts';
import {
  annexOf,
  daysBetween,
  DRAFT_KEY,
  dueList,
  groupByCycle,
  isKeyItem,
  isoShanghai,
  lastMonth,
  limitText,
  loadDraft,
  newDraft,
  outOfLimits,
  pendingItems,
  recordFromDraft,
  saveDraft,
  sha256Hex,
  todayShanghai,
} from './maintenance-logic.ts';
import { gradesChartOption, topByScore } from './grades-options.ts';

const item = (code: string, cycle: CatalogItem['cycle'], extra: Partial<CatalogItem> = {}): CatalogItem => ({
  code,
  name: `项目 ${code}`,
  requirement: '清洁，润滑',
  cycle,
  judgeType: 'QUALITATIVE',
  min: null,
  max: null,
  unit: null,
  ...extra,
});

describe('annexOf', () => {
  it('maps elevator categories to the TSG T5002 annexes', () => {
    expect(annexOf('3110')).toBe('A');
    expect(annexOf('3120')).toBe('A');
    expect(annexOf('3130')).toBe('A');
    expect(annexOf('3410')).toBe('A');
    expect(annexOf('3420')).toBe('A');
    expect(annexOf('3210')).toBe('B');
    expect(annexOf('3430')).toBe('C');
    expect(annexOf('3310')).toBe('D');
    expect(annexOf('3320')).toBe('D');
    expect(annexOf('3400')).toBeNull();
    expect(annexOf('2100')).toBeNull();
    expect(annexOf('')).toBeNull();
    expect(annexOf(undefined)).toBeNull();
  });
});

describe('catalogue items', () => {
  const items = [item('A-2-01', 'quarter'), item('A-1-01', 'half_month'), item('A-4-01', 'year'), item('A-1-02', 'half_month', { judgeType: 'NUMERIC', min: 0.5, max: 2, unit: 'mm' })];

  it('groups the cumulative catalogue by each item’s own cycle, shortest first, leaving out empty cycles', () => {
    expect(groupByCycle(items).map((g) => [g.cycle, g.items.map((i) => i.code)])).toEqual([
      ['half_month', ['A-1-01', 'A-1-02']],
      ['quarter', ['A-2-01']],
      ['year', ['A-4-01']],
    ]);
    expect(groupByCycle([])).toEqual([]);
  });

  it('knows key items (numeric ones and the brake) and shows limits', () => {
    expect(isKeyItem({ judgeType: 'NUMERIC', name: '曳引轮槽' })).toBe(true);
    expect(isKeyItem({ judgeType: 'QUALITATIVE', name: '制动器各销轴部位' })).toBe(true);
    expect(isKeyItem({ judgeType: 'QUALITATIVE', name: '机房环境' })).toBe(false);
    expect(limitText({ min: 0.5, max: 2, unit: 'mm' })).toBe('0.5–2 mm');
    expect(limitText({ min: 10, max: null, unit: 'N' })).toBe('≥ 10 N');
    expect(limitText({ min: null, max: 3, unit: null })).toBe('≤ 3');
    expect(limitText({ min: null, max: null, unit: null })).toBe('');
    expect(outOfLimits({ min: 0.5, max: 2 }, 2.5)).toBe(true);
    expect(outOfLimits({ min: 0.5, max: 2 }, 0.4)).toBe(true);
    expect(outOfLimits({ min: 0.5, max: 2 }, 1)).toBe(false);
    expect(outOfLimits({ min: 0.5, max: 2 }, null)).toBe(false);
  });

  it('builds the record from a finished draft: answered items only, values for numeric items, trimmed workers and parts', () => {
    const d = {
      ...newDraft('37010120150000000001', 'half_month', { name: '张师傅', certificateNo: '' }),
      stage: 'finished' as const,
      startedAt: '2026-12-01T09:00:00+08:00',
      endedAt: '2026-12-01T09:40:00+08:00',
      startLocation: { lat: 36.66, lon: 117.02 },
      endLocation: { lat: 36.66, lon: 117.02 },
      results: { 'A-1-01': { result: 'ok' as const, value: 5 }, 'A-1-02': { result: 'adjusted' as const, value: 1.2 } },
      photos: [{ sha256: 'a'.repeat(64), takenAt: '2026-12-01T09:10:00+08:00', itemCode: 'A-1-02', uploaded: true, name: 'p.jpg' }],
      workers: [{ name: ' 张师傅 ', certificateNo: ' T-1 ' }, { name: '', certificateNo: '' }],
      parts: [{ name: ' 导靴衬 ', quantity: 2.4 }, { name: ' ', quantity: 1 }],
    };
    expect(pendingItems(items, d).map((i) => i.code)).toEqual(['A-2-01', 'A-4-01']);
    const r = recordFromDraft(d, items);
    expect(r.items).toEqual([
      { code: 'A-1-01', result: 'ok' },
      { code: 'A-1-02', result: 'adjusted', value: 1.2 },
    ]);
    expect(r.workers).toEqual([{ name: '张师傅', certificateNo: 'T-1' }]);
    expect(r.parts).toEqual([{ name: '导靴衬', quantity: 2 }]);
    expect(r.photos).toEqual([{ sha256: 'a'.repeat(64), takenAt: '2026-12-01T09:10:00+08:00', itemCode: 'A-1-02' }]);
    expect(() => recordFromDraft({ ...d, endedAt: undefined }, items)).toThrow();
  });
});

describe('the draft in localStorage', () => {
  it('survives a reload and is cleared after submitting; junk is ignored', () => {
    localStorage.removeItem(DRAFT_KEY);
    expect(loadDraft()).toBeNull();
    const d = { ...newDraft('37010120150000000001', 'quarter'), results: { 'A-1-01': { result: 'ok' as const } } };
    saveDraft(d);
    expect(loadDraft()).toEqual(d);
    saveDraft(null);
    expect(loadDraft()).toBeNull();
    localStorage.setItem(DRAFT_KEY, '{not json');
    expect(loadDraft()).toBeNull();
    localStorage.setItem(DRAFT_KEY, JSON.stringify({ registrationCode: 'x', cycle: 'weekly', results: {} }));
    expect(loadDraft()).toBeNull();
  });
});

describe('dates', () => {
  it('writes ISO times with the +08:00 offset and counts Shanghai days', () => {
    expect(isoShanghai(new Date('2026-12-01T01:02:03.456Z'))).toBe('2026-12-01T09:02:03+08:00');
    expect(isoShanghai(new Date('2026-11-30T17:00:00Z'))).toBe('2026-12-01T01:00:00+08:00');
    expect(todayShanghai(new Date('2026-11-30T17:00:00Z'))).toBe('2026-12-01');
    expect(daysBetween('2026-11-20', '2026-12-01')).toBe(11);
    expect(daysBetween('2026-11-30T17:30:00Z', '2026-12-01')).toBe(0);
    expect(lastMonth('2026-12-01')).toBe('2026-11');
    expect(lastMonth('2027-01-15')).toBe('2026-12');
    expect(dueList({ year: '2027-06-01', half_month: '2026-12-15' })).toEqual([
      { cycle: 'half_month', date: '2026-12-15' },
      { cycle: 'year', date: '2027-06-01' },
    ]);
    expect(dueList(undefined)).toEqual([]);
  });
});

describe('sha256Hex', () => {
  it('hashes bytes with Web Crypto as lowercase hex', async () => {
    expect(await sha256Hex(new TextEncoder().encode('abc').buffer as ArrayBuffer)).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(await sha256Hex(new Blob(['abc']))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('grades chart', () => {
  it('shows the top 20 by score, best at the top, coloured by grade', () => {
    const items = Array.from({ length: 25 }, (_, i) => ({ orgId: i, name: `公司${String(i).padStart(2, '0')}`, score: 50 + i, grade: (i > 20 ? 'A' : 'C') as 'A' | 'C', triggers: [], indicators: [] }));
    expect(topByScore(items).map((i) => i.orgId).slice(0, 3)).toEqual([24, 23, 22]);
    const option = gradesChartOption(items) as { yAxis: { data: string[] }; series: { data: { value: number; itemStyle: { color: string } }[] }[] };
    expect(option.yAxis.data).toHaveLength(20);
    expect(option.yAxis.data.at(-1)).toBe('公司24');
    expect(option.series[0]!.data.at(-1)).toEqual({ value: 74, itemStyle: { color: '#52c41a' } });
    expect(option.series[0]!.data[0]!.itemStyle.color).toBe('#faad14');
  });
});
