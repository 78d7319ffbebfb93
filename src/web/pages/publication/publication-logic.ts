import type { Region } from '../../api/registry.types.ts';

/** The last `n` quarters that have ended by `today` (YYYY-MM-DD), newest first: 2026-11-30 → 2026Q3, 2026Q2, … */
export function closedQuarters(today: string, n = 8): string[] {
  let year = Number(today.slice(0, 4));
  let q = Math.floor((Number(today.slice(5, 7)) - 1) / 3); // the current quarter is q + 1; the last closed one is q
  const out: string[] = [];
  while (out.length < n) {
    if (q === 0) {
      year -= 1;
      q = 4;
    }
    out.push(`${year}Q${q}`);
    q -= 1;
  }
  return out;
}

/** The region prefix a 6-digit code stands for: 370000 → 37, 370100 → 3701, 370102 → 370102. */
export function regionPrefix(code: string): string {
  return code.endsWith('0000') ? code.slice(0, 2) : code.endsWith('00') ? code.slice(0, 4) : code;
}

/** What a user may publish for: the province and cities inside the user's own region. */
export function releaseRegions(regions: readonly Region[], userRegion: string): Region[] {
  const prefix = regionPrefix(userRegion);
  return regions.filter((r) => r.level <= 2 && r.kind === 'gbt2260' && r.code.startsWith(prefix)).sort((a, b) => a.code.localeCompare(b.code));
}
