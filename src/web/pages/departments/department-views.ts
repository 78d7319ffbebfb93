import type { PanelKey } from '../../api/cockpit.types.ts';
import { DEPARTMENT_ORG_TYPES } from '../../layout/build-menu.ts';

/** The department org types that have a dashboard of their own (domain brief §2: read-only sector views). */
export type DepartmentType = (typeof DEPARTMENT_ORG_TYPES)[number];

export function isDepartment(orgType: string): orgType is DepartmentType {
  return (DEPARTMENT_ORG_TYPES as readonly string[]).includes(orgType);
}

/** Cards beyond the cockpit's panels: funding by source, subsidies by state, insurance coverage by region. */
export type Extra = 'fundingSources' | 'subsidies' | 'coverageByRegion';

/**
 * What each department's dashboard shows. The figures are the cockpit's panels, read with the department's own
 * scope (elevatorScope: education → schools, housing → residential, transport → stations; finance and the financial
 * regulator → their region), so the same number never means two things.
 */
export const DEPARTMENT_VIEWS: Record<DepartmentType, { panels: PanelKey[]; extras: Extra[] }> = {
  education: { panels: ['registry', 'inspection', 'maintenance', 'incidents', 'hazards', 'old-elevators'], extras: [] },
  housing: { panels: ['registry', 'inspection', 'maintenance', 'renovation', 'addon', 'old-elevators', 'hazards'], extras: ['fundingSources'] },
  transport: { panels: ['registry', 'inspection', 'maintenance', 'alarms', 'incidents', 'hazards'], extras: [] },
  finance: { panels: ['renovation', 'addon'], extras: ['subsidies', 'fundingSources'] },
  financial_regulator: { panels: ['insurance', 'registry'], extras: ['coverageByRegion'] },
};
