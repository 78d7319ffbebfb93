import { request } from './http.ts';
import type { Org, OrgInput, Page } from './types.ts';

export interface OrgQuery {
  type?: string;
  regionCode?: string;
  q?: string;
  page?: number;
  pageSize?: number;
}

/** GET /api/orgs. */
export function listOrgs(query: OrgQuery): Promise<Page<Org>> {
  return request('/api/orgs', { query: { ...query } });
}

/** POST /api/orgs. */
export function createOrg(input: OrgInput): Promise<Org> {
  return request('/api/orgs', { method: 'POST', body: input });
}

/** PUT /api/orgs/:id. */
export function updateOrg(id: number, input: OrgInput): Promise<Org> {
  return request(`/api/orgs/${id}`, { method: 'PUT', body: input });
}

/** GET /api/orgs/:id (any signed-in user; e.g. an agency's own credit code for its reports). */
export function getOrg(id: number): Promise<Org> {
  return request(`/api/orgs/${id}`);
}
