import type { ActionKind, ActionStatus, ActionStep, CampaignCriteria, Progress } from '../../api/enforcement.types.ts';

/** The steps offered on an action, as the server allows them (enforcement.domain.ts); the server still decides. */
export function offeredSteps(a: { kind: ActionKind; status: ActionStatus; followUps: unknown[]; published: boolean }): ActionStep[] {
  const out: ActionStep[] = [];
  if (a.status === 'open') out.push('follow_up');
  if (a.status === 'open' && (a.followUps.length > 0 || (a.kind !== 'listed_supervision' && a.kind !== 'penalty'))) out.push('close');
  if (a.status === 'open') out.push('revoke');
  if (a.status !== 'revoked' && !a.published && a.kind !== 'interview') out.push('publish');
  return out;
}

/** Percent done (0–100, whole numbers). */
export function percentDone(p: Progress): number {
  return p.total ? Math.round((p.done / p.total) * 100) : 0;
}

/** The wizard's form values → criteria without empty fields ('any' means not filtered). */
export function toCriteria(v: Record<string, unknown>): CampaignCriteria {
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) if (x !== undefined && x !== null && x !== '' && x !== 'any') out[k] = k === 'hasOpenHazards' ? x === 'yes' : x;
  return out as CampaignCriteria;
}

/** Registration codes typed one per line or separated by commas / spaces. */
export function splitCodes(text: string | undefined): string[] {
  return [...new Set((text ?? '').split(/[\s,，、]+/).map((s) => s.trim()).filter(Boolean))];
}
