import { request, type Query } from './http.ts';
import type { Page } from './common.types.ts';
import type { AddonProgress, AddonProject, AddonProjectInput, AddonProjectItem, HouseholdInput, RegistrationInput, StepInput, Vote } from './addon.types.ts';

const base = (id: number) => `/api/addon/projects/${id}`;

/** GET /api/addon/projects. */
export function listAddonProjects(query: { regionCode?: string; status?: string; overdue?: boolean; q?: string; page?: number; pageSize?: number }): Promise<Page<AddonProjectItem>> {
  return request('/api/addon/projects', { query: query as Query });
}

/** POST /api/addon/projects. */
export function createAddonProject(input: AddonProjectInput): Promise<AddonProject> {
  return request('/api/addon/projects', { method: 'POST', body: input });
}

/** GET /api/addon/projects/:id. */
export function getAddonProject(id: number): Promise<AddonProject> {
  return request(base(id));
}

/** POST /api/addon/projects/:id/households. */
export function addHouseholds(id: number, households: HouseholdInput[]): Promise<AddonProject> {
  return request(`${base(id)}/households`, { method: 'POST', body: { households } });
}

/** PUT /api/addon/projects/:id/households/:householdId/vote. */
export function setVote(id: number, householdId: number, vote: Vote): Promise<AddonProject> {
  return request(`${base(id)}/households/${householdId}/vote`, { method: 'PUT', body: { vote } });
}

/** DELETE /api/addon/projects/:id/households/:householdId. */
export function removeHousehold(id: number, householdId: number): Promise<AddonProject> {
  return request(`${base(id)}/households/${householdId}`, { method: 'DELETE' });
}

/** POST /api/addon/projects/:id/steps. */
export function takeStep(id: number, input: StepInput): Promise<AddonProject> {
  return request(`${base(id)}/steps`, { method: 'POST', body: input });
}

/** POST /api/addon/projects/:id/review (housing department). */
export function reviewProject(id: number, input: { decision: 'approve' | 'reject'; approvalNo?: string; note?: string }): Promise<AddonProject> {
  return request(`${base(id)}/review`, { method: 'POST', body: input });
}

/** POST /api/addon/projects/:id/registration (market regulator). */
export function registerElevator(id: number, input: RegistrationInput): Promise<AddonProject> {
  return request(`${base(id)}/registration`, { method: 'POST', body: input });
}

/** POST /api/addon/projects/:id/objections. */
export function addObjection(id: number, input: { objector: string; content: string }): Promise<AddonProject> {
  return request(`${base(id)}/objections`, { method: 'POST', body: input });
}

/** POST /api/addon/projects/:id/objections/:objectionId/resolve. */
export function resolveObjection(id: number, objectionId: number, resolution: string): Promise<AddonProject> {
  return request(`${base(id)}/objections/${objectionId}/resolve`, { method: 'POST', body: { resolution } });
}

/** POST /api/addon/projects/:id/subsidy/apply. */
export function applySubsidy(id: number, note?: string): Promise<AddonProject> {
  return request(`${base(id)}/subsidy/apply`, { method: 'POST', body: { note } });
}

/** POST /api/addon/projects/:id/subsidy/decision (finance department). */
export function decideSubsidy(id: number, input: { action: 'approve' | 'reject' | 'disburse'; note?: string }): Promise<AddonProject> {
  return request(`${base(id)}/subsidy/decision`, { method: 'POST', body: input });
}

/** GET /api/addon/orgs: street offices of a county, maintenance companies notified in its city. */
export function addonOrgs(type: 'street_office' | 'maintenance', regionCode: string): Promise<{ items: { id: number; name: string; hotline: string | null }[] }> {
  return request('/api/addon/orgs', { query: { type, regionCode } });
}

/** GET /api/addon/progress. */
export function getAddonProgress(regionCode?: string): Promise<AddonProgress> {
  return request('/api/addon/progress', { query: { regionCode } });
}
