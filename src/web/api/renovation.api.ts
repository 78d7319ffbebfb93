import { request, type Query } from './http.ts';
import type { Page } from './common.types.ts';
import type { ActionBody, FundingLine, Progress, Project, ProjectInput, ProjectListItem, VoteTally, WhatIfInput, WhatIfResult } from './renovation.types.ts';

/** GET /api/renovation/projects (server paging). */
export function listProjects(query: { regionCode?: string; kind?: string; status?: string; subsidyStatus?: string; q?: string; page: number; pageSize: number }): Promise<Page<ProjectListItem>> {
  return request('/api/renovation/projects', { query: query as Query });
}

/** POST /api/renovation/projects. */
export function createProject(input: ProjectInput): Promise<Project> {
  return request('/api/renovation/projects', { method: 'POST', body: input });
}

/** GET /api/renovation/projects/:id. */
export function getProject(id: number): Promise<Project> {
  return request(`/api/renovation/projects/${id}`);
}

/** PUT /api/renovation/projects/:id/vote: the owners' tallies, evaluated against the rule. */
export function recordVote(id: number, tally: VoteTally): Promise<Project> {
  return request(`/api/renovation/projects/${id}/vote`, { method: 'PUT', body: tally });
}

/** PUT /api/renovation/projects/:id/funding: sources summing to the budget. */
export function setFunding(id: number, lines: FundingLine[]): Promise<Project> {
  return request(`/api/renovation/projects/${id}/funding`, { method: 'PUT', body: { lines } });
}

/** POST /api/renovation/projects/:id/actions: one step. */
export function projectAction(id: number, body: ActionBody): Promise<Project> {
  return request(`/api/renovation/projects/${id}/actions`, { method: 'POST', body });
}

/** GET /api/renovation/progress. */
export function getProgress(regionCode?: string): Promise<Progress> {
  return request('/api/renovation/progress', { query: { regionCode } });
}

/** POST /api/renovation/what-if. */
export function runWhatIf(input: WhatIfInput): Promise<WhatIfResult> {
  return request('/api/renovation/what-if', { method: 'POST', body: input });
}
