import { nearest, type Candidate } from '../../src/modules/emergency/emergency.domain.ts';
import { mobilePhone } from './names.ts';
import { Rng, Weighted } from './random.ts';

/**
 * A past of 96333 calls for the demo's statistics page, shaped like the figures Shandong cities publish
 * (vendor/statistics/china-96333-rescue-statistics.csv): about 6 in 10 calls are entrapments with 2.2 people on
 * average; dispatch within 3 minutes nearly always; arrival 10 ± 4 minutes in town (a little longer in the
 * counties), a thin tail past the 30-minute mark; 3–7 minutes to get people out; causes roughly human 30 %,
 * external (power cuts) 22 %, door system 20 %, other equipment 18 %, other 10 %. Calls cluster in the morning
 * and evening peaks. Pure and deterministic for a seed: the seeding writes what this returns.
 */

export interface HistoryElevator {
  id: number;
  regionCode: string;
  placeType: string;
  useUnitId: number | null;
  maintenanceOrgId: number;
  maintenancePhone: string | null;
  urban: boolean;
  lon: number | null;
  lat: number | null;
}

export interface HistoryOrg {
  id: number;
  name: string;
  phone: string | null;
}

export interface HistoryDispatch {
  tier: number;
  orgId: number;
  orgName: string;
  phone: string | null;
  distanceKm: number | null;
  reason: string;
  dispatchedAt: Date;
  acceptedAt: Date | null;
  endedAt: Date | null;
  actor: string;
}

export interface HistoryEvent {
  kind: string;
  at: Date;
  actor: string;
  detail: Record<string, unknown> | null;
}

export type HistoryType = 'trapped' | 'fault' | 'inquiry' | 'complaint';
export type HistoryCause = 'external' | 'human' | 'door_system' | 'equipment' | 'other';

export interface HistoryIncident {
  elevator: HistoryElevator;
  source: 'phone' | 'app' | 'qr' | 'iot';
  type: HistoryType;
  status: 'closed' | 'cancelled';
  tier: number | null;
  assignedOrgId: number | null;
  trapped: number | null;
  injured: number | null;
  callerPhone: string | null;
  description: string | null;
  receivedAt: Date;
  dispatchedAt: Date | null;
  acceptedAt: Date | null;
  departedAt: Date | null;
  arrivedAt: Date | null;
  rescuedAt: Date | null;
  closedAt: Date | null;
  cancelledAt: Date | null;
  cause: HistoryCause | null;
  rescued: number | null;
  remarks: string | null;
  breaches: string[];
  escalations: number;
  dispatches: HistoryDispatch[];
  events: HistoryEvent[];
}

export interface HistoryOptions {
  elevators: readonly HistoryElevator[];
  maintenance: ReadonlyMap<number, HistoryOrg>;
  /** Public rescue stations (tier 2), with locations where known. */
  stations: readonly (Candidate & { phone: string | null })[];
  from: Date;
  to: Date;
  count: number;
  seed?: number;
}

const MIN = 60_000;
const DISPATCHER = '96333调度员';
const IOT = 'system:iot';
const SLA = 'system:sla';

/** Calls per hour of the day (Asia/Shanghai): the morning and evening peaks carry about 70 %. */
const HOURS = new Weighted(
  [0.5, 0.35, 0.25, 0.25, 0.3, 0.6, 3.2, 6, 7, 6, 5.2, 5.2, 3.4, 2.4, 2.2, 2.4, 2.6, 3.2, 6.4, 6.6, 5.8, 4.6, 1.8, 0.9].map((w, h) => [h, w] as const),
);
const TYPES = new Weighted<HistoryType>([['trapped', 62], ['fault', 28], ['inquiry', 6], ['complaint', 4]]);
const SOURCES = new Weighted<HistoryIncident['source']>([['phone', 72], ['iot', 12], ['qr', 10], ['app', 6]]);
const TRAPPED_CAUSES = new Weighted<HistoryCause>([['human', 30], ['external', 22], ['door_system', 20], ['equipment', 18], ['other', 10]]);
const FAULT_CAUSES = new Weighted<HistoryCause>([['equipment', 38], ['door_system', 30], ['human', 14], ['external', 10], ['other', 8]]);
const PEOPLE = new Weighted([[1, 35], [2, 32], [3, 18], [4, 9], [5, 4], [6, 2]] as const);

const NOTES: Record<HistoryCause, string[]> = {
  external: ['小区停电，轿厢停在两层之间', '雷雨天气电网波动，电梯急停', '地下室进水，底坑积水触发保护'],
  human: ['乘客扒门导致安全回路断开', '装修垃圾卡住层门地坎', '乘客在轿厢内跳动，触发安全钳动作', '电动车进入轿厢后强行关门'],
  door_system: ['层门门锁触点接触不良', '轿门门刀与门球错位', '门机皮带松动，开关门不到位'],
  equipment: ['变频器过流故障', '制动器动作异常', '平层感应器失灵，停车不平层', '主板通讯故障'],
  other: ['原因待维保单位进一步排查', '乘客已自行离开，现场未见异常'],
};
const DESCRIPTIONS = ['电梯停在两层之间，轿厢内有人', '电梯门打不开，里面有老人', '电梯突然下坠后停住，乘客惊慌', '乘客被困，轿厢内灯灭了', '按了警铃没人回应'];
const FAULT_DESCRIPTIONS = ['电梯运行有异响', '电梯不平层，门口有台阶', '电梯门反复开关', '电梯停用，按钮无反应'];
const INQUIRIES = ['询问电梯年检情况', '询问维保单位联系方式', '咨询加装电梯政策'];
const COMPLAINTS = ['投诉电梯经常停运，物业不处理', '投诉维保人员不按时保养', '反映电梯轿厢内张贴的合格证过期'];

const at = (base: Date, ms: number) => new Date(base.getTime() + Math.round(ms));
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/** A moment in the window: a random day, then an hour by the daily profile (Asia/Shanghai), then a minute. */
function receivedAt(rng: Rng, from: Date, to: Date): Date {
  const days = Math.max(1, Math.floor((to.getTime() - from.getTime()) / 86_400_000));
  for (;;) {
    // Midnight in Shanghai of a day in the window.
    const startDay = Math.floor((from.getTime() + 8 * 3600_000) / 86_400_000);
    const day = startDay + rng.int(0, days);
    const t = day * 86_400_000 - 8 * 3600_000 + HOURS.pick(rng) * 3600_000 + rng.int(0, 3599) * 1000;
    if (t >= from.getTime() && t < to.getTime()) return new Date(t);
  }
}

/** Minutes from the call to the rescuer's arrival: about 10 ± 4 in town, 13 ± 5 in the counties, a few late ones. */
function arrivalMinutes(rng: Rng, urban: boolean): number {
  if (rng.chance(0.006)) return 31 + rng.next() * 16;
  return urban ? clamp(10 + rng.normal(4), 4, 27) : clamp(13 + rng.normal(5), 5, 29);
}

export function generateHistory(opts: HistoryOptions): HistoryIncident[] {
  const rng = new Rng(opts.seed ?? 96333);
  if (!opts.elevators.length) return [];
  // A few elevators keep trapping people: one call in twelve is on one of them (the repeat flag shows it).
  const troubled = Array.from({ length: Math.min(40, opts.elevators.length) }, () => rng.pick(opts.elevators));
  const out: HistoryIncident[] = [];
  for (let i = 0; i < opts.count; i++) {
    const elevator = rng.chance(1 / 12) ? rng.pick(troubled) : rng.pick(opts.elevators);
    out.push(oneIncident(rng, opts, elevator, receivedAt(rng, opts.from, opts.to)));
  }
  return out.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
}

function oneIncident(rng: Rng, opts: HistoryOptions, e: HistoryElevator, received: Date): HistoryIncident {
  const type = TYPES.pick(rng);
  const rescue = type === 'trapped' || type === 'fault';
  const source = rescue ? SOURCES.pick(rng) : rng.chance(0.8) ? 'phone' : 'app';
  const trapped = type === 'trapped' ? PEOPLE.pick(rng) : null;
  const caller = source === 'iot' ? null : mobilePhone(rng);
  const base: HistoryIncident = {
    elevator: e,
    source,
    type,
    status: 'closed',
    tier: null,
    assignedOrgId: null,
    trapped,
    injured: null,
    callerPhone: caller,
    description: type === 'trapped' ? rng.pick(DESCRIPTIONS) : type === 'fault' ? rng.pick(FAULT_DESCRIPTIONS) : type === 'inquiry' ? rng.pick(INQUIRIES) : rng.pick(COMPLAINTS),
    receivedAt: received,
    dispatchedAt: null,
    acceptedAt: null,
    departedAt: null,
    arrivedAt: null,
    rescuedAt: null,
    closedAt: null,
    cancelledAt: null,
    cause: null,
    rescued: null,
    remarks: null,
    breaches: [],
    escalations: 0,
    dispatches: [],
    events: [],
  };
  const intakeActor = source === 'iot' ? IOT : source === 'qr' ? 'public:qr' : DISPATCHER;
  base.events.push({ kind: 'received', at: received, actor: intakeActor, detail: { source, type, trapped, callerPhone: null } });
  if (!rescue) {
    base.closedAt = at(received, rng.int(2, 8) * MIN);
    base.remarks = type === 'inquiry' ? '已电话答复' : '已转交属地市场监管部门处理';
    base.events.push({ kind: 'closed', at: base.closedAt, actor: DISPATCHER, detail: { cause: null, note: base.remarks } });
    return base;
  }

  // Dispatch: a terminal's entrapment is dispatched at once; a call within three minutes but for a rare slip.
  const late = source !== 'iot' && rng.chance(0.003);
  const dispatchSeconds = source === 'iot' ? 0 : late ? rng.int(181, 320) : rng.chance(0.08) ? rng.int(120, 178) : rng.int(20, 119);
  const dispatched = at(received, dispatchSeconds * 1000);
  const maint = opts.maintenance.get(e.maintenanceOrgId)!;
  const tier1: HistoryDispatch = {
    tier: 1,
    orgId: maint.id,
    orgName: maint.name,
    phone: e.maintenancePhone ?? maint.phone,
    distanceKm: null,
    reason: source === 'iot' ? 'auto' : late ? 'sla_dispatch' : 'manual',
    dispatchedAt: dispatched,
    acceptedAt: null,
    endedAt: null,
    actor: source === 'iot' ? IOT : late ? SLA : DISPATCHER,
  };
  if (late) {
    base.breaches.push('dispatch');
    base.events.push({ kind: 'sla_breach', at: at(received, 180_000), actor: SLA, detail: { leg: 'dispatch', tier: null } });
  }
  base.dispatchedAt = dispatched;
  base.tier = 1;
  base.assignedOrgId = maint.id;
  base.dispatches.push(tier1);
  base.events.push({ kind: 'dispatched', at: dispatched, actor: tier1.actor, detail: { tier: 1, orgId: maint.id, orgName: maint.name, phone: tier1.phone, reason: tier1.reason } });

  // A small share is called off before anyone is out: a false alarm or the passenger walked out.
  if (rng.chance(0.02)) {
    base.status = 'cancelled';
    base.cancelledAt = at(dispatched, rng.int(60, 400) * 1000);
    base.remarks = rng.pick(['乘客已自行走出轿厢', '误报，电梯运行正常', '重复来电']);
    tier1.endedAt = base.cancelledAt;
    base.events.push({ kind: 'cancelled', at: base.cancelledAt, actor: DISPATCHER, detail: { note: base.remarks } });
    return base;
  }

  // Arrival; one call-out in fifty is not accepted in time and goes to the nearest public rescue station.
  let arrived = at(received, arrivalMinutes(rng, e.urban) * MIN);
  let current = tier1;
  const station = nearest(opts.stations as Candidate[], { regionCode: e.regionCode, lon: e.lon, lat: e.lat });
  if (station && rng.chance(0.02)) {
    const escalatedAt = at(dispatched, 300_000);
    tier1.endedAt = escalatedAt;
    base.breaches.push('accept');
    base.escalations = 1;
    const s = station.candidate as Candidate & { phone: string | null };
    current = { tier: 2, orgId: s.id, orgName: s.name, phone: s.phone, distanceKm: station.km === null ? null : Math.round(station.km * 100) / 100, reason: 'sla_accept', dispatchedAt: escalatedAt, acceptedAt: null, endedAt: null, actor: SLA };
    base.dispatches.push(current);
    base.events.push({ kind: 'sla_breach', at: escalatedAt, actor: SLA, detail: { leg: 'accept', tier: 1 } });
    base.events.push({ kind: 'escalated', at: escalatedAt, actor: SLA, detail: { tier: 2, orgId: s.id, orgName: s.name, phone: s.phone, distanceKm: current.distanceKm, reason: 'sla_accept' } });
    if (arrived.getTime() < escalatedAt.getTime() + 6 * MIN) arrived = at(escalatedAt, (6 + rng.next() * 8) * MIN);
  }
  base.tier = current.tier;
  base.assignedOrgId = current.orgId;
  const accepted = at(current.dispatchedAt, rng.int(20, 150) * 1000);
  current.acceptedAt = accepted;
  base.acceptedAt = accepted;
  base.events.push({ kind: 'accepted', at: accepted, actor: current.orgName, detail: { tier: current.tier, orgId: current.orgId } });
  const departed = at(accepted, rng.int(20, 90) * 1000);
  if (arrived.getTime() < departed.getTime() + 2 * MIN) arrived = at(departed, (2 + rng.next() * 3) * MIN);
  base.departedAt = departed;
  base.events.push({ kind: 'departed', at: departed, actor: current.orgName, detail: null });
  if (arrived.getTime() - received.getTime() > 30 * MIN && e.urban) {
    base.breaches.push('arrive');
    base.events.push({ kind: 'sla_breach', at: at(received, 30 * MIN), actor: SLA, detail: { leg: 'arrive', tier: current.tier } });
  }
  base.arrivedAt = arrived;
  base.events.push({ kind: 'arrived', at: arrived, actor: current.orgName, detail: { tier: current.tier, orgId: current.orgId } });

  const cause = (type === 'trapped' ? TRAPPED_CAUSES : FAULT_CAUSES).pick(rng);
  base.cause = cause;
  let closed: Date;
  if (type === 'trapped') {
    const rescued = at(arrived, clamp(5 + rng.normal(0.7), 3, 7) * MIN);
    base.rescuedAt = rescued;
    base.rescued = trapped;
    base.injured = rng.chance(0.004) ? 1 : 0;
    base.events.push({ kind: 'rescued', at: rescued, actor: current.orgName, detail: { rescued: trapped, injured: base.injured } });
    closed = at(rescued, rng.int(3, 15) * MIN);
  } else {
    closed = at(arrived, rng.int(10, 60) * MIN);
  }
  base.closedAt = closed;
  current.endedAt = closed;
  base.remarks = rng.pick(NOTES[cause]);
  base.events.push({ kind: 'closed', at: closed, actor: current.orgName, detail: { cause, rescued: base.rescued, injured: base.injured, note: base.remarks } });
  return base;
}
