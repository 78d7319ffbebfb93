import { request } from './http.ts';

export type RuleGroup = 'inspection' | 'maintenance' | 'renovation' | 'addon' | 'insurance' | 'credit' | 'personnel';
export const RULE_GROUPS: RuleGroup[] = ['addon', 'renovation', 'insurance', 'maintenance', 'inspection', 'credit', 'personnel'];

export interface RuleItem {
  key: string;
  label: string;
  default: number;
  min: number;
  max: number;
  integer: boolean;
  value: number;
  /** The region code whose value applies; null when the default does ('' = set for everywhere). */
  setBy: string | null;
  updatedAt: string | null;
}

export interface Rules {
  group: RuleGroup;
  regionCode: string;
  canEdit: boolean;
  items: RuleItem[];
}

/** GET /api/settings/rules/:group: every rule as it applies in the region. */
export function getRules(group: RuleGroup, regionCode: string): Promise<Rules> {
  return request(`/api/settings/rules/${group}`, { query: { regionCode } });
}

export function setRule(group: RuleGroup, regionCode: string, key: string, value: number): Promise<Rules> {
  return request(`/api/settings/rules/${group}`, { method: 'PUT', body: { regionCode, key, value } });
}

export function clearRule(group: RuleGroup, regionCode: string, key: string): Promise<Rules> {
  return request(`/api/settings/rules/${group}`, { method: 'DELETE', query: { regionCode, key } });
}
