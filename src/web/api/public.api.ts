import { request } from './http.ts';
import type { PublicElevator, PublicReport, PublicReportResult } from './types.ts';

/** 20-digit 注册代码 or 5–7 digit 救援识别码. */
export function isLookupCode(code: string): boolean {
  return /^\d{20}$/.test(code) || /^\d{5,7}$/.test(code);
}

/** GET /api/public/elevators/:code: what anyone may see, no login; 404 carries a message to show. */
export function getPublicElevator(code: string): Promise<PublicElevator> {
  return request(`/api/public/elevators/${encodeURIComponent(code)}`, { anonymous: true });
}

/** POST /api/public/incidents: the QR page's 我被困了 / 报告故障 into the 96333 queue (no login; rate-limited). */
export function reportPublicIncident(input: PublicReport): Promise<PublicReportResult> {
  return request('/api/public/incidents', { method: 'POST', body: input, anonymous: true });
}
