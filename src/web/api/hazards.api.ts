import { request, send, type Query } from './http.ts';
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

/** PUT /api/hazards/files/:sha256: an evidence photo or PDF, stored under its SHA-256 before a step names it. */
export function uploadHazardFile(sha256: string, file: Blob): Promise<{ sha256: string; bytes: number }> {
  const type = file.type === 'application/pdf' || file.type === 'image/png' ? file.type : 'image/jpeg';
  return request(`/api/hazards/files/${sha256}`, { method: 'PUT', body: file, headers: { 'Content-Type': type } });
}

/** The evidence file as a Blob (the API wants the token, which a plain link cannot send). */
export async function fetchHazardFile(id: number, sha256: string): Promise<Blob> {
  return (await send(`/api/hazards/${id}/files/${sha256}`)).blob();
}
