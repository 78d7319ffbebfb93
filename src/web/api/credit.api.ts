import { request, type Query } from './http.ts';
import type { CreditEvent, CreditFile, CreditList, CreditListQuery } from './credit.types.ts';

/** GET /api/credit/orgs (regulators): organisations with a file, worst score first. */
export function listCredit(query: CreditListQuery): Promise<CreditList> {
  return request('/api/credit/orgs', { query: query as Query });
}

/** GET /api/credit/orgs/:creditCode. */
export function getCreditFile(creditCode: string): Promise<CreditFile> {
  return request(`/api/credit/orgs/${encodeURIComponent(creditCode)}`);
}

/** GET /api/credit/me: the caller's own organisation. */
export function getMyCredit(): Promise<CreditFile> {
  return request('/api/credit/me');
}

/** POST /api/credit/orgs/:creditCode/commendations. */
export function commend(creditCode: string, input: { summary: string; evidenceText?: string; publish?: boolean }): Promise<CreditFile> {
  return request(`/api/credit/orgs/${encodeURIComponent(creditCode)}/commendations`, { method: 'POST', body: input });
}

/** POST /api/credit/events/:id/publish. */
export function publishCreditEvent(id: number): Promise<CreditEvent> {
  return request(`/api/credit/events/${id}/publish`, { method: 'POST' });
}
