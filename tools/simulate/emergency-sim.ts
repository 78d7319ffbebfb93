import fs from 'node:fs';
import path from 'node:path';
import type { AppContext } from '../../src/server/context.ts';
import type { TestClock } from '../../src/server/clock.ts';
import { parseSimpleCsv } from '../../src/lib/csv.ts';
import { act, elevatorFacts, intake } from '../../src/modules/emergency/incident-engine.ts';
import type { Cause } from '../../src/modules/emergency/emergency.domain.ts';
import { Rng } from '../demo/random.ts';

/**
 * A quarter of 96333 work driven through the real incident engine on a test clock: calls at the published peak
 * hours, dispatch within seconds (rarely past 3 minutes), arrival ~10 ± 4 minutes with a thin tail past 30, people
 * out 3–7 minutes after arrival, causes split as cities report them. The KPIs the platform computes from this
 * must land inside the range of the figures cities publish (vendor/statistics/china-96333-rescue-statistics.csv).
 */
export interface EmergencySimOptions {
  incidents: number;
  seed: number;
  /** First day of the simulated period (Asia/Shanghai). */
  from: string;
  days: number;
  arrivalMeanMin: number;
  arrivalSdMin: number;
  /** Share of incidents whose rescuer arrives after 30 minutes. */
  lateShare: number;
  /** Share of incidents dispatched after 3 minutes. */
  slowDispatchShare: number;
}

export const SIM_DEFAULTS: EmergencySimOptions = { incidents: 420, seed: 96333, from: '2026-07-01', days: 92, arrivalMeanMin: 10, arrivalSdMin: 4, lateShare: 0.004, slowDispatchShare: 0.002 };

/** Published cause shares (济南 2018Q4: human 30.49%, external 21.96%, door system 20.41%; the rest split). */
const CAUSE_WEIGHTS: [Cause, number][] = [['human', 0.305], ['external', 0.22], ['door_system', 0.204], ['equipment', 0.17], ['other', 0.101]];
/** People per trapped incident: cities report 1.5–2.4. */
const TRAPPED_WEIGHTS: [number, number][] = [[1, 0.42], [2, 0.33], [3, 0.15], [4, 0.07], [5, 0.03]];

function weighted<T>(rng: Rng, items: [T, number][]): T {
  let r = rng.next();
  for (const [v, w] of items) if ((r -= w) < 0) return v;
  return items[items.length - 1]![0];
}

/** Hour of a call: 青岛 reports 74.5% between 6–12 h and 18–22 h. */
function callHour(rng: Rng): number {
  if (rng.chance(0.745)) return rng.chance(0.6) ? rng.int(6, 11) : rng.int(18, 21);
  return rng.pick([0, 1, 2, 3, 4, 5, 12, 13, 14, 15, 16, 17, 22, 23]);
}

export interface SimResult {
  incidents: number;
  arrivalsMin: number[];
}

export async function simulateEmergency(ctx: AppContext, clock: TestClock, elevatorIds: number[], opts: Partial<EmergencySimOptions> = {}): Promise<SimResult> {
  const o = { ...SIM_DEFAULTS, ...opts };
  const rng = new Rng(o.seed);
  const start = new Date(`${o.from}T00:00:00+08:00`).getTime();
  const calls = Array.from({ length: o.incidents }, () => start + rng.int(0, o.days - 1) * 86_400_000 + callHour(rng) * 3600_000 + rng.int(0, 3599) * 1000).sort((a, b) => a - b);
  const dispatcher = { userId: null, name: 'sim:dispatcher', orgId: null };
  const rescuer = { userId: null, name: 'sim:rescuer', orgId: null };
  const arrivalsMin: number[] = [];
  // The tails are exact shares (placed at random), so a run of a few hundred calls has them as the published rates do.
  const pickSome = (share: number) => {
    const k = Math.round(o.incidents * share);
    const chosen = new Set<number>();
    while (chosen.size < k) chosen.add(rng.int(0, o.incidents - 1));
    return chosen;
  };
  const lateOnes = pickSome(o.lateShare);
  const slowOnes = pickSome(o.slowDispatchShare);
  for (const [i, at] of calls.entries()) {
    const e = await elevatorFacts(ctx.store.db, { id: rng.pick(elevatorIds) });
    if (!e) throw new Error('elevator missing');
    const trapped = weighted(rng, TRAPPED_WEIGHTS);
    const responseS = slowOnes.has(i) ? rng.int(181, 420) : rng.int(15, 150);
    const late = lateOnes.has(i);
    const arrivalS = Math.round(late ? rng.int(31 * 60, 48 * 60) : Math.min(29.5 * 60, Math.max(3 * 60, (o.arrivalMeanMin + rng.normal(o.arrivalSdMin)) * 60)));
    const acceptS = Math.min(arrivalS - 60, responseS + rng.int(20, 90));
    const rescueS = Math.round(Math.max(90, (5 + rng.normal(1.5)) * 60));
    arrivalsMin.push(arrivalS / 60);
    const step = async (offsetS: number, fn: (now: Date) => Promise<unknown>) => {
      clock.set(new Date(at + offsetS * 1000));
      await fn(clock.now());
    };
    let id = 0;
    await step(0, async (now) => {
      id = (await ctx.store.db.transaction().execute((trx) => intake(trx, ctx, dispatcher, e, { source: rng.chance(0.1) ? 'iot' : 'phone', type: 'trapped', trapped, receivedAt: now }))).id;
    });
    const run = (offsetS: number, actor: typeof dispatcher, req: Parameters<typeof act>[4]) =>
      step(offsetS, (now) => ctx.store.db.transaction().execute((trx) => act(trx, ctx, actor, id, req, now)));
    await run(responseS, dispatcher, { action: 'dispatch' });
    await run(acceptS, rescuer, { action: 'accept' });
    await run(acceptS + 10, rescuer, { action: 'depart' });
    await run(arrivalS, rescuer, { action: 'arrive' });
    await run(arrivalS + rescueS, rescuer, { action: 'rescue', rescued: trapped });
    await run(arrivalS + rescueS + 120, dispatcher, { action: 'close', cause: weighted(rng, CAUSE_WEIGHTS) });
  }
  return { incidents: o.incidents, arrivalsMin };
}

export interface PublishedRange {
  min: number;
  max: number;
}

/** The range of each KPI over the cities that publish it. */
export function publishedRanges(file = path.resolve(import.meta.dirname, '../../vendor/statistics/china-96333-rescue-statistics.csv')) {
  const rows = parseSimpleCsv(fs.readFileSync(file, 'utf8'));
  const range = (values: number[]): PublishedRange => ({ min: Math.min(...values), max: Math.max(...values) });
  const num = (s: string | undefined) => (s && s.trim() !== '' ? Number(s) : NaN);
  const rate = (re: RegExp) => rows.map((r) => re.exec(r.notes ?? '')).filter((m): m is RegExpExecArray => !!m).map((m) => Number(m[1]) / 100);
  return {
    avgArrivalMinutes: range(rows.map((r) => num(r.avg_arrival_min)).filter(Number.isFinite)),
    avgRescueMinutes: range(rows.map((r) => num(r.avg_onsite_rescue_min)).filter(Number.isFinite)),
    peoplePerTrappedIncident: range(rows.map((r) => num(r.people_rescued) / num(r.trapped_incidents)).filter(Number.isFinite)),
    responseRate3min: range(rate(/3-min response(?: rate)? ([\d.]+)%/)),
    arrivalRate30min: range(rate(/30-min arrival(?: rate)? ([\d.]+)%/)),
  };
}
