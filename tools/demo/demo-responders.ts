import { sql } from 'kysely';
import type { AppContext } from '../../src/server/context.ts';
import type { Cause } from '../../src/modules/emergency/emergency.domain.ts';
import { act } from '../../src/modules/emergency/incident-engine.ts';

/**
 * The demo's rescuers for the simulated terminals' entrapments. Those open an incident dispatched to tier 1 at once,
 * every few minutes; with nobody answering they would escalate to 119 and pile up on the board for good. Here the
 * maintenance company (or whoever the call-out went to) accepts within a couple of minutes, arrives in about ten,
 * gets people out and closes, through the same incident engine as a person would. Only incidents the terminals
 * alone reported and no signed-in person has acted on are touched: once a caller or a dispatcher is involved (a
 * report merged, a dispatch, an action), the incident is left to the people in the demo. Leftovers of an earlier
 * run are called off.
 */

export interface ResponderIncident {
  id: number;
  type: string;
  status: string;
  receivedAt: Date;
}

export type ResponderStep = { action: 'accept' | 'arrive' | 'rescue' | 'cancel' } | { action: 'close'; cause: Cause };

/** An incident opened longer ago than this is a leftover of an earlier run: it is called off. */
export const STALE_MS = 60 * 60_000;

/** A stable number in [0, 1) for an incident and a purpose, so every node and every tick agrees on the plan. */
function unit(id: number, salt: number): number {
  const h = Math.imul((id * 2654435761) ^ salt, 0x85ebca6b) >>> 0;
  return (h % 10_000) / 10_000;
}

/** Seconds after the call at which each step is due: accept 1–2.5 min, arrive 6–13 min, rescue +3–6, close +1–3. */
export function plan(id: number): { accept: number; arrive: number; rescue: number; close: number } {
  const accept = 60 + Math.round(unit(id, 1) * 90);
  const arrive = 360 + Math.round(unit(id, 2) * 420);
  const rescue = arrive + 180 + Math.round(unit(id, 3) * 180);
  const close = rescue + 60 + Math.round(unit(id, 4) * 120);
  return { accept, arrive, rescue, close };
}

const CAUSES: Cause[] = ['equipment', 'door_system', 'human', 'external', 'other'];

/** The one step due now for an incident, if any. */
export function nextStep(i: ResponderIncident, nowMs: number): ResponderStep | undefined {
  const age = (nowMs - i.receivedAt.getTime()) / 1000;
  if (age * 1000 > STALE_MS) return { action: 'cancel' };
  const p = plan(i.id);
  const cause = CAUSES[Math.floor(unit(i.id, 5) * CAUSES.length)]!;
  switch (i.status) {
    case 'dispatched':
      return age >= p.accept ? { action: 'accept' } : undefined;
    case 'accepted':
    case 'en_route':
      return age >= p.arrive ? { action: 'arrive' } : undefined;
    case 'arrived':
      if (i.type === 'trapped') return age >= p.rescue ? { action: 'rescue' } : undefined;
      return age >= p.close ? { action: 'close', cause } : undefined;
    case 'rescued':
      return age >= p.close ? { action: 'close', cause } : undefined;
    default:
      return undefined;
  }
}

/** Starts the loop; `stop` ends it (and waits for a step in progress). */
export function startDemoResponders(ctx: AppContext, intervalMs = 5_000): { stop(): Promise<void> } {
  let running: Promise<void> | undefined;
  const tick = async () => {
    const { rows } = await sql<{ id: number; type: string; status: string; received_at: Date; assigned_org_id: number | null; org_name: string | null }>`
      SELECT i.id, i.type, i.status, i.received_at, i.assigned_org_id, o.name AS org_name
        FROM incident i LEFT JOIN organization o ON o.id = i.assigned_org_id
       WHERE i.status NOT IN ('closed', 'cancelled') AND i.source = 'iot' AND i.channels = ARRAY['iot']::text[] AND i.import_job_id IS NULL
         AND NOT EXISTS (SELECT 1 FROM incident_event ev WHERE ev.incident_id = i.id AND ev.actor_id IS NOT NULL)
       ORDER BY i.id LIMIT 200`.execute(ctx.store.db);
    const now = ctx.clock.now();
    for (const r of rows) {
      const step = nextStep({ id: Number(r.id), type: r.type, status: r.status, receivedAt: r.received_at }, now.getTime());
      if (!step) continue;
      const actor =
        step.action === 'cancel'
          ? { userId: null, name: 'system:demo', orgId: null }
          : { userId: null, name: `${r.org_name ?? '救援人员'}（演示）`, orgId: r.assigned_org_id === null ? null : Number(r.assigned_org_id) };
      try {
        await ctx.store.db.transaction().execute((trx) =>
          act(trx, ctx, actor, Number(r.id), step.action === 'cancel' ? { action: 'cancel', note: '演示：模拟终端的困人在上次运行中已结束' } : step.action === 'close' ? { action: 'close', cause: step.cause, note: '演示救援' } : { action: step.action }, now),
        );
      } catch (err) {
        // A person acted on it in between (the state machine refuses the step): theirs wins.
        ctx.log.debug({ err, incidentId: r.id, step: step.action }, 'demo responder step skipped');
      }
    }
  };
  const timer = setInterval(() => {
    if (running) return;
    running = tick()
      .catch((err) => ctx.log.warn({ err }, 'demo responders failed'))
      .finally(() => (running = undefined));
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
