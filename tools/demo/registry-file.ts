import fs from 'node:fs';
import { once, type EventEmitter } from 'node:events';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { FIELD_ORDER, ZH_HEADERS, type DemoRow } from './generate-province.ts';

/**
 * Writes registry rows as an import-template file (CSV in UTF-8, UTF-8 with BOM or GBK; or XLSX), streaming:
 * rows are consumed one at a time and written a chunk at a time with backpressure, so a million rows
 * (~450 MB of CSV) never sit in memory.
 */

export type FileEncoding = 'utf8' | 'utf8bom' | 'gbk';

export interface RegistryFileOptions {
  out: string;
  format: 'csv' | 'xlsx';
  /** CSV only; XLSX is always UTF-8 inside. */
  encoding?: FileEncoding;
  /** Chinese template headers (default) or the English field keys, both accepted by the importer. */
  headers?: 'zh' | 'en';
}

/** Excel's sheet limit, less the header row. */
export const XLSX_MAX_ROWS = 1_048_575;
/** Rows per write: large enough to amortise encoding and stream calls, small enough to keep memory flat. */
const CHUNK_ROWS = 2000;

const NEEDS_QUOTES = /[",\r\n]/;
function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

const SEPARATORS = FIELD_ORDER.length - 1;
const NEEDS_QUOTES_IN_LINE = /["\r\n]/;
const fields: string[] = new Array(FIELD_ORDER.length);

/** True when a joined line has no quote or line break and no comma besides the separators. */
function plainLine(line: string): boolean {
  if (NEEDS_QUOTES_IN_LINE.test(line)) return false;
  let commas = 0;
  for (let i = line.indexOf(','); i !== -1; i = line.indexOf(',', i + 1)) commas++;
  return commas === SEPARATORS;
}

/**
 * One CRLF-terminated record. Joining first and checking the whole line once costs far less than testing 28
 * fields one by one; the rare line with a comma or quote inside a value is rebuilt field by field.
 */
export function csvLine(row: DemoRow): string {
  for (let i = 0; i < FIELD_ORDER.length; i++) fields[i] = row[FIELD_ORDER[i]];
  let line = fields.join(',');
  if (!plainLine(line)) line = fields.map(csvField).join(',');
  return line + '\r\n';
}

async function writeCsv(opts: RegistryFileOptions, rows: Iterable<DemoRow>, headers: readonly string[]): Promise<number> {
  const out = fs.createWriteStream(opts.out);
  let failure: Error | undefined;
  out.on('error', (err) => (failure = err));
  const write = async (text: string) => {
    if (failure) throw failure;
    // GBK is encoded per chunk: iconv-lite is stateless for GBK, and chunks end on whole lines anyway.
    const ok = opts.encoding === 'gbk' ? out.write(iconv.encode(text, 'gbk')) : out.write(text, 'utf8');
    if (!ok) await once(out, 'drain'); // rejects if the stream fails meanwhile
  };
  // Excel needs the BOM to read UTF-8 CSV; other tools prefer it absent.
  await write((opts.encoding === 'utf8bom' ? '\uFEFF' : '') + headers.map(csvField).join(',') + '\r\n');
  let chunk = '';
  let n = 0;
  for (const row of rows) {
    chunk += csvLine(row);
    if (++n % CHUNK_ROWS === 0) {
      await write(chunk);
      chunk = '';
    }
  }
  if (chunk) await write(chunk);
  out.end();
  await once(out, 'close');
  if (failure) throw failure;
  return n;
}

/**
 * exceljs's sheet stream writes into archiver's entry stream without heeding its backpressure, and the deflate
 * behind it advances only when the event loop turns. So: yield often, and when the entry stream holds more than
 * XLSX_BACKLOG bytes wait for it to drain; otherwise a big sheet piles up in memory (measured: 1.4 MB per
 * 1,000 rows, then flat at ~150 MB with this). The entry stream is an exceljs internal, hence the guards.
 */
const XLSX_YIELD_ROWS = 250;
const XLSX_BACKLOG = 4 << 20;

async function letSheetDrain(sheet: object): Promise<void> {
  const sink = (sheet as unknown as { stream?: { pipes?: (EventEmitter & { _writableState?: { length: number } })[] } }).stream?.pipes?.[0];
  if (sink && (sink._writableState?.length ?? 0) > XLSX_BACKLOG) await once(sink, 'drain');
  else await new Promise((resolve) => setImmediate(resolve));
}

async function writeXlsx(opts: RegistryFileOptions, rows: Iterable<DemoRow>, headers: readonly string[]): Promise<number> {
  if (opts.encoding && opts.encoding !== 'utf8') throw new Error('XLSX is always UTF-8: encoding applies to CSV only');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: opts.out, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet('电梯使用登记');
  sheet.addRow([...headers]).commit();
  let n = 0;
  for (const row of rows) {
    if (++n > XLSX_MAX_ROWS) throw new Error(`An XLSX sheet holds at most ${XLSX_MAX_ROWS} data rows`);
    // Every value stays a string: 20-digit codes would lose digits as numbers, and 1.0 would become 1.
    sheet.addRow(FIELD_ORDER.map((k) => row[k])).commit();
    if (n % XLSX_YIELD_ROWS === 0) await letSheetDrain(sheet);
  }
  sheet.commit();
  await workbook.commit();
  return n;
}

/** Writes the rows; resolves with the number of rows written once the file is complete. */
export function writeRegistryFile(rows: Iterable<DemoRow>, opts: RegistryFileOptions): Promise<number> {
  const headers = opts.headers === 'en' ? FIELD_ORDER : ZH_HEADERS;
  return opts.format === 'xlsx' ? writeXlsx(opts, rows, headers) : writeCsv(opts, rows, headers);
}
