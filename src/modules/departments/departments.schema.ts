import { z } from 'zod';
import { SUBSIDY_STATUSES as ADDON_SUBSIDY_STATUSES } from '../addon/addon.schema.ts';
import { SUBSIDY_STATUSES } from '../renovation/renovation.domain.ts';

/** Funding sources of a renovation plan (住宅专项维修资金, 财政补贴, 公共收益, 保险, 业主自筹). */
export const FUNDING_SOURCES = ['maintenance_fund', 'subsidy', 'public_income', 'insurance', 'owners'] as const;

const Money = z.number().describe('yuan, two decimals');

export const FundingOut = z.object({
  regionCode: z.string().nullable(),
  renovation: z.object({
    /** Planned amounts per source over the projects in scope (cancelled ones left out). */
    bySource: z.array(z.object({ source: z.enum(FUNDING_SOURCES), projects: z.number(), amount: Money })),
    /** Projects by the state of their subsidy application. */
    bySubsidyStatus: z.array(z.object({ status: z.enum(SUBSIDY_STATUSES), projects: z.number() })),
    subsidyRequested: Money,
    subsidyApproved: Money,
    subsidyDisbursed: Money,
  }),
  /** Added elevators by subsidy state, with the amounts decided (null without addon.read). */
  addon: z
    .object({ bySubsidyStatus: z.array(z.object({ status: z.enum(ADDON_SUBSIDY_STATUSES), projects: z.number(), amount: Money })) })
    .nullable(),
});
export type FundingOut = z.infer<typeof FundingOut>;
