import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BoardItem } from '../../api/emergency.types.ts';
import { callInput, lookupQuery } from './call-form-modal.tsx';
import { debounce, toIncidentChange } from './emergency-stream.tsx';
import { actionInput, tierOptions } from './incident-action-modal.tsx';
import { incidentMapOption, mapPoints, mapScope } from './incident-map-option.ts';
import { incidentSearchParams, parseIncidentQuery } from './incidents-query.ts';
import { prefixToCode, slaInput, toMinutes } from './sla-page.tsx';
import { formatMinutes, formatRate, histogramOption, isLateBucket, quarterOf } from './stats-options.ts';
import { actionLabel, actorLabel, eventDetail } from './timeline.ts';
import { parentRegion } from './coverage-page.tsx';

describe('timeline texts', () => {
  it('names the platform’s own actors in Chinese and passes people through', () => {
    expect(actorLabel('system:sla')).toBe('系统（时限到期自动处置）');
    expect(actorLabel('system:iot')).toBe('物联网监测终端');
    expect(actorLabel('public:qr')).toBe('扫码报警人');
    expect(actorLabel('system:other')).toBe('系统');
    expect(actorLabel('96333调度员')).toBe('96333调度员');
    expect(actorLabel(null)).toBe('');
  });

  it('describes who was called out, why, and what was skipped', () => {
    expect(eventDetail('dispatched', { tier: 1, orgName: '山东快捷电梯工程有限公司', phone: '0531-88886666', distanceKm: null, reason: 'manual' })).toBe(
      '一级：维保单位 · 山东快捷电梯工程有限公司 · 0531-88886666 · 调度员派单',
    );
    expect(eventDetail('escalated', { tier: 3, orgName: '119 消防救援', phone: '119', distanceKm: 3.456, reason: 'sla_accept', skipped: [{ tier: 2, why: 'no_rescue_station' }] })).toBe(
      '三级：119 消防 · 119 消防救援 · 119 · 距离 3.5 公里 · 超时未接单，升级 · 跳过二级：公共救援站（平台上无救援站）',
    );
  });

  it('describes intake, rescue, closing, breaches and notes; unknown details are left out', () => {
    expect(eventDetail('received', { source: 'qr', type: 'trapped', trapped: 2, callerPhone: '138****5678', alarmId: null, repeatOf: 17 })).toBe('扫码 · 困人 · 被困 2 人 · 来电 138****5678 · 30 天内重复，前次 #17');
    expect(eventDetail('merged', { source: 'iot', type: 'trapped', trapped: null, alarmId: 9, upgraded: true })).toBe('物联网 · 困人 · 关联告警 #9 · 升级为困人事件');
    expect(eventDetail('rescued', { rescued: 3, injured: 1 })).toBe('解救 3 人 · 受伤 1 人');
    expect(eventDetail('closed', { cause: 'door_system', rescued: 3, injured: 0, note: '门锁触点更换' })).toBe('原因：门系统 · 解救 3 人 · 备注：门锁触点更换');
    expect(eventDetail('sla_breach', { leg: 'arrive', tier: 1, dueAt: '2026-01-01T00:00:00Z' })).toBe('到场时限已超时 · 一级：维保单位');
    expect(eventDetail('declined', { tier: 1, note: '人员不在附近' })).toBe('备注：人员不在附近');
    expect(eventDetail('accepted', { tier: 1, orgId: 3 })).toBe('');
    expect(eventDetail('arrived', null)).toBe('');
    expect(eventDetail('something_new', { x: 1 })).toBe('');
  });

  it('calls a second dispatch 升级派单', () => {
    expect(actionLabel('dispatch', false)).toBe('派单');
    expect(actionLabel('dispatch', true)).toBe('升级派单');
    expect(actionLabel('close', true)).toBe('结案');
  });
});

describe('call form', () => {
  it('searches codes only when complete, addresses from two characters', () => {
    expect(lookupQuery(' 370112 ')).toBe('370112');
    expect(lookupQuery('3701')).toBeUndefined();
    expect(lookupQuery('31103701002019000001')).toBe('31103701002019000001');
    expect(lookupQuery('311037010020190000')).toBeUndefined();
    expect(lookupQuery('泉城路')).toBe('泉城路');
    expect(lookupQuery('泉')).toBeUndefined();
  });

  it('sends counts only where they mean something and leaves blanks out', () => {
    expect(callInput('370112', { type: 'trapped', source: 'phone', trapped: 2, injured: 0, callerPhone: ' 13800000000 ', description: ' ' })).toEqual({
      code: '370112',
      source: 'phone',
      type: 'trapped',
      trapped: 2,
      injured: 0,
      callerPhone: '13800000000',
    });
    expect(callInput('370112', { type: 'inquiry', source: 'app', trapped: 2, injured: 1, description: '年检' })).toEqual({ code: '370112', source: 'app', type: 'inquiry', description: '年检' });
  });
});

describe('action form', () => {
  it('offers any tier at first and only higher ones when escalating', () => {
    expect(tierOptions(null, 'received')).toEqual([1, 2, 3]);
    expect(tierOptions(1, 'dispatched')).toEqual([2, 3]);
    expect(tierOptions(2, 'accepted')).toEqual([3]);
  });

  it('builds each action’s body from the form', () => {
    expect(actionInput('dispatch', {})).toEqual({ action: 'dispatch' });
    expect(actionInput('dispatch', { tier: 2 })).toEqual({ action: 'dispatch', tier: 2 });
    expect(actionInput('close', { cause: 'human', rescued: 2, injured: 0, note: ' 垃圾堵门 ' })).toEqual({ action: 'close', cause: 'human', rescued: 2, injured: 0, note: '垃圾堵门' });
    expect(actionInput('cancel', { note: '误报' })).toEqual({ action: 'cancel', note: '误报' });
    expect(actionInput('rescue', { rescued: 3, injured: null })).toEqual({ action: 'rescue', rescued: 3 });
    expect(actionInput('accept', { note: 'x', tier: 3 })).toEqual({ action: 'accept' });
  });
});

describe('incident list query', () => {
  it('reads filters from the URL, dropping malformed ones, and writes them back without defaults', () => {
    const q = parseIncidentQuery(new URLSearchParams('registrationCode=370112&status=open&source=qr&type=nope&from=2026-10-01&to=bad&page=2&pageSize=50&regionCode=3701'));
    expect(q).toEqual({ registrationCode: '370112', status: 'open', source: 'qr', type: undefined, regionCode: '3701', from: '2026-10-01', to: undefined, page: 2, pageSize: 50 });
    expect(incidentSearchParams({ ...q, page: 1, pageSize: 20 }, 7).toString()).toBe('registrationCode=370112&status=open&source=qr&regionCode=3701&from=2026-10-01&id=7');
    expect(parseIncidentQuery(new URLSearchParams('pageSize=33'))).toMatchObject({ page: 1, pageSize: 20 });
  });
});

describe('statistics', () => {
  it('defaults to the calendar quarter of today', () => {
    expect(quarterOf('2026-12-01')).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(quarterOf('2024-02-29')).toEqual({ from: '2024-01-01', to: '2024-03-31' });
    expect(quarterOf('2025-05-15')).toEqual({ from: '2025-04-01', to: '2025-06-30' });
    expect(quarterOf('2025-09-30')).toEqual({ from: '2025-07-01', to: '2025-09-30' });
  });

  it('formats rates and minutes as published', () => {
    expect(formatRate(0.99473)).toBe('99.47%');
    expect(formatRate(1)).toBe('100.00%');
    expect(formatRate(null)).toBe('—');
    expect(formatMinutes(10.333)).toBe('10.3');
    expect(formatMinutes(null)).toBe('—');
  });

  it('marks arrival buckets past 30 minutes red', () => {
    expect(isLateBucket('25-30')).toBe(false);
    expect(isLateBucket('30-35')).toBe(true);
    expect(isLateBucket('60+')).toBe(true);
    const option = histogramOption([
      { bucket: '5-10', incidents: 40 },
      { bucket: '30-35', incidents: 1 },
    ]) as { series: { data: { value: number; itemStyle: { color: string } }[] }[] };
    expect(option.series[0].data.map((d) => d.itemStyle.color)).toEqual(['#52c41a', '#cf1322']);
  });
});

describe('incident map', () => {
  const item = (id: number, lon: number | null, lat: number | null): BoardItem => ({
    id,
    status: 'received',
    source: 'phone',
    channels: ['phone'],
    type: 'trapped',
    tier: null,
    assignedOrg: null,
    registrationCode: '31103701002019000001',
    address: '济南市<泉城路>',
    regionCode: '370102',
    trapped: 2,
    receivedAt: '2026-12-01T05:00:00Z',
    breaches: [],
    repeatOf: null,
    longitude: lon,
    latitude: lat,
    clocks: [],
    urgency: 'normal',
  });

  it('places located incidents coloured by urgency, counts the rest, escapes addresses', () => {
    const { points, missing } = mapPoints([item(1, 117.0, 36.6), item(2, null, null), item(3, 117.1, 36.7)], (i) => (i.id === 1 ? 'breached' : 'warning'));
    expect(missing).toBe(1);
    expect(points.map((p) => [p.id, p.urgency])).toEqual([
      [1, 'breached'],
      [3, 'warning'],
    ]);
    expect(points[0].label).toContain('&#60;泉城路&#62;');
    const option = incidentMapOption('m', { type: 'FeatureCollection', features: [] }, points) as { series: { type: string; data: { name: string; itemStyle: { color: string } }[] }[] };
    expect(option.series[1].type).toBe('effectScatter');
    expect(option.series[1].data.map((d) => [d.name, d.itemStyle.color])).toEqual([['1', '#cf1322']]);
    expect(option.series[0].data.map((d) => [d.name, d.itemStyle.color])).toEqual([['3', '#faad14']]);
  });

  it('draws a city’s counties for a city or county viewer, the province otherwise', () => {
    expect(mapScope('370000')).toEqual({});
    expect(mapScope(undefined)).toEqual({});
    expect(mapScope('370100')).toEqual({ city: '370100' });
    expect(mapScope('370102')).toEqual({ city: '370100' });
  });
});

describe('SLA and coverage helpers', () => {
  it('shows seconds as minutes and sends minutes as seconds, blank inheriting', () => {
    expect(toMinutes(180)).toBe(3);
    expect(toMinutes(90)).toBe(1.5);
    expect(toMinutes(null)).toBeNull();
    expect(slaInput({ regionCode: '370100', dispatchSeconds: 2.5, acceptSeconds: null, arriveUrbanSeconds: 25 })).toEqual({
      regionCode: '370100',
      dispatchSeconds: 150,
      acceptSeconds: null,
      arriveUrbanSeconds: 1500,
      arriveOtherSeconds: null,
    });
    expect(slaInput({}).regionCode).toBe('');
    expect(prefixToCode('')).toBeUndefined();
    expect(prefixToCode('37')).toBe('370000');
    expect(prefixToCode('3701')).toBe('370100');
    expect(prefixToCode('370102')).toBe('370102');
  });

  it('goes one level up from a county to its city, and from a city to everywhere', () => {
    expect(parentRegion('370102')).toBe('370100');
    expect(parentRegion('370100')).toBeUndefined();
    expect(parentRegion(undefined)).toBeUndefined();
  });
});

describe('stream', () => {
  afterEach(() => vi.useRealTimers());

  it('reads incident events and ignores the rest', () => {
    const data = { eventId: 5, incidentId: 9, kind: 'dispatched', at: '2026-12-01T05:00:00Z', status: 'dispatched', tier: 1 };
    expect(toIncidentChange({ event: 'incident', data: JSON.stringify(data) })).toEqual(data);
    expect(toIncidentChange({ event: 'message', data: JSON.stringify(data) })).toBeUndefined();
    expect(toIncidentChange({ event: 'incident', data: '{not json' })).toBeUndefined();
    expect(toIncidentChange({ event: 'incident', data: '{}' })).toBeUndefined();
  });

  it('fetches once after a burst of changes', () => {
    vi.useFakeTimers();
    const fn = vi.fn();
    const d = debounce(fn, 400);
    d.call();
    vi.advanceTimersByTime(300);
    d.call();
    d.call();
    vi.advanceTimersByTime(399);
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fn).toHaveBeenCalledTimes(1);
    d.call();
    d.cancel();
    vi.advanceTimersByTime(1000);
    expect(fn).toHaveBeenCalledTimes(1);
  });
});
