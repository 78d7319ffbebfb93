import type { City, County } from './cities.ts';
import { chineseNumber, compoundName, tradeWord } from './names.ts';
import { Weighted, type Rng } from './random.ts';

/**
 * Kinds of place (场所类别) and what lives there: the mix of equipment, how many elevators a site holds,
 * and how its use unit (使用单位) and the site itself are named.
 */

export type PlaceKind = 'residential' | 'office' | 'mall' | 'hospital' | 'school' | 'hotel' | 'transport' | 'industrial' | 'other';

interface PlaceInput {
  kind: PlaceKind;
  /** The template's 场所类别 word. */
  zh: string;
  /** Percentage of all elevators at this kind of place. */
  share: number;
  /** Percentages (of all elevators) of the varieties other than 3110 found here; 3110 takes the rest. */
  others: Record<string, number>;
  /** Use units of this kind per city, at 50,000 elevators province-wide, before scaling by city share. */
  unitsAt50k: number;
  /** Schools and public hospitals: the use unit is the place itself, a 事业单位 (credit code prefix 12). */
  unitIsPlace: boolean;
  siteSize(rng: Rng): number;
  unitName(rng: Rng, city: City, county: County): string;
  siteName(rng: Rng, unitName: string, siteIndex: number, city: City, county: County, road: string): string;
}

export interface PlaceSpec extends PlaceInput {
  /** Equipment varieties here, weighted so that the province-wide mix comes out as targeted (see categoryMix). */
  categories: Weighted<string>;
}

/**
 * 3110 曳引驱动乘客电梯 comes out near 82% overall, escalators 6%, freight 5%, dumbwaiters 4%. Escalators and
 * moving walks go to malls, stations, hospitals and offices, not homes; freight lifts mostly to industry.
 */
function categoryMix(share: number, others: Record<string, number>): Weighted<string> {
  const rest = share - Object.values(others).reduce((a, b) => a + b, 0);
  if (rest < 0) throw new Error('place category shares exceed the place share');
  return new Weighted([['3110', rest], ...Object.entries(others)]);
}

const pickOf = <T>(rng: Rng, items: readonly T[]) => rng.pick(items);
const campus = (siteIndex: number, suffix: string) => (siteIndex === 0 ? '' : `（${'东西南北新'[(siteIndex - 1) % 5]}${suffix}）`);

const INPUTS: readonly PlaceInput[] = [
  {
    kind: 'residential', zh: '住宅', unitsAt50k: 150, unitIsPlace: false,
    share: 68, others: { '3420': 0.6, '3430': 0.3, '3120': 0.5, '3210': 0.3 },
    siteSize: (rng) => (rng.chance(0.6) ? rng.int(2, 12) : rng.chance(0.75) ? rng.int(12, 30) : rng.int(30, 80)),
    unitName: (rng, city) =>
      pickOf(rng, [`${city.short}${tradeWord(rng)}物业服务有限公司`, `山东${tradeWord(rng)}物业管理有限公司`, `${city.short}${tradeWord(rng)}物业管理有限公司`, `${city.short}${tradeWord(rng)}置业有限公司`]),
    siteName: (rng, _unit, _i, _city, _county, road) => compoundName(rng, road),
  },
  {
    kind: 'office', zh: '办公', unitsAt50k: 18, unitIsPlace: false,
    share: 8, others: { '3310': 0.5, '3120': 0.3, '3430': 0.5, '3420': 0.3, '3210': 0.1 },
    siteSize: (rng) => rng.int(3, 24),
    unitName: (rng, city) => pickOf(rng, [`${city.short}${tradeWord(rng)}置业有限公司`, `${city.short}${tradeWord(rng)}商务服务有限公司`, `山东${tradeWord(rng)}投资集团有限公司`]),
    siteName: (rng, _unit, _i, _city, county) =>
      pickOf(rng, [`${tradeWord(rng)}大厦`, `${tradeWord(rng)}中心`, `${tradeWord(rng)}国际金融中心`, `${tradeWord(rng)}商务大厦`, `${county.name}政务服务中心`]),
  },
  {
    kind: 'mall', zh: '商场超市', unitsAt50k: 18, unitIsPlace: false,
    share: 6, others: { '3310': 3.2, '3320': 0.6, '3120': 0.6, '3430': 0.3 },
    siteSize: (rng) => rng.int(6, 40),
    unitName: (rng, city) => pickOf(rng, [`${city.short}${tradeWord(rng)}商业管理有限公司`, `${city.short}${tradeWord(rng)}商业集团有限公司`]),
    siteName: (rng, _unit, _i, _city, county) =>
      pickOf(rng, [`${tradeWord(rng)}广场`, `${tradeWord(rng)}购物中心`, `${tradeWord(rng)}百货大楼`, `${tradeWord(rng)}超市${county.name}店`]),
  },
  {
    kind: 'hospital', zh: '医院', unitsAt50k: 18, unitIsPlace: true,
    share: 4, others: { '3310': 0.6, '3120': 0.4, '3430': 1.0 },
    siteSize: (rng) => rng.int(4, 30),
    unitName: (rng, city, county) =>
      pickOf(rng, [
        `${city.name}人民医院`, `${city.name}第${chineseNumber(rng.int(2, 6))}人民医院`, `${city.name}中心医院`, `${city.name}中医医院`,
        `${city.name}妇幼保健院`, `${city.name}儿童医院`, `${city.name}口腔医院`, `${county.name}人民医院`, `${county.name}中医医院`,
        `${county.name}妇幼保健院`,
      ]),
    siteName: (_rng, unit, i) => unit + campus(i, '院区'),
  },
  {
    kind: 'school', zh: '学校', unitsAt50k: 18, unitIsPlace: true,
    share: 4, others: { '3430': 0.6, '3120': 0.2 },
    siteSize: (rng) => rng.int(2, 12),
    unitName: (rng, city, county) =>
      pickOf(rng, [
        `${city.name}第${chineseNumber(rng.int(1, 40))}中学`, `${county.name}实验小学`, `${county.name}实验中学`,
        `${city.name}${rng.pick(city.roads)}小学`, `${city.short}职业技术学院`, `${city.short}${tradeWord(rng)}学校`, `${county.name}第${chineseNumber(rng.int(1, 12))}中学`,
      ]),
    siteName: (_rng, unit, i) => unit + campus(i, '校区'),
  },
  {
    kind: 'hotel', zh: '宾馆', unitsAt50k: 14, unitIsPlace: false,
    share: 3, others: { '3310': 0.2, '3120': 0.3, '3430': 0.8, '3420': 0.1 },
    siteSize: (rng) => rng.int(3, 12),
    unitName: (rng, city) => pickOf(rng, [`${city.short}${tradeWord(rng)}酒店管理有限公司`, `${city.short}${tradeWord(rng)}大酒店有限公司`]),
    siteName: (rng) => pickOf(rng, [`${tradeWord(rng)}大酒店`, `${tradeWord(rng)}宾馆`, `${tradeWord(rng)}国际饭店`, `${tradeWord(rng)}假日酒店`]),
  },
  {
    kind: 'transport', zh: '交通场站', unitsAt50k: 10, unitIsPlace: false,
    share: 2, others: { '3310': 1.2, '3320': 0.3, '3120': 0.1 },
    siteSize: (rng) => rng.int(6, 60),
    unitName: (rng, city) =>
      pickOf(rng, [`${city.short}交通运输集团有限公司`, `${city.short}公共交通集团有限公司`, `${city.short}${tradeWord(rng)}交通发展有限公司`, `${city.short}轨道交通运营有限公司`]),
    siteName: (rng, _unit, _i, city, _county, road) =>
      pickOf(rng, [`${city.short}站`, `${city.short}东站`, `${city.short}西站`, `${city.short}北站`, `${city.short}长途汽车总站`, `${city.short}汽车东站`, `${city.short}机场航站楼`, `${road}公交枢纽站`]),
  },
  {
    kind: 'industrial', zh: '工业', unitsAt50k: 14, unitIsPlace: false,
    share: 3, others: { '3120': 1.8, '3220': 0.3, '3130': 0.4, '3410': 0.2 },
    siteSize: (rng) => rng.int(1, 8),
    unitName: (rng, city) => `${city.short}${tradeWord(rng)}${rng.pick(['机械', '化工', '食品', '纺织', '重工', '制药', '物流', '电子', '橡胶', '轮胎'])}有限公司`,
    siteName: (rng, unit) => pickOf(rng, [`${tradeWord(rng)}工业园`, `${unit.replace(/有限公司$/, '')}厂区`, `${tradeWord(rng)}物流园`]),
  },
  {
    kind: 'other', zh: '其他', unitsAt50k: 14, unitIsPlace: false,
    share: 2, others: { '3310': 0.3, '3120': 0.7, '3430': 0.4, '3210': 0.1 },
    siteSize: (rng) => rng.int(2, 12),
    unitName: (rng, city) =>
      pickOf(rng, [`${city.short}${tradeWord(rng)}文化旅游发展有限公司`, `${city.short}${tradeWord(rng)}体育产业发展有限公司`, `${city.short}${tradeWord(rng)}养老服务有限公司`]),
    siteName: (rng, _unit, _i, city, county) =>
      pickOf(rng, [`${city.name}图书馆`, `${city.name}博物馆`, `${city.short}奥林匹克体育中心`, `${city.short}市民中心`, `${tradeWord(rng)}养老院`, `${tradeWord(rng)}文化中心`, `${city.short}国际会展中心`, `${county.name}文化馆`]),
  },
];

export const PLACES: readonly PlaceSpec[] = INPUTS.map((p) => ({ ...p, categories: categoryMix(p.share, p.others) }));
export const placePicker = new Weighted(PLACES.map((p) => [p, p.share] as const));
