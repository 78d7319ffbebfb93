import { buildApp } from './app.ts';
import { createLogger, failDeadJobs, openContext } from './bootstrap.ts';
import { ConfigError, loadConfig } from './config.ts';
import { setFileWriteTimeout } from './files/guarded-write.ts';
import { StoreLockedError } from './db/store.ts';
import { BrokerPortInUseError, startBroker } from './mqtt/broker.ts';
import { bootstrapAdmin } from '../modules/auth/auth.service.ts';
import { JobRunner } from '../modules/jobs/job-runner.ts';
import { startIot } from '../modules/iot/iot.runtime.ts';
import { startEmergency } from '../modules/emergency/emergency.runtime.ts';
import { setInlineDelivery } from '../modules/events/outbox.ts';
import { startInspection } from '../modules/inspection/inspection.runtime.ts';
import { startMaintenance } from '../modules/maintenance/maintenance.runtime.ts';
import { startHazards } from '../modules/hazards/hazards.runtime.ts';
import { startRisk } from '../modules/risk/risk.runtime.ts';
import { startStewardship } from '../modules/stewardship/stewardship.runtime.ts';
import { startCredit } from '../modules/credit/credit.runtime.ts';
import { startEnforcement } from '../modules/enforcement/enforcement.runtime.ts';
import { startPersonnel } from '../modules/personnel/personnel.runtime.ts';

/** config → broker → store → app → jobs. `--demo` seeds a synthetic province once, then serves. */
async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  setFileWriteTimeout(config.FILE_WRITE_TIMEOUT_MS);
  const demo = process.argv.includes('--demo');
  // The demo store is for showing the product: its admin password is documented in the README.
  if (demo && !config.ADMIN_PASSWORD) config.ADMIN_PASSWORD = 'Admin12345';
  // The demo signs in without an authenticator app unless ADMIN_SECOND_FACTOR=totp is set explicitly.
  const demoSecondFactorOff = demo && !process.env.ADMIN_SECOND_FACTOR;
  if (demoSecondFactorOff) config.ADMIN_SECOND_FACTOR = 'off';
  const log = createLogger(config);
  if (demoSecondFactorOff) log.warn('Demo: the administrators\' second factor is off (set ADMIN_SECOND_FACTOR=totp to try the TOTP login)');
  if (config.piiKeyIsDefault && config.NODE_ENV === 'production') {
    log.error('!!! PII_KEY is not set: personal data is encrypted with the built-in DEVELOPMENT key, which is public. Set PII_KEY (openssl rand -base64 32) before storing real data. !!!');
  } else if (config.piiKeyIsDefault && !demo) log.warn('PII_KEY is not set: using the development key for personal data at rest');
  let ready = false;
  // The broker's port first: a taken port stops the start before anything is written to the store.
  const broker = config.MQTT_ENABLED ? await startBroker({ port: config.MQTT_PORT, externalUrl: config.MQTT_URL, log }) : undefined;
  const ctx = await openContext(config, { log }).catch(async (err) => {
    await broker?.close();
    throw err;
  });
  const admin = await bootstrapAdmin(ctx);
  if (admin.created) {
    if (admin.password) log.warn(`Created user "admin" with a random password (shown once): ${admin.password}`);
    else log.info('Created user "admin" with the password in ADMIN_PASSWORD');
  }
  const runner = new JobRunner(log);

  if (demo) {
    const { seedDemo } = await import('../../tools/demo/seed.ts');
    await seedDemo(ctx, { elevators: config.DEMO_ELEVATORS, devices: config.DEMO_DEVICES });
  }
  // 96333 first: it consumes IoT alarm events, and a consumer must be registered before events are published.
  setInlineDelivery(config.OUTBOX_INLINE);
  const emergency = await startEmergency(ctx);
  const iot = await startIot(ctx, { broker });
  const inspection = startInspection(ctx);
  const maintenance = startMaintenance(ctx);
  const hazards = startHazards(ctx);
  const risk = startRisk(ctx);
  const stewardship = startStewardship(ctx);
  const credit = startCredit(ctx);
  const enforcement = startEnforcement(ctx);
  const personnel = startPersonnel(ctx);
  const app = await buildApp(ctx, { runner, iot, emergency, ready: () => ready });

  await app.listen({ port: config.PORT, host: config.HOST });
  ready = true;
  // The demo's terminals: simulated devices over real MQTT, with frequent faults so the views move.
  const fleet = demo && broker && config.DEMO_DEVICES > 0 ? await (await import('../../tools/demo/demo-fleet.ts')).startDemoFleet(ctx, broker.url, config.DEMO_DEVICES) : undefined;
  log.info({ port: config.PORT, store: ctx.store.kind, broker: broker?.kind ?? 'off' }, `LiftSafe 梯安 listening on http://localhost:${config.PORT}`);

  // With several nodes on one PostgreSQL, a node that dies mid-job is noticed by the others.
  const sweeper = ctx.store.kind === 'postgres' ? setInterval(() => void failDeadJobs(ctx).catch(() => {}), 60_000).unref() : undefined;

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    ready = false;
    clearInterval(sweeper);
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 20_000).unref();
    await fleet?.stop().catch((err) => log.error({ err }, 'simulator stop'));
    await app.close().catch((err) => log.error({ err }, 'http close'));
    await runner.drain(10_000);
    await iot.stop().catch((err) => log.error({ err }, 'iot stop'));
    await emergency.stop().catch((err) => log.error({ err }, 'emergency stop'));
    await inspection.stop().catch((err) => log.error({ err }, 'inspection stop'));
    await maintenance.stop().catch((err) => log.error({ err }, 'maintenance stop'));
    await hazards.stop().catch((err) => log.error({ err }, 'hazards stop'));
    await risk.stop().catch((err) => log.error({ err }, 'risk stop'));
    await stewardship.stop().catch((err) => log.error({ err }, 'stewardship stop'));
    await credit.stop().catch((err) => log.error({ err }, 'credit stop'));
    await enforcement.stop().catch((err) => log.error({ err }, 'enforcement stop'));
    await personnel.stop().catch((err) => log.error({ err }, 'personnel stop'));
    await broker?.close().catch((err) => log.error({ err }, 'broker close'));
    await ctx.store.close().catch((err) => log.error({ err }, 'store close'));
    clearTimeout(force);
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err) => {
  if (err instanceof StoreLockedError || err instanceof BrokerPortInUseError) {
    console.error(err.message);
    process.exit(3);
  }
  console.error(err);
  process.exit(1);
});
