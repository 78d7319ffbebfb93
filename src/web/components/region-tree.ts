import type { Region } from '../api/types.ts';

export interface RegionNode {
  value: string;
  title: string;
  children?: RegionNode[];
}

/**
 * Province → cities → counties (development zones after the counties of their city), in code order.
 * Regions whose parent is missing become roots, so a partial list still shows everything.
 */
export function buildRegionTree(regions: Region[]): RegionNode[] {
  const sorted = [...regions].sort((a, b) =>
    a.kind === b.kind ? a.code.localeCompare(b.code) : a.kind === 'gbt2260' ? -1 : 1,
  );
  const nodes = new Map<string, RegionNode>();
  for (const r of sorted) nodes.set(r.code, { value: r.code, title: r.name });
  const roots: RegionNode[] = [];
  for (const r of sorted) {
    const node = nodes.get(r.code)!;
    const parent = r.parentCode ? nodes.get(r.parentCode) : undefined;
    if (parent) (parent.children ??= []).push(node);
    else roots.push(node);
  }
  return roots;
}

/** Region name by code, for labels. */
export function regionNames(regions: Region[] | undefined): Map<string, string> {
  return new Map((regions ?? []).map((r) => [r.code, r.name]));
}
