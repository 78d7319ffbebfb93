import type { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import { shanghaiDate } from '../../server/clock.ts';
import { AppError } from '../../server/http/errors.ts';
import type { Principal, Scope } from '../auth/principal.ts';
import { progress as addonProgress } from '../addon/addon-progress.service.ts';
import { list as listIncidents } from '../emergency/incidents.service.ts';
import { facets, scopeOf } from '../elevators/elevators.service.ts';
import { summary as hazardSummary } from '../hazards/hazards.service.ts';
import { overdue as inspectionOverdue } from '../inspection/supervision.service.ts';
import { coverage as insuranceCoverage } from '../insurance/coverage.service.ts';
import { map as iotMap } from '../iot/live.service.ts';
import { flags as maintenanceFlags, overdue as maintenanceOverdue } from '../maintenance/records.service.ts';
import { progress as renovationProgress } from '../renovation/renovation-progress.service.ts';
import { oldSummary, ranking } from '../risk/risk.service.ts';
import { summary as complaintSummary } from '../complaints/complaints.service.ts';
import { list as creditList } from '../credit/credit.service.ts';
import * as repo from './cockpit.repo.ts';
import type { AddonPanel, AlarmsPanel, ComplaintsPanel, CreditPanel, HazardsPanel, IncidentsPanel, InspectionPanel, InsurancePanel, MaintenancePanel, OldElevatorsPanel, RegistryPanel, RenovationPanel } from './cockpit.schema.ts';

/**
 * The figures behind each cockpit panel. Every number is read through the owning module's own service (or, for the
 * inspection schedule, the same conditions as its overdue list), so a number and the list it links to always agree,
 * and the caller's scope applies exactly as it does on that list.
 */

/** The region asked for, checked against the caller's scope: unknown → 404, outside a regional scope → 403. */
export function checkRegion(ctx: AppContext, p: Principal, regionCode?: string): { scope: Scope; prefix: string } {
  const scope = scopeOf(ctx, p);
  const own = scope.kind === 'region' ? scope.prefix : '';
  if (!regionCode) return { scope, prefix: own };
  if (!ctx.regions.get(regionCode)) throw new AppError('REGION_NOT_FOUND', { fields: [{ field: 'regionCode', message: '未知的行政区划代码' }] });
  const prefix = ctx.regions.prefix(regionCode);
  if (!prefix.startsWith(own)) throw new AppError('REGION_OUT_OF_SCOPE');
  return { scope, prefix };
}

const rate = (part: number, whole: number) => (whole ? Math.round((part / whole) * 10_000) / 10_000 : null);
const ONE = { page: 1, pageSize: 1 } as const;

export async function registry(ctx: AppContext, p: Principal, regionCode?: string): Promise<z.infer<typeof RegistryPanel>> {
  checkRegion(ctx, p, regionCode);
  const f = await facets(ctx, p, { regionCode });
  const status = (key: string) => f.byStatus.find((b) => b.key === key)?.count ?? 0;
  return { total: f.total, inUse: status('IN_USE'), stopped: status('STOPPED'), unregistered: status('UNREGISTERED'), byPlaceType: f.byPlaceType };
}

export async function inspection(ctx: AppContext, p: Principal, regionCode?: string): Promise<z.infer<typeof InspectionPanel>> {
  const { scope, prefix } = checkRegion(ctx, p, regionCode);
  const today = shanghaiDate(ctx.clock.now());
  const [counts, list] = await Promise.all([repo.inspectionDue(ctx.store.db, scope, prefix, today), inspectionOverdue(ctx, p, { regionCode, ...ONE })]);
  return { scheduled: counts.scheduled, overdue: list.total, dueIn30Days: counts.dueIn30Days, coverageRate: rate(counts.scheduled - list.total, counts.scheduled) };
}

export async function maintenance(ctx: AppContext, p: Principal, regionCode?: string): Promise<z.infer<typeof MaintenancePanel>> {
  checkRegion(ctx, p, regionCode);
  const [overdue, flags] = await Promise.all([maintenanceOverdue(ctx, p, { regionCode, ...ONE }), maintenanceFlags(ctx, p, { status: 'open', regionCode, ...ONE })]);
  return { overdue: overdue.total, openFlags: flags.total };
}

/** Live monitoring from the IoT map's figures (which take a city), summed over the region asked for. */
export async function alarms(ctx: AppContext, p: Principal, regionCode?: string): Promise<z.infer<typeof AlarmsPanel>> {
  const { prefix } = checkRegion(ctx, p, regionCode);
  const m = await iotMap(ctx, p, prefix.length <= 2 ? { level: 'city' } : { level: 'county', city: `${prefix.slice(0, 4)}00` });
  const inside = m.items.filter((i) => i.regionCode.startsWith(prefix));
  const sum = (k: 'monitored' | 'online' | 'activeAlarms' | 'faultsToday') => inside.reduce((s, i) => s + i[k], 0);
  return { monitored: sum('monitored'), online: sum('online'), onlineRate: rate(sum('online'), sum('monitored')), activeAlarms: sum('activeAlarms'), faultsToday: sum('faultsToday') };
}

/** The first day of the current month, Asia/Shanghai (YYYY-MM-DD). */
export function monthStart(ctx: AppContext): string {
  return `${shanghaiDate(ctx.clock.now()).slice(0, 7)}-01`;
}

export async function incidents(ctx: AppContext, p: Principal, regionCode?: string): Promise<z.infer<typeof IncidentsPanel>> {
  checkRegion(ctx, p, regionCode);
  const from = monthStart(ctx);
  const [open, month, trapped] = await Promise.all([
    listIncidents(ctx, p, { status: 'open', regionCode, ...ONE }),
    listIncidents(ctx, p, { from, regionCode, ...ONE }),
    listIncidents(ctx, p, { from, type: 'trapped', regionCode, ...ONE }),
  ]);
  return { open: open.total, thisMonth: month.total, trappedThisMonth: trapped.total, monthStart: from };
}

export async function oldElevators(ctx: AppContext, p: Principal, regionCode?: string): Promise<z.infer<typeof OldElevatorsPanel>> {
  checkRegion(ctx, p, regionCode);
  const [old, grades] = await Promise.all([oldSummary(ctx, p, regionCode), ranking(ctx, p, { regionCode, ...ONE })]);
  const grade = (g: number) => grades.grades.find((x) => x.grade === g)?.count ?? 0;
  return { stock: old.totals.inUse, tier15: old.totals.tier15, tier20: old.totals.tier20, overspeed: old.totals.overspeed, riskGrade3: grade(3), riskGrade4: grade(4) };
}

export async function renovation(ctx: AppContext, p: Principal, regionCode?: string): Promise<z.infer<typeof RenovationPanel>> {
  checkRegion(ctx, p, regionCode);
  const { totals: t } = await renovationProgress(ctx, p, regionCode);
  return {
    projects: t.projects,
    elevators: t.elevators,
    inConstruction: t.byStatus.in_construction,
    completed: t.byStatus.accepted + t.byStatus.registered + t.byStatus.closed,
    subsidyRequested: t.subsidyRequested,
    subsidyApproved: t.subsidyApproved,
    subsidyDisbursed: t.subsidyDisbursed,
  };
}

export async function addon(ctx: AppContext, p: Principal, regionCode?: string): Promise<z.infer<typeof AddonPanel>> {
  checkRegion(ctx, p, regionCode);
  const { rows } = await addonProgress(ctx, p, regionCode);
  const sum = (f: (r: (typeof rows)[number]) => number) => rows.reduce((s, r) => s + f(r), 0);
  const st = (r: (typeof rows)[number], k: string) => r.byStatus[k] ?? 0;
  return {
    projects: sum((r) => r.total - st(r, 'cancelled')),
    inService: sum((r) => st(r, 'in_service')),
    underway: sum((r) => st(r, 'approved') + st(r, 'construction')),
    overdueRegistrations: sum((r) => r.overdue),
  };
}

export async function insurance(ctx: AppContext, p: Principal, regionCode?: string): Promise<z.infer<typeof InsurancePanel>> {
  checkRegion(ctx, p, regionCode);
  const { summary: s } = await insuranceCoverage(ctx, p, regionCode);
  return { inUse: s.inUse, insured: s.insured, rate: s.rate, lapsed: s.lapsed };
}

export async function hazards(ctx: AppContext, p: Principal, regionCode?: string): Promise<z.infer<typeof HazardsPanel>> {
  checkRegion(ctx, p, regionCode);
  const s = await hazardSummary(ctx, p, regionCode);
  const sum = (k: 'open' | 'overdue' | 'closed') => s.bySource.reduce((a, r) => a + r[k], 0);
  return { open: sum('open'), overdue: sum('overdue'), closed: sum('closed') };
}

export async function complaints(ctx: AppContext, p: Principal, regionCode?: string): Promise<z.infer<typeof ComplaintsPanel>> {
  checkRegion(ctx, p, regionCode);
  const s = await complaintSummary(ctx, p, regionCode);
  return { open: s.open, overdue: s.overdue, confirmed: s.confirmed, total: s.total };
}

export async function credit(ctx: AppContext, p: Principal, regionCode?: string): Promise<z.infer<typeof CreditPanel>> {
  checkRegion(ctx, p, regionCode);
  const { byGrade } = await creditList(ctx, p, { regionCode, page: 1, pageSize: 1 });
  return byGrade;
}
