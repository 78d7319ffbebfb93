import { request, type Query } from './http.ts';
import type { Page } from './common.types.ts';
import type {
  Annex,
  CatalogItem,
  Contract,
  ContractGap,
  ContractInput,
  Cycle,
  Grades,
  MaintenanceFlagItem,
  MaintenanceOverdueItem,
  MaintenanceRecord,
  PlanItem,
  PublicGrades,
  RecordInput,
  RecordListItem,
  RecordQuery,
  WorkerInput,
  WorkerSaved,
} from './maintenance.types.ts';

/** GET /api/maintenance/catalog: the TSG T5002 items of an annex, cumulative for the cycle. */
export function getCatalog(annex: Annex, cycle: Cycle): Promise<{ items: CatalogItem[] }> {
  return request('/api/maintenance/catalog', { query: { annex, cycle } });
}

/** POST /api/maintenance/records: 201 with the flags and the next due dates. */
export function submitRecord(input: RecordInput): Promise<MaintenanceRecord> {
  return request('/api/maintenance/records', { method: 'POST', body: input });
}

/** PUT /api/maintenance/photos/:sha256: the raw JPEG/PNG whose SHA-256 is the name. */
export function uploadPhoto(sha256: string, file: Blob): Promise<{ sha256: string; bytes: number }> {
  const type = file.type === 'image/png' ? 'image/png' : 'image/jpeg';
  return request(`/api/maintenance/photos/${sha256}`, { method: 'PUT', body: file, headers: { 'Content-Type': type } });
}

/** GET /api/maintenance/records. */
export function listRecords(query: RecordQuery): Promise<Page<RecordListItem>> {
  return request('/api/maintenance/records', { query: query as Query });
}

/** GET /api/maintenance/records/:id. */
export function getRecord(id: number): Promise<MaintenanceRecord> {
  return request(`/api/maintenance/records/${id}`);
}

/** POST /api/maintenance/records/:id/confirm: the use unit signs the record. */
export function confirmRecord(id: number, signer: string): Promise<{ id: number; confirmedBy: string; confirmedAt: string }> {
  return request(`/api/maintenance/records/${id}/confirm`, { method: 'POST', body: { signer } });
}

/** GET /api/maintenance/flags. */
export function listMaintenanceFlags(query: { status?: string; code?: string; regionCode?: string; page?: number; pageSize?: number }): Promise<Page<MaintenanceFlagItem>> {
  return request('/api/maintenance/flags', { query: query as Query });
}

/** POST /api/maintenance/flags/:id/review. */
export function reviewMaintenanceFlag(id: number, input: { status: 'upheld' | 'dismissed'; outcome: string }): Promise<{ id: number; status: string; outcome: string }> {
  return request(`/api/maintenance/flags/${id}/review`, { method: 'POST', body: input });
}

/** GET /api/maintenance/overdue. */
export function listMaintenanceOverdue(query: { regionCode?: string; page?: number; pageSize?: number }): Promise<Page<MaintenanceOverdueItem>> {
  return request('/api/maintenance/overdue', { query: query as Query });
}

/** GET /api/maintenance/plan?registrationCode=: one elevator's next visit per cycle. */
export function getPlan(registrationCode: string): Promise<{ today: string; items: PlanItem[]; total: number }> {
  return request('/api/maintenance/plan', { query: { registrationCode } });
}

/** POST /api/maintenance/workers. */
export function addWorker(input: WorkerInput): Promise<WorkerSaved> {
  return request('/api/maintenance/workers', { method: 'POST', body: input });
}

/** POST /api/maintenance/notifications: 告知性登记. */
export function fileNotification(input: { cityCode: string; licenceNo: string }): Promise<{ orgId: number; cityCode: string; licenceNo: string; filedAt: string }> {
  return request('/api/maintenance/notifications', { method: 'POST', body: input });
}

/** POST /api/maintenance/contracts. */
export function fileContract(input: ContractInput): Promise<Contract> {
  return request('/api/maintenance/contracts', { method: 'POST', body: input });
}

/** GET /api/maintenance/contracts (at most 500). */
export function listContracts(query: { registrationCode?: string; regionCode?: string; dumping?: boolean }): Promise<{ items: Contract[] }> {
  return request('/api/maintenance/contracts', { query: query as Query });
}

/** GET /api/maintenance/contract-gaps. */
export function listContractGaps(query: { regionCode?: string; page?: number; pageSize?: number }): Promise<Page<ContractGap>> {
  return request('/api/maintenance/contract-gaps', { query: query as Query });
}

/** GET /api/maintenance/grades. */
export function getGrades(query: { period: string; regionCode?: string }): Promise<Grades> {
  return request('/api/maintenance/grades', { query: query as Query });
}

/** GET /api/public/maintenance-grades (no login). */
export function getPublicGrades(query: { period: string; regionCode?: string }): Promise<PublicGrades> {
  return request('/api/public/maintenance-grades', { query: query as Query, anonymous: true });
}
