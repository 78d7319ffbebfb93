import { request } from './http.ts';
import type { AuditEntry, AuditVerdict } from './types.ts';

export interface AuditQuery {
  entityType?: string;
  entityId?: string;
  /** Entries older than this id ("load more"). */
  beforeId?: number;
  limit?: number;
}

/** GET /api/audit: newest first. */
export function listAudit(query: AuditQuery): Promise<{ items: AuditEntry[] }> {
  return request('/api/audit', { query: { ...query } });
}

/** GET /api/audit/verify: recomputes the hash chain. */
export function verifyAudit(): Promise<AuditVerdict> {
  return request('/api/audit/verify');
}
