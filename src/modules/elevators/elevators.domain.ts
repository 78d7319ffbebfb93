import fs from 'node:fs';
import path from 'node:path';
import { parseSimpleCsv } from '../../lib/csv.ts';

/** Registry vocabulary and rules (domain brief §3–4). Pure: no store, no clock of its own. */

export interface Category {
  code: string;
  level: 'category' | 'class' | 'variety';
  nameZh: string;
  nameEn: string;
  parentCode: string | null;
  /** TSG T5002 annex (A traction, B hydraulic, C dumbwaiter, D escalator). */
  annex: string | null;
}

export const CATEGORIES: Category[] = parseSimpleCsv(
  fs.readFileSync(path.resolve(import.meta.dirname, '../../../vendor/regulations/special-equipment-categories.csv'), 'utf8'),
).map((r) => ({
  code: r.code,
  level: r.level as Category['level'],
  nameZh: r.name_zh,
  nameEn: r.name_en,
  parentCode: r.parent_code || null,
  annex: r.maintenance_annex || null,
}));

/** Categories an elevator record may carry: the varieties (品种), e.g. 3110 曳引驱动乘客电梯. */
export const VARIETIES = CATEGORIES.filter((c) => c.level === 'variety');
const VARIETY_BY_CODE = new Map(VARIETIES.map((c) => [c.code, c]));
const VARIETY_BY_NAME = new Map(VARIETIES.map((c) => [c.nameZh, c]));

export function categoryByCodeOrName(value: string): Category | undefined {
  const v = value.trim();
  return VARIETY_BY_CODE.get(v) ?? VARIETY_BY_NAME.get(v);
}

export function categoryName(code: string): string {
  return VARIETY_BY_CODE.get(code)?.nameZh ?? code;
}

/** Passenger-carrying varieties: the ones 96333 must cover. */
export const PASSENGER_CATEGORIES = ['3110', '3210', '3310', '3320', '3410', '3420'];

export const STATUSES = ['IN_USE', 'STOPPED', 'SCRAPPED', 'CANCELLED', 'UNREGISTERED'] as const;
export type Status = (typeof STATUSES)[number];
export const STATUS_ZH: Record<Status, string> = {
  IN_USE: '在用',
  STOPPED: '停用',
  SCRAPPED: '报废',
  CANCELLED: '注销',
  UNREGISTERED: '未登记',
};
const STATUS_BY_ZH = new Map(Object.entries(STATUS_ZH).map(([k, v]) => [v, k as Status]));
export function parseStatus(value: string): Status | undefined {
  const v = value.trim();
  return (STATUSES as readonly string[]).includes(v) ? (v as Status) : STATUS_BY_ZH.get(v);
}

/**
 * The lifecycle (TSG 08-2017): 在用 ⇄ 停用; 在用/停用 → 报废 → 注销; 未登记 → 在用 (registered at last) or 报废.
 * 注销 is final.
 */
export const TRANSITIONS: Record<Status, readonly Status[]> = {
  IN_USE: ['STOPPED', 'SCRAPPED'],
  STOPPED: ['IN_USE', 'SCRAPPED'],
  SCRAPPED: ['CANCELLED'],
  CANCELLED: [],
  UNREGISTERED: ['IN_USE', 'SCRAPPED'],
};

export function canTransition(from: Status, to: Status): boolean {
  return TRANSITIONS[from].includes(to);
}

/** A stop of at least this long needs a passed periodic inspection before the elevator runs again. */
export const LONG_STOP_DAYS = 365;

export const PLACE_TYPES = ['RESIDENTIAL', 'SCHOOL', 'HOSPITAL', 'MALL', 'TRANSPORT', 'OFFICE', 'HOTEL', 'INDUSTRIAL', 'OTHER'] as const;
export type PlaceType = (typeof PLACE_TYPES)[number];
export const PLACE_TYPE_ZH: Record<PlaceType, string> = {
  RESIDENTIAL: '住宅',
  SCHOOL: '学校',
  HOSPITAL: '医院',
  MALL: '商场超市',
  TRANSPORT: '交通场站',
  OFFICE: '办公',
  HOTEL: '宾馆',
  INDUSTRIAL: '工业',
  OTHER: '其他',
};
/** Other names seen in registers: kindergartens are schools to the education department (no separate place type). */
const PLACE_ALIASES: Record<string, PlaceType> = { 幼儿园: 'SCHOOL', 托幼机构: 'SCHOOL' };
const PLACE_BY_ZH = new Map([...Object.entries(PLACE_TYPE_ZH).map(([k, v]) => [v, k as PlaceType] as const), ...Object.entries(PLACE_ALIASES)]);
export function parsePlaceType(value: string): PlaceType | undefined {
  const v = value.trim();
  return (PLACE_TYPES as readonly string[]).includes(v) ? (v as PlaceType) : PLACE_BY_ZH.get(v);
}

/** GB/T 2260 province-level codes (first two digits). */
const PROVINCE_CODES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82',
]);

/**
 * 注册代码: 20 digits = category (4) + registering region (6, GB/T 2260) + YYYYMM (6) + serial (4).
 * `currentMonth` is YYYYMM of today; the code's month may not be later. Returns a Chinese reason or undefined.
 */
export function registrationCodeProblem(code: string, currentMonth: string): string | undefined {
  if (!/^\d{20}$/.test(code)) return '注册代码应为20位数字';
  if (!VARIETY_BY_CODE.has(code.slice(0, 4)) && !CATEGORIES.some((c) => c.level === 'class' && c.code === code.slice(0, 4)))
    return `注册代码前4位 ${code.slice(0, 4)} 不是电梯设备品种代码`;
  if (!PROVINCE_CODES.has(code.slice(4, 6))) return `注册代码第5–6位 ${code.slice(4, 6)} 不是省级行政区划代码`;
  const year = Number(code.slice(10, 14));
  const month = Number(code.slice(14, 16));
  if (year < 1950 || month < 1 || month > 12) return `注册代码中的年月 ${code.slice(10, 16)} 不是有效月份`;
  if (code.slice(10, 16) > currentMonth) return `注册代码中的年月 ${code.slice(10, 16)} 晚于当前月份`;
  return undefined;
}

/** 设备代码: category 4 + manufacturer 5 + year 4 + serial 5 (letters allowed past 99999). */
export function equipmentCodeProblem(code: string): string | undefined {
  if (!/^\d{4}[0-9A-Z]{5}\d{4}[0-9A-Z]{5}$/.test(code)) return '设备代码应为18位：品种4位 + 制造单位5位 + 年份4位 + 流水号5位';
  return undefined;
}

/** 使用登记证编号, validated loosely: e.g. 梯11鲁A01234(18). */
export function certificateNoProblem(no: string): string | undefined {
  if (no.length > 40) return '使用登记证编号过长';
  if (!/^梯/.test(no)) return '使用登记证编号应以“梯”开头';
  return undefined;
}

/** 应急救援识别码: a short numeric code on the car sticker. */
export function rescueCodeProblem(code: string): string | undefined {
  return /^\d{5,7}$/.test(code) ? undefined : '应急救援识别码应为5–7位数字';
}

/** Age in whole years from commissioning (or manufacture) to `today` (YYYY-MM-DD). */
export function ageYears(since: string | null, today: string): number | null {
  if (!since) return null;
  let years = Number(today.slice(0, 4)) - Number(since.slice(0, 4));
  if (today.slice(5) < since.slice(5)) years--;
  return Math.max(0, years);
}

export const AGE_BUCKETS = [
  { key: 'lt5', label: '5年以下', min: 0, max: 5 },
  { key: '5to10', label: '5–10年', min: 5, max: 10 },
  { key: '10to15', label: '10–15年', min: 10, max: 15 },
  { key: '15to20', label: '15–20年', min: 15, max: 20 },
  { key: 'ge20', label: '20年及以上', min: 20, max: Infinity },
] as const;
