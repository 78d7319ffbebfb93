import { afterEach, describe, expect, it, vi } from 'vitest';
import openapi from '../../../docs/openapi.json';
import * as hazards from './hazards.api.ts';
import { HAZARD_ACTIONS, HAZARD_SOURCES, HAZARD_STATUSES, REMEDIES, SEVERITIES } from './hazards.types.ts';
import * as risk from './risk.api.ts';
import { OLD_TIERS, RISK_FACTORS } from './risk.types.ts';

type Schema = { type?: string; enum?: string[]; properties?: Record<string, Schema>; items?: Schema; anyOf?: Schema[] };
type Operation = { parameters?: { name: string; in: string }[]; requestBody?: { content: Record<string, { schema: Schema }> }; responses: Record<string, { content?: Record<string, { schema: Schema }> }> };
const paths = (openapi as unknown as { paths: Record<string, Record<string, Operation>> }).paths;

/** The operation of the OpenAPI document a concrete request lands on (`/api/hazards/12` → `/api/hazards/{id}`). */
function operationOf(method: string, url: string): { template: string; op: Operation } {
  const { pathname } = new URL(url, 'http://x');
  for (const [template, ops] of Object.entries(paths)) {
    const re = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
    const op = ops[method.toLowerCase()];
    if (re.test(pathname) && op) return { template, op };
  }
  throw new Error(`${method} ${pathname} is not in docs/openapi.json`);
}

const calls: { method: string; url: string; body?: unknown }[] = [];
function stubFetch() {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit) => {
      calls.push({ method: init.method ?? 'GET', url, body: init.body ? JSON.parse(String(init.body)) : undefined });
      return new Response('{}', { status: 200, headers: { 'Content-Type': 'application/json' } });
    }),
  );
}
afterEach(() => {
  calls.length = 0;
  vi.unstubAllGlobals();
});

const responseSchema = (method: string, template: string) => {
  const responses = paths[template]![method]!.responses;
  const ok = responses['200'] ?? responses['201'] ?? responses['202'];
  return ok!.content!['application/json']!.schema;
};

describe('the hazards and risk clients match docs/openapi.json', () => {
  it('calls only documented operations, with documented query parameters', async () => {
    stubFetch();
    await hazards.listHazards({ source: 'supervision', status: 'open', open: true, overdue: true, severity: 'serious', remedy: 'repair', registrationCode: 'x', regionCode: '3701', page: 1, pageSize: 20 });
    await hazards.getHazardSummary('3701');
    await hazards.getHazard(12);
    await hazards.raiseHazard({ registrationCode: 'x', source: 'supervision', item: 'i', description: 'd', severity: 'general' });
    await hazards.actOnHazard(12, { action: 'fix', note: 'n' });
    await risk.getElevatorRisk('31103701002019000001');
    await risk.listOldElevators({ tier: '20', regionCode: '3701', placeType: 'RESIDENTIAL', useUnitId: 3, sort: 'risk', page: 2, pageSize: 50 });
    await risk.getOldSummary('3701');
    await risk.getRanking({ regionCode: '3701', grade: 4, placeType: 'SCHOOL', page: 1, pageSize: 20 });
    await risk.getRiskModel();
    await risk.saveRiskModel({ params: {} as never, note: 'n' });
    await risk.startRecompute();
    await risk.getRecompute('7b1e4b9e-8a34-4c1b-9d8e-0d6f3c7a1a11');
    expect(calls).toHaveLength(13);
    for (const c of calls) {
      const { op } = operationOf(c.method, c.url);
      const documented = new Set((op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name));
      const sent = [...new URL(c.url, 'http://x').searchParams.keys()];
      expect(sent.filter((k) => !documented.has(k)), `${c.method} ${c.url}`).toEqual([]);
      if (c.body) expect(op.requestBody, `${c.method} ${c.url} takes a body`).toBeDefined();
    }
  });

  it('knows every source, status, remedy, severity and action the server uses', () => {
    const item = responseSchema('get', '/api/hazards/{id}').properties!;
    expect([...HAZARD_SOURCES]).toEqual(item.source!.enum);
    expect([...HAZARD_STATUSES]).toEqual(item.status!.enum);
    expect([...REMEDIES]).toEqual(item.remedy!.enum);
    expect([...SEVERITIES]).toEqual(item.severity!.enum);
    const action = paths['/api/hazards/{id}/actions']!.post!.requestBody!.content['application/json']!.schema.properties!.action!;
    expect([...HAZARD_ACTIONS]).toEqual(action.enum);
  });

  it('knows every risk factor and tier', () => {
    const factors = responseSchema('get', '/api/risk/elevators/{code}').properties!.factors!.items!.properties!.name!;
    expect([...RISK_FACTORS]).toEqual(factors.enum);
    const tiers = responseSchema('get', '/api/risk/old-elevators').properties!.items!.items!.properties!.tiers!.items!;
    expect([...OLD_TIERS]).toEqual(tiers.enum);
  });
});
