import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { addDays, addMonths, computeSchedule, daysBetween, dueOfYear, typeOfYear, type InspectionFact } from './schedule.ts';

/** The schedule rules of TSG T7001-2023 / T7008-2023, one case (or more) per rule, with a fixed "today". */
const B = '2019-06-20';
const pass = (date: string, type: InspectionFact['type'] = 'periodic', extra: Partial<InspectionFact> = {}): InspectionFact => ({ date, type, conclusion: 'pass', ...extra });
const due = (today: string, reports: InspectionFact[] = [], more: Partial<Parameters<typeof computeSchedule>[0]> = {}) => computeSchedule({ baseline: B, reports, today, ...more });

describe('inspection schedule', () => {
  test('years 1, 4, 7, 9, 11, 13, 15 and every year after 15 are periodic; the rest self-test', () => {
    const periodic = Array.from({ length: 25 }, (_, i) => i + 1).filter((y) => typeOfYear(y) === 'periodic');
    assert.deepEqual(periodic, [1, 4, 7, 9, 11, 13, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25]);
    assert.deepEqual([2, 3, 5, 6, 8, 10, 12, 14].map(typeOfYear), Array(8).fill('self_test'));
  });

  test('calendar arithmetic keeps month ends', () => {
    assert.equal(addMonths('2020-02-29', 12), '2021-02-28');
    assert.equal(addMonths('2019-12-31', 2), '2020-02-29');
    assert.equal(addMonths('2020-03-31', -1), '2020-02-29');
    assert.equal(addDays('2024-02-28', 2), '2024-03-01');
    assert.equal(daysBetween('2024-01-01', '2025-01-01'), 366);
    assert.equal(dueOfYear('2019-06-20', 4), '2023-06-20');
  });

  test('a new elevator: first periodic inspection one year after the baseline', () => {
    const s = due('2020-01-10');
    assert.deepEqual([s.nextDueDate, s.nextType, s.overdueDays, s.year], ['2020-06-20', 'periodic', 0, 1]);
    assert.match(s.reason, /以 2019-06-20 验收为基准，第 1 年为定期检验年/);
  });

  test('each year settled in turn: the due date stays on the baseline month', () => {
    const reports = [pass('2020-06-01'), pass('2021-06-25', 'self_test'), pass('2022-06-10', 'self_test')];
    const s = due('2022-12-01', reports);
    assert.deepEqual([s.nextDueDate, s.nextType, s.year], ['2023-06-20', 'periodic', 4]);
  });

  test('up to 2 months early settles the year without moving the next date; earlier settles nothing', () => {
    assert.equal(due('2020-05-01', [pass('2020-04-20')]).nextDueDate, '2021-06-20', 'exactly 2 months early');
    assert.equal(due('2020-05-01', [pass('2020-04-19')]).nextDueDate, '2020-06-20', 'a day more than 2 months early');
  });

  test('late: overdue days count from the due date; a late inspection settles the year it was due for', () => {
    const s = due('2020-08-19');
    assert.deepEqual([s.nextDueDate, s.overdueDays], ['2020-06-20', 60]);
    assert.match(s.reason, /已超期 60 天/);
    const late = due('2020-12-01', [pass('2020-11-30')]);
    assert.deepEqual([late.nextDueDate, late.nextType], ['2021-06-20', 'self_test']);
  });

  test('a periodic inspection settles a self-test year; a self-test never settles a periodic year', () => {
    assert.equal(due('2021-07-01', [pass('2020-06-20'), pass('2021-06-01', 'periodic')]).nextDueDate, '2022-06-20');
    const s = due('2020-07-01', [pass('2020-06-01', 'self_test')]);
    assert.deepEqual([s.nextDueDate, s.nextType, s.overdueDays], ['2020-06-20', 'periodic', 11]);
  });

  test('a failed inspection settles nothing until the re-inspection passes', () => {
    const failed: InspectionFact = { date: '2020-06-10', type: 'periodic', conclusion: 'fail' };
    assert.equal(due('2020-07-01', [failed]).nextDueDate, '2020-06-20');
    assert.equal(due('2020-07-01', [failed, { date: '2020-07-01', type: 'reinspection', conclusion: 'pass' }]).nextDueDate, '2021-06-20');
    assert.equal(due('2020-07-01', [failed, { date: '2020-07-01', type: 'reinspection', conclusion: 'fail_after_reinspection' }]).nextDueDate, '2020-06-20');
    assert.equal(due('2020-07-01', [{ date: '2020-06-10', type: 'periodic', conclusion: 'pending' }]).nextDueDate, '2020-06-20', 'a draft settles nothing');
  });

  test('a passed major-repair supervisory inspection replaces that year’s periodic inspection', () => {
    const reports = [pass('2020-06-01'), pass('2021-06-01', 'self_test'), pass('2022-06-01', 'self_test'), pass('2023-05-15', 'acceptance', { supervisoryKind: 'major_repair' })];
    assert.deepEqual([due('2023-07-01', reports).nextDueDate, due('2023-07-01', reports).nextType], ['2024-06-20', 'self_test']);
  });

  test('a passed modernisation supervisory inspection starts a new baseline', () => {
    const s = due('2024-01-01', [pass('2020-06-01'), pass('2023-09-05', 'acceptance', { supervisoryKind: 'modernisation' })]);
    assert.deepEqual([s.baseline, s.nextDueDate, s.nextType, s.year], ['2023-09-05', '2024-09-05', 'periodic', 1]);
  });

  test('after year 15 every year is periodic', () => {
    const reports = Array.from({ length: 15 }, (_, i) => pass(dueOfYear(B, i + 1), typeOfYear(i + 1)));
    const s = due('2034-07-01', reports);
    assert.deepEqual([s.nextDueDate, s.nextType, s.year], ['2035-06-20', 'periodic', 16]);
    assert.match(s.reason, /15 年后每年定期检验/);
  });

  test('a missed year followed by a later inspection of its kind is history; a missed periodic is not excused by self-tests', () => {
    // Year 1 missed entirely, year 4 periodic done: the schedule continues after year 4.
    assert.equal(due('2023-07-01', [pass('2023-06-01')]).nextDueDate, '2024-06-20');
    // Year 1 missed, only self-tests since: the periodic of year 1 is still due.
    const s = due('2022-07-01', [pass('2021-06-01', 'self_test'), pass('2022-06-01', 'self_test')]);
    assert.deepEqual([s.nextDueDate, s.overdueDays], ['2020-06-20', 741]);
  });

  test('no reports on record: overdue since the latest due date, not since year 1', () => {
    const s = due('2026-11-30');
    assert.deepEqual([s.nextDueDate, s.nextType, s.year, s.overdueDays], ['2026-06-20', 'periodic', 7, 163]);
    // Before year 7's date, the latest passed due is year 6's self-test, but year 4's periodic was never done:
    // a self-test does not stand for it, so year 4 is the obligation.
    const t = due('2026-01-10');
    assert.deepEqual([t.nextDueDate, t.nextType, t.year], ['2023-06-20', 'periodic', 4]);
  });

  test('stopped: no due date while stopped; after a stop of a year or more, a periodic inspection on restart', () => {
    const stopped = due('2021-01-01', [pass('2020-06-01')], { stops: [{ from: '2020-09-01', to: null }] });
    assert.equal(stopped.nextDueDate, null);
    assert.match(stopped.reason, /停用/);
    const restarted = due('2022-01-10', [pass('2020-06-01')], { stops: [{ from: '2020-09-01', to: '2022-01-01' }] });
    assert.deepEqual([restarted.nextDueDate, restarted.nextType, restarted.overdueDays], ['2022-01-01', 'periodic', 9]);
    assert.match(restarted.reason, /停用满一年/);
    // Inspected before restarting: back on the baseline schedule.
    const ok = due('2022-01-10', [pass('2020-06-01'), pass('2021-12-20')], { stops: [{ from: '2020-09-01', to: '2022-01-01' }] });
    assert.equal(ok.nextDueDate, '2022-06-20');
    // A short stop changes nothing.
    assert.equal(due('2021-01-10', [pass('2020-06-01')], { stops: [{ from: '2020-09-01', to: '2021-01-01' }] }).nextDueDate, '2021-06-20');
  });

  test('a regulator’s postponement moves due dates falling in its period', () => {
    const s = due('2020-07-01', [], { postponements: [{ from: '2020-02-01', to: '2020-06-30', days: 90 }] });
    assert.deepEqual([s.nextDueDate, s.overdueDays], ['2020-09-18', 0]);
    assert.match(s.reason, /顺延 90 天（原定 2020-06-20）/);
    assert.equal(due('2020-07-01', [], { postponements: [{ from: '2020-07-01', to: '2020-12-31', days: 90 }] }).nextDueDate, '2020-06-20', 'outside the period');
  });

  test('no baseline: no schedule, and the reason says why', () => {
    const s = computeSchedule({ baseline: null, reports: [], today: '2024-01-01' });
    assert.equal(s.nextDueDate, null);
    assert.match(s.reason, /缺少验收检验日期/);
  });
});
