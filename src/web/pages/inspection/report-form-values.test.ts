import { describe, expect, it } from 'vitest';
import { dayjs } from '../../components/format.ts';
import { defectActions, defectRoles, evidenceLines, isRegistrationCode, measurementText, toCsv, toReportInput } from './report-form-values.ts';
import { parseReportQuery, reportSearchParams } from './reports-query.ts';
import { formatPct, regionBarOption } from './compliance-options.ts';

describe('toReportInput', () => {
  const base = {
    registrationCode: ' 31103701022019000001 ',
    reportNo: ' DJ-2026-0001 ',
    agencyCreditCode: '91370102ma3c000001',
    type: 'periodic' as const,
    supervisoryKind: 'installation' as const,
    date: dayjs('2026-11-30'),
    conclusion: 'pass' as const,
    inspectors: [{ name: ' 张三 ', certificateNo: ' TS-001 ' }, { name: '', certificateNo: '' }],
    signer: { name: '李四', certificateNo: 'TS-009' },
    measurements: { balanceCoefficient: 0.45, brakeTest: 'pass', doorLockEngagementMm: null, insulationResistanceMOhm: undefined, ratedSpeedDeviationPct: 0 },
    defects: [{ item: '', description: '' }, { item: '门锁', description: '啮合长度不足', severity: 'serious' as const }],
  };

  it('builds the fixed interface: trimmed text, upper-case credit code, YYYY-MM-DD date', () => {
    const input = toReportInput(base);
    expect(input.registrationCode).toBe('31103701022019000001');
    expect(input.reportNo).toBe('DJ-2026-0001');
    expect(input.agencyCreditCode).toBe('91370102MA3C000001');
    expect(input.date).toBe('2026-11-30');
    expect(input.signer).toEqual({ name: '李四', certificateNo: 'TS-009' });
  });

  it('keeps filled measurements only (zero is a value), with the brake test as pass/fail', () => {
    expect(toReportInput(base).measurements).toEqual({ balanceCoefficient: 0.45, brakeTest: 'pass', ratedSpeedDeviationPct: 0 });
  });

  it('drops empty inspector and defect rows', () => {
    const input = toReportInput(base);
    expect(input.inspectors).toEqual([{ name: '张三', certificateNo: 'TS-001' }]);
    expect(input.defects).toEqual([{ item: '门锁', description: '啮合长度不足', severity: 'serious' }]);
  });

  it('sends the supervisory kind with acceptance reports only', () => {
    expect(toReportInput(base).supervisoryKind).toBeUndefined();
    expect(toReportInput({ ...base, type: 'acceptance' }).supervisoryKind).toBe('installation');
  });

  it('defaults a defect without severity to general', () => {
    expect(toReportInput({ ...base, defects: [{ item: '照明', description: '轿厢照明不足' }] }).defects[0]!.severity).toBe('general');
  });
});

describe('display helpers', () => {
  it('recognises complete registration codes', () => {
    expect(isRegistrationCode('31103701022019000001')).toBe(true);
    expect(isRegistrationCode('3110370102')).toBe(false);
    expect(isRegistrationCode(undefined)).toBe(false);
  });

  it('shows measured values in words where they are words', () => {
    const words = { pass: 'P', fail: 'F', yes: 'Y', no: 'N' };
    expect(measurementText('pass', words)).toBe('P');
    expect(measurementText('fail', words)).toBe('F');
    expect(measurementText(true, words)).toBe('Y');
    expect(measurementText(0.45, words)).toBe('0.45');
    expect(measurementText(null, words)).toBe('');
  });

  it('flattens a flag evidence object into lines', () => {
    expect(evidenceLines({ certificateNo: 'TS-1', employers: [{ org: 'A', from: '2020-01-01' }, { org: 'B' }] })).toEqual([
      { key: 'certificateNo', value: 'TS-1' },
      { key: 'employers', value: 'org=A，from=2020-01-01；org=B' },
    ]);
    expect(evidenceLines(null)).toEqual([]);
    expect(evidenceLines('text')).toEqual([{ key: '', value: 'text' }]);
  });

  it('writes CSV with a BOM and quotes where needed', () => {
    expect(toCsv(['a', 'b'], [['x,y', 1], ['say "hi"', null]])).toBe('\uFEFFa,b\r\n"x,y",1\r\n"say ""hi""",\r\n');
  });

  it('formats rates as percentages', () => {
    expect(formatPct(0.1234)).toBe('12.3%');
    expect(formatPct(0)).toBe('0.0%');
    expect(formatPct(null)).toBe('—');
  });

  it('stacks overdue, due soon and on-time elevators by region', () => {
    const option = regionBarOption([{ regionCode: '3701', name: '济南市', scheduled: 100, overdue: 5, dueIn30Days: 10, overdueRate: 0.05 }], { overdue: 'o', soon: 's', onTime: 't' }) as { series: { data: number[] }[] };
    expect(option.series.map((s) => s.data[0])).toEqual([5, 10, 85]);
  });
});

describe('rectification actions by role', () => {
  const useUnit = defectRoles('use_unit', ['use_unit'], ['inspection.read', 'inspection.plan', 'inspection.rectify']);
  const agency = defectRoles('inspection', ['inspector'], ['inspection.read', 'inspection.submit', 'inspection.plan']);
  const regulator = defectRoles('regulator', ['regulator'], ['inspection.read', 'inspection.review', 'inspection.rectify']);
  const street = defectRoles('street_office', ['street_office'], ['inspection.read']);

  it('lets the use unit fix an open task and nothing else', () => {
    expect(defectActions('open', useUnit)).toEqual(['fix']);
    expect(defectActions('fixed', useUnit)).toEqual([]);
  });

  it('lets the agency verify or reopen a fixed task, then close it', () => {
    expect(defectActions('open', agency)).toEqual([]);
    expect(defectActions('fixed', agency)).toEqual(['verify', 'reopen']);
    expect(defectActions('verified', agency)).toEqual(['close', 'reopen']);
    expect(defectActions('closed', agency)).toEqual([]);
  });

  it('lets a regulator do every step, and a reader none', () => {
    expect(defectActions('open', regulator)).toEqual(['fix']);
    expect(defectActions('fixed', regulator)).toEqual(['verify', 'reopen']);
    for (const s of ['open', 'fixed', 'verified', 'closed']) expect(defectActions(s, street)).toEqual([]);
  });
});

describe('report list query in the URL', () => {
  it('parses valid filters and drops malformed ones', () => {
    const q = parseReportQuery(new URLSearchParams('registrationCode=311&conclusion=fail&flagged=true&regionCode=3701&from=2026-01-01&to=bad&page=3&pageSize=50'));
    expect(q).toEqual({ registrationCode: '311', conclusion: 'fail', flagged: 'true', regionCode: '3701', from: '2026-01-01', to: undefined, page: 3, pageSize: 50 });
    const bad = parseReportQuery(new URLSearchParams('conclusion=great&flagged=maybe&page=-1&pageSize=7'));
    expect(bad).toMatchObject({ conclusion: undefined, flagged: undefined, page: 1, pageSize: 20 });
  });

  it('writes back without defaults, with the open report', () => {
    expect(reportSearchParams({ page: 1, pageSize: 20, conclusion: 'pass' }, 12).toString()).toBe('conclusion=pass&id=12');
    expect(reportSearchParams(parseReportQuery(new URLSearchParams('page=2'))).toString()).toBe('page=2');
  });
});
