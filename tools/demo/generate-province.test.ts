import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { isValidUscc } from '../../src/modules/orgs/uscc.ts';
import { ELEVATOR_FIELDS, parseDate, validateElevatorRow } from '../../src/modules/elevators/elevator-row.ts';
import { RegionDirectory, readRegionCsv } from '../../src/modules/regions/regions.service.ts';
import { CITIES, KNOWN_REGION_CODES } from './cities.ts';
import { VARIETY_NAMES } from './equipment.ts';
import { FIELD_ORDER, generateOrgs, generateProvince, generateRows, ZH_HEADERS, type DemoRow } from './generate-province.ts';

const TODAY = '2026-11-29';
const N = 20_000;
const { orgs, rows } = generateProvince({ elevators: N, seed: 42, today: TODAY });

const share = (pred: (r: DemoRow) => boolean) => rows.filter(pred).length / rows.length;
const iso = (d: string) => (d ? parseDate(d) : undefined);
const categoryOf = (r: DemoRow) => (/^\d{4}$/.test(r.category) ? r.category : [...VARIETY_NAMES].find(([, name]) => name === r.category)?.[0]);
const cityOf = (regionCode: string) => regionCode.slice(0, 4);

function assertUnique(values: string[], what: string) {
  const seen = new Set<string>();
  for (const v of values) {
    assert.ok(!seen.has(v), `duplicate ${what} ${v}`);
    seen.add(v);
  }
}

function assertBetween(value: number, min: number, max: number, what: string) {
  assert.ok(value >= min && value <= max, `${what} = ${(value * 100).toFixed(2)}%, expected ${(min * 100).toFixed(1)}–${(max * 100).toFixed(1)}%`);
}

describe('generateProvince', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = generateProvince({ elevators: 1500, seed: 7, today: TODAY });
    const b = generateProvince({ elevators: 1500, seed: 7, today: TODAY });
    const c = generateProvince({ elevators: 1500, seed: 8, today: TODAY });
    assert.deepEqual(a, b);
    assert.notDeepEqual(a.rows.slice(0, 20), c.rows.slice(0, 20));
    assert.deepEqual([...generateRows({ elevators: 1500, seed: 7, today: TODAY })], a.rows);
    assert.deepEqual(generateOrgs({ elevators: 1500, seed: 7, today: TODAY }), a.orgs);
  });

  it('uses the importer template fields, in order, with string values', () => {
    assert.deepEqual([...FIELD_ORDER], ELEVATOR_FIELDS.map((f) => f.key));
    assert.deepEqual([...ZH_HEADERS], ELEVATOR_FIELDS.map((f) => f.zh));
    for (const r of rows.slice(0, 500)) {
      assert.deepEqual(Object.keys(r), [...FIELD_ORDER]);
      for (const v of Object.values(r)) assert.equal(typeof v, 'string');
    }
  });

  it('gives unique 20-digit registration codes with a variety, Shandong region and past month', () => {
    assertUnique(rows.map((r) => r.registrationCode), 'registration code');
    for (const r of rows) {
      const code = r.registrationCode;
      assert.match(code, /^\d{20}$/);
      assert.equal(code.slice(0, 4), categoryOf(r));
      assert.equal(code.slice(4, 6), '37');
      assert.equal(cityOf(code.slice(4, 10)), cityOf(r.regionCode), `${code} registered outside the city of ${r.regionCode}`);
      const month = code.slice(10, 16);
      assert.ok(month <= TODAY.slice(0, 4) + TODAY.slice(5, 7), `${code} is from the future`);
      assert.equal(month, iso(r.registrationDate)!.slice(0, 7).replace('-', ''), 'YYYYMM is the registration month');
    }
  });

  it('gives unique equipment codes, certificate numbers and rescue codes', () => {
    const equipment = rows.map((r) => r.equipmentCode).filter(Boolean);
    assertUnique(equipment, 'equipment code');
    for (const e of equipment) assert.match(e, /^\d{4}\d{5}\d{4}[0-9A-Z]{5}$/);
    assertBetween(equipment.length / rows.length, 0.8, 0.9, 'rows with an equipment code');
    const certificates = rows.map((r) => r.certificateNo).filter(Boolean);
    assertUnique(certificates, 'certificate number');
    for (const c of certificates) assert.match(c, /^梯\d{2}鲁[A-HJ-NP-R]\d{5}\(\d{2}\)$/);
    const rescue = rows.map((r) => r.rescueCode).filter(Boolean);
    assertUnique(rescue, 'rescue code');
    for (const c of rescue) assert.match(c, /^[1-9]\d{5}$/);
    const inUsePassenger = rows.filter((r) => r.status === '在用' && ['3110', '3210', '3310', '3320', '3410', '3420'].includes(categoryOf(r)!));
    assertBetween(inUsePassenger.filter((r) => r.rescueCode).length / inUsePassenger.length, 0.95, 0.99, 'in-use passenger lifts with a rescue code');
  });

  it('gives organisations valid, unique credit codes and links each elevator to orgs of its city', () => {
    assertUnique(orgs.map((o) => o.creditCode), 'credit code');
    assertUnique(orgs.map((o) => o.name), 'organisation name');
    assertUnique(orgs.map((o) => o.key), 'organisation key');
    for (const o of orgs) assert.ok(isValidUscc(o.creditCode), `${o.name} ${o.creditCode}`);
    const byCode = new Map(orgs.map((o) => [o.creditCode, o]));
    for (const r of rows) {
      const useUnit = byCode.get(r.useUnitCreditCode);
      const maintenance = byCode.get(r.maintenanceCreditCode);
      assert.equal(useUnit?.type, 'use_unit');
      assert.equal(useUnit.name, r.useUnitName);
      assert.equal(maintenance?.type, 'maintenance');
      assert.equal(maintenance.name, r.maintenanceName);
      assert.equal(r.maintenancePhone, maintenance.hotline);
      assert.equal(cityOf(useUnit.regionCode), cityOf(r.regionCode));
      assert.equal(cityOf(maintenance.regionCode), cityOf(r.regionCode));
    }
  });

  it('has a few hundred organisations of every kind at 50k elevators, growing sub-linearly', () => {
    const at50k = generateOrgs({ elevators: 50_000, today: TODAY });
    const at1m = generateOrgs({ elevators: 1_000_000, today: TODAY });
    assert.ok(at50k.length >= 300 && at50k.length <= 900, `${at50k.length} organisations at 50k`);
    assert.ok(at1m.length < at50k.length * 10, `${at1m.length} organisations at 1M`);
    const maintenance = at50k.filter((o) => o.type === 'maintenance');
    assert.ok(maintenance.length >= 50_000 / 250 && maintenance.length <= 50_000 / 150, `${maintenance.length} maintenance companies`);
    for (const m of maintenance) assert.match(m.hotline!, /^(0\d{2,3}-8\d{7}|400-\d{3}-\d{4})$/);
    const types = new Set(at50k.map((o) => o.type));
    for (const t of ['use_unit', 'maintenance', 'manufacturer', 'inspection', 'regulator', 'emergency_center', 'rescue_station', 'fire_service', 'street_office', 'education', 'housing', 'transport', 'insurer'])
      assert.ok(types.has(t as never), `no ${t}`);
    // One 96333 centre per city and the provincial command centre; one 119 detachment per city.
    assert.equal(at50k.filter((o) => o.type === 'emergency_center').length, 17);
    assert.equal(at50k.filter((o) => o.type === 'fire_service').length, 16);
    // Tiers 2 and 3 go to the nearest station: every one has a location in Shandong.
    for (const o of at50k.filter((x) => x.type === 'rescue_station' || x.type === 'fire_service')) {
      assert.ok(o.lon! > 114 && o.lon! < 123 && o.lat! > 34 && o.lat! < 38.5, `${o.name} at ${o.lon},${o.lat}`);
    }
    assert.ok(at50k.some((o) => o.key === 'regulator:370000' && o.name === '山东省市场监督管理局'));
  });

  it('uses known county-level or development-zone region codes, urban districts first', () => {
    for (const r of rows) assert.ok(KNOWN_REGION_CODES.has(r.regionCode), `unknown region ${r.regionCode}`);
    assertBetween(share((r) => /^37\d\d7\d$/.test(r.regionCode)), 0.01, 0.035, 'rows in development zones');
    const names = new Map(CITIES.flatMap((c) => [...c.counties, ...c.devZones]).map((c) => [c.code, c.name]));
    assertBetween(share((r) => names.get(r.regionCode)!.endsWith('区')), 0.7, 0.9, 'rows in urban districts and zones (区)');
    for (const r of rows.slice(0, 2000)) assert.ok(r.address.startsWith(`山东省${CITIES.find((c) => c.code.startsWith(cityOf(r.regionCode)))!.name}${names.get(r.regionCode)}`), r.address);
    for (const r of rows.filter((x) => x.longitude)) {
      assert.match(r.longitude, /^1[12]\d\.\d{6}$/);
      assert.match(r.latitude, /^3[4-8]\.\d{6}$/);
    }
  });

  it('gives real dates, never in the future, in a consistent order', () => {
    for (const r of rows) {
      const [made, commissioned, registered, accepted] = [r.manufactureDate, r.commissioningDate, r.registrationDate, r.acceptanceDate].map(iso);
      for (const d of [r.manufactureDate, r.commissioningDate, r.registrationDate, r.acceptanceDate])
        if (d) assert.ok(iso(d) && iso(d)! <= TODAY, `bad or future date ${d}`);
      assert.ok(commissioned && registered, 'commissioning and registration dates are always present');
      if (made) assert.ok(made <= commissioned);
      if (accepted) assert.ok(accepted <= commissioned);
      assert.ok(registered >= commissioned);
      assert.ok(commissioned >= '1995-01-01', `commissioned ${commissioned}`);
    }
    assertBetween(share((r) => r.commissioningDate.includes('/')), 0.08, 0.12, 'rows with YYYY/M/D dates');
    assertBetween(share((r) => iso(r.registrationDate)! < '2009-01-01'), 0.06, 0.12, 'registered before 2009');
    assertBetween(share((r) => iso(r.registrationDate)! < '2004-01-01'), 0.015, 0.05, 'registered before 2004');
  });

  it('matches the real stock: status, city, variety and place mix', () => {
    assertBetween(share((r) => r.status === '在用'), 0.9, 0.97, '在用');
    assertBetween(share((r) => r.status === '停用'), 0.02, 0.06, '停用');
    assertBetween(share((r) => cityOf(r.regionCode) === '3702'), 0.15, 0.21, 'Qingdao');
    assertBetween(share((r) => cityOf(r.regionCode) === '3701'), 0.13, 0.19, 'Jinan');
    assertBetween(share((r) => ['3701', '3702'].includes(cityOf(r.regionCode))), 0.25, 0.4, 'Qingdao + Jinan');
    assertBetween(share((r) => categoryOf(r) === '3110'), 0.76, 0.87, '3110 passenger');
    assertBetween(share((r) => categoryOf(r) === '3310'), 0.04, 0.08, '3310 escalator');
    assertBetween(share((r) => categoryOf(r) === '3430'), 0.025, 0.055, '3430 dumbwaiter');
    assertBetween(share((r) => /^\d{4}$/.test(r.category)), 0.45, 0.55, 'category given as a code');
    assertBetween(share((r) => r.placeType === '住宅'), 0.6, 0.75, '住宅');
    assert.equal(rows.filter((r) => r.placeType === '住宅' && ['3310', '3320'].includes(categoryOf(r)!)).length, 0, 'escalators at homes');
  });

  it('gives plausible technical parameters', () => {
    for (const r of rows) {
      const category = categoryOf(r)!;
      const floors = Number(r.floors);
      assert.ok(floors >= 2 && floors <= 34, `floors ${r.floors}`);
      if (category === '3310' || category === '3320') {
        assert.deepEqual([r.floors, r.ratedSpeed, r.ratedLoad, r.ascendingOverspeedProtection], ['2', '0.5', '', '']);
      } else if (category === '3110') {
        assert.ok(['1.0', '1.5', '1.75', '2.0', '2.5'].includes(r.ratedSpeed), r.ratedSpeed);
        assert.ok(['630', '800', '1000', '1050', '1350', '1600'].includes(r.ratedLoad), r.ratedLoad);
        const made = iso(r.manufactureDate);
        if (made && made > '2004-12-31') assert.equal(r.ascendingOverspeedProtection, '有');
      } else if (category === '3430') {
        assert.equal(r.ratedSpeed, '0.4');
        assert.ok(Number(r.ratedLoad) >= 100 && Number(r.ratedLoad) <= 250);
      }
    }
    const oldTraction = rows.filter((r) => categoryOf(r) === '3110' && iso(r.manufactureDate) && iso(r.manufactureDate)! <= '2004-12-31');
    assertBetween(oldTraction.filter((r) => r.ascendingOverspeedProtection === '无').length / oldTraction.length, 0.7, 0.97, 'old lifts without ascending overspeed protection');
  });

  it('passes the registry importer row rules', () => {
    const regions = new RegionDirectory();
    const vendor = path.resolve(import.meta.dirname, '../../vendor/regions');
    regions.fill(
      [...readRegionCsv(path.join(vendor, 'shandong-divisions.csv')), ...readRegionCsv(path.join(vendor, 'shandong-nbs-statistical-only-zones.csv'), 'dev_zone')].map((r) => ({ ...r, has_districts: true })),
      [],
    );
    for (const r of rows) {
      const result = validateElevatorRow(r, { regions, today: TODAY });
      assert.ok(result.ok, `${r.registrationCode}: ${result.ok ? '' : result.errors.map((e) => e.message).join('; ')}`);
      assert.deepEqual(result.warnings, []);
    }
  });
});
