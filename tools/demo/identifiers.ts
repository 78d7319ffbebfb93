import { CITIES } from './cities.ts';
import { MANUFACTURERS, VARIETY_NAMES, type Manufacturer } from './equipment.ts';
import { permuteIndex, type Rng } from './random.ts';

/**
 * Hands out the registry's identifiers (domain brief §3), each unique by construction: a serial counter per
 * prefix rather than a set of used codes. The counters live in typed arrays indexed by (variety, region,
 * month…): a Map keyed by prefix was the generator's hottest spot at a million rows.
 */

const ZEROS = ['', '0', '00', '000', '0000', '00000', '000000', '0000000'];
/** Zero-padded decimal; a table lookup, as padStart showed up in profiles at a million rows. */
function pad(n: number, width: number): string {
  const s = String(n);
  return s.length >= width ? s : ZEROS[width - s.length] + s;
}

/** 6-digit rescue codes first (100000–999999); past 900,000 of them, 7 digits, which the platform also accepts. */
const SIX_DIGIT_CODES = 900_000;
const SEVEN_DIGIT_CODES = 9_000_000;
/** First year the counters cover; the generator emits 1994 onwards. */
const FIRST_YEAR = 1990;

const indexOf = <T>(items: readonly T[]) => new Map(items.map((item, i) => [item, i]));
const VARIETY_INDEX = indexOf([...VARIETY_NAMES.keys()]);
const REGION_INDEX = indexOf(CITIES.flatMap((c) => [c.code, ...c.counties.map((x) => x.code), ...c.devZones.map((x) => x.code)]));
const MAKER_INDEX = indexOf(MANUFACTURERS);
/** 梯11鲁 for 3110: the variety digits of a 使用登记证编号, before the city letter. */
const CERTIFICATE_PREFIX = new Map([...VARIETY_INDEX.keys()].map((code) => [code, `梯${code.slice(1, 3)}鲁`]));
/** (18) for 2018. */
const YEAR_SUFFIX = Array.from({ length: 100 }, (_, yy) => `(${pad(yy, 2)})`);
/** Certificate city letters are A–Z. */
const LETTERS = 26;

export class Identifiers {
  /** Years from FIRST_YEAR to the last year a date may fall in. */
  private readonly years: number;
  private readonly registrationSerials: Uint16Array;
  private readonly equipmentSerials: Uint32Array;
  private readonly certificateSerials = new Uint32Array(VARIETY_INDEX.size * LETTERS * 100);
  private readonly factorySerials = new Uint32Array(MAKER_INDEX.size);
  private rescueCodes = 0;

  constructor(
    private readonly rng: Rng,
    private readonly rescueKey: number,
    lastYear: number,
  ) {
    this.years = lastYear - FIRST_YEAR + 1;
    this.registrationSerials = new Uint16Array(VARIETY_INDEX.size * REGION_INDEX.size * this.years * 12);
    this.equipmentSerials = new Uint32Array(VARIETY_INDEX.size * MAKER_INDEX.size * this.years);
  }

  private variety(category: string): number {
    const i = VARIETY_INDEX.get(category);
    if (i === undefined) throw new Error(`Unknown variety ${category}`);
    return i;
  }

  /**
   * 注册代码: category 4 + registering region 6 + YYYYMM 6 + serial 4. Serials step by 1–3, as the real sequence
   * also numbers equipment outside this data set. Should a region-month run out of serials (only at tens of
   * millions of rows) the fallback region (the city) is used instead.
   */
  registrationCode(category: string, region: string, fallbackRegion: string, yyyymm: number): string {
    const month = (Math.floor(yyyymm / 100) - FIRST_YEAR) * 12 + (yyyymm % 100) - 1;
    const variety = this.variety(category);
    for (const r of region === fallbackRegion ? [region] : [region, fallbackRegion]) {
      const i = (variety * REGION_INDEX.size + REGION_INDEX.get(r)!) * this.years * 12 + month;
      const serial = this.registrationSerials[i] + this.rng.int(1, 3);
      if (serial > 9999) continue;
      this.registrationSerials[i] = serial;
      return category + r + yyyymm + pad(serial, 4);
    }
    throw new Error(`No registration serials left for ${category} ${region} ${yyyymm}`);
  }

  /** 设备代码: category 4 + manufacturer 5 + manufacture year 4 + serial 5 (base 36 past 99999, as allowed). */
  equipmentCode(category: string, maker: Manufacturer, year: number): string {
    const i = (this.variety(category) * MAKER_INDEX.size + MAKER_INDEX.get(maker)!) * this.years + year - FIRST_YEAR;
    const serial = ++this.equipmentSerials[i];
    return category + maker.code + year + (serial <= 99_999 ? pad(serial, 5) : serial.toString(36).toUpperCase().padStart(5, '0'));
  }

  /** 使用登记证编号 such as 梯11鲁A01234(18): variety digits, city letter, serial per city, variety and year. */
  certificateNo(category: string, cityLetter: string, registrationYear: number): string {
    const yy = registrationYear % 100;
    const serial = ++this.certificateSerials[(this.variety(category) * LETTERS + cityLetter.charCodeAt(0) - 65) * 100 + yy];
    return CERTIFICATE_PREFIX.get(category)! + cityLetter + pad(serial, 5) + YEAR_SUFFIX[yy];
  }

  /** 出厂编号: the maker's prefix, the year and a per-maker serial (stepping by 1–7: other customers' units). */
  factoryNo(maker: Manufacturer, year: number): string {
    const serial = (this.factorySerials[MAKER_INDEX.get(maker)!] += this.rng.int(1, 7));
    return `${maker.serialPrefix}${pad(year % 100, 2)}${pad(serial, 7)}`;
  }

  /** 救援识别码: unique and random-looking (a keyed permutation of a counter). */
  rescueCode(): string {
    const i = this.rescueCodes++;
    if (i < SIX_DIGIT_CODES) return String(100_000 + permuteIndex(i, SIX_DIGIT_CODES, this.rescueKey));
    if (i < SIX_DIGIT_CODES + SEVEN_DIGIT_CODES) return String(1_000_000 + permuteIndex(i - SIX_DIGIT_CODES, SEVEN_DIGIT_CODES, this.rescueKey));
    throw new Error('Rescue codes exhausted');
  }
}
