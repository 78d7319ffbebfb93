import { CITIES, PROVINCE_CODE, type City, type County } from './cities.ts';
import { MANUFACTURERS } from './equipment.ts';
import { tradeWord } from './names.ts';
import { OrgFactory, type DemoOrg } from './org-factory.ts';
import { PLACES, type PlaceKind, type PlaceSpec } from './places.ts';
import { Weighted, type Rng } from './random.ts';

/**
 * The organisations of a demo province, and for each city the pickers the row generator draws from.
 * Counts grow sub-linearly with the elevator count (a province of 1M elevators has more companies than one of
 * 50k, but not 20 times as many): 50k elevators give about 650 organisations.
 */

export interface UseUnit {
  /** Dense index over all use units, for per-unit state kept in arrays by the row generator. */
  id: number;
  org: DemoOrg;
  place: PlaceSpec;
  /** Where the organisation is registered (and, for a school or hospital, its main site). */
  county: County;
}

export interface CityWorld {
  city: City;
  useUnits: Record<PlaceKind, Weighted<UseUnit>>;
  maintenance: Weighted<DemoOrg>;
}

export interface World {
  orgs: DemoOrg[];
  cities: Map<string, CityWorld>;
  useUnitCount: number;
}

const TOTAL_SHARE = CITIES.reduce((a, c) => a + c.share, 0);
/** Maintenance companies at 50k elevators: about one per 200 elevators. */
const MAINTENANCE_AT_50K = 240;
const RESCUE_STATIONS_AT_50K = 40;

/** Per-city count of something that numbers `at50k` province-wide at 50,000 elevators; at least one. */
const perCity = (at50k: number, city: City, scale: number) => Math.max(1, Math.round((at50k * city.share * scale) / TOTAL_SHARE));

/** Zipf weights by rank: the first-ranked organisation is the biggest by construction (demo users rely on it). */
const zipf = <T>(items: T[], exponent: number) => new Weighted(items.map((item, i) => [item, 1 / (i + 1) ** exponent] as const));

const COUNTY_REGULATORS = ['370102', '370112', '370202', '370211', '370303', '370602'];
const STREET_OFFICES: [string, string][] = [
  ['370102', '泉城路街道'], ['370103', '大观园街道'], ['370202', '八大关街道'], ['370203', '台东街道'], ['370602', '向阳街道'],
];

function countyOf(code: string): { city: City; county: County } {
  for (const city of CITIES) {
    const county = city.counties.find((c) => c.code === code);
    if (county) return { city, county };
  }
  throw new Error(`Unknown county ${code}`);
}

function addPublicBodies(f: OrgFactory, rng: Rng, scale: number): void {
  const jinanCentre = countyOf('370102');
  const at = (c: { city: City; county: County }) => f.streetAddress(c.city, c.county);
  f.add({ key: `regulator:${PROVINCE_CODE}`, name: '山东省市场监督管理局', type: 'regulator', regionCode: PROVINCE_CODE, form: '11', address: at(jinanCentre) });
  for (const [type, name] of [['education', '山东省教育厅'], ['housing', '山东省住房和城乡建设厅'], ['transport', '山东省交通运输厅']] as const)
    f.add({ key: `${type}:${PROVINCE_CODE}`, name, type, regionCode: PROVINCE_CODE, form: '11', address: at(jinanCentre) });
  f.add({ key: `inspection:${PROVINCE_CODE}`, name: '山东省特种设备检验研究院有限公司', type: 'inspection', regionCode: PROVINCE_CODE, codeRegion: '370102', form: '91', address: at(jinanCentre) });
  for (const city of CITIES) {
    const office = () => f.streetAddress(city, city.countyPicker.pick(rng));
    f.add({ key: `regulator:${city.code}`, name: `${city.name}市场监督管理局`, type: 'regulator', regionCode: city.code, form: '11', address: office() });
    f.add({ key: `inspection:${city.code}`, name: `山东省特种设备检验研究院有限公司${city.short}分公司`, type: 'inspection', regionCode: city.code, form: '91', address: office() });
    // The 96333 centre dispatches for the whole city, so it sits at the city code (its scope).
    f.add({ key: `emergency_center:${city.code}`, name: `${city.name}96333电梯应急处置服务中心`, type: 'emergency_center', regionCode: city.code, form: '12', hotline: `${city.areaCode}-96333`, address: office() });
    const stations = perCity(RESCUE_STATIONS_AT_50K, city, scale);
    for (let i = 1; i <= stations; i++) {
      const county = city.countyPicker.pick(rng);
      const name = f.uniqueName(() => `${city.name}${county.name}${rng.pick(city.roads)}电梯应急救援站`);
      f.add({ key: `rescue_station:${city.code}:${i}`, name, type: 'rescue_station', regionCode: county.code, form: '91', hotline: f.hotline(city, false), address: f.streetAddress(city, county) });
    }
  }
  for (const code of COUNTY_REGULATORS) {
    const c = countyOf(code);
    f.add({ key: `regulator:${code}`, name: `${c.city.name}${c.county.name}市场监督管理局`, type: 'regulator', regionCode: code, form: '11', address: at(c) });
  }
  for (const [code, street] of STREET_OFFICES) {
    const c = countyOf(code);
    f.add({ key: `street_office:${code}`, name: `${c.city.name}${c.county.name}${street}办事处`, type: 'street_office', regionCode: code, form: '11', address: at(c) });
  }
  // Independent testing companies do the self-tests (自行检测) of the years without a periodic inspection.
  for (let i = 1; i <= 3; i++) {
    const c = countyOf(rng.pick(['370102', '370112', '370202', '370212']));
    const name = f.uniqueName(() => `山东${rng.pick('鲁安华正信通')}${rng.pick('达检测科源')}电梯检测有限公司`);
    f.add({ key: `inspection:testing:${i}`, name, type: 'inspection', regionCode: c.county.code, form: '91', address: at(c) });
  }
  f.add({ key: 'insurer:picc', name: '中国人民财产保险股份有限公司山东省分公司', type: 'insurer', regionCode: PROVINCE_CODE, codeRegion: '370102', form: '91', hotline: '95518', address: at(jinanCentre) });
  f.add({ key: 'insurer:pingan', name: '中国平安财产保险股份有限公司山东分公司', type: 'insurer', regionCode: PROVINCE_CODE, codeRegion: '370103', form: '91', hotline: '95511', address: at(countyOf('370103')) });
}

/**
 * Manufacturers are registered where they are made, mostly outside Shandong; their credit code says so, but
 * their regionCode is the province because the platform's organisations must sit in one of its own regions.
 */
function addManufacturers(f: OrgFactory): void {
  for (const m of MANUFACTURERS)
    f.add({ key: `manufacturer:${m.code}`, name: m.name, type: 'manufacturer', regionCode: PROVINCE_CODE, codeRegion: m.homeRegion, form: '91' });
}

/** Local firms and, in about one case in seven, the city branch of a manufacturer. */
function maintenanceName(f: OrgFactory, rng: Rng, city: City): string {
  return f.uniqueName(() => {
    if (rng.chance(0.15)) return `${rng.pick(MANUFACTURERS).name}${city.short}分公司`;
    const w = () => tradeWord(rng);
    return rng.pick([`${city.short}${w()}电梯工程有限公司`, `山东${w()}电梯有限公司`, `${city.short}${w()}机电设备有限公司`, `${city.short}${w()}电梯安装维修有限公司`, `山东${w()}电梯工程有限公司`]);
  });
}

function addCityMarket(f: OrgFactory, rng: Rng, city: City, scale: number, nextId: () => number): CityWorld {
  const maintenance: DemoOrg[] = [];
  const count = perCity(MAINTENANCE_AT_50K, city, scale);
  for (let i = 1; i <= count; i++) {
    const county = city.countyPicker.pick(rng);
    const name = maintenanceName(f, rng, city);
    maintenance.push(f.add({ key: `maintenance:${city.code}:${i}`, name, type: 'maintenance', regionCode: county.code, form: '91', hotline: f.hotline(city), address: f.streetAddress(city, county) }));
  }
  const useUnits = {} as Record<PlaceKind, Weighted<UseUnit>>;
  for (const place of PLACES) {
    const units: UseUnit[] = [];
    const n = perCity(place.unitsAt50k, city, scale);
    for (let i = 1; i <= n; i++) {
      const county = city.countyPicker.pick(rng);
      const name = f.uniqueName(() => place.unitName(rng, city, county));
      const form = place.unitIsPlace ? '12' : '91';
      const org = f.add({ key: `use_unit:${city.code}:${place.kind}:${i}`, name, type: 'use_unit', regionCode: county.code, form, address: f.streetAddress(city, county) });
      units.push({ id: nextId(), org, place, county });
    }
    // Residential property management is concentrated: a few big firms hold most compounds.
    useUnits[place.kind] = zipf(units, place.kind === 'residential' ? 1 : 0.7);
  }
  return { city, useUnits, maintenance: zipf(maintenance, 0.9) };
}

/**
 * The 96333 chain beyond the city centres (added last, so the organisations drawn before keep their names and
 * codes): the provincial command centre, one 119 fire service per city, and a location for every rescue station
 * and fire service near its county's centre, so that tiers 2 and 3 are dispatched to the nearest one.
 */
function addEmergencyBodies(f: OrgFactory, rng: Rng): void {
  const jinanCentre = countyOf('370102');
  f.add({ key: `emergency_center:${PROVINCE_CODE}`, name: '山东省96333电梯应急处置指挥中心', type: 'emergency_center', regionCode: PROVINCE_CODE, codeRegion: '370102', form: '12', hotline: '0531-96333', address: f.streetAddress(jinanCentre.city, jinanCentre.county) });
  for (const city of CITIES) {
    // The detachment sits in the city's seat district (its first 区).
    const county = city.counties.find((c) => c.name.endsWith('区')) ?? city.counties[0]!;
    f.add({ key: `fire_service:${city.code}`, name: `${city.name}消防救援支队`, type: 'fire_service', regionCode: county.code, form: '11', hotline: '119', address: f.streetAddress(city, county) });
  }
  const centres = new Map(CITIES.flatMap((c) => [...c.counties, ...c.devZones]).map((c) => [c.code, c]));
  for (const o of f.orgs) {
    if (o.type !== 'rescue_station' && o.type !== 'fire_service') continue;
    const centre = centres.get(o.regionCode);
    if (!centre) continue;
    o.lon = Math.round((centre.lon + rng.normal(0.015)) * 1e6) / 1e6;
    o.lat = Math.round((centre.lat + rng.normal(0.015)) * 1e6) / 1e6;
  }
}

export function buildWorld(elevators: number, rng: Rng): World {
  const scale = (Math.max(elevators, 1) / 50_000) ** 0.6;
  const f = new OrgFactory(rng);
  addPublicBodies(f, rng, scale);
  addManufacturers(f);
  let useUnitCount = 0;
  const cities = new Map(CITIES.map((city) => [city.code, addCityMarket(f, rng, city, scale, () => useUnitCount++)]));
  addEmergencyBodies(f, rng);
  return { orgs: f.orgs, cities, useUnitCount };
}
