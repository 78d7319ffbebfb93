import { sql } from 'kysely';
import type { AppContext } from '../../src/server/context.ts';
import { startFleet, type Fleet, type SimDevice } from '../simulate/fleet.ts';
import { demoDeviceSecret } from './demo-devices.ts';

/**
 * `npm run demo`: the demo's terminals come alive — simulated devices of both protocols log in to the platform's
 * own broker with their demo secrets and report trips, doors, occupancy and (frequent, so the views move) faults.
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
  const fleet = await startFleet({ url, devices, ratePerSecond: Math.max(5, Math.round(devices.length / 4)), frequent: true, log: (m) => ctx.log.info(m) });
  ctx.log.info({ devices: devices.length, url }, 'demo terminals simulated (npm run simulate drives more)');
  return fleet;
}
