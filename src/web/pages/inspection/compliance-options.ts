import type { EChartsCoreOption } from 'echarts/core';
import type { Compliance } from '../../api/inspection.types.ts';

/** A rate (0..1) as a percentage with one decimal; null (nothing to divide by) as a dash. */
export function formatPct(rate: number | null | undefined): string {
  if (rate === null || rate === undefined) return '—';
  return `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

/** Stacked bars by region: overdue, due within 30 days, the rest of the scheduled elevators. */
export function regionBarOption(rows: Compliance['byRegion'], labels: { overdue: string; soon: string; onTime: string }): EChartsCoreOption {
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 8, right: 8, bottom: 8, top: 36, containLabel: true },
    xAxis: { type: 'category', data: rows.map((r) => r.name), axisLabel: { interval: 0, rotate: rows.length > 8 ? 30 : 0 } },
    yAxis: { type: 'value' },
    series: [
      { name: labels.overdue, type: 'bar', stack: 'all', itemStyle: { color: '#cf1322' }, data: rows.map((r) => r.overdue) },
      { name: labels.soon, type: 'bar', stack: 'all', itemStyle: { color: '#faad14' }, data: rows.map((r) => r.dueIn30Days) },
      { name: labels.onTime, type: 'bar', stack: 'all', itemStyle: { color: '#52c41a' }, data: rows.map((r) => Math.max(0, r.scheduled - r.overdue - r.dueIn30Days)) },
    ],
  };
}
