import type { EChartsCoreOption } from 'echarts/core';
import type { TierCounts } from '../../api/risk.types.ts';
import { OLD_TIERS } from '../../api/risk.types.ts';
import { t } from '../../i18n.ts';
import { tierKey } from './risk-logic.ts';

export const TIER_HEX = { '15': '#faad14', '20': '#f5222d', overspeed: '#722ed1' } as const;

/** One row of a summary table or chart: a region or a place type with its three counts. */
export type SummaryRow = TierCounts & { key: string; label: string };

/** Grouped bars, one group per row (region or place type) and one bar per tier; each item carries its row key for clicks. */
export function tierBarOption(rows: SummaryRow[], unit: string): EChartsCoreOption {
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v} ${unit}` },
    legend: { top: 0 },
    grid: { left: 56, right: 16, top: 36, bottom: 64 },
    xAxis: { type: 'category', data: rows.map((r) => r.label), axisLabel: { interval: 0, rotate: rows.length > 8 ? 40 : 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: OLD_TIERS.map((tier) => ({
      name: t(`web.risk.tierShort.${tier}`),
      type: 'bar',
      barMaxWidth: 18,
      itemStyle: { color: TIER_HEX[tier] },
      data: rows.map((r) => ({ value: r[tierKey(tier)], key: r.key })),
    })),
  };
}
