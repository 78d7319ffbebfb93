/**
 * Report quality checks (domain brief §5, §11: missing key data, hazards missed, false reports, on-site inspector
 * different from the signer, lent certificates). Each check is a pure function over the facts a service gathered;
 * each finding carries its evidence, so a regulator sees why, never a bare verdict.
 */
import { distanceKm } from '../emergency/emergency.domain.ts';

export const REPORT_TYPES = ['acceptance', 'periodic', 'self_test', 'reinspection'] as const;
export const CONCLUSIONS = ['pass', 'pass_after_reinspection', 'fail', 'fail_after_reinspection', 'pending'] as const;
export const SUPERVISORY_KINDS = ['installation', 'modernisation', 'major_repair'] as const;
export const DEFECT_SEVERITIES = ['serious', 'general'] as const;

export const FLAG_CODES = [
  'KEY_DATA_MISSING',
  'KEY_DATA_OUT_OF_RANGE',
  'SIGNER_ON_SITE',
  'SIGNER_NOT_QUALIFIED',
  'INSPECTOR_UNKNOWN',
  'CERT_EXPIRED',
  'SAME_DAY_TOO_FAR',
  'TOO_MANY_PER_DAY',
  'CERT_TWO_EMPLOYERS',
  'HAZARD_MISSED',
] as const;
export type FlagCode = (typeof FLAG_CODES)[number];

export interface Flag {
  code: FlagCode;
  message: string;
  evidence: Record<string, unknown>;
}

/** Rule values, overridable per region (inspection_rule_setting). */
export const INSPECTION_RULES = {
  /** 1: the signer (审核/批准) may not be one of the on-site inspectors. */
  signerOnSiteForbidden: 1,
  /** More reports than this for one inspector on one day is implausible. */
  maxElevatorsPerInspectorDay: 12,
  /** Two elevators inspected by one person on one day further apart than this (km). */
  maxSameDayDistanceKm: 150,
  /** A passed report followed within this many days by an entrapment or critical fault: hazard possibly missed. */
  missedHazardDays: 30,
  /** Rectification deadlines (days after the report date). */
  deadlineDaysSerious: 15,
  deadlineDaysGeneral: 60,
} as const;
export type InspectionRuleKey = keyof typeof INSPECTION_RULES;
export type InspectionRules = Record<InspectionRuleKey, number>;

export interface KeyItem {
  key: string;
  name: string;
  unit: string | null;
  min: number | null;
  max: number | null;
  required: boolean;
}

/** Key measured data: required items present; numbers within their range; pass/fail items say which. */
export function checkKeyData(measurements: Record<string, unknown>, items: KeyItem[], conclusion: string): Flag[] {
  const flags: Flag[] = [];
  const finished = conclusion !== 'pending';
  for (const it of items) {
    const v = measurements[it.key];
    if (v === undefined || v === null || v === '') {
      if (it.required && finished) flags.push({ code: 'KEY_DATA_MISSING', message: `缺少关键数据：${it.name}`, evidence: { item: it.key, name: it.name } });
      continue;
    }
    if (it.unit === 'pass') {
      const ok = v === true || v === 'pass' || v === '合格';
      const bad = v === false || v === 'fail' || v === '不合格';
      if (!ok && !bad) flags.push({ code: 'KEY_DATA_OUT_OF_RANGE', message: `${it.name}应为“合格”或“不合格”`, evidence: { item: it.key, value: v } });
      else if (bad && (conclusion === 'pass' || conclusion === 'pass_after_reinspection'))
        flags.push({ code: 'KEY_DATA_OUT_OF_RANGE', message: `${it.name}不合格，报告结论却为合格`, evidence: { item: it.key, value: v, conclusion } });
      continue;
    }
    const n = typeof v === 'number' ? v : Number(v);
    if (!Number.isFinite(n)) {
      flags.push({ code: 'KEY_DATA_OUT_OF_RANGE', message: `${it.name}不是数值`, evidence: { item: it.key, value: v } });
      continue;
    }
    if ((it.min !== null && n < it.min) || (it.max !== null && n > it.max)) {
      const range = `${it.min ?? '−∞'}–${it.max ?? '∞'}${it.unit ?? ''}`;
      flags.push({ code: 'KEY_DATA_OUT_OF_RANGE', message: `${it.name} ${n}${it.unit ?? ''} 超出范围 ${range}`, evidence: { item: it.key, value: n, min: it.min, max: it.max, conclusion } });
    }
  }
  return flags;
}

export interface PersonOnReport {
  name: string;
  certificateNo: string;
}

/** An inspector's registration (certificate at an employer over a period). */
export interface Registration {
  orgId: number;
  orgName: string;
  certificateNo: string;
  name: string;
  qualification: string;
  validTo: string | null;
  employedFrom: string;
  employedTo: string | null;
}

const employedOn = (r: Registration, date: string) => r.employedFrom <= date && (!r.employedTo || r.employedTo >= date);

/**
 * The people on the report against the registry of inspectors: known to the agency on the date, certificates valid
 * on the date, the signer not also on site (where the rule forbids), and no certificate held at two employers at once.
 */
export function checkPeople(
  report: { agencyOrgId: number; date: string; inspectors: PersonOnReport[]; signer: PersonOnReport },
  registrations: Registration[],
  rules: InspectionRules,
): Flag[] {
  const flags: Flag[] = [];
  const atAgency = (cert: string) => registrations.find((r) => r.certificateNo === cert && r.orgId === report.agencyOrgId && employedOn(r, report.date));
  for (const p of report.inspectors) {
    const reg = atAgency(p.certificateNo);
    if (!reg) {
      flags.push({ code: 'INSPECTOR_UNKNOWN', message: `检验人员 ${p.name}（证书 ${p.certificateNo}）在检验日不是本机构登记的检验人员`, evidence: { name: p.name, certificateNo: p.certificateNo, date: report.date } });
      continue;
    }
    if (reg.validTo && reg.validTo < report.date)
      flags.push({ code: 'CERT_EXPIRED', message: `检验人员 ${p.name} 的证书 ${p.certificateNo} 已于 ${reg.validTo} 过期（检验日 ${report.date}）`, evidence: { name: p.name, certificateNo: p.certificateNo, validTo: reg.validTo, date: report.date } });
  }
  const signerReg = atAgency(report.signer.certificateNo);
  if (!signerReg)
    flags.push({ code: 'SIGNER_NOT_QUALIFIED', message: `签发人 ${report.signer.name}（证书 ${report.signer.certificateNo}）在检验日不是本机构登记的检验人员`, evidence: { ...report.signer, date: report.date } });
  else if (signerReg.validTo && signerReg.validTo < report.date)
    flags.push({ code: 'SIGNER_NOT_QUALIFIED', message: `签发人 ${report.signer.name} 的证书已于 ${signerReg.validTo} 过期`, evidence: { ...report.signer, validTo: signerReg.validTo, date: report.date } });
  if (rules.signerOnSiteForbidden && report.inspectors.some((p) => p.certificateNo === report.signer.certificateNo))
    flags.push({ code: 'SIGNER_ON_SITE', message: `签发人 ${report.signer.name} 同时列为现场检验人员`, evidence: { ...report.signer } });
  // 挂证: one certificate registered at two employers on the inspection date.
  for (const p of [...report.inspectors, report.signer]) {
    const employers = registrations.filter((r) => r.certificateNo === p.certificateNo && employedOn(r, report.date));
    const orgs = [...new Map(employers.map((r) => [r.orgId, r.orgName])).entries()];
    if (orgs.length > 1)
      flags.push({ code: 'CERT_TWO_EMPLOYERS', message: `证书 ${p.certificateNo}（${p.name}）在 ${report.date} 同时登记于 ${orgs.map(([, n]) => n).join('、')}`, evidence: { certificateNo: p.certificateNo, employers: orgs.map(([id, name]) => ({ id, name })) } });
  }
  return dedupe(flags);
}

export interface SameDayVisit {
  reportNo: string;
  registrationCode: string;
  longitude: number | null;
  latitude: number | null;
}

/** One inspector's day: too many elevators, or two places too far apart to both be visited. */
export function checkDay(
  inspector: PersonOnReport,
  date: string,
  here: { longitude: number | null; latitude: number | null },
  others: SameDayVisit[],
  rules: InspectionRules,
): Flag[] {
  const flags: Flag[] = [];
  const count = others.length + 1;
  if (count > rules.maxElevatorsPerInspectorDay)
    flags.push({ code: 'TOO_MANY_PER_DAY', message: `${inspector.name} 在 ${date} 名下有 ${count} 台电梯的检验报告（上限 ${rules.maxElevatorsPerInspectorDay}）`, evidence: { certificateNo: inspector.certificateNo, date, count, reports: others.slice(0, 20).map((o) => o.reportNo) } });
  if (here.longitude !== null && here.latitude !== null) {
    let far: { visit: SameDayVisit; km: number } | null = null;
    for (const o of others) {
      if (o.longitude === null || o.latitude === null) continue;
      const km = distanceKm({ lon: here.longitude, lat: here.latitude }, { lon: o.longitude, lat: o.latitude });
      if (km > rules.maxSameDayDistanceKm && (!far || km > far.km)) far = { visit: o, km };
    }
    if (far)
      flags.push({
        code: 'SAME_DAY_TOO_FAR',
        message: `${inspector.name} 在 ${date} 同日检验的两台电梯相距 ${Math.round(far.km)} 公里（报告 ${far.visit.reportNo}）`,
        evidence: { certificateNo: inspector.certificateNo, date, otherReport: far.visit.reportNo, otherElevator: far.visit.registrationCode, km: Math.round(far.km) },
      });
  }
  return flags;
}

/** A passed report followed soon by an entrapment or a critical fault on that elevator. */
export function checkMissedHazard(report: { date: string; conclusion: string }, events: { at: string; kind: string; ref: string }[], rules: InspectionRules): Flag | null {
  if (report.conclusion !== 'pass' && report.conclusion !== 'pass_after_reinspection') return null;
  const until = new Date(Date.parse(`${report.date}T00:00:00+08:00`) + (rules.missedHazardDays + 1) * 86_400_000).toISOString();
  const hit = events.filter((e) => e.at >= `${report.date}` && e.at < until).sort((a, b) => a.at.localeCompare(b.at))[0];
  if (!hit) return null;
  return {
    code: 'HAZARD_MISSED',
    message: `检验合格后 ${rules.missedHazardDays} 天内发生${hit.kind === 'trapped' ? '困人' : '严重故障'}（${hit.at.slice(0, 10)}），可能漏检隐患`,
    evidence: { kind: hit.kind, at: hit.at, ref: hit.ref, windowDays: rules.missedHazardDays },
  };
}

function dedupe(flags: Flag[]): Flag[] {
  const seen = new Set<string>();
  return flags.filter((f) => (seen.has(`${f.code}|${f.message}`) ? false : (seen.add(`${f.code}|${f.message}`), true)));
}

/** The deadline of a rectification task. */
export function defectDeadline(reportDate: string, severity: 'serious' | 'general', rules: InspectionRules): string {
  const days = severity === 'serious' ? rules.deadlineDaysSerious : rules.deadlineDaysGeneral;
  const [y, m, d] = reportDate.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Key items that apply to a category: the most specific prefix wins for each key. */
export function keyItemsFor(category: string, rows: (KeyItem & { categoryPrefix: string })[]): KeyItem[] {
  const best = new Map<string, KeyItem & { categoryPrefix: string }>();
  for (const r of rows) {
    if (!category.startsWith(r.categoryPrefix)) continue;
    const cur = best.get(r.key);
    if (!cur || r.categoryPrefix.length > cur.categoryPrefix.length) best.set(r.key, r);
  }
  return [...best.values()].map(({ categoryPrefix: _c, ...k }) => k);
}
