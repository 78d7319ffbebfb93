import type { Alarm, AlarmAction } from '../../api/iot.types.ts';

const latest = (a: Alarm) => Math.max(Date.parse(a.lastAt) || 0, Date.parse(a.openedAt) || 0);

/** Newest activity first; ties by id, higher (newer) first. */
export function sortFeed(items: Alarm[]): Alarm[] {
  return [...items].sort((a, b) => {
    return latest(b) - latest(a) || b.id - a.id;
  });
}

/**
 * The feed after one `alarm` stream event: a known alarm is replaced by its new state (cleared ones stay,
 * marked, until they drop off the end), an unknown one is added; newest first, at most `limit`.
 */
export function applyAlarmEvent(items: Alarm[], event: { action: AlarmAction; alarm: Alarm }, limit: number): Alarm[] {
  const { alarm } = event;
  const rest = items.filter((a) => a.id !== alarm.id);
  return sortFeed([alarm, ...rest]).slice(0, limit);
}

/**
 * A reloaded first page merged with what the stream already delivered: the newer state of each alarm wins
 * (by lastAt, then the cleared one), so a slow reload never undoes a live update.
 */
export function mergeFeed(current: Alarm[], loaded: Alarm[], limit: number): Alarm[] {
  const byId = new Map<number, Alarm>();
  for (const a of [...loaded, ...current]) {
    const seen = byId.get(a.id);
    if (!seen || newer(a, seen)) byId.set(a.id, a);
  }
  return sortFeed([...byId.values()]).slice(0, limit);
}

function newer(a: Alarm, b: Alarm): boolean {
  const ta = Date.parse(a.lastAt);
  const tb = Date.parse(b.lastAt);
  if (ta !== tb) return ta > tb;
  if (a.status !== b.status) return a.status === 'cleared';
  if (a.acknowledged !== b.acknowledged) return a.acknowledged;
  return false;
}
