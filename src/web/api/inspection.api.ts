import { download, request, type Query } from './http.ts';
import type { Page } from './common.types.ts';
import type {
  Compliance,
  Defect,
  DefectActionKind,
  DefectQuery,
  FlagItem,
  FlagQuery,
  Inspector,
  InspectorInput,
  OverdueItem,
  Plan,
  PlanInput,
  PlanQuery,
  Postponement,
  PostponementInput,
  Report,
  ReportCreated,
  ReportInput,
  ReportListItem,
  ReportQuery,
} from './inspection.types.ts';

/** POST /api/inspection/reports: 201 with the quality flags and the elevator's new schedule. */
export function submitReport(input: ReportInput): Promise<ReportCreated> {
  return request('/api/inspection/reports', { method: 'POST', body: input });
}

/** PUT /api/inspection/reports/:id/pdf: the signed PDF as the raw body. */
export function uploadReportPdf(id: number, file: Blob): Promise<{ sha256: string; bytes: number }> {
  return request(`/api/inspection/reports/${id}/pdf`, { method: 'PUT', body: file, headers: { 'Content-Type': 'application/pdf' } });
}

/** GET /api/inspection/reports/:id/pdf: saves the PDF. */
export function downloadReportPdf(id: number, fileName: string): Promise<void> {
  return download(`/api/inspection/reports/${id}/pdf`, {}, `${fileName}.pdf`);
}

/** GET /api/inspection/reports. */
export function listReports(query: ReportQuery): Promise<Page<ReportListItem>> {
  return request('/api/inspection/reports', { query: query as Query });
}

/** GET /api/inspection/reports/:id: with flags and defects. */
export function getReport(id: number): Promise<Report> {
  return request(`/api/inspection/reports/${id}`);
}

/** GET /api/inspection/overdue: most overdue first. */
export function listOverdue(query: { regionCode?: string; type?: string; page?: number; pageSize?: number }): Promise<Page<OverdueItem>> {
  return request('/api/inspection/overdue', { query: query as Query });
}

/** GET /api/inspection/compliance. */
export function getCompliance(regionCode?: string): Promise<Compliance> {
  return request('/api/inspection/compliance', { query: { regionCode } });
}

/** GET /api/inspection/defects: rectification tasks. */
export function listDefects(query: DefectQuery): Promise<Page<Defect>> {
  return request('/api/inspection/defects', { query: query as Query });
}

/** POST /api/inspection/defects/:id/actions. */
export function actOnDefect(id: number, input: { action: DefectActionKind; note: string; fileSha256?: string }): Promise<Defect> {
  return request(`/api/inspection/defects/${id}/actions`, { method: 'POST', body: input });
}

/** GET /api/inspection/flags. */
export function listFlags(query: FlagQuery): Promise<Page<FlagItem>> {
  return request('/api/inspection/flags', { query: query as Query });
}

/** POST /api/inspection/flags/:id/review. */
export function reviewFlag(id: number, input: { status: 'upheld' | 'dismissed'; outcome: string }): Promise<{ id: number; status: string; outcome: string }> {
  return request(`/api/inspection/flags/${id}/review`, { method: 'POST', body: input });
}

/** GET /api/inspection/inspectors. */
export function listInspectors(query: { certificateNo?: string; agencyOrgId?: number } = {}): Promise<{ items: Inspector[] }> {
  return request('/api/inspection/inspectors', { query: query as Query });
}

/** POST /api/inspection/inspectors. */
export function addInspector(input: InspectorInput): Promise<Inspector> {
  return request('/api/inspection/inspectors', { method: 'POST', body: input });
}

/** GET /api/inspection/plans. */
export function listPlans(query: PlanQuery): Promise<Page<Plan>> {
  return request('/api/inspection/plans', { query: query as Query });
}

/** POST /api/inspection/plans: an agency's plan, or a use unit's application (naming the agency). */
export function addPlan(input: PlanInput): Promise<Plan> {
  return request('/api/inspection/plans', { method: 'POST', body: input });
}

/** GET /api/inspection/postponements. */
export function listPostponements(): Promise<{ items: Postponement[] }> {
  return request('/api/inspection/postponements');
}

/** POST /api/inspection/postponements. */
export function addPostponement(input: PostponementInput): Promise<{ id: number; recomputed: number }> {
  return request('/api/inspection/postponements', { method: 'POST', body: input });
}
