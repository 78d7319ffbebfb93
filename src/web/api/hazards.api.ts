import { request, type Query } from './http.ts';
import type { Hazard, HazardActionInput, HazardInput, HazardQuery, HazardSummary } from './hazards.types.ts';

/** GET /api/hazards: hazards in scope, ordered by deadline. */
export function listHazards(query: HazardQuery): Promise<{ items: Hazard[]; total: number }> {
  return request('/api/hazards', { query: query as Query });
}

/** GET /api/hazards/summary: open, overdue and closed by source; open by remedy. */
export function getHazardSummary(regionCode?: string): Promise<HazardSummary> {
  return request('/api/hazards/summary', { query: { regionCode } });
}

/** GET /api/hazards/:id. */
export function getHazard(id: number): Promise<Hazard> {
  return request(`/api/hazards/${id}`);
}

/** POST /api/hazards: 201 with the new hazard (regulators, hazards.supervise). */
export function raiseHazard(input: HazardInput): Promise<Hazard> {
  return request('/api/hazards', { method: 'POST', body: input });
}

/** POST /api/hazards/:id/actions: one step of the workflow; the server decides who may (403, 409 with details.status). */
export function actOnHazard(id: number, input: HazardActionInput): Promise<Hazard> {
  return request(`/api/hazards/${id}/actions`, { method: 'POST', body: input });
}
