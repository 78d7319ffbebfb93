import { request, type Query } from './http.ts';
import type { Page } from './common.types.ts';
import type { Advice, AdviceDetail, AdviceInput, FaultStats, Outstanding, RiskItem, RiskItemInput } from './manufacturers.types.ts';

/** GET /api/manufacturers/risk-items. */
export function listRiskItems(query: { manufacturerOrgId?: number; model?: string; status?: string }): Promise<{ items: RiskItem[] }> {
  return request('/api/manufacturers/risk-items', { query: query as Query });
}

/** POST /api/manufacturers/risk-items, or PUT …/:id to change one. */
export function saveRiskItem(input: RiskItemInput, id?: number): Promise<RiskItem> {
  return request(id ? `/api/manufacturers/risk-items/${id}` : '/api/manufacturers/risk-items', { method: id ? 'PUT' : 'POST', body: input });
}

/** GET /api/manufacturers/models. */
export function listModels(manufacturerOrgId?: number): Promise<{ items: { model: string; elevators: number }[] }> {
  return request('/api/manufacturers/models', { query: { manufacturerOrgId } });
}

/** GET /api/manufacturers/fault-stats. */
export function faultStats(query: { from: string; to: string; manufacturerOrgId?: number; model?: string }): Promise<FaultStats> {
  return request('/api/manufacturers/fault-stats', { query: query as Query });
}

/** GET /api/manufacturers/advice. */
export function listAdvice(query: { outstanding?: boolean; page?: number; pageSize?: number }): Promise<Page<Advice>> {
  return request('/api/manufacturers/advice', { query: query as Query });
}

/** GET /api/manufacturers/advice/:id. */
export function getAdvice(id: number): Promise<AdviceDetail> {
  return request(`/api/manufacturers/advice/${id}`);
}

/** POST /api/manufacturers/advice (a manufacturer). */
export function sendAdvice(input: AdviceInput): Promise<AdviceDetail> {
  return request('/api/manufacturers/advice', { method: 'POST', body: input });
}

/** POST /api/manufacturers/advice/:id/ack (a recipient). */
export function acknowledgeAdvice(id: number, note?: string): Promise<AdviceDetail> {
  return request(`/api/manufacturers/advice/${id}/ack`, { method: 'POST', body: { note } });
}

/** GET /api/manufacturers/advice-outstanding. */
export function listOutstanding(query: { page?: number; pageSize?: number }): Promise<Page<Outstanding>> {
  return request('/api/manufacturers/advice-outstanding', { query: query as Query });
}
