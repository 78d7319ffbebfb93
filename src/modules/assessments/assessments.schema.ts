import { z } from 'zod';

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
export const ITEM_GROUPS = ['equipment', 'building', 'use_management', 'maintenance'] as const;
export const CONCLUSIONS = ['continue', 'repair', 'modernise', 'replace'] as const;

export const CommissionInput = z.object({
  registrationCode: z.string().trim().min(1).max(40),
  agencyOrgId: z.number().int().positive(),
  dueOn: Day,
});
export const SubmitInput = z.object({
  reportNo: z.string().trim().min(1).max(60),
  assessedOn: Day,
  items: z
    .array(z.object({ group: z.enum(ITEM_GROUPS), item: z.string().trim().min(1).max(200), finding: z.string().trim().min(1).max(1000), risk: z.number().int().min(1).max(10) }))
    .min(1)
    .max(300),
  grade: z.number().int().min(1).max(10),
  conclusion: z.enum(CONCLUSIONS),
  measures: z.string().trim().min(1).max(4000),
});
export const ListQuery = z.object({
  status: z.enum(['commissioned', 'submitted', 'cancelled']).optional(),
  regionCode: z.string().regex(/^\d{2,6}$/).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export const AssessmentOut = z.object({
  id: z.number(),
  registrationCode: z.string(),
  address: z.string(),
  regionCode: z.string(),
  commissionedBy: z.string(),
  agency: z.string(),
  status: z.enum(['commissioned', 'submitted', 'cancelled']),
  dueOn: z.string().nullable(),
  reportNo: z.string().nullable(),
  assessedOn: z.string().nullable(),
  items: z.array(z.object({ group: z.enum(ITEM_GROUPS), item: z.string(), finding: z.string(), risk: z.number() })).nullable(),
  grade: z.number().nullable(),
  gradeScale: z.number().nullable(),
  conclusion: z.enum(CONCLUSIONS).nullable(),
  measures: z.string().nullable(),
  hazardIds: z.array(z.number()),
  dataPack: z.unknown(),
});
export const AssessmentListOut = z.object({ items: z.array(AssessmentOut.omit({ dataPack: true, items: true })), total: z.number() });
