import { z } from 'zod';
import { ORG_TYPES } from '../auth/roles.ts';
import { usccProblem, USCC_PROBLEM_ZH } from './uscc.ts';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');

/** 统一社会信用代码, validated by its check character and upper-cased. */
export const CreditCode = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase())
  .superRefine((s, ctx) => {
    const p = usccProblem(s);
    if (p) ctx.addIssue({ code: 'custom', message: USCC_PROBLEM_ZH[p] });
  });

export const Licence = z.object({
  /** Licence kind, e.g. 电梯安装改造修理许可证, 特种设备检验机构核准证. */
  kind: z.string().trim().min(1).max(60),
  number: z.string().trim().min(1).max(60),
  scope: z.string().trim().max(200).nullish(),
  issuedOn: isoDate.nullish(),
  expiresOn: isoDate.nullish(),
});

export const OrgInput = z.object({
  creditCode: CreditCode.nullish(),
  name: z.string().trim().min(2).max(100),
  type: z.enum(ORG_TYPES),
  regionCode: z.string().regex(/^\d{6}$/),
  address: z.string().trim().max(200).nullish(),
  contactName: z.string().trim().max(50).nullish(),
  contactPhone: z.string().trim().max(30).nullish(),
  hotline: z.string().trim().max(30).nullish(),
  /** Where a rescue station or fire service is (WGS-84), for nearest-station dispatch. */
  longitude: z.number().min(73).max(136).nullish(),
  latitude: z.number().min(3).max(54).nullish(),
  active: z.boolean().optional(),
  licences: z.array(Licence).max(20).optional(),
});
export type OrgInput = z.infer<typeof OrgInput>;

export const OrgOut = z.object({
  id: z.number(),
  creditCode: z.string().nullable(),
  name: z.string(),
  type: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  address: z.string().nullable(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  hotline: z.string().nullable(),
  longitude: z.number().nullable(),
  latitude: z.number().nullable(),
  active: z.boolean(),
  licences: z.array(
    z.object({
      kind: z.string(),
      number: z.string(),
      scope: z.string().nullable(),
      issuedOn: z.string().nullable(),
      expiresOn: z.string().nullable(),
      expired: z.boolean(),
    }),
  ),
});
export type OrgOut = z.infer<typeof OrgOut>;

export const OrgListQuery = z.object({
  type: z.enum(ORG_TYPES).optional(),
  regionCode: z.string().regex(/^\d{6}$/).optional(),
  q: z.string().trim().max(100).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
