import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { AppContext } from '../../src/server/context.ts';
import type { FaultType } from '../../src/modules/iot/iot.domain.ts';
import { startFleet, type Fleet, type SimDevice } from '../simulate/fleet.ts';
import { canReport, jtcEventOf } from '../simulate/encode.ts';
import { demoDeviceSecret } from './demo-devices.ts';
import { startDemoResponders } from './demo-responders.ts';

/**
 * `npm run demo`: the demo's terminals come alive — simulated devices of both protocols log in to the platform's
 * own broker with their demo secrets and report trips, doors, occupancy and (frequent, so the views move) faults.
 * Each start is a new day for the simulated province (a new run seed) that opens with one of each story (fleet.ts
 * `prologue`); faults the terminals reported before a restart are reported closed, as the restarted cars are. The
 * entrapments they report open 96333 incidents, which demo rescuers answer (demo-responders.ts).
 */
export async function startDemoFleet(ctx: AppContext, url: string, max: number): Promise<Fleet> {
  const { rows } = await sql<{ device_id: string; protocol: 'native' | 'jtc340'; product_key: string | null; floors: number | null }>`
    SELECT d.device_id, d.protocol, d.product_key, e.floors
      FROM device d JOIN elevator e ON e.id = d.elevator_id
     WHERE d.status = 'active' AND d.protocol IN ('native', 'jtc340')
     ORDER BY d.id LIMIT ${max}`.execute(ctx.store.db);
  const devices: SimDevice[] = rows.map((r, i) => ({
    deviceId: r.device_id,
    protocol: r.protocol,
    productKey: r.product_key ?? undefined,
    secret: demoDeviceSecret(r.device_id),
    floors: Math.max(2, r.floors ?? 6),
    // Some terminals do not report entrapment themselves: the platform infers it from their live data.
    reportsTrapped: i % 4 !== 0,
  }));
  const fleet = await startFleet({
    url,
    devices,
    ratePerSecond: Math.max(5, Math.round(devices.length / 4)),
    frequent: true,
    prologue: true,
    runSeed: crypto.randomInt(1, 2 ** 31),
    log: (m) => ctx.log.info(m),
  });
  ctx.log.info({ devices: devices.length, url }, 'demo terminals simulated (npm run simulate drives more)');
  void closeLeftovers(ctx, fleet, devices).catch((err) => ctx.log.warn({ err }, 'demo terminals: closing faults left open by the last run failed'));
  // The terminals' entrapments become 96333 incidents; demo rescuers answer them so the board keeps moving.
  const responders = startDemoResponders(ctx);
  return {
    stats: () => fleet.stats(),
    inject: (deviceId, fault, phase) => fleet.inject(deviceId, fault, phase),
    async stop() {
      await responders.stop();
      await fleet.stop();
    },
  };
}

/**
 * The simulated cars start each run idle and in service, so whatever their terminals reported open in the last run
 * (an entrapment, a door fault) ended while the demo was down: each terminal reports it closed, as a real one does
 * once it is back. Alarms of the platform's own rules (offline, inferred entrapment) clear themselves on the first
 * status; a JTC340 self-check error has no close event and stays until someone clears it.
 */
async function closeLeftovers(ctx: AppContext, fleet: Fleet, devices: SimDevice[]): Promise<void> {
  const ours = new Map(devices.map((d) => [d.deviceId, d]));
  if (!ours.size) return;
  const { rows } = await sql<{ device_id: string; type: FaultType }>`
    SELECT d.device_id, a.type
      FROM alarm a JOIN device d ON d.id = a.device_pk
     WHERE a.status = 'active' AND a.source = 'device' AND d.device_id = ANY(${[...ours.keys()]}::text[])
     ORDER BY a.id`.execute(ctx.store.db);
  const closable = rows.filter((r) => {
    const d = ours.get(r.device_id)!;
    if (r.type === 'offline' || !canReport(d.protocol, r.type)) return false;
    return d.protocol === 'native' || !!jtcEventOf({ at: 0, phase: 'close', fault: r.type, seq: 0 })?.[1];
  });
  // In parallel: a terminal still connecting holds its report until it is online, and must not hold up the others.
  const results = await Promise.allSettled(closable.map((r) => fleet.inject(r.device_id, r.type, 'close')));
  const closed = results.filter((r) => r.status === 'fulfilled').length;
  for (const [i, r] of results.entries())
    if (r.status === 'rejected') ctx.log.warn({ deviceId: closable[i]!.device_id, type: closable[i]!.type, err: String(r.reason) }, 'demo terminal could not report a fault closed');
  if (rows.length) ctx.log.info({ closed, open: rows.length }, 'demo terminals reported the faults of their last run closed');
}
