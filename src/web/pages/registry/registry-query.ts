import type { ElevatorFilters, ElevatorListQuery, ElevatorSort } from '../../api/elevators.api.ts';

/** Everything the registry page shows, as kept in the URL query string. */
export interface RegistryQuery extends ElevatorFilters {
  sort: ElevatorSort;
  order: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

export const DEFAULT_QUERY: RegistryQuery = { sort: 'registrationCode', order: 'asc', page: 1, pageSize: 20 };
export const PAGE_SIZES = [10, 20, 50, 100];

const STATUSES = ['IN_USE', 'STOPPED', 'SCRAPPED', 'CANCELLED', 'UNREGISTERED'];
const PLACE_TYPES = ['RESIDENTIAL', 'SCHOOL', 'HOSPITAL', 'MALL', 'TRANSPORT', 'OFFICE', 'HOTEL', 'INDUSTRIAL', 'OTHER'];
const SORTS: ElevatorSort[] = ['registrationCode', 'commissioningDate', 'updatedAt', 'regionCode'];
const FILTER_KEYS = ['regionCode', 'status', 'category', 'placeType', 'useUnitId', 'maintenanceOrgId', 'minAge', 'maxAge', 'q'] as const;

function int(value: string | null, min: number, max: number): number | undefined {
  if (value === null || !/^\d+$/.test(value)) return undefined;
  const n = Number(value);
  return n >= min && n <= max ? n : undefined;
}

function match(value: string | null, pattern: RegExp): string | undefined {
  return value !== null && pattern.test(value) ? value : undefined;
}

function oneOf<T extends string>(value: string | null, allowed: readonly T[]): T | undefined {
  return allowed.find((a) => a === value);
}

/**
 * URL → query. Anything malformed (a hand-edited or stale link) is dropped rather than sent to the
 * server, so the page always loads.
 */
export function parseRegistryQuery(params: URLSearchParams): RegistryQuery {
  const q = params.get('q')?.trim().slice(0, 100);
  const parsed: RegistryQuery = {
    regionCode: match(params.get('regionCode'), /^\d{6}$/),
    status: oneOf(params.get('status'), STATUSES),
    category: match(params.get('category'), /^\d{4}$/),
    placeType: oneOf(params.get('placeType'), PLACE_TYPES),
    useUnitId: int(params.get('useUnitId'), 1, Number.MAX_SAFE_INTEGER),
    maintenanceOrgId: int(params.get('maintenanceOrgId'), 1, Number.MAX_SAFE_INTEGER),
    minAge: int(params.get('minAge'), 0, 100),
    maxAge: int(params.get('maxAge'), 0, 100),
    q: q || undefined,
    sort: oneOf(params.get('sort'), SORTS) ?? DEFAULT_QUERY.sort,
    order: oneOf(params.get('order'), ['asc', 'desc'] as const) ?? DEFAULT_QUERY.order,
    page: int(params.get('page'), 1, 100000) ?? DEFAULT_QUERY.page,
    pageSize: PAGE_SIZES.find((s) => String(s) === params.get('pageSize')) ?? DEFAULT_QUERY.pageSize,
  };
  return strip(parsed);
}

/** Query → URL: only what differs from the defaults, in a stable order (shareable, bookmarkable links). */
export function toSearchParams(query: RegistryQuery): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const v = query[key];
    if (v !== undefined && v !== '') params.set(key, String(v));
  }
  for (const key of ['sort', 'order', 'page', 'pageSize'] as const) {
    if (query[key] !== DEFAULT_QUERY[key]) params.set(key, String(query[key]));
  }
  return params;
}

/** The filter part only (for facets and export). */
export function filtersOf(query: RegistryQuery): ElevatorFilters {
  const out: ElevatorFilters = {};
  for (const key of FILTER_KEYS) if (query[key] !== undefined) Object.assign(out, { [key]: query[key] });
  return out;
}

/** The list request: filters, sort and page. */
export function listQueryOf(query: RegistryQuery): ElevatorListQuery {
  return { ...filtersOf(query), sort: query.sort, order: query.order, page: query.page, pageSize: query.pageSize };
}

/** Changing any filter goes back to page 1. */
export function withFilters(query: RegistryQuery, patch: Partial<ElevatorFilters>): RegistryQuery {
  return strip({ ...query, ...patch, page: 1 });
}

/** Registry link for a dashboard drill-down, e.g. `/elevators?regionCode=370100`. */
export function registryLink(filters: ElevatorFilters): string {
  const s = toSearchParams({ ...DEFAULT_QUERY, ...filters }).toString();
  return s ? `/elevators?${s}` : '/elevators';
}

function strip(query: RegistryQuery): RegistryQuery {
  const out = { ...query };
  for (const key of FILTER_KEYS) if (out[key] === undefined || out[key] === '') delete out[key];
  return out;
}
