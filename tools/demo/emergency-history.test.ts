import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateHistory, type HistoryElevator, type HistoryOrg } from './emergency-history.ts';
import { previousQuarterStart } from './seed-emergency.ts';

const elevators: HistoryElevator[] = Array.from({ length: 3000 }, (_, i) => ({
  id: i + 1,
  regionCode: i % 5 === 0 ? '370124' : '370102', // one in five in a county (平阴县), the rest in town
  placeType: 'RESIDENTIAL',
  useUnitId: 100 + (i % 50),
  maintenanceOrgId: 1 + (i % 8),
  maintenancePhone: null,
  urban: i % 5 !== 0,
  lon: 117 + (i % 100) / 1000,
  lat: 36.6 + (i % 70) / 1000,
}));
const maintenance = new Map<number, HistoryOrg>(Array.from({ length: 8 }, (_, i) => [i + 1, { id: i + 1, name: `维保${i + 1}`, phone: '0531-80000000' }]));
const stations = [
  { id: 50, name: '救援站甲', regionCode: '370102', lon: 117.02, lat: 36.65, phone: '0531-81111111' },
  { id: 51, name: '救援站乙', regionCode: '370124', lon: 116.45, lat: 36.28, phone: '0531-82222222' },
];
const from = new Date('2026-07-01T00:00:00+08:00');
const to = new Date('2026-12-01T00:00:00+08:00');
const list = generateHistory({ elevators, maintenance, stations, from, to, count: 4000, seed: 7 });

const minutes = (a: Date, b: Date) => (b.getTime() - a.getTime()) / 60_000;
const share = (n: number) => n / list.length;

describe('generateHistory (demo 96333 past)', () => {
  it('is deterministic, inside the window and in time order', () => {
    assert.deepEqual(generateHistory({ elevators, maintenance, stations, from, to, count: 50, seed: 7 }), generateHistory({ elevators, maintenance, stations, from, to, count: 50, seed: 7 }));
    assert.equal(list.length, 4000);
    for (const h of list) assert.ok(h.receivedAt >= from && h.receivedAt < to, h.receivedAt.toISOString());
    for (let i = 1; i < list.length; i++) assert.ok(list[i - 1].receivedAt <= list[i].receivedAt);
  });

  it('is about 6 in 10 entrapments with 2.2 people each, closed with a cause', () => {
    const trapped = list.filter((h) => h.type === 'trapped');
    assert.ok(share(trapped.length) > 0.57 && share(trapped.length) < 0.67, `${share(trapped.length)} trapped`);
    const people = trapped.reduce((a, h) => a + (h.trapped ?? 0), 0) / trapped.length;
    assert.ok(people > 1.9 && people < 2.5, `${people} people per entrapment`);
    for (const h of trapped.filter((x) => x.status === 'closed')) {
      assert.ok(h.cause, `#${h.receivedAt.toISOString()} closed without a cause`);
      assert.equal(h.rescued, h.trapped);
    }
  });

  it('dispatches within 3 minutes nearly always and arrives in about 10 ± 4 minutes, a thin tail past 30', () => {
    const dispatched = list.filter((h) => h.dispatchedAt);
    const onTime = dispatched.filter((h) => minutes(h.receivedAt, h.dispatchedAt!) <= 3).length / dispatched.length;
    assert.ok(onTime >= 0.99 && onTime < 1, `3-minute response ${onTime}`);
    const arrived = list.filter((h) => h.arrivedAt);
    const arrival = arrived.map((h) => minutes(h.receivedAt, h.arrivedAt!));
    const avg = arrival.reduce((a, b) => a + b, 0) / arrival.length;
    assert.ok(avg > 9.5 && avg < 12.5, `average arrival ${avg} min`);
    const late = arrival.filter((m) => m > 30).length / arrival.length;
    assert.ok(late > 0 && late < 0.015, `${late} arrived after 30 minutes`);
    const rescue = list.filter((h) => h.rescuedAt).map((h) => minutes(h.arrivedAt!, h.rescuedAt!));
    assert.ok(Math.min(...rescue) >= 3 && Math.max(...rescue) <= 7, 'rescue 3–7 minutes');
  });

  it('splits entrapment causes roughly as Shandong publishes them (human ≈ 30 %, external ≈ 22 %, door ≈ 20 %)', () => {
    const causes = list.filter((h) => h.type === 'trapped' && h.cause);
    const of = (c: string) => causes.filter((h) => h.cause === c).length / causes.length;
    assert.ok(Math.abs(of('human') - 0.3) < 0.04, `human ${of('human')}`);
    assert.ok(Math.abs(of('external') - 0.22) < 0.04, `external ${of('external')}`);
    assert.ok(Math.abs(of('door_system') - 0.2) < 0.04, `door ${of('door_system')}`);
  });

  it('puts most calls in the morning and evening peaks (Asia/Shanghai)', () => {
    const hour = (d: Date) => new Date(d.getTime() + 8 * 3600_000).getUTCHours();
    const peak = list.filter((h) => (hour(h.receivedAt) >= 6 && hour(h.receivedAt) < 12) || (hour(h.receivedAt) >= 18 && hour(h.receivedAt) < 22)).length;
    assert.ok(share(peak) > 0.6, `${share(peak)} in the peaks`);
  });

  it('keeps each incident’s story consistent: times in order, one open call-out at the end, escalations to a station', () => {
    for (const h of list) {
      const times = [h.receivedAt, h.dispatchedAt, h.acceptedAt, h.departedAt, h.arrivedAt, h.rescuedAt, h.closedAt].filter(Boolean) as Date[];
      for (let i = 1; i < times.length; i++) assert.ok(times[i - 1] <= times[i], `times out of order in ${JSON.stringify(h.events.map((e) => e.kind))}`);
      if (h.type === 'inquiry' || h.type === 'complaint') assert.equal(h.dispatches.length, 0);
      if (h.escalations) {
        assert.equal(h.tier, 2);
        assert.ok([50, 51].includes(h.assignedOrgId!));
        assert.ok(h.breaches.includes('accept'));
      }
      assert.equal(h.events[0].kind, 'received');
      assert.ok(['closed', 'cancelled'].includes(h.events.at(-1)!.kind));
    }
    assert.ok(list.some((h) => h.escalations), 'some escalations');
    assert.ok(list.some((h) => h.status === 'cancelled'), 'some cancelled');
  });

  it('starts the history at the first day of the previous quarter', () => {
    assert.equal(previousQuarterStart(new Date('2026-12-01T05:00:00Z')).toISOString(), '2026-06-30T16:00:00.000Z');
    assert.equal(previousQuarterStart(new Date('2026-02-10T05:00:00Z')).toISOString(), '2025-09-30T16:00:00.000Z');
    // 1 April 00:30 in Shanghai is still 31 March in UTC: the quarter is Shanghai's.
    assert.equal(previousQuarterStart(new Date('2026-03-31T16:30:00Z')).toISOString(), '2025-12-31T16:00:00.000Z');
  });
});
