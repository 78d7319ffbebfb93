import { addDays, dueOfYear, typeOfYear, type Conclusion, type ReportType } from '../../src/modules/inspection/schedule.ts';
import { personName } from './names.ts';
import { Rng } from './random.ts';

/**
 * The demo's inspection history (应检尽检), pure: for every in-use elevator the report of its latest due year and of
 * its latest periodic year (a missed periodic year stays overdue until a later periodic one has passed) —
 * periodic by the city's branch of the provincial institute, self-tests by a testing company of the city — dated
 * around the baseline's anniversary, so the schedule engine sees a province that mostly keeps its dates; a few
 * percent skip that year (the overdue list). A sample of elevators also gets the two years before, and some reports
 * fail with defects (rectification tasks in every state) and are re-inspected. Report numbers are unique per agency.
 */

export interface HistoryPerson {
  name: string;
  certificateNo: string;
}

export interface InspectionElevator {
  id: number;
  regionCode: string;
  category: string;
  /** Acceptance (else commissioning) date: the schedule's baseline. */
  baseline: string | null;
}

export interface InspectionAgency {
  id: number;
  /** The city it serves (XXXX00); null for the provincial institute. */
  cityCode: string | null;
  /** A testing company (self-tests) rather than the institute's branch (periodic inspections). */
  testing: boolean;
  /** Short code in report numbers, e.g. JN. */
  prefix: string;
  inspectors: HistoryPerson[];
}

export interface HistoryDefect {
  item: string;
  description: string;
  severity: 'serious' | 'general';
  status: 'open' | 'fixed' | 'verified' | 'closed';
  deadline: string;
}

export interface HistoryReport {
  elevatorId: number;
  agencyId: number;
  reportNo: string;
  type: ReportType;
  date: string;
  conclusion: Conclusion;
  inspectors: HistoryPerson[];
  signer: HistoryPerson;
  measurements: Record<string, number | string>;
  defects: HistoryDefect[];
}

export interface HistoryOptions {
  elevators: readonly InspectionElevator[];
  agencies: readonly InspectionAgency[];
  today: string;
  seed?: number;
  /** Share of elevators whose latest due year has no report (overdue). */
  overdueShare?: number;
  /** Every n-th elevator gets the two earlier years too. */
  historyEvery?: number;
}

const DEFECTS: { item: string; description: string; severity: 'serious' | 'general' }[] = [
  { item: '层门锁紧装置', description: '层门锁紧元件啮合长度不足7mm', severity: 'serious' },
  { item: '制动器', description: '制动器闸瓦磨损超限，制动力矩不足', severity: 'serious' },
  { item: '限速器', description: '限速器动作速度校验超期', severity: 'serious' },
  { item: '轿厢意外移动保护', description: '轿厢意外移动保护装置试验不合格', severity: 'serious' },
  { item: '紧急报警装置', description: '轿厢紧急报警装置无法与值班室通话', severity: 'general' },
  { item: '井道照明', description: '井道照明不足，部分灯具损坏', severity: 'general' },
  { item: '机房环境', description: '机房内堆放杂物，通道不畅', severity: 'general' },
  { item: '安全警示标识', description: '轿厢内安全注意事项和警示标志缺失', severity: 'general' },
  { item: '轿门防夹人装置', description: '光幕部分光束失效', severity: 'general' },
  { item: '底坑', description: '底坑有积水', severity: 'general' },
];

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

/** In-range key data for the category (the items of inspection_key_item). */
export function measurementsFor(category: string, rng: Rng): Record<string, number | string> {
  const m: Record<string, number | string> = { insulationResistanceMOhm: round(2 + rng.next() * 40, 1) };
  if (category.startsWith('33')) m.handrailSpeedDeviationPct = round(rng.next() * 1.8, 1);
  if (category.startsWith('31') || category.startsWith('32') || category.startsWith('34')) m.doorLockEngagementMm = round(8 + rng.next() * 6, 1);
  if (category.startsWith('31')) {
    m.brakeTest = 'pass';
    m.ratedSpeedDeviationPct = round(-3 + rng.next() * 6, 1);
  }
  if (category.startsWith('311') || category.startsWith('312')) m.balanceCoefficient = round(0.41 + rng.next() * 0.08, 2);
  return m;
}

/** The latest year whose due date (the baseline's anniversary) is on or before today; 0 when none has come yet. */
export function latestDueYear(baseline: string, today: string): number {
  let year = Number(today.slice(0, 4)) - Number(baseline.slice(0, 4)) + 1;
  while (year > 0 && dueOfYear(baseline, year) > today) year--;
  return year;
}

export function generateInspectionHistory(opts: HistoryOptions): HistoryReport[] {
  const rng = new Rng(opts.seed ?? 7);
  const overdueShare = opts.overdueShare ?? 0.04;
  const historyEvery = opts.historyEvery ?? 15;
  const byCity = new Map<string, { branch?: InspectionAgency; testing: InspectionAgency[] }>();
  const provincial = opts.agencies.find((a) => a.cityCode === null && !a.testing);
  for (const a of opts.agencies) {
    if (!a.cityCode || !a.inspectors.length) continue;
    const slot = byCity.get(a.cityCode) ?? { testing: [] };
    if (a.testing) slot.testing.push(a);
    else slot.branch = a;
    byCity.set(a.cityCode, slot);
  }
  const seq = new Map<number, number>();
  const reportNo = (a: InspectionAgency, type: ReportType, date: string) => {
    const n = (seq.get(a.id) ?? 0) + 1;
    seq.set(a.id, n);
    const kind = type === 'periodic' ? 'DJ' : type === 'self_test' ? 'ZJ' : type === 'reinspection' ? 'FJ' : 'JJ';
    return `${a.prefix}-${kind}-${date.slice(0, 4)}-${String(n).padStart(6, '0')}`;
  };
  const out: HistoryReport[] = [];

  const report = (e: InspectionElevator, agency: InspectionAgency, type: ReportType, date: string, conclusion: Conclusion, defects: HistoryDefect[]): HistoryReport => {
    const team = agency.inspectors.length >= 3 ? agency.inspectors.slice(1) : agency.inspectors;
    const first = team[rng.int(0, team.length - 1)]!;
    let second = team[rng.int(0, team.length - 1)]!;
    if (second === first && team.length > 1) second = team[(team.indexOf(first) + 1) % team.length]!;
    const r: HistoryReport = {
      elevatorId: e.id,
      agencyId: agency.id,
      reportNo: reportNo(agency, type, date),
      type,
      date,
      conclusion,
      inspectors: second === first ? [first] : [first, second],
      // The agency's first registered person signs (审核/批准) and is never on site.
      signer: agency.inspectors[0]!,
      measurements: measurementsFor(e.category, rng),
      defects,
    };
    out.push(r);
    return r;
  };

  const defectsOf = (date: string, n: number, kind: 'fail' | 'minor', settled: boolean): HistoryDefect[] => {
    const list: HistoryDefect[] = [];
    const pool = kind === 'fail' ? DEFECTS : DEFECTS.filter((d) => d.severity === 'general');
    for (let i = 0; i < n; i++) {
      const d = pool[rng.int(0, pool.length - 1)]!;
      if (list.some((x) => x.item === d.item)) continue;
      const deadline = addDays(date, d.severity === 'serious' ? 15 : 60);
      const age = deadline < opts.today;
      const status: HistoryDefect['status'] = settled ? 'closed' : age ? (rng.chance(0.5) ? 'open' : 'fixed') : rng.pick(['open', 'open', 'fixed', 'verified'] as const);
      list.push({ ...d, status, deadline });
    }
    return list;
  };

  /** One due year's visit: mostly passed; some failed and re-inspected; some passed with minor defects. */
  const visit = (e: InspectionElevator, year: number, agencyFor: (type: ReportType) => InspectionAgency | undefined, latest: boolean) => {
    const due = dueOfYear(e.baseline!, year);
    const type: ReportType = typeOfYear(year);
    const agency = agencyFor(type);
    if (!agency) return;
    let date = addDays(due, rng.int(-40, 12));
    if (date > opts.today) date = addDays(opts.today, -rng.int(0, 5));
    const recent = latest && date >= addDays(opts.today, -90);
    const roll = rng.next();
    if (roll < 0.05) {
      const re = addDays(date, rng.int(10, 30));
      const reAgency = agencyFor('periodic') ?? agency;
      const reDone = re <= opts.today && !(recent && rng.chance(0.4));
      report(e, agency, type, date, 'fail', defectsOf(date, rng.int(1, 3), 'fail', reDone && !recent));
      if (reDone) report(e, reAgency, 'reinspection', re, 'pass_after_reinspection', []);
    } else if (roll < 0.15) {
      report(e, agency, type, date, 'pass', defectsOf(date, 1, 'minor', !recent || rng.chance(0.3)));
    } else {
      report(e, agency, type, date, 'pass', []);
    }
  };

  opts.elevators.forEach((e, i) => {
    if (!e.baseline) return;
    const slot = byCity.get(`${e.regionCode.slice(0, 4)}00`);
    const agencyFor = (type: ReportType) =>
      type === 'self_test' && slot?.testing.length ? slot.testing[(e.id + type.length) % slot.testing.length] : (slot?.branch ?? provincial);
    const latest = latestDueYear(e.baseline, opts.today);
    if (latest < 1) return;
    // A missed self-test year is history once a later due date has passed; a periodic one only once a later
    // periodic date has: the latest periodic year is always on record (unless it is the overdue one).
    let periodic = latest;
    while (periodic > 1 && typeOfYear(periodic) !== 'periodic') periodic--;
    const first = i % historyEvery === 0 ? Math.max(1, Math.min(periodic, latest - 2)) : periodic;
    for (let y = first; y < latest; y++) if (y === periodic || i % historyEvery === 0) visit(e, y, agencyFor, false);
    if (rng.chance(overdueShare)) return;
    visit(e, latest, agencyFor, true);
  });
  return out;
}

/** Registered inspectors of an agency: `n` people with certificates unique in the province. */
export function inspectorsFor(prefix: string, n: number, seed: number): HistoryPerson[] {
  const rng = new Rng(seed);
  const names = new Set<string>();
  const out: HistoryPerson[] = [];
  for (let i = 1; out.length < n; i++) {
    const name = personName(rng);
    if (names.has(name)) continue;
    names.add(name);
    out.push({ name, certificateNo: `TS7-${prefix}-${String(i).padStart(4, '0')}` });
  }
  return out;
}
