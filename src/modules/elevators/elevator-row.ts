import {
  categoryByCodeOrName,
  certificateNoProblem,
  equipmentCodeProblem,
  parsePlaceType,
  parseStatus,
  registrationCodeProblem,
  rescueCodeProblem,
  type PlaceType,
  type Status,
} from './elevators.domain.ts';
import { usccProblem, USCC_PROBLEM_ZH } from '../orgs/uscc.ts';
import type { RegionDirectory } from '../regions/regions.service.ts';
import type { FieldError } from '../../server/http/errors.ts';

/**
 * The registry's record fields as they arrive from outside (import files, API bodies), in template order.
 * `zh` is the fixed Chinese template header; `key` the English field name accepted as a header too.
 */
export const ELEVATOR_FIELDS = [
  { key: 'registrationCode', zh: '注册代码' },
  { key: 'equipmentCode', zh: '设备代码' },
  { key: 'certificateNo', zh: '使用登记证编号' },
  { key: 'rescueCode', zh: '救援识别码' },
  { key: 'category', zh: '设备品种' },
  { key: 'regionCode', zh: '所在区划代码' },
  { key: 'address', zh: '安装地址' },
  { key: 'placeName', zh: '场所名称' },
  { key: 'placeType', zh: '场所类别' },
  { key: 'useUnitName', zh: '使用单位' },
  { key: 'useUnitCreditCode', zh: '使用单位信用代码' },
  { key: 'maintenanceName', zh: '维保单位' },
  { key: 'maintenanceCreditCode', zh: '维保单位信用代码' },
  { key: 'maintenancePhone', zh: '维保电话' },
  { key: 'manufacturerName', zh: '制造单位' },
  { key: 'model', zh: '型号' },
  { key: 'factoryNo', zh: '出厂编号' },
  { key: 'manufactureDate', zh: '制造日期' },
  { key: 'commissioningDate', zh: '投入使用日期' },
  { key: 'registrationDate', zh: '登记日期' },
  { key: 'acceptanceDate', zh: '监督检验日期' },
  { key: 'status', zh: '设备状态' },
  { key: 'floors', zh: '层站数' },
  { key: 'ratedSpeed', zh: '额定速度' },
  { key: 'ratedLoad', zh: '额定载重量' },
  { key: 'ascendingOverspeedProtection', zh: '上行超速保护' },
  { key: 'longitude', zh: '经度' },
  { key: 'latitude', zh: '纬度' },
] as const;

export type FieldKey = (typeof ELEVATOR_FIELDS)[number]['key'];
export type RawRow = Partial<Record<FieldKey, unknown>>;
const ZH_BY_KEY = new Map<string, string>(ELEVATOR_FIELDS.map((f) => [f.key, f.zh]));
const KEY_BY_HEADER = new Map<string, FieldKey>(ELEVATOR_FIELDS.flatMap((f) => [[f.zh, f.key], [f.key, f.key], [f.key.toLowerCase(), f.key]] as [string, FieldKey][]));

/** Maps a file's header cell (Chinese template name or English field name) to a field key. */
export function headerToKey(header: string): FieldKey | undefined {
  const h = header.replace(/^\uFEFF/, '').trim();
  return KEY_BY_HEADER.get(h) ?? KEY_BY_HEADER.get(h.toLowerCase());
}

export interface OrgRef {
  name: string;
  creditCode: string | null;
}

/** A record that passed every row rule, normalised. */
export interface ElevatorFields {
  registrationCode: string;
  equipmentCode: string | null;
  certificateNo: string | null;
  rescueCode: string | null;
  categoryCode: string;
  regionCode: string;
  address: string;
  placeName: string | null;
  placeType: PlaceType;
  useUnit: OrgRef | null;
  maintenance: OrgRef | null;
  maintenancePhone: string | null;
  manufacturerName: string | null;
  model: string | null;
  factoryNo: string | null;
  manufactureDate: string | null;
  commissioningDate: string | null;
  registrationDate: string | null;
  acceptanceDate: string | null;
  status: Status;
  floors: number | null;
  ratedSpeed: number | null;
  ratedLoad: number | null;
  ascendingOverspeedProtection: boolean | null;
  longitude: number | null;
  latitude: number | null;
}

export type RowResult =
  | { ok: true; value: ElevatorFields; warnings: FieldError[] }
  | { ok: false; errors: FieldError[]; warnings: FieldError[] };

export interface RowRules {
  regions: RegionDirectory;
  /** Today in Asia/Shanghai, YYYY-MM-DD. */
  today: string;
}

function text(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object' && v && 'text' in v) return String((v as { text: unknown }).text).trim(); // XLSX rich text
  return String(v).trim();
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** YYYY-MM-DD, YYYY/M/D, YYYY.M.D or a spreadsheet date → YYYY-MM-DD; undefined if not a real date. */
export function parseDate(v: unknown): string | undefined {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : v.toISOString().slice(0, 10);
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(text(v)) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(text(v));
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return undefined;
  // Formatted by hand: Date#toISOString was a fifth of the whole row validation.
  return `${m[1]}-${mo < 10 ? '0' : ''}${mo}-${d < 10 ? '0' : ''}${d}`;
}

/**
 * Validates and normalises one record. Every problem is reported (not just the first), each naming its field;
 * 3712xx region codes are accepted with a warning. Uniqueness across rows and the store is checked by the caller.
 */
export function validateElevatorRow(raw: RawRow, rules: RowRules): RowResult {
  const errors: FieldError[] = [];
  const warnings: FieldError[] = [];
  const fail = (field: FieldKey, message: string) => errors.push({ field, message: `${ZH_BY_KEY.get(field)}：${message}` });
  const warn = (field: FieldKey, message: string) => warnings.push({ field, message: `${ZH_BY_KEY.get(field)}：${message}` });
  const opt = (k: FieldKey, max = 200): string | null => {
    const s = text(raw[k]);
    if (s.length > max) {
      fail(k, `长度不能超过 ${max} 个字符`);
      return null;
    }
    return s || null;
  };
  const currentMonth = rules.today.slice(0, 4) + rules.today.slice(5, 7);

  const registrationCode = text(raw.registrationCode);
  if (!registrationCode) fail('registrationCode', '不能为空');
  else {
    const p = registrationCodeProblem(registrationCode, currentMonth);
    if (p) fail('registrationCode', p.replace(/^注册代码/, ''));
  }

  const equipmentCode = opt('equipmentCode', 18)?.toUpperCase() ?? null;
  if (equipmentCode) {
    const p = equipmentCodeProblem(equipmentCode);
    if (p) fail('equipmentCode', p.replace(/^设备代码/, ''));
  }
  const certificateNo = opt('certificateNo', 40);
  if (certificateNo) {
    const p = certificateNoProblem(certificateNo);
    if (p) fail('certificateNo', p.replace(/^使用登记证编号/, ''));
  }
  const rescueCode = opt('rescueCode', 7);
  if (rescueCode) {
    const p = rescueCodeProblem(rescueCode);
    if (p) fail('rescueCode', p.replace(/^应急救援识别码/, ''));
  }

  const categoryRaw = text(raw.category);
  const category = categoryRaw ? categoryByCodeOrName(categoryRaw) : undefined;
  if (!categoryRaw) fail('category', '不能为空');
  else if (!category) fail('category', `“${categoryRaw}”不是电梯设备品种（如 3110 或 曳引驱动乘客电梯）`);
  else if (registrationCode.length === 20 && !registrationCode.startsWith(category.code))
    warn('category', `与注册代码前4位 ${registrationCode.slice(0, 4)} 不一致`);

  const regionRaw = text(raw.regionCode);
  let regionCode = '';
  if (!regionRaw) fail('regionCode', '不能为空');
  else {
    const resolved = rules.regions.resolve(regionRaw, { countyLevelOnly: true });
    if (!resolved) fail('regionCode', `“${regionRaw}”不是已知的县级行政区划或开发区代码`);
    else {
      regionCode = resolved.region.code;
      if (resolved.warning) warn('regionCode', `已按区划调整映射：${resolved.warning}`);
    }
  }

  const address = opt('address', 200);
  if (!address) fail('address', '不能为空');
  const placeName = opt('placeName', 100);
  const placeRaw = text(raw.placeType);
  const placeType = placeRaw ? parsePlaceType(placeRaw) : 'OTHER';
  if (!placeType) fail('placeType', `“${placeRaw}”应为 住宅/学校/医院/商场超市/交通场站/办公/宾馆/工业/其他 之一`);

  const org = (nameKey: FieldKey, codeKey: FieldKey): OrgRef | null => {
    const name = opt(nameKey, 100);
    const codeRaw = opt(codeKey, 30);
    let creditCode: string | null = null;
    if (codeRaw) {
      const c = codeRaw.toUpperCase();
      const p = usccProblem(c);
      if (p) fail(codeKey, USCC_PROBLEM_ZH[p].replace(/^统一社会信用代码/, ''));
      else creditCode = c;
    }
    if (!name && codeRaw) fail(nameKey, '填写了信用代码时单位名称不能为空');
    return name ? { name, creditCode } : null;
  };
  const useUnit = org('useUnitName', 'useUnitCreditCode');
  const maintenance = org('maintenanceName', 'maintenanceCreditCode');
  const maintenancePhone = opt('maintenancePhone', 30);
  if (maintenancePhone && !/^[0-9\-+() ]{5,30}$/.test(maintenancePhone)) fail('maintenancePhone', '电话号码格式不正确');

  const date = (k: FieldKey): string | null => {
    const s = raw[k];
    if (text(s) === '') return null;
    const d = parseDate(s);
    if (!d) {
      fail(k, `“${text(s)}”不是有效日期（YYYY-MM-DD 或 YYYY/M/D）`);
      return null;
    }
    if (d > rules.today) {
      fail(k, `${d} 晚于今天`);
      return null;
    }
    if (d < '1950-01-01') {
      fail(k, `${d} 早于 1950 年`);
      return null;
    }
    return d;
  };
  const manufactureDate = date('manufactureDate');
  const commissioningDate = date('commissioningDate');
  const registrationDate = date('registrationDate');
  const acceptanceDate = date('acceptanceDate');
  if (manufactureDate && commissioningDate && manufactureDate > commissioningDate)
    fail('commissioningDate', `投入使用日期 ${commissioningDate} 早于制造日期 ${manufactureDate}`);

  const statusRaw = text(raw.status);
  const status = statusRaw ? parseStatus(statusRaw) : 'IN_USE';
  if (!status) fail('status', `“${statusRaw}”应为 在用/停用/报废/注销 之一`);
  if (status === 'IN_USE' && !useUnit) warn('useUnitName', '在用电梯未填写使用单位（无使用单位的电梯不得使用）');

  const num = (k: FieldKey, min: number, max: number, unit: string, integer = false): number | null => {
    const s = text(raw[k]);
    if (!s) return null;
    const n = Number(s);
    if (!Number.isFinite(n)) {
      fail(k, `“${s}”不是数字`);
      return null;
    }
    if (integer && !Number.isInteger(n)) {
      fail(k, `“${s}”应为整数`);
      return null;
    }
    if (n < min || n > max) {
      fail(k, `${n}${unit} 超出合理范围（${min}–${max}${unit}）`);
      return null;
    }
    return n;
  };
  const floors = num('floors', 1, 200, '', true);
  const ratedSpeed = num('ratedSpeed', 0.1, 21, ' m/s');
  const ratedLoad = num('ratedLoad', 40, 50000, ' kg', true);
  const longitude = num('longitude', 73, 136, '°');
  const latitude = num('latitude', 3, 54, '°');
  if ((longitude === null) !== (latitude === null) && !errors.some((e) => e.field === 'longitude' || e.field === 'latitude'))
    fail(longitude === null ? 'longitude' : 'latitude', '经度和纬度应同时填写');

  const aopRaw = text(raw.ascendingOverspeedProtection);
  let ascendingOverspeedProtection: boolean | null = null;
  if (aopRaw) {
    if (['有', 'true', '1', 'yes', 'Y', '是'].includes(aopRaw)) ascendingOverspeedProtection = true;
    else if (['无', 'false', '0', 'no', 'N', '否'].includes(aopRaw)) ascendingOverspeedProtection = false;
    else fail('ascendingOverspeedProtection', `“${aopRaw}”应为 有 或 无`);
  }

  if (errors.length) return { ok: false, errors, warnings };
  return {
    ok: true,
    warnings,
    value: {
      registrationCode,
      equipmentCode,
      certificateNo,
      rescueCode,
      categoryCode: category!.code,
      regionCode,
      address: address!,
      placeName,
      placeType: placeType!,
      useUnit,
      maintenance,
      maintenancePhone,
      manufacturerName: opt('manufacturerName', 100),
      model: opt('model', 60),
      factoryNo: opt('factoryNo', 60),
      manufactureDate,
      commissioningDate,
      registrationDate,
      acceptanceDate,
      status: status!,
      floors,
      ratedSpeed,
      ratedLoad,
      ascendingOverspeedProtection,
      longitude,
      latitude,
    },
  };
}
