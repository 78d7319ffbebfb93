import { z } from 'zod';
import { HAZARD_STATUSES, REMEDIES, SEVERITIES } from '../hazards/hazards.domain.ts';
import { ACTIONS, KINDS, SOURCES, STATUSES, SUBSIDY_STATUSES } from './renovation.domain.ts';
import { RegistryChangeInput } from './registry-change.ts';

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const Region = z.string().regex(/^\d{2,6}$/, '应为 2–6 位行政区划代码');
/** Yuan, to the fen. */
const Money = z.number().min(0).max(1e10).multipleOf(0.01, '金额最多两位小数');
/** Yuan, more than nothing. */
const Budget = z.number().positive('预算应大于 0').max(1e10).multipleOf(0.01, '金额最多两位小数');
const Note = z.string().trim().max(1000).optional();

export const ProjectInput = z.object({
  kind: z.enum(KINDS),
  title: z.string().trim().min(1, '请填写项目名称').max(100),
  /** One or many elevators of one use unit or one residential compound. */
  registrationCodes: z.array(z.string().regex(/^\d{20}$/, '注册代码应为20位数字')).min(1, '至少一台电梯').max(200),
  plan: z.string().trim().min(1, '请填写实施方案').max(4000),
  budget: Budget,
  /** Hazards of these elevators the project puts right. */
  hazardIds: z.array(z.number().int().positive()).max(200).default([]),
});
export type ProjectInput = z.infer<typeof ProjectInput>;

export const ProjectPatch = z.object({
  title: z.string().trim().min(1).max(100).optional(),
  plan: z.string().trim().min(1).max(4000).optional(),
  budget: Budget.optional(),
});
export type ProjectPatch = z.infer<typeof ProjectPatch>;

const Area = z.number().min(0).max(1e8).multipleOf(0.01, '面积最多两位小数');
const Owners = z.number().int().min(0).max(1e6);
export const VoteInput = z.object({
  heldOn: Day,
  totalArea: z.number().positive('总面积应大于 0').max(1e8).multipleOf(0.01, '面积最多两位小数'),
  totalOwners: Owners.min(1, '业主总人数应大于 0'),
  participatingArea: Area,
  participatingOwners: Owners,
  consentingArea: Area,
  consentingOwners: Owners,
});
export type VoteInput = z.infer<typeof VoteInput>;

export const FundingInput = z.object({
  lines: z.array(z.object({ source: z.enum(SOURCES), amount: Money, note: z.string().trim().max(200).optional() })).min(1, '至少一个资金来源').max(SOURCES.length),
});
export type FundingInput = z.infer<typeof FundingInput>;

export const HazardLinkInput = z.object({ hazardIds: z.array(z.number().int().positive()).max(200) });

export const ActionInput = z.discriminatedUnion('action', [
  z.object({ action: z.literal('decide'), note: Note }),
  z.object({ action: z.literal('confirm_funding'), note: Note }),
  z.object({ action: z.literal('apply_subsidy'), note: Note }),
  z.object({ action: z.literal('approve_subsidy'), amount: Money, note: Note }),
  z.object({ action: z.literal('reject_subsidy'), reason: z.string().trim().min(1, '请填写不予补贴的理由').max(1000) }),
  z.object({ action: z.literal('disburse'), amount: Money, paidOn: Day, voucherNo: z.string().trim().min(1, '请填写拨付凭证号').max(60) }),
  z.object({
    action: z.literal('start'),
    startedOn: Day,
    installerName: z.string().trim().min(1, '请填写施工单位').max(100),
    installerCreditCode: z.string().trim().length(18, '统一社会信用代码应为18位').optional(),
  }),
  z.object({ action: z.literal('accept'), acceptedOn: Day, changes: z.array(RegistryChangeInput).max(200).default([]), note: Note }),
  z.object({ action: z.literal('register'), note: Note }),
  z.object({ action: z.literal('close'), note: Note }),
  z.object({ action: z.literal('cancel'), reason: z.string().trim().min(1, '请填写撤销理由').max(1000) }),
]);
export type ActionInput = z.infer<typeof ActionInput>;

export const ProjectListQuery = z.object({
  regionCode: Region.optional(),
  kind: z.enum(KINDS).optional(),
  status: z.enum(STATUSES).optional(),
  subsidyStatus: z.enum(SUBSIDY_STATUSES).optional(),
  /** A registration code (exact) or words of the title. */
  q: z.string().trim().max(60).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type ProjectListQuery = z.infer<typeof ProjectListQuery>;

const OrgBrief = z.object({ id: z.number(), name: z.string() });
const Measure = z.object({ share: z.number(), required: z.object({ num: z.number(), den: z.number() }), met: z.boolean() });
export const VoteRuleOut = z.object({ participation: z.object({ num: z.number(), den: z.number() }), consent: z.object({ num: z.number(), den: z.number() }) });
export const VoteOut = VoteInput.extend({
  rule: VoteRuleOut,
  result: z.object({ participationArea: Measure, participationOwners: Measure, consentArea: Measure, consentOwners: Measure, passed: z.boolean() }),
});

export const ProjectListItem = z.object({
  id: z.number(),
  kind: z.enum(KINDS),
  status: z.enum(STATUSES),
  subsidyStatus: z.enum(SUBSIDY_STATUSES),
  title: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  useUnitName: z.string().nullable(),
  compound: z.string().nullable(),
  elevatorCount: z.number(),
  budget: z.number(),
  subsidyRequested: z.number().nullable(),
  subsidyApproved: z.number().nullable(),
  subsidyDisbursed: z.number(),
  updatedAt: z.string(),
});
export const ProjectListOut = z.object({ items: z.array(ProjectListItem), total: z.number() });

export const ProjectOut = ProjectListItem.extend({
  useUnit: OrgBrief.nullable(),
  owner: OrgBrief,
  plan: z.string(),
  voteRequired: z.boolean(),
  voteRule: VoteRuleOut,
  vote: VoteOut.nullable(),
  elevators: z.array(
    z.object({
      registrationCode: z.string(),
      address: z.string(),
      placeName: z.string().nullable(),
      model: z.string().nullable(),
      factoryNo: z.string().nullable(),
      manufactureDate: z.string().nullable(),
      ascendingOverspeedProtection: z.boolean().nullable(),
      registryChange: z.record(z.string(), z.unknown()).nullable(),
      registryUpdatedAt: z.string().nullable(),
      /** The passed supervisory inspection that stands for acceptance (dated after construction started). */
      inspection: z.object({ reportNo: z.string(), date: z.string(), supervisoryKind: z.string() }).nullable(),
    }),
  ),
  funding: z.object({
    lines: z.array(z.object({ source: z.enum(SOURCES), amount: z.number(), note: z.string().nullable() })),
    total: z.number(),
    budget: z.number(),
    difference: z.number(),
    balanced: z.boolean(),
  }),
  subsidy: z.object({
    applications: z.array(
      z.object({ id: z.number(), requested: z.number(), status: z.string(), approved: z.number().nullable(), note: z.string().nullable(), reason: z.string().nullable(), appliedAt: z.string(), decidedAt: z.string().nullable(), decidedBy: z.string().nullable() }),
    ),
    disbursements: z.array(z.object({ id: z.number(), amount: z.number(), paidOn: z.string(), voucherNo: z.string(), createdAt: z.string() })),
  }),
  construction: z.object({ installerName: z.string().nullable(), installerCreditCode: z.string().nullable(), startedOn: z.string().nullable() }),
  acceptedOn: z.string().nullable(),
  hazards: z.array(z.object({ id: z.number(), registrationCode: z.string(), item: z.string(), severity: z.enum(SEVERITIES), remedy: z.enum(REMEDIES), status: z.enum(HAZARD_STATUSES) })),
  events: z.array(z.object({ action: z.string(), fromStatus: z.string().nullable(), toStatus: z.string().nullable(), note: z.string().nullable(), actorName: z.string(), orgName: z.string().nullable(), at: z.string() })),
  /** What the caller may do now. */
  actions: z.array(z.enum(ACTIONS)),
  canEdit: z.boolean(),
  version: z.number(),
  createdAt: z.string(),
});
export type ProjectOut = z.infer<typeof ProjectOut>;
