import type { FaultStats } from '../../api/manufacturers.types.ts';

export const RISK_STATUSES = ['open', 'controlled', 'closed'] as const;
export const RISK_COLOR: Record<(typeof RISK_STATUSES)[number], string> = { open: 'red', controlled: 'orange', closed: 'green' };

/** YYYY-MM of `date` shifted by `months`. */
export function monthOf(date: Date, months = 0): string {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1));
  return d.toISOString().slice(0, 7);
}

/**
 * Bar series for the chart: one series per fault code (the `top` most frequent; the rest summed as `other`),
 * values per month as faults per 100 elevators summed over the models shown.
 */
export function chartSeries(stats: FaultStats, top = 6, otherLabel = 'other'): { months: string[]; series: { name: string; data: number[] }[] } {
  const totals = new Map<string, number>();
  for (const r of stats.rows) totals.set(r.code, (totals.get(r.code) ?? 0) + r.faults);
  const codes = [...totals.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([c]) => c);
  const shown = codes.slice(0, top);
  const names = codes.length > top ? [...shown, otherLabel] : shown;
  const series = names.map((name) => ({
    name,
    data: stats.months.map((m) => Math.round(stats.rows.filter((r) => r.month === m && (name === otherLabel ? !shown.includes(r.code) : r.code === name)).reduce((s, r) => s + r.per100, 0) * 100) / 100),
  }));
  return { months: stats.months, series };
}
