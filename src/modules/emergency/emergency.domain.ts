/**
 * 96333 emergency response: the incident state machine, the legal clocks and the dispatch tiers, as pure
 * functions (domain brief §8). Services load and store; every decision about what may happen next is made here.
 */

export const INCIDENT_SOURCES = ['phone', 'app', 'qr', 'iot', 'import'] as const;
export type IncidentSource = (typeof INCIDENT_SOURCES)[number];

/** 困人 / 故障 / 咨询 / 投诉. */
export const INCIDENT_TYPES = ['trapped', 'fault', 'inquiry', 'complaint'] as const;
export type IncidentType = (typeof INCIDENT_TYPES)[number];

export const INCIDENT_STATUSES = ['received', 'dispatched', 'accepted', 'en_route', 'arrived', 'rescued', 'closed', 'cancelled'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];
export const OPEN_STATUSES: readonly IncidentStatus[] = ['received', 'dispatched', 'accepted', 'en_route', 'arrived', 'rescued'];

/** 外部原因（停电、进水）/ 人为原因（垃圾堵门、野蛮使用）/ 门系统 / 其他设备故障 / 其他. */
export const CAUSES = ['external', 'human', 'door_system', 'equipment', 'other'] as const;
export type Cause = (typeof CAUSES)[number];

export const ACTIONS = ['dispatch', 'accept', 'decline', 'depart', 'arrive', 'rescue', 'close', 'cancel'] as const;
export type Action = (typeof ACTIONS)[number];

/** Tier 1 the contracted maintenance company, tier 2 the nearest public rescue station, tier 3 the 119 fire service. */
export const TIERS = [1, 2, 3] as const;
export type Tier = (typeof TIERS)[number];

/** Types that send a rescuer; inquiries and complaints are answered and closed by the dispatcher. */
export function needsRescuer(type: IncidentType): boolean {
  return type === 'trapped' || type === 'fault';
}

/** Actions a rescuer's own organisation may take on a call-out dispatched to it; the rest are the dispatcher's. */
export const RESPONDER_ACTIONS: readonly Action[] = ['accept', 'decline', 'depart', 'arrive', 'rescue', 'close'];

export interface IncidentState {
  type: IncidentType;
  status: IncidentStatus;
  tier: number | null;
}

export type TransitionResult = { ok: true; to: IncidentStatus } | { ok: false; reason: string };

/**
 * What an action does from a state. Legal paths:
 * received → dispatched → accepted → en_route → arrived → rescued → closed (en_route may be skipped; a fault has
 * nobody to rescue and closes from arrived); dispatch again from dispatched/accepted/en_route escalates to a higher
 * tier; decline passes the call-out to the next tier; cancel from any open state before people are out;
 * inquiries and complaints close from received.
 */
export function transition(s: IncidentState, action: Action, opts: { tier?: number } = {}): TransitionResult {
  const no = (reason: string): TransitionResult => ({ ok: false, reason });
  const rescuer = needsRescuer(s.type);
  // Inquiries and complaints are answered at the desk: closed (or withdrawn) from where they were received.
  if (!rescuer) {
    if (s.status !== 'received') return no('当前状态不能执行该操作');
    if (action === 'close') return { ok: true, to: 'closed' };
    if (action === 'cancel') return { ok: true, to: 'cancelled' };
    return no('咨询、投诉类事件无需派单和现场处置');
  }
  switch (action) {
    case 'dispatch': {
      if (s.status === 'received') return { ok: true, to: 'dispatched' };
      if (s.status === 'dispatched' || s.status === 'accepted' || s.status === 'en_route') {
        if (s.tier !== null && s.tier >= 3) return no('已移交 119，无更高一级救援力量');
        if (opts.tier !== undefined && s.tier !== null && opts.tier <= s.tier) return no('升级派单只能派往更高一级');
        return { ok: true, to: 'dispatched' };
      }
      return no('当前状态不能派单');
    }
    case 'accept':
      return s.status === 'dispatched' ? { ok: true, to: 'accepted' } : no('只有已派单、待接单的事件可以接单');
    case 'decline':
      if (s.status !== 'dispatched') return no('只有已派单、待接单的事件可以拒单');
      if (s.tier !== null && s.tier >= 3) return no('119 移交不能拒单');
      return { ok: true, to: 'dispatched' };
    case 'depart':
      return s.status === 'accepted' ? { ok: true, to: 'en_route' } : no('接单后才能出发');
    case 'arrive':
      return s.status === 'accepted' || s.status === 'en_route' ? { ok: true, to: 'arrived' } : no('接单后才能到场');
    case 'rescue':
      if (s.type !== 'trapped') return no('只有困人事件需要解救');
      return s.status === 'arrived' ? { ok: true, to: 'rescued' } : no('到场后才能登记解救');
    case 'close':
      if (s.type === 'trapped') return s.status === 'rescued' ? { ok: true, to: 'closed' } : no('困人事件须先登记人员解救后结案');
      return s.status === 'arrived' ? { ok: true, to: 'closed' } : no('到场处置后才能结案');
    case 'cancel':
      return s.status === 'received' || s.status === 'dispatched' || s.status === 'accepted' || s.status === 'en_route' || s.status === 'arrived'
        ? { ok: true, to: 'cancelled' }
        : no('人员已解救或事件已结束，不能取消');
  }
}

/** The tier an escalation goes to: one above the current one (a first dispatch is tier 1), or none past 119. */
export function nextTier(current: number | null): Tier | null {
  if (current === null) return 1;
  return current < 3 ? ((current + 1) as Tier) : null;
}

// ---- legal clocks

export interface SlaLimits {
  /** Receipt to first dispatch (3-minute response). */
  dispatchSeconds: number;
  /** Dispatch to acceptance by the tier called out. */
  acceptSeconds: number;
  /** Receipt to arrival, urban districts of a 设区的市. */
  arriveUrbanSeconds: number;
  /** Receipt to arrival, elsewhere (counties, county-level cities). */
  arriveOtherSeconds: number;
}

export const SLA_DEFAULTS: SlaLimits = { dispatchSeconds: 180, acceptSeconds: 300, arriveUrbanSeconds: 1800, arriveOtherSeconds: 3600 };
export const SLA_KEYS = Object.keys(SLA_DEFAULTS) as (keyof SlaLimits)[];

export function arriveSeconds(limits: SlaLimits, urban: boolean): number {
  return urban ? limits.arriveUrbanSeconds : limits.arriveOtherSeconds;
}

/**
 * Whether the 30-minute limit applies: the elevator stands in an urban district (市辖区, or a development zone) of a
 * city divided into districts. County towns and county-level cities get the 1-hour limit.
 */
export function isUrban(county: { name: string; kind: string; level: number } | undefined, city: { has_districts: boolean } | undefined): boolean {
  if (!county || county.level !== 3) return !!city?.has_districts;
  if (city && !city.has_districts) return false;
  return county.kind === 'dev_zone' || county.name.endsWith('区');
}

/** Seconds left on a clock (negative once breached). */
export function remainingSeconds(dueAt: Date, now: Date): number {
  return Math.round((dueAt.getTime() - now.getTime()) / 1000);
}

/** Urgency shown on the board: red when breached or under a fifth of the leg left, amber under half. */
export function urgency(remaining: number, legSeconds: number): 'breached' | 'critical' | 'warning' | 'normal' {
  if (remaining < 0) return 'breached';
  if (remaining < legSeconds / 5) return 'critical';
  if (remaining < legSeconds / 2) return 'warning';
  return 'normal';
}

// ---- distance

/** Great-circle distance in km (WGS-84 sphere). */
export function distanceKm(a: { lon: number; lat: number }, b: { lon: number; lat: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(h)));
}

export interface Candidate {
  id: number;
  name: string;
  regionCode: string;
  lon: number | null;
  lat: number | null;
  phone: string | null;
}

/**
 * The nearest candidate to an elevator: by distance when both have coordinates; otherwise one in the same county,
 * then the same city, then the province. Ties go to the lower id, so every node picks the same one.
 */
export function nearest(candidates: Candidate[], elevator: { regionCode: string; lon: number | null; lat: number | null }): { candidate: Candidate; km: number | null } | null {
  let best: { candidate: Candidate; km: number | null; rank: number } | null = null;
  for (const c of candidates) {
    let km: number | null = null;
    let rank: number;
    if (c.lon !== null && c.lat !== null && elevator.lon !== null && elevator.lat !== null) {
      km = distanceKm({ lon: elevator.lon, lat: elevator.lat }, { lon: c.lon, lat: c.lat });
      rank = km;
    } else {
      // Without coordinates: same county beats same city beats the rest; all rank behind any measured distance.
      const same = c.regionCode === elevator.regionCode ? 0 : c.regionCode.slice(0, 4) === elevator.regionCode.slice(0, 4) ? 1 : 2;
      rank = 100_000 + same;
    }
    if (!best || rank < best.rank || (rank === best.rank && c.id < best.candidate.id)) best = { candidate: c, km, rank };
  }
  return best ? { candidate: best.candidate, km: best.km } : null;
}

/** Masks a phone number for display: 138****5678. */
export function maskPhone(phone: string | null): string | null {
  if (!phone) return null;
  const digits = phone.replace(/\s/g, '');
  if (digits.length < 7) return '*'.repeat(digits.length);
  return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`;
}
