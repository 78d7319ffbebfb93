import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkDay, checkKeyData, checkMissedHazard, checkPeople, defectDeadline, INSPECTION_RULES, keyItemsFor, type KeyItem, type Registration } from './inspection.domain.ts';

/** Every report quality check with a case that must flag and one that must not. */
const rules = { ...INSPECTION_RULES };
const items: KeyItem[] = [
  { key: 'balanceCoefficient', name: '平衡系数', unit: '', min: 0.4, max: 0.5, required: true },
  { key: 'brakeTest', name: '制动试验', unit: 'pass', min: null, max: null, required: true },
  { key: 'ratedSpeedDeviationPct', name: '额定速度偏差', unit: '%', min: -8, max: 5, required: false },
];
const good = { balanceCoefficient: 0.45, brakeTest: 'pass' };
const codes = (f: { code: string }[]) => f.map((x) => x.code);

const AG = 7;
const reg = (over: Partial<Registration> = {}): Registration => ({ orgId: AG, orgName: '山东特检院', certificateNo: 'TS-001', name: '张检', qualification: '电梯检验员', validTo: '2030-01-01', employedFrom: '2020-01-01', employedTo: null, ...over });
const zhang = { name: '张检', certificateNo: 'TS-001' };
const li = { name: '李审', certificateNo: 'TS-002' };
const registry = [reg(), reg({ certificateNo: 'TS-002', name: '李审', qualification: '电梯检验师' })];

describe('report quality checks', () => {
  test('key data: complete and in range → nothing; missing → KEY_DATA_MISSING; drafts are not judged', () => {
    assert.deepEqual(checkKeyData(good, items, 'pass'), []);
    const missing = checkKeyData({ brakeTest: 'pass' }, items, 'pass');
    assert.deepEqual(codes(missing), ['KEY_DATA_MISSING']);
    assert.match(missing[0]!.message, /平衡系数/);
    assert.deepEqual(checkKeyData({}, items, 'pending'), [], 'a draft may lack data');
  });

  test('key data out of range, not a number, or a failed test under a passing conclusion → KEY_DATA_OUT_OF_RANGE', () => {
    assert.deepEqual(codes(checkKeyData({ ...good, balanceCoefficient: 0.62 }, items, 'pass')), ['KEY_DATA_OUT_OF_RANGE']);
    assert.deepEqual(codes(checkKeyData({ ...good, balanceCoefficient: 'abc' }, items, 'pass')), ['KEY_DATA_OUT_OF_RANGE']);
    assert.deepEqual(codes(checkKeyData({ ...good, brakeTest: 'fail' }, items, 'pass')), ['KEY_DATA_OUT_OF_RANGE']);
    assert.deepEqual(checkKeyData({ ...good, brakeTest: 'fail' }, items, 'fail'), [], 'a failed test in a failed report is consistent');
    assert.deepEqual(checkKeyData({ ...good, ratedSpeedDeviationPct: 3 }, items, 'pass'), []);
    assert.deepEqual(codes(checkKeyData({ ...good, ratedSpeedDeviationPct: 9 }, items, 'pass')), ['KEY_DATA_OUT_OF_RANGE']);
  });

  test('people: registered, valid, distinct signer → nothing', () => {
    assert.deepEqual(checkPeople({ agencyOrgId: AG, date: '2026-05-01', inspectors: [zhang], signer: li }, registry, rules), []);
  });

  test('signer also on site → SIGNER_ON_SITE (only where the rule forbids it)', () => {
    assert.deepEqual(codes(checkPeople({ agencyOrgId: AG, date: '2026-05-01', inspectors: [zhang, li], signer: li }, registry, rules)), ['SIGNER_ON_SITE']);
    assert.deepEqual(checkPeople({ agencyOrgId: AG, date: '2026-05-01', inspectors: [zhang, li], signer: li }, registry, { ...rules, signerOnSiteForbidden: 0 }), []);
  });

  test('signer not registered with the agency, or with an expired certificate → SIGNER_NOT_QUALIFIED', () => {
    assert.deepEqual(codes(checkPeople({ agencyOrgId: AG, date: '2026-05-01', inspectors: [zhang], signer: { name: '王某', certificateNo: 'TS-999' } }, registry, rules)), ['SIGNER_NOT_QUALIFIED']);
    const expired = [reg(), reg({ certificateNo: 'TS-002', name: '李审', validTo: '2026-01-01' })];
    assert.deepEqual(codes(checkPeople({ agencyOrgId: AG, date: '2026-05-01', inspectors: [zhang], signer: li }, expired, rules)), ['SIGNER_NOT_QUALIFIED']);
  });

  test('an inspector unknown to the agency on that date → INSPECTOR_UNKNOWN (employment period counts)', () => {
    assert.deepEqual(codes(checkPeople({ agencyOrgId: AG, date: '2026-05-01', inspectors: [{ name: '赵', certificateNo: 'TS-404' }], signer: li }, registry, rules)), ['INSPECTOR_UNKNOWN']);
    const left = [reg({ employedTo: '2025-12-31' }), registry[1]!];
    assert.deepEqual(codes(checkPeople({ agencyOrgId: AG, date: '2026-05-01', inspectors: [zhang], signer: li }, left, rules)), ['INSPECTOR_UNKNOWN']);
    assert.deepEqual(checkPeople({ agencyOrgId: AG, date: '2025-05-01', inspectors: [zhang], signer: li }, left, rules), [], 'still employed on that date');
  });

  test('certificate expired on the inspection date → CERT_EXPIRED; valid that day → nothing', () => {
    const exp = [reg({ validTo: '2026-04-30' }), registry[1]!];
    assert.deepEqual(codes(checkPeople({ agencyOrgId: AG, date: '2026-05-01', inspectors: [zhang], signer: li }, exp, rules)), ['CERT_EXPIRED']);
    assert.deepEqual(checkPeople({ agencyOrgId: AG, date: '2026-04-30', inspectors: [zhang], signer: li }, exp, rules), []);
  });

  test('one certificate at two employers on the date → CERT_TWO_EMPLOYERS (挂证); consecutive employers → nothing', () => {
    const lent = [...registry, reg({ orgId: 8, orgName: '某检测公司', employedFrom: '2025-01-01' })];
    const flags = checkPeople({ agencyOrgId: AG, date: '2026-05-01', inspectors: [zhang], signer: li }, lent, rules);
    assert.deepEqual(codes(flags), ['CERT_TWO_EMPLOYERS']);
    assert.match(flags[0]!.message, /山东特检院、某检测公司/);
    const moved = [reg({ employedTo: '2024-12-31' }), registry[1]!, reg({ orgId: 8, orgName: '某检测公司', employedFrom: '2025-01-01' })];
    assert.deepEqual(checkPeople({ agencyOrgId: 8, date: '2026-05-01', inspectors: [zhang], signer: { name: '李审', certificateNo: 'TS-002' } }, moved, rules).filter((f) => f.code === 'CERT_TWO_EMPLOYERS'), []);
  });

  test('one day: too many elevators → TOO_MANY_PER_DAY; two places too far apart → SAME_DAY_TOO_FAR', () => {
    const near = { longitude: 117.0, latitude: 36.65 };
    const visits = (n: number, lon = 117.01) => Array.from({ length: n }, (_, i) => ({ reportNo: `R${i}`, registrationCode: `E${i}`, longitude: lon, latitude: 36.66 }));
    assert.deepEqual(checkDay(zhang, '2026-05-01', near, visits(rules.maxElevatorsPerInspectorDay - 1), rules), []);
    assert.deepEqual(codes(checkDay(zhang, '2026-05-01', near, visits(rules.maxElevatorsPerInspectorDay), rules)), ['TOO_MANY_PER_DAY']);
    // 济南 → 青岛 (~300 km) on one day.
    const far = checkDay(zhang, '2026-05-01', near, [{ reportNo: 'QD-1', registrationCode: 'Q', longitude: 120.38, latitude: 36.07 }], rules);
    assert.deepEqual(codes(far), ['SAME_DAY_TOO_FAR']);
    assert.equal((far[0]!.evidence as { otherReport: string }).otherReport, 'QD-1');
    assert.deepEqual(checkDay(zhang, '2026-05-01', { longitude: null, latitude: null }, [{ reportNo: 'QD-1', registrationCode: 'Q', longitude: 120.38, latitude: 36.07 }], rules), [], 'no coordinates: no distance claim');
  });

  test('a passed report followed within N days by an entrapment → HAZARD_MISSED; later, or a failed report → nothing', () => {
    const ev = [{ at: '2026-05-20T03:00:00Z', kind: 'trapped', ref: 'incident:9' }];
    assert.equal(checkMissedHazard({ date: '2026-05-01', conclusion: 'pass' }, ev, rules)?.code, 'HAZARD_MISSED');
    assert.equal(checkMissedHazard({ date: '2026-03-01', conclusion: 'pass' }, ev, rules), null, 'more than 30 days later');
    assert.equal(checkMissedHazard({ date: '2026-05-01', conclusion: 'fail' }, ev, rules), null);
    assert.equal(checkMissedHazard({ date: '2026-05-01', conclusion: 'pass' }, [], rules), null);
  });

  test('deadlines and key items by category', () => {
    assert.equal(defectDeadline('2026-05-01', 'serious', rules), '2026-05-16');
    assert.equal(defectDeadline('2026-05-01', 'general', rules), '2026-06-30');
    const rows = [
      { categoryPrefix: '3', key: 'insulation', name: '绝缘', unit: 'MΩ', min: 0.5, max: null, required: true },
      { categoryPrefix: '311', key: 'balance', name: '平衡系数', unit: '', min: 0.4, max: 0.5, required: true },
      { categoryPrefix: '31', key: 'insulation', name: '绝缘（曳引）', unit: 'MΩ', min: 1, max: null, required: true },
    ];
    assert.deepEqual(keyItemsFor('3110', rows).map((k) => k.name).sort(), ['平衡系数', '绝缘（曳引）'].sort());
    assert.deepEqual(keyItemsFor('3310', rows).map((k) => k.name), ['绝缘']);
  });
});
