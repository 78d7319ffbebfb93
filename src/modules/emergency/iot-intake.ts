import { sql, type Kysely } from 'kysely';
import type { AppContext } from '../../server/context.ts';
import type { DB } from '../../server/db/schema.ts';
import { registerConsumer, type OutboxEvent } from '../events/outbox.ts';
import { TOPIC_CLEARED, TOPIC_OPENED } from '../iot/alarm-engine.ts';
import { elevatorFacts, intake, intakeTrappedAlarms } from './incident-engine.ts';

/**
 * A terminal's `trapped` alarm opens an incident and calls out tier 1 at once; a call about the same elevator joins
 * it (and the other way round). When the terminal reports the trap over, the incident's timeline says so; people
 * are only counted out when a rescuer records it.
 */
export const IOT_CONSUMER = 'emergency.iot-trapped';
const IOT_ACTOR = { userId: null, name: 'system:iot', orgId: null };

interface FaultPayload {
  alarmId: number;
  elevatorId: number;
  type: string;
  at: string;
}

export function registerIotIntake(ctx: AppContext, onChange: () => void): void {
  registerConsumer(IOT_CONSUMER, [TOPIC_OPENED, TOPIC_CLEARED], (trx, ev) => handleOne(ctx, trx, ev, onChange), {
    // A burst (a power cut traps people in many cars at once) is taken in one transaction, set-based.
    handleBatch: async (trx, events) => {
      const opened = events.filter((ev) => ev.topic === TOPIC_OPENED && (ev.payload as FaultPayload).type === 'trapped');
      await intakeTrappedAlarms(trx, ctx, IOT_ACTOR, opened.map((ev) => ({ elevatorId: (ev.payload as FaultPayload).elevatorId, alarmId: (ev.payload as FaultPayload).alarmId, receivedAt: ev.createdAt })));
      for (const ev of events) if (ev.topic === TOPIC_CLEARED) await handleOne(ctx, trx, ev, onChange);
      queueMicrotask(onChange);
    },
    // With OUTBOX_INLINE=true the incident is opened and tier 1 called out in the fault flush's own transaction, so
    // the alarm and its dispatched incident commit together (off by default: measured slower, docs/architecture.md).
    inline: (topic, payload) => topic === TOPIC_OPENED && (payload as FaultPayload).type === 'trapped',
    afterInline: onChange,
  });
}

async function handleOne(ctx: AppContext, trx: Kysely<DB>, ev: OutboxEvent, onChange: () => void): Promise<void> {
  const p = ev.payload as FaultPayload;
  if (p.type !== 'trapped') return;
  if (ev.topic === TOPIC_OPENED) {
    const e = await elevatorFacts(trx, { id: p.elevatorId });
    if (!e) return;
    // The clock starts when the platform raised the alarm, not when this consumer ran.
    await intake(trx, ctx, IOT_ACTOR, e, { source: 'iot', type: 'trapped', alarmId: p.alarmId, receivedAt: ev.createdAt, autoDispatch: true });
  } else {
    const inc = await trx
      .selectFrom('incident')
      .select(['id'])
      .where('elevator_id', '=', p.elevatorId)
      .where('status', 'not in', ['closed', 'cancelled'])
      .where('alarm_id', '=', p.alarmId)
      .executeTakeFirst();
    if (!inc) {
      // On several nodes the alarm's opening may still be in another node's hands (deliveries are claimed SKIP
      // LOCKED, so a later event can be handled first): fail, so the outbox retries this one after it.
      const { rows } = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM outbox_delivery d JOIN outbox o ON o.id = d.event_id
         WHERE d.consumer = ${IOT_CONSUMER} AND o.topic = ${TOPIC_OPENED} AND o.id < ${ev.id} AND o.key = ${String(p.elevatorId)}
           AND (o.payload->>'alarmId')::bigint = ${p.alarmId}`.execute(trx);
      if (rows[0]?.n) throw new Error(`alarm ${p.alarmId} opened event not handled yet`);
      return;
    }
    await trx
      .insertInto('incident_event')
      .values({ incident_id: inc.id, kind: 'device_cleared', at: ev.createdAt, actor_id: null, actor_name: IOT_ACTOR.name, org_id: null, detail: JSON.stringify({ alarmId: p.alarmId }) })
      .execute();
  }
  queueMicrotask(onChange);
}
