import { HAZARD_STATUSES, REMEDIES, SEVERITIES } from '../hazards/hazards.domain.ts';
import { z } from 'zod';
import { ANNEXES, CYCLES } from './catalog.ts';
import { FLAG_CODES, RESULTS } from './maintenance.domain.ts';

const Ts = z.string().regex(/^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:?\d{2})$/, '时间应为 ISO 格式并带时区，如 2026-05-01T09:00:00+08:00');
const Place = z.object({ lat: z.number().min(3).max(54), lon: z.number().min(73).max(136) });
const Sha = z.string().regex(/^[0-9a-f]{64}$/, '应为 64 位十六进制 SHA-256');
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');

export const CatalogQuery = z.object({ annex: z.enum(ANNEXES), cycle: z.enum(CYCLES).default('year') });
export const CatalogOut = z.object({
  items: z.array(z.object({ code: z.string(), name: z.string(), requirement: z.string(), cycle: z.enum(CYCLES), judgeType: z.string(), min: z.number().nullable(), max: z.number().nullable(), unit: z.string().nullable() })),
});

/** POST /api/maintenance/records (fixed interface). */
export const RecordInput = z.object({
  registrationCode: z.string().regex(/^\d{20}$/, '注册代码应为20位数字'),
  cycle: z.enum(CYCLES),
  startedAt: Ts,
  endedAt: Ts,
  workers: z.array(z.object({ name: z.string().trim().min(1).max(40), certificateNo: z.string().trim().min(3).max(40) })).min(1, '至少一名作业人员').max(6),
  startLocation: Place,
  endLocation: Place,
  items: z.array(z.object({ code: z.string().regex(/^[A-D]-[1-4]-\d{2}$/, '项目编号形如 A-1-01'), result: z.enum(RESULTS), value: z.number().nullable().optional() })).min(1).max(120),
  photos: z.array(z.object({ sha256: Sha, takenAt: Ts, itemCode: z.string().max(10).optional() })).max(60).default([]),
  parts: z.array(z.object({ name: z.string().trim().min(1).max(100), quantity: z.number().int().min(1).max(1000).default(1) })).max(50).default([]),
  /** Hazards found on the visit: each becomes a rectification task (src/modules/hazards); serious ones reach the regulator's list. */
  hazards: z
    .array(z.object({ item: z.string().trim().min(1).max(100), description: z.string().trim().min(1).max(1000), severity: z.enum(SEVERITIES), remedy: z.enum(REMEDIES).default('repair') }))
    .max(20)
    .default([]),
});
export type RecordInput = z.infer<typeof RecordInput>;

export const RecordFlag = z.object({ code: z.enum(FLAG_CODES), message: z.string() });
export const RecordOut = z.object({
  id: z.number(),
  registrationCode: z.string(),
  address: z.string(),
  company: z.object({ id: z.number(), name: z.string() }),
  cycle: z.enum(CYCLES),
  startedAt: z.string(),
  endedAt: z.string(),
  workers: z.array(z.object({ name: z.string(), certificateNo: z.string() })),
  items: z.array(z.object({ code: z.string(), result: z.enum(RESULTS), value: z.number().nullable().optional() })),
  photos: z.array(z.object({ sha256: z.string(), takenAt: z.string().nullable(), itemCode: z.string().nullable(), uploaded: z.boolean() })),
  flags: z.array(RecordFlag.extend({ id: z.number(), status: z.enum(['open', 'upheld', 'dismissed']), evidence: z.unknown() })),
  /** The use unit's confirmation (its safety manager's signature), once given. */
  confirmedBy: z.string().nullable(),
  confirmedAt: z.string().nullable(),
  hazards: z.array(z.object({ id: z.number(), item: z.string(), severity: z.enum(SEVERITIES), remedy: z.enum(REMEDIES), status: z.enum(HAZARD_STATUSES), deadline: z.string() })),
  nextDue: z.object({ half_month: z.string(), quarter: z.string(), half_year: z.string(), year: z.string() }),
});

export const RecordListQuery = z.object({
  registrationCode: z.string().trim().max(40).optional(),
  regionCode: z.string().regex(/^\d{2,6}$/).optional(),
  flagged: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  from: Day.optional(),
  to: Day.optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export const OverdueQuery = z.object({
  regionCode: z.string().regex(/^\d{2,6}$/).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
export const OverdueOut = z.object({
  items: z.array(z.object({ registrationCode: z.string(), address: z.string(), lastDate: z.string().nullable(), daysSince: z.number().nullable(), nextDue: z.string().nullable(), company: z.string().nullable() })),
  total: z.number(),
});

export const WorkerInput = z.object({
  name: z.string().trim().min(1).max(40),
  certificateNo: z.string().trim().min(3).max(40),
  validTo: Day.optional(),
  employedFrom: Day,
  employedTo: Day.optional(),
  /** Admins register for a company; a company for itself. */
  orgId: z.number().int().positive().optional(),
});
