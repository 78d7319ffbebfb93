import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import { principalOf } from '../../server/http/auth-hook.ts';
import { typed } from '../../server/http/types.ts';
import type { Principal } from '../auth/principal.ts';
import type { Permission } from '../auth/roles.ts';
import { regionMap } from './cockpit-map.service.ts';
import { cached } from './panel-cache.ts';
import * as panels from './cockpit.service.ts';
import {
  AddonPanel,
  AlarmsPanel,
  ComplaintsPanel,
  CreditPanel,
  HazardsPanel,
  IncidentsPanel,
  InspectionPanel,
  InsurancePanel,
  MaintenancePanel,
  MapOut,
  MapQuery,
  OldElevatorsPanel,
  RegionQuery,
  RegistryPanel,
  RenovationPanel,
} from './cockpit.schema.ts';

const TAG = ['cockpit'];

interface PanelDef<S extends z.ZodTypeAny> {
  /** The URL segment: GET /api/cockpit/<key>. */
  key: string;
  /** The read permission of the module the figures come from (departments hold these too). */
  permission: Permission;
  summary: string;
  out: S;
  load: (ctx: AppContext, p: Principal, regionCode?: string) => Promise<z.infer<S>>;
  /**
   * How long the figures are shared per scope and region (see panel-cache.ts): PANEL_CACHE_MS unless a panel whose
   * module counts registry rows says longer.
   */
  cacheMs?: number;
}

const panel = <S extends z.ZodTypeAny>(d: PanelDef<S>) => d;

/**
 * Every panel and the map are shared for 30 s per scope and region: a cockpit is a page many regulators and
 * departments keep open, and each panel counts rows across the region (5–100 ms of store time each at province scale).
 * Computed per request, a few dozen open cockpits took more than the whole store (issue 9, `npm run soak`).
 */
export const PANEL_CACHE_MS = 30_000;

/**
 * The panels, one read each. A new panel is one entry here (its figures from the owning module's service) and one
 * component in src/web/pages/cockpit/panels.tsx.
 */
export const PANELS = [
  panel({ key: 'registry', permission: 'registry.stats', summary: 'Registered elevators: total, in use, stopped, unregistered, by place type', out: RegistryPanel, load: panels.registry }),
  panel({ key: 'inspection', permission: 'inspection.read', summary: 'Inspection schedule: scheduled, overdue, due within 30 days, coverage', out: InspectionPanel, load: panels.inspection }),
  panel({ key: 'maintenance', permission: 'maintenance.read', summary: 'Maintenance: overdue elevators and unreviewed record flags (shared for 60 s per scope)', out: MaintenancePanel, load: panels.maintenance, cacheMs: 60_000 }),
  panel({ key: 'alarms', permission: 'iot.read', summary: 'IoT monitoring: monitored, online rate, active alarms, faults today', out: AlarmsPanel, load: panels.alarms }),
  panel({ key: 'incidents', permission: 'emergency.read', summary: '96333: open incidents, incidents and entrapments this month', out: IncidentsPanel, load: panels.incidents }),
  panel({ key: 'old-elevators', permission: 'risk.read', summary: 'Old-elevator tiers and risk grades 3 and 4', out: OldElevatorsPanel, load: panels.oldElevators }),
  panel({ key: 'renovation', permission: 'renovation.read', summary: 'Renovation projects, elevators and subsidies', out: RenovationPanel, load: panels.renovation }),
  panel({ key: 'addon', permission: 'addon.read', summary: 'Added elevators: projects, underway, in service, overdue registrations', out: AddonPanel, load: panels.addon }),
  panel({ key: 'insurance', permission: 'insurance.read', summary: 'Insurance coverage of in-use elevators and lapsed policies (shared for 60 s per scope)', out: InsurancePanel, load: panels.insurance, cacheMs: 60_000 }),
  panel({ key: 'hazards', permission: 'hazards.read', summary: 'Hazards: open, overdue, closed', out: HazardsPanel, load: panels.hazards }),
  panel({ key: 'complaints', permission: 'complaints.read', summary: 'Complaints and reports: open, past a deadline, confirmed', out: ComplaintsPanel, load: panels.complaints }),
  panel({ key: 'credit', permission: 'credit.read', summary: 'Credit files of organisations active in the region, by grade', out: CreditPanel, load: panels.credit }),
];

/** 监管驾驶舱: one GET per panel, scoped to the caller (departments read the same panels for their dashboards), and the map. */
export function cockpitRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = typed(app);
  for (const d of PANELS) {
    r.get(`/api/cockpit/${d.key}`, {
      config: { auth: d.permission },
      schema: { tags: TAG, summary: d.summary, querystring: RegionQuery, response: { 200: d.out } },
      handler: (req) => {
        const p = principalOf(req);
        const { regionCode } = req.query;
        const load = (): Promise<unknown> => d.load(ctx, p, regionCode);
        // The response schema checks the shape; the union of panel types is more than TypeScript can follow here.
        return cached(ctx, p, d.key, regionCode, d.cacheMs ?? PANEL_CACHE_MS, load) as never;
      },
    });
  }
  r.get('/api/cockpit/map', {
    config: { auth: 'cockpit.read' },
    schema: { tags: TAG, summary: 'One metric by city, or by county of a city, for the choropleth (each value = the linked list’s total)', querystring: MapQuery, response: { 200: MapOut } },
    handler: (req) => {
      const p = principalOf(req);
      return cached(ctx, p, `map:${req.query.metric}`, req.query.regionCode, PANEL_CACHE_MS, () => regionMap(ctx, p, req.query.metric, req.query.regionCode));
    },
  });
}
