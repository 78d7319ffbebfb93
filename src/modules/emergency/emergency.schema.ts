import { z } from 'zod';
import { ACTIONS, CAUSES, INCIDENT_SOURCES, INCIDENT_STATUSES, INCIDENT_TYPES } from './emergency.domain.ts';

/** The 96333 API's shapes (fixed interfaces in the issue: create, actions, list, import, stats). */

const Phone = z.string().trim().regex(/^[\d+\-\s()]{5,20}$/, '电话号码格式不正确');

export const IncidentCreate = z.object({
  /** 救援识别码 or 注册代码. */
  code: z.string().trim().min(1).max(40),
  source: z.enum(['phone', 'app', 'qr']).default('phone'),
  type: z.enum(INCIDENT_TYPES).default('trapped'),
  trapped: z.number().int().min(0).max(100).optional(),
  injured: z.number().int().min(0).max(100).optional(),
  callerPhone: Phone.optional(),
  description: z.string().trim().max(2000).optional(),
});
export type IncidentCreate = z.infer<typeof IncidentCreate>;

/** The QR page's two buttons: 我被困了 / 报告故障. */
export const PublicReport = z.object({
  code: z.string().trim().min(1).max(40),
  type: z.enum(['trapped', 'fault']),
  trapped: z.number().int().min(1).max(100).optional(),
  callerPhone: Phone.optional(),
  description: z.string().trim().max(500).optional(),
});

export const ActionInput = z.object({
  action: z.enum(ACTIONS),
  tier: z.number().int().min(1).max(3).optional(),
  orgId: z.number().int().positive().optional(),
  cause: z.enum(CAUSES).optional(),
  rescued: z.number().int().min(0).max(100).optional(),
  injured: z.number().int().min(0).max(100).optional(),
  note: z.string().trim().max(2000).optional(),
});
export type ActionInput = z.infer<typeof ActionInput>;

export const IncidentListQuery = z.object({
  registrationCode: z.string().trim().max(40).optional(),
  status: z.enum(['open', 'closed']).optional(),
  source: z.enum(INCIDENT_SOURCES).optional(),
  type: z.enum(INCIDENT_TYPES).optional(),
  regionCode: z.string().regex(/^\d{2,6}$/).optional(),
  /** Only call-outs dispatched to the caller's own organisation (a rescuer's task list). */
  mine: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type IncidentListQuery = z.infer<typeof IncidentListQuery>;

const Ts = z.string().nullable();

export const IncidentOut = z.object({
  id: z.number(),
  status: z.enum(INCIDENT_STATUSES),
  source: z.enum(INCIDENT_SOURCES),
  channels: z.array(z.string()),
  type: z.enum(INCIDENT_TYPES),
  tier: z.number().nullable(),
  assignedOrg: z.object({ id: z.number(), name: z.string() }).nullable(),
  registrationCode: z.string(),
  rescueCode: z.string().nullable(),
  address: z.string(),
  regionCode: z.string(),
  trapped: z.number().nullable(),
  injured: z.number().nullable(),
  callerPhone: z.string().nullable(),
  description: z.string().nullable(),
  receivedAt: z.string(),
  dispatchedAt: Ts,
  acceptedAt: Ts,
  departedAt: Ts,
  arrivedAt: Ts,
  rescuedAt: Ts,
  closedAt: Ts,
  cancelledAt: Ts,
  cause: z.enum(CAUSES).nullable(),
  rescued: z.number().nullable(),
  remarks: z.string().nullable(),
  alarmId: z.number().nullable(),
  repeatOf: z.number().nullable(),
  breaches: z.array(z.string()),
  escalations: z.number(),
  version: z.number(),
});
export type IncidentOut = z.infer<typeof IncidentOut>;

export const ClockOut = z.object({
  kind: z.enum(['dispatch', 'accept', 'arrive']),
  dueAt: z.string(),
  legSeconds: z.number(),
  remainingSeconds: z.number(),
  urgency: z.enum(['breached', 'critical', 'warning', 'normal']),
});

export const IncidentDetailOut = IncidentOut.extend({
  merged: z.boolean().optional(),
  elevator: z.object({
    registrationCode: z.string(),
    address: z.string(),
    placeName: z.string().nullable(),
    longitude: z.number().nullable(),
    latitude: z.number().nullable(),
    useUnit: z.object({ id: z.number(), name: z.string(), phone: z.string().nullable() }).nullable(),
    maintenance: z.object({ id: z.number(), name: z.string(), phone: z.string().nullable() }).nullable(),
  }),
  dispatches: z.array(
    z.object({
      id: z.number(),
      tier: z.number(),
      orgId: z.number().nullable(),
      orgName: z.string(),
      phone: z.string().nullable(),
      distanceKm: z.number().nullable(),
      reason: z.string(),
      dispatchedAt: z.string(),
      acceptedAt: Ts,
      declinedAt: Ts,
      endedAt: Ts,
      actor: z.string(),
    }),
  ),
  timeline: z.array(z.object({ id: z.number(), kind: z.string(), at: z.string(), actor: z.string(), detail: z.unknown().nullable() })),
  clocks: z.array(ClockOut),
  repeatCount30d: z.number(),
  /** What the caller may do now (buttons in the UI). */
  allowedActions: z.array(z.enum(ACTIONS)),
  /** The server's clock, for countdowns in the browser. */
  now: z.string(),
});
export type IncidentDetailOut = z.infer<typeof IncidentDetailOut>;

export const IncidentListOut = z.object({
  items: z.array(
    IncidentOut.pick({ id: true, status: true, source: true, type: true, receivedAt: true, dispatchedAt: true, arrivedAt: true, rescuedAt: true, closedAt: true, tier: true }).extend({
      registrationCode: z.string(),
      address: z.string(),
      regionCode: z.string(),
      assignedOrg: z.object({ id: z.number(), name: z.string() }).nullable(),
      trapped: z.number().nullable(),
      breaches: z.array(z.string()),
      repeatOf: z.number().nullable(),
      cause: z.enum(CAUSES).nullable(),
    }),
  ),
  total: z.number(),
});

export const BoardOut = z.object({
  now: z.string(),
  items: z.array(
    IncidentOut.pick({ id: true, status: true, source: true, channels: true, type: true, tier: true, assignedOrg: true, registrationCode: true, address: true, regionCode: true, trapped: true, receivedAt: true, breaches: true, repeatOf: true }).extend({
      longitude: z.number().nullable(),
      latitude: z.number().nullable(),
      clocks: z.array(ClockOut),
      urgency: z.enum(['breached', 'critical', 'warning', 'normal']),
    }),
  ),
});

export const LookupOut = z.object({
  items: z.array(
    z.object({
      registrationCode: z.string(),
      rescueCode: z.string().nullable(),
      address: z.string(),
      placeName: z.string().nullable(),
      regionCode: z.string(),
      regionName: z.string(),
      status: z.string(),
      useUnit: z.object({ id: z.number(), name: z.string(), phone: z.string().nullable() }).nullable(),
      maintenance: z.object({ id: z.number(), name: z.string(), phone: z.string().nullable() }).nullable(),
      openIncidentId: z.number().nullable(),
      incidents30d: z.number(),
    }),
  ),
});

export const SlaOut = z.object({
  items: z.array(
    z.object({
      regionPrefix: z.string(),
      dispatchSeconds: z.number().nullable(),
      acceptSeconds: z.number().nullable(),
      arriveUrbanSeconds: z.number().nullable(),
      arriveOtherSeconds: z.number().nullable(),
      updatedAt: z.string(),
    }),
  ),
  defaults: z.object({ dispatchSeconds: z.number(), acceptSeconds: z.number(), arriveUrbanSeconds: z.number(), arriveOtherSeconds: z.number() }),
});

const Secs = z.number().int().min(30).max(7 * 86_400).nullable().optional();
export const SlaInput = z.object({
  regionCode: z.string().regex(/^(\d{6})?$/).default(''),
  dispatchSeconds: Secs,
  acceptSeconds: Secs,
  arriveUrbanSeconds: Secs,
  arriveOtherSeconds: Secs,
});
