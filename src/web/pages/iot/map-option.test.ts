import { describe, expect, it } from 'vitest';
import type { GeoCollection, MapRegion } from '../../api/iot.types.ts';
import { codeKey, mapOption, regionTooltip } from './map-option.ts';

const geo: GeoCollection = {
  type: 'FeatureCollection',
  features: [
    { type: 'Feature', properties: { code: '370100', name: '济南市' }, geometry: null },
    { type: 'Feature', properties: { code: '370200', name: '青岛市' }, geometry: null },
  ],
};
const jinan: MapRegion = { regionCode: '3701', name: '济南市', monitored: 40, online: 35, onlineRate: 0.875, activeAlarms: 2, faultsToday: 5 };

describe('map option', () => {
  it('treats 3701 and 370100 as the same city', () => {
    expect(codeKey('370100')).toBe(codeKey('3701'));
    expect(codeKey('370102')).not.toBe(codeKey('3701'));
  });

  it('colours regions by online rate in percent and leaves unmonitored ones without a value', () => {
    const option = mapOption('sd', geo, [jinan]) as { series: { map: string; nameProperty: string; data: { name: string; value: number | string }[] }[] };
    expect(option.series[0].map).toBe('sd');
    expect(option.series[0].nameProperty).toBe('code');
    expect(option.series[0].data.map((d) => [d.name, d.value])).toEqual([
      ['370100', 87.5],
      ['370200', '-'],
    ]);
  });

  it('explains a region in its tooltip', () => {
    expect(regionTooltip('济南市', jinan)).toBe('<b>济南市</b><br/>监测终端：40 台<br/>在线：35 台（87.5%）<br/>活跃告警：2 条<br/>今日故障：5 次');
    expect(regionTooltip('<青岛>', undefined)).toBe('<b>&#60;青岛&#62;</b><br/>暂无监测终端');
  });
});
