import { describe, expect, it } from 'vitest';
import { countdown, duration, filtersFromParams, isContact, isTrackingCode, paramsFromFilters, rewardText } from './complaints-logic.ts';

describe('complaint countdowns', () => {
  const open = (secondsLeft: number) => ({ dueAt: '2026-12-02T02:00:00.000Z', doneAt: null, secondsLeft, overdue: secondsLeft < 0 });

  it('reads days, hours and minutes; late ones in red, under a day in orange', () => {
    expect(duration(3 * 86_400 + 4 * 3600 + 59)).toBe('3 天 4 小时');
    expect(duration(5 * 3600 + 12 * 60)).toBe('5 小时 12 分');
    expect(duration(30)).toBe('1 分钟');
    expect(countdown(open(2 * 86_400))).toEqual({ text: '剩余 2 天 0 小时', tone: 'ok' });
    expect(countdown(open(86_399))).toEqual({ text: '剩余 23 小时 59 分', tone: 'soon' });
    expect(countdown(open(0))).toEqual({ text: '剩余 0 分钟', tone: 'soon' });
    expect(countdown(open(-90 * 60))).toEqual({ text: '已超期 1 小时 30 分', tone: 'late' });
  });

  it('keeps counting on the page from what the server said', () => {
    expect(countdown(open(60), 61).tone).toBe('late');
    expect(countdown(open(60), 60).tone).toBe('soon');
  });

  it('a done step says when, and whether it was late', () => {
    const fmt = (iso: string) => iso.slice(0, 10);
    expect(countdown({ dueAt: '2026-12-02T02:00:00Z', doneAt: '2026-12-01T05:00:00Z', secondsLeft: null, overdue: false }, 0, fmt)).toEqual({ text: '2026-12-01 完成', tone: 'done' });
    expect(countdown({ dueAt: '2026-12-02T02:00:00Z', doneAt: '2026-12-03T05:00:00Z', secondsLeft: null, overdue: true }, 0, fmt)).toEqual({ text: '2026-12-03 完成（超期）', tone: 'doneLate' });
  });
});

describe('complaint input checks', () => {
  it('accepts phones and e-mail addresses as contacts, like the server', () => {
    expect(isContact('')).toBe(true);
    expect(isContact('0531-88886666')).toBe(true);
    expect(isContact('someone@example.com')).toBe(true);
    expect(isContact('call me')).toBe(false);
    expect(isContact('1234')).toBe(false);
  });

  it('recognises tracking codes however they are typed', () => {
    expect(isTrackingCode('k7qmx-3hp9t')).toBe(true);
    expect(isTrackingCode('K7QMX 3HP9T')).toBe(true);
    expect(isTrackingCode('K7QMX-3HP9')).toBe(false);
    expect(isTrackingCode('O7QMX-3HP9T')).toBe(false);
  });

  it('describes the reward for the reporter', () => {
    expect(rewardText({ status: 'none', amount: null })).toBe('尚未决定');
    expect(rewardText({ status: 'granted', amount: 1500 })).toBe('已决定奖励 1,500 元');
    expect(rewardText({ status: 'paid', amount: 500 })).toBe('已发放 500 元');
    expect(rewardText({ status: 'refused', amount: null })).toBe('不予奖励');
  });
});

describe('complaint list filters in the URL', () => {
  it('round-trips, ignores unknown values and keeps the open drawer', () => {
    const f = filtersFromParams(new URLSearchParams('status=received&category=bogus&overdue=true&regionCode=370102&page=2&id=7'));
    expect(f).toEqual({ status: 'received', category: undefined, channel: undefined, overdue: true, mine: undefined, regionCode: '370102', trackingCode: undefined, page: 2, pageSize: 20 });
    const back = paramsFromFilters({ ...f, page: 1, mine: true }, new URLSearchParams('id=7&category=bogus'));
    expect(back.toString()).toBe('id=7&status=received&overdue=true&mine=true&regionCode=370102');
  });
});
