import { describe, expect, it } from 'vitest';
import type { Hazard, HazardAction, HazardParty, HazardStatus, Remedy } from '../../api/hazards.types.ts';
import { filtersFromParams, hazardActions, paramsFromFilters, partiesOf, queryOf, splitEvidenceNote, statusPath, summaryTotals } from './hazards-logic.ts';

const plan = (agreed: HazardParty[]): Hazard['plan'] => ({ text: '更换曳引机', dueOn: '2026-09-30', cost: 180000, proposedBy: '物业', agreedBy: agreed.map((party) => ({ party, orgId: 1, name: party, at: '2026-06-01T00:00:00Z' })) });
const actions = (remedy: Remedy, status: HazardStatus, parties: HazardParty[], agreed: HazardParty[] = []): HazardAction[] =>
  hazardActions({ remedy, status, plan: status === 'planned' ? plan(agreed) : null }, parties);

describe('partiesOf', () => {
  const me = (orgType: string, roles: string[], permissions: string[]) => ({ orgType, roles, permissions });
  it('maps the organisation type to the party it acts as', () => {
    expect(partiesOf(me('use_unit', ['use_unit'], ['hazards.read', 'hazards.act']))).toEqual(['use_unit']);
    expect(partiesOf(me('maintenance', ['maintenance'], ['hazards.read', 'hazards.act']))).toEqual(['maintenance']);
    expect(partiesOf(me('regulator', ['regulator'], ['hazards.read', 'hazards.supervise']))).toEqual(['regulator']);
    expect(partiesOf(me('platform', ['admin'], ['hazards.read']))).toEqual(['regulator']);
    expect(partiesOf(me('inspection', ['inspector'], ['hazards.read']))).toEqual(['finder']);
  });
  it('gives read-only users no party', () => {
    expect(partiesOf(me('education', ['department'], ['hazards.read']))).toEqual([]);
    expect(partiesOf(me('street_office', ['street_office'], ['hazards.read']))).toEqual([]);
    expect(partiesOf(me('use_unit', ['use_unit'], ['hazards.read']))).toEqual([]);
  });
});

describe('hazardActions: a repair', () => {
  it('is fixed by the maintenance company, the use unit or a regulator', () => {
    expect(actions('repair', 'open', ['maintenance'])).toEqual(['fix']);
    expect(actions('repair', 'open', ['use_unit'])).toEqual(['fix']);
    expect(actions('repair', 'open', ['regulator'])).toEqual(['fix']);
    expect(actions('repair', 'open', ['finder'])).toEqual([]);
  });
  it('is verified, closed or reopened by a regulator or the agency that found it', () => {
    expect(actions('repair', 'fixed', ['regulator'])).toEqual(['verify', 'reopen']);
    expect(actions('repair', 'verified', ['finder'])).toEqual(['close', 'reopen']);
    expect(actions('repair', 'fixed', ['maintenance'])).toEqual([]);
    expect(actions('repair', 'verified', ['use_unit'])).toEqual([]);
  });
  it('offers nothing once closed, and never the plan steps', () => {
    for (const p of ['use_unit', 'maintenance', 'regulator', 'finder'] as HazardParty[]) expect(actions('repair', 'closed', [p])).toEqual([]);
    expect(actions('repair', 'planned', ['regulator'])).toEqual([]);
  });
});

describe('hazardActions: a major repair, modernisation or replacement', () => {
  it('starts with a plan from the use unit (or a regulator), not a fix', () => {
    expect(actions('modernise', 'open', ['use_unit'])).toEqual(['propose_plan']);
    expect(actions('replace', 'open', ['regulator'])).toEqual(['propose_plan']);
    expect(actions('major_repair', 'open', ['maintenance'])).toEqual([]);
  });
  it('asks each party to agree once; any party may send the plan back', () => {
    expect(actions('modernise', 'planned', ['maintenance'], ['use_unit'])).toEqual(['agree', 'reject_plan']);
    expect(actions('modernise', 'planned', ['use_unit'], ['use_unit'])).toEqual(['reject_plan']);
    expect(actions('modernise', 'planned', ['regulator'], ['use_unit', 'maintenance'])).toEqual(['agree', 'reject_plan']);
    expect(actions('modernise', 'planned', ['finder'], [])).toEqual([]);
  });
  it('is started by the use unit once agreed, fixed in progress, then checked as a repair', () => {
    expect(actions('replace', 'agreed', ['use_unit'])).toEqual(['start']);
    expect(actions('replace', 'agreed', ['maintenance'])).toEqual([]);
    expect(actions('replace', 'in_progress', ['maintenance'])).toEqual(['fix']);
    expect(actions('replace', 'fixed', ['regulator'])).toEqual(['verify', 'reopen']);
    expect(actions('replace', 'verified', ['regulator'])).toEqual(['close', 'reopen']);
  });
  it('walks the longer path', () => {
    expect(statusPath('repair')).toEqual(['open', 'fixed', 'verified', 'closed']);
    expect(statusPath('major_repair')).toEqual(['open', 'planned', 'agreed', 'in_progress', 'fixed', 'verified', 'closed']);
  });
});

describe('timeline notes', () => {
  it('splits the action the server prefixed from the note', () => {
    expect(splitEvidenceNote('fix: 已更换制动器闸瓦')).toEqual({ action: 'fix', text: '已更换制动器闸瓦' });
    expect(splitEvidenceNote('propose_plan: 方案\n第二行')).toEqual({ action: 'propose_plan', text: '方案\n第二行' });
    expect(splitEvidenceNote('已整改: 见照片')).toEqual({ text: '已整改: 见照片' });
    expect(splitEvidenceNote('unknown: x')).toEqual({ text: 'unknown: x' });
  });
});

describe('filters in the URL', () => {
  it('reads known values, drops the rest, defaults to open hazards, page 1 of 20', () => {
    const f = filtersFromParams(new URLSearchParams('source=inspection&status=bogus&severity=serious&regionCode=3701&registrationCode=%2031103701%20&page=3&pageSize=999&id=7'));
    expect(f).toEqual({ view: 'open', source: 'inspection', status: undefined, severity: 'serious', remedy: undefined, regionCode: '3701', registrationCode: '31103701', page: 3, pageSize: 200 });
    expect(filtersFromParams(new URLSearchParams('view=overdue&page=-2')).view).toBe('overdue');
    expect(filtersFromParams(new URLSearchParams('view=overdue&page=-2')).page).toBe(1);
  });
  it('writes them back without defaults and keeps the open drawer', () => {
    const f = filtersFromParams(new URLSearchParams('view=all&remedy=replace&page=2'));
    expect(paramsFromFilters(f, new URLSearchParams('id=9&page=5')).toString()).toBe('id=9&page=2&view=all&remedy=replace');
    expect(paramsFromFilters(filtersFromParams(new URLSearchParams(''))).toString()).toBe('');
  });
  it('asks the server for open or overdue hazards; a picked status replaces the open switch', () => {
    const base = filtersFromParams(new URLSearchParams(''));
    expect(queryOf(base)).toMatchObject({ open: true, overdue: undefined, page: 1, pageSize: 20 });
    expect(queryOf({ ...base, view: 'overdue' })).toMatchObject({ open: undefined, overdue: true });
    expect(queryOf({ ...base, view: 'all' })).toMatchObject({ open: undefined, overdue: undefined });
    expect(queryOf({ ...base, status: 'closed' })).toMatchObject({ open: undefined, status: 'closed' });
  });
});

describe('summaryTotals', () => {
  it('adds up the sources', () => {
    expect(summaryTotals([{ open: 3, overdue: 1, closed: 5 }, { open: 2, overdue: 2, closed: 0 }])).toEqual({ open: 5, overdue: 3, closed: 5 });
    expect(summaryTotals([])).toEqual({ open: 0, overdue: 0, closed: 0 });
  });
});
