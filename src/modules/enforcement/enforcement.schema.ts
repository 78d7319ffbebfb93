import { z } from 'zod';
import { PLACE_TYPES, STATUSES } from '../elevators/elevators.domain.ts';
import { REMEDIES, SEVERITIES } from '../hazards/hazards.domain.ts';
import { ACTION_KINDS, ACTION_STATUSES, ACTION_STEPS } from './enforcement.domain.ts';

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const Region6 = z.string().regex(/^\d{6}$/, '行政区划代码应为6位数字');
const RegCode = z.string().regex(/^\d{20}$/, '注册代码应为20位数字');
const CreditCode = z.string().regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/, '统一社会信用代码应为18位');
const Sha = z.string().regex(/^[0-9a-f]{64}$/, '应为 64 位十六进制 SHA-256');
const Page = { page: z.coerce.number().int().min(1).max(10_000).default(1), pageSize: z.coerce.number().int().min(1).max(200).default(20) };
const Bool = z.enum(['true', 'false']).transform((v) => v === 'true');

const OrgRef = z.object({ id: z.number(), creditCode: z.string().nullable(), name: z.string() });
const UserRef = z.object({ id: z.number(), name: z.string() });

// ---- supervision checks (监督检查)

export const FindingInput = z.object({
  registrationCode: RegCode.optional(),
  description: z.string().trim().min(1, '请填写发现的问题').max(1000),
  severity: z.enum(SEVERITIES),
  /** Raise a hazard (source supervision) on the elevator; needs registrationCode. */
  raiseHazard: z.boolean().default(false),
  item: z.string().trim().min(1).max(100).optional(),
  remedy: z.enum(REMEDIES).default('repair'),
  deadline: Day.optional(),
});
export const CheckInput = z.object({
  targetCreditCode: CreditCode.optional(),
  registrationCodes: z.array(RegCode).max(200).default([]),
  checkedOn: Day,
  /** Users of regulators in the caller's region who were on the check (the caller is added). */
  inspectorIds: z.array(z.number().int().positive()).max(20).default([]),
  summary: z.string().trim().min(1, '请填写检查情况').max(2000),
  findings: z.array(FindingInput).max(100).default([]),
});
export type CheckInput = z.infer<typeof CheckInput>;

export const CheckOut = z.object({
  id: z.number(),
  regionCode: z.string(),
  regulator: OrgRef,
  target: OrgRef.nullable(),
  elevators: z.array(z.object({ registrationCode: z.string(), address: z.string() })),
  checkedOn: z.string(),
  inspectors: z.array(UserRef),
  summary: z.string(),
  findings: z.array(z.object({ id: z.number(), registrationCode: z.string().nullable(), description: z.string(), severity: z.enum(SEVERITIES), hazardId: z.number().nullable() })),
  actions: z.array(z.object({ id: z.number(), kind: z.enum(ACTION_KINDS), status: z.enum(ACTION_STATUSES) })),
  createdAt: z.string(),
});
export type CheckOut = z.infer<typeof CheckOut>;
export const CheckListQuery = z.object({ regionCode: Region6.optional(), targetCreditCode: CreditCode.optional(), ...Page });
export const CheckListOut = z.object({ items: z.array(CheckOut), total: z.number() });

// ---- actions (警示通报 / 约谈 / 曝光 / 挂牌督办 / 行政处罚)

export const ActionInput = z.object({
  kind: z.enum(ACTION_KINDS),
  targetCreditCode: CreditCode,
  checkId: z.number().int().positive().optional(),
  reason: z.string().trim().min(1, '请填写事由').max(2000),
  legalBasis: z.string().trim().min(1, '请填写法律依据').max(1000),
  deadline: Day.optional(),
  penalty: z.object({ amount: z.number().nonnegative().max(1e9), decisionNo: z.string().trim().min(1).max(100) }).optional(),
  /** Publish at once (公示); only for public kinds. */
  publish: z.boolean().default(false),
});
export type ActionInput = z.infer<typeof ActionInput>;

export const ActionStepInput = z.object({
  step: z.enum(ACTION_STEPS),
  note: z.string().trim().max(2000).default(''),
  fileSha256: Sha.optional(),
});
export type ActionStepInput = z.infer<typeof ActionStepInput>;

export const ActionOut = z.object({
  id: z.number(),
  kind: z.enum(ACTION_KINDS),
  status: z.enum(ACTION_STATUSES),
  regionCode: z.string(),
  regulator: OrgRef,
  target: OrgRef,
  checkId: z.number().nullable(),
  reason: z.string(),
  legalBasis: z.string(),
  deadline: z.string().nullable(),
  overdueDays: z.number(),
  /** Flagged by the sweep once the deadline passed while open. */
  overdueFlagged: z.boolean(),
  penalty: z.object({ amount: z.number(), decisionNo: z.string() }).nullable(),
  followUps: z.array(z.object({ at: z.string(), by: z.string(), note: z.string(), fileSha256: z.string().nullable() })),
  closureNote: z.string().nullable(),
  closedAt: z.string().nullable(),
  published: z.boolean(),
  publishedAt: z.string().nullable(),
  creditEventId: z.number().nullable(),
  createdAt: z.string(),
});
export type ActionOut = z.infer<typeof ActionOut>;
export const ActionListQuery = z.object({
  status: z.enum(ACTION_STATUSES).optional(),
  kind: z.enum(ACTION_KINDS).optional(),
  overdue: Bool.optional(),
  regionCode: Region6.optional(),
  targetCreditCode: CreditCode.optional(),
  ...Page,
});
export const ActionListOut = z.object({ items: z.array(ActionOut), total: z.number() });

// ---- campaigns (隐患排查专项行动)

/** Which elevators: the registry's filters, old-elevator tiers, risk grade and open hazards. */
export const CampaignCriteria = z.object({
  regionCode: Region6.optional(),
  category: z.string().regex(/^\d{2,4}$/, '品种代码应为2–4位数字').optional(),
  placeType: z.enum(PLACE_TYPES).optional(),
  status: z.enum(STATUSES).default('IN_USE'),
  /** Old-elevator tiers of the notice: registered before 2009 (15), before 2004 (20), no ascending-overspeed protection. */
  ageTier: z.enum(['15', '20', 'overspeed']).optional(),
  /** Risk grade at least this (1–4, 4 highest risk; scored elevators only). */
  minRiskGrade: z.number().int().min(1).max(4).optional(),
  hasOpenHazards: z.boolean().optional(),
});
export type CampaignCriteria = z.infer<typeof CampaignCriteria>;

export const PreviewOut = z.object({
  total: z.number(),
  byRegion: z.array(z.object({ regionCode: z.string(), name: z.string(), count: z.number() })),
  sample: z.array(z.object({ registrationCode: z.string(), address: z.string(), regionCode: z.string() })),
});

export const CampaignInput = z.object({
  name: z.string().trim().min(1, '请填写行动名称').max(200),
  criteria: CampaignCriteria,
  endsOn: Day,
  assignment: z.enum(['round_robin', 'by_county']).default('round_robin'),
  inspectorIds: z.array(z.number().int().positive()).min(1, '请至少选择一名检查人员').max(200),
});
export type CampaignInput = z.infer<typeof CampaignInput>;

const Progress = z.object({ total: z.number(), done: z.number(), ok: z.number(), hazard: z.number() });
export const CampaignOut = z.object({
  id: z.number(),
  name: z.string(),
  regionCode: z.string(),
  criteria: CampaignCriteria,
  assignment: z.enum(['round_robin', 'by_county']),
  status: z.enum(['active', 'closed']),
  endsOn: z.string(),
  overdue: z.boolean(),
  progress: Progress,
  byRegion: z.array(Progress.extend({ regionCode: z.string(), name: z.string() })),
  byInspector: z.array(Progress.extend({ userId: z.number(), name: z.string() })),
  createdAt: z.string(),
});
export type CampaignOut = z.infer<typeof CampaignOut>;

export const CampaignElevatorQuery = z.object({ mine: Bool.optional(), result: z.enum(['pending', 'ok', 'hazard']).optional(), regionCode: Region6.optional(), ...Page });
export const CampaignElevatorOut = z.object({
  registrationCode: z.string(),
  address: z.string(),
  regionCode: z.string(),
  inspector: UserRef,
  result: z.enum(['pending', 'ok', 'hazard']),
  note: z.string().nullable(),
  hazardId: z.number().nullable(),
  recordedAt: z.string().nullable(),
});
export const CampaignElevatorListOut = z.object({ items: z.array(CampaignElevatorOut), total: z.number() });

export const ResultInput = z.object({
  result: z.enum(['ok', 'hazard']),
  note: z.string().trim().max(1000).default(''),
  hazard: z
    .object({
      item: z.string().trim().min(1).max(100).optional(),
      description: z.string().trim().min(1, '请描述隐患').max(1000),
      severity: z.enum(SEVERITIES),
      remedy: z.enum(REMEDIES).default('repair'),
    })
    .optional(),
});
export type ResultInput = z.infer<typeof ResultInput>;

export const InspectorOut = z.object({ items: z.array(z.object({ id: z.number(), name: z.string(), orgName: z.string(), regionCode: z.string() })) });
