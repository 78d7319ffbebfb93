import { download, request, type Query } from './http.ts';
import type { Page } from './common.types.ts';
import type { ImportSummary } from './registry.types.ts';
import type {
  ActionInput,
  Board,
  Coverage,
  EmergencyReport,
  EmergencyStats,
  Gap,
  GapItem,
  IncidentCreate,
  IncidentDetail,
  IncidentListItem,
  IncidentQuery,
  LookupItem,
  SlaInput,
  SlaSettings,
  StatsQuery,
} from './emergency.types.ts';

/** The import job kind of incident history files (GET /api/imports?kind=). */
export const INCIDENT_IMPORT_KIND = 'incident-import';

/** POST /api/incidents: takes a call (201; `merged` when it joined the elevator's open incident). */
export function createIncident(input: IncidentCreate): Promise<IncidentDetail> {
  return request('/api/incidents', { method: 'POST', body: input });
}

/** GET /api/incidents. */
export function listIncidents(query: IncidentQuery): Promise<Page<IncidentListItem>> {
  return request('/api/incidents', { query: query as Query });
}

/** GET /api/incidents/:id: facts, who to phone, dispatches, timeline, running clocks and the caller's actions. */
export function getIncident(id: number): Promise<IncidentDetail> {
  return request(`/api/incidents/${id}`);
}

/** POST /api/incidents/:id/actions. */
export function actOnIncident(id: number, input: ActionInput): Promise<IncidentDetail> {
  return request(`/api/incidents/${id}/actions`, { method: 'POST', body: input });
}

/** GET /api/emergency/board: open incidents with their clocks, most urgent first. */
export function getBoard(): Promise<Board> {
  return request('/api/emergency/board');
}

/** GET /api/emergency/lookup?q=: the call form's elevator search. */
export function lookupElevators(q: string, signal?: AbortSignal): Promise<{ items: LookupItem[] }> {
  return request('/api/emergency/lookup', { query: { q }, signal });
}

/** GET /api/stats/emergency. */
export function getEmergencyStats(query: StatsQuery): Promise<EmergencyStats> {
  return request('/api/stats/emergency', { query: query as Query });
}

/** GET /api/emergency/report. */
export function getEmergencyReport(query: StatsQuery): Promise<EmergencyReport> {
  return request('/api/emergency/report', { query: query as Query });
}

/** GET /api/emergency/report.csv: saves the report. */
export function downloadEmergencyReport(query: StatsQuery, fileName: string): Promise<void> {
  return download('/api/emergency/report.csv', query as Query, `${fileName}.csv`);
}

/** GET /api/emergency/coverage. */
export function getCoverage(regionCode?: string): Promise<Coverage> {
  return request('/api/emergency/coverage', { query: { regionCode } });
}

/** GET /api/emergency/coverage/gaps. */
export function listGaps(query: { regionCode?: string; gap?: Gap; page?: number; pageSize?: number }): Promise<Page<GapItem>> {
  return request('/api/emergency/coverage/gaps', { query: query as Query });
}

/** GET /api/emergency/sla. */
export function getSla(): Promise<SlaSettings> {
  return request('/api/emergency/sla');
}

/** PUT /api/emergency/sla: limits for a region ('' = everywhere); null inherits. */
export function putSla(input: SlaInput): Promise<SlaSettings> {
  return request('/api/emergency/sla', { method: 'PUT', body: input });
}

/** POST /api/incidents/import: the CSV/XLSX as the raw body; a job polled at /api/imports/:id. */
export function startIncidentImport(file: File, contentType: string): Promise<{ importId: string }> {
  return request('/api/incidents/import', {
    method: 'POST',
    body: file,
    headers: { 'Content-Type': contentType, 'X-File-Name': encodeURIComponent(file.name) },
  });
}

/** GET /api/imports?kind=incident-import. */
export function listIncidentImports(): Promise<{ items: ImportSummary[] }> {
  return request('/api/imports', { query: { kind: INCIDENT_IMPORT_KIND } });
}

/** GET /api/incidents/import-template: saves the CSV template. */
export function downloadIncidentTemplate(fileName: string): Promise<void> {
  return download('/api/incidents/import-template', {}, `${fileName}.csv`);
}
