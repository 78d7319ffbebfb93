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
  return year > PERIODIC_YEARS[PERIODIC_YEARS.length - 1]! || (PERIODIC_YEARS as readonly number[]).includes(year) ? 'periodic' : 'self_test';
}

// ---- calendar arithmetic on YYYY-MM-DD (no time zones: these are calendar dates)

function parts(d: string): [number, number, number] {
  const [y, m, day] = d.split('-').map(Number) as [number, number, number];
  return [y, m, day];
}
const fmt = (y: number, m: number, d: number) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const daysIn = (y: number, m: number) => (m === 2 && ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0) ? 29 : MONTH_DAYS[m - 1]!);

/** Adds months, keeping the day or the month's last day (2020-02-29 + 12 months = 2021-02-28). */
export function addMonths(d: string, months: number): string {
  const [y, m, day] = parts(d);
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  return fmt(ny, nm, Math.min(day, daysIn(ny, nm)));
}

export function addDays(d: string, days: number): string {
  const [y, m, day] = parts(d);
  return new Date(Date.UTC(y, m - 1, day) + days * 86_400_000).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  const [a, b] = [parts(from), parts(to)];
  return Math.round((Date.UTC(b[0], b[1] - 1, b[2]) - Date.UTC(a[0], a[1] - 1, a[2])) / 86_400_000);
}

const num = (d: string) => Number(d.slice(0, 4)) * 10000 + Number(d.slice(5, 7)) * 100 + Number(d.slice(8, 10));
const str = (n: number) => fmt(Math.floor(n / 10000), Math.floor(n / 100) % 100, n % 100);
/** y-m-d plus `months`, as a number, keeping the day or the month's last day. */
function monthsFrom(y: number, m: number, d: number, months: number): number {
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  return ny * 10000 + nm * 100 + Math.min(d, daysIn(ny, nm));
}

const passed = (c: Conclusion) => c === 'pass' || c === 'pass_after_reinspection';

/** The due date of year `year` after `baseline` (before postponements). */
export function dueOfYear(baseline: string, year: number): string {
  return addMonths(baseline, 12 * year);
}

/**
 * What settles a due: passing reports in date order, a re-inspection standing for the failed report it follows, a
 * major-repair supervisory inspection standing for a periodic one.
 */
function settling(reports: InspectionFact[]): { date: string; kind: DueType }[] {
  const out: { date: string; kind: DueType }[] = [];
  let failed: { date: string; kind: DueType } | null = null;
  for (const r of [...reports].sort((a, b) => a.date.localeCompare(b.date))) {
    const kind: DueType | null =
      r.type === 'periodic' ? 'periodic' : r.type === 'self_test' ? 'self_test' : r.type === 'acceptance' && r.supervisoryKind === 'major_repair' ? 'periodic' : null;
    if (r.type === 'reinspection') {
      if (passed(r.conclusion) && failed) out.push({ date: failed.date, kind: failed.kind });
      if (passed(r.conclusion)) failed = null;
      continue;
    }
    if (!kind) continue;
    if (passed(r.conclusion)) out.push({ date: r.date, kind });
    else if (r.conclusion === 'fail' || r.conclusion === 'fail_after_reinspection') failed = { date: r.date, kind };
  }
  return out;
}

export function computeSchedule(input: ScheduleInput): Schedule {
  const reports = input.reports.length ? input.reports.filter((r) => r.conclusion !== 'pending') : input.reports;
  // A passed installation or modernisation supervisory inspection is the baseline (the latest one).
  const rebases = reports.filter((r) => r.type === 'acceptance' && r.supervisoryKind !== 'major_repair' && passed(r.conclusion)).map((r) => r.date).sort();
  const baseline = rebases.at(-1) ?? input.baseline;
  const none = (reason: string): Schedule => ({ nextDueDate: null, nextType: null, overdueDays: 0, year: null, baseline, reason });
  if (!baseline) return none('缺少验收检验日期（或投用日期），无法排定检验计划');

  const stops = input.stops ?? [];
  const current = stops.find((s) => s.to === null);
  if (current) return none(`${current.from} 起停用，恢复使用前须办理启用（停用满一年须先经定期检验）`);
  const after = (d: string) => reports.filter((r) => r.date >= baseline && r.date >= d);

  // A stop of a year or more: a periodic inspection before running again, due on the restart day.
  const longStop = stops.filter((s) => s.to && s.to >= baseline && daysBetween(s.from, s.to) >= 365).sort((a, b) => a.to!.localeCompare(b.to!)).at(-1);
  if (longStop && !settling(after(addMonths(longStop.to!, -EARLY_MONTHS))).some((s) => s.kind === 'periodic')) {
    const due = longStop.to!;
    return { nextDueDate: due, nextType: 'periodic', overdueDays: Math.max(0, daysBetween(due, input.today)), year: null, baseline, reason: `停用满一年（${longStop.from} 至 ${due}），重新启用前须经定期检验` };
  }

  const settle = settling(reports.filter((r) => r.date >= baseline)).map((x) => ({ date: num(x.date), kind: x.kind }));
  const fits = (kind: DueType, x: { kind: DueType }) => kind === 'self_test' || x.kind === 'periodic';
  // Dates as numbers (20260610) in the loop: a province's million schedules are recomputed at once.
  const [by0, bm0, bd0] = parts(baseline);
  const pp = (input.postponements ?? []).map((p) => ({ from: num(p.from), to: num(p.to), days: p.days }));
  const today = num(input.today);
  const windowOf = (year: number) => {
    const nominal = monthsFrom(by0, bm0, bd0, 12 * year);
    let due = nominal;
    let by = 0;
    for (const p of pp) if (nominal >= p.from && nominal <= p.to) by = Math.max(by, p.days);
    if (by) due = num(addDays(str(nominal), by));
    const [y, m, d] = [Math.floor(due / 10000), Math.floor(due / 100) % 100, due % 100];
    return { nominal, due, by, start: monthsFrom(y, m, d, -EARLY_MONTHS) };
  };
  let i = 0;
  let w = windowOf(1);
  for (let year = 1; year < 200; year++) {
    const kind = typeOfYear(year);
    const next = windowOf(year + 1);
    // Reports before this year's window were for earlier years (or extra): they settle nothing here.
    while (i < settle.length && settle[i]!.date < w.start) i++;
    let hit = -1;
    let laterFit = false;
    for (let k = i; k < settle.length; k++) {
      const x = settle[k]!;
      if (!fits(kind, x)) continue;
      if (x.date < next.start) {
        hit = k;
        break;
      }
      laterFit = true;
      break;
    }
    if (hit >= 0) {
      i = hit + 1;
      w = next;
      continue;
    }
    // Missed, but a later inspection of the kind this year needed has happened since: history, not a due date.
    // Missed, and a later due date asking for as much has passed too: the current obligation is that one (an
    // elevator with no reports on record is overdue since its latest due date, not since year 1).
    let later = year + 1;
    while (kind === 'periodic' && typeOfYear(later) !== 'periodic') later++;
    if (laterFit || (later === year + 1 ? next : windowOf(later)).due <= today) {
      w = next;
      continue;
    }
    const dueStr = str(w.due);
    const overdue = Math.max(0, daysBetween(dueStr, input.today));
    if (input.terse) return { nextDueDate: dueStr, nextType: kind, overdueDays: overdue, year, baseline, reason: '' };
    const typeName = kind === 'periodic' ? '定期检验' : '自行检测';
    const basis = `以 ${baseline} 验收为基准，第 ${year} 年为${typeName}年${kind === 'periodic' && year > 15 ? '（15 年后每年定期检验）' : ''}`;
    const shift = w.by ? `；因监管部门顺延 ${w.by} 天（原定 ${str(w.nominal)}）` : '';
    const late = overdue ? `；已超期 ${overdue} 天` : '';
    return { nextDueDate: dueStr, nextType: kind, overdueDays: overdue, year, baseline, reason: `${basis}，应于 ${dueStr} 前完成（可提前 2 个月）${shift}${late}` };
  }
  return none('检验计划超出计算范围');
}
