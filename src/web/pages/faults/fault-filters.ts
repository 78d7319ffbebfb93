import type { Dayjs } from 'dayjs';
import type { FaultQuery } from '../../api/iot.types.ts';
import { dayjs, DISPLAY_TZ } from '../../components/format.ts';

export interface FaultFilterState {
  registrationCode?: string;
  type?: string;
  /** Calendar days in China Standard Time, both included. */
  range?: [Dayjs, Dayjs];
}

/** The last 30 days, today included. */
export function defaultRange(now = dayjs()): [Dayjs, Dayjs] {
  const today = now.tz(DISPLAY_TZ);
  return [today.subtract(29, 'day').startOf('day'), today.startOf('day')];
}

/**
 * Query parameters: the range as instants, from the first day's 00:00 up to (not including) the day after the
 * last one, Shanghai time, whatever the browser's zone.
 */
export function faultFilters(f: FaultFilterState): Omit<FaultQuery, 'page' | 'pageSize'> {
  const day = (d: Dayjs) => dayjs.tz(d.format('YYYY-MM-DD'), DISPLAY_TZ);
  return {
    registrationCode: f.registrationCode?.trim() || undefined,
    type: f.type,
    from: f.range ? day(f.range[0]).toISOString() : undefined,
    to: f.range ? day(f.range[1]).add(1, 'day').toISOString() : undefined,
  };
}

/** Day counts for every day of the range (days without faults as 0; the server lists only days with some). */
export function fillDays(items: { key: string; count: number }[], range: [Dayjs, Dayjs] | undefined): { key: string; count: number }[] {
  const sorted = [...items].sort((a, b) => a.key.localeCompare(b.key));
  if (!range) return sorted;
  const counts = new Map(sorted.map((i) => [i.key, i.count]));
  const out: { key: string; count: number }[] = [];
  const last = range[1].format('YYYY-MM-DD');
  for (let d = dayjs(range[0].format('YYYY-MM-DD')), n = 0; n < 1000; d = d.add(1, 'day'), n++) {
    const key = d.format('YYYY-MM-DD');
    out.push({ key, count: counts.get(key) ?? 0 });
    counts.delete(key);
    if (key >= last) break;
  }
  // Anything outside the range (should not happen) is kept rather than hidden.
  return [...out, ...[...counts].map(([key, count]) => ({ key, count }))].sort((a, b) => a.key.localeCompare(b.key));
}
