import { z } from 'zod';

const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), '不是有效日期');
const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM');
const Page = { page: z.coerce.number().int().min(1).max(10_000).default(1), pageSize: z.coerce.number().int().min(1).max(200).default(20) };
const OrgRef = z.object({ id: z.number(), name: z.string() });
const Model = z.string().trim().min(1, '请填写型号').max(60);

export const RISK_STATUSES = ['open', 'controlled', 'closed'] as const;

/** One line of the 风险管控清单: a risk of a model, its controls, status and next review. */
export const RiskItemInput = z.object({
  model: Model,
  risk: z.string().trim().min(1, '请填写风险').max(500),
  controls: z.string().trim().min(1, '请填写管控措施').max(2000),
  status: z.enum(RISK_STATUSES),
  reviewOn: Day.optional(),
});
export const RiskItemOut = z.object({
  id: z.number(),
  manufacturer: OrgRef,
  model: z.string(),
  risk: z.string(),
  controls: z.string(),
  status: z.enum(RISK_STATUSES),
  reviewOn: z.string().nullable(),
  /** The review date has passed and the item is not closed. */
  reviewDue: z.boolean(),
  updatedAt: z.string(),
  version: z.number(),
});
export const RiskItemQuery = z.object({ manufacturerOrgId: z.coerce.number().int().positive().optional(), model: z.string().trim().max(60).optional(), status: z.enum(RISK_STATUSES).optional() });

export const ModelsQuery = z.object({ manufacturerOrgId: z.coerce.number().int().positive().optional() });
export const ModelsOut = z.object({ items: z.array(z.object({ model: z.string(), elevators: z.number() })) });

export const FaultStatsQuery = z.object({
  /** Regulators and admins name the manufacturer; a manufacturer always gets its own. */
  manufacturerOrgId: z.coerce.number().int().positive().optional(),
  from: Month,
  to: Month,
  model: z.string().trim().max(60).optional(),
  regionCode: z.string().regex(/^\d{6}$/).optional(),
});
const StatRow = z.object({ month: z.string(), model: z.string(), code: z.string(), faults: z.number(), elevators: z.number(), per100: z.number() });
export const FaultStatsOut = z.object({
  months: z.array(z.string()),
  /** Faults per 100 in-use elevators of the model per month, by fault code (canonical type, else the vendor code). */
  rows: z.array(StatRow),
  byModel: z.array(z.object({ model: z.string(), elevators: z.number(), faults: z.number(), per100PerMonth: z.number() })),
});

export const ADVICE_KINDS = ['maintenance', 'safety'] as const;
export const AdviceInput = z.object({
  kind: z.enum(ADVICE_KINDS),
  title: z.string().trim().min(1, '请填写标题').max(100),
  body: z.string().trim().min(1, '请填写内容').max(5000),
  /** Elevators of the manufacturer in use, narrowed by model, region and/or explicit codes (none: all of them). */
  models: z.array(Model).max(50).optional(),
  regionCode: z.string().regex(/^\d{6}$/).optional(),
  registrationCodes: z.array(z.string().regex(/^\d{20}$/, '注册代码应为20位数字')).max(1000).optional(),
});
const Mine = z.object({ elevatorCount: z.number(), acknowledgedAt: z.string().nullable(), note: z.string().nullable() });
export const AdviceOut = z.object({
  id: z.number(),
  manufacturer: OrgRef,
  kind: z.enum(ADVICE_KINDS),
  title: z.string(),
  body: z.string(),
  criteria: z.object({ models: z.array(z.string()).optional(), regionCode: z.string().optional(), registrationCodes: z.array(z.string()).optional() }),
  elevatorCount: z.number(),
  sentAt: z.string(),
  recipients: z.number(),
  acknowledged: z.number(),
  /** The caller's own recipient entry, when the advice was sent to its organisation. */
  mine: Mine.nullable(),
});
export const AdviceQuery = z.object({ outstanding: z.enum(['true', 'false']).transform((v) => v === 'true').optional(), ...Page });
const RecipientOut = z.object({ org: OrgRef, role: z.enum(['use_unit', 'maintenance']), elevatorCount: z.number(), acknowledgedAt: z.string().nullable(), note: z.string().nullable() });
export const AdviceDetailOut = AdviceOut.extend({
  recipientList: z.array(RecipientOut),
  elevators: z.array(z.object({ registrationCode: z.string(), address: z.string(), model: z.string().nullable() })),
});
export const AckInput = z.object({ note: z.string().trim().max(1000).optional() });
export const OutstandingOut = z.object({
  items: z.array(RecipientOut.extend({ advice: z.object({ id: z.number(), title: z.string(), sentAt: z.string(), manufacturer: OrgRef }), days: z.number() })),
  total: z.number(),
});
