import type { EChartsCoreOption } from 'echarts/core';
import type { FacetBucket } from '../../api/types.ts';
import type { ElevatorFilters } from '../../api/elevators.api.ts';

/** Vertical bars, one per bucket; `key` is carried on each item for click-through. */
export function barOption(buckets: FacetBucket[], unit: string, color = '#1677ff'): EChartsCoreOption {
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v} ${unit}` },
    grid: { left: 48, right: 16, top: 24, bottom: 64 },
    xAxis: { type: 'category', data: buckets.map((b) => b.label), axisLabel: { interval: 0, rotate: buckets.length > 8 ? 40 : 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        type: 'bar',
        barMaxWidth: 36,
        itemStyle: { color, borderRadius: [3, 3, 0, 0] },
        data: buckets.map((b) => ({ value: b.count, key: b.key })),
      },
    ],
  };
}

/** A donut with a legend; slices carry their bucket key; small slices get no label (legend and tooltip name them). */
export function pieOption(buckets: FacetBucket[], unit: string, colors: Record<string, string> = {}): EChartsCoreOption {
  return {
    tooltip: { trigger: 'item', valueFormatter: (v: number) => `${v} ${unit}` },
    legend: { type: 'scroll', bottom: 0 },
    series: [
      {
        type: 'pie',
        radius: ['38%', '66%'],
        center: ['50%', '44%'],
        minShowLabelAngle: 12,
        label: { formatter: '{b}\n{d}%' },
        data: buckets.map((b) => ({ name: b.label, value: b.count, key: b.key, itemStyle: colors[b.key] ? { color: colors[b.key] } : undefined })),
      },
    ],
  };
}

/**
 * Age bucket key → registry age filter (whole years, both ends inclusive on the server):
 * 5年以下 → ≤4, 5–10年 → 5..9, …, 20年及以上 → ≥20.
 */
export function ageFilter(key: string): ElevatorFilters {
  switch (key) {
    case 'lt5':
      return { maxAge: 4 };
    case '5to10':
      return { minAge: 5, maxAge: 9 };
    case '10to15':
      return { minAge: 10, maxAge: 14 };
    case '15to20':
      return { minAge: 15, maxAge: 19 };
    case 'ge20':
      return { minAge: 20 };
    default:
      return {};
  }
}
