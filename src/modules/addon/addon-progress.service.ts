import type { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import { shanghaiDate } from '../../server/clock.ts';
import { AppError } from '../../server/http/errors.ts';
import type { Principal } from '../auth/principal.ts';
import { ADDON_STATUSES } from './addon.domain.ts';
import * as repo from './addon.repo.ts';
import type { ProgressOut } from './addon.schema.ts';
import { projectScope } from './addon.service.ts';

/** Projects by child region (cities of the province, counties of a city) and status, with overdue registrations. */
export async function progress(ctx: AppContext, p: Principal, regionCode?: string): Promise<z.infer<typeof ProgressOut>> {
  const scope = projectScope(ctx, p);
  let prefix = scope.kind === 'region' ? scope.prefix : '';
  if (regionCode) {
    if (!ctx.regions.get(regionCode)) throw new AppError('REGION_NOT_FOUND', { fields: [{ field: 'regionCode', message: '未知的行政区划代码' }] });
    const wanted = ctx.regions.prefix(regionCode);
    if (scope.kind === 'region' && !wanted.startsWith(scope.prefix)) throw new AppError('REGION_OUT_OF_SCOPE');
    prefix = wanted;
  }
  const childLen = prefix.length <= 2 ? 4 : 6;
  const rows = await repo.progress(ctx.store.db, scope, prefix, childLen, shanghaiDate(ctx.clock.now()));
  const full = (c: string) => (c.length === 4 ? `${c}00` : c.length === 2 ? `${c}0000` : c);
  const byRegion = new Map<string, { total: number; byStatus: Record<string, number>; overdue: number }>();
  for (const r of rows) {
    const g = byRegion.get(r.code) ?? { total: 0, byStatus: {}, overdue: 0 };
    g.total += r.n;
    g.byStatus[r.status] = r.n;
    g.overdue += r.overdue;
    byRegion.set(r.code, g);
  }
  return {
    regionCode: full(prefix || '37'),
    statuses: [...ADDON_STATUSES],
    rows: [...byRegion].map(([code, g]) => ({ regionCode: full(code), name: ctx.regions.get(full(code))?.name ?? code, ...g })),
  };
}
