import type { Fraction, ProjectStatus, RenovationKind } from '../../api/renovation.types.ts';

/** Pure helpers of the renovation pages (tested in renovation-logic.test.ts). */

const fen = (yuan: number) => Math.round(yuan * 100);

/** The funding form's live sum against the budget, in fen so 0.1 + 0.2 is 0.3. */
export function fundingTotals(budget: number, amounts: (number | null | undefined)[]): { total: number; difference: number; balanced: boolean } {
  const total = amounts.reduce<number>((s, a) => s + fen(a ?? 0), 0);
  const difference = fen(budget) - total;
  return { total: total / 100, difference: difference / 100, balanced: difference === 0 };
}

export const fractionText = (f: Fraction) => `${f.num}/${f.den}`;
export const percent = (share: number) => `${(share * 100).toFixed(2)}%`;
export const money = (n: number | null | undefined) => (n === null || n === undefined ? '—' : n.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }));

/** The steps a project of this kind goes through (a major repair changes no registry record). */
export function stepsFor(kind: RenovationKind): ProjectStatus[] {
  const all: ProjectStatus[] = ['draft', 'decided', 'funded', 'in_construction', 'accepted', 'registered', 'closed'];
  return kind === 'major_repair' ? all.filter((s) => s !== 'registered') : all;
}

/** Index of the current step; a cancelled project shows none. */
export function stepIndex(kind: RenovationKind, status: ProjectStatus): number {
  return stepsFor(kind).indexOf(status);
}

/** Registration codes typed one per line (or separated by spaces/commas); null when any is not 20 digits. */
export function parseCodes(text: string): string[] | null {
  const codes = text.split(/[\s,，;；]+/).filter(Boolean);
  if (!codes.length || codes.some((c) => !/^\d{20}$/.test(c))) return null;
  return [...new Set(codes)];
}
