import { sql, type Kysely } from 'kysely';
import type { AppContext } from '../../server/context.ts';
import type { DB } from '../../server/db/schema.ts';
import { AppError, type FieldError } from '../../server/http/errors.ts';
import { parseSimpleCsv } from '../../lib/csv.ts';
import * as audit from '../audit/audit.service.ts';
import type { Principal, Scope } from '../auth/principal.ts';
import { scopeSql } from '../elevators/elevators.scope.ts';
import { scopeOf } from '../elevators/elevators.service.ts';
import { hashSecret, newSalt, newSecret } from './device-directory.ts';
import { DeviceInput, type DeviceListQuery, type DeviceOut } from './devices.schema.ts';
import type { IotRuntime } from './iot.runtime.ts';

/**
 * Terminals: registration, binding to an elevator, disabling and secrets. A device is visible to whoever sees its
 * elevator, and to the organisation that registered it. Every change is audited and reaches the ingest at once.
 */
interface DeviceRow {
  id: number;
  device_id: string;
  protocol: string;
  product_key: string | null;
  vendor: string | null;
  model: string | null;
  firmware: string | null;
  status: 'active' | 'disabled';
  elevator_id: number | null;
  region_code: string | null;
  version: number;
  created_at: Date;
  registration_code: string | null;
  address: string | null;
  online: boolean | null;
  last_seen: Date | null;
  accepted: number | null;
  malformed: number | null;
  invalid: number | null;
  unknown_event: number | null;
  oversized: number | null;
  future_time: number | null;
  flood_dropped: number | null;
  spoofed: number | null;
  last_error: string | null;
  last_error_at: Date | null;
}

function visible(scope: Scope, orgId: number) {
  if (scope.kind === 'all') return sql<boolean>`true`;
  return sql<boolean>`((d.elevator_id IS NOT NULL AND ${scopeSql(scope)}) OR d.owner_org_id = ${orgId})`;
}

const FROM = sql`
  FROM device d
  LEFT JOIN elevator e ON e.id = d.elevator_id
  LEFT JOIN elevator_live l ON l.elevator_id = d.elevator_id AND l.device_pk = d.id
  LEFT JOIN device_health h ON h.device_pk = d.id`;

const COLUMNS = sql`d.id, d.device_id, d.protocol, d.product_key, d.vendor, d.model, d.firmware, d.status, d.elevator_id, e.region_code, d.version, d.created_at,
  e.registration_code, e.address, l.online, l.last_seen,
  h.accepted, h.malformed, h.invalid, h.unknown_event, h.oversized, h.future_time, h.flood_dropped, h.spoofed, h.last_error, h.last_error_at`;

function present(rt: IotRuntime, r: DeviceRow): DeviceOut {
  const pending = rt.pipeline.pendingHealth(r.id);
  const n = (v: number | null, k: keyof NonNullable<typeof pending>['counts']) => (v ?? 0) + (pending?.counts[k] ?? 0);
  return {
    id: r.id,
    deviceId: r.device_id,
    protocol: r.protocol,
    productKey: r.product_key,
    vendor: r.vendor,
    model: r.model,
    firmware: r.firmware,
    status: r.status,
    registrationCode: r.registration_code,
    address: r.address,
    online: !!r.online && r.status === 'active',
    lastSeen: r.last_seen?.toISOString() ?? null,
    health: {
      accepted: (r.accepted ?? 0) + (pending?.accepted ?? 0),
      malformed: n(r.malformed, 'malformed'),
      invalid: n(r.invalid, 'invalid'),
      unknownEvent: n(r.unknown_event, 'unknown_event'),
      oversized: n(r.oversized, 'oversized'),
      futureTime: n(r.future_time, 'future_time'),
      floodDropped: n(r.flood_dropped, 'flood_dropped'),
      spoofed: n(r.spoofed, 'spoofed'),
      lastError: pending?.lastError ?? r.last_error,
      lastErrorAt: (pending?.lastErrorAt ?? r.last_error_at)?.toISOString() ?? null,
    },
    version: r.version,
    createdAt: r.created_at.toISOString(),
  };
}

export async function list(ctx: AppContext, rt: IotRuntime, p: Principal, q: DeviceListQuery) {
  const scope = scopeOf(ctx, p);
  const conds = [visible(scope, p.orgId)];
  if (q.q) conds.push(sql<boolean>`(d.device_id >= ${q.q} AND d.device_id < ${`${q.q}~`} OR e.registration_code = ${q.q})`);
  if (q.status) conds.push(sql<boolean>`d.status = ${q.status}`);
  if (q.protocol) conds.push(sql<boolean>`d.protocol = ${q.protocol}`);
  if (q.online !== undefined) conds.push(q.online ? sql<boolean>`l.online AND d.status = 'active'` : sql<boolean>`NOT coalesce(l.online AND d.status = 'active', false)`);
  const where = sql.join(conds, sql` AND `);
  const [{ rows }, { rows: count }] = await Promise.all([
    sql<DeviceRow>`SELECT ${COLUMNS} ${FROM} WHERE ${where} ORDER BY d.device_id LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`.execute(ctx.store.db),
    sql<{ n: number }>`SELECT count(*)::int AS n ${FROM} WHERE ${where}`.execute(ctx.store.db),
  ]);
  return { items: rows.map((r) => present(rt, r)), total: count[0]?.n ?? 0 };
}

async function findRow(db: Kysely<DB>, scope: Scope, orgId: number, deviceId: string): Promise<DeviceRow | undefined> {
  const { rows } = await sql<DeviceRow>`SELECT ${COLUMNS} ${FROM} WHERE d.device_id = ${deviceId} AND ${visible(scope, orgId)}`.execute(db);
  return rows[0];
}

export async function get(ctx: AppContext, rt: IotRuntime, p: Principal, deviceId: string): Promise<DeviceOut> {
  const row = await findRow(ctx.store.db, scopeOf(ctx, p), p.orgId, deviceId);
  if (!row) throw new AppError('DEVICE_NOT_FOUND');
  return present(rt, row);
}

/** The elevator a caller may bind a terminal to: inside their scope, by registration code. */
async function elevatorFor(db: Kysely<DB>, scope: Scope, code: string) {
  const { rows } = await sql<{ id: number; region_code: string; registration_code: string }>`
    SELECT e.id, e.region_code, e.registration_code FROM elevator e WHERE e.registration_code = ${code} AND ${scopeSql(scope)}`.execute(db);
  const e = rows[0];
  if (!e) throw new AppError('ELEVATOR_NOT_FOUND', { fields: [{ field: 'registrationCode', message: '未找到该电梯，或您无权操作' }] });
  return e;
}

async function assertElevatorFree(db: Kysely<DB>, elevatorId: number, exceptPk?: number) {
  const other = await db
    .selectFrom('device')
    .select(['id', 'device_id'])
    .where('elevator_id', '=', elevatorId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  if (other && other.id !== exceptPk) throw new AppError('DEVICE_ELEVATOR_TAKEN', { fields: [{ field: 'registrationCode', message: `已绑定终端 ${other.device_id}` }] }, { deviceId: other.device_id });
}

/** Starts (or moves) the elevator's live row to this device. */
async function attachLive(trx: Kysely<DB>, elevatorId: number, regionCode: string, devicePk: number, now: Date) {
  await sql`INSERT INTO elevator_live (elevator_id, region_code, device_pk, online, updated_at) VALUES (${elevatorId}, ${regionCode}, ${devicePk}, false, ${now})
            ON CONFLICT (elevator_id) DO UPDATE SET device_pk = excluded.device_pk, region_code = excluded.region_code, online = false, still_since = NULL, updated_at = excluded.updated_at`.execute(trx);
}

async function detachLive(trx: Kysely<DB>, elevatorId: number, devicePk: number, now: Date) {
  await sql`UPDATE elevator_live SET device_pk = NULL, online = false, still_since = NULL, updated_at = ${now} WHERE elevator_id = ${elevatorId} AND device_pk = ${devicePk}`.execute(trx);
}

function assertProtocol(rt: IotRuntime, protocol: string) {
  if (!rt.adapters.get(protocol))
    throw new AppError('PROTOCOL_UNKNOWN', { fields: [{ field: 'protocol', message: `可选：${rt.adapters.protocols.join('、')}` }] }, { protocol, known: rt.adapters.protocols.join('、') });
}

export async function create(ctx: AppContext, rt: IotRuntime, p: Principal, input: DeviceInput): Promise<DeviceOut> {
  assertProtocol(rt, input.protocol);
  const scope = scopeOf(ctx, p);
  const now = ctx.clock.now();
  await ctx.store.db.transaction().execute(async (trx) => {
    await insertDevice(trx, scope, p, input, now);
  });
  await rt.devices.reload(input.deviceId);
  return get(ctx, rt, p, input.deviceId);
}

async function insertDevice(trx: Kysely<DB>, scope: Scope, p: Principal, input: DeviceInput, now: Date) {
  const elevator = await elevatorFor(trx, scope, input.registrationCode);
  const exists = await trx.selectFrom('device').select('id').where('device_id', '=', input.deviceId).executeTakeFirst();
  if (exists) throw new AppError('DEVICE_EXISTS', { fields: [{ field: 'deviceId', message: '终端编号已存在' }] });
  await assertElevatorFree(trx, elevator.id);
  const salt = newSalt();
  const row = await trx
    .insertInto('device')
    .values({
      device_id: input.deviceId,
      protocol: input.protocol,
      product_key: input.productKey ?? null,
      secret_salt: salt,
      secret_hash: hashSecret(salt, input.secret),
      vendor: input.vendor ?? null,
      model: input.model ?? null,
      firmware: input.firmware ?? null,
      elevator_id: elevator.id,
      owner_org_id: p.orgId,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx.insertInto('device_binding').values({ device_pk: row.id, elevator_id: elevator.id, bound_at: now, actor_id: p.userId }).execute();
  await attachLive(trx, elevator.id, elevator.region_code, row.id, now);
  const { secret: _s, ...safe } = input;
  await audit.record(trx, audit.actorOf(p), now, [{ action: 'device.create', entityType: 'device', entityId: input.deviceId, regionCode: elevator.region_code, after: safe }]);
}

type Change = 'bind' | 'unbind' | 'disable' | 'enable' | 'rotate';

/** One change to an existing device, in a transaction, audited, then pushed to the ingest and the broker. */
async function change(ctx: AppContext, rt: IotRuntime, p: Principal, deviceId: string, kind: Change, arg?: string): Promise<void> {
  const scope = scopeOf(ctx, p);
  const now = ctx.clock.now();
  await ctx.store.db.transaction().execute(async (trx) => {
    const row = await findRow(trx, scope, p.orgId, deviceId);
    if (!row) throw new AppError('DEVICE_NOT_FOUND');
    const before = { status: row.status, registrationCode: row.registration_code };
    let after: Record<string, unknown> = {};
    const touch = { updated_at: now, version: sql<number>`version + 1` };
    switch (kind) {
      case 'bind': {
        const e = await elevatorFor(trx, scope, arg!);
        if (row.status === 'active') await assertElevatorFree(trx, e.id, row.id);
        if (row.elevator_id != null) {
          await detachLive(trx, row.elevator_id, row.id, now);
          await trx.updateTable('device_binding').set({ unbound_at: now }).where('device_pk', '=', row.id).where('unbound_at', 'is', null).execute();
        }
        await trx.updateTable('device').set({ elevator_id: e.id, ...touch }).where('id', '=', row.id).execute();
        await trx.insertInto('device_binding').values({ device_pk: row.id, elevator_id: e.id, bound_at: now, actor_id: p.userId }).execute();
        if (row.status === 'active') await attachLive(trx, e.id, e.region_code, row.id, now);
        after = { registrationCode: e.registration_code };
        break;
      }
      case 'unbind':
        if (row.elevator_id != null) {
          await detachLive(trx, row.elevator_id, row.id, now);
          await trx.updateTable('device_binding').set({ unbound_at: now }).where('device_pk', '=', row.id).where('unbound_at', 'is', null).execute();
        }
        await trx.updateTable('device').set({ elevator_id: null, ...touch }).where('id', '=', row.id).execute();
        after = { registrationCode: null };
        break;
      case 'disable':
        if (row.elevator_id != null) await detachLive(trx, row.elevator_id, row.id, now);
        await trx.updateTable('device').set({ status: 'disabled', ...touch }).where('id', '=', row.id).execute();
        after = { status: 'disabled' };
        break;
      case 'enable':
        if (row.elevator_id != null && row.region_code) {
          await assertElevatorFree(trx, row.elevator_id, row.id);
          await attachLive(trx, row.elevator_id, row.region_code, row.id, now);
        }
        await trx.updateTable('device').set({ status: 'active', ...touch }).where('id', '=', row.id).execute();
        after = { status: 'active' };
        break;
      case 'rotate': {
        const salt = newSalt();
        await trx.updateTable('device').set({ secret_salt: salt, secret_hash: hashSecret(salt, arg!), ...touch }).where('id', '=', row.id).execute();
        after = { secret: 'rotated' };
        break;
      }
    }
    await audit.record(trx, audit.actorOf(p), now, [
      { action: `device.${kind}`, entityType: 'device', entityId: deviceId, regionCode: row.region_code, before: kind === 'rotate' ? undefined : before, after },
    ]);
  });
  await rt.devices.reload(deviceId);
  if (kind !== 'bind' && kind !== 'enable') rt.broker?.disconnect(deviceId);
}

export async function bind(ctx: AppContext, rt: IotRuntime, p: Principal, deviceId: string, registrationCode: string) {
  await change(ctx, rt, p, deviceId, 'bind', registrationCode);
  return get(ctx, rt, p, deviceId);
}
export async function unbind(ctx: AppContext, rt: IotRuntime, p: Principal, deviceId: string) {
  await change(ctx, rt, p, deviceId, 'unbind');
  return get(ctx, rt, p, deviceId);
}
export async function setEnabled(ctx: AppContext, rt: IotRuntime, p: Principal, deviceId: string, enabled: boolean) {
  await change(ctx, rt, p, deviceId, enabled ? 'enable' : 'disable');
  return get(ctx, rt, p, deviceId);
}
export async function rotateSecret(ctx: AppContext, rt: IotRuntime, p: Principal, deviceId: string, secret?: string) {
  const s = secret ?? newSecret();
  await change(ctx, rt, p, deviceId, 'rotate', s);
  return { secret: s };
}

export const IMPORT_COLUMNS = ['deviceId', 'protocol', 'secret', 'registrationCode', 'productKey', 'vendor', 'model', 'firmware'] as const;
const MAX_IMPORT_ROWS = 50_000;

/**
 * Bulk registration from CSV (header row with IMPORT_COLUMNS). Each row stands alone: a bad row is reported with its
 * line and field, the good rows go in (each in its own savepoint-free transaction, so one failure loses nothing else).
 */
export async function importCsv(ctx: AppContext, rt: IotRuntime, p: Principal, text: string) {
  const rows = parseSimpleCsv(text.replace(/^\uFEFF/, ''));
  if (rows.length > MAX_IMPORT_ROWS) throw new AppError('PAYLOAD_TOO_LARGE');
  const scope = scopeOf(ctx, p);
  const rejected: (FieldError & { line: number })[] = [];
  const reject = (line: number, field: string, message: string) => rejected.push({ line, field, message });
  let created = 0;
  const seen = new Set<string>();
  for (let i = 0; i < rows.length; i++) {
    const line = i + 2;
    const raw = Object.fromEntries(Object.entries(rows[i]!).filter(([, v]) => v !== '').map(([k, v]) => [k.trim(), v.trim()]));
    const parsed = DeviceInput.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      reject(line, String(issue.path[0] ?? ''), issue.message);
      continue;
    }
    const input = parsed.data;
    if (!rt.adapters.get(input.protocol)) {
      reject(line, 'protocol', `不支持的协议，可选：${rt.adapters.protocols.join('、')}`);
      continue;
    }
    if (seen.has(input.deviceId)) {
      reject(line, 'deviceId', '文件中终端编号重复');
      continue;
    }
    seen.add(input.deviceId);
    try {
      await ctx.store.db.transaction().execute((trx) => insertDevice(trx, scope, p, input, ctx.clock.now()));
      await rt.devices.reload(input.deviceId);
      created++;
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      const f = err.details?.fields?.[0];
      reject(line, f?.field ?? '', f?.message ?? err.message);
    }
  }
  return { created, rejected };
}
