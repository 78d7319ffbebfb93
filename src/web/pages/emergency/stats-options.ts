import type { EChartsCoreOption } from 'echarts/core';
import type { Cause, EmergencyReport } from '../../api/emergency.types.ts';
import { CAUSES } from '../../api/emergency.types.ts';
import { enumLabel, t } from '../../i18n.ts';

/** The calendar quarter a day (YYYY-MM-DD) is in, first and last day: the period Shandong cities publish. */
export function quarterOf(day: string): { from: string; to: string } {
  const [y, m] = day.split('-').map(Number);
  const first = Math.floor((m - 1) / 3) * 3 + 1;
  const last = first + 2;
  const lastDay = new Date(Date.UTC(y, last, 0)).getUTCDate();
  const pad = (n: number) => String(n).padStart(2, '0');
  return { from: `${y}-${pad(first)}-01`, to: `${y}-${pad(last)}-${pad(lastDay)}` };
}

/** A rate 0–1 as a percentage with two decimals (99.47%), or — when there is nothing to count. */
export function formatRate(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? t('web.common.none') : `${(Math.round(rate * 10_000) / 100).toFixed(2)}%`;
}

/** Minutes with one decimal, or —. */
export function formatMinutes(v: number | null | undefined): string {
  return v === null || v === undefined ? t('web.common.none') : (Math.round(v * 10) / 10).toFixed(1);
}

/** Arrival buckets ('30-35', '60+') past the 30-minute mark. */
export function isLateBucket(bucket: string): boolean {
  return Number.parseInt(bucket, 10) >= 30;
}

export const CAUSE_COLORS: Record<Cause, string> = {
  human: '#fa8c16',
  external: '#1677ff',
  door_system: '#722ed1',
  equipment: '#cf1322',
  other: '#8c8c8c',
};

const grid = { left: 48, right: 16, top: 32, bottom: 48 };

/** Incidents and entrapments by region (one level down from the filter). */
export function regionOption(r: EmergencyReport): EChartsCoreOption {
  const rows = [...r.byRegion].sort((a, b) => b.incidents - a.incidents);
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { ...grid, bottom: 72 },
    xAxis: { type: 'category', data: rows.map((x) => x.name), axisLabel: { interval: 0, rotate: rows.length > 8 ? 40 : 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: t('web.emergency.stats.incidentsSeries'), type: 'bar', barMaxWidth: 28, itemStyle: { color: '#91caff' }, data: rows.map((x) => x.incidents) },
      { name: t('web.emergency.stats.trappedSeries'), type: 'bar', barMaxWidth: 28, itemStyle: { color: '#ff7875' }, data: rows.map((x) => x.trappedIncidents) },
    ],
  };
}

/** Causes of the period's incidents as a donut (slices in the catalogue's order, empty ones left out). */
export function causeOption(byCause: Record<Cause, number>): EChartsCoreOption {
  return {
    tooltip: { trigger: 'item', formatter: '{b}：{c}（{d}%）' },
    legend: { type: 'scroll', bottom: 0 },
    series: [
      {
        type: 'pie',
        radius: ['38%', '66%'],
        center: ['50%', '44%'],
        label: { formatter: '{b}\n{d}%' },
        data: CAUSES.filter((c) => byCause[c] > 0).map((c) => ({ name: enumLabel('cause', c), value: byCause[c], itemStyle: { color: CAUSE_COLORS[c] } })),
      },
    ],
  };
}

/** Calls by hour of the day; the busiest hours stand out. */
export function hourOption(byHour: EmergencyReport['byHour']): EChartsCoreOption {
  const max = Math.max(0, ...byHour.map((h) => h.incidents));
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid,
    xAxis: { type: 'category', data: byHour.map((h) => t('web.emergency.stats.hour', { h: h.hour })) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        name: t('web.emergency.stats.incidentsSeries'),
        type: 'bar',
        barMaxWidth: 22,
        data: byHour.map((h) => ({ value: h.incidents, itemStyle: { color: max > 0 && h.incidents >= max * 0.75 ? '#fa541c' : '#69b1ff' } })),
      },
      { name: t('web.emergency.stats.trappedSeries'), type: 'line', smooth: true, symbol: 'none', itemStyle: { color: '#cf1322' }, data: byHour.map((h) => h.trapped) },
    ],
  };
}

/** Incidents and entrapments by month. */
export function monthOption(byMonth: EmergencyReport['byMonth']): EChartsCoreOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid,
    xAxis: { type: 'category', data: byMonth.map((m) => m.month) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: t('web.emergency.stats.incidentsSeries'), type: 'line', data: byMonth.map((m) => m.incidents), itemStyle: { color: '#1677ff' } },
      { name: t('web.emergency.stats.trappedSeries'), type: 'line', data: byMonth.map((m) => m.trapped), itemStyle: { color: '#cf1322' } },
    ],
  };
}

/** Time from call to arrival in 5-minute buckets; buckets past the 30-minute mark in red. */
export function histogramOption(hist: EmergencyReport['arrivalHistogram']): EChartsCoreOption {
  return {
    tooltip: { trigger: 'axis' },
    grid: { ...grid, top: 16 },
    xAxis: { type: 'category', name: t('web.emergency.stats.histogramAxis'), nameLocation: 'middle', nameGap: 30, data: hist.map((h) => h.bucket) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        type: 'bar',
        barMaxWidth: 36,
        data: hist.map((h) => ({ value: h.incidents, itemStyle: { color: isLateBucket(h.bucket) ? '#cf1322' : '#52c41a' } })),
      },
    ],
  };
}
