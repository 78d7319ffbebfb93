import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from './config.ts';

test('defaults make one command work', () => {
  const c = loadConfig({});
  assert.equal(c.PORT, 8080);
  assert.equal(c.DATA_DIR, './data');
  assert.equal(c.MQTT_PORT, 1883);
  assert.equal(c.storeKind, 'pglite');
});

test('DATABASE_URL switches to PostgreSQL', () => {
  assert.equal(loadConfig({ DATABASE_URL: 'postgres://u@h/db' }).storeKind, 'postgres');
});

test('fails fast naming every bad variable', () => {
  assert.throws(
    () => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', ADMIN_PASSWORD: 'short', MQTT_URL: 'http://x' }),
    (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      const names = err.problems.map((p) => p.split(':')[0]).sort();
      assert.deepEqual(names, ['ADMIN_PASSWORD', 'DATABASE_URL', 'MQTT_URL', 'PORT']);
      return true;
    },
  );
});

test('production refuses to start without the personnel ID key; development uses a fixed one', () => {
  assert.throws(() => loadConfig({ NODE_ENV: 'production' }), (err: unknown) => err instanceof ConfigError && err.problems[0]!.startsWith('PERSONNEL_ID_SECRET'));
  assert.equal(loadConfig({ NODE_ENV: 'production', PERSONNEL_ID_SECRET: 'k'.repeat(32) }).PERSONNEL_ID_SECRET, 'k'.repeat(32));
  assert.ok(loadConfig({}).PERSONNEL_ID_SECRET.length >= 16);
});
