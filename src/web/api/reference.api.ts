import { request } from './http.ts';
import type { Region, RegistryMeta } from './types.ts';

/** GET /api/regions: province, cities, counties and development zones. */
export function listRegions(): Promise<{ items: Region[] }> {
  return request('/api/regions');
}

/** GET /api/meta/registry: categories, statuses, place types and import columns. */
export function getRegistryMeta(): Promise<RegistryMeta> {
  return request('/api/meta/registry');
}
