import type { BoardItem, Clock, ClockKind, Urgency } from '../../api/emergency.types.ts';

/**
 * The legal clocks as the board shows them: ticking in the browser from each clock's `dueAt`, corrected by how far
 * the browser's clock is from the server's (the board's `now`), with the server's urgency rule.
 */

/** Milliseconds to add to `Date.now()` to get the server's time. */
export function serverOffset(serverNow: string, clientNowMs: number): number {
  const t = Date.parse(serverNow);
  return Number.isFinite(t) ? t - clientNowMs : 0;
}

/** Seconds left on a clock at `nowMs` (server time): fractional, negative once it has run out. */
export function secondsLeft(dueAt: string, nowMs: number): number {
  return (Date.parse(dueAt) - nowMs) / 1000;
}

/** `mm:ss`, or `h:mm:ss` from an hour up; whole seconds, never negative. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${pad(m)}:${pad(s % 60)}`;
}

/**
 * A countdown: while time is left, the seconds rounded up (a clock with 0.2 s left still shows 00:01, so 00:00
 * never shows as "in time"); once out, how long ago, rounded down.
 */
export function countdown(left: number): { overdue: boolean; text: string } {
  return left > 0 ? { overdue: false, text: formatDuration(Math.ceil(left)) } : { overdue: true, text: formatDuration(-left) };
}

/** The server's rule: breached once out; critical under a fifth of the leg left; warning under half. */
export function urgencyOf(left: number, legSeconds: number): Urgency {
  if (left <= 0) return 'breached';
  if (left < legSeconds / 5) return 'critical';
  if (left < legSeconds / 2) return 'warning';
  return 'normal';
}

const RANK: Record<Urgency, number> = { breached: 0, critical: 1, warning: 2, normal: 3 };

export function worstUrgency(list: Urgency[]): Urgency {
  return list.reduce<Urgency>((w, u) => (RANK[u] < RANK[w] ? u : w), 'normal');
}

export function compareUrgency(a: Urgency, b: Urgency): number {
  return RANK[a] - RANK[b];
}

/** The urgency of a board row now: its worst running clock; a breached leg with no clock left keeps it red. */
export function rowUrgency(item: Pick<BoardItem, 'clocks' | 'breaches'>, nowMs: number): Urgency {
  if (!item.clocks.length) return item.breaches.length ? 'breached' : 'normal';
  return worstUrgency(item.clocks.map((c) => urgencyOf(secondsLeft(c.dueAt, nowMs), c.legSeconds)));
}

/** The running clock of one leg, if any. */
export function clockOf(clocks: Clock[], kind: ClockKind): Clock | undefined {
  return clocks.find((c) => c.kind === kind);
}

/** Colours by urgency: breached red, critical orange, warning gold (antd palette). */
export const URGENCY_COLORS: Record<Urgency, string> = {
  breached: '#cf1322',
  critical: '#fa541c',
  warning: '#faad14',
  normal: '#52c41a',
};

/** antd Tag colours by urgency. */
export const URGENCY_TAG: Record<Urgency, string> = {
  breached: 'red',
  critical: 'orange',
  warning: 'gold',
  normal: 'green',
};

/** Most urgent first, then the oldest call first (the server's order, kept while the clocks tick). */
export function sortBoard<T extends Pick<BoardItem, 'clocks' | 'breaches' | 'receivedAt'>>(items: T[], nowMs: number): T[] {
  return [...items]
    .map((item) => ({ item, u: rowUrgency(item, nowMs) }))
    .sort((a, b) => compareUrgency(a.u, b.u) || a.item.receivedAt.localeCompare(b.item.receivedAt))
    .map((x) => x.item);
}

/**
 * The server's offset as the clocks of an incident detail tell it (the detail carries no `now`): each clock's
 * `dueAt` minus its `remainingSeconds` is the server time of the answer. Whole seconds, so good to about ±0.5 s.
 */
export function offsetFromClocks(clocks: Pick<Clock, 'dueAt' | 'remainingSeconds'>[], clientNowMs: number): number {
  const c = clocks[0];
  if (!c) return 0;
  return Date.parse(c.dueAt) - c.remainingSeconds * 1000 - clientNowMs;
}
