import { download, request } from './http.ts';
import type { ImportJob, ImportSummary } from './types.ts';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The upload content type by file extension; undefined when the file is neither CSV nor XLSX. */
export function importContentType(fileName: string): string | undefined {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.csv')) return 'text/csv';
  if (lower.endsWith('.xlsx')) return XLSX_MIME;
  return undefined;
}

/** GET /api/elevators/import-template: saves the CSV or XLSX template. */
export function downloadTemplate(format: 'csv' | 'xlsx', fileName: string): Promise<void> {
  return download('/api/elevators/import-template', { format }, `${fileName}.${format}`);
}

/** POST /api/elevators/import: the file as the raw body; the job runs in the background (202). */
export function startImport(file: File, contentType: string): Promise<{ importId: string }> {
  return request('/api/elevators/import', {
    method: 'POST',
    body: file,
    headers: { 'Content-Type': contentType, 'X-File-Name': encodeURIComponent(file.name) },
  });
}

/** GET /api/imports/:importId: progress and, once done, the rejected and warned rows. */
export function getImport(id: string): Promise<ImportJob> {
  return request(`/api/imports/${encodeURIComponent(id)}`);
}

/** GET /api/imports: recent jobs, newest first, without row details. */
export function listImports(): Promise<{ items: ImportSummary[] }> {
  return request('/api/imports');
}
