import crypto from 'node:crypto';

/**
 * Pure rules of the personnel module: the 身份证号 (GB 11643-1999) check, its keyed hash and masked form, phone
 * masking, and the periods the 挂证 detections compare. Nothing here touches the store.
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** Upper-cased, spaces removed: the form that is validated, hashed and masked. */
export function normalizeIdNumber(raw: string): string {
  return raw.replace(/\s+/g, '').toUpperCase();
}

/**
 * Why an 18-character 居民身份证号码 is not valid, or null when it is: 17 digits and a check character (0–9 or X,
 * ISO 7064 MOD 11-2 with the GB 11643 weights), a province code 11–82 and a real birth date not in the future.
 */
export function idNumberProblem(raw: string, today = new Date()): string | null {
  const id = normalizeIdNumber(raw);
  if (!/^\d{17}[\dX]$/.test(id)) return '身份证号应为18位（最后一位可为X）';
  const province = Number(id.slice(0, 2));
  if (province < 11 || province > 82) return '身份证号的地区码无效';
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const birth = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d || birth.getTime() > today.getTime()) return '身份证号中的出生日期无效';
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * WEIGHTS[i]!;
  if (CHECK[sum % 11] !== id[17]) return '身份证号校验位不正确';
  return null;
}

/** The check character for 17 digits (used by tests and the demo to build valid numbers). */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

/** HMAC-SHA256 (hex) of the normalised number under the server's key: equal numbers match, the number cannot be read back. */
export function hashIdNumber(raw: string, secret: string): string {
  return crypto.createHmac('sha256', secret).update(normalizeIdNumber(raw)).digest('hex');
}

/** 370102199001011234 → 3701**********1234 (region prefix and last four kept). */
export function maskIdNumber(raw: string): string {
  const id = normalizeIdNumber(raw);
  return `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}`;
}

/** 13812345678 → 138****5678; other numbers keep their last four digits only. */
export function maskPhone(raw: string): string {
  const digits = raw.replace(/[\s-]/g, '');
  if (/^1\d{10}$/.test(digits)) return `${digits.slice(0, 3)}****${digits.slice(7)}`;
  if (digits.length <= 4) return '*'.repeat(digits.length);
  return `${'*'.repeat(digits.length - 4)}${digits.slice(-4)}`;
}

/** A date period [from, to]; `to` null = still running. Dates are YYYY-MM-DD strings (they compare as text). */
export interface Period {
  from: string;
  to: string | null;
}

/** The days two periods share, or null when they do not overlap. */
export function overlapOf(a: Period, b: Period): Period | null {
  const from = a.from > b.from ? a.from : b.from;
  const to = a.to === null ? b.to : b.to === null ? a.to : a.to < b.to ? a.to : b.to;
  if (to !== null && to < from) return null;
  return { from, to };
}

/** YYYY-MM-DD `months` calendar months before `day` (clamped to the month's last day). */
export function monthsBefore(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) - months;
  const ty = Math.floor(total / 12);
  const tm = total % 12;
  const last = new Date(Date.UTC(ty, tm + 1, 0)).getUTCDate();
  return `${ty}-${String(tm + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** Detection thresholds, per region (`personnel_rule_setting`); the defaults apply where a region sets none. */
export interface PersonnelRules {
  /** Most elevators one safety manager may be responsible for (domain brief §11: configurable, default 50). */
  'safetyManager.cap': number;
  /** A registered worker or inspector with no record or report in this many months is "never seen". */
  'neverSeen.months': number;
  /** How far back (months) the record-based detections read maintenance records and inspection reports. */
  'records.months': number;
}

export const DEFAULT_PERSONNEL_RULES: PersonnelRules = { 'safetyManager.cap': 50, 'neverSeen.months': 6, 'records.months': 12 };
