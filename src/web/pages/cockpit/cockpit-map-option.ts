import type { EChartsCoreOption } from 'echarts/core';
import type { CockpitMap } from '../../api/cockpit.types.ts';
import type { GeoCollection } from '../../api/iot.types.ts';
import { codeKey } from '../iot/map-option.ts';

/** A region's value as shown: a number, or a dash where the map has no figure (ECharts passes NaN for '-'). */
export const shown = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? String(v) : '-');
const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A choropleth of one metric over the outlines in `geo` (white → deep red as the value grows, grey where the map
 * has no figure). Items are keyed by the feature's `code`, so a click names the region's code.
 */
export function cockpitMapOption(mapName: string, geo: GeoCollection, map: CockpitMap | undefined, metricLabel: string): EChartsCoreOption {
  const byKey = new Map((map?.items ?? []).map((i) => [codeKey(i.regionCode), i.value]));
  const names = new Map(geo.features.map((f) => [String(f.properties.code), String(f.properties.name)]));
  const data = geo.features.map((f) => {
    const code = String(f.properties.code);
    const value = byKey.get(codeKey(code));
    return { name: code, value: value ?? '-' };
  });
  const max = Math.max(1, ...(map?.items ?? []).map((i) => i.value));
  return {
    tooltip: {
      trigger: 'item',
      formatter: (p: { name: string; value?: number | string }) => `<b>${escape(names.get(p.name) ?? p.name)}</b><br/>${escape(metricLabel)}：${shown(p.value)}`,
    },
    visualMap: { type: 'continuous', min: 0, max, left: 8, bottom: 8, calculable: false, inRange: { color: ['#fff7e6', '#ffa940', '#cf1322'] } },
    series: [
      {
        type: 'map',
        map: mapName,
        nameProperty: 'code',
        roam: false,
        selectedMode: false,
        left: 56,
        right: 8,
        top: 8,
        bottom: 8,
        label: { show: true, fontSize: 11, color: '#262626', formatter: (p: { name: string; value?: number | string }) => `${names.get(p.name) ?? p.name}\n${shown(p.value)}` },
        itemStyle: { areaColor: '#f0f0f0', borderColor: '#8c8c8c', borderWidth: 0.8 },
        emphasis: { label: { show: true }, itemStyle: { areaColor: '#91caff' } },
        data,
      },
    ],
  };
}
