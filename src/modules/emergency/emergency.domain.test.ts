import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ACTIONS,
  distanceKm,
  INCIDENT_STATUSES,
  INCIDENT_TYPES,
  isUrban,
  maskPhone,
  nearest,
  nextTier,
  transition,
  urgency,
  type Action,
  type IncidentStatus,
  type IncidentType,
} from './emergency.domain.ts';

/**
 * The state machine, exhaustively: for every type × status × tier × action, the expected verdict is written out
 * below as the table of legal moves; everything not in the table must be refused with a reason.
 */
const LEGAL: Record<'rescue' | 'trapped-only' | 'desk', Partial<Record<IncidentStatus, Partial<Record<Action, IncidentStatus>>>>> = {
  // trapped and fault share these
  rescue: {
    received: { dispatch: 'dispatched', cancel: 'cancelled' },
    dispatched: { dispatch: 'dispatched', accept: 'accepted', decline: 'dispatched', cancel: 'cancelled' },
    accepted: { dispatch: 'dispatched', depart: 'en_route', arrive: 'arrived', cancel: 'cancelled' },
    en_route: { dispatch: 'dispatched', arrive: 'arrived', cancel: 'cancelled' },
    arrived: { cancel: 'cancelled' },
  },
  'trapped-only': { arrived: { rescue: 'rescued' }, rescued: { close: 'closed' } },
  desk: { received: { close: 'closed', cancel: 'cancelled' } },
};

function expected(type: IncidentType, status: IncidentStatus, tier: number | null, action: Action): IncidentStatus | null {
  if (type === 'inquiry' || type === 'complaint') return LEGAL.desk[status]?.[action] ?? null;
  let to = LEGAL.rescue[status]?.[action] ?? null;
  if (type === 'trapped') to = to ?? LEGAL['trapped-only'][status]?.[action] ?? null;
  if (type === 'fault' && status === 'arrived' && action === 'close') to = 'closed';
  // Past 119 there is no higher tier to escalate or pass a decline to.
  if (tier === 3 && status !== 'received' && (action === 'dispatch' || action === 'decline')) to = null;
  return to;
}

describe('incident state machine', () => {
  test('every type × status × tier × action: legal moves go where the table says, the rest are refused with a reason', () => {
    let legal = 0;
    let illegal = 0;
    for (const type of INCIDENT_TYPES)
      for (const status of INCIDENT_STATUSES)
        for (const tier of [null, 1, 2, 3])
          for (const action of ACTIONS) {
            const r = transition({ type, status, tier }, action);
            const want = expected(type, status, tier, action);
            const where = `${type}/${status}/tier ${tier}/${action}`;
            if (want) {
              assert.deepEqual(r, { ok: true, to: want }, where);
              legal++;
            } else {
              assert.equal(r.ok, false, where);
              assert.ok(!r.ok && r.reason.length > 0, where);
              illegal++;
            }
          }
    assert.equal(legal + illegal, INCIDENT_TYPES.length * INCIDENT_STATUSES.length * 4 * ACTIONS.length);
    assert.ok(legal > 50 && illegal > 500, `${legal} legal, ${illegal} illegal`);
  });

  test('closed and cancelled are final', () => {
    for (const type of INCIDENT_TYPES) for (const status of ['closed', 'cancelled'] as const) for (const a of ACTIONS) assert.equal(transition({ type, status, tier: 1 }, a).ok, false);
  });

  test('a named escalation tier must be higher than the current one', () => {
    assert.equal(transition({ type: 'trapped', status: 'dispatched', tier: 2 }, 'dispatch', { tier: 2 }).ok, false);
    assert.equal(transition({ type: 'trapped', status: 'dispatched', tier: 2 }, 'dispatch', { tier: 1 }).ok, false);
    assert.deepEqual(transition({ type: 'trapped', status: 'dispatched', tier: 1 }, 'dispatch', { tier: 3 }), { ok: true, to: 'dispatched' });
    assert.deepEqual(transition({ type: 'trapped', status: 'received', tier: null }, 'dispatch', { tier: 2 }), { ok: true, to: 'dispatched' });
  });

  test('tiers: 1 → 2 → 3 → none', () => {
    assert.deepEqual([nextTier(null), nextTier(1), nextTier(2), nextTier(3)], [1, 2, 3, null]);
  });
});

describe('clocks, places and people', () => {
  test('urgency by the share of the leg left', () => {
    assert.equal(urgency(-1, 180), 'breached');
    assert.equal(urgency(0, 180), 'critical');
    assert.equal(urgency(35, 180), 'critical');
    assert.equal(urgency(36, 180), 'warning');
    assert.equal(urgency(89, 180), 'warning');
    assert.equal(urgency(90, 180), 'normal');
  });

  test('30 minutes in urban districts and development zones of a districted city, 60 elsewhere', () => {
    const city = { has_districts: true };
    assert.equal(isUrban({ name: '历下区', kind: 'gbt2260', level: 3 }, city), true);
    assert.equal(isUrban({ name: '济南高新区', kind: 'dev_zone', level: 3 }, city), true);
    assert.equal(isUrban({ name: '平阴县', kind: 'gbt2260', level: 3 }, city), false);
    assert.equal(isUrban({ name: '章丘市', kind: 'gbt2260', level: 3 }, city), false);
    assert.equal(isUrban({ name: '某区', kind: 'gbt2260', level: 3 }, { has_districts: false }), false);
  });

  test('distance and the nearest station, deterministic without coordinates', () => {
    // 济南泉城广场 → 青岛五四广场 is about 302 km as the crow flies.
    assert.ok(Math.abs(distanceKm({ lon: 117.0208, lat: 36.6617 }, { lon: 120.3844, lat: 36.0624 }) - 306) < 10);
    const stations = [
      { id: 3, name: 'far', regionCode: '370112', lon: 117.3, lat: 36.7, phone: null },
      { id: 2, name: 'near', regionCode: '370102', lon: 117.06, lat: 36.67, phone: null },
      { id: 1, name: 'no coords same county', regionCode: '370102', lon: null, lat: null, phone: null },
    ];
    assert.equal(nearest(stations, { regionCode: '370102', lon: 117.05, lat: 36.66 })!.candidate.name, 'near');
    // The elevator has no coordinates: same county first, then lower id.
    assert.equal(nearest(stations, { regionCode: '370102', lon: null, lat: null })!.candidate.id, 1);
    assert.equal(nearest(stations, { regionCode: '370112', lon: null, lat: null })!.candidate.id, 3);
    assert.equal(nearest([], { regionCode: '370102', lon: 1, lat: 1 }), null);
  });

  test('phones are masked for display', () => {
    assert.equal(maskPhone('13812345678'), '138****5678');
    assert.equal(maskPhone('0531-88880000'), '053******0000');
    assert.equal(maskPhone('12345'), '*****');
    assert.equal(maskPhone(null), null);
  });
});
