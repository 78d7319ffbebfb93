import type { IncidentQuery, IncidentSource, IncidentType } from '../../api/emergency.types.ts';

export const PAGE_SIZES = ['20', '50', '100'];
const SOURCES: IncidentSource[] = ['phone', 'app', 'qr', 'iot', 'import'];
const TYPES: IncidentType[] = ['trapped', 'fault', 'inquiry', 'complaint'];
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export type ListQuery = Required<Pick<IncidentQuery, 'page' | 'pageSize'>> & Omit<IncidentQuery, 'mine'>;

/** The incident list's filters and page as kept in the URL; anything malformed is dropped. */
export function parseIncidentQuery(params: URLSearchParams): ListQuery {
  const str = (k: string) => params.get(k)?.trim() || undefined;
  const status = str('status');
  const source = str('source') as IncidentSource | undefined;
  const type = str('type') as IncidentType | undefined;
  const from = str('from');
  const to = str('to');
  const region = str('regionCode');
  const page = Number(params.get('page'));
  const pageSize = Number(params.get('pageSize'));
  return {
    registrationCode: str('registrationCode'),
    status: status === 'open' || status === 'closed' ? status : undefined,
    source: source && SOURCES.includes(source) ? source : undefined,
    type: type && TYPES.includes(type) ? type : undefined,
    regionCode: region && /^\d{2,6}$/.test(region) ? region : undefined,
    from: from && DAY.test(from) ? from : undefined,
    to: to && DAY.test(to) ? to : undefined,
    page: Number.isInteger(page) && page > 0 ? page : 1,
    pageSize: PAGE_SIZES.includes(String(pageSize)) ? pageSize : 20,
  };
}

/** Back to URL parameters: defaults and empty filters left out; `id` opens the drawer. */
export function incidentSearchParams(query: Partial<ListQuery>, openId?: number): URLSearchParams {
  const out = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    if (k === 'page' && v === 1) continue;
    if (k === 'pageSize' && v === 20) continue;
    out.set(k, String(v));
  }
  if (openId !== undefined) out.set('id', String(openId));
  return out;
}
