import type { AppContext } from '../../server/context.ts';
import { shanghaiDate, shanghaiDayStart } from '../../server/clock.ts';
import { AppError } from '../../server/http/errors.ts';
import { can, type Principal } from '../auth/principal.ts';
import type { Permission } from '../auth/roles.ts';
import { incidentScope } from '../emergency/incident.scope.ts';
import { facets } from '../elevators/elevators.service.ts';
import { map as iotMap } from '../iot/live.service.ts';
import * as repo from './cockpit.repo.ts';
import type { MapMetric, MapOut } from './cockpit.schema.ts';
import { checkRegion, monthStart } from './cockpit.service.ts';

/** What a metric needs the caller to hold, beyond cockpit.read: the permission of the list it links to. */
export const METRIC_PERMISSION: Record<MapMetric, Permission> = {
  elevators: 'registry.stats',
  inspectionOverdue: 'inspection.read',
  activeAlarms: 'iot.read',
  openHazards: 'hazards.read',
  riskGrade4: 'risk.read',
  incidentsThisMonth: 'emergency.read',
};

/**
 * One metric per city of the province, or per county of one city (the city asked for, or the caller's own when its
 * scope is a city or county). Every child region is listed, zero included, so the map colours the whole area.
 */
export async function regionMap(ctx: AppContext, p: Principal, metric: MapMetric, regionCode?: string): Promise<MapOut> {
  if (!can(p, METRIC_PERMISSION[metric])) throw new AppError('FORBIDDEN');
  const { scope, prefix } = checkRegion(ctx, p, regionCode);
  const county = prefix.length > 2;
  const cityCode = county ? `${prefix.slice(0, 4)}00` : null;
  const childLen = county ? 6 : 4;
  // A county asked for: its city's counties are drawn, only the county itself carries figures.
  const base = county ? ctx.regions.children(cityCode!).filter((r) => r.level === 3) : ctx.regions.all().filter((r) => r.level === 2);
  const values = await load(ctx, p, metric, { scope, prefix, childLen, cityCode });
  const full = (key: string) => (key.length === 4 ? `${key}00` : key);
  const byCode = new Map<string, number>();
  for (const v of values) if (full(v.key).startsWith(prefix)) byCode.set(full(v.key), v.n);
  const items = base.map((r) => ({ regionCode: r.code, name: r.name, value: byCode.get(r.code) ?? 0 }));
  // Codes outside the reference list (development zones) still show their figures.
  for (const [code, n] of byCode) if (!items.some((i) => i.regionCode === code)) items.push({ regionCode: code, name: ctx.regions.get(code)?.name ?? code, value: n });
  return { metric, level: county ? 'county' : 'city', cityCode, items: items.sort((a, b) => a.regionCode.localeCompare(b.regionCode)) };
}

type Load = { scope: ReturnType<typeof checkRegion>['scope']; prefix: string; childLen: number; cityCode: string | null };

async function load(ctx: AppContext, p: Principal, metric: MapMetric, o: Load): Promise<repo.RegionCount[]> {
  const { db } = ctx.store;
  const today = shanghaiDate(ctx.clock.now());
  switch (metric) {
    case 'elevators': {
      const f = await facets(ctx, p, { regionCode: o.prefix.length === 6 ? o.prefix : o.prefix.length === 4 ? `${o.prefix}00` : undefined });
      const rows = o.childLen === 4 ? f.byCity : f.byCounty;
      return rows.map((b) => ({ key: b.key, n: b.count }));
    }
    case 'inspectionOverdue':
      return repo.inspectionOverdueBy(db, o.scope, o.prefix, o.childLen, today);
    case 'activeAlarms': {
      const m = await iotMap(ctx, p, o.cityCode ? { level: 'county', city: o.cityCode } : { level: 'city' });
      return m.items.map((i) => ({ key: i.regionCode, n: i.activeAlarms }));
    }
    case 'openHazards':
      return repo.openHazardsBy(db, o.scope, o.prefix, o.childLen);
    case 'riskGrade4':
      return repo.riskGradeBy(db, o.scope, o.prefix, o.childLen, 4);
    case 'incidentsThisMonth':
      return repo.incidentsSinceBy(db, incidentScope(ctx, p), o.prefix, o.childLen, shanghaiDayStart(monthStart(ctx)));
  }
}
