import type { ReactNode } from 'react';
import type { PanelKey } from '../../api/cockpit.types.ts';
import type { Permission } from '../../api/types.ts';
import { StatPanel } from './stat-panel.tsx';

/** What every panel gets: the region shown (absent: the user's whole scope) and a counter bumped by live events. */
export interface PanelProps {
  regionCode?: string;
  refresh: number;
}

/**
 * A panel of the cockpit (and of the department dashboards). A new panel is one entry here: its key, the
 * permission its API needs (the panel is left out without it), whether live events should refresh it, and its
 * component. Panels whose API is `GET /api/cockpit/<key>` use `statPanel`; others (complaints, credit — fed by
 * their own modules once merged) bring their own component. Nothing is shown for a module whose API is not there.
 */
export interface PanelEntry {
  key: string;
  permission: Permission;
  live?: boolean;
  render: (props: PanelProps) => ReactNode;
}

const statPanel = (key: PanelKey, permission: Permission, live = false): PanelEntry => ({
  key,
  permission,
  live,
  render: ({ regionCode, refresh }) => <StatPanel panel={key} regionCode={regionCode} refresh={live ? refresh : 0} />,
});

export const PANELS: Record<PanelKey, PanelEntry> = {
  registry: statPanel('registry', 'registry.stats'),
  inspection: statPanel('inspection', 'inspection.read'),
  maintenance: statPanel('maintenance', 'maintenance.read'),
  alarms: statPanel('alarms', 'iot.read', true),
  incidents: statPanel('incidents', 'emergency.read', true),
  'old-elevators': statPanel('old-elevators', 'risk.read'),
  renovation: statPanel('renovation', 'renovation.read'),
  addon: statPanel('addon', 'addon.read'),
  insurance: statPanel('insurance', 'insurance.read'),
  hazards: statPanel('hazards', 'hazards.read'),
  complaints: statPanel('complaints', 'complaints.read'),
  credit: statPanel('credit', 'credit.read'),
};

/** The cockpit's panels in order. */
export const COCKPIT_PANELS: PanelEntry[] = [
  PANELS.registry,
  PANELS.alarms,
  PANELS.incidents,
  PANELS.inspection,
  PANELS.maintenance,
  PANELS.hazards,
  PANELS['old-elevators'],
  PANELS.renovation,
  PANELS.addon,
  PANELS.insurance,
  PANELS.complaints,
  PANELS.credit,
];
