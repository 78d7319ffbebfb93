import type { FaultType } from '../../src/modules/iot/iot.domain.ts';
import type { Rng } from '../demo/random.ts';

/**
 * One simulated elevator as a pure state machine: `advance(state, now, rng)` runs every transition due by `now`
 * and reports what a terminal would see. No clock, no I/O, no timers: the fleet drives thousands of these from
 * one loop, and tests run a simulated week in a second with a fake clock.
 *
 * Times are epoch milliseconds. The daily rhythm is Asia/Shanghai local time (UTC+8, no daylight saving).
 */

export type Direction = 'stop' | 'up' | 'down';
/** Where a trapped car stands (JTC340 LockEvent Type 0 / 1 / 2). */
export type Zone = 'out_of_zone' | 'in_levelling_zone' | 'outside_levelling_zone';

/** What an elevator is doing; 'blocked' is out of service while a fault is open. */
export type Phase = 'idle' | 'toPickup' | 'pickupOpen' | 'boarded' | 'pickupClosed' | 'travel' | 'destOpen' | 'alighted' | 'trapped' | 'rescued' | 'blocked';

/** Fixed per elevator: the building and the terminal. */
export interface ElevatorProfile {
  /** Stops, basements included. */
  floors: number;
  basements: number;
  /** Basements shown as `-2B` rather than `-2`. */
  basementSuffix: boolean;
  /** Buildings that avoid the number 4: `3A` for 4, `13A` for 14. */
  skipFour: boolean;
  floorHeightM: number;
  speedMps: number;
  /** Mean passenger trips a day; the hour of day shapes when they happen. */
  tripsPerDay: number;
  /** The terminal detects entrapment itself; otherwise only the status shows it and the platform must infer it. */
  reportsTrapped: boolean;
}

/** Rates per elevator, shared by a fleet. Durations are [min, max] minutes. */
export interface ModelRates {
  entrapmentsPerDay: number;
  faultsPerDay: number;
  offlinePerDay: number;
  rescueMinutes: [number, number];
  faultMinutes: [number, number];
  offlineMinutes: [number, number];
  /** Seconds a reporting terminal waits (occupied, door closed, stopped) before it reports trapped. */
  detectSeconds: [number, number];
}

export interface ElevatorState {
  profile: ElevatorProfile;
  rates: ModelRates;
  phase: Phase;
  /** When the current phase ends (Infinity: waits for something else). */
  phaseAt: number;
  floor: number;
  target: number;
  dest: number;
  direction: Direction;
  doorOpen: boolean;
  occupied: boolean;
  inDoorZone: boolean;
  runs: number;
  runSeconds: number;
  distanceM: number;
  doorCycles: number;
  moveStartedAt: number;
  /** Poisson arrivals. */
  entrapAt: number;
  faultAt: number;
  offlineAt: number;
  /** An entrapment is due on the next loaded run. */
  trapPending: boolean;
  /** The pending entrapment stops the car between floors after this many floors (-1: the door fails to open). */
  trapAfterFloors: number;
  trapZone: Zone | null;
  trapDetectAt: number;
  trapReported: boolean;
  fault: FaultType | null;
  faultSeq: number;
  faultCloseAt: number;
  /** The open fault's visible effect (door held open, car off level) is applied and must be undone on close. */
  faultApplied: boolean;
  offlineUntil: number;
  /** Occurrence counter: a close carries its open's number, encoders pick a vendor code from it. */
  seq: number;
}

export type ModelOutput =
  | { kind: 'status'; at: number }
  /** `silent`: happened, but this terminal does not report it (entrapment without self-detection). */
  | { kind: 'fault'; at: number; phase: 'open' | 'close'; fault: FaultType; seq: number; zone?: Zone; silent?: boolean }
  | { kind: 'offline'; at: number; phase: 'begin' | 'end' };

export interface StatusSnapshot {
  floor: string;
  direction: Direction;
  doorOpen: boolean;
  occupied: boolean;
  inDoorZone: boolean;
  speed: number;
  mode: 'normal';
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Relative trip rate by Shanghai hour: morning 06–12 and evening 18–22 peaks, quiet nights. */
export const HOUR_WEIGHT = [0.15, 0.08, 0.05, 0.05, 0.08, 0.3, 1.0, 1.8, 2.0, 1.6, 1.3, 1.3, 1.2, 0.9, 0.7, 0.7, 0.8, 1.1, 1.7, 1.9, 1.8, 1.5, 0.9, 0.4];
const WEIGHT_SUM = HOUR_WEIGHT.reduce((a, b) => a + b, 0);
const WEIGHT_MAX = Math.max(...HOUR_WEIGHT);
/** Faults the model raises by itself, with weights; inject() accepts any canonical type. */
const AUTO_FAULTS: [FaultType, number][] = [
  ['door_open_fault', 18],
  ['door_close_fault', 18],
  ['door_repeat', 14],
  ['door_blocked', 22],
  ['power_loss', 8],
  ['stop_outside_zone', 10],
  ['terminal_fault', 10],
];
const AUTO_FAULT_TOTAL = AUTO_FAULTS.reduce((a, [, w]) => a + w, 0);

export function shanghaiHour(t: number): number {
  return Math.floor((t + 8 * HOUR) / HOUR) % 24;
}

function exp(rng: Rng, ratePerMs: number): number {
  return -Math.log(1 - rng.next()) / ratePerMs;
}

function between(rng: Rng, [min, max]: [number, number], unitMs: number): number {
  return (min + rng.next() * (max - min)) * unitMs;
}

/** Next arrival of a Poisson process of `perDay` events a day; Infinity when the rate is 0. */
function nextPoisson(t: number, perDay: number, rng: Rng): number {
  return perDay > 0 ? t + exp(rng, perDay / DAY) : Infinity;
}

/** Same daily mean, but following the trip rhythm (thinning): people get trapped when people ride. */
function nextRhythmic(t: number, perDay: number, rng: Rng): number {
  if (perDay <= 0) return Infinity;
  const peak = ((perDay / DAY) * WEIGHT_MAX * 24) / WEIGHT_SUM;
  let x = t;
  for (let i = 0; i < 10_000; i++) {
    x += exp(rng, peak);
    if (rng.next() * WEIGHT_MAX < HOUR_WEIGHT[shanghaiHour(x)]) return x;
  }
  return x;
}

/** Next hall call: a Poisson process whose rate changes each hour (exact for a piecewise-constant rate). */
function nextCall(s: ElevatorState, t: number, rng: Rng): number {
  let x = t;
  for (let i = 0; i < 48; i++) {
    const rate = (s.profile.tripsPerDay * HOUR_WEIGHT[shanghaiHour(x)]) / WEIGHT_SUM / HOUR;
    const hourEnd = (Math.floor(x / HOUR) + 1) * HOUR;
    const dt = exp(rng, rate);
    if (x + dt < hourEnd) return x + dt;
    x = hourEnd;
  }
  return x;
}

/** A plausible building for a registered elevator with `floors` stops. */
export function createProfile(rng: Rng, floors: number, reportsTrapped: boolean): ElevatorProfile {
  const n = Math.max(2, Math.min(99, Math.round(floors) || 6));
  const maxBasements = Math.floor(n / 4);
  const basements = Math.min(maxBasements, n >= 8 ? rng.pick([0, 1, 1, 2, 2, 3]) : rng.pick([0, 0, 1]));
  return {
    floors: n,
    basements,
    basementSuffix: rng.chance(0.3),
    skipFour: rng.chance(0.25),
    floorHeightM: Math.round((2.8 + rng.next() * 0.6) * 100) / 100,
    speedMps: n <= 6 ? 1.0 : n <= 12 ? 1.5 : n <= 24 ? 1.75 : 2.5,
    tripsPerDay: Math.round((60 + n * 8) * (0.6 + rng.next() * 0.8)),
    reportsTrapped,
  };
}

/** The floor as the car's display shows it. */
export function floorLabel(p: ElevatorProfile, index: number): string {
  if (index < p.basements) {
    const level = index - p.basements;
    return p.basementSuffix ? `${level}B` : String(level);
  }
  const n = index - p.basements + 1;
  return p.skipFour && n % 10 === 4 ? `${n - 1}A` : String(n);
}

/** A new elevator idle at the ground floor, with lifetime counters from a few years of service. */
export function createElevator(profile: ElevatorProfile, rates: ModelRates, now: number, rng: Rng): ElevatorState {
  const years = rng.next() * 12;
  const runs = Math.round(profile.tripsPerDay * 1.7 * 365 * years);
  const s: ElevatorState = {
    profile,
    rates,
    phase: 'idle',
    phaseAt: Infinity,
    floor: profile.basements,
    target: profile.basements,
    dest: profile.basements,
    direction: 'stop',
    doorOpen: false,
    occupied: false,
    inDoorZone: true,
    runs,
    runSeconds: Math.round(runs * (8 + profile.floors * 0.6)),
    distanceM: Math.round(runs * profile.floors * 0.35 * profile.floorHeightM * 10) / 10,
    doorCycles: Math.round(runs * 1.15),
    moveStartedAt: now,
    entrapAt: nextRhythmic(now, rates.entrapmentsPerDay, rng),
    faultAt: nextPoisson(now, rates.faultsPerDay, rng),
    offlineAt: nextPoisson(now, rates.offlinePerDay, rng),
    trapPending: false,
    trapAfterFloors: 0,
    trapZone: null,
    trapDetectAt: Infinity,
    trapReported: false,
    fault: null,
    faultSeq: 0,
    faultCloseAt: Infinity,
    faultApplied: false,
    offlineUntil: Infinity,
    seq: 0,
  };
  s.phaseAt = nextCall(s, now, rng);
  return s;
}

/**
 * Draws a new elevator's next call and its next entrapment, fault and silence afresh from `rng`: another run of
 * the same building (its profile and lifetime counters unchanged) with a different day ahead of it.
 */
export function redraw(s: ElevatorState, now: number, rng: Rng): void {
  s.entrapAt = nextRhythmic(now, s.rates.entrapmentsPerDay, rng);
  s.faultAt = nextPoisson(now, s.rates.faultsPerDay, rng);
  s.offlineAt = nextPoisson(now, s.rates.offlinePerDay, rng);
  if (s.phase === 'idle') s.phaseAt = nextCall(s, now, rng);
}

/**
 * Brings a story forward (demo prologue): an entrapment on the next ride from `at`, or a silence starting at `at`,
 * unless one is due sooner anyway.
 */
export function schedule(s: ElevatorState, what: 'entrapment' | 'offline', at: number): void {
  if (what === 'entrapment') s.entrapAt = Math.min(s.entrapAt, at);
  else if (!isOffline(s)) s.offlineAt = Math.min(s.offlineAt, at);
}

export function statusOf(s: ElevatorState): StatusSnapshot {
  return {
    floor: floorLabel(s.profile, s.floor),
    direction: s.direction,
    doorOpen: s.doorOpen,
    occupied: s.occupied,
    inDoorZone: s.inDoorZone,
    speed: s.direction === 'stop' ? 0 : s.profile.speedMps,
    mode: 'normal',
  };
}

export function isOffline(s: ElevatorState): boolean {
  return s.offlineUntil !== Infinity;
}

/** When something next happens to this elevator. */
export function nextWake(s: ElevatorState): number {
  return Math.min(s.phaseAt, s.entrapAt, s.faultAt, s.offlineAt, s.offlineUntil, s.trapDetectAt, s.faultCloseAt);
}

/** Runs every transition due by `now`, in time order, appending what happened to `out`. */
export function advance(s: ElevatorState, now: number, rng: Rng, out: ModelOutput[] = []): ModelOutput[] {
  for (let guard = 0; guard < 100_000; guard++) {
    const t = nextWake(s);
    if (t > now) break;
    step(s, t, rng, out);
  }
  return out;
}

function step(s: ElevatorState, t: number, rng: Rng, out: ModelOutput[]): void {
  if (t === s.trapDetectAt) {
    s.trapDetectAt = Infinity;
    s.trapReported = true;
    out.push({ kind: 'fault', at: t, phase: 'open', fault: 'trapped', seq: s.seq, zone: s.trapZone! });
  } else if (t === s.faultCloseAt) {
    closeFault(s, t, rng, out);
  } else if (t === s.offlineUntil) {
    s.offlineUntil = Infinity;
    s.offlineAt = nextPoisson(t, s.rates.offlinePerDay, rng);
    out.push({ kind: 'offline', at: t, phase: 'end' });
  } else if (t === s.offlineAt) {
    s.offlineAt = Infinity;
    s.offlineUntil = t + between(rng, s.rates.offlineMinutes, 60_000);
    out.push({ kind: 'offline', at: t, phase: 'begin' });
  } else if (t === s.entrapAt) {
    s.entrapAt = nextRhythmic(t, s.rates.entrapmentsPerDay, rng);
    if (s.phase === 'trapped' || s.phase === 'rescued' || s.trapPending) return;
    s.trapPending = true;
    // Someone calls the car soon: the entrapment happens on that ride.
    if (s.phase === 'idle') s.phaseAt = Math.min(s.phaseAt, t + between(rng, [5, 60], 1000));
  } else if (t === s.faultAt) {
    s.faultAt = nextPoisson(t, s.rates.faultsPerDay, rng);
    if (s.fault || s.phase === 'trapped') return;
    let x = rng.next() * AUTO_FAULT_TOTAL;
    const type = AUTO_FAULTS.find(([, w]) => (x -= w) < 0)?.[0] ?? 'door_blocked';
    openFault(s, type, t, rng, out);
  } else {
    move(s, t, rng, out);
  }
}

function floorSeconds(s: ElevatorState): number {
  return s.profile.floorHeightM / s.profile.speedMps;
}

function startMove(s: ElevatorState, t: number, target: number, out: ModelOutput[]): void {
  s.target = target;
  s.direction = target > s.floor ? 'up' : 'down';
  s.inDoorZone = false;
  s.runs++;
  s.moveStartedAt = t;
  // The first floor includes acceleration.
  s.phaseAt = t + (floorSeconds(s) + 2) * 1000;
  out.push({ kind: 'status', at: t });
}

function stopMove(s: ElevatorState, t: number): void {
  s.direction = 'stop';
  s.runSeconds += Math.round((t - s.moveStartedAt) / 100) / 10;
}

function openDoor(s: ElevatorState): void {
  s.doorOpen = true;
}

function closeDoor(s: ElevatorState): void {
  s.doorOpen = false;
  s.doorCycles++;
}

function pickTrip(s: ElevatorState, rng: Rng): [number, number] {
  const { floors, basements } = s.profile;
  const lobby = basements;
  const upper = () => (lobby + 1 < floors ? rng.int(lobby + 1, floors - 1) : lobby);
  const basement = () => rng.int(0, basements - 1);
  const r = rng.next();
  const pickup = r < 0.45 ? lobby : r < 0.55 && basements > 0 ? basement() : upper();
  let dest: number;
  if (pickup <= lobby) dest = upper();
  else {
    const d = rng.next();
    dest = d < 0.7 ? lobby : d < 0.82 && basements > 0 ? basement() : rng.int(0, floors - 1);
  }
  if (dest === pickup) dest = pickup === lobby ? (floors - 1 > lobby ? floors - 1 : 0) : lobby;
  return [pickup, dest];
}

function enterIdle(s: ElevatorState, t: number, rng: Rng, out: ModelOutput[]): void {
  if (s.fault && blocks(s.fault)) {
    block(s, t, out);
    return;
  }
  s.phase = 'idle';
  s.phaseAt = s.trapPending ? t + between(rng, [5, 60], 1000) : nextCall(s, t, rng);
}

function trap(s: ElevatorState, t: number, zone: Zone, rng: Rng, out: ModelOutput[], reportNow = false): void {
  s.trapPending = false;
  s.phase = 'trapped';
  s.trapZone = zone;
  s.inDoorZone = zone === 'in_levelling_zone';
  s.occupied = true;
  if (s.doorOpen) closeDoor(s);
  s.seq++;
  s.phaseAt = t + between(rng, s.rates.rescueMinutes, 60_000);
  out.push({ kind: 'status', at: t });
  if (reportNow) {
    s.trapReported = true;
    s.trapDetectAt = Infinity;
    out.push({ kind: 'fault', at: t, phase: 'open', fault: 'trapped', seq: s.seq, zone });
  } else if (s.profile.reportsTrapped) {
    s.trapReported = false;
    s.trapDetectAt = t + between(rng, s.rates.detectSeconds, 1000);
  } else {
    s.trapReported = false;
    s.trapDetectAt = Infinity;
    out.push({ kind: 'fault', at: t, phase: 'open', fault: 'trapped', seq: s.seq, zone, silent: true });
  }
}

/** Rescue: the car is brought level, the door opens and the passengers leave. */
function rescue(s: ElevatorState, t: number, out: ModelOutput[]): void {
  s.inDoorZone = true;
  s.direction = 'stop';
  openDoor(s);
  s.occupied = false;
  s.phase = 'rescued';
  s.phaseAt = t + 20_000;
  s.trapDetectAt = Infinity;
  out.push({ kind: 'status', at: t });
  // A terminal that never reported the entrapment has nothing to close; the model still records it.
  out.push({ kind: 'fault', at: t, phase: 'close', fault: 'trapped', seq: s.seq, zone: s.trapZone ?? undefined, silent: !s.trapReported || undefined });
  s.trapZone = null;
  s.trapReported = false;
}

function move(s: ElevatorState, t: number, rng: Rng, out: ModelOutput[]): void {
  switch (s.phase) {
    case 'idle': {
      const [pickup, dest] = pickTrip(s, rng);
      s.dest = dest;
      if (pickup === s.floor) {
        openDoor(s);
        s.phase = 'pickupOpen';
        s.phaseAt = t + between(rng, [2, 5], 1000);
        out.push({ kind: 'status', at: t });
      } else {
        s.phase = 'toPickup';
        startMove(s, t, pickup, out);
      }
      return;
    }
    case 'toPickup':
    case 'travel': {
      const loaded = s.phase === 'travel';
      if (loaded && s.trapAfterFloors === 0) {
        // Stopped between floors with people inside.
        stopMove(s, t);
        trap(s, t, rng.chance(0.8) ? 'out_of_zone' : 'outside_levelling_zone', rng, out);
        return;
      }
      if (loaded && s.trapAfterFloors > 0) s.trapAfterFloors--;
      s.floor += s.direction === 'up' ? 1 : -1;
      s.distanceM = Math.round((s.distanceM + s.profile.floorHeightM) * 10) / 10;
      if (s.floor !== s.target) {
        s.phaseAt = t + floorSeconds(s) * 1000;
        out.push({ kind: 'status', at: t });
        return;
      }
      stopMove(s, t);
      s.inDoorZone = true;
      if (loaded && s.trapAfterFloors === -1) {
        // Arrived, but the door does not open.
        trap(s, t, 'in_levelling_zone', rng, out);
        return;
      }
      openDoor(s);
      s.phase = loaded ? 'destOpen' : 'pickupOpen';
      s.phaseAt = t + between(rng, [2, 5], 1000);
      out.push({ kind: 'status', at: t });
      return;
    }
    case 'pickupOpen':
      s.occupied = true;
      s.phase = 'boarded';
      s.phaseAt = t + between(rng, [2, 5], 1000);
      out.push({ kind: 'status', at: t });
      return;
    case 'boarded':
      closeDoor(s);
      s.phase = 'pickupClosed';
      s.phaseAt = t + 1000;
      out.push({ kind: 'status', at: t });
      return;
    case 'pickupClosed': {
      const floors = Math.abs(s.dest - s.floor);
      // Not pending: never reached (the counter only counts down on a loaded run).
      s.trapAfterFloors = s.trapPending ? (rng.chance(0.7) ? rng.int(0, floors - 1) : -1) : Number.MAX_SAFE_INTEGER;
      s.phase = 'travel';
      startMove(s, t, s.dest, out);
      return;
    }
    case 'destOpen':
      s.occupied = false;
      s.phase = 'alighted';
      s.phaseAt = t + between(rng, [3, 5], 1000);
      out.push({ kind: 'status', at: t });
      return;
    case 'alighted':
    case 'rescued':
      closeDoor(s);
      out.push({ kind: 'status', at: t });
      enterIdle(s, t, rng, out);
      return;
    case 'trapped':
      rescue(s, t, out);
      return;
    case 'blocked':
      s.phaseAt = Infinity;
      return;
  }
}

/** Faults that take the car out of service until they clear; a terminal's own sensor fault does not. */
function blocks(f: FaultType): boolean {
  return f !== 'terminal_fault' && f !== 'trapped';
}

function block(s: ElevatorState, t: number, out: ModelOutput[]): void {
  s.phase = 'blocked';
  s.phaseAt = Infinity;
  if (s.fault === 'door_blocked' || s.fault === 'door_close_fault') openDoor(s);
  else if (s.fault === 'stop_outside_zone') s.inDoorZone = false;
  else return;
  s.faultApplied = true;
  out.push({ kind: 'status', at: t });
}

function unblock(s: ElevatorState, t: number, out: ModelOutput[]): void {
  if (!s.faultApplied) return;
  s.faultApplied = false;
  if (s.doorOpen) closeDoor(s);
  s.inDoorZone = true;
  out.push({ kind: 'status', at: t });
}

function openFault(s: ElevatorState, type: FaultType, t: number, rng: Rng, out: ModelOutput[]): void {
  s.fault = type;
  s.faultSeq = ++s.seq;
  s.faultCloseAt = t + between(rng, s.rates.faultMinutes, 60_000);
  out.push({ kind: 'fault', at: t, phase: 'open', fault: type, seq: s.faultSeq });
  // A car in service finishes its ride first; it is taken out of service when it next stands idle.
  if (s.phase === 'idle' && blocks(type)) block(s, t, out);
}

function closeFault(s: ElevatorState, t: number, rng: Rng, out: ModelOutput[]): void {
  const type = s.fault!;
  s.fault = null;
  s.faultCloseAt = Infinity;
  out.push({ kind: 'fault', at: t, phase: 'close', fault: type, seq: s.faultSeq });
  if (s.phase === 'blocked') {
    unblock(s, t, out);
    enterIdle(s, t, rng, out);
  }
}

/**
 * Forces a fault now (the demo's buttons, tests). Unlike the model's own faults the event is always reported,
 * even by a terminal that does not detect entrapment itself. A close with nothing open is still reported.
 * `offline` silences the terminal (begin) or brings it back (end).
 */
export function inject(s: ElevatorState, fault: FaultType, phase: 'open' | 'close', now: number, rng: Rng, out: ModelOutput[] = []): ModelOutput[] {
  if (fault === 'offline') {
    if (phase === 'open' && !isOffline(s)) {
      s.offlineAt = Infinity;
      s.offlineUntil = now + between(rng, s.rates.offlineMinutes, 60_000);
      out.push({ kind: 'offline', at: now, phase: 'begin' });
    } else if (phase === 'close' && isOffline(s)) {
      s.offlineUntil = now;
      advance(s, now, rng, out);
    }
    return out;
  }
  if (fault === 'trapped') {
    if (phase === 'close') {
      if (s.phase === 'trapped') {
        s.trapReported = true;
        rescue(s, now, out);
      } else out.push({ kind: 'fault', at: now, phase: 'close', fault, seq: s.seq });
      return out;
    }
    if (s.phase === 'trapped') {
      s.trapReported = true;
      s.trapDetectAt = Infinity;
      out.push({ kind: 'fault', at: now, phase: 'open', fault, seq: s.seq, zone: s.trapZone! });
      return out;
    }
    if (s.phase === 'blocked') unblock(s, now, out);
    const moving = s.direction !== 'stop';
    if (moving) stopMove(s, now);
    trap(s, now, moving ? 'out_of_zone' : 'in_levelling_zone', rng, out, true);
    return out;
  }
  if (phase === 'close') {
    if (s.fault === fault) closeFault(s, now, rng, out);
    else out.push({ kind: 'fault', at: now, phase: 'close', fault, seq: s.seq });
    return out;
  }
  if (s.fault) closeFault(s, now, rng, out);
  openFault(s, fault, now, rng, out);
  return out;
}
