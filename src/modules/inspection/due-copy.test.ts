import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PGlite } from '@electric-sql/pglite';
import { CopyReader, copyIn, copyOut, copyOutText } from './due-copy.ts';

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

  test('the field reader returns the same values as the row reader, integers and enumerated values parsed in place', async () => {
    await lite.exec(`CREATE TABLE r (id bigint, s text, k text); INSERT INTO r VALUES (1, 'a\tb\\c', 'pass'), (-20, NULL, 'pass_after_reinspection'), (1234567890123456, '', NULL), (4, '济南', 'other')`);
    const f = new CopyReader(await copyOutText(lite, 'SELECT id, s, k FROM r ORDER BY s NULLS LAST'));
    const rows: unknown[][] = [];
    while (f.more) rows.push([f.int(), f.str(), f.oneOf(['pass', 'pass_after_reinspection'])]);
    assert.deepEqual(rows, [
      [1234567890123456, '', null],
      [1, 'a\tb\\c', 'pass'],
      [4, '济南', 'other'],
      [-20, null, 'pass_after_reinspection'],
    ]);
    assert.throws(() => new CopyReader('x1\n').int(), /not an integer/);
  });

  test('a duplicate key fails the whole COPY with the engine’s code, writing nothing', async () => {
    await assert.rejects(copyIn(lite, 't', ['id', 's', 'd'], [[4, 'new', null], [1, 'again', null]]), { code: '23505' });
    assert.deepEqual(await copyOut(lite, 'SELECT count(*) FROM t'), [['3']]);
  });
});
