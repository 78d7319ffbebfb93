import { describe, expect, it } from 'vitest';
import { equalShares, parseHouseholds, percent, ratioText, stageIndex, STAGES } from './addon-logic.ts';

describe('added-elevator page logic', () => {
  it('places each status on the steps; in service is past the last one', () => {
    expect(stageIndex('consultation')).toBe(0);
    expect(stageIndex('review')).toBe(4);
    expect(stageIndex('in_service')).toBe(STAGES.length);
    expect(stageIndex('cancelled')).toBe(-1);
  });

  it('splits a total into shares that sum to it exactly', () => {
    expect(equalShares(300_000, 10)).toEqual(Array(10).fill(30_000));
    const odd = equalShares(100, 3);
    expect(odd).toEqual([33.34, 33.33, 33.33]);
    expect(Math.round(odd.reduce((a, b) => a + b, 0) * 100)).toBe(10_000);
    expect(equalShares(100, 0)).toEqual([]);
  });

  it('reads pasted households and names the bad lines', () => {
    const { households, errors } = parseHouseholds('101,1,80.5,张三\n102\t1\t79\t李 四\n\n201,x,80,王五\n202,2,0,赵六\nbad');
    expect(households).toEqual([
      { room: '101', floor: 1, area: 80.5, ownerName: '张三' },
      { room: '102', floor: 1, area: 79, ownerName: '李 四' },
    ]);
    expect(errors).toEqual([
      { line: 4, reason: 'floor' },
      { line: 5, reason: 'area' },
      { line: 6, reason: 'columns' },
    ]);
  });

  it('reads an optional last column as the vote', () => {
    const votes = { 同意: 'agree', 反对: 'disagree', 弃权: 'abstain' } as const;
    expect(parseHouseholds('101,1,80,张三,同意\n102,1,80,李四\n201,2,80,王 五 反对', votes).households).toEqual([
      { room: '101', floor: 1, area: 80, ownerName: '张三', vote: 'agree' },
      { room: '102', floor: 1, area: 80, ownerName: '李四' },
      { room: '201', floor: 2, area: 80, ownerName: '王 五', vote: 'disagree' },
    ]);
  });

  it('shows ratios and percentages', () => {
    expect(ratioText({ num: 2, den: 3 })).toBe('2/3');
    expect(percent(2, 3)).toBe('66.7%');
    expect(percent(1, 0)).toBe('—');
  });
});
