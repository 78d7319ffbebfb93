import { describe, expect, it } from 'vitest';
import type { BoardItem } from '../../api/emergency.types.ts';
import { countdown, formatDuration, offsetFromClocks, rowUrgency, secondsLeft, serverOffset, sortBoard, URGENCY_COLORS, urgencyOf, worstUrgency } from './clock.ts';

const NOW = Date.parse('2026-06-01T02:00:00Z');
const at = (seconds: number) => new Date(NOW + seconds * 1000).toISOString();

function item(over: Partial<BoardItem>): BoardItem {
  return {
    id: 1,
    status: 'received',
    source: 'phone',
    channels: ['phone'],
    type: 'trapped',
    tier: null,
    assignedOrg: null,
    registrationCode: '31103701002019000001',
    address: '',
    regionCode: '370102',
    trapped: 1,
    receivedAt: at(-60),
    breaches: [],
    repeatOf: null,
    longitude: null,
    latitude: null,
    clocks: [],
    urgency: 'normal',
    ...over,
  };
}

describe('countdown formatting', () => {
  it('formats minutes and seconds, hours from an hour up', () => {
    expect(formatDuration(0)).toBe('00:00');
    expect(formatDuration(59.9)).toBe('00:59');
    expect(formatDuration(180)).toBe('03:00');
    expect(formatDuration(1799)).toBe('29:59');
    expect(formatDuration(3600)).toBe('1:00:00');
    expect(formatDuration(3725)).toBe('1:02:05');
    expect(formatDuration(-5)).toBe('00:00');
  });

  it('rounds the time left up and the time over down, so 00:00 is never shown as in time', () => {
    expect(countdown(179.2)).toEqual({ overdue: false, text: '03:00' });
    expect(countdown(0.2)).toEqual({ overdue: false, text: '00:01' });
    expect(countdown(0)).toEqual({ overdue: true, text: '00:00' });
    expect(countdown(-65.7)).toEqual({ overdue: true, text: '01:05' });
  });
});

describe('server time', () => {
  it('corrects the browser clock by the server offset', () => {
    const clientNow = NOW - 4000; // the browser is 4 s behind
    const offset = serverOffset(new Date(NOW).toISOString(), clientNow);
    expect(offset).toBe(4000);
    expect(secondsLeft(at(180), clientNow + offset)).toBe(180);
    expect(serverOffset('not a date', clientNow)).toBe(0);
  });

  it('reads the offset from a detail’s clocks when there is no server time', () => {
    const clientNow = NOW + 2000; // the browser is 2 s ahead
    expect(offsetFromClocks([{ dueAt: at(300), remainingSeconds: 300 }], clientNow)).toBe(-2000);
    expect(offsetFromClocks([], clientNow)).toBe(0);
  });
});

describe('urgency', () => {
  it('follows the server rule: breached, under a fifth critical, under half warning', () => {
    expect(urgencyOf(181, 180)).toBe('normal');
    expect(urgencyOf(90, 180)).toBe('normal');
    expect(urgencyOf(89, 180)).toBe('warning');
    expect(urgencyOf(36, 180)).toBe('warning');
    expect(urgencyOf(35, 180)).toBe('critical');
    expect(urgencyOf(0.5, 180)).toBe('critical');
    expect(urgencyOf(0, 180)).toBe('breached');
    expect(urgencyOf(-10, 1800)).toBe('breached');
  });

  it('colours breached red, critical orange, warning gold', () => {
    expect(URGENCY_COLORS.breached).toBe('#cf1322');
    expect(URGENCY_COLORS.critical).toBe('#fa541c');
    expect(URGENCY_COLORS.warning).toBe('#faad14');
    expect(worstUrgency(['normal', 'warning', 'critical'])).toBe('critical');
    expect(worstUrgency([])).toBe('normal');
  });

  it('takes a row’s worst running clock as it ticks, and keeps a breached row red with no clock left', () => {
    const row = item({
      clocks: [
        { kind: 'dispatch', dueAt: at(100), legSeconds: 180, remainingSeconds: 100, urgency: 'normal' },
        { kind: 'arrive', dueAt: at(1700), legSeconds: 1800, remainingSeconds: 1700, urgency: 'normal' },
      ],
    });
    expect(rowUrgency(row, NOW)).toBe('normal');
    expect(rowUrgency(row, NOW + 20_000)).toBe('warning');
    expect(rowUrgency(row, NOW + 70_000)).toBe('critical');
    expect(rowUrgency(row, NOW + 100_000)).toBe('breached');
    expect(rowUrgency(item({ breaches: ['accept'] }), NOW)).toBe('breached');
    expect(rowUrgency(item({}), NOW)).toBe('normal');
  });

  it('orders the board most urgent first, then oldest call first', () => {
    const clock = (s: number) => [{ kind: 'dispatch' as const, dueAt: at(s), legSeconds: 180, remainingSeconds: s, urgency: 'normal' as const }];
    const calm = item({ id: 1, receivedAt: at(-10), clocks: clock(170) });
    const older = item({ id: 2, receivedAt: at(-100), clocks: clock(170) });
    const hot = item({ id: 3, receivedAt: at(-5), clocks: clock(20) });
    const late = item({ id: 4, receivedAt: at(-1), breaches: ['arrive'] });
    expect(sortBoard([calm, older, hot, late], NOW).map((i) => i.id)).toEqual([4, 3, 2, 1]);
  });
});
