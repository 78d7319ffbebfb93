import fs from 'node:fs';
import path from 'node:path';
import { parseSimpleCsv } from '../../src/lib/csv.ts';
import { Weighted } from './random.ts';

/** Shandong's cities as the demo generator needs them: divisions from vendor/regions plus local colour. */

const VENDOR = path.resolve(import.meta.dirname, '../../vendor/regions');
const readCsv = (file: string) => parseSimpleCsv(fs.readFileSync(path.join(VENDOR, file), 'utf8'));

export const PROVINCE_CODE = '370000';

export interface County {
  code: string;
  name: string;
  /** Development zones (x71/x72/x76) are statistical areas without GB/T 2260 status, rolled up to the city. */
  devZone: boolean;
  /**
   * A made-up centre near the city's centroid (the vendored data has no county centroids). The centroid is that
   * of the whole municipality's area, so for coastal cities it lies inland of the old town.
   */
  lon: number;
  lat: number;
}

export interface City {
  code: string;
  /** Short name without 市, as used in company and place names (济南, 青岛). */
  short: string;
  name: string;
  /** 使用登记证 city letter after 鲁 (vehicle-plate letters: 济南 A, 青岛 B …). */
  letter: string;
  /** Telephone area code, for hotlines. */
  areaCode: string;
  /** Share of the province's elevators (relative weight). */
  share: number;
  counties: County[];
  devZones: County[];
  /** Where a site in this city lies: urban districts weigh far more than counties (县, 县级市). */
  countyPicker: Weighted<County>;
  roads: readonly string[];
}

interface CityProfile {
  letter: string;
  areaCode: string;
  share: number;
  /** Central districts: the densest stock of high-rise housing, offices and malls. */
  core: readonly string[];
  roads: readonly string[];
}

/**
 * Shares follow the cities' size and urbanisation (Qingdao and Jinan hold about a third of the stock).
 * Road names are real main roads of each city; they are reused across its districts, which is good enough
 * for addresses that must only look plausible.
 */
const PROFILES: Record<string, CityProfile> = {
  济南: { letter: 'A', areaCode: '0531', share: 16, core: ['历下区', '市中区', '槐荫区', '天桥区', '历城区'],
    roads: ['泉城路', '经十路', '经七路', '经四路', '纬二路', '历山路', '解放路', '山大路', '花园路', '和平路', '文化东路', '二环南路', '旅游路', '工业南路', '舜华路', '北园大街', '堤口路', '青年东路', '英雄山路', '阳光新路', '凤鸣路', '奥体中路'] },
  青岛: { letter: 'B', areaCode: '0532', share: 18, core: ['市南区', '市北区', '李沧区', '崂山区', '黄岛区', '城阳区'],
    roads: ['香港中路', '香港西路', '东海西路', '山东路', '延安三路', '南京路', '辽阳西路', '福州南路', '宁夏路', '台东一路', '重庆南路', '黑龙江中路', '京口路', '九水东路', '海尔路', '深圳路', '松岭路', '秦岭路', '长江中路', '井冈山路', '峨眉山路', '正阳路'] },
  淄博: { letter: 'C', areaCode: '0533', share: 5.5, core: ['张店区', '淄川区', '临淄区'],
    roads: ['人民路', '柳泉路', '共青团路', '华光路', '联通路', '金晶大道', '西六路', '张周路', '北京路', '世纪路'] },
  枣庄: { letter: 'D', areaCode: '0632', share: 2.8, core: ['市中区', '薛城区'],
    roads: ['光明大道', '青檀路', '文化路', '君山路', '长白山路', '黄河路', '华山路', '振兴路'] },
  东营: { letter: 'E', areaCode: '0546', share: 3, core: ['东营区'],
    roads: ['西四路', '府前大街', '济南路', '东三路', '南一路', '黄河路', '胶州路', '北一路'] },
  烟台: { letter: 'F', areaCode: '0535', share: 8, core: ['芝罘区', '莱山区', '福山区'],
    roads: ['南大街', '北马路', '青年南路', '胜利路', '观海路', '港城东大街', '长江路', '红旗中路', '迎春大街', '山海路', '机场路'] },
  潍坊: { letter: 'G', areaCode: '0536', share: 7.5, core: ['奎文区', '潍城区'],
    roads: ['东风东街', '胜利东街', '健康东街', '北海路', '新华路', '福寿东街', '鸢飞路', '潍州路', '宝通街', '玉清街'] },
  济宁: { letter: 'H', areaCode: '0537', share: 6, core: ['任城区'],
    roads: ['共青团路', '太白楼路', '红星中路', '琵琶山路', '建设路', '古槐路', '洸河路', '火炬路', '吴泰闸路'] },
  泰安: { letter: 'J', areaCode: '0538', share: 3.8, core: ['泰山区', '岱岳区'],
    roads: ['东岳大街', '泰山大街', '擂鼓石大街', '灵山大街', '青年路', '岱宗大街', '长城路', '南关大街'] },
  威海: { letter: 'K', areaCode: '0631', share: 3.5, core: ['环翠区'],
    roads: ['新威路', '统一路', '世昌大道', '青岛路', '海滨路', '文化中路', '古寨东路', '昆明路'] },
  日照: { letter: 'L', areaCode: '0633', share: 3, core: ['东港区'],
    roads: ['海曲中路', '泰安路', '烟台路', '北京路', '威海路', '济南路', '望海路', '临沂路'] },
  滨州: { letter: 'M', areaCode: '0543', share: 2.9, core: ['滨城区'],
    roads: ['黄河五路', '渤海七路', '黄河八路', '渤海十八路', '长江二路', '渤海二十一路', '黄河四路', '梧桐五路'] },
  德州: { letter: 'N', areaCode: '0534', share: 3.3, core: ['德城区'],
    roads: ['东方红路', '湖滨大道', '新湖大街', '三八路', '天衢路', '大学路', '德兴大道', '解放大道'] },
  聊城: { letter: 'P', areaCode: '0635', share: 3.2, core: ['东昌府区'],
    roads: ['东昌路', '柳园路', '花园路', '兴华路', '昌润路', '建设路', '光岳路', '鲁化路'] },
  临沂: { letter: 'Q', areaCode: '0539', share: 7.5, core: ['兰山区', '河东区', '罗庄区'],
    roads: ['沂蒙路', '解放路', '金雀山路', '通达路', '北京路', '蒙山大道', '银雀山路', '工业大道', '涑河北街'] },
  菏泽: { letter: 'R', areaCode: '0530', share: 3.5, core: ['牡丹区'],
    roads: ['中华路', '人民路', '和平路', '长江路', '丹阳路', '牡丹路', '八一路', '青年路', '双河路'] },
};

/**
 * A county's centre: a fixed offset from the city centroid derived from its code, so that sites cluster by
 * district. Central districts sit close to the centroid, counties further out (0.15–0.3°).
 */
function countyCentre(code: string, kind: 'core' | 'district' | 'county', lon: number, lat: number): { lon: number; lat: number } {
  const h = Math.imul(Number(code), 0x9e3779b1) >>> 0;
  const angle = ((h & 0xffff) / 0x10000) * 2 * Math.PI;
  const [min, max] = kind === 'core' ? [0, 0.06] : kind === 'district' ? [0.08, 0.2] : [0.15, 0.3];
  const r = min + ((h >>> 16) / 0x10000) * (max - min);
  return { lon: lon + r * Math.cos(angle), lat: lat + r * Math.sin(angle) };
}

/** Relative weight of a county-level area within its city. */
function countyWeight(county: County, profile: CityProfile): number {
  if (profile.core.includes(county.name)) return 6;
  if (county.name.endsWith('区')) return 2.5;
  return county.name.endsWith('市') ? 1.2 : 0.6; // 县级市 before 县
}

function loadCities(): City[] {
  const divisions = readCsv('shandong-divisions.csv');
  const zones = readCsv('shandong-nbs-statistical-only-zones.csv');
  const centroids = new Map(readCsv('shandong-city-centroids.csv').map((r) => [r.code, r]));
  return divisions
    .filter((d) => d.level === '2')
    .map((d) => {
      const short = d.name.replace(/市$/, '');
      const profile = PROFILES[short];
      const centroid = centroids.get(d.code);
      if (!profile || !centroid) throw new Error(`No demo profile or centroid for ${d.code} ${d.name}`);
      const lon = Number(centroid.centroid_lon);
      const lat = Number(centroid.centroid_lat);
      const kindOf = (name: string) => (profile.core.includes(name) ? 'core' : name.endsWith('区') ? 'district' : 'county');
      const counties = divisions
        .filter((c) => c.parent_code === d.code && c.level === '3')
        .map((c) => ({ code: c.code, name: c.name, devZone: false, ...countyCentre(c.code, kindOf(c.name), lon, lat) }));
      const devZones = zones
        .filter((z) => z.parent_code === d.code)
        .map((z) => ({ code: z.code, name: z.name, devZone: true, ...countyCentre(z.code, 'district', lon, lat) }));
      return {
        code: d.code,
        short,
        name: d.name,
        letter: profile.letter,
        areaCode: profile.areaCode,
        share: profile.share,
        counties,
        devZones,
        countyPicker: new Weighted(counties.map((c) => [c, countyWeight(c, profile)] as const)),
        roads: profile.roads,
      };
    });
}

export const CITIES: readonly City[] = loadCities();
export const cityPicker = new Weighted(CITIES.map((c) => [c, c.share] as const));

/**
 * Within a city that has development zones, this share of sites lies in one of them. Only 10 of 16 cities have
 * zones, so about 2% of elevators province-wide carry a development-zone code.
 */
export const DEV_ZONE_SHARE = 0.035;

/** Every code a generated row may carry as its region: the counties and development zones. */
export const KNOWN_REGION_CODES: ReadonlySet<string> = new Set(CITIES.flatMap((c) => [...c.counties, ...c.devZones].map((x) => x.code)));
