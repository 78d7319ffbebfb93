/**
 * Maintenance rules (TSG T5002-2017, domain brief §6) as pure functions: when each cycle is next due, and the quality
 * checks on a record. Every check returns its evidence; nothing is a silent verdict.
 */
import { distanceKm } from '../emergency/emergency.domain.ts';
import { addDays, addMonths, daysBetween } from '../inspection/schedule.ts';
import { CYCLES, type CatalogItem, type Cycle } from './catalog.ts';

export const RESULTS = ['ok', 'adjusted', 'replaced', 'na', 'failed'] as const;
export type ItemResult = (typeof RESULTS)[number];

export const FLAG_CODES = [
  'MISSING_ITEMS',
  'VALUE_MISSING',
  'VALUE_OUT_OF_LIMITS',
  'TOO_SHORT',
  'FAR_FROM_ELEVATOR',
  'PHOTO_REUSED',
  'KEY_ITEM_NO_PHOTO',
  'WORKER_TWO_PLACES',
  'TOO_MANY_PER_DAY',
  'WORKER_UNKNOWN',
  'WORKER_CERT_EXPIRED',
  'WORKER_OTHER_COMPANY',
  'IOT_NORMAL_DURING_VISIT',
  'IOT_PASSENGERS_DURING_VISIT',
] as const;
export type FlagCode = (typeof FLAG_CODES)[number];
export interface Flag {
  code: FlagCode;
  message: string;
  evidence: Record<string, unknown>;
}

/** Thresholds, overridable per region (maintenance_rule_setting). */
export const MAINTENANCE_RULES = {
  /** Half-month items at most this many days apart (TSG T5002: 15). */
  halfMonthDays: 15,
  /** 1: on-demand maintenance (按需维保) allowed in the region. */
  onDemand: 0,
  /** Under on-demand maintenance: the half-month interval for elevators with good records (Shenzhen: 30)… */
  onDemandDays: 30,
  /** …and for those also connected to the IoT platform (Shenzhen: 90). */
  onDemandConnectedDays: 90,
  /** Least plausible minutes on site per cycle. */
  minMinutesHalfMonth: 20,
  minMinutesQuarter: 40,
  minMinutesHalfYear: 60,
  minMinutesYear: 90,
  /** Start or end further than this from the elevator (metres). */
  maxDistanceM: 300,
  /** More records than this for one worker on one day is implausible. */
  maxRecordsPerWorkerDay: 10,
  /** Minutes of normal service with someone in the car during a claimed visit that make it doubtful. */
  iotPassengerMinutes: 3,
} as const;
export type MaintenanceRuleKey = keyof typeof MAINTENANCE_RULES;
export type MaintenanceRules = Record<MaintenanceRuleKey, number>;

const MONTHS: Record<Exclude<Cycle, 'half_month'>, number> = { quarter: 3, half_year: 6, year: 12 };

/** Each cycle's last visit (a visit of a longer cycle counts for the shorter ones: the tables are cumulative). */
export interface Visits {
  half_month: string | null;
  quarter: string | null;
  half_year: string | null;
  year: string | null;
}

export function afterVisit(prev: Visits, cycle: Cycle, date: string): Visits {
  const out = { ...prev };
  for (const c of CYCLES.slice(0, CYCLES.indexOf(cycle) + 1)) if (!out[c] || out[c]! < date) out[c] = date;
  return out;
}

/** The half-month interval for an elevator under the region's policy. */
export function halfMonthInterval(rules: MaintenanceRules, elevator: { connected: boolean; goodRecord: boolean }): number {
  if (!rules.onDemand || !elevator.goodRecord) return rules.halfMonthDays;
  return elevator.connected ? rules.onDemandConnectedDays : rules.onDemandDays;
}

/** When each cycle is next due; a cycle never done is due at once (`since`: contract start or today). */
export function nextDue(v: Visits, halfMonthDays: number, since: string): Record<Cycle, string> {
  return {
    half_month: v.half_month ? addDays(v.half_month, halfMonthDays) : since,
    quarter: v.quarter ? addMonths(v.quarter, MONTHS.quarter) : since,
    half_year: v.half_year ? addMonths(v.half_year, MONTHS.half_year) : since,
    year: v.year ? addMonths(v.year, MONTHS.year) : since,
  };
}

// ---- record checks

export interface RecordItem {
  code: string;
  result: ItemResult;
  value?: number | null;
}

/** Items of the cycle (cumulative) the record does not cover; numeric items without a value or beyond limits. */
export function checkItems(required: CatalogItem[], items: RecordItem[]): Flag[] {
  const flags: Flag[] = [];
  const byCode = new Map(items.map((i) => [i.code, i]));
  const missing = required.filter((r) => !byCode.has(r.code));
  if (missing.length)
    flags.push({ code: 'MISSING_ITEMS', message: `缺少本周期应做的 ${missing.length} 项：${missing.slice(0, 5).map((m) => `${m.code} ${m.name}`).join('、')}${missing.length > 5 ? ' 等' : ''}`, evidence: { missing: missing.map((m) => m.code), required: required.length } });
  for (const r of required) {
    if (r.judgeType !== 'NUMERIC') continue;
    const it = byCode.get(r.code);
    if (!it || it.result === 'na') continue;
    if (it.value === undefined || it.value === null) {
      flags.push({ code: 'VALUE_MISSING', message: `${r.code} ${r.name} 须填写测量值（${r.requirement}）`, evidence: { item: r.code } });
      continue;
    }
    const out = (r.min !== null && it.value < r.min) || (r.max !== null && it.value > r.max);
    if (out && it.result !== 'failed' && it.result !== 'adjusted' && it.result !== 'replaced')
      flags.push({ code: 'VALUE_OUT_OF_LIMITS', message: `${r.code} ${r.name} 测得 ${it.value}${r.unit ?? ''}（${r.requirement}），结果却记为合格`, evidence: { item: r.code, value: it.value, min: r.min, max: r.max, result: it.result } });
  }
  return flags;
}

export function minMinutes(rules: MaintenanceRules, cycle: Cycle): number {
  return { half_month: rules.minMinutesHalfMonth, quarter: rules.minMinutesQuarter, half_year: rules.minMinutesHalfYear, year: rules.minMinutesYear }[cycle];
}

export function checkTime(startedAt: Date, endedAt: Date, cycle: Cycle, rules: MaintenanceRules): Flag[] {
  const minutes = (endedAt.getTime() - startedAt.getTime()) / 60_000;
  const least = minMinutes(rules, cycle);
  return minutes < least ? [{ code: 'TOO_SHORT', message: `在场 ${Math.round(minutes)} 分钟，少于该周期合理下限 ${least} 分钟`, evidence: { minutes: Math.round(minutes * 10) / 10, least, cycle } }] : [];
}

export function checkPlace(elevator: { lat: number | null; lon: number | null }, start: { lat: number; lon: number }, end: { lat: number; lon: number }, rules: MaintenanceRules): Flag[] {
  if (elevator.lat === null || elevator.lon === null) return [];
  const flags: Flag[] = [];
  for (const [which, p] of [['开始', start], ['结束', end]] as const) {
    const m = distanceKm({ lon: elevator.lon, lat: elevator.lat }, { lon: p.lon, lat: p.lat }) * 1000;
    if (m > rules.maxDistanceM) flags.push({ code: 'FAR_FROM_ELEVATOR', message: `${which}定位距电梯 ${Math.round(m)} 米（上限 ${rules.maxDistanceM} 米）`, evidence: { at: which === '开始' ? 'start' : 'end', metres: Math.round(m), lat: p.lat, lon: p.lon } });
  }
  return flags;
}

/** Key items (numeric ones, and the brake) need a photo named to them. */
export function checkPhotos(required: CatalogItem[], items: RecordItem[], photos: { sha256: string; itemCode?: string }[], reusedElsewhere: Map<string, number>): Flag[] {
  const flags: Flag[] = [];
  for (const [sha, recordId] of reusedElsewhere) flags.push({ code: 'PHOTO_REUSED', message: `照片 ${sha.slice(0, 12)}… 已用于另一条维保记录（#${recordId}）`, evidence: { sha256: sha, otherRecord: recordId } });
  const done = new Set(items.filter((i) => i.result !== 'na').map((i) => i.code));
  const photographed = new Set(photos.map((p) => p.itemCode).filter(Boolean));
  const key = required.filter((r) => done.has(r.code) && (r.judgeType === 'NUMERIC' || /制动器/.test(r.name)));
  const lacking = key.filter((k) => !photographed.has(k.code));
  if (lacking.length) flags.push({ code: 'KEY_ITEM_NO_PHOTO', message: `关键项目缺少照片：${lacking.map((k) => `${k.code} ${k.name}`).join('、')}`, evidence: { items: lacking.map((k) => k.code) } });
  return flags;
}

export interface WorkerRegistration {
  orgId: number;
  orgName: string;
  certificateNo: string;
  validTo: string | null;
  employedFrom: string;
  employedTo: string | null;
}

/** Each worker: registered with the company on the day, certificate valid, not employed by another company too. */
export function checkWorkers(orgId: number, day: string, workers: { name: string; certificateNo: string }[], regs: WorkerRegistration[]): Flag[] {
  const flags: Flag[] = [];
  const on = (r: WorkerRegistration) => r.employedFrom <= day && (!r.employedTo || r.employedTo >= day);
  for (const w of workers) {
    const mine = regs.find((r) => r.certificateNo === w.certificateNo && r.orgId === orgId && on(r));
    if (!mine) flags.push({ code: 'WORKER_UNKNOWN', message: `作业人员 ${w.name}（证书 ${w.certificateNo}）当日不是本单位登记人员`, evidence: { ...w, day } });
    else if (mine.validTo && mine.validTo < day) flags.push({ code: 'WORKER_CERT_EXPIRED', message: `作业人员 ${w.name} 的证书已于 ${mine.validTo} 过期`, evidence: { ...w, validTo: mine.validTo, day } });
    const others = regs.filter((r) => r.certificateNo === w.certificateNo && r.orgId !== orgId && on(r));
    if (others.length) flags.push({ code: 'WORKER_OTHER_COMPANY', message: `证书 ${w.certificateNo}（${w.name}）当日同时登记于 ${others.map((o) => o.orgName).join('、')}`, evidence: { ...w, others: others.map((o) => ({ id: o.orgId, name: o.orgName })) } });
  }
  return flags;
}

/** One worker: another record overlapping in time at another elevator; too many records that day. */
export function checkWorkerDay(
  worker: { name: string; certificateNo: string },
  elevatorId: number,
  startedAt: Date,
  endedAt: Date,
  sameDay: { recordId: number; elevatorId: number; startedAt: Date; endedAt: Date }[],
  rules: MaintenanceRules,
): Flag[] {
  const flags: Flag[] = [];
  const clash = sameDay.find((o) => o.elevatorId !== elevatorId && o.startedAt < endedAt && o.endedAt > startedAt);
  if (clash) flags.push({ code: 'WORKER_TWO_PLACES', message: `${worker.name} 同一时段在另一台电梯作业（记录 #${clash.recordId}）`, evidence: { certificateNo: worker.certificateNo, otherRecord: clash.recordId, otherElevator: clash.elevatorId } });
  if (sameDay.length + 1 > rules.maxRecordsPerWorkerDay)
    flags.push({ code: 'TOO_MANY_PER_DAY', message: `${worker.name} 当日有 ${sameDay.length + 1} 条维保记录（上限 ${rules.maxRecordsPerWorkerDay}）`, evidence: { certificateNo: worker.certificateNo, count: sameDay.length + 1 } });
  return flags;
}

/** Days since the last visit, for the overdue list. */
export function daysSince(last: string, today: string): number {
  return daysBetween(last, today);
}

/**
 * Cross-check with the elevator's terminal: a visit means the car leaves normal service (inspection or maintenance
 * mode) at some point. If the terminal was reporting and said "normal" from before the visit to its end, the record
 * is doubtful. `log` is the mode history from before the start (the mode in force at the start is its last entry
 * at or before it).
 */
export function checkIotModes(visit: { startedAt: Date; endedAt: Date }, log: { at: Date; mode: string }[], reporting: boolean): Flag[] {
  if (!reporting || !log.length) return [];
  const before = log.filter((l) => l.at <= visit.startedAt);
  const during = log.filter((l) => l.at > visit.startedAt && l.at <= visit.endedAt);
  const atStart = before.at(-1)?.mode;
  if (!atStart) return [];
  const modes = [atStart, ...during.map((d) => d.mode)];
  if (modes.some((m) => m !== 'normal')) return [];
  return [
    {
      code: 'IOT_NORMAL_DURING_VISIT',
      message: '物联网终端显示维保时段内电梯一直处于正常运行模式，未进入检修或维保状态',
      evidence: { modeAtStart: atStart, since: before.at(-1)!.at.toISOString(), changesDuringVisit: during.length },
    },
  ];
}

/** One Beijing-time day of occupancy: `bits[i]` is '1' when minute i had someone in the car. */
export interface OccupancyDay {
  day: string;
  bits: string;
}

/**
 * IoT: the car carried passengers in normal service during the claimed visit. A minute counts when the terminal
 * reported someone in the car and the mode log says normal service then (a technician in the car during a visit
 * runs it in inspection or maintenance mode; with no mode known, nothing is claimed).
 */
export function checkIotPassengers(visit: { startedAt: Date; endedAt: Date }, modeLog: { at: Date; mode: string }[], occupancy: OccupancyDay[], minMinutes: number): Flag[] {
  if (!occupancy.length || !modeLog.length) return [];
  const byDay = new Map(occupancy.map((o) => [o.day, o.bits]));
  const log = [...modeLog].sort((a, b) => a.at.getTime() - b.at.getTime());
  const first = Math.floor(visit.startedAt.getTime() / 60_000);
  const last = Math.ceil(visit.endedAt.getTime() / 60_000) - 1;
  const minutes: Date[] = [];
  let j = -1;
  for (let m = first; m <= last; m++) {
    const t = m * 60_000;
    while (j + 1 < log.length && log[j + 1]!.at.getTime() <= t) j++;
    if (j < 0 || log[j]!.mode !== 'normal') continue;
    const local = m + 8 * 60;
    const dayIndex = Math.floor(local / 1440);
    const bits = byDay.get(new Date(dayIndex * 86_400_000).toISOString().slice(0, 10));
    if (bits?.[local - dayIndex * 1440] === '1') minutes.push(new Date(t));
  }
  if (minutes.length < minMinutes) return [];
  return [
    {
      code: 'IOT_PASSENGERS_DURING_VISIT',
      message: `物联网终端显示维保时段内电梯以正常模式载客运行 ${minutes.length} 分钟`,
      evidence: { occupiedMinutes: minutes.length, first: minutes[0]!.toISOString(), last: minutes.at(-1)!.toISOString(), thresholdMinutes: minMinutes },
    },
  ];
}

// ---- company grading

/** Indicators of a company's period, each with the counts it comes from (traceable to records). */
export interface CompanyFacts {
  elevators: number;
  /** Elevators with at least the expected number of visits in the period. */
  onTimeElevators: number;
  records: number;
  flaggedRecords: number;
  entrapments: number;
  faults: number;
  tier1Dispatches: number;
  arrivedIn30: number;
  inspections: number;
  inspectionsPassedFirstTime: number;
  /** Automatic-D triggers found: expired licence, an accident with injuries, an upheld serious violation. */
  triggers: string[];
}

export const GRADE_WEIGHTS = { onTime: 30, recordQuality: 20, entrapments: 15, faults: 10, rescue: 15, inspection: 10 } as const;
export type GradeWeights = Record<keyof typeof GRADE_WEIGHTS, number>;

export interface Indicator {
  key: keyof typeof GRADE_WEIGHTS;
  value: number | null;
  /** 0–100. */
  score: number;
  weight: number;
  points: number;
  basis: string;
}

const clamp = (x: number) => Math.max(0, Math.min(100, x));
const r1 = (x: number) => Math.round(x * 10) / 10;

/**
 * A 100-point score from six indicators, each scored 0–100 and weighted (weights per region); grade A ≥ 90, B ≥ 75,
 * C ≥ 60, D below — or D whatever the score when an automatic trigger applies. Indicators without data score as full
 * marks with their weight shown, so a company is not punished for what the platform cannot see.
 */
export function gradeCompany(f: CompanyFacts, weights: GradeWeights = { ...GRADE_WEIGHTS }): { score: number; grade: 'A' | 'B' | 'C' | 'D'; indicators: Indicator[]; triggers: string[] } {
  const per100 = (n: number) => (f.elevators ? (n * 100) / f.elevators : null);
  const rate = (a: number, b: number) => (b ? a / b : null);
  const list: Omit<Indicator, 'weight' | 'points'>[] = [];
  const onTime = rate(f.onTimeElevators, f.elevators);
  list.push({ key: 'onTime', value: onTime === null ? null : r1(onTime * 100), score: onTime === null ? 100 : clamp(onTime * 100), basis: `${f.onTimeElevators}/${f.elevators} 台电梯按期维保` });
  const flagged = rate(f.flaggedRecords, f.records);
  list.push({ key: 'recordQuality', value: flagged === null ? null : r1(flagged * 100), score: flagged === null ? 100 : clamp(100 - flagged * 200), basis: `${f.flaggedRecords}/${f.records} 条记录有核查提示` });
  const ent = per100(f.entrapments);
  list.push({ key: 'entrapments', value: ent === null ? null : r1(ent), score: ent === null ? 100 : clamp(100 - ent * 20), basis: `困人 ${f.entrapments} 次 / ${f.elevators} 台` });
  const flt = per100(f.faults);
  list.push({ key: 'faults', value: flt === null ? null : r1(flt), score: flt === null ? 100 : clamp(100 - flt * 5), basis: `故障告警 ${f.faults} 次 / ${f.elevators} 台` });
  const arr = rate(f.arrivedIn30, f.tier1Dispatches);
  list.push({ key: 'rescue', value: arr === null ? null : r1(arr * 100), score: arr === null ? 100 : clamp(arr * 100), basis: `一级派单 ${f.tier1Dispatches} 次，30 分钟内到达 ${f.arrivedIn30} 次` });
  const insp = rate(f.inspectionsPassedFirstTime, f.inspections);
  list.push({ key: 'inspection', value: insp === null ? null : r1(insp * 100), score: insp === null ? 100 : clamp(insp * 100), basis: `定期检验 ${f.inspections} 次，一次合格 ${f.inspectionsPassedFirstTime} 次` });
  const totalWeight = Object.values(weights).reduce((a, b) => a + b, 0) || 1;
  const indicators = list.map((i) => {
    const weight = weights[i.key];
    return { ...i, score: r1(i.score), weight, points: r1((i.score * weight) / totalWeight) };
  });
  const score = r1(indicators.reduce((a, i) => a + (i.score * i.weight) / totalWeight, 0));
  const grade = f.triggers.length ? 'D' : score >= 90 ? 'A' : score >= 75 ? 'B' : score >= 60 ? 'C' : 'D';
  return { score, grade, indicators, triggers: f.triggers };
}
