import fs from 'node:fs';
import path from 'node:path';
import { parseSimpleCsv } from '../../src/lib/csv.ts';
import type { PlaceKind } from './places.ts';
import { Weighted, type Rng } from './random.ts';

/** Varieties (品种), manufacturers and technical parameters (层站数, 额定速度, 额定载重量, 型号) by variety and place. */

/** Chinese name of each elevator variety, e.g. 3110 → 曳引驱动乘客电梯, from the vendored category list. */
export const VARIETY_NAMES: ReadonlyMap<string, string> = new Map(
  parseSimpleCsv(fs.readFileSync(path.resolve(import.meta.dirname, '../../vendor/regulations/special-equipment-categories.csv'), 'utf8'))
    .filter((r) => r.level === 'variety')
    .map((r) => [r.code, r.name_zh]),
);

/** Varieties that carry passengers and so must be on the 96333 platform with a rescue code. */
export const PASSENGER_VARIETIES: ReadonlySet<string> = new Set(['3110', '3210', '3310', '3320', '3410', '3420']);

export interface Manufacturer {
  name: string;
  /** Region part of its credit code: where the company is registered (mostly outside Shandong). */
  homeRegion: string;
  /** The 5 digits the manufacturer puts in its 设备代码. */
  code: string;
  /** Prefix of its 出厂编号 (factory serial). */
  serialPrefix: string;
  share: number;
  passengerModels: readonly string[];
  escalatorModels: readonly string[];
}

/**
 * Brand-style names of makers common in China's installed base. Model names are in each brand's style and the
 * shares are illustrative (foreign-brand joint ventures first, the Shandong maker 百斯特 given a home share);
 * manufacturer codes and serial prefixes are made up.
 */
export const MANUFACTURERS: readonly Manufacturer[] = [
  { name: '日立电梯（中国）有限公司', homeRegion: '440112', code: '10146', serialPrefix: 'HA', share: 17, passengerModels: ['HGP', 'MCA', 'HGE', 'UAX'], escalatorModels: ['VX', 'EX'] },
  { name: '上海三菱电梯有限公司', homeRegion: '310112', code: '10320', serialPrefix: 'SM', share: 16, passengerModels: ['LEHY-III', 'LEHY-H', 'ELENESSA', 'HOPE-II'], escalatorModels: ['J-SERIES', 'S-SERIES'] },
  { name: '通力电梯有限公司', homeRegion: '320583', code: '10275', serialPrefix: 'K', share: 11, passengerModels: ['MonoSpace', 'MiniSpace', 'KONE 3000'], escalatorModels: ['TravelMaster 110', 'TransitMaster 120'] },
  { name: '奥的斯电梯（中国）有限公司', homeRegion: '120116', code: '10188', serialPrefix: 'OT', share: 10, passengerModels: ['GeN2', 'GeN2-MRL', 'SkyWay'], escalatorModels: ['506NCE', 'LINK'] },
  { name: '迅达（中国）电梯有限公司', homeRegion: '310115', code: '10211', serialPrefix: 'S', share: 9, passengerModels: ['3300', '5500', '7000'], escalatorModels: ['9300', '9500'] },
  { name: '蒂升电梯（中国）有限公司', homeRegion: '310115', code: '10352', serialPrefix: 'TK', share: 7, passengerModels: ['evolution', 'synergy', 'TE-GL'], escalatorModels: ['velino', 'iwalk'] },
  { name: '康力电梯股份有限公司', homeRegion: '320509', code: '10430', serialPrefix: 'KL', share: 6, passengerModels: ['KLK1', 'KLK2', 'KLJ'], escalatorModels: ['KLT', 'KLW'] },
  { name: '广州广日电梯工业有限公司', homeRegion: '440113', code: '10093', serialPrefix: 'GR', share: 5, passengerModels: ['GRPS40', 'GRPS20', 'YP-VF'], escalatorModels: ['GRF'] },
  { name: '山东百斯特电梯有限公司', homeRegion: '371482', code: '13705', serialPrefix: 'BST', share: 5, passengerModels: ['BST-P', 'BST-MRL'], escalatorModels: ['BST-E'] },
  { name: '东芝电梯（中国）有限公司', homeRegion: '310114', code: '10387', serialPrefix: 'TS', share: 4, passengerModels: ['CV180', 'SPACEL-III'], escalatorModels: ['EXA'] },
  { name: '西继迅达电梯有限公司', homeRegion: '610116', code: '10612', serialPrefix: 'XJ', share: 4, passengerModels: ['XO-21', 'XO-B'], escalatorModels: ['XRF'] },
  { name: '快意电梯股份有限公司', homeRegion: '441900', code: '10559', serialPrefix: 'KY', share: 3, passengerModels: ['KYP', 'KYJ'], escalatorModels: ['KYF'] },
];
export const manufacturerPicker = new Weighted(MANUFACTURERS.map((m) => [m, m.share] as const));

export interface Specs {
  floors: string;
  ratedSpeed: string;
  ratedLoad: string;
  model: string;
}

/** Storeys of a passenger elevator's building, by place: homes from 6-storey walk-ups to 33-storey towers. */
const PASSENGER_FLOORS: Record<PlaceKind, Weighted<readonly [number, number]>> = {
  residential: new Weighted([[[6, 7], 12], [[8, 12], 25], [[13, 18], 28], [[19, 26], 18], [[27, 33], 17]]),
  office: new Weighted([[[5, 12], 40], [[13, 24], 40], [[25, 34], 20]]),
  mall: new Weighted([[[3, 7], 1]]),
  hospital: new Weighted([[[4, 12], 60], [[13, 20], 40]]),
  school: new Weighted([[[3, 8], 1]]),
  hotel: new Weighted([[[5, 14], 60], [[15, 28], 40]]),
  transport: new Weighted([[[2, 4], 1]]),
  industrial: new Weighted([[[2, 6], 1]]),
  other: new Weighted([[[3, 12], 1]]),
};

const PASSENGER_LOADS: Record<PlaceKind, readonly number[]> = {
  residential: [800, 1000, 1000, 1050],
  office: [1050, 1350, 1600],
  mall: [1000, 1350, 1600],
  hospital: [1600, 1600, 1000, 1350],
  school: [1000, 1050],
  hotel: [1000, 1050, 1350],
  transport: [1000, 1350, 1600],
  industrial: [1000, 1050],
  other: [800, 1000, 1050],
};

/** Faster cars for taller buildings; before 2005 few residential lifts ran above 1.75 m/s. */
function passengerSpeed(rng: Rng, floors: number, oldStock: boolean): string {
  const speed = floors <= 7 ? '1.0' : floors <= 12 ? rng.pick(['1.0', '1.5']) : floors <= 18 ? rng.pick(['1.5', '1.75']) : floors <= 26 ? rng.pick(['1.75', '2.0']) : rng.pick(['2.0', '2.5']);
  return oldStock && (speed === '2.0' || speed === '2.5') ? '1.75' : speed;
}

/** Chinese type designation (GB/T 7025 style): TKJ passenger, THJ freight, TWJ dumbwaiter, TBJ bed, Y hydraulic. */
const typeCode = (prefix: string, load: number | string, speed: string) => `${prefix}${load}/${speed}`;

export function specsFor(rng: Rng, category: string, place: PlaceKind, maker: Manufacturer, madeYear: number): Specs {
  switch (category) {
    case '3310':
    case '3320':
      return { floors: '2', ratedSpeed: '0.5', ratedLoad: '', model: rng.pick(maker.escalatorModels) };
    case '3430': {
      const load = rng.pick([100, 200, 250]);
      return { floors: String(rng.int(2, 6)), ratedSpeed: '0.4', ratedLoad: String(load), model: typeCode('TWJ', load, '0.4') };
    }
    case '3120':
    case '3130':
    case '3220':
    case '3410': {
      const load = category === '3410' ? rng.pick([1000, 1600, 2000]) : rng.pick([2000, 2000, 3000, 3000, 5000]);
      const speed = category === '3120' ? rng.pick(['0.5', '1.0']) : '0.5';
      const prefix = category === '3220' ? 'THY' : 'THJ';
      return { floors: String(rng.int(2, category === '3120' ? 10 : 5)), ratedSpeed: speed, ratedLoad: String(load), model: typeCode(prefix, load, speed) + (category === '3410' ? '-Ex' : '') };
    }
    case '3210': {
      const load = rng.pick([630, 800, 1000]);
      return { floors: String(rng.int(2, 6)), ratedSpeed: '0.5', ratedLoad: String(load), model: typeCode('TKY', load, '0.5') };
    }
    case '3420': {
      const load = rng.pick([1000, 1050, 1350]);
      const speed = rng.pick(['1.75', '2.0', '2.5']);
      return { floors: String(rng.int(18, 34)), ratedSpeed: speed, ratedLoad: String(load), model: `${rng.pick(maker.passengerModels)}-XF` };
    }
    default: {
      const [lo, hi] = PASSENGER_FLOORS[place].pick(rng);
      const floors = rng.int(lo, hi);
      // Lifts added to 6–7 storey walk-ups (既有住宅加装电梯) are small cars.
      const load = place === 'residential' && floors <= 7 ? rng.pick([630, 800]) : rng.pick(PASSENGER_LOADS[place]);
      const speed = passengerSpeed(rng, floors, madeYear < 2005);
      const bed = place === 'hospital' && load === 1600;
      const model = bed ? typeCode('TBJ', load, speed) : rng.chance(0.7) ? rng.pick(maker.passengerModels) : typeCode('TKJ', load, speed);
      return { floors: String(floors), ratedSpeed: speed, ratedLoad: String(load), model };
    }
  }
}

const TRACTION = new Set(['3110', '3120', '3130', '3410', '3420']);

/** 轿厢上行超速保护 applies to traction lifts only; made on or before 2004-12-31 mostly without it. */
export function ascendingOverspeed(rng: Rng, category: string, madeBy2004: boolean): string {
  if (!TRACTION.has(category)) return '';
  if (madeBy2004) return rng.chance(0.85) ? '无' : '有';
  return '有';
}
