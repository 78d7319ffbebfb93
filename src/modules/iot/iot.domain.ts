import { z } from 'zod';

/**
 * The IoT vocabulary every vendor format is turned into (domain brief §7, GB/T 24476 groups). Adapters produce
 * `CanonicalMessage`s; nothing downstream knows which vendor sent what.
 */
export const FAULT_TYPES = [
  'trapped',
  'door_open_moving',
  'unintended_movement',
  'stop_outside_zone',
  'overtravel_top',
  'overtravel_bottom',
  'overspeed',
  'door_open_fault',
  'door_close_fault',
  'door_repeat',
  'door_blocked',
  'safety_circuit',
  'power_loss',
  'ebike_in_car',
  'terminal_fault',
  'offline',
] as const;
export type FaultType = (typeof FAULT_TYPES)[number];

export const SEVERITIES = ['critical', 'major', 'minor', 'warning'] as const;
export type Severity = (typeof SEVERITIES)[number];
const SEVERITY_RANK: Record<Severity, number> = { warning: 0, minor: 1, major: 2, critical: 3 };

export function maxSeverity(a: Severity, b: Severity): Severity {
  return SEVERITY_RANK[a] >= SEVERITY_RANK[b] ? a : b;
}

/** One step up the scale (repeated faults, unacknowledged escalation); critical stays critical. */
export function raiseSeverity(s: Severity): Severity {
  return SEVERITIES[Math.max(0, SEVERITIES.indexOf(s) - 1)]!;
}

/** Default severity of each fault type: people at risk first, then the car's safety, then comfort. */
export const DEFAULT_SEVERITY: Record<FaultType, Severity> = {
  trapped: 'critical',
  door_open_moving: 'critical',
  unintended_movement: 'critical',
  overspeed: 'critical',
  overtravel_top: 'major',
  overtravel_bottom: 'major',
  stop_outside_zone: 'major',
  safety_circuit: 'major',
  power_loss: 'major',
  door_open_fault: 'minor',
  door_close_fault: 'minor',
  door_repeat: 'minor',
  offline: 'minor',
  door_blocked: 'warning',
  ebike_in_car: 'warning',
  terminal_fault: 'warning',
};

export const DIRECTIONS = ['stop', 'up', 'down'] as const;
export const MODES = ['normal', 'inspection', 'fire', 'out_of_service', 'maintenance'] as const;
export type Direction = (typeof DIRECTIONS)[number];
export type Mode = (typeof MODES)[number];

/** A floor as terminals report it: `-2B`, `1`, `3A`, `G`. */
export const Floor = z.string().regex(/^-?[0-9A-Za-z]{1,4}$/);

/** What an adapter hands to the pipeline. `at` is when the device says it happened. */
export const CanonicalMessage = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('status'),
    at: z.date(),
    floor: Floor.optional(),
    direction: z.enum(DIRECTIONS).optional(),
    doorOpen: z.boolean().optional(),
    occupied: z.boolean().optional(),
    inDoorZone: z.boolean().optional(),
    speed: z.number().min(0).max(20).optional(),
    mode: z.enum(MODES).optional(),
  }),
  z.object({
    kind: z.literal('counters'),
    at: z.date(),
    /** `total`: lifetime counters (last report wins); `delta`: counts for the period from..to (added once). */
    basis: z.enum(['total', 'delta']),
    from: z.date().optional(),
    runs: z.number().int().min(0).max(1e9).optional(),
    runSeconds: z.number().min(0).max(1e10).optional(),
    distanceM: z.number().min(0).max(1e11).optional(),
    doorCycles: z.number().int().min(0).max(1e10).optional(),
  }),
  z.object({
    kind: z.literal('fault'),
    at: z.date(),
    phase: z.enum(['open', 'close']),
    /** NULL: a controller code with no canonical counterpart (kept in the fault history, raises no alarm). */
    type: z.enum(FAULT_TYPES).nullable(),
    vendorCode: z.string().max(40).optional(),
    severity: z.enum(SEVERITIES).optional(),
    /** Retries of one report carry the same key. */
    dedupKey: z.string().min(1).max(120),
    detail: z.record(z.string(), z.unknown()).optional(),
  }),
  z.object({
    kind: z.literal('info'),
    at: z.date(),
    vendor: z.string().max(100).optional(),
    model: z.string().max(100).optional(),
    firmware: z.string().max(100).optional(),
  }),
]);
export type CanonicalMessage = z.infer<typeof CanonicalMessage>;
export type StatusMessage = Extract<CanonicalMessage, { kind: 'status' }>;
export type CountersMessage = Extract<CanonicalMessage, { kind: 'counters' }>;
export type FaultMessage = Extract<CanonicalMessage, { kind: 'fault' }>;

/** Rule thresholds (domain brief §7), each overridable per region prefix and vendor (iot_rule_setting). */
export const RULE_DEFAULTS = {
  /** No message for this long: offline alarm. */
  offlineAfterSeconds: 300,
  /** Occupied, door closed and stationary this long: inferred trapped (terminals that do not report it). */
  trappedAfterSeconds: 120,
  /** This many occurrences of one type within the window raise the alarm's severity. */
  repeatCount: 3,
  repeatWindowSeconds: 86_400,
  /** An alarm unacknowledged this long escalates (severity up, event out). */
  escalateAfterSeconds: 600,
  /** Messages further ahead of the server clock are refused. */
  maxFutureSeconds: 300,
  /** Per device: sustained messages per second, and the burst allowed above it. */
  floodRatePerSecond: 20,
  floodBurst: 60,
} as const;
export type RuleKey = keyof typeof RULE_DEFAULTS;
export const RULE_KEYS = Object.keys(RULE_DEFAULTS) as RuleKey[];

/** Largest payload accepted from a device. */
export const MAX_PAYLOAD_BYTES = 64 * 1024;

/** Why a device message was dropped: the columns of device_health. */
export const DROP_REASONS = ['malformed', 'invalid', 'unknown_event', 'oversized', 'future_time', 'flood_dropped', 'spoofed'] as const;
export type DropReason = (typeof DROP_REASONS)[number];
