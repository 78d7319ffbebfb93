import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../demo/random.ts';
import {
  advance,
  createElevator,
  createProfile,
  floorLabel,
  inject,
  nextWake,
  redraw,
  schedule,
  shanghaiHour,
  statusOf,
  type ElevatorState,
  type ModelOutput,
  type ModelRates,
} from './elevator-model.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** 2026-11-30 00:00 in Shanghai. */
const MIDNIGHT = Date.UTC(2026, 10, 29, 16, 0, 0);

function rates(over: Partial<ModelRates> = {}): ModelRates {
  return {
    entrapmentsPerDay: 0,
    faultsPerDay: 0,
    offlinePerDay: 0,
    rescueMinutes: [5, 30],
    faultMinutes: [5, 60],
    offlineMinutes: [2, 30],
    detectSeconds: [30, 60],
    ...over,
  };
}

function fleet(count: number, r: ModelRates, opts: { seed?: number; tripsPerDay?: number; floors?: number; reportsTrapped?: boolean } = {}) {
  const root = new Rng(opts.seed ?? 7);
  return Array.from({ length: count }, (_, i) => {
    const rng = root.fork(`e${i}`);
    const profile = createProfile(rng, opts.floors ?? 6 + (i % 25), opts.reportsTrapped ?? i % 2 === 0);
    if (opts.tripsPerDay !== undefined) profile.tripsPerDay = opts.tripsPerDay;
    return { rng, s: createElevator(profile, r, MIDNIGHT, rng) };
  });
}

/** Every state an elevator passes through must be one a real car could show. */
function assertConsistent(s: ElevatorState, where: string): void {
  const st = statusOf(s);
  if (st.doorOpen) assert.ok(st.direction === 'stop' && st.inDoorZone, `${where}: door open while moving or off level`);
  if (st.direction !== 'stop') assert.ok(!st.doorOpen && st.speed > 0, `${where}: moving with door open`);
  if (s.phase === 'trapped') assert.ok(st.occupied && !st.doorOpen && st.direction === 'stop', `${where}: trapped but ${JSON.stringify(st)}`);
  if (s.phase === 'idle') assert.ok(!st.occupied && !st.doorOpen && st.direction === 'stop', `${where}: idle but ${JSON.stringify(st)}`);
  if (s.phase === 'travel') assert.ok(st.occupied, `${where}: travelling empty`);
  assert.ok(s.floor >= 0 && s.floor < s.profile.floors, `${where}: floor ${s.floor}`);
  assert.match(st.floor, /^-?[0-9A-Za-z]{1,4}$/);
}

describe('elevator model', () => {
  it('labels basements and avoided fours as the car display does', () => {
    const p = { ...createProfile(new Rng(1), 20, false), basements: 2, basementSuffix: true, skipFour: true };
    assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 15].map((i) => floorLabel(p, i)), ['-2B', '-1B', '1', '2', '3', '3A', '5', '13A']);
    assert.deepEqual([0, 1, 2].map((i) => floorLabel({ ...p, basementSuffix: false, skipFour: false }, i)), ['-2', '-1', '1']);
  });

  it('rides more at the morning and evening peaks than at night', () => {
    const cars = fleet(300, rates());
    const byHour = new Array<number>(24).fill(0);
    for (let h = 1; h <= 24; h++) {
      for (const { s, rng } of cars) {
        const before = s.runs;
        advance(s, MIDNIGHT + h * HOUR, rng);
        byHour[shanghaiHour(MIDNIGHT + (h - 1) * HOUR)] += s.runs - before;
      }
    }
    const night = byHour[2] + byHour[3];
    const morning = byHour[7] + byHour[8];
    const evening = byHour[19] + byHour[20];
    assert.ok(morning > 8 * night, `morning ${morning} vs night ${night}`);
    assert.ok(evening > 8 * night, `evening ${evening} vs night ${night}`);
    assert.ok(byHour[13] + byHour[14] < morning, 'the afternoon is quieter than the morning peak');
  });

  it('traps people at about the configured rate over a simulated week on 10,000 elevators', () => {
    for (const per10k of [1, 25]) {
      const cars = fleet(10_000, rates({ entrapmentsPerDay: per10k / 10_000 }), { tripsPerDay: 2, seed: per10k });
      let trapped = 0;
      const out: ModelOutput[] = [];
      for (const { s, rng } of cars) {
        out.length = 0;
        advance(s, MIDNIGHT + 7 * DAY, rng, out);
        for (const o of out) if (o.kind === 'fault' && o.fault === 'trapped' && o.phase === 'open') trapped++;
      }
      const expected = per10k * 7;
      // Poisson: within three standard deviations, and never wildly off.
      const tolerance = 3 * Math.sqrt(expected) + 1;
      assert.ok(Math.abs(trapped - expected) <= tolerance, `${per10k}/10k/day: ${trapped} entrapments in a week, expected about ${expected}`);
    }
  });

  it('keeps door, occupancy and motion consistent through trips, faults, entrapments and rescues', () => {
    const cars = fleet(40, rates({ entrapmentsPerDay: 4, faultsPerDay: 6, offlinePerDay: 3 }), { seed: 3 });
    let steps = 0;
    const seen = new Set<string>();
    for (const [k, { s, rng }] of cars.entries()) {
      const open = new Map<number, string>();
      let runs = s.runs;
      let doors = s.doorCycles;
      for (let t = nextWake(s); t <= MIDNIGHT + DAY; t = nextWake(s)) {
        const out = advance(s, t, rng);
        steps++;
        seen.add(s.phase);
        assertConsistent(s, `car ${k} at ${new Date(t).toISOString()} (${s.phase})`);
        assert.ok(s.runs >= runs && s.doorCycles >= doors, 'counters only grow');
        runs = s.runs;
        doors = s.doorCycles;
        for (const o of out) {
          if (o.kind !== 'fault') continue;
          if (o.phase === 'open') open.set(o.seq, o.fault);
          else {
            assert.equal(open.get(o.seq), o.fault, `close of ${o.fault} #${o.seq} without its open`);
            open.delete(o.seq);
          }
        }
      }
    }
    assert.ok(steps > 10_000, `only ${steps} transitions`);
    for (const phase of ['idle', 'travel', 'trapped', 'rescued', 'blocked']) assert.ok(seen.has(phase), `never ${phase}`);
  });

  it('reports an entrapment after the detection delay and closes it when the rescue opens the door', () => {
    const [{ s, rng }] = fleet(1, rates({ entrapmentsPerDay: 50 }), { reportsTrapped: true, floors: 18 });
    const out: ModelOutput[] = [];
    let trappedAt = 0;
    while (!trappedAt) {
      const t = nextWake(s);
      advance(s, t, rng, out);
      if (s.phase === 'trapped') trappedAt = t;
    }
    s.entrapAt = Infinity; // no second entrapment in this test
    assert.ok(statusOf(s).occupied && !statusOf(s).doorOpen && statusOf(s).direction === 'stop');
    assert.equal(out.filter((o) => o.kind === 'fault').length, 0, 'not reported before the terminal detects it');
    out.length = 0;
    advance(s, trappedAt + 31 * 60_000, rng, out);
    const faults = out.filter((o) => o.kind === 'fault' && o.fault === 'trapped');
    assert.deepEqual(faults.map((o) => o.kind === 'fault' && o.phase), ['open', 'close']);
    const [opened, closed] = faults as Extract<ModelOutput, { kind: 'fault' }>[];
    assert.ok(opened.at - trappedAt >= 30_000 && opened.at - trappedAt <= 60_000, 'detected within 30–60 s');
    assert.ok(closed.at - trappedAt >= 5 * 60_000 && closed.at - trappedAt <= 30 * 60_000, 'rescued within 5–30 min');
    assert.ok(!opened.silent && !closed.silent && opened.zone && opened.seq === closed.seq);
    assert.notEqual(s.phase, 'trapped');
    assert.equal(statusOf(s).occupied, false);
  });

  it('leaves the entrapment to the platform when the terminal does not detect it', () => {
    const [{ s, rng }] = fleet(1, rates({ entrapmentsPerDay: 50 }), { reportsTrapped: false });
    const out = advance(s, MIDNIGHT + 2 * DAY, rng);
    const trapped = out.filter((o) => o.kind === 'fault' && o.fault === 'trapped');
    assert.ok(trapped.length >= 2);
    assert.ok(trapped.every((o) => o.kind === 'fault' && o.silent));
  });

  it('injects an entrapment that is reported at once, and a close that rescues', () => {
    const [{ s, rng }] = fleet(1, rates(), { reportsTrapped: false, floors: 30 });
    // Find the car moving with people inside.
    while (s.phase !== 'travel') advance(s, nextWake(s), rng);
    const t = nextWake(s) - 500;
    const out = inject(s, 'trapped', 'open', t, rng);
    const open = out.find((o) => o.kind === 'fault');
    assert.deepEqual(open && { ...open, seq: 0 }, { kind: 'fault', at: t, phase: 'open', fault: 'trapped', seq: 0, zone: 'out_of_zone' });
    assert.equal(statusOf(s).inDoorZone, false);
    const closed = inject(s, 'trapped', 'close', t + 60_000, rng).find((o) => o.kind === 'fault');
    assert.equal(closed?.kind === 'fault' && closed.phase, 'close');
    assert.equal(closed?.kind === 'fault' && closed.silent, undefined);
    assert.ok(statusOf(s).doorOpen && !statusOf(s).occupied);
  });

  it('takes the car out of service while a door fault is open and back after', () => {
    const [{ s, rng }] = fleet(1, rates());
    while (s.phase !== 'idle') advance(s, nextWake(s), rng);
    const t = MIDNIGHT + 1000;
    inject(s, 'door_blocked', 'open', t, rng);
    assert.equal(s.phase, 'blocked');
    assert.equal(statusOf(s).doorOpen, true);
    const out = advance(s, t + 2 * HOUR, rng);
    assert.ok(out.some((o) => o.kind === 'fault' && o.fault === 'door_blocked' && o.phase === 'close'));
    assert.notEqual(s.phase, 'blocked');
  });

  it('is deterministic for a seed', () => {
    const run = () => {
      const [{ s, rng }] = fleet(1, rates({ entrapmentsPerDay: 3, faultsPerDay: 3, offlinePerDay: 3 }), { seed: 11 });
      return JSON.stringify(advance(s, MIDNIGHT + DAY, rng));
    };
    assert.equal(run(), run());
  });

  it('redraws the day ahead for another run, keeping the building and its counters', () => {
    const r = rates({ entrapmentsPerDay: 3, faultsPerDay: 3, offlinePerDay: 3 });
    const [a] = fleet(1, r, { seed: 11 });
    const [b] = fleet(1, r, { seed: 11 });
    const other = new Rng(99);
    redraw(b.s, MIDNIGHT, other);
    assert.deepEqual(b.s.profile, a.s.profile);
    assert.deepEqual([b.s.runs, b.s.runSeconds, b.s.distanceM, b.s.doorCycles], [a.s.runs, a.s.runSeconds, a.s.distanceM, a.s.doorCycles]);
    assert.notDeepEqual([b.s.entrapAt, b.s.faultAt, b.s.offlineAt, b.s.phaseAt], [a.s.entrapAt, a.s.faultAt, a.s.offlineAt, a.s.phaseAt]);
    assert.notEqual(JSON.stringify(advance(b.s, MIDNIGHT + DAY, other)), JSON.stringify(advance(a.s, MIDNIGHT + DAY, a.rng)));
  });

  it('brings an entrapment or a silence forward when scheduled', () => {
    // 09:00 in Shanghai, a car with no faults of its own: the scheduled entrapment happens on its next ride.
    const nine = MIDNIGHT + 9 * HOUR;
    for (const reportsTrapped of [true, false]) {
      const [{ s, rng }] = fleet(1, rates(), { seed: 5, reportsTrapped });
      advance(s, nine, rng);
      schedule(s, 'entrapment', nine + 30_000);
      const out = advance(s, nine + 5 * 60_000, rng);
      const open = out.find((o) => o.kind === 'fault' && o.fault === 'trapped' && o.phase === 'open');
      assert.ok(open && open.kind === 'fault', `an entrapment within 5 minutes (reportsTrapped ${reportsTrapped})`);
      assert.equal(!!open.silent, !reportsTrapped);
      assert.ok(open.at < nine + 3 * 60_000, `trapped ${(open.at - nine) / 1000} s after 09:00`);
    }
    const [{ s, rng }] = fleet(1, rates(), { seed: 5 });
    schedule(s, 'offline', MIDNIGHT + 60_000);
    const out = advance(s, MIDNIGHT + 61_000, rng);
    assert.ok(out.some((o) => o.kind === 'offline' && o.phase === 'begin' && o.at === MIDNIGHT + 60_000));
  });
});
