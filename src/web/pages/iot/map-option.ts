import type { EChartsCoreOption } from 'echarts/core';
import type { GeoCollection, MapRegion } from '../../api/iot.types.ts';
import { t } from '../../i18n.ts';

/** Region codes as keys: `3701`, `370100` and `3701000000` name the same city. */
export function codeKey(code: string): string {
  return code.replace(/0+$/, '') || code;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const percent = (rate: number) => `${(rate * 100).toFixed(1)}%`;

/** Tooltip text of one region (HTML: ECharts renders it as such, so names are escaped). */
export function regionTooltip(name: string, r: MapRegion | undefined): string {
  const lines = [`<b>${escape(name)}</b>`];
  if (!r || r.monitored === 0) lines.push(t('web.iot.tipNone'));
  else {
    lines.push(
      t('web.iot.tipMonitored', { n: r.monitored }),
      t('web.iot.tipOnline', { n: r.online, rate: percent(r.onlineRate) }),
      t('web.iot.tipAlarms', { n: r.activeAlarms }),
      t('web.iot.tipFaults', { n: r.faultsToday }),
    );
  }
  return lines.join('<br/>');
}

/**
 * A choropleth of the regions in `geo` coloured by online rate (red 0 % → green 100 %); regions without
 * monitored terminals stay grey. Data items are keyed by the feature's own `code` (series `nameProperty`).
 */
export function mapOption(mapName: string, geo: GeoCollection, stats: MapRegion[]): EChartsCoreOption {
  const byKey = new Map(stats.map((r) => [codeKey(r.regionCode), r]));
  const names = new Map(geo.features.map((f) => [String(f.properties.code), String(f.properties.name)]));
  const data = geo.features.map((f) => {
    const code = String(f.properties.code);
    const r = byKey.get(codeKey(code));
    return { name: code, value: r && r.monitored > 0 ? Math.round(r.onlineRate * 1000) / 10 : '-', region: r };
  });
  return {
    tooltip: {
      trigger: 'item',
      formatter: (p: { name: string; data?: { region?: MapRegion } }) => regionTooltip(names.get(p.name) ?? p.name, p.data?.region),
    },
    visualMap: {
      type: 'continuous',
      min: 0,
      max: 100,
      left: 8,
      bottom: 8,
      text: [t('web.iot.mapHigh'), t('web.iot.mapLow')],
      calculable: false,
      inRange: { color: ['#cf1322', '#faad14', '#52c41a'] },
      formatter: (v: number) => `${Math.round(v)}%`,
    },
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
        label: { show: true, fontSize: 11, color: '#262626', formatter: (p: { name: string }) => names.get(p.name) ?? p.name },
        itemStyle: { areaColor: '#f0f0f0', borderColor: '#8c8c8c', borderWidth: 0.8 },
        emphasis: { label: { show: true }, itemStyle: { areaColor: '#91caff' } },
        data,
      },
    ],
  };
}
