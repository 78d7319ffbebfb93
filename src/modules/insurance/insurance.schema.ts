import { z } from 'zod';
import { CLAIM_ACTIONS, CLAIM_STATUSES, PAYERS, PRODUCT_KINDS } from './insurance.domain.ts';

const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), '不是有效日期');
const Money = z.number().min(0, '金额不能为负').max(100_000_000, '金额过大');
const Page = { page: z.coerce.number().int().min(1).max(10_000).default(1), pageSize: z.coerce.number().int().min(1).max(200).default(20) };
const Kind = z.enum(PRODUCT_KINDS as [string, ...string[]]);
const PayerEnum = z.enum(PAYERS as ['use_unit', 'owners', 'maintenance_fund', 'insurer']);
const ClaimStatusEnum = z.enum(CLAIM_STATUSES as ['filed', 'accepted', 'approved', 'paid', 'rejected', 'withdrawn']);

export const PremiumRule = z.object({
  base: Money,
  /** Premium by category prefix ("31", "3110"); the longest match wins over `base`. */
  byCategory: z.record(z.string().regex(/^\d{2,4}$/, '设备品种代码前缀为 2–4 位数字'), Money).optional(),
  ageBands: z.array(z.object({ minYears: z.number().int().min(0).max(100), factor: z.number().min(0).max(20) })).max(20).optional(),
});
export const Coverage = z.object({
  /** Yuan per accident and per person (liability). */
  perAccident: Money.optional(),
  perPerson: Money.optional(),
  /** What the product covers, in words (maintenance, parts, inspection fees, renewal fund …). */
  items: z.array(z.string().trim().min(1).max(100)).max(30).default([]),
});

export const ProductInput = z.object({
  name: z.string().trim().min(1, '请填写产品名称').max(100),
  kind: Kind,
  coverage: Coverage,
  premiumRule: PremiumRule,
  active: z.boolean().default(true),
});
export const ProductOut = z.object({
  id: z.number(),
  insurer: z.object({ id: z.number(), name: z.string() }),
  name: z.string(),
  kind: z.string(),
  coverage: Coverage,
  premiumRule: PremiumRule,
  active: z.boolean(),
});

export const PolicyInput = z.object({
  /** The insurer's own policy number. */
  policyNo: z.string().trim().min(3, '请填写保单号').max(40).regex(/^[0-9A-Za-z-]+$/, '保单号只含字母、数字和连字符'),
  productId: z.number().int().positive(),
  registrationCode: z.string().regex(/^\d{20}$/, '注册代码应为20位数字'),
  startsOn: Day,
  endsOn: Day,
  payer: PayerEnum,
});

const Calc = z.record(z.string(), z.unknown());
export const PolicyOut = z.object({
  id: z.number(),
  policyNo: z.string(),
  product: z.object({ id: z.number(), name: z.string(), kind: z.string() }),
  insurer: z.object({ id: z.number(), name: z.string() }),
  registrationCode: z.string(),
  address: z.string(),
  regionCode: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  premium: z.number(),
  subsidy: z.number(),
  basis: Calc,
  payer: PayerEnum,
  status: z.enum(['active', 'cancelled']),
  inForce: z.boolean(),
  /** Ended, not renewed (no policy on the elevator continues it), elevator still in use. */
  lapsed: z.boolean(),
});
export const PolicyQuery = z.object({
  regionCode: z.string().regex(/^\d{6}$/).optional(),
  registrationCode: z.string().trim().max(40).optional(),
  kind: Kind.optional(),
  state: z.enum(['in_force', 'lapsed', 'cancelled']).optional(),
  ...Page,
});

export const ClaimInput = z.object({
  policyId: z.number().int().positive(),
  occurredOn: Day,
  description: z.string().trim().min(1, '请填写出险经过').max(2000),
  amountClaimed: Money,
  incidentId: z.number().int().positive().optional(),
  alarmId: z.number().int().positive().optional(),
  maintenanceRecordId: z.number().int().positive().optional(),
  hazardId: z.number().int().positive().optional(),
});
export const ClaimActionInput = z.object({ action: z.enum(CLAIM_ACTIONS), amountPaid: Money.optional(), note: z.string().trim().max(1000).optional() });
export const ClaimOut = z.object({
  id: z.number(),
  policyId: z.number(),
  policyNo: z.string(),
  insurer: z.object({ id: z.number(), name: z.string() }),
  registrationCode: z.string(),
  address: z.string(),
  occurredOn: z.string(),
  description: z.string(),
  amountClaimed: z.number(),
  amountPaid: z.number().nullable(),
  status: ClaimStatusEnum,
  incident: z.object({ id: z.number(), type: z.string(), receivedAt: z.string() }).nullable(),
  alarm: z.object({ id: z.number(), type: z.string(), openedAt: z.string() }).nullable(),
  maintenanceRecord: z.object({ id: z.number(), startedAt: z.string() }).nullable(),
  hazard: z.object({ id: z.number(), description: z.string(), status: z.string() }).nullable(),
  note: z.string().nullable(),
  actions: z.array(z.enum(CLAIM_ACTIONS)),
  createdAt: z.string(),
});
export const ClaimQuery = z.object({ status: ClaimStatusEnum.optional(), policyId: z.coerce.number().int().positive().optional(), regionCode: z.string().regex(/^\d{6}$/).optional(), ...Page });

export const LinkableOut = z.object({
  incidents: z.array(z.object({ id: z.number(), type: z.string(), status: z.string(), receivedAt: z.string() })),
  alarms: z.array(z.object({ id: z.number(), type: z.string(), severity: z.string(), openedAt: z.string() })),
  maintenanceRecords: z.array(z.object({ id: z.number(), cycle: z.string(), startedAt: z.string() })),
  hazards: z.array(z.object({ id: z.number(), description: z.string(), status: z.string(), createdAt: z.string() })),
});

const CoverageRow = z.object({ regionCode: z.string(), name: z.string(), inUse: z.number(), insured: z.number(), rate: z.number().nullable(), lapsed: z.number() });
export const CoverageOut = z.object({ regionCode: z.string(), summary: CoverageRow, byRegion: z.array(CoverageRow) });
