import { request, type Query } from './http.ts';
import type { Page } from './common.types.ts';
import type { CertificateInput, Detection, DetectionKind, DetectionStatus, ManagerLoad, Person, PersonInput, PersonSummary } from './personnel.types.ts';

/** GET /api/personnel/people. */
export function listPeople(query: { q?: string; kind?: string; certificateState?: string; page?: number; pageSize?: number }): Promise<Page<PersonSummary>> {
  return request('/api/personnel/people', { query: query as Query });
}

/** GET /api/personnel/people/:id. */
export function getPerson(id: number): Promise<Person> {
  return request(`/api/personnel/people/${id}`);
}

/** POST /api/personnel/people (a known ID number adds the employment to the same person). */
export function createPerson(input: PersonInput): Promise<Person> {
  return request('/api/personnel/people', { method: 'POST', body: input });
}

/** POST /api/personnel/people/:id/certificates. */
export function saveCertificate(personId: number, input: CertificateInput): Promise<Person> {
  return request(`/api/personnel/people/${personId}/certificates`, { method: 'POST', body: input });
}

/** PUT /api/personnel/employments/:id (end an employment). */
export function endEmployment(id: number, employedTo: string): Promise<Person> {
  return request(`/api/personnel/employments/${id}`, { method: 'PUT', body: { employedTo } });
}

/** GET /api/personnel/safety-managers. */
export function listManagerLoads(): Promise<{ items: ManagerLoad[] }> {
  return request('/api/personnel/safety-managers');
}

/** GET /api/personnel/detections. */
export function listDetections(query: { kind?: DetectionKind; status?: DetectionStatus; page?: number; pageSize?: number }): Promise<Page<Detection> & { openByKind: Record<string, number> }> {
  return request('/api/personnel/detections', { query: query as Query });
}

/** POST /api/personnel/detections/run. */
export function runDetections(): Promise<{ found: Record<string, number>; deactivated: number }> {
  return request('/api/personnel/detections/run', { method: 'POST' });
}

/** POST /api/personnel/detections/:id/review. */
export function reviewDetection(id: number, status: 'confirmed' | 'dismissed', note: string): Promise<Detection> {
  return request(`/api/personnel/detections/${id}/review`, { method: 'POST', body: { status, note } });
}
