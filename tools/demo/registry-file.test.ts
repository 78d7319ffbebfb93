import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { FIELD_ORDER, generateRows, ZH_HEADERS, type DemoRow } from './generate-province.ts';
import { csvLine, writeRegistryFile } from './registry-file.ts';

const TODAY = '2026-11-29';
const rows = () => generateRows({ elevators: 300, seed: 3, today: TODAY });
const asCells = (r: DemoRow) => FIELD_ORDER.map((k) => r[k]);
let dir: string;

describe('writeRegistryFile', () => {
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-file-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('quotes values with commas, quotes or line breaks', () => {
    const row = { ...rows().next().value!, address: '青岛市,市南区', placeName: '“阳光”"花园"', model: 'A\nB' };
    const [parsed] = parse(csvLine(row)) as string[][];
    assert.deepEqual(parsed, asCells(row));
  });

  it('writes GBK CSV with the Chinese template headers that reads back to the same rows', async () => {
    const out = path.join(dir, 'gbk.csv');
    assert.equal(await writeRegistryFile(rows(), { out, format: 'csv', encoding: 'gbk' }), 300);
    const bytes = fs.readFileSync(out);
    assert.throws(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes), TypeError, 'GBK bytes are not UTF-8');
    const [header, ...body] = parse(iconv.decode(bytes, 'gbk')) as string[][];
    assert.deepEqual(header, [...ZH_HEADERS]);
    assert.deepEqual(body, [...rows()].map(asCells));
  });

  it('writes UTF-8 with a BOM and English headers on request', async () => {
    const out = path.join(dir, 'bom.csv');
    await writeRegistryFile(rows(), { out, format: 'csv', encoding: 'utf8bom', headers: 'en' });
    const text = fs.readFileSync(out, 'utf8');
    assert.ok(text.startsWith('\uFEFFregistrationCode,equipmentCode,'));
    assert.equal(text.split('\r\n').length, 302, 'header, 300 rows, trailing CRLF');
  });

  it('writes XLSX with every value kept as text', async () => {
    const out = path.join(dir, 'registry.xlsx');
    await writeRegistryFile(rows(), { out, format: 'xlsx' });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    const sheet = workbook.worksheets[0];
    const read = (n: number) => FIELD_ORDER.map((_, i) => String(sheet.getRow(n).getCell(i + 1).value ?? ''));
    assert.deepEqual(read(1), [...ZH_HEADERS]);
    assert.equal(sheet.rowCount, 301);
    assert.deepEqual(read(2), asCells(rows().next().value!));
    await assert.rejects(writeRegistryFile(rows(), { out, format: 'xlsx', encoding: 'gbk' }), /UTF-8/);
  });
});
