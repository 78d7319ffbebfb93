import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { itemsFor } from './catalog.ts';
import { afterVisit, checkIotModes, checkIotPassengers, checkItems, gradeCompany, checkPhotos, checkPlace, checkTime, checkWorkerDay, checkWorkers, halfMonthInterval, MAINTENANCE_RULES, nextDue, type RecordItem } from './maintenance.domain.ts';

/** Cycle arithmetic and every record check with a case that flags and one that does not. */
const rules = { ...MAINTENANCE_RULES };
const codes = (f: { code: string }[]) => f.map((x) => x.code);
const halfMonth = itemsFor('A', 'half_month');
const allOk = (items = halfMonth): RecordItem[] => items.map((i) => ({ code: i.code, result: 'ok', ...(i.judgeType === 'NUMERIC' ? { value: 9 } : {}) }));

describe('maintenance cycles', () => {
  test('a visit settles its cycle and every shorter one; next dues follow each cycle', () => {
    let v = afterVisit({ half_month: null, quarter: null, half_year: null, year: null }, 'quarter', '2026-03-01');
    assert.deepEqual(v, { half_month: '2026-03-01', quarter: '2026-03-01', half_year: null, year: null });
    v = afterVisit(v, 'half_month', '2026-03-14');
    assert.deepEqual(nextDue(v, 15, '2026-03-14'), { half_month: '2026-03-29', quarter: '2026-06-01', half_year: '2026-03-14', year: '2026-03-14' });
    // An older record filed late does not move a later visit back.
    assert.equal(afterVisit(v, 'half_month', '2026-03-10').half_month, '2026-03-14');
  });

  test('on-demand maintenance lengthens the half-month interval only where allowed and earned', () => {
    assert.equal(halfMonthInterval(rules, { connected: true, goodRecord: true }), 15);
    const onDemand = { ...rules, onDemand: 1 };
    assert.equal(halfMonthInterval(onDemand, { connected: false, goodRecord: true }), 30);
    assert.equal(halfMonthInterval(onDemand, { connected: true, goodRecord: true }), 90);
    assert.equal(halfMonthInterval(onDemand, { connected: true, goodRecord: false }), 15);
  });
});

describe('maintenance record checks', () => {
  test('items: all of the cycle → nothing; some missing → MISSING_ITEMS (cumulative for a quarter visit)', () => {
    assert.deepEqual(checkItems(halfMonth, allOk()), []);
    assert.deepEqual(codes(checkItems(halfMonth, allOk().slice(2))), ['MISSING_ITEMS']);
    const quarter = itemsFor('A', 'quarter');
    const flags = checkItems(quarter, allOk());
    assert.deepEqual(codes(flags), ['MISSING_ITEMS']);
    assert.equal((flags[0]!.evidence as { missing: string[] }).missing.length, 13);
  });

  test('numeric item: value missing → VALUE_MISSING; beyond limits yet “ok” → VALUE_OUT_OF_LIMITS; marked failed → nothing', () => {
    const items = allOk().map((i) => (i.code === 'A-1-29' ? { code: i.code, result: 'ok' as const } : i));
    assert.deepEqual(codes(checkItems(halfMonth, items)), ['VALUE_MISSING']);
    const short = allOk().map((i) => (i.code === 'A-1-29' ? { ...i, value: 5 } : i));
    assert.deepEqual(codes(checkItems(halfMonth, short)), ['VALUE_OUT_OF_LIMITS']);
    assert.deepEqual(checkItems(halfMonth, short.map((i) => (i.code === 'A-1-29' ? { ...i, result: 'failed' as const } : i))), []);
  });

  test('time on site: plausible → nothing; too short for the cycle → TOO_SHORT', () => {
    const t = (min: number) => [new Date('2026-03-01T01:00:00Z'), new Date(Date.parse('2026-03-01T01:00:00Z') + min * 60_000)] as const;
    assert.deepEqual(checkTime(...t(25), 'half_month', rules), []);
    assert.deepEqual(codes(checkTime(...t(12), 'half_month', rules)), ['TOO_SHORT']);
    assert.deepEqual(codes(checkTime(...t(25), 'year', rules)), ['TOO_SHORT']);
  });

  test('place: at the elevator → nothing; 2 km away at the end → FAR_FROM_ELEVATOR; no coordinates → no claim', () => {
    const here = { lat: 36.66, lon: 117.05 };
    assert.deepEqual(checkPlace(here, { lat: 36.6601, lon: 117.0501 }, here, rules), []);
    const far = checkPlace(here, here, { lat: 36.678, lon: 117.05 }, rules);
    assert.deepEqual(codes(far), ['FAR_FROM_ELEVATOR']);
    assert.equal((far[0]!.evidence as { at: string }).at, 'end');
    assert.deepEqual(checkPlace({ lat: null, lon: null }, here, { lat: 40, lon: 120 }, rules), []);
  });

  test('photos: key items photographed → nothing; missing → KEY_ITEM_NO_PHOTO; a hash seen on another record → PHOTO_REUSED', () => {
    const keys = halfMonth.filter((i) => i.judgeType === 'NUMERIC' || /制动器/.test(i.name)).map((i) => ({ sha256: i.code.padEnd(64, '0'), itemCode: i.code }));
    assert.deepEqual(checkPhotos(halfMonth, allOk(), keys, new Map()), []);
    assert.deepEqual(codes(checkPhotos(halfMonth, allOk(), keys.slice(1), new Map())), ['KEY_ITEM_NO_PHOTO']);
    assert.deepEqual(codes(checkPhotos(halfMonth, allOk(), keys, new Map([['a'.repeat(64), 7]]))), ['PHOTO_REUSED']);
  });

  test('workers: registered and valid → nothing; unknown, expired, or at another company too → flagged', () => {
    const reg = { orgId: 1, orgName: '甲维保', certificateNo: 'T-1', validTo: '2030-01-01', employedFrom: '2020-01-01', employedTo: null };
    const w = [{ name: '王工', certificateNo: 'T-1' }];
    assert.deepEqual(checkWorkers(1, '2026-03-01', w, [reg]), []);
    assert.deepEqual(codes(checkWorkers(1, '2026-03-01', [{ name: '李工', certificateNo: 'T-9' }], [reg])), ['WORKER_UNKNOWN']);
    assert.deepEqual(codes(checkWorkers(1, '2026-03-01', w, [{ ...reg, validTo: '2026-01-01' }])), ['WORKER_CERT_EXPIRED']);
    assert.deepEqual(codes(checkWorkers(1, '2026-03-01', w, [reg, { ...reg, orgId: 2, orgName: '乙维保' }])), ['WORKER_OTHER_COMPANY']);
  });

  test('a worker’s day: overlapping visit elsewhere → WORKER_TWO_PLACES; too many records → TOO_MANY_PER_DAY', () => {
    const w = { name: '王工', certificateNo: 'T-1' };
    const at = (h: number, m = 0) => new Date(Date.UTC(2026, 2, 1, h, m));
    assert.deepEqual(checkWorkerDay(w, 1, at(2), at(3), [{ recordId: 9, elevatorId: 2, startedAt: at(3), endedAt: at(4) }], rules), [], 'back to back is fine');
    assert.deepEqual(codes(checkWorkerDay(w, 1, at(2), at(3), [{ recordId: 9, elevatorId: 2, startedAt: at(2, 30), endedAt: at(3, 30) }], rules)), ['WORKER_TWO_PLACES']);
    const many = Array.from({ length: rules.maxRecordsPerWorkerDay }, (_, i) => ({ recordId: i, elevatorId: 100 + i, startedAt: at(10 + i), endedAt: at(10 + i, 20) }));
    assert.deepEqual(codes(checkWorkerDay(w, 1, at(2), at(3), many, rules)), ['TOO_MANY_PER_DAY']);
  });

  test('IoT: normal service throughout the visit → IOT_NORMAL_DURING_VISIT; a maintenance or inspection period, or no data → nothing', () => {
    const v = { startedAt: new Date('2026-03-01T01:00:00Z'), endedAt: new Date('2026-03-01T01:40:00Z') };
    const at = (iso: string, mode: string) => ({ at: new Date(iso), mode });
    assert.deepEqual(codes(checkIotModes(v, [at('2026-02-28T08:00:00Z', 'normal')], true)), ['IOT_NORMAL_DURING_VISIT']);
    assert.deepEqual(checkIotModes(v, [at('2026-02-28T08:00:00Z', 'normal'), at('2026-03-01T01:05:00Z', 'maintenance'), at('2026-03-01T01:35:00Z', 'normal')], true), []);
    assert.deepEqual(checkIotModes(v, [at('2026-03-01T00:55:00Z', 'inspection')], true), [], 'already in inspection mode at the start');
    assert.deepEqual(checkIotModes(v, [at('2026-02-28T08:00:00Z', 'normal')], false), [], 'terminal not reporting');
    assert.deepEqual(checkIotModes(v, [], true), [], 'no mode known');
  });
});

describe('IoT passengers during a visit', () => {
  const v = { startedAt: new Date('2026-03-01T01:00:00Z'), endedAt: new Date('2026-03-01T01:40:00Z') }; // 09:00–09:40 Beijing
  const day = (mins: number[]) => ({ day: '2026-03-01', bits: Array.from({ length: 1440 }, (_, i) => (mins.includes(i) ? '1' : '0')).join('') });
  const mode = (iso: string, m: string) => ({ at: new Date(iso), mode: m });
  test('minutes with someone in the car in normal service count; at the threshold → IOT_PASSENGERS_DURING_VISIT with the minutes', () => {
    const f = checkIotPassengers(v, [mode('2026-02-28T08:00:00Z', 'normal')], [day([545, 546, 547])], 3);
    assert.deepEqual(codes(f), ['IOT_PASSENGERS_DURING_VISIT']);
    assert.deepEqual(f[0]!.evidence, { occupiedMinutes: 3, first: '2026-03-01T01:05:00.000Z', last: '2026-03-01T01:07:00.000Z', thresholdMinutes: 3 });
    assert.deepEqual(checkIotPassengers(v, [mode('2026-02-28T08:00:00Z', 'normal')], [day([545, 546])], 3), [], 'below the threshold');
  });
  test('minutes outside the visit, in maintenance or inspection mode, or with no mode known do not count', () => {
    assert.deepEqual(checkIotPassengers(v, [mode('2026-02-28T08:00:00Z', 'normal')], [day([530, 531, 532, 580, 581, 582])], 3), [], 'before 09:00 and after 09:40');
    assert.deepEqual(checkIotPassengers(v, [mode('2026-02-28T08:00:00Z', 'normal'), mode('2026-03-01T01:04:00Z', 'maintenance')], [day([545, 546, 547])], 3), []);
    assert.deepEqual(checkIotPassengers(v, [mode('2026-03-01T01:00:00Z', 'inspection')], [day([545, 546, 547])], 3), []);
    assert.deepEqual(checkIotPassengers(v, [], [day([545, 546, 547])], 3), [], 'no mode known');
    assert.deepEqual(checkIotPassengers(v, [mode('2026-02-28T08:00:00Z', 'normal')], [], 3), [], 'no occupancy reported');
  });
  test('a visit across Beijing midnight reads both days', () => {
    const night = { startedAt: new Date('2026-03-01T15:58:00Z'), endedAt: new Date('2026-03-01T16:03:00Z') }; // 23:58–00:03
    const d1 = { day: '2026-03-01', bits: '0'.repeat(1438) + '11' };
    const d2 = { day: '2026-03-02', bits: '1' + '0'.repeat(1439) };
    assert.equal(checkIotPassengers(night, [mode('2026-03-01T00:00:00Z', 'normal')], [d1, d2], 3)[0]?.evidence.occupiedMinutes, 3);
  });
});

describe('company grading', () => {
  const base = { elevators: 100, onTimeElevators: 95, records: 200, flaggedRecords: 10, entrapments: 1, faults: 20, tier1Dispatches: 10, arrivedIn30: 10, inspections: 20, inspectionsPassedFirstTime: 19, triggers: [] };
  test('a hand-computed case: indicator scores, weighted points and the grade', () => {
    const g = gradeCompany(base);
    // onTime 95 ×30; quality 100−5%×200 = 90 ×20; entrapments 100−1×20 = 80 ×15; faults 100−20×5 = 0 ×10; rescue 100 ×15; inspection 95 ×10
    assert.deepEqual(g.indicators.map((i) => [i.key, i.score, i.points]), [['onTime', 95, 28.5], ['recordQuality', 90, 18], ['entrapments', 80, 12], ['faults', 0, 0], ['rescue', 100, 15], ['inspection', 95, 9.5]]);
    assert.equal(g.score, 83);
    assert.equal(g.grade, 'B');
    assert.equal(g.indicators[0]!.basis, '95/100 台电梯按期维保');
  });

  test('an automatic trigger makes it D whatever the score; weights are the region’s', () => {
    assert.equal(gradeCompany({ ...base, faults: 0, triggers: ['维保许可证已于 2026-01-01 过期'] }).grade, 'D');
    const noFaults = gradeCompany(base, { onTime: 30, recordQuality: 20, entrapments: 15, faults: 0, rescue: 15, inspection: 10 });
    assert.equal(noFaults.score, 92.2);
    assert.equal(noFaults.grade, 'A');
  });

  test('no data is not a penalty: a new company with no dispatches or inspections scores full marks there', () => {
    const g = gradeCompany({ ...base, tier1Dispatches: 0, arrivedIn30: 0, inspections: 0, inspectionsPassedFirstTime: 0 });
    assert.deepEqual(g.indicators.filter((i) => i.value === null).map((i) => [i.key, i.score]), [['rescue', 100], ['inspection', 100]]);
  });
});
