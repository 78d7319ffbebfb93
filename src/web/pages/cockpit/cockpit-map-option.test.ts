import { describe, expect, it } from 'vitest';
import type { GeoCollection } from '../../api/iot.types.ts';
import { cockpitMapOption, shown } from './cockpit-map-option.ts';

const geo = {
  type: 'FeatureCollection',
  features: [
    { type: 'Feature', properties: { code: '370102', name: '历下区' }, geometry: { type: 'Polygon', coordinates: [] } },
    { type: 'Feature', properties: { code: '370103', name: '市中区' }, geometry: { type: 'Polygon', coordinates: [] } },
    { type: 'Feature', properties: { code: '370104', name: '槐荫区' }, geometry: { type: 'Polygon', coordinates: [] } },
  ],
} as unknown as GeoCollection;

describe('cockpit map option', () => {
  it('colours each outline by its region’s value, keyed by code; a region missing from the figures has none', () => {
    const option = cockpitMapOption('m', geo, { metric: 'inspectionOverdue', level: 'county', cityCode: '370100', items: [{ regionCode: '370102', name: '历下区', value: 4 }, { regionCode: '370103', name: '市中区', value: 0 }] }, '逾期未检') as {
      series: { data: { name: string; value: number | string }[] }[];
      visualMap: { max: number };
    };
    expect(option.series[0].data).toEqual([{ name: '370102', value: 4 }, { name: '370103', value: 0 }, { name: '370104', value: '-' }]);
    expect(option.visualMap.max).toBe(4);
  });

  it('shows numbers as they are and a dash for what ECharts passes for no figure', () => {
    expect(shown(0)).toBe('0');
    expect(shown(12)).toBe('12');
    expect(shown(Number.NaN)).toBe('-');
    expect(shown('-')).toBe('-');
  });
});
