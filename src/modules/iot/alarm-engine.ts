import { sql, type Kysely } from 'kysely';
import type { DB } from '../../server/db/schema.ts';
import { publish } from '../events/outbox.ts';
import { DEFAULT_SEVERITY, raiseSeverity, type FaultType, type Severity } from './iot.domain.ts';
import type { RuleSettings } from './rule-settings.ts';

/**
 * Faults become alarms here, for device events and server-side rules alike: every occurrence goes to the fault
 * history once (deduplicated by key), and the alarm table keeps at most one active alarm per (elevator, type),
 * enforced by a unique index so several ingest nodes cannot open two. Runs inside the caller's transaction.
 */
export interface FaultInput {
  elevatorId: number;
  regionCode: string;
  devicePk: number | null;
  vendor: string | null;
  type: FaultType | null;
  phase: 'open' | 'close';
  at: Date;
  severity?: Severity;
  vendorCode?: string;
  dedupKey: string;
  source: 'device' | 'rule';
  detail?: Record<string, unknown>;
  /** For a close: why (shown in the alarm history). */
  reason?: string;
}

export type AlarmAction = 'opened' | 'updated' | 'acknowledged' | 'cleared' | 'escalated' | 'assigned' | 'commented';

export interface AlarmChange {
  action: AlarmAction;
  alarmId: number;
}

export const TOPIC_OPENED = 'iot.fault.opened';
export const TOPIC_CLEARED = 'iot.fault.cleared';
export const TOPIC_ESCALATED = 'iot.alarm.escalated';

const RANK = sql`ARRAY['warning','minor','major','critical']::text[]`;
/** Serialises fault handling per elevator across connections and nodes (key pair (this, elevator id)). */
const ALARM_LOCK = 0x4c53_0302; // 'LS' 03 02

/** Stores faults and applies them to alarms. Returns what changed, for live feeds. */
export async function recordFaults(trx: Kysely<DB>, all: FaultInput[], settings: RuleSettings, receivedAt: Date): Promise<AlarmChange[]> {
  if (!all.length) return [];
  // A retry may arrive in the same batch as the original: keep the first of each key.
  const byKey = new Map<string, FaultInput>();
  for (const f of all) if (!byKey.has(`${f.elevatorId}|${f.dedupKey}`)) byKey.set(`${f.elevatorId}|${f.dedupKey}`, f);
  const faults = [...byKey.values()];
  // Several nodes split a terminal's messages (shared subscription), so its close may be handled on one node while
  // its open is still in another node's transaction. Faults of one elevator are applied one transaction at a time,
  // so each sees what the other stored (see pendingCloses); ids in order, so two batches cannot deadlock.
  const elevators = [...new Set(faults.filter((f) => f.type).map((f) => f.elevatorId))].sort((a, b) => a - b);
  if (elevators.length) await sql`SELECT pg_advisory_xact_lock(${ALARM_LOCK}, x::int) FROM unnest(${elevators}::bigint[]) AS x ORDER BY x`.execute(trx);
  // PostgreSQL takes at most 65,535 parameters per statement: insert in slices.
  const inserted: { elevator_id: number; dedup_key: string }[] = [];
  for (let i = 0; i < faults.length; i += 2000) {
    const slice = faults.slice(i, i + 2000);
    inserted.push(
      ...(await trx
        .insertInto('fault_event')
        .values(
          slice.map((f) => ({
            device_pk: f.devicePk,
            elevator_id: f.elevatorId,
            region_code: f.regionCode,
            dedup_key: f.dedupKey,
            phase: f.phase,
            type: f.type,
            vendor_code: f.vendorCode ?? null,
            severity: f.type ? (f.severity ?? DEFAULT_SEVERITY[f.type]) : (f.severity ?? null),
            occurred_at: f.at,
            received_at: receivedAt,
            source: f.source,
            detail: f.detail ? JSON.stringify(f.detail) : null,
          })),
        )
        .onConflict((oc) => oc.columns(['elevator_id', 'dedup_key']).doNothing())
        .returning(['elevator_id', 'dedup_key'])
        .execute()),
    );
  }
  const fresh = new Set(inserted.map((r) => `${r.elevator_id}|${r.dedup_key}`));
  const sorted = faults.filter((f) => f.type && fresh.has(`${f.elevatorId}|${f.dedupKey}`)).sort((a, b) => a.at.getTime() - b.at.getTime());
  // A terminal's open that arrives after the close of its episode (another node was slower) is a repeat of the
  // cleared alarm, as it would have been had it come in order — not a new alarm left open.
  const late = await lateOpens(trx, sorted);
  const ordered = sorted.filter((f) => !late.has(f));
  const lateChanges: AlarmChange[] = [];
  for (const [f, alarmId] of late) lateChanges.push(...(await repeatCleared(trx, f, alarmId, settings)));
  // An (elevator, type) with a single open in this batch is opened together with the others (a burst: a power cut
  // traps people in many cars at once); one with several faults keeps their order, one by one.
  const perKey = new Map<string, number>();
  for (const f of ordered) perKey.set(`${f.elevatorId}|${f.type}`, (perKey.get(`${f.elevatorId}|${f.type}`) ?? 0) + 1);
  const together = ordered.filter((f) => f.phase === 'open' && perKey.get(`${f.elevatorId}|${f.type}`) === 1);
  const opened: { f: FaultInput; alarmId: number }[] = [];
  const changes: AlarmChange[] = together.length > 1 ? await openAlarmsTogether(trx, together, settings, receivedAt, opened) : [];
  const handled = new Set(together.length > 1 ? together : []);
  for (const f of ordered) {
    if (handled.has(f)) continue;
    if (f.phase === 'open') {
      const c = await openAlarm(trx, f, settings, receivedAt);
      changes.push(...c);
      if (c[0]?.action === 'opened') opened.push({ f, alarmId: c[0].alarmId });
    } else changes.push(...(await clearAlarms(trx, f.elevatorId, f.type!, f.at, { actorId: null, reason: f.reason ?? (f.source === 'device' ? '设备上报恢复' : '规则条件解除') })));
  }
  changes.push(...(await pendingCloses(trx, opened, faults)));
  return lateChanges.concat(changes);
}

/** Device opens whose time lies within an alarm of their elevator and type already cleared: that alarm's id. */
async function lateOpens(trx: Kysely<DB>, faults: FaultInput[]): Promise<Map<FaultInput, number>> {
  const opens = faults.filter((f) => f.phase === 'open' && f.source === 'device');
  const out = new Map<FaultInput, number>();
  if (!opens.length) return out;
  const { rows } = await sql<{ i: number; alarm_id: number }>`
    SELECT DISTINCT ON (v.i) v.i, a.id AS alarm_id
      FROM unnest(${opens.map((_, i) => i)}::int[], ${opens.map((f) => f.elevatorId)}::bigint[], ${opens.map((f) => f.type)}::text[], ${opens.map((f) => f.at.toISOString())}::timestamptz[]) AS v(i, elevator_id, type, at)
      JOIN alarm a ON a.elevator_id = v.elevator_id AND a.type = v.type AND a.status = 'cleared' AND a.opened_at <= v.at AND a.cleared_at >= v.at
     ORDER BY v.i, a.opened_at DESC`.execute(trx);
  for (const r of rows) out.set(opens[r.i]!, Number(r.alarm_id));
  return out;
}

/** Counts a late open on the cleared alarm of its episode (the repeat rule applies as it would have then). */
async function repeatCleared(trx: Kysely<DB>, f: FaultInput, alarmId: number, settings: RuleSettings): Promise<AlarmChange[]> {
  const severity = f.severity ?? DEFAULT_SEVERITY[f.type!];
  const { rows } = await sql<{ id: number; severity: Severity; repeat_raised: boolean }>`
    UPDATE alarm SET occurrences = occurrences + 1, last_at = greatest(last_at, ${f.at}),
                     severity = CASE WHEN array_position(${RANK}, ${severity}::text) > array_position(${RANK}, severity) THEN ${severity} ELSE severity END,
                     vendor_code = coalesce(${f.vendorCode ?? null}, vendor_code), version = version + 1
     WHERE id = ${alarmId} RETURNING id, severity, repeat_raised`.execute(trx);
  const a = rows[0]!;
  await trx
    .insertInto('alarm_event')
    .values({ alarm_id: a.id, kind: 'repeated', at: f.at, actor_id: null, detail: JSON.stringify({ source: f.source, vendorCode: f.vendorCode ?? null, severity, late: true, ...(f.detail ?? {}) }) })
    .execute();
  const changes: AlarmChange[] = [{ action: 'updated', alarmId: a.id }];
  if (!a.repeat_raised && a.severity !== 'critical') changes.push(...(await raiseOnRepeat(trx, f, a, settings)));
  return changes;
}

/**
 * A close stored before its open (another node handled it first; it found no alarm to clear) clears the alarm its
 * open has just created, at the close's time — what one node, taking the two in order, would have done. Only closes
 * from earlier transactions count (this batch's were applied in order above), the earliest one at or after the
 * open, and only if no alarm was already cleared by it.
 */
async function pendingCloses(trx: Kysely<DB>, opened: { f: FaultInput; alarmId: number }[], batch: FaultInput[]): Promise<AlarmChange[]> {
  if (!opened.length) return [];
  const { rows } = await sql<{ alarm_id: number; elevator_id: number; type: string; at: Date; source: string }>`
    SELECT DISTINCT ON (v.alarm_id) v.alarm_id, f.elevator_id, f.type, f.occurred_at AS at, f.source
      FROM unnest(${opened.map((o) => o.alarmId)}::bigint[], ${opened.map((o) => o.f.elevatorId)}::bigint[], ${opened.map((o) => o.f.type)}::text[], ${opened.map((o) => o.f.at.toISOString())}::timestamptz[]) AS v(alarm_id, elevator_id, type, at)
      JOIN fault_event f ON f.elevator_id = v.elevator_id AND f.type = v.type AND f.phase = 'close' AND f.occurred_at >= v.at
     WHERE (f.elevator_id, f.dedup_key) NOT IN (SELECT * FROM unnest(${batch.map((f) => f.elevatorId)}::bigint[], ${batch.map((f) => f.dedupKey)}::text[]))
       AND NOT EXISTS (SELECT 1 FROM alarm c WHERE c.elevator_id = f.elevator_id AND c.type = f.type AND c.status = 'cleared' AND c.cleared_at = f.occurred_at)
     ORDER BY v.alarm_id, f.occurred_at`.execute(trx);
  const changes: AlarmChange[] = [];
  for (const r of rows) changes.push(...(await clearAlarms(trx, Number(r.elevator_id), r.type, r.at, { actorId: null, reason: r.source === 'device' ? '设备上报恢复' : '规则条件解除' }, Number(r.alarm_id))));
  return changes;
}

/**
 * Opens alarms for faults of distinct (elevator, type) in three statements — upsert, history, events — with the
 * same result as `openAlarm` on each; the repeat rule (a count per alarm) still runs per fault where it applies.
 */
async function openAlarmsTogether(trx: Kysely<DB>, faults: FaultInput[], settings: RuleSettings, now: Date, opened: { f: FaultInput; alarmId: number }[]): Promise<AlarmChange[]> {
  const values = faults.map((f) => sql`(${f.elevatorId}::bigint, ${f.regionCode}, ${f.devicePk}::bigint, ${f.type}, ${f.severity ?? DEFAULT_SEVERITY[f.type!]}, 'active', ${f.source}, ${f.vendorCode ?? null}, 1, ${f.at}::timestamptz, ${f.at}::timestamptz)`);
  const { rows } = await sql<{ id: number; elevator_id: number; type: string; occurrences: number; severity: Severity; repeat_raised: boolean; inserted: boolean }>`
    INSERT INTO alarm AS a (elevator_id, region_code, device_pk, type, severity, status, source, vendor_code, occurrences, opened_at, last_at)
    VALUES ${sql.join(values)}
    ON CONFLICT (elevator_id, type) WHERE status = 'active'
    DO UPDATE SET occurrences = a.occurrences + 1,
                  last_at = greatest(a.last_at, excluded.last_at),
                  severity = CASE WHEN array_position(${RANK}, excluded.severity) > array_position(${RANK}, a.severity) THEN excluded.severity ELSE a.severity END,
                  vendor_code = coalesce(excluded.vendor_code, a.vendor_code),
                  version = a.version + 1
    RETURNING id, elevator_id, type, occurrences, severity, repeat_raised, (xmax = 0) AS inserted`.execute(trx);
  const byKey = new Map(rows.map((r) => [`${r.elevator_id}|${r.type}`, r]));
  const pairs = faults.map((f) => ({ f, a: byKey.get(`${f.elevatorId}|${f.type}`)! }));
  await trx
    .insertInto('alarm_event')
    .values(pairs.map(({ f, a }) => ({ alarm_id: a.id, kind: a.inserted ? 'opened' : 'repeated', at: f.at, actor_id: null, detail: JSON.stringify({ source: f.source, vendorCode: f.vendorCode ?? null, severity: f.severity ?? DEFAULT_SEVERITY[f.type!], ...(f.detail ?? {}) }) })))
    .execute();
  await publish(
    trx,
    now,
    pairs
      .filter(({ a }) => a.inserted)
      .map(({ f, a }) => ({ topic: TOPIC_OPENED, key: String(f.elevatorId), payload: { alarmId: a.id, elevatorId: f.elevatorId, regionCode: f.regionCode, type: f.type, severity: a.severity, at: f.at.toISOString(), source: f.source } })),
  );
  const changes: AlarmChange[] = pairs.map(({ a }) => ({ action: a.inserted ? 'opened' : 'updated', alarmId: a.id }));
  for (const { f, a } of pairs) if (a.inserted) opened.push({ f, alarmId: a.id });
  for (const { f, a } of pairs) if (!a.repeat_raised && a.severity !== 'critical') changes.push(...(await raiseOnRepeat(trx, f, a, settings)));
  return changes;
}

async function openAlarm(trx: Kysely<DB>, f: FaultInput, settings: RuleSettings, now: Date): Promise<AlarmChange[]> {
  const type = f.type!;
  const severity = f.severity ?? DEFAULT_SEVERITY[type];
  const { rows } = await sql<{ id: number; occurrences: number; severity: Severity; repeat_raised: boolean; inserted: boolean }>`
    INSERT INTO alarm AS a (elevator_id, region_code, device_pk, type, severity, status, source, vendor_code, occurrences, opened_at, last_at)
    VALUES (${f.elevatorId}, ${f.regionCode}, ${f.devicePk}, ${type}, ${severity}, 'active', ${f.source}, ${f.vendorCode ?? null}, 1, ${f.at}, ${f.at})
    ON CONFLICT (elevator_id, type) WHERE status = 'active'
    DO UPDATE SET occurrences = a.occurrences + 1,
                  last_at = greatest(a.last_at, excluded.last_at),
                  severity = CASE WHEN array_position(${RANK}, excluded.severity) > array_position(${RANK}, a.severity) THEN excluded.severity ELSE a.severity END,
                  vendor_code = coalesce(excluded.vendor_code, a.vendor_code),
                  version = a.version + 1
    RETURNING id, occurrences, severity, repeat_raised, (xmax = 0) AS inserted`.execute(trx);
  const a = rows[0]!;
  const changes: AlarmChange[] = [{ action: a.inserted ? 'opened' : 'updated', alarmId: a.id }];
  await trx
    .insertInto('alarm_event')
    .values({ alarm_id: a.id, kind: a.inserted ? 'opened' : 'repeated', at: f.at, actor_id: null, detail: JSON.stringify({ source: f.source, vendorCode: f.vendorCode ?? null, severity, ...(f.detail ?? {}) }) })
    .execute();
  if (a.inserted)
    await publish(trx, now, [
      { topic: TOPIC_OPENED, key: String(f.elevatorId), payload: { alarmId: a.id, elevatorId: f.elevatorId, regionCode: f.regionCode, type, severity: a.severity, at: f.at.toISOString(), source: f.source } },
    ]);

  if (!a.repeat_raised && a.severity !== 'critical') changes.push(...(await raiseOnRepeat(trx, f, a, settings)));
  return changes;
}

/** Repeats: N occurrences of one type within the window raise the severity once per alarm. */
async function raiseOnRepeat(trx: Kysely<DB>, f: FaultInput, a: { id: number; severity: Severity }, settings: RuleSettings): Promise<AlarmChange[]> {
  const type = f.type!;
  const changes: AlarmChange[] = [];
  const windowS = settings.get('repeatWindowSeconds', f.regionCode, f.vendor);
  const need = settings.get('repeatCount', f.regionCode, f.vendor);
  const { rows: c } = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM fault_event
     WHERE elevator_id = ${f.elevatorId} AND type = ${type} AND phase = 'open' AND occurred_at > ${new Date(f.at.getTime() - windowS * 1000)}`.execute(trx);
  const n = c[0]?.n ?? 0;
  if (n >= need) {
    const raised = raiseSeverity(a.severity);
    await trx.updateTable('alarm').set({ severity: raised, repeat_raised: true, version: sql`version + 1` }).where('id', '=', a.id).execute();
    await trx
      .insertInto('alarm_event')
      .values({ alarm_id: a.id, kind: 'severity_raised', at: f.at, actor_id: null, detail: JSON.stringify({ reason: 'repeat', count: n, windowSeconds: windowS, from: a.severity, to: raised }) })
      .execute();
    changes.push({ action: 'updated', alarmId: a.id });
  }
  return changes;
}

/** Clears the active alarm of this type on the elevator (a close older than the alarm is stale and ignored). */
export async function clearAlarms(
  trx: Kysely<DB>,
  elevatorId: number,
  type: string,
  at: Date,
  by: { actorId: number | null; reason: string },
  onlyId?: number,
): Promise<AlarmChange[]> {
  let q = trx
    .updateTable('alarm')
    .set({ status: 'cleared', cleared_at: at, cleared_by: by.actorId, clear_reason: by.reason, version: sql`version + 1` })
    .where('elevator_id', '=', elevatorId)
    .where('type', '=', type)
    .where('status', '=', 'active')
    .where('opened_at', '<=', at);
  if (onlyId) q = q.where('id', '=', onlyId);
  const rows = await q.returning(['id', 'region_code', 'severity']).execute();
  for (const r of rows) {
    await trx.insertInto('alarm_event').values({ alarm_id: r.id, kind: 'cleared', at, actor_id: by.actorId, detail: JSON.stringify({ reason: by.reason }) }).execute();
    await publish(trx, at, [{ topic: TOPIC_CLEARED, key: String(elevatorId), payload: { alarmId: r.id, elevatorId, regionCode: r.region_code, type, at: at.toISOString(), reason: by.reason, by: by.actorId } }]);
  }
  return rows.map((r) => ({ action: 'cleared' as const, alarmId: r.id }));
}
