import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../server/app.ts';
import { createLogger, openContext } from '../server/bootstrap.ts';
import { TestClock } from '../server/clock.ts';
import { loadConfig } from '../server/config.ts';
import type { AppContext } from '../server/context.ts';
import { listMigrations, migrate } from '../server/db/migrator.ts';
import { openStore, type Store } from '../server/db/store.ts';
import { JobRunner } from '../modules/jobs/job-runner.ts';
import { startIot, type IotRuntime } from '../modules/iot/iot.runtime.ts';
import { startEmergency, type EmergencyRuntime } from '../modules/emergency/emergency.runtime.ts';
import { startInspection, type InspectionRuntime } from '../modules/inspection/inspection.runtime.ts';
import { startMaintenance, type MaintenanceRuntime } from '../modules/maintenance/maintenance.runtime.ts';
import { startHazards, type HazardsRuntime } from '../modules/hazards/hazards.runtime.ts';
import { startRisk, type RiskRuntime } from '../modules/risk/risk.runtime.ts';
import { startStewardship, type StewardshipRuntime } from '../modules/stewardship/stewardship.runtime.ts';
import type { BrokerHandle } from '../server/mqtt/broker.ts';

/** The engines every store test runs on: PGlite always, PostgreSQL when TEST_DATABASE_URL is set. */
export function storeKinds(): ('pglite' | 'postgres')[] {
  return process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

/**
 * A migrated PGlite snapshot on disk, keyed by the migrations' names and checksums: opening PGlite and migrating takes
 * seconds, loading the snapshot well under one.
 */
async function pgliteTemplate(): Promise<Blob> {
  const key = crypto.createHash('sha256').update(listMigrations().map((m) => `${m.name}:${m.checksum}`).join()).digest('hex').slice(0, 16);
  const file = path.join(os.tmpdir(), `liftsafe-template-${key}.tar.gz`);
  if (fs.existsSync(file)) return new Blob([fs.readFileSync(file)]);
  const store = await openStore({ dataDir: 'memory://' });
  await migrate(store.pool);
  const dump = await dumpOf(store);
  await store.close();
  const tmp = `${file}.${process.pid}`;
  fs.writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
  fs.renameSync(tmp, file);
  return dump;
}

async function dumpOf(store: Store): Promise<Blob> {
  if (!store.lite) throw new Error('not a PGlite store');
  return (await store.lite.dumpDataDir('gzip')) as Blob;
}

export interface TestEnv {
  ctx: AppContext;
  clock: TestClock;
  app: FastifyInstance;
  runner: JobRunner;
  /** The IoT module, without timers: tests flush, sweep and settle it themselves. */
  iot: IotRuntime;
  /** The 96333 module, without timers: tests sweep its clocks themselves. */
  emergency: EmergencyRuntime;
  /** The inspection module's background work, run by tests with tick(). */
  inspection: InspectionRuntime;
  /** The maintenance module's background work, run by tests with tick(). */
  maintenance: MaintenanceRuntime;
  /** Hazard escalation, run by tests with tick(). */
  hazards: HazardsRuntime;
  /** The daily risk recomputation, run by tests with tick(). */
  risk: RiskRuntime;
  /** The stewardship sweep, run by tests with tick(). */
  stewardship: StewardshipRuntime;
  /** PostgreSQL: the schema this env's store lives in. */
  schema?: string;
  close(): Promise<void>;
}

export interface TestEnvOptions {
  now?: string;
  broker?: BrokerHandle;
  env?: Record<string, string>;
  /** PostgreSQL: a second node on the first one's schema (dropped only by the env that created it). */
  joinSchemaOf?: TestEnv;
  /** PGlite: a store in this directory, kept on close, so a later env can reopen it (a restart). */
  pgliteDir?: string;
  /** Where log lines go (with env LOG_LEVEL set): tests that read what the server logs. */
  logStream?: import('pino').DestinationStream;
}

/** A fresh, migrated store of the given kind with an app on it and a settable clock. */
export async function openTestEnv(kind: 'pglite' | 'postgres', opts: TestEnvOptions = {}): Promise<TestEnv> {
  const config = loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'liftsafe-test-')), MQTT_ENABLED: 'false', MQTT_CLEAN_SESSION: 'true',
    // Tests move the clock by hours or days between calls (some with a 30-day SESSION_TTL_MINUTES): the idle
    // timeout is off here (its maximum) and tested on its own in auth.test.ts.
    SESSION_IDLE_MINUTES: String(60 * 24 * 30),
    // Most tests log in as admins and regulators without an authenticator: the second factor is tested on its own
    // (second-factor.test.ts), which sets ADMIN_SECOND_FACTOR=totp.
    ADMIN_SECOND_FACTOR: 'off',
    ...opts.env });
  const log = createLogger(config, opts.logStream);
  const clock = new TestClock(new Date(opts.now ?? '2026-06-01T02:00:00Z'));
  let store: Store;
  let dropSchema = async () => {};
  let schema: string | undefined;
  if (kind === 'pglite' && opts.pgliteDir) {
    store = await openStore({ dataDir: opts.pgliteDir });
  } else if (kind === 'pglite') {
    store = await openStore({ dataDir: 'memory://', loadDataDir: await pgliteTemplate() });
  } else if (opts.joinSchemaOf?.schema) {
    schema = opts.joinSchemaOf.schema;
    store = await openStore({ databaseUrl: process.env.TEST_DATABASE_URL!, poolSize: 5, schema });
  } else {
    schema = `t_${crypto.randomBytes(6).toString('hex')}`;
    const admin = await openStore({ databaseUrl: process.env.TEST_DATABASE_URL!, poolSize: 1 });
    await admin.pool.query(`CREATE SCHEMA ${schema}`);
    await admin.pool.query('CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public');
    store = await openStore({ databaseUrl: process.env.TEST_DATABASE_URL!, poolSize: 5, schema });
    dropSchema = async () => {
      await admin.pool.query(`DROP SCHEMA ${schema!} CASCADE`);
      await admin.close();
    };
  }
  const ctx = await openContext({ ...config, storeKind: kind }, { log, clock, store });
  const runner = new JobRunner(log);
  const emergency = await startEmergency(ctx, { background: false });
  const iot = await startIot(ctx, { broker: opts.broker, background: false });
  const inspection = startInspection(ctx, { background: false });
  const maintenance = startMaintenance(ctx, { background: false });
  const hazards = startHazards(ctx, { background: false });
  const risk = startRisk(ctx, { background: false });
  const stewardship = startStewardship(ctx, { background: false });
  const app = await buildApp(ctx, { runner, iot, emergency });
  await app.ready();
  return {
    ctx,
    clock,
    app,
    runner,
    iot,
    emergency,
    inspection,
    maintenance,
    hazards,
    risk,
    stewardship,
    schema,
    close: async () => {
      await runner.drain(5000);
      await iot.stop();
      await emergency.stop();
      await app.close();
      await store.close();
      await dropSchema();
      fs.rmSync(config.DATA_DIR, { recursive: true, force: true });
    },
  };
}
