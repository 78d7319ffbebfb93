import { download, request, type Query } from './http.ts';
import type { Elevator, ElevatorInput, ElevatorListItem, Facets, Page, StatusChange } from './types.ts';

/** Filters shared by the list, the facets and the export. */
export interface ElevatorFilters {
  regionCode?: string;
  status?: string;
  category?: string;
  placeType?: string;
  useUnitId?: number;
  maintenanceOrgId?: number;
  minAge?: number;
  maxAge?: number;
  q?: string;
}

export type ElevatorSort = 'registrationCode' | 'commissioningDate' | 'updatedAt' | 'regionCode';

export interface ElevatorListQuery extends ElevatorFilters {
  sort?: ElevatorSort;
  order?: 'asc' | 'desc';
  page?: number;
  pageSize?: number;
}

const path = (code: string) => `/api/elevators/${encodeURIComponent(code)}`;

/** GET /api/elevators: one page of the registry. */
export function listElevators(query: ElevatorListQuery): Promise<Page<ElevatorListItem>> {
  return request('/api/elevators', { query: query as Query });
}

/** GET /api/elevators/facets: counts by city, county, category, status, place type and age. */
export function getFacets(filters: ElevatorFilters): Promise<Facets> {
  return request('/api/elevators/facets', { query: filters as Query });
}

/** GET /api/elevators/export: saves the filtered registry as CSV or XLSX. */
export function exportElevators(format: 'csv' | 'xlsx', filters: ElevatorFilters, fileName: string): Promise<void> {
  return download('/api/elevators/export', { format, ...(filters as Query) }, `${fileName}.${format}`);
}

/** GET /api/elevators/:registrationCode: the full record with its status history. */
export function getElevator(code: string): Promise<Elevator> {
  return request(path(code));
}

/** POST /api/elevators: registers a new elevator. */
export function createElevator(input: ElevatorInput): Promise<Elevator> {
  return request('/api/elevators', { method: 'POST', body: input });
}

/** PUT /api/elevators/:registrationCode: edits a record; `version` guards against lost updates (409). */
export function updateElevator(code: string, input: ElevatorInput): Promise<Elevator> {
  return request(path(code), { method: 'PUT', body: input });
}

/** POST /api/elevators/:registrationCode/status: 在用/停用/报废/注销 transitions. */
export function changeStatus(code: string, change: StatusChange): Promise<Elevator> {
  return request(`${path(code)}/status`, { method: 'POST', body: change });
}

/** URL of the QR code image (no auth needed) pointing to the public page. */
export function qrUrl(code: string, format: 'svg' | 'png' = 'svg'): string {
  return `${path(code)}/qr.${format}`;
}
