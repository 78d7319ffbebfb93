import type { EChartsCoreOption } from 'echarts/core';
import type { BoardItem, Urgency } from '../../api/emergency.types.ts';
import type { GeoCollection } from '../../api/iot.types.ts';
import { enumLabel, t } from '../../i18n.ts';
import { URGENCY_COLORS } from './clock.ts';

export interface MapPoint {
  id: number;
  lon: number;
  lat: number;
  urgency: Urgency;
  label: string;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Board rows with a location, as map points with their urgency now; the rest are counted apart. */
export function mapPoints(items: BoardItem[], urgencyOf: (item: BoardItem) => Urgency): { points: MapPoint[]; missing: number } {
  const points: MapPoint[] = [];
  let missing = 0;
  for (const i of items) {
    if (i.longitude === null || i.latitude === null) {
      missing++;
      continue;
    }
    const people = i.trapped ? ` · ${t('web.emergency.board.trappedPeople', { n: i.trapped })}` : '';
    points.push({
      id: i.id,
      lon: i.longitude,
      lat: i.latitude,
      urgency: urgencyOf(i),
      label: `#${i.id} ${enumLabel('incidentType', i.type)} · ${enumLabel('incidentStatus', i.status)}${people}<br/>${escape(i.address)}`,
    });
  }
  return { points, missing };
}

/** Which outline to draw: a city's counties for a city-wide (or county) viewer, the province's cities otherwise. */
export function mapScope(regionCode: string | undefined): { city?: string } {
  if (!regionCode || !/^\d{6}$/.test(regionCode) || regionCode.endsWith('0000')) return {};
  return { city: `${regionCode.slice(0, 4)}00` };
}

/**
 * The outlines (no tiles) with one point per open incident coloured by urgency: breached red, critical orange,
 * warning gold; breached and critical ones ripple. Point names are incident ids (for click-through).
 */
export function incidentMapOption(mapName: string, geo: GeoCollection, points: MapPoint[]): EChartsCoreOption {
  const names = new Map(geo.features.map((f) => [String(f.properties.code), String(f.properties.name)]));
  const hot = points.filter((p) => p.urgency === 'breached' || p.urgency === 'critical');
  const calm = points.filter((p) => p.urgency !== 'breached' && p.urgency !== 'critical');
  const data = (list: MapPoint[]) =>
    list.map((p) => ({ name: String(p.id), value: [p.lon, p.lat], label: p.label, urgency: p.urgency, itemStyle: { color: URGENCY_COLORS[p.urgency] } }));
  return {
    tooltip: {
      trigger: 'item',
      formatter: (p: { seriesType?: string; name: string; data?: { label?: string } }) => (p.data?.label ? p.data.label : (names.get(p.name) ?? p.name)),
    },
    geo: {
      map: mapName,
      nameProperty: 'code',
      roam: true,
      scaleLimit: { min: 1, max: 8 },
      top: 8,
      bottom: 8,
      left: 8,
      right: 8,
      label: { show: true, fontSize: 11, color: '#595959', formatter: (p: { name: string }) => names.get(p.name) ?? p.name },
      itemStyle: { areaColor: '#f5f7fa', borderColor: '#8c8c8c', borderWidth: 0.8 },
      emphasis: { label: { show: true }, itemStyle: { areaColor: '#e6f4ff' } },
      select: { disabled: true },
    },
    series: [
      { type: 'scatter', coordinateSystem: 'geo', symbolSize: 11, zlevel: 1, data: data(calm) },
      { type: 'effectScatter', coordinateSystem: 'geo', symbolSize: 14, zlevel: 2, rippleEffect: { scale: 3, brushType: 'stroke' }, data: data(hot) },
    ],
  };
}
