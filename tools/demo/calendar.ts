import { Weighted, type Rng } from './random.ts';

/**
 * Dates for the demo registry as day numbers (days since 1970-01-01), formatted through tables built once:
 * a million rows need four dates each, and Date objects per row would dominate the generator's time.
 */

const DAY_MS = 86_400_000;
/** Earliest date the generator can emit: a 1995 commissioning minus a year of manufacture lead time. */
const FIRST = '1994-01-01';

export function dayNumber(iso: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  const t = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== iso) throw new Error(`Not a YYYY-MM-DD date: ${iso}`);
  return t / DAY_MS;
}

/** Today in Asia/Shanghai (UTC+8, no daylight saving), YYYY-MM-DD. */
export function shanghaiToday(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * Relative installations per commissioning year. Shandong's stock grew slowly in the 1990s, fast after 2010
 * (housing boom), and has eased since 2021. Blocks are rescaled below so that about 3% of elevators are
 * registered before 2004 and 9% before 2009, the two age tiers of the 2024 notice. These are site dates: the
 * block shares sit a little above the targets because one lift in ten is added to its site later.
 */
const YEAR_WEIGHTS: Record<number, number> = {
  1995: 0.15, 1996: 0.18, 1997: 0.22, 1998: 0.26, 1999: 0.3, 2000: 0.36, 2001: 0.44, 2002: 0.52, 2003: 0.6,
  2004: 0.85, 2005: 1.0, 2006: 1.2, 2007: 1.4, 2008: 1.55,
  2009: 2.8, 2010: 3.5, 2011: 4.3, 2012: 5.0, 2013: 5.8, 2014: 6.3, 2015: 6.5, 2016: 6.8, 2017: 7.2, 2018: 7.5,
  2019: 7.5, 2020: 7.2, 2021: 7.4, 2022: 6.5, 2023: 6.0, 2024: 5.6, 2025: 5.3,
};
const LATER_YEAR_WEIGHT = 5.0;
const BLOCKS = [
  { from: 1995, to: 2003, share: 3.3 },
  { from: 2004, to: 2008, share: 6.4 },
  { from: 2009, to: 9999, share: 90.3 },
];

export class Calendar {
  readonly today: number;
  readonly first = dayNumber(FIRST);
  private readonly iso: string[] = [];
  private readonly slash: string[] = [];
  /** Per day from `first`: the year and YYYYMM as numbers (lookups instead of parsing on the hot path). */
  private readonly yearOf: Uint16Array;
  private readonly monthOf: Uint32Array;
  private readonly years: Weighted<number>;
  private readonly yearBounds = new Map<number, [number, number]>();

  constructor(todayIso: string) {
    this.today = dayNumber(todayIso);
    if (this.today < dayNumber('1996-01-01')) throw new Error(`today ${todayIso} is before the generated stock begins`);
    const days = this.today - this.first + 1;
    this.yearOf = new Uint16Array(days);
    this.monthOf = new Uint32Array(days);
    for (let d = this.first; d <= this.today; d++) {
      const s = new Date(d * DAY_MS).toISOString().slice(0, 10);
      const [y, m, day] = [Number(s.slice(0, 4)), Number(s.slice(5, 7)), Number(s.slice(8, 10))];
      this.iso.push(s);
      this.slash.push(`${y}/${m}/${day}`);
      this.yearOf[d - this.first] = y;
      this.monthOf[d - this.first] = y * 100 + m;
      const bounds = this.yearBounds.get(y);
      if (bounds) bounds[1] = d;
      else this.yearBounds.set(y, [d, d]);
    }
    this.years = new Weighted(this.yearWeights());
  }

  private yearWeights(): [number, number][] {
    const thisYear = this.year(this.today);
    const elapsed = (this.today - this.yearBounds.get(thisYear)![0] + 1) / 365;
    const raw = new Map<number, number>();
    for (let y = 1995; y <= thisYear; y++) raw.set(y, (YEAR_WEIGHTS[y] ?? LATER_YEAR_WEIGHT) * (y === thisYear ? elapsed : 1));
    const out: [number, number][] = [];
    for (const block of BLOCKS) {
      const years = [...raw].filter(([y]) => y >= block.from && y <= block.to);
      const sum = years.reduce((a, [, w]) => a + w, 0);
      for (const [y, w] of years) out.push([y, (w / sum) * block.share]);
    }
    return out;
  }

  /** A commissioning day, never after today. */
  commissioningDay(rng: Rng): number {
    const [start, end] = this.yearBounds.get(this.years.pick(rng))!;
    return rng.int(start, end);
  }

  /** Index into the day tables; days outside them are clamped (callers keep dates in range). */
  private index(day: number): number {
    return Math.max(0, Math.min(day, this.today) - this.first);
  }

  /** YYYY-MM-DD, or YYYY/M/D as some source systems export. */
  format(day: number, slashForm = false): string {
    const i = this.index(day);
    return slashForm ? this.slash[i] : this.iso[i];
  }

  /** YYYYMM of a day as a number (202611), as in a 注册代码. */
  month(day: number): number {
    return this.monthOf[this.index(day)];
  }

  year(day: number): number {
    return this.yearOf[this.index(day)];
  }
}
