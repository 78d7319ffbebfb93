import { CONCLUSIONS, type Conclusion, type ReportQuery } from '../../api/inspection.types.ts';

export const PAGE_SIZES = ['20', '50', '100'];
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export type ReportListQuery = Required<Pick<ReportQuery, 'page' | 'pageSize'>> & ReportQuery;

/** The report list's filters and page as kept in the URL (`?id=` opens a report); anything malformed is dropped. */
export function parseReportQuery(params: URLSearchParams): ReportListQuery {
  const str = (k: string) => params.get(k)?.trim() || undefined;
  const conclusion = str('conclusion') as Conclusion | undefined;
  const flagged = str('flagged');
  const from = str('from');
  const to = str('to');
  const region = str('regionCode');
  const page = Number(params.get('page'));
  const pageSize = Number(params.get('pageSize'));
  return {
    registrationCode: str('registrationCode'),
    conclusion: conclusion && CONCLUSIONS.includes(conclusion) ? conclusion : undefined,
    flagged: flagged === 'true' || flagged === 'false' ? flagged : undefined,
    regionCode: region && /^\d{2,6}$/.test(region) ? region : undefined,
    from: from && DAY.test(from) ? from : undefined,
    to: to && DAY.test(to) ? to : undefined,
    page: Number.isInteger(page) && page > 0 ? page : 1,
    pageSize: PAGE_SIZES.includes(String(pageSize)) ? pageSize : 20,
  };
}

/** Back to URL parameters: defaults and empty filters left out; `id` opens the report drawer. */
export function reportSearchParams(query: Partial<ReportListQuery>, openId?: number): URLSearchParams {
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
