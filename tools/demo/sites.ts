import { DEV_ZONE_SHARE, type City, type County } from './cities.ts';
import { manufacturerPicker, type Manufacturer } from './equipment.ts';
import { BUILDING_WORDS } from './names.ts';
import type { CityWorld, UseUnit } from './orgs.ts';
import type { PlaceKind } from './places.ts';
import type { Rng } from './random.ts';

/**
 * A site is one compound, school, hospital, mall…: its elevators share an address, a use unit, usually one
 * maintenance contract and one brand, and were mostly installed together. Generating rows site by site is
 * what makes the registry look like a registry rather than independent random rows.
 */
export interface Site {
  city: City;
  county: County;
  kind: PlaceKind;
  placeName: string;
  /** 场所类别 and the organisations' fields, copied here so that the per-row code reads one object shape. */
  placeType: string;
  useUnitName: string;
  useUnitCreditCode: string;
  maintenanceName: string;
  maintenanceCreditCode: string;
  maintenancePhone: string;
  /** Address up to the building, e.g. 山东省青岛市市南区香港中路66号阳光花园. */
  address: string;
  lon: number;
  lat: number;
  /** Day number of the site's main installation. */
  baseDay: number;
  maker: Manufacturer;
  remaining: number;
  building: number;
  entrance: number;
  lift: number;
  entrancesPerBuilding: number;
  liftsPerEntrance: number;
  /** Elevators numbered so far outside the residential building/entrance scheme. */
  seq: number;
}

export function openSite(rng: Rng, world: CityWorld, unit: UseUnit, siteIndex: number, baseDay: number): Site {
  const city = world.city;
  // A school's or hospital's name may carry its county (历城区人民医院): its main campus stays there.
  const county =
    unit.place.unitIsPlace && siteIndex === 0
      ? unit.county
      : city.devZones.length && rng.chance(DEV_ZONE_SHARE)
        ? rng.pick(city.devZones)
        : city.countyPicker.pick(rng);
  const road = rng.pick(city.roads);
  const placeName = unit.place.siteName(rng, unit.org.name, siteIndex, city, county, road);
  const prefix = `山东省${city.name}${county.name}`;
  // A compound named after its gate number (经十路12号院) already is an address.
  const address = placeName.endsWith('号院') ? prefix + placeName : `${prefix}${road}${rng.int(1, 399)}号${placeName}`;
  const maintenance = world.maintenance.pick(rng);
  return {
    city,
    county,
    kind: unit.place.kind,
    placeName,
    placeType: unit.place.zh,
    useUnitName: unit.org.name,
    useUnitCreditCode: unit.org.creditCode,
    maintenanceName: maintenance.name,
    maintenanceCreditCode: maintenance.creditCode,
    maintenancePhone: maintenance.hotline ?? '',
    address,
    lon: county.lon + rng.normal(0.035),
    lat: county.lat + rng.normal(0.03),
    baseDay,
    maker: manufacturerPicker.pick(rng),
    remaining: unit.place.siteSize(rng),
    building: 1,
    entrance: 1,
    lift: 0,
    entrancesPerBuilding: rng.int(1, 4),
    liftsPerEntrance: rng.chance(0.3) ? 2 : 1,
    seq: 0,
  };
}

const RESIDENTIAL_LIFTS = new Set(['3110', '3210', '3420']);
const LIFT_NOUN: Record<string, string> = { '3310': '号扶梯', '3320': '号自动人行道', '3430': '号杂物梯', '3120': '号货梯', '3130': '号货梯', '3220': '号货梯' };

/**
 * The next elevator's full address: homes by building and entrance (3号楼2单元, 东梯/西梯 when an entrance has
 * two cars), everything else by building and number (门诊楼2号梯, 中庭3号扶梯).
 */
export function nextAddress(rng: Rng, site: Site, category: string): string {
  if (site.kind === 'residential' && RESIDENTIAL_LIFTS.has(category)) {
    const where = `${site.building}号楼`;
    let out: string;
    if (category === '3420') out = `${site.address}${where}消防电梯`;
    else out = `${site.address}${where}${site.entrance}单元${site.liftsPerEntrance === 2 ? (site.lift === 0 ? '东梯' : '西梯') : ''}`;
    if (++site.lift >= site.liftsPerEntrance) {
      site.lift = 0;
      if (++site.entrance > site.entrancesPerBuilding) {
        site.entrance = 1;
        site.building++;
      }
    }
    return out;
  }
  return `${site.address}${rng.pick(BUILDING_WORDS[site.kind])}${++site.seq}${LIFT_NOUN[category] ?? '号梯'}`;
}
