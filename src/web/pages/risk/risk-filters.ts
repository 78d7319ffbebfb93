import type { OldElevatorQuery, RankingQuery } from '../../api/risk.types.ts';
import { isTier } from './risk-logic.ts';

/**
 * The risk pages keep their filters in the URL (a link or a reload shows the same list). Readers drop unknown
 * values; writers leave out defaults and keep other parameters.
 */
const region = (p: URLSearchParams) => (/^\d{2,6}$/.test(p.get('regionCode') ?? '') ? p.get('regionCode')! : undefined);
const positive = (v: string | null, fallback: number, max: number) => {
  const n = Number(v);
  return Number.isInteger(n) && n >= 1 ? Math.min(n, max) : fallback;
};
const placeType = (p: URLSearchParams) => (/^[A-Z_]{1,20}$/.test(p.get('placeType') ?? '') ? p.get('placeType')! : undefined);

export type OldFilters = Required<Pick<OldElevatorQuery, 'tier' | 'sort' | 'page' | 'pageSize'>> & Pick<OldElevatorQuery, 'regionCode' | 'placeType' | 'useUnitId'>;

export function oldFiltersFromParams(p: URLSearchParams): OldFilters {
  const tier = p.get('tier');
  return {
    tier: isTier(tier) ? tier : '15',
    sort: p.get('sort') === 'risk' ? 'risk' : 'age',
    regionCode: region(p),
    placeType: placeType(p),
    useUnitId: positive(p.get('useUnitId'), 0, Number.MAX_SAFE_INTEGER) || undefined,
    page: positive(p.get('page'), 1, 10_000),
    pageSize: positive(p.get('pageSize'), 20, 200),
  };
}

export type RankingFilters = Required<Pick<RankingQuery, 'page' | 'pageSize'>> & Pick<RankingQuery, 'grade' | 'regionCode' | 'placeType'>;

export function rankingFiltersFromParams(p: URLSearchParams): RankingFilters {
  const grade = Number(p.get('grade'));
  return {
    grade: [1, 2, 3, 4].includes(grade) ? grade : undefined,
    regionCode: region(p),
    placeType: placeType(p),
    page: positive(p.get('page'), 1, 10_000),
    pageSize: positive(p.get('pageSize'), 20, 200),
  };
}

const DEFAULTS: Record<string, string> = { tier: '15', sort: 'age', page: '1', pageSize: '20' };

/** Writes filters into a copy of `keep`, leaving out undefined values and defaults. */
export function toParams(filters: Record<string, string | number | undefined>, keep?: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams(keep);
  for (const [k, v] of Object.entries(filters)) {
    if (v === undefined || String(v) === DEFAULTS[k]) out.delete(k);
    else out.set(k, String(v));
  }
  return out;
}

