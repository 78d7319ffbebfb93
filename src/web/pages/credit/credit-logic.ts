import type { EChartsCoreOption } from 'echarts/core';
import type { CreditGrade, ScorePoint } from '../../api/credit.types.ts';
import { t } from '../../i18n.ts';

export const GRADE_COLOR: Record<CreditGrade, string> = { A: 'green', B: 'blue', C: 'orange', D: 'red' };

/** "+5" / "−20" / "0" for a points column. */
export function pointsText(points: number): string {
  if (points > 0) return `+${points}`;
  if (points < 0) return `−${Math.abs(points)}`;
  return '0';
}

/**
 * The score over time as a step line: a point at 100 before the first change (every file starts there), then one
 * point per change; the grade boundaries as dashed lines.
 */
export function historyOption(history: readonly ScorePoint[]): EChartsCoreOption {
  const points = history.map((h) => [h.at.slice(0, 10), h.score] as [string, number]);
  if (points.length) points.unshift([points[0]![0], 100]);
  return {
    grid: { left: 40, right: 20, top: 20, bottom: 30 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'time' },
    yAxis: { type: 'value', min: 0, max: 110 },
    series: [
      {
        type: 'line',
        name: t('web.credit.file.score'),
        step: 'end',
        data: points,
        markLine: { symbol: 'none', silent: true, lineStyle: { type: 'dashed' }, data: [90, 75, 60].map((y) => ({ yAxis: y })) },
      },
    ],
  };
}
