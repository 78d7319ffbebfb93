import { describe, expect, it } from 'vitest';
import { historyOption, pointsText } from './credit-logic.ts';

describe('credit page logic', () => {
  it('writes points with their sign', () => {
    expect([pointsText(5), pointsText(-20), pointsText(0), pointsText(-2.5)]).toEqual(['+5', '−20', '0', '−2.5']);
  });

  it('charts the history as a step line starting at 100', () => {
    const o = historyOption([
      { at: '2026-05-10T02:00:00.000Z', score: 90, grade: 'A', reason: 'event', eventId: 1 },
      { at: '2026-06-01T02:00:00.000Z', score: 70, grade: 'C', reason: 'event', eventId: 2 },
    ]) as { series: { data: unknown[] }[] };
    expect(o.series[0]!.data).toEqual([['2026-05-10', 100], ['2026-05-10', 90], ['2026-06-01', 70]]);
    expect((historyOption([]) as { series: { data: unknown[] }[] }).series[0]!.data).toEqual([]);
  });
});
