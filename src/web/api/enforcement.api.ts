import { request, type Query } from './http.ts';
import type { Page } from './common.types.ts';
import type { ActionInput, ActionStep, Campaign, CampaignCriteria, CampaignElevator, CampaignPreview, CheckInput, EnforcementAction, Inspector, SupervisionCheck } from './enforcement.types.ts';

/** GET /api/enforcement/inspectors. */
export function listInspectors(): Promise<{ items: Inspector[] }> {
  return request('/api/enforcement/inspectors');
}

/** GET /api/enforcement/checks. */
export function listChecks(query: { regionCode?: string; page?: number; pageSize?: number }): Promise<Page<SupervisionCheck>> {
  return request('/api/enforcement/checks', { query: query as Query });
}

/** POST /api/enforcement/checks. */
export function createCheck(input: CheckInput): Promise<SupervisionCheck> {
  return request('/api/enforcement/checks', { method: 'POST', body: input });
}

/** GET /api/enforcement/actions. */
export function listActions(query: { status?: string; kind?: string; overdue?: boolean; regionCode?: string; page?: number; pageSize?: number }): Promise<Page<EnforcementAction>> {
  return request('/api/enforcement/actions', { query: query as Query });
}

/** POST /api/enforcement/actions. */
export function createAction(input: ActionInput): Promise<EnforcementAction> {
  return request('/api/enforcement/actions', { method: 'POST', body: input });
}

/** POST /api/enforcement/actions/:id/steps. */
export function actionStep(id: number, step: ActionStep, note?: string): Promise<EnforcementAction> {
  return request(`/api/enforcement/actions/${id}/steps`, { method: 'POST', body: { step, note: note ?? '' } });
}

/** POST /api/enforcement/campaigns/preview. */
export function previewCampaign(criteria: CampaignCriteria): Promise<CampaignPreview> {
  return request('/api/enforcement/campaigns/preview', { method: 'POST', body: criteria });
}

/** GET /api/enforcement/campaigns. */
export function listCampaigns(): Promise<{ items: Campaign[] }> {
  return request('/api/enforcement/campaigns');
}

/** GET /api/enforcement/campaigns/:id. */
export function getCampaign(id: number): Promise<Campaign> {
  return request(`/api/enforcement/campaigns/${id}`);
}

/** POST /api/enforcement/campaigns. */
export function createCampaign(input: { name: string; criteria: CampaignCriteria; endsOn: string; assignment: 'round_robin' | 'by_county'; inspectorIds: number[] }): Promise<Campaign> {
  return request('/api/enforcement/campaigns', { method: 'POST', body: input });
}

/** GET /api/enforcement/campaigns/:id/elevators. */
export function campaignElevators(id: number, query: { mine?: boolean; result?: string; page?: number; pageSize?: number }): Promise<Page<CampaignElevator>> {
  return request(`/api/enforcement/campaigns/${id}/elevators`, { query: query as Query });
}

/** POST /api/enforcement/campaigns/:id/elevators/:code/result. */
export function recordCampaignResult(id: number, code: string, input: { result: 'ok' | 'hazard'; note?: string; hazard?: { description: string; severity: 'serious' | 'general' } }): Promise<Campaign> {
  return request(`/api/enforcement/campaigns/${id}/elevators/${code}/result`, { method: 'POST', body: input });
}

/** POST /api/enforcement/campaigns/:id/close. */
export function closeCampaign(id: number): Promise<Campaign> {
  return request(`/api/enforcement/campaigns/${id}/close`, { method: 'POST' });
}
