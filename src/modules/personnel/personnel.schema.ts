import { z } from 'zod';
import { idNumberProblem } from './personnel.domain.ts';

const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), '不是有效日期');
const Page = { page: z.coerce.number().int().min(1).max(10_000).default(1), pageSize: z.coerce.number().int().min(1).max(200).default(20) };

export const CERTIFICATE_KINDS = ['A', 'T', 'inspector'] as const;
export const ROLES = ['safety_manager', 'maintenance_worker', 'inspector', 'other'] as const;
export const DETECTION_KINDS = ['multi_employer', 'never_seen', 'manager_overload', 'expired_in_use'] as const;

/** 居民身份证号码: validated with its check character; only its keyed hash and a masked form are kept. */
export const IdNumber = z.string().trim().superRefine((v, ctx) => {
  const problem = idNumberProblem(v);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
const Phone = z.string().trim().regex(/^[\d\s-]{5,20}$/, '电话号码格式不正确');
const Name = z.string().trim().min(1, '请填写姓名').max(40);

export const EmploymentInput = z.object({
  role: z.enum(ROLES),
  employedFrom: Day,
  employedTo: Day.optional(),
  /** Admins act for an organisation; an organisation for itself. */
  orgId: z.number().int().positive().optional(),
});
export const EmploymentUpdate = z.object({ role: z.enum(ROLES).optional(), employedFrom: Day.optional(), employedTo: Day.nullable().optional() });

export const PersonInput = z.object({
  name: Name,
  idNumber: IdNumber,
  phone: Phone.optional(),
  /** The employment at the caller's organisation the person is registered with. */
  employment: EmploymentInput,
});
export const PersonUpdate = z.object({ name: Name.optional(), idNumber: IdNumber.optional(), phone: Phone.nullable().optional() });

export const CertificateInput = z.object({
  kind: z.enum(CERTIFICATE_KINDS),
  number: z.string().trim().min(3, '请填写证书编号').max(40),
  qualification: z.string().trim().max(40).optional(),
  authority: z.string().trim().max(100).optional(),
  issuedOn: Day.optional(),
  /** The review (复审) or expiry date. */
  expiresOn: Day.optional(),
});

const OrgRef = z.object({ id: z.number(), name: z.string() });
export const CertificateOut = z.object({
  id: z.number(),
  kind: z.enum(CERTIFICATE_KINDS),
  number: z.string(),
  qualification: z.string().nullable(),
  authority: z.string().nullable(),
  issuedOn: z.string().nullable(),
  expiresOn: z.string().nullable(),
  /** expired: past its date; expiring: within 90 days. */
  state: z.enum(['valid', 'expiring', 'expired', 'unknown']),
  source: z.enum(['manual', 'maintenance_worker', 'inspector']),
});
export const EmploymentOut = z.object({
  id: z.number(),
  org: OrgRef,
  role: z.enum(ROLES),
  certificateNo: z.string().nullable(),
  employedFrom: z.string(),
  employedTo: z.string().nullable(),
  source: z.enum(['personnel', 'maintenance_worker', 'inspector']),
});
/** What may leave about a person: never the ID number or the full phone number. */
export const PersonSummary = z.object({
  id: z.number(),
  name: z.string(),
  idMasked: z.string().nullable(),
  phoneMasked: z.string().nullable(),
  /** False for people mirrored from a registration whose ID number nobody has entered yet. */
  verified: z.boolean(),
  certificates: z.array(CertificateOut),
  orgs: z.array(OrgRef),
});
export const PersonOut = PersonSummary.extend({
  employments: z.array(EmploymentOut),
  safetyManagerOf: z.object({ total: z.number(), elevators: z.array(z.object({ registrationCode: z.string(), address: z.string(), since: z.string() })) }),
});
export const PersonQuery = z.object({
  q: z.string().trim().max(40).optional(),
  certificateNo: z.string().trim().max(40).optional(),
  kind: z.enum(CERTIFICATE_KINDS).optional(),
  certificateState: z.enum(['expired', 'expiring']).optional(),
  orgId: z.coerce.number().int().positive().optional(),
  ...Page,
});

export const AssignInput = z.object({
  personId: z.number().int().positive(),
  registrationCodes: z.array(z.string().regex(/^\d{20}$/, '注册代码应为20位数字')).min(1).max(500),
  from: Day.optional(),
});
export const ManagerLoadOut = z.object({
  person: z.object({ id: z.number(), name: z.string() }),
  useUnits: z.array(OrgRef),
  elevators: z.number(),
  cap: z.number(),
  over: z.boolean(),
});

export const DetectionOut = z.object({
  id: z.number(),
  kind: z.enum(DETECTION_KINDS),
  subjectName: z.string(),
  personId: z.number().nullable(),
  certificateNo: z.string().nullable(),
  summary: z.string(),
  /** Records, dates and organisations the finding rests on (shape per kind, see detections.ts). */
  evidence: z.record(z.string(), z.unknown()),
  active: z.boolean(),
  status: z.enum(['open', 'confirmed', 'dismissed']),
  note: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
});
export const DetectionQuery = z.object({
  kind: z.enum(DETECTION_KINDS).optional(),
  status: z.enum(['open', 'confirmed', 'dismissed']).optional(),
  includeInactive: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  ...Page,
});
export const ReviewInput = z.object({ status: z.enum(['confirmed', 'dismissed']), note: z.string().trim().min(1, '请填写核查意见').max(1000) });
export const RunOut = z.object({ found: z.record(z.string(), z.number()), deactivated: z.number() });
