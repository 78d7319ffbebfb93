import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PGlite } from '@electric-sql/pglite';
import { copyIn, copyOut } from './due-copy.ts';

describe('bulk transfer through PGlite’s /dev/blob', () => {
  let lite: PGlite;
  before(async () => {
    lite = await PGlite.create();
    await lite.exec('CREATE TABLE t (id int PRIMARY KEY, s text, d date)');
  });
  after(() => lite.close());

  test('rows go in and come back as written: NULLs, tabs, newlines, backslashes and Chinese text', async () => {
    await copyIn(lite, 't', ['id', 's', 'd'], [[1, 'a\tb\nc\\d\re', '2026-01-02'], [2, null, null], [3, '济南', '2026-12-31']]);
    assert.deepEqual(await copyOut(lite, 'SELECT id, s, d FROM t ORDER BY id'), [
      ['1', 'a\tb\nc\\d\re', '2026-01-02'],
      ['2', null, null],
      ['3', '济南', '2026-12-31'],
    ]);
    assert.deepEqual(await copyOut(lite, 'SELECT id FROM t WHERE id > 3'), []);
  });

  test('a duplicate key fails the whole COPY with the engine’s code, writing nothing', async () => {
    await assert.rejects(copyIn(lite, 't', ['id', 's', 'd'], [[4, 'new', null], [1, 'again', null]]), { code: '23505' });
    assert.deepEqual(await copyOut(lite, 'SELECT count(*) FROM t'), [['3']]);
  });
});
