/**
 * When an elevator must next be inspected (TSG T7001-2023 / TSG T7008-2023, domain brief §5), as pure functions over
 * dates (YYYY-MM-DD, Asia/Shanghai calendar). Examples (baseline = acceptance inspection passed 2019-06-20):
 *
 *   year  due          type        year  due          type
 *   1     2020-06-20   periodic    9     2028-06-20   periodic
 *   2     2021-06-20   self_test   10    2029-06-20   self_test
 *   3     2022-06-20   self_test   11…15 periodic in odd years, self-test in 12 and 14
 *   4     2023-06-20   periodic    16+   every year periodic
 *   5, 6  self_test                7     periodic, 8 self_test
 *
 * - A passing inspection up to 2 months before a due date settles that year and does not move later dates; one
 *   done late (before the next year's window) settles the year it was due for: dates stay on the baseline's
 *   anniversaries. A year missed but followed by a later inspection of its kind, or by a later due date asking for
 *   as much that has passed too, is history: the current obligation is the latest one.
 * - A periodic inspection also settles a self-test year. A failed one settles nothing until a re-inspection passes.
 * - A passed major-repair (大修) supervisory inspection replaces that year's periodic inspection; a passed
 *   installation or modernisation (改造) supervisory inspection starts a new baseline.
 * - A stop of a year or more needs a periodic inspection before the elevator runs again: due on the restart day.
 * - A regulator's postponement (disaster, epidemic) moves due dates falling in its period by its number of days.
 */

export type DueType = 'periodic' | 'self_test';
export type ReportType = 'acceptance' | 'periodic' | 'self_test' | 'reinspection';
export type SupervisoryKind = 'installation' | 'modernisation' | 'major_repair';
export type Conclusion = 'pass' | 'pass_after_reinspection' | 'fail' | 'fail_after_reinspection' | 'pending';

/** Years after the baseline with a periodic inspection; every year after the last one is periodic too. */
export const PERIODIC_YEARS = [1, 4, 7, 9, 11, 13, 15] as const;
export const EARLY_MONTHS = 2;

export interface InspectionFact {
  date: string;
  type: ReportType;
  conclusion: Conclusion;
  /** For acceptance (监督检验) reports: what was supervised. */
  supervisoryKind?: SupervisoryKind;
}

export interface Postponement {
  from: string;
  to: string;
  days: number;
}

export interface ScheduleInput {
  /** The date the installation supervisory inspection passed (else the commissioning date). */
  baseline: string | null;
  reports: InspectionFact[];
  /** Periods the elevator stood still (停用): from, and to (null while still stopped). */
  stops?: { from: string; to: string | null }[];
  postponements?: Postponement[];
  today: string;
  /** Leave out the human-readable reason (bulk recomputation stores dates only). */
  terse?: boolean;
}

export interface Schedule {
  nextDueDate: string | null;
  nextType: DueType | null;
  overdueDays: number;
  /** Year after the baseline the next due date belongs to. */
  year: number | null;
  baseline: string | null;
  /** Why, in Chinese, for the people who act on it. */
  reason: string;
}

export function typeOfYear(year: number): DueType {
  return isPeriodicYear(year) ? 'periodic' : 'self_test';
}

const LAST_PERIODIC = PERIODIC_YEARS[PERIODIC_YEARS.length - 1]!;
const isPeriodicYear = (year: number) => year > LAST_PERIODIC || (PERIODIC_YEARS as readonly number[]).includes(year);

// ---- calendar arithmetic on YYYY-MM-DD (no time zones: these are calendar dates)
// Hot: a province's million schedules are recomputed at once, so dates are read digit by digit, without arrays.

const digits = (d: string, from: number, n: number) => {
  let v = 0;
  for (let i = from; i < from + n; i++) v = v * 10 + d.charCodeAt(i) - 48;
  return v;
};
const fmt = (y: number, m: number, d: number) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const daysIn = (y: number, m: number) => (m === 2 && ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0) ? 29 : MONTH_DAYS[m - 1]!);

/** Adds months, keeping the day or the month's last day (2020-02-29 + 12 months = 2021-02-28). */
export function addMonths(d: string, months: number): string {
  return str(monthsFrom(digits(d, 0, 4), digits(d, 5, 2), digits(d, 8, 2), months));
}

export function addDays(d: string, days: number): string {
  return new Date(Date.UTC(digits(d, 0, 4), digits(d, 5, 2) - 1, digits(d, 8, 2)) + days * 86_400_000).toISOString().slice(0, 10);
}

const dayNumber = (d: string) => Date.UTC(digits(d, 0, 4), digits(d, 5, 2) - 1, digits(d, 8, 2)) / 86_400_000;

export function daysBetween(from: string, to: string): number {
  return Math.round(dayNumber(to) - dayNumber(from));
}

const num = (d: string) => digits(d, 0, 4) * 10000 + digits(d, 5, 2) * 100 + digits(d, 8, 2);
const str = (n: number) => fmt(Math.floor(n / 10000), Math.floor(n / 100) % 100, n % 100);
/** y-m-d plus `months`, as a number, keeping the day or the month's last day. */
function monthsFrom(y: number, m: number, d: number, months: number): number {
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  return ny * 10000 + nm * 100 + Math.min(d, daysIn(ny, nm));
}
/** A date number plus `months`. */
const shiftMonths = (n: number, months: number) => monthsFrom(Math.floor(n / 10000), Math.floor(n / 100) % 100, n % 100, months);

const passed = (c: Conclusion) => c === 'pass' || c === 'pass_after_reinspection';

/** The due date of year `year` after `baseline` (before postponements). */
export function dueOfYear(baseline: string, year: number): string {
  return addMonths(baseline, 12 * year);
}

/**
 * What settles a due, from reports on or after `from`: passing reports in date order, a re-inspection standing for
 * the failed report it follows, a major-repair supervisory inspection standing for a periodic one. Each packed as
 * one number, date × 2 + 1 when it settles a periodic year (a periodic inspection settles a self-test year too).
 */
function settling(reports: InspectionFact[], from: string): number[] {
  const out: number[] = [];
  let failed = -1;
  let sorted = reports;
  for (let k = 1; k < reports.length; k++) {
    if (reports[k]!.date < reports[k - 1]!.date) {
      sorted = [...reports].sort(byDate);
      break;
    }
  }
  for (const r of sorted) {
    if (r.date < from) continue;
    const periodic = r.type === 'periodic' || (r.type === 'acceptance' && r.supervisoryKind === 'major_repair');
    if (r.type === 'reinspection') {
      if (passed(r.conclusion) && failed >= 0) out.push(failed);
      if (passed(r.conclusion)) failed = -1;
      continue;
    }
    if (!periodic && r.type !== 'self_test') continue;
    const packed = num(r.date) * 2 + (periodic ? 1 : 0);
    if (passed(r.conclusion)) out.push(packed);
    else if (r.conclusion === 'fail' || r.conclusion === 'fail_after_reinspection') failed = packed;
  }
  return out;
}
const byDate = (a: InspectionFact, b: InspectionFact) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0);

const noSchedule = (baseline: string | null, reason: string): Schedule => ({ nextDueDate: null, nextType: null, overdueDays: 0, year: null, baseline, reason });

/** Year `year`'s due date as a number, moved by the longest postponement whose period holds its nominal date. */
function dueNumber(by0: number, bm0: number, bd0: number, pp: { from: number; to: number; days: number }[], year: number): number {
  const nominal = monthsFrom(by0, bm0, bd0, 12 * year);
  const by = postponedBy(pp, nominal);
  return by ? num(addDays(str(nominal), by)) : nominal;
}
function postponedBy(pp: { from: number; to: number; days: number }[], nominal: number): number {
  let by = 0;
  for (const p of pp) if (nominal >= p.from && nominal <= p.to) by = Math.max(by, p.days);
  return by;
}

export function computeSchedule(input: ScheduleInput): Schedule {
  let reports = input.reports;
  if (reports.some((r) => r.conclusion === 'pending')) reports = reports.filter((r) => r.conclusion !== 'pending');
  // A passed installation or modernisation supervisory inspection is the baseline (the latest one).
  let baseline = input.baseline;
  let rebase: string | null = null;
  for (const r of reports) if (r.type === 'acceptance' && r.supervisoryKind !== 'major_repair' && passed(r.conclusion) && (rebase === null || r.date > rebase)) rebase = r.date;
  if (rebase !== null) baseline = rebase;
  if (!baseline) return noSchedule(baseline, '缺少验收检验日期（或投用日期），无法排定检验计划');

  const stops = input.stops ?? [];
  if (stops.length) {
    const current = stops.find((s) => s.to === null);
    if (current) return noSchedule(baseline, `${current.from} 起停用，恢复使用前须办理启用（停用满一年须先经定期检验）`);
    // A stop of a year or more: a periodic inspection before running again, due on the restart day.
    const b = baseline;
    const longStop = stops.filter((s) => s.to && s.to >= b && daysBetween(s.from, s.to) >= 365).sort((x, y) => x.to!.localeCompare(y.to!)).at(-1);
    if (longStop) {
      const since = addMonths(longStop.to!, -EARLY_MONTHS);
      if (!settling(reports, since > baseline ? since : baseline).some((x) => x % 2 === 1)) {
        const due = longStop.to!;
        return { nextDueDate: due, nextType: 'periodic', overdueDays: Math.max(0, daysBetween(due, input.today)), year: null, baseline, reason: `停用满一年（${longStop.from} 至 ${due}），重新启用前须经定期检验` };
      }
    }
  }

  const settle = settling(reports, baseline);
  // Dates as numbers (20260610) in the loop: a province's million schedules are recomputed at once.
  const by0 = digits(baseline, 0, 4);
  const bm0 = digits(baseline, 5, 2);
  const bd0 = digits(baseline, 8, 2);
  const pp = input.postponements?.length ? input.postponements.map((p) => ({ from: num(p.from), to: num(p.to), days: p.days })) : [];
  const today = num(input.today);
  let i = 0;
  let due = dueNumber(by0, bm0, bd0, pp, 1);
  let start = shiftMonths(due, -EARLY_MONTHS);
  for (let year = 1; year < 200; year++) {
    const periodic = isPeriodicYear(year);
    const nextDue = dueNumber(by0, bm0, bd0, pp, year + 1);
    const nextStart = shiftMonths(nextDue, -EARLY_MONTHS);
    // Reports before this year's window were for earlier years (or extra): they settle nothing here.
    while (i < settle.length && Math.floor(settle[i]! / 2) < start) i++;
    let hit = -1;
    let laterFit = false;
    for (let k = i; k < settle.length; k++) {
      const x = settle[k]!;
      if (periodic && x % 2 === 0) continue; // a self-test does not settle a periodic year
      if (Math.floor(x / 2) < nextStart) hit = k;
      else laterFit = true;
      break;
    }
    if (hit >= 0) {
      i = hit + 1;
      due = nextDue;
      start = nextStart;
      continue;
    }
    // Missed, but a later inspection of the kind this year needed has happened since: history, not a due date.
    // Missed, and a later due date asking for as much has passed too: the current obligation is that one (an
    // elevator with no reports on record is overdue since its latest due date, not since year 1).
    let later = year + 1;
    while (periodic && !isPeriodicYear(later)) later++;
    if (laterFit || (later === year + 1 ? nextDue : dueNumber(by0, bm0, bd0, pp, later)) <= today) {
      due = nextDue;
      start = nextStart;
      continue;
    }
    const kind: DueType = periodic ? 'periodic' : 'self_test';
    const dueStr = str(due);
    const overdue = Math.max(0, daysBetween(dueStr, input.today));
    if (input.terse) return { nextDueDate: dueStr, nextType: kind, overdueDays: overdue, year, baseline, reason: '' };
    const nominal = monthsFrom(by0, bm0, bd0, 12 * year);
    const by = postponedBy(pp, nominal);
    const typeName = periodic ? '定期检验' : '自行检测';
    const basis = `以 ${baseline} 验收为基准，第 ${year} 年为${typeName}年${periodic && year > 15 ? '（15 年后每年定期检验）' : ''}`;
    const shift = by ? `；因监管部门顺延 ${by} 天（原定 ${str(nominal)}）` : '';
    const late = overdue ? `；已超期 ${overdue} 天` : '';
    return { nextDueDate: dueStr, nextType: kind, overdueDays: overdue, year, baseline, reason: `${basis}，应于 ${dueStr} 前完成（可提前 2 个月）${shift}${late}` };
  }
  return noSchedule(baseline, '检验计划超出计算范围');
}
