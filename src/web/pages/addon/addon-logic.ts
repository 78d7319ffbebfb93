import type { AddonStatus, HouseholdInput, Ratio, Vote } from '../../api/addon.types.ts';

/** The project's stages in order, as the detail page's steps show them. */
export const STAGES: readonly AddonStatus[] = ['consultation', 'agreement', 'design', 'notice', 'review', 'approved', 'construction', 'accepted', 'registered', 'contracted', 'in_service'];

/** Index of the current stage (in_service counts as past the last one: every step done). */
export function stageIndex(status: AddonStatus): number {
  return status === 'in_service' ? STAGES.length : STAGES.indexOf(status);
}

export const ratioText = (r: Ratio) => `${r.num}/${r.den}`;

/** part / whole as a percentage with one decimal, '—' when there is no whole. */
export function percent(part: number, whole: number): string {
  return whole > 0 ? `${((part / whole) * 100).toFixed(1)}%` : '—';
}

/** `total` split into `n` shares to the fen; the remainder fen go to the first shares, so they sum exactly. */
export function equalShares(total: number, n: number): number[] {
  if (n <= 0) return [];
  const fen = Math.round(total * 100);
  const each = Math.floor(fen / n);
  const rest = fen - each * n;
  return Array.from({ length: n }, (_, i) => (each + (i < rest ? 1 : 0)) / 100);
}

/**
 * Households pasted one per line as `房号,楼层,面积,业主姓名[,表决意见]` (commas, tabs or spaces; the vote in the
 * words of `votes`, e.g. 同意 / 反对 / 弃权, absent when the owner did not take part): the parsed rows and, for bad
 * lines, their line numbers with the reason.
 */
export function parseHouseholds(text: string, votes: Record<string, Exclude<Vote, null>> = {}): { households: HouseholdInput[]; errors: { line: number; reason: string }[] } {
  const households: HouseholdInput[] = [];
  const errors: { line: number; reason: string }[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const parts = line.split(/[,，\t ]+/).filter(Boolean);
    if (parts.length < 4) return errors.push({ line: i + 1, reason: 'columns' });
    const vote = parts.length > 4 ? votes[parts[parts.length - 1]!] : undefined;
    if (vote) parts.pop();
    const [room, floorText, areaText, ...owner] = parts;
    const floor = Number(floorText);
    const area = Number(areaText);
    if (!Number.isInteger(floor) || floor < 1) return errors.push({ line: i + 1, reason: 'floor' });
    if (!(area > 0)) return errors.push({ line: i + 1, reason: 'area' });
    households.push({ room: room!, floor, area, ownerName: owner.join(' '), ...(vote ? { vote } : {}) });
  });
  return { households, errors };
}
