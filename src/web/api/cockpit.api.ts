import { request } from './http.ts';
import type { CockpitMap, Funding, MapMetric, PanelData, PanelKey } from './cockpit.types.ts';

/** GET /api/cockpit/<panel>: one panel's figures for the caller's scope, or a city/county inside it. */
export function getPanel<K extends PanelKey>(key: K, regionCode?: string): Promise<PanelData[K]> {
  return request(`/api/cockpit/${key}`, { query: { regionCode } });
}

/** GET /api/cockpit/map: one metric by city, or by county of a city. */
export function getCockpitMap(metric: MapMetric, regionCode?: string): Promise<CockpitMap> {
  return request('/api/cockpit/map', { query: { metric, regionCode } });
}

/** GET /api/departments/funding: renovation funding by source, subsidies by state. */
export function getFunding(regionCode?: string): Promise<Funding> {
  return request('/api/departments/funding', { query: { regionCode } });
}
