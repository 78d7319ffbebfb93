import crypto from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../server/db/schema.ts';
import type { ElevatorScopeFacts } from '../elevators/elevators.scope.ts';

/**
 * Every terminal the ingest may hear from, in memory: the hot path (MQTT auth, each message) never waits on the
 * store. Loaded at start, refreshed from `device.updated_at` every few seconds (so a change on another node reaches
 * this one), and invalidated at once for changes made here.
 */
export interface DeviceEntry extends ElevatorScopeFacts {
  pk: number;
  deviceId: string;
  protocol: string;
  productKey: string | null;
  status: 'active' | 'disabled';
  salt: string;
  hash: string;
  vendor: string | null;
  elevatorId: number | null;
  registrationCode: string | null;
  address: string | null;
}

export function hashSecret(salt: string, secret: string): string {
  return crypto.createHash('sha256').update(salt).update('\0').update(secret).digest('hex');
}

export function newSalt(): string {
  return crypto.randomBytes(12).toString('base64url');
}

export function newSecret(): string {
  return crypto.randomBytes(18).toString('base64url');
}

export function secretMatches(entry: Pick<DeviceEntry, 'salt' | 'hash'>, secret: string): boolean {
  const a = Buffer.from(hashSecret(entry.salt, secret), 'hex');
  const b = Buffer.from(entry.hash, 'hex');
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

interface Row {
  pk: number;
  device_id: string;
  protocol: string;
  product_key: string | null;
  status: 'active' | 'disabled';
  secret_salt: string;
  secret_hash: string;
  vendor: string | null;
  elevator_id: number | null;
  updated_at: Date;
  registration_code: string | null;
  address: string | null;
  region_code: string | null;
  place_type: string | null;
  use_unit_id: number | null;
  maintenance_org_id: number | null;
  manufacturer_org_id: number | null;
}

function toEntry(r: Row): DeviceEntry {
  return {
    pk: r.pk,
    deviceId: r.device_id,
    protocol: r.protocol,
    productKey: r.product_key,
    status: r.status,
    salt: r.secret_salt,
    hash: r.secret_hash,
    vendor: r.vendor,
    elevatorId: r.elevator_id,
    registrationCode: r.registration_code,
    address: r.address,
    regionCode: r.region_code ?? '',
    placeType: r.place_type ?? 'OTHER',
    useUnitId: r.use_unit_id,
    maintenanceOrgId: r.maintenance_org_id,
    manufacturerOrgId: r.manufacturer_org_id,
  };
}

const SELECT = sql`
  SELECT d.id AS pk, d.device_id, d.protocol, d.product_key, d.status, d.secret_salt, d.secret_hash, d.vendor, d.elevator_id, d.updated_at,
         e.registration_code, e.address, e.region_code, e.place_type, e.use_unit_id, e.maintenance_org_id, e.manufacturer_org_id
    FROM device d LEFT JOIN elevator e ON e.id = d.elevator_id`;

export class DeviceDirectory {
  private byId = new Map<string, DeviceEntry>();
  private byElevator = new Map<number, DeviceEntry>();
  private missing = new Map<string, number>();
  /** The store's clock at the start of the last refresh: the next one reads changes from a little before it. */
  private checkpoint?: Date;

  constructor(private db: Kysely<DB>) {}

  /** All devices, once at start. */
  async loadAll(): Promise<number> {
    this.checkpoint = await this.dbNow();
    const { rows } = await sql<Row>`${SELECT} ORDER BY d.id`.execute(this.db);
    for (const r of rows) this.put(toEntry(r));
    return rows.length;
  }

  private async dbNow(): Promise<Date> {
    const { rows } = await sql<{ now: Date }>`SELECT now() AS now`.execute(this.db);
    return rows[0]!.now;
  }

  /** Devices changed since the last refresh (this node's or another's changes). */
  async refresh(): Promise<void> {
    const started = await this.dbNow();
    // A small overlap covers changes committed late with an earlier updated_at.
    const from = new Date((this.checkpoint ?? new Date(0)).getTime() - 10_000);
    const { rows } = await sql<Row>`${SELECT} WHERE d.updated_at >= ${from} ORDER BY d.updated_at`.execute(this.db);
    for (const r of rows) this.put(toEntry(r));
    this.checkpoint = started;
  }

  private put(e: DeviceEntry) {
    const old = this.byId.get(e.deviceId);
    if (old?.elevatorId != null && this.byElevator.get(old.elevatorId)?.pk === old.pk) this.byElevator.delete(old.elevatorId);
    this.byId.set(e.deviceId, e);
    this.missing.delete(e.deviceId);
    if (e.elevatorId != null && e.status === 'active') this.byElevator.set(e.elevatorId, e);
  }

  get(deviceId: string): DeviceEntry | undefined {
    return this.byId.get(deviceId);
  }

  byElevatorId(elevatorId: number): DeviceEntry | undefined {
    return this.byElevator.get(elevatorId);
  }

  /** The entry, loading it from the store when this node has not seen it (unknown ids are remembered for 30 s). */
  async lookup(deviceId: string, now = Date.now()): Promise<DeviceEntry | undefined> {
    const hit = this.byId.get(deviceId);
    if (hit) return hit;
    const miss = this.missing.get(deviceId);
    if (miss && now - miss < 30_000) return undefined;
    await this.reload(deviceId);
    const found = this.byId.get(deviceId);
    if (!found) {
      if (this.missing.size > 100_000) this.missing.clear();
      this.missing.set(deviceId, now);
    }
    return found;
  }

  /** Re-reads one device after a change made on this node. */
  async reload(deviceId: string): Promise<void> {
    const { rows } = await sql<Row>`${SELECT} WHERE d.device_id = ${deviceId}`.execute(this.db);
    const r = rows[0];
    if (r) this.put(toEntry(r));
    else this.byId.delete(deviceId);
  }

  /** May this login connect? Unknown, disabled or unbound devices and wrong secrets may not. */
  async authenticate(username: string, secret: string): Promise<DeviceEntry | null> {
    if (!username || username.length > 64) return null;
    const e = await this.lookup(username);
    if (!e || e.status !== 'active' || e.elevatorId == null) return null;
    return secretMatches(e, secret) ? e : null;
  }

  get size(): number {
    return this.byId.size;
  }
}
