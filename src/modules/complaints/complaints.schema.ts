import { z } from 'zod';
import { ACTIONS, CATEGORIES, CHANNELS, STATUSES } from './complaints.domain.ts';

/** Shapes of the complaints API. Messages in zod refinements reach people: Chinese. */

const Region = z.string().regex(/^\d{6}$/, '请选择区县（6 位行政区划代码）');
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const Description = z.string().trim().min(5, '请至少用 5 个字描述问题').max(1000, '问题描述不能超过 1000 字');
/** A phone number or an e-mail address; nothing else is kept as a contact. */
const Contact = z
  .string()
  .trim()
  .max(50, '联系方式不能超过 50 个字符')
  .refine((v) => v === '' || /^[\d+\-\s()]{5,20}$/.test(v) || /^[^\s@]{1,40}@[^\s@]{1,40}\.[^\s@]{1,10}$/.test(v), '请填写电话号码或电子邮箱');

/** POST /api/public/reports (fixed interface; regionCode and address are for an elevator not in the registry). */
export const PublicReportInput = z.object({
  /** 注册代码 (20 digits) or 救援识别码 (5–7 digits) of the elevator; may be absent for `unregistered`. */
  code: z.string().trim().max(40, '代码不能超过 40 个字符').optional(),
  category: z.enum(CATEGORIES),
  description: Description,
  /** Optional; without it the report is anonymous. Seen by the handling regulator only. */
  contact: Contact.optional(),
  /** Unregistered elevators without a code: the county (GB/T 2260) and the address where it runs. */
  regionCode: Region.optional(),
  address: z.string().trim().min(5, '请填写详细地址').max(200, '地址不能超过 200 字').optional(),
});
export type PublicReportInput = z.infer<typeof PublicReportInput>;

export const PublicReportCreated = z.object({ trackingCode: z.string() });

export const ClockOut = z.object({
  dueAt: z.string(),
  doneAt: z.string().nullable(),
  /** Seconds to the due time while the step is open (negative when late); null once done. */
  secondsLeft: z.number().nullable(),
  overdue: z.boolean(),
});

/** GET /api/public/reports/:trackingCode: what the reporter sees. No person's data, not even the reporter's own. */
export const PublicReportStatus = z.object({
  trackingCode: z.string(),
  category: z.enum(CATEGORIES),
  status: z.enum(STATUSES),
  receivedAt: z.string(),
  /** The regulator handling it (an authority, not a person). */
  handledBy: z.string().nullable(),
  acknowledge: ClockOut,
  outcome: ClockOut.extend({ extended: z.boolean() }),
  result: z.enum(['confirmed', 'unfounded']).nullable(),
  /** The regulator's answer to the reporter, once the report is decided. */
  resultText: z.string().nullable(),
  reward: z.object({ status: z.enum(['none', 'granted', 'refused', 'paid']), amount: z.number().nullable() }),
  /** Joined with an earlier report about the same elevator (handled together). */
  linked: z.boolean(),
});
export type PublicReportStatus = z.infer<typeof PublicReportStatus>;

/** POST /api/complaints: a dispatcher (phone) or a regulator (staff) records a complaint. */
export const ComplaintCreate = z.object({
  channel: z.enum(['phone', 'staff']),
  code: z.string().trim().max(40).optional(),
  category: z.enum(CATEGORIES),
  description: Description,
  anonymous: z.boolean().default(false),
  reporterName: z.string().trim().max(50, '姓名不能超过 50 个字').optional(),
  contact: Contact.optional(),
  regionCode: Region.optional(),
  address: z.string().trim().min(5, '请填写详细地址').max(200, '地址不能超过 200 字').optional(),
});
export type ComplaintCreate = z.infer<typeof ComplaintCreate>;

export const ComplaintCreated = z.object({
  id: z.number(),
  trackingCode: z.string(),
  status: z.enum(STATUSES),
  ackDueAt: z.string(),
  outcomeDueAt: z.string(),
  regulatorName: z.string().nullable(),
  linkedToId: z.number().nullable(),
});

export const ComplaintListQuery = z.object({
  status: z.enum(STATUSES).optional(),
  category: z.enum(CATEGORIES).optional(),
  channel: z.enum(CHANNELS).optional(),
  /** open: no outcome yet. */
  open: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  overdue: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  /** Only those routed to the caller's own organisation. */
  mine: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  regionCode: z.string().regex(/^\d{2,6}$/).optional(),
  registrationCode: z.string().trim().max(40).optional(),
  trackingCode: z.string().trim().max(20).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type ComplaintListQuery = z.infer<typeof ComplaintListQuery>;

const OrgRef = z.object({ id: z.number(), name: z.string() }).nullable();

export const RewardOut = z.object({
  decision: z.enum(['granted', 'refused']),
  amount: z.number().nullable(),
  note: z.string().nullable(),
  approverName: z.string(),
  decidedAt: z.string(),
  paid: z.object({ amount: z.number(), paidOn: z.string(), method: z.enum(['bank', 'cash', 'other']), reference: z.string().nullable(), at: z.string() }).nullable(),
});

export const ComplaintOut = z.object({
  id: z.number(),
  trackingCode: z.string(),
  channel: z.enum(CHANNELS),
  category: z.enum(CATEGORIES),
  description: z.string(),
  status: z.enum(STATUSES),
  elevator: z.object({ registrationCode: z.string(), address: z.string() }).nullable(),
  codeGiven: z.string().nullable(),
  address: z.string().nullable(),
  regionCode: z.string(),
  regionName: z.string(),
  regulator: OrgRef,
  useUnit: OrgRef,
  maintenance: OrgRef,
  responsibleOrg: OrgRef,
  anonymous: z.boolean(),
  /** Shown to those who handle complaints (complaints.handle); masked for everyone else. */
  reporterName: z.string().nullable(),
  reporterContact: z.string().nullable(),
  receivedAt: z.string(),
  acknowledge: ClockOut,
  outcome: ClockOut.extend({ extended: z.boolean() }),
  overdue: z.boolean(),
  result: z.enum(['confirmed', 'unfounded']).nullable(),
  resultText: z.string().nullable(),
  closedAt: z.string().nullable(),
  linkedToId: z.number().nullable(),
  /** Reports linked to this one (it is the first of a chain), or to the same first report. */
  repeats: z.number(),
  hazardId: z.number().nullable(),
  reward: RewardOut.nullable(),
  version: z.number(),
});
export type ComplaintOut = z.infer<typeof ComplaintOut>;
export const ComplaintListOut = z.object({ items: z.array(ComplaintOut), total: z.number() });

export const EventOut = z.object({ id: z.number(), at: z.string(), action: z.string(), actorName: z.string(), note: z.string().nullable(), data: z.unknown() });
export const EvidenceOut = z.object({ id: z.number(), sha256: z.string(), fileName: z.string(), contentType: z.string(), bytes: z.number(), note: z.string().nullable(), uploadedAt: z.string() });
export const ComplaintDetailOut = ComplaintOut.extend({
  events: z.array(EventOut),
  evidence: z.array(EvidenceOut),
  linked: z.array(z.object({ id: z.number(), trackingCode: z.string(), status: z.enum(STATUSES), receivedAt: z.string() })),
  /** What the caller may do now (the server checks again). */
  actions: z.array(z.enum(ACTIONS)),
  rewardActions: z.array(z.enum(['grant', 'refuse', 'pay'])),
});
export type ComplaintDetailOut = z.infer<typeof ComplaintDetailOut>;

export const ComplaintActionInput = z.object({
  action: z.enum(ACTIONS),
  /** Internal note for the timeline. */
  note: z.string().trim().min(1, '请填写办理意见').max(2000, '办理意见不能超过 2000 字'),
  /** confirm / dismiss: the answer the reporter reads on the tracking page. */
  resultText: z.string().trim().min(1).max(1000, '答复不能超过 1000 字').optional(),
  /** transfer: the county (or city) the complaint belongs to. */
  regionCode: Region.optional(),
  /** confirm: the organisation found responsible, when not the default (use unit / maintenance company). */
  responsibleOrgId: z.number().int().positive().optional(),
  /** confirm: raise a hazard (隐患) on the elevator through the hazards module. */
  hazard: z
    .object({
      item: z.string().trim().min(1).max(100),
      severity: z.enum(['serious', 'general']),
      remedy: z.enum(['repair', 'major_repair', 'modernise', 'replace']).default('repair'),
      deadline: Day.optional(),
    })
    .optional(),
  /** Optimistic check: the version the caller saw. */
  version: z.number().int().positive().optional(),
});
export type ComplaintActionInput = z.infer<typeof ComplaintActionInput>;

export const RewardInput = z.object({
  action: z.enum(['grant', 'refuse', 'pay']),
  /** grant: the amount decided (yuan); pay: the amount paid. */
  amount: z.number().nonnegative().max(1_000_000, '奖励金额不能超过 100 万元').optional(),
  note: z.string().trim().max(1000).optional(),
  /** pay */
  paidOn: Day.optional(),
  method: z.enum(['bank', 'cash', 'other']).optional(),
  reference: z.string().trim().max(100).optional(),
});
export type RewardInput = z.infer<typeof RewardInput>;

export const SummaryOut = z.object({
  total: z.number(),
  open: z.number(),
  overdue: z.number(),
  confirmed: z.number(),
  unfounded: z.number(),
  byCategory: z.array(z.object({ category: z.enum(CATEGORIES), total: z.number(), open: z.number() })),
});

export const RulesOut = z.object({ regionCode: z.string(), rules: z.object({ ackHours: z.number(), outcomeDays: z.number(), extensionDays: z.number(), repeatDays: z.number() }) });
export const RuleInput = z.object({
  regionPrefix: z.string().regex(/^(|\d{2}|\d{4}|\d{6})$/, '区划前缀应为空（全省默认）或 2、4、6 位数字'),
  key: z.enum(['ackHours', 'outcomeDays', 'extensionDays', 'repeatDays']),
  value: z.number().int().min(1).max(365),
});
