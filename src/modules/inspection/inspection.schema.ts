import { z } from 'zod';
import { HAZARD_STATUSES } from '../hazards/hazards.domain.ts';
import { HazardListOut, HazardOut } from '../hazards/hazards.schema.ts';
import { CONCLUSIONS, DEFECT_SEVERITIES, FLAG_CODES, REPORT_TYPES, SUPERVISORY_KINDS } from './inspection.domain.ts';

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const Cert = z.string().trim().min(3, '证书编号过短').max(40);
const Person = z.object({ name: z.string().trim().min(1).max(40), certificateNo: Cert });

/** POST /api/inspection/reports (fixed interface). */
export const ReportInput = z.object({
  registrationCode: z.string().regex(/^\d{20}$/, '注册代码应为20位数字'),
  reportNo: z.string().trim().min(3).max(60),
  agencyCreditCode: z.string().trim().length(18, '统一社会信用代码应为18位'),
  type: z.enum(REPORT_TYPES),
  supervisoryKind: z.enum(SUPERVISORY_KINDS).optional(),
  date: Day,
  conclusion: z.enum(CONCLUSIONS),
  inspectors: z.array(Person).min(1, '至少一名现场检验人员').max(10),
  signer: Person,
  measurements: z.record(z.string().max(60), z.union([z.number(), z.string().max(200), z.boolean(), z.null()])).default({}),
  defects: z
    .array(z.object({ item: z.string().trim().min(1).max(100), description: z.string().trim().min(1).max(1000), severity: z.enum(DEFECT_SEVERITIES) }))
    .max(200)
    .default([]),
});
export type ReportInput = z.infer<typeof ReportInput>;

export const FlagOut = z.object({ code: z.enum(FLAG_CODES), message: z.string() });

export const InspectionBlock = z.object({
  nextDueDate: z.string().nullable(),
  nextType: z.enum(['periodic', 'self_test']).nullable(),
  overdueDays: z.number(),
  reason: z.string(),
  lastReport: z.object({ id: z.number(), reportNo: z.string(), type: z.string(), date: z.string(), conclusion: z.string(), agency: z.string() }).nullable(),
});

export const ReportOut = z.object({
  id: z.number(),
  registrationCode: z.string(),
  address: z.string(),
  regionCode: z.string(),
  reportNo: z.string(),
  agency: z.object({ id: z.number(), name: z.string() }),
  type: z.enum(REPORT_TYPES),
  supervisoryKind: z.enum(SUPERVISORY_KINDS).nullable(),
  date: z.string(),
  conclusion: z.enum(CONCLUSIONS),
  inspectors: z.array(Person),
  signer: Person,
  measurements: z.record(z.string(), z.unknown()),
  pdf: z.object({ sha256: z.string(), bytes: z.number() }).nullable(),
  flags: z.array(FlagOut.extend({ id: z.number(), status: z.enum(['open', 'upheld', 'dismissed']), evidence: z.unknown(), outcome: z.string().nullable() })),
  defects: z.array(z.object({ id: z.number(), item: z.string(), description: z.string(), severity: z.enum(DEFECT_SEVERITIES), status: z.enum(HAZARD_STATUSES), deadline: z.string() })),
  createdAt: z.string(),
});
export type ReportOut = z.infer<typeof ReportOut>;

export const ReportCreatedOut = ReportOut.extend({ inspection: InspectionBlock });

export const ReportListQuery = z.object({
  registrationCode: z.string().trim().max(40).optional(),
  regionCode: z.string().regex(/^\d{2,6}$/).optional(),
  conclusion: z.enum(CONCLUSIONS).optional(),
  flagged: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  from: Day.optional(),
  to: Day.optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export const ReportListOut = z.object({
  items: z.array(ReportOut.pick({ id: true, registrationCode: true, address: true, reportNo: true, agency: true, type: true, date: true, conclusion: true }).extend({ flagCount: z.number(), defectCount: z.number() })),
  total: z.number(),
});

export const OverdueQuery = z.object({
  regionCode: z.string().regex(/^\d{2,6}$/).optional(),
  type: z.enum(['periodic', 'self_test']).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
export const OverdueOut = z.object({
  items: z.array(z.object({ registrationCode: z.string(), address: z.string(), regionCode: z.string(), nextDueDate: z.string(), nextType: z.string().nullable(), overdueDays: z.number(), useUnit: z.string().nullable() })),
  total: z.number(),
});

export const InspectorInput = z.object({
  name: z.string().trim().min(1).max(40),
  certificateNo: Cert,
  qualification: z.string().trim().min(2).max(40).default('电梯检验员'),
  validFrom: Day.optional(),
  validTo: Day.optional(),
  employedFrom: Day,
  employedTo: Day.optional(),
  /** Admins and regulators register for an agency; an agency for itself. */
  agencyOrgId: z.number().int().positive().optional(),
});
export const InspectorOut = z.object({
  id: z.number(),
  agency: z.object({ id: z.number(), name: z.string() }),
  name: z.string(),
  certificateNo: z.string(),
  qualification: z.string(),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
  employedFrom: z.string(),
  employedTo: z.string().nullable(),
});

export const DefectListQuery = z.object({
  status: z.enum(HAZARD_STATUSES).optional(),
  overdue: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  registrationCode: z.string().trim().max(40).optional(),
  regionCode: z.string().regex(/^\d{2,6}$/).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
/** A defect is a hazard of source `inspection` (src/modules/hazards). */
export const DefectOut = HazardOut;
export const DefectListOut = HazardListOut;
export const DefectAction = z.object({
  action: z.enum(['fix', 'verify', 'reopen', 'close']),
  note: z.string().trim().min(1).max(1000),
  fileSha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
});

export const FlagListQuery = z.object({
  status: z.enum(['open', 'upheld', 'dismissed']).optional(),
  code: z.enum(FLAG_CODES).optional(),
  regionCode: z.string().regex(/^\d{2,6}$/).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export const FlagListOut = z.object({
  items: z.array(z.object({ id: z.number(), reportId: z.number(), reportNo: z.string(), agency: z.string(), registrationCode: z.string(), code: z.enum(FLAG_CODES), message: z.string(), evidence: z.unknown(), status: z.enum(['open', 'upheld', 'dismissed']), outcome: z.string().nullable(), createdAt: z.string() })),
  total: z.number(),
});
export const FlagReview = z.object({ status: z.enum(['upheld', 'dismissed']), outcome: z.string().trim().min(1).max(1000) });

export const PlanInput = z.object({
  registrationCode: z.string().regex(/^\d{20}$/, '注册代码应为20位数字'),
  plannedDate: Day,
  type: z.enum(['periodic', 'self_test', 'acceptance', 'reinspection']),
  inspectors: z.array(Person).max(10).default([]),
  /** A use unit names the agency it applies to. */
  agencyOrgId: z.number().int().positive().optional(),
});
export const PlanOut = z.object({
  id: z.number(),
  kind: z.enum(['agency_plan', 'application']),
  registrationCode: z.string(),
  address: z.string(),
  org: z.string(),
  agency: z.string().nullable(),
  plannedDate: z.string(),
  type: z.string(),
  inspectors: z.array(Person),
  status: z.enum(['submitted', 'done', 'cancelled']),
  reportId: z.number().nullable(),
});
export const PlanListQuery = z.object({
  regionCode: z.string().regex(/^\d{2,6}$/).optional(),
  from: Day.optional(),
  to: Day.optional(),
  status: z.enum(['submitted', 'done', 'cancelled']).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const PostponementInput = z.object({
  regionCode: z.string().regex(/^\d{6}$/),
  from: Day,
  to: Day,
  days: z.number().int().min(1).max(730),
  reason: z.string().trim().min(2).max(500),
});
