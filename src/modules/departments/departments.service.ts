import type { AppContext } from '../../server/context.ts';
import { can, type Principal } from '../auth/principal.ts';
import { SUBSIDY_STATUSES as ADDON_SUBSIDY_STATUSES } from '../addon/addon.schema.ts';
import { projectScope } from '../addon/addon.service.ts';
import { checkRegion } from '../cockpit/cockpit.service.ts';
import { progress as renovationProgress } from '../renovation/renovation-progress.service.ts';
import { SUBSIDY_STATUSES } from '../renovation/renovation.domain.ts';
import { visibleSql } from '../renovation/renovation.service.ts';
import * as repo from './departments.repo.ts';
import { FUNDING_SOURCES, type FundingOut } from './departments.schema.ts';

const cents = (n: number) => Math.round(n * 100) / 100;

/**
 * Where renovation and added-elevator money comes from and how far subsidies got: the housing department reads the
 * maintenance-fund share, the finance department the subsidies applied, approved and disbursed. Scoped as the
 * renovation and addon modules scope their own lists.
 */
export async function funding(ctx: AppContext, p: Principal, regionCode?: string): Promise<FundingOut> {
  const { prefix } = checkRegion(ctx, p, regionCode);
  const { db } = ctx.store;
  const visible = visibleSql(ctx, p);
  const [sources, states, progress, addon] = await Promise.all([
    repo.renovationFunding(db, visible, prefix),
    repo.renovationSubsidyStates(db, visible, prefix),
    renovationProgress(ctx, p, regionCode),
    can(p, 'addon.read') ? repo.addonSubsidyStates(db, projectScope(ctx, p), prefix) : Promise.resolve(null),
  ]);
  return {
    regionCode: regionCode ?? null,
    renovation: {
      bySource: FUNDING_SOURCES.map((source) => {
        const r = sources.find((x) => x.source === source);
        return { source, projects: r?.projects ?? 0, amount: cents(r?.amount ?? 0) };
      }),
      bySubsidyStatus: SUBSIDY_STATUSES.map((status) => ({ status, projects: states.find((x) => x.status === status)?.projects ?? 0 })),
      subsidyRequested: progress.totals.subsidyRequested,
      subsidyApproved: progress.totals.subsidyApproved,
      subsidyDisbursed: progress.totals.subsidyDisbursed,
    },
    addon: addon && {
      bySubsidyStatus: ADDON_SUBSIDY_STATUSES.map((status) => {
        const r = addon.find((x) => x.status === status);
        return { status, projects: r?.projects ?? 0, amount: cents(r?.amount ?? 0) };
      }),
    },
  };
}
