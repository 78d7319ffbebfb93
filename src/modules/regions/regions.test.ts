import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openTestEnv, type TestEnv } from '../../test/harness.ts';
import { loadRegionFile, RegionDirectory } from './regions.service.ts';

describe('regions', () => {
  let env: TestEnv;
  before(async () => {
    env = await openTestEnv('pglite');
  });
  after(() => env.close());

  test('Shandong is loaded: 16 cities, 136 counties, 15 development zones under their cities', () => {
    const all = env.ctx.regions.all();
    assert.equal(all.filter((r) => r.level === 2).length, 16);
    assert.equal(all.filter((r) => r.level === 3 && r.kind === 'gbt2260').length, 136);
    const zones = all.filter((r) => r.kind === 'dev_zone');
    assert.equal(zones.length, 15);
    assert.equal(env.ctx.regions.get('370176')?.cityCode, '370100');
    assert.equal(env.ctx.regions.fullName('370176'), '山东省济南市济南高新技术产业开发区');
  });

  test('莱芜 codes resolve to their successors with a warning', () => {
    assert.equal(env.ctx.regions.resolve('371202')?.region.code, '370116');
    assert.equal(env.ctx.regions.resolve('371203')?.region.code, '370117');
    const other = env.ctx.regions.resolve('371221');
    assert.equal(other?.region.code, '370100');
    assert.match(other!.warning!, /莱芜/);
    assert.equal(env.ctx.regions.resolve('370102')?.warning, undefined);
    assert.equal(env.ctx.regions.resolve('990000'), undefined);
  });

  test('prefixes match a region and everything inside it', () => {
    const r = env.ctx.regions;
    assert.equal(r.prefix('370000'), '37');
    assert.equal(r.prefix('370100'), '3701');
    assert.equal(r.prefix('370102'), '370102');
    assert.equal(r.contains('370100', '370176'), true);
    assert.equal(r.contains('370200', '370102'), false);
  });

  test('another province loads from the same CSV shape, and a bad file is refused whole', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regions-'));
    const good = path.join(dir, 'henan.csv');
    fs.writeFileSync(good, 'code,name,parent_code,level\n410000,河南省,,1\n410100,郑州市,410000,2\n410102,中原区,410100,3\n');
    assert.equal(await loadRegionFile(env.ctx.store.db, good), 3);
    const dirAfter = await RegionDirectory.load(env.ctx.store.db);
    assert.equal(dirAfter.fullName('410102'), '河南省郑州市中原区');
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(bad, 'code,name,parent_code,level\n420100,武汉市,420000,2\n42010,江岸区,420100,3\n');
    await assert.rejects(loadRegionFile(env.ctx.store.db, bad), /line 2: parent "420000" is unknown[\s\S]*line 3: code "42010"/);
    assert.equal((await RegionDirectory.load(env.ctx.store.db)).get('420100'), undefined);
  });
});
