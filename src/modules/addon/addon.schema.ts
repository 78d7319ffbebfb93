import { z } from 'zod';
import { ADDON_ACTIONS, ADDON_STATUSES } from './addon.domain.ts';

const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), '不是有效日期');
const Region = z.string().regex(/^\d{6}$/, '应为 6 位行政区划代码');
const Text = (max: number, label: string) => z.string().trim().min(1, `请填写${label}`).max(max, `${label}不超过 ${max} 个字`);
const Money = z.number().min(0, '金额不能为负').max(100_000_000, '金额过大');
export const VOTES = ['agree', 'disagree', 'abstain'] as const;
export const SUBSIDY_STATUSES = ['none', 'applied', 'approved', 'rejected', 'disbursed'] as const;

export const ProjectInput = z.object({
  regionCode: Region,
  address: Text(200, '地址'),
  building: Text(20, '楼号'),
  unit: Text(20, '单元'),
  storeys: z.number().int().min(2, '层数至少 2 层').max(40, '层数不超过 40 层'),
  /** 实施主体: a use unit creates for itself; a street office names one (or is one). */
  implementingOrgId: z.number().int().positive().optional(),
  /** The street office of the place (a use unit names it; a street office is it). */
  streetOfficeId: z.number().int().positive().optional(),
});
export type ProjectInput = z.infer<typeof ProjectInput>;

export const HouseholdInput = z.object({
  room: Text(20, '房号'),
  floor: z.number().int().min(1, '楼层至少为 1').max(40),
  area: z.number().positive('面积应大于 0').max(1000, '面积不超过 1000 平方米').multipleOf(0.01, '面积最多两位小数'),
  ownerName: Text(40, '业主姓名'),
  vote: z.enum(VOTES).nullable().default(null),
});
export const HouseholdsInput = z.object({ households: z.array(HouseholdInput).min(1).max(200) });
export const VoteInput = z.object({ vote: z.enum(VOTES).nullable() });

export const ProjectQuery = z.object({
  regionCode: Region.optional(),
  status: z.enum(ADDON_STATUSES as [string, ...string[]]).optional(),
  /** Accepted but not registered within the limit. */
  overdue: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  q: z.string().trim().max(100).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

/** Steps the implementing body (or street office) takes; one body per action. */
export const StepInput = z.discriminatedUnion('action', [
  z.object({ action: z.literal('confirmConsent') }),
  z.object({
    action: z.literal('signAgreement'),
    totalCost: Money,
    shares: z.array(z.object({ householdId: z.number().int().positive(), share: Money, signed: z.boolean() })).min(1).max(200),
  }),
  z.object({
    action: z.literal('completeDesign'),
    designer: Text(100, '设计单位'),
    manufacturerName: Text(100, '制造单位'),
    model: Text(60, '型号'),
    ratedLoad: z.number().int().min(100).max(5000),
    ratedSpeed: z.number().min(0.1).max(10),
    stops: z.number().int().min(2).max(41),
  }),
  z.object({ action: z.literal('startNotice'), startsOn: Day.optional() }),
  z.object({ action: z.literal('submit') }),
  z.object({ action: z.literal('startConstruction'), startedOn: Day.optional(), note: z.string().trim().max(500).optional() }),
  z.object({ action: z.literal('accept'), acceptedOn: Day }),
  z.object({
    action: z.literal('recordContract'),
    maintenanceOrgId: z.number().int().positive(),
    startsOn: Day,
    endsOn: Day,
    pricePerYear: z.number().min(0).max(10_000_000),
  }),
  z.object({ action: z.literal('enrol') }),
  z.object({ action: z.literal('cancel'), reason: Text(500, '原因') }),
]);
export type StepInput = z.infer<typeof StepInput>;

export const ReviewInput = z.object({
  decision: z.enum(['approve', 'reject']),
  approvalNo: z.string().trim().max(60).optional(),
  note: z.string().trim().max(1000).optional(),
});

/** 使用登记: the market regulator registers the new elevator; the rest comes from the project. */
export const RegistrationInput = z.object({
  registrationCode: z.string().regex(/^\d{20}$/, '注册代码应为20位数字'),
  rescueCode: z.string().regex(/^\d{5,7}$/, '救援识别码应为 5–7 位数字'),
  certificateNo: z.string().trim().max(40).optional(),
  equipmentCode: z.string().trim().max(18).optional(),
  factoryNo: z.string().trim().max(60).optional(),
  manufactureDate: Day.optional(),
  category: z.string().regex(/^\d{4}$/).default('3110'),
});

export const ObjectionInput = z.object({ objector: Text(40, '异议人'), content: Text(1000, '异议内容') });
export const ResolveInput = z.object({ resolution: Text(1000, '处理结果') });
export const SubsidyDecision = z.object({ action: z.enum(['approve', 'reject', 'disburse']), note: z.string().trim().max(1000).optional() });

const Ratio = z.object({ num: z.number(), den: z.number() });
export const RulesOut = z.object({
  participation: Ratio,
  approval: Ratio,
  noticeDays: z.number(),
  subsidyByStoreys: z.array(z.object({ minStoreys: z.number(), amount: z.number() })),
  deductionPerNonSigning: z.number(),
  registrationDays: z.number(),
});

export const TallyOut = z.object({
  households: z.number(),
  totalArea: z.number(),
  participants: z.number(),
  participantArea: z.number(),
  consenting: z.number(),
  consentingArea: z.number(),
  participationByHeadcount: z.boolean(),
  participationByArea: z.boolean(),
  approvalByHeadcount: z.boolean(),
  approvalByArea: z.boolean(),
  reached: z.boolean(),
});
export const SubsidyOut = z.object({ storeys: z.number(), base: z.number(), nonSigning: z.number(), deductionPer: z.number(), deduction: z.number(), amount: z.number() });

export const ProjectItem = z.object({
  id: z.number(),
  regionCode: z.string(),
  regionName: z.string(),
  address: z.string(),
  building: z.string(),
  unit: z.string(),
  storeys: z.number(),
  implementingOrg: z.object({ id: z.number(), name: z.string() }),
  status: z.string(),
  subsidyStatus: z.enum(SUBSIDY_STATUSES),
  acceptedOn: z.string().nullable(),
  registrationDueOn: z.string().nullable(),
  /** Accepted, not registered, past the due date. */
  registrationOverdue: z.boolean(),
  registrationCode: z.string().nullable(),
  updatedAt: z.string(),
});

export const ProjectOut = ProjectItem.extend({
  streetOffice: z.object({ id: z.number(), name: z.string() }).nullable(),
  totalCost: z.number().nullable(),
  design: z.record(z.string(), z.unknown()).nullable(),
  notice: z.object({ days: z.number().nullable(), startsOn: z.string().nullable(), endsOn: z.string().nullable(), pausedSince: z.string().nullable(), over: z.boolean() }),
  approvalNo: z.string().nullable(),
  approvedOn: z.string().nullable(),
  constructionOn: z.string().nullable(),
  registeredOn: z.string().nullable(),
  contractId: z.number().nullable(),
  enrolledAt: z.string().nullable(),
  subsidy: z.object({ status: z.enum(SUBSIDY_STATUSES), amount: z.number().nullable(), basis: SubsidyOut.nullable(), preview: SubsidyOut, note: z.string().nullable() }),
  note: z.string().nullable(),
  rules: RulesOut,
  tally: TallyOut,
  households: z.array(z.object({ id: z.number(), room: z.string(), floor: z.number(), area: z.number(), ownerName: z.string(), vote: z.enum(VOTES).nullable(), signed: z.boolean(), share: z.number().nullable() })),
  objections: z.array(z.object({ id: z.number(), objector: z.string(), content: z.string(), filedOn: z.string(), status: z.enum(['open', 'resolved']), resolution: z.string().nullable(), resolvedOn: z.string().nullable() })),
  events: z.array(z.object({ at: z.string(), action: z.string(), fromStatus: z.string().nullable(), toStatus: z.string().nullable(), actor: z.string().nullable(), note: z.string().nullable() })),
  actions: z.array(z.enum(ADDON_ACTIONS)),
  version: z.number(),
});
export type ProjectOut = z.infer<typeof ProjectOut>;

export const ProgressOut = z.object({
  regionCode: z.string(),
  statuses: z.array(z.string()),
  rows: z.array(z.object({ regionCode: z.string(), name: z.string(), total: z.number(), byStatus: z.record(z.string(), z.number()), overdue: z.number() })),
});
