import { describe, expect, it } from 'vitest';
import {
  DEFAULT_QUERY,
  filtersOf,
  listQueryOf,
  parseRegistryQuery,
  registryLink,
  toSearchParams,
  withFilters,
} from './registry-query.ts';

const parse = (s: string) => parseRegistryQuery(new URLSearchParams(s));

describe('registry URL ⇄ filters', () => {
  it('gives the defaults for an empty query string', () => {
    expect(parse('')).toEqual(DEFAULT_QUERY);
    expect(toSearchParams(DEFAULT_QUERY).toString()).toBe('');
  });

  it('reads every filter, the sort and the page from the URL', () => {
    const q = parse('regionCode=370102&status=STOPPED&category=3110&placeType=SCHOOL&minAge=10&maxAge=20&q=%E8%88%9C%E8%80%95&sort=commissioningDate&order=desc&page=3&pageSize=50');
    expect(q).toEqual({
      regionCode: '370102',
      status: 'STOPPED',
      category: '3110',
      placeType: 'SCHOOL',
      minAge: 10,
      maxAge: 20,
      q: '舜耕',
      sort: 'commissioningDate',
      order: 'desc',
      page: 3,
      pageSize: 50,
    });
  });

  it('round-trips a query through the URL unchanged', () => {
    const q = { ...DEFAULT_QUERY, regionCode: '370800', status: 'IN_USE', useUnitId: 42, q: '31103506', order: 'desc' as const, page: 2 };
    expect(parseRegistryQuery(toSearchParams(q))).toEqual(q);
  });

  it('writes only non-default values, filters first', () => {
    const q = { ...DEFAULT_QUERY, status: 'IN_USE', page: 4 };
    expect(toSearchParams(q).toString()).toBe('status=IN_USE&page=4');
  });

  it('drops malformed values instead of sending them to the server', () => {
    const q = parse('regionCode=37&status=BROKEN&category=abc&placeType=moon&minAge=-1&maxAge=999&sort=password&order=up&page=0&pageSize=7&useUnitId=x');
    expect(q).toEqual(DEFAULT_QUERY);
  });

  it('trims the search text and ignores a blank one', () => {
    expect(parse('q=%20%20abc%20').q).toBe('abc');
    expect(parse('q=%20%20')).toEqual(DEFAULT_QUERY);
  });

  it('returns to page 1 when a filter changes, and removes cleared filters', () => {
    const q = { ...DEFAULT_QUERY, status: 'IN_USE', page: 5 };
    const next = withFilters(q, { status: undefined, category: '3310' });
    expect(next).toEqual({ ...DEFAULT_QUERY, category: '3310' });
    expect('status' in next).toBe(false);
  });

  it('separates the filters (facets, export) from the list request', () => {
    const q = { ...DEFAULT_QUERY, regionCode: '370100', minAge: 15, page: 2 };
    expect(filtersOf(q)).toEqual({ regionCode: '370100', minAge: 15 });
    expect(listQueryOf(q)).toEqual({ regionCode: '370100', minAge: 15, sort: 'registrationCode', order: 'asc', page: 2, pageSize: 20 });
  });

  it('builds dashboard drill-down links', () => {
    expect(registryLink({ regionCode: '370200' })).toBe('/elevators?regionCode=370200');
    expect(registryLink({})).toBe('/elevators');
  });
});
