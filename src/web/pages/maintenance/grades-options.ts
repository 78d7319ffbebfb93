import type { EChartsCoreOption } from 'echarts/core';
import type { CompanyGrade } from '../../api/maintenance.types.ts';

const GRADE_COLOR: Record<string, string> = { A: '#52c41a', B: '#1677ff', C: '#faad14', D: '#f5222d' };

/** The top `n` companies by score (the API returns them ranked; ties by name), best at the top of a horizontal bar. */
export function topByScore(items: readonly CompanyGrade[], n = 20): CompanyGrade[] {
  return [...items].sort((a, b) => b.score - a.score || a.name.localeCompare(b.name)).slice(0, n);
}

/** Horizontal bar of score by company (top 20), coloured by grade. */
export function gradesChartOption(items: readonly CompanyGrade[], n = 20): EChartsCoreOption {
  const top = topByScore(items, n).reverse();
  return {
    grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', min: 0, max: 100 },
    yAxis: { type: 'category', data: top.map((i) => i.name), axisLabel: { width: 220, overflow: 'truncate' } },
    series: [
      {
        type: 'bar',
        data: top.map((i) => ({ value: i.score, itemStyle: { color: GRADE_COLOR[i.grade] ?? '#8c8c8c' } })),
        label: { show: true, position: 'right' },
        barMaxWidth: 18,
      },
    ],
  };
}
