import { z } from 'zod';
import { HAZARD_ACTIONS, HAZARD_SOURCES, HAZARD_STATUSES, REMEDIES, SEVERITIES } from './hazards.domain.ts';

const Region = z.string().regex(/^\d{2,6}$/);
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');

export const HazardListQuery = z.object({
  source: z.enum(HAZARD_SOURCES).optional(),
  status: z.enum(HAZARD_STATUSES).optional(),
  /** open: every status before closed. */
  open: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  overdue: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  severity: z.enum(SEVERITIES).optional(),
  remedy: z.enum(REMEDIES).optional(),
  registrationCode: z.string().trim().max(40).optional(),
  regionCode: Region.optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type HazardListQuery = z.infer<typeof HazardListQuery>;

export const Evidence = z.object({ at: z.string(), by: z.string(), note: z.string(), fileSha256: z.string().nullable() });
export const Plan = z.object({
  text: z.string(),
  dueOn: z.string(),
  cost: z.number().nullable(),
  proposedBy: z.string(),
  agreedBy: z.array(z.object({ party: z.string(), orgId: z.number().nullable(), name: z.string(), at: z.string() })),
});

export const HazardOut = z.object({
  id: z.number(),
  source: z.enum(HAZARD_SOURCES),
  sourceRef: z.string().nullable(),
  reportId: z.number().nullable(),
  reportNo: z.string().nullable(),
  registrationCode: z.string(),
  address: z.string(),
  regionCode: z.string(),
  item: z.string(),
  description: z.string(),
  severity: z.enum(SEVERITIES),
  remedy: z.enum(REMEDIES),
  status: z.enum(HAZARD_STATUSES),
  deadline: z.string(),
  overdueDays: z.number(),
  escalated: z.boolean(),
  responsibleOrgId: z.number().nullable(),
  responsibleOrgName: z.string().nullable(),
  plan: Plan.nullable(),
  /** Major remedies: whose agreement the plan needs (use unit, maintenance company when there is one, regulator). */
  requiredParties: z.array(z.enum(['use_unit', 'maintenance', 'regulator'])),
  projectId: z.number().nullable(),
  evidence: z.array(Evidence),
  createdAt: z.string(),
});
export type HazardOut = z.infer<typeof HazardOut>;
export const HazardListOut = z.object({ items: z.array(HazardOut), total: z.number() });

export const HazardInput = z.object({
  registrationCode: z.string().trim().min(1).max(40),
  source: z.enum(['supervision', 'complaint']),
  sourceRef: z.string().trim().max(100).optional(),
  item: z.string().trim().min(1).max(100),
  description: z.string().trim().min(1).max(1000),
  severity: z.enum(SEVERITIES),
  remedy: z.enum(REMEDIES).default('repair'),
  deadline: Day.optional(),
});
export type HazardInput = z.infer<typeof HazardInput>;

export const HazardActionInput = z.object({
  action: z.enum(HAZARD_ACTIONS),
  note: z.string().trim().min(1).max(1000),
  fileSha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  /** propose_plan: what will be done, by when, at what cost (yuan). */
  plan: z.object({ text: z.string().trim().min(1).max(2000), dueOn: Day, cost: z.number().nonnegative().max(1e8).optional() }).optional(),
});
export type HazardActionInput = z.infer<typeof HazardActionInput>;

export const HazardSummaryOut = z.object({
  regionCode: z.string().nullable(),
  bySource: z.array(z.object({ source: z.string(), open: z.number(), overdue: z.number(), closed: z.number() })),
  byRemedy: z.array(z.object({ remedy: z.string(), open: z.number() })),
});
