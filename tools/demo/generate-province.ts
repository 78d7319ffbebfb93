import { Calendar, dayNumber, shanghaiToday } from './calendar.ts';
import { cityPicker } from './cities.ts';
import { ascendingOverspeed, manufacturerPicker, PASSENGER_VARIETIES, specsFor, VARIETY_NAMES } from './equipment.ts';
import { Identifiers } from './identifiers.ts';
import type { DemoOrg } from './org-factory.ts';
import { buildWorld, type World } from './orgs.ts';
import { placePicker } from './places.ts';
import { Rng } from './random.ts';
import { nextAddress, openSite, type Site } from './sites.ts';

export type { DemoOrg } from './org-factory.ts';

/**
 * A synthetic Shandong elevator registry for demos, tests and benchmarks: organisations plus one row per
 * elevator in the registry import template. Deterministic for a seed (and `today`), fast enough to stream a
 * million rows, and shaped like the real stock (domain brief §1–4): city shares, age profile, equipment mix.
 */

/** Template fields in template order (the importer's ELEVATOR_FIELDS keys). */
export const FIELD_ORDER = [
  'registrationCode', 'equipmentCode', 'certificateNo', 'rescueCode', 'category', 'regionCode', 'address', 'placeName',
  'placeType', 'useUnitName', 'useUnitCreditCode', 'maintenanceName', 'maintenanceCreditCode', 'maintenancePhone',
  'manufacturerName', 'model', 'factoryNo', 'manufactureDate', 'commissioningDate', 'registrationDate', 'acceptanceDate',
  'status', 'floors', 'ratedSpeed', 'ratedLoad', 'ascendingOverspeedProtection', 'longitude', 'latitude',
] as const;

/** The Chinese template headers, in FIELD_ORDER. */
export const ZH_HEADERS = [
  '注册代码', '设备代码', '使用登记证编号', '救援识别码', '设备品种', '所在区划代码', '安装地址', '场所名称', '场所类别', '使用单位',
  '使用单位信用代码', '维保单位', '维保单位信用代码', '维保电话', '制造单位', '型号', '出厂编号', '制造日期', '投入使用日期', '登记日期',
  '监督检验日期', '设备状态', '层站数', '额定速度', '额定载重量', '上行超速保护', '经度', '纬度',
] as const;

export type FieldKey = (typeof FIELD_ORDER)[number];
/** One elevator; every value a string, '' when empty. */
export type DemoRow = Record<FieldKey, string>;

export interface ProvinceOptions {
  elevators: number;
  /** Defaults to 1. */
  seed?: number;
  /** YYYY-MM-DD; no generated date or registration month lies after it. Defaults to today in Asia/Shanghai. */
  today?: string;
}

const DEFAULT_SEED = 1;
/** Registered before this day: the notice's 15-year tier, which also carries most stops and scrappings. */
const OLD_STOCK = dayNumber('2009-01-01');
const MADE_BY_2004 = dayNumber('2004-12-31');
const OLD_STATUS = [['在用', 80], ['停用', 8], ['报废', 9], ['注销', 3]] as const;
const NEW_STATUS = [['在用', 95.4], ['停用', 3.6], ['报废', 0.7], ['注销', 0.3]] as const;

function pickStatus(rng: Rng, old: boolean): string {
  let x = rng.next() * 100;
  for (const [status, pct] of old ? OLD_STATUS : NEW_STATUS) if ((x -= pct) < 0) return status;
  return '在用';
}

/** Share of elevators that carry a 设备代码: the code dates from 2012-era rules, so old units often lack it. */
function equipmentCodeChance(year: number): number {
  return year < 2009 ? 0.35 : year < 2014 ? 0.8 : 0.93;
}

/** x with 6 decimals, for coordinates (x ≥ 1): a third of the cost of toFixed(6), which is slow in V8. */
function fixed6(x: number): string {
  const micro = String(Math.round(x * 1e6));
  return `${micro.slice(0, -6)}.${micro.slice(-6)}`;
}

function setUp(opts: ProvinceOptions): { world: World; rng: Rng; calendar: Calendar } {
  if (!Number.isInteger(opts.elevators) || opts.elevators < 0) throw new Error(`elevators must be a non-negative integer, got ${opts.elevators}`);
  const root = new Rng(opts.seed ?? DEFAULT_SEED);
  return { world: buildWorld(opts.elevators, root.fork('orgs')), rng: root.fork('rows'), calendar: new Calendar(opts.today ?? shanghaiToday()) };
}

/** The organisations alone (the same ones generateProvince and generateRows use for these options). */
export function generateOrgs(opts: ProvinceOptions): DemoOrg[] {
  return setUp(opts).world.orgs;
}

/** The rows one at a time, so a file of a million rows can be streamed without holding them. */
export function generateRows(opts: ProvinceOptions): Generator<DemoRow> {
  const { world, rng, calendar } = setUp(opts);
  return rowsOf(world, rng, calendar, opts.elevators);
}

export function generateProvince(opts: ProvinceOptions): { orgs: DemoOrg[]; rows: DemoRow[] } {
  const { world, rng, calendar } = setUp(opts);
  return { orgs: world.orgs, rows: [...rowsOf(world, rng, calendar, opts.elevators)] };
}

function* rowsOf(world: World, rng: Rng, calendar: Calendar, count: number): Generator<DemoRow> {
  const ids = new Identifiers(rng.fork('ids'), rng.int(0, 0x7fffffff), calendar.year(calendar.today));
  // Per use unit: the site being filled and how many it has opened (arrays by UseUnit.id: this is the hot loop).
  const openSites: (Site | undefined)[] = new Array(world.useUnitCount);
  const sitesOpened = new Uint32Array(world.useUnitCount);
  for (let i = 0; i < count; i++) {
    const cityWorld = world.cities.get(cityPicker.pick(rng).code)!;
    const place = placePicker.pick(rng);
    const category = place.categories.pick(rng);
    const unit = cityWorld.useUnits[place.kind].pick(rng);
    let site = openSites[unit.id];
    if (!site || site.remaining <= 0) {
      site = openSite(rng, cityWorld, unit, sitesOpened[unit.id]++, calendar.commissioningDay(rng));
      openSites[unit.id] = site;
    }
    site.remaining--;
    yield buildRow(rng, calendar, ids, site, category);
  }
}

function buildRow(rng: Rng, calendar: Calendar, ids: Identifiers, site: Site, category: string): DemoRow {
  // Most of a site's elevators went in together; some were added or replaced later.
  const grouped = site.baseDay + rng.int(0, 45);
  const commissioned = rng.chance(0.9) ? (grouped <= calendar.today ? grouped : site.baseDay) : rng.int(site.baseDay, calendar.today);
  const made = commissioned - rng.int(35, 365);
  const accepted = commissioned - rng.int(3, 28);
  // Registration is due within 30 days of first use; a few use units file late.
  const registered = Math.min(calendar.today, commissioned + (rng.chance(0.94) ? rng.int(0, 30) : rng.int(31, 400)));
  const old = registered < OLD_STOCK;
  const slash = rng.chance(0.1);
  const madeYear = calendar.year(made);
  const registeredYear = calendar.year(registered);

  const maker = rng.chance(0.8) ? site.maker : manufacturerPicker.pick(rng);
  const status = pickStatus(rng, old);
  const passenger = PASSENGER_VARIETIES.has(category);
  const rescue = passenger && ((status === '在用' && rng.chance(0.97)) || (status === '停用' && rng.chance(0.6)));
  const specs = specsFor(rng, category, site.kind, maker, madeYear);
  const { county, city } = site;
  // Registered by the county office, or by the city's (the code then carries the city).
  const registeredBy = rng.chance(0.7) ? county.code : city.code;
  const coordinates = rng.chance(0.98);

  return {
    registrationCode: ids.registrationCode(category, registeredBy, city.code, calendar.month(registered)),
    equipmentCode: rng.chance(equipmentCodeChance(madeYear)) ? ids.equipmentCode(category, maker, madeYear) : '',
    certificateNo: rng.chance(old ? 0.85 : 0.98) ? ids.certificateNo(category, city.letter, registeredYear) : '',
    rescueCode: rescue ? ids.rescueCode() : '',
    category: rng.chance(0.5) ? category : VARIETY_NAMES.get(category)!,
    regionCode: county.code,
    address: nextAddress(rng, site, category),
    placeName: site.placeName,
    placeType: site.placeType,
    useUnitName: site.useUnitName,
    useUnitCreditCode: site.useUnitCreditCode,
    maintenanceName: site.maintenanceName,
    maintenanceCreditCode: site.maintenanceCreditCode,
    maintenancePhone: site.maintenancePhone,
    manufacturerName: maker.name,
    model: specs.model,
    factoryNo: ids.factoryNo(maker, madeYear),
    // Paper-era records often lack the manufacture or inspection date.
    manufactureDate: old && rng.chance(0.2) ? '' : calendar.format(made, slash),
    commissioningDate: calendar.format(commissioned, slash),
    registrationDate: calendar.format(registered, slash),
    acceptanceDate: old && rng.chance(0.3) ? '' : calendar.format(accepted, slash),
    status,
    floors: specs.floors,
    ratedSpeed: specs.ratedSpeed,
    ratedLoad: specs.ratedLoad,
    ascendingOverspeedProtection: ascendingOverspeed(rng, category, made <= MADE_BY_2004),
    longitude: coordinates ? fixed6(site.lon + rng.normal(0.0008)) : '',
    latitude: coordinates ? fixed6(site.lat + rng.normal(0.0008)) : '',
  };
}
