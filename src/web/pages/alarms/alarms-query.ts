import type { AlarmQuery } from '../../api/iot.types.ts';

export const PAGE_SIZES = ['20', '50', '100'];

/** The alarm list's filters and page as kept in the URL (so a link can name them, e.g. from the elevator page). */
export function parseAlarmQuery(params: URLSearchParams): Required<Pick<AlarmQuery, 'page' | 'pageSize'>> & AlarmQuery {
  const str = (k: string) => params.get(k)?.trim() || undefined;
  const status = str('status');
  const ack = str('acknowledged');
  const region = str('regionCode');
  const page = Number(params.get('page'));
  const pageSize = Number(params.get('pageSize'));
  return {
    registrationCode: str('registrationCode'),
    status: status === 'active' || status === 'cleared' ? status : undefined,
    type: str('type'),
    severity: str('severity'),
    acknowledged: ack === 'true' ? true : ack === 'false' ? false : undefined,
    regionCode: region && /^\d{2,6}$/.test(region) ? region : undefined,
    page: Number.isInteger(page) && page > 0 ? page : 1,
    pageSize: PAGE_SIZES.includes(String(pageSize)) ? pageSize : 20,
  };
}

/** Back to URL parameters: defaults and empty filters are left out. */
export function alarmSearchParams(query: AlarmQuery, openId?: number): URLSearchParams {
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
