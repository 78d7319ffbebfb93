import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeSchedule, dueOfYear } from '../../src/modules/inspection/schedule.ts';
import { generateInspectionHistory, inspectorsFor, latestDueYear, measurementsFor, type InspectionAgency, type InspectionElevator } from './inspection-history.ts';
import { Rng } from './random.ts';

const TODAY = '2026-12-01';
const agencies: InspectionAgency[] = [
  { id: 1, cityCode: null, testing: false, prefix: 'SDTJ', inspectors: inspectorsFor('3700', 8, 1) },
  { id: 2, cityCode: '370100', testing: false, prefix: 'SD01', inspectors: inspectorsFor('3701', 12, 2) },
  { id: 3, cityCode: '370100', testing: true, prefix: 'JC3', inspectors: inspectorsFor('J3', 4, 3) },
  { id: 4, cityCode: '370600', testing: false, prefix: 'SD06', inspectors: inspectorsFor('3706', 12, 4) },
];
const elevators: InspectionElevator[] = Array.from({ length: 3000 }, (_, i) => ({
  id: i + 1,
  regionCode: i % 3 === 0 ? '370602' : '370102',
  category: i % 10 === 0 ? '3310' : '3110',
  baseline: `${2005 + (i % 21)}-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 27) + 1).padStart(2, '0')}`,
}));
const list = generateInspectionHistory({ elevators, agencies, today: TODAY });

describe('demo inspection history', () => {
  it('finds the latest due year from the baseline', () => {
    assert.equal(latestDueYear('2019-06-20', '2026-06-19'), 6);
    assert.equal(latestDueYear('2019-06-20', '2026-06-20'), 7);
    assert.equal(latestDueYear('2026-03-01', TODAY), 0);
  });

  it('dates every report in the past, numbers it uniquely per agency, and has it signed by someone not on site', () => {
    const numbers = new Set(list.map((r) => `${r.agencyId}/${r.reportNo}`));
    assert.equal(numbers.size, list.length);
    for (const r of list) {
      assert.ok(r.date <= TODAY, r.date);
      assert.ok(!r.inspectors.some((p) => p.certificateNo === r.signer.certificateNo));
      assert.ok(r.inspectors.length >= 1);
    }
  });

  it('gives periodic inspections to the city branch and Jinan self-tests to the testing company', () => {
    for (const r of list) {
      const e = elevators[r.elevatorId - 1]!;
      if (r.type === 'self_test' && e.regionCode.startsWith('3701')) assert.equal(r.agencyId, 3);
      if (r.type === 'periodic') assert.equal(r.agencyId, e.regionCode.startsWith('3701') ? 2 : 4);
    }
  });

  it('keeps most elevators on schedule, leaves a few percent overdue, and fails some with defects', () => {
    const byElevator = new Map<number, typeof list>();
    for (const r of list) byElevator.set(r.elevatorId, [...(byElevator.get(r.elevatorId) ?? []), r]);
    let overdue = 0;
    for (const e of elevators) {
      const s = computeSchedule({ baseline: e.baseline, reports: (byElevator.get(e.id) ?? []).map((r) => ({ date: r.date, type: r.type, conclusion: r.conclusion })), today: TODAY, terse: true });
      if (s.overdueDays > 0) overdue++;
    }
    const share = overdue / elevators.length;
    assert.ok(share > 0.02 && share < 0.12, `overdue share ${share}`);
    const failed = list.filter((r) => r.conclusion === 'fail');
    assert.ok(failed.length > 50, `failed ${failed.length}`);
    assert.ok(failed.every((r) => r.defects.length > 0));
    const statuses = new Set(list.flatMap((r) => r.defects.map((d) => d.status)));
    for (const s of ['open', 'fixed', 'closed']) assert.ok(statuses.has(s as never), `a ${s} task`);
    assert.ok(list.some((r) => r.conclusion === 'pass_after_reinspection' && r.type === 'reinspection'));
  });

  it('dates the latest report around the baseline anniversary', () => {
    const e = elevators[4]!;
    const latest = list.filter((r) => r.elevatorId === e.id && r.type !== 'reinspection').at(-1);
    if (!latest) return;
    const due = dueOfYear(e.baseline!, latestDueYear(e.baseline!, TODAY));
    const gap = Math.abs(Date.parse(latest.date) - Date.parse(due)) / 86_400_000;
    assert.ok(gap <= 45, `${latest.date} vs ${due}`);
  });

  it('measures the key items of the category within their ranges', () => {
    const rng = new Rng(1);
    const traction = measurementsFor('3110', rng);
    assert.equal(traction.brakeTest, 'pass');
    assert.ok(Number(traction.balanceCoefficient) >= 0.4 && Number(traction.balanceCoefficient) <= 0.5);
    assert.ok(Number(traction.doorLockEngagementMm) >= 7);
    const escalator = measurementsFor('3310', rng);
    assert.equal(escalator.brakeTest, undefined);
    assert.ok(Number(escalator.handrailSpeedDeviationPct) <= 2);
  });

  it('registers distinct people with certificates under the agency prefix', () => {
    const people = inspectorsFor('3701', 12, 5);
    assert.equal(new Set(people.map((p) => p.name)).size, 12);
    assert.ok(people.every((p) => p.certificateNo.startsWith('TS7-3701-')));
  });
});
