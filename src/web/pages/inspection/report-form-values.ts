import type { Dayjs } from 'dayjs';
import type { Conclusion, DefectSeverity, Person, ReportInput, ReportType, SupervisoryKind } from '../../api/inspection.types.ts';

/** The key measured items the upload form asks for (server keys; labels in web.inspection.measure). */
export const MEASUREMENT_KEYS = ['balanceCoefficient', 'brakeTest', 'doorLockEngagementMm', 'insulationResistanceMOhm', 'ratedSpeedDeviationPct'] as const;
export type MeasurementKey = (typeof MEASUREMENT_KEYS)[number];

export interface ReportFormValues {
  registrationCode?: string;
  reportNo?: string;
  agencyCreditCode?: string;
  type?: ReportType;
  supervisoryKind?: SupervisoryKind;
  date?: Dayjs | null;
  conclusion?: Conclusion;
  inspectors?: Partial<Person>[];
  signer?: Partial<Person>;
  measurements?: Partial<Record<MeasurementKey, number | string | null>>;
  defects?: { item?: string; description?: string; severity?: DefectSeverity }[];
}

const trim = (v: string | undefined | null) => (v ?? '').trim();

/**
 * The form → the fixed JSON interface: text trimmed, empty measurement fields left out (the server flags what a
 * report must carry), empty inspector and defect rows dropped, the supervisory kind only for acceptance reports.
 */
export function toReportInput(v: ReportFormValues): ReportInput {
  const measurements: ReportInput['measurements'] = {};
  for (const key of MEASUREMENT_KEYS) {
    const value = v.measurements?.[key];
    if (value === undefined || value === null || value === '') continue;
    measurements[key] = value;
  }
  const input: ReportInput = {
    registrationCode: trim(v.registrationCode),
    reportNo: trim(v.reportNo),
    agencyCreditCode: trim(v.agencyCreditCode).toUpperCase(),
    type: v.type as ReportType,
    date: v.date ? v.date.format('YYYY-MM-DD') : '',
    conclusion: v.conclusion as Conclusion,
    inspectors: (v.inspectors ?? []).map((p) => ({ name: trim(p?.name), certificateNo: trim(p?.certificateNo) })).filter((p) => p.name || p.certificateNo),
    signer: { name: trim(v.signer?.name), certificateNo: trim(v.signer?.certificateNo) },
    measurements,
    defects: (v.defects ?? [])
      .map((d) => ({ item: trim(d?.item), description: trim(d?.description), severity: d?.severity ?? 'general' }))
      .filter((d) => d.item || d.description),
  };
  if (v.type === 'acceptance' && v.supervisoryKind) input.supervisoryKind = v.supervisoryKind;
  return input;
}

/** A 20-digit registration code (the lookup only asks the server for complete ones). */
export const isRegistrationCode = (code: string | undefined) => /^\d{20}$/.test(trim(code));

/** A measured value for display: booleans and the brake test's pass/fail in words, numbers as they are. */
export function measurementText(value: unknown, words: { pass: string; fail: string; yes: string; no: string }): string {
  if (value === 'pass') return words.pass;
  if (value === 'fail') return words.fail;
  if (value === true) return words.yes;
  if (value === false) return words.no;
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/**
 * A flag's evidence as label/value lines: objects by key, arrays item by item (objects in them as `k=v` pairs), so a
 * reviewer reads it without a JSON viewer.
 */
export function evidenceLines(evidence: unknown): { key: string; value: string }[] {
  if (evidence === null || evidence === undefined) return [];
  const show = (v: unknown): string => {
    if (v === null || v === undefined) return '';
    if (Array.isArray(v)) return v.map(show).join('；');
    if (typeof v === 'object') return Object.entries(v as Record<string, unknown>).map(([k, x]) => `${k}=${show(x)}`).join('，');
    return String(v);
  };
  if (typeof evidence !== 'object' || Array.isArray(evidence)) return [{ key: '', value: show(evidence) }];
  return Object.entries(evidence as Record<string, unknown>).map(([key, value]) => ({ key, value: show(value) }));
}

/** Rows → CSV text (RFC 4180 quoting, BOM so Excel opens it as UTF-8). */
export function toCsv(header: string[], rows: (string | number | null | undefined)[][]): string {
  const cell = (v: string | number | null | undefined) => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return '\uFEFF' + [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** Saves text as a file (client-side export). */
export function saveText(text: string, fileName: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Who may do what on a rectification task: `fixer` (the use unit, its maintenance company, a regulator), `checker` (the agency that found it, a regulator). */
export interface DefectRoles {
  fixer: boolean;
  checker: boolean;
}

/** The rectification roles from the signed-in user's organisation type and permissions (the server decides in the end). */
export function defectRoles(orgType: string, roles: readonly string[], permissions: readonly string[]): DefectRoles {
  const regulator = orgType === 'regulator' || (orgType === 'platform' && roles.includes('admin'));
  return {
    fixer: permissions.includes('inspection.rectify') && (orgType === 'use_unit' || orgType === 'maintenance' || regulator),
    checker: orgType === 'inspection' || regulator,
  };
}

/** The actions offered on a task in this status: fix → verify or reopen → close (or reopen). */
export function defectActions(status: string, who: DefectRoles): ('fix' | 'verify' | 'reopen' | 'close')[] {
  if (status === 'open') return who.fixer ? ['fix'] : [];
  if (status === 'fixed') return who.checker ? ['verify', 'reopen'] : [];
  if (status === 'verified') return who.checker ? ['close', 'reopen'] : [];
  return [];
}
