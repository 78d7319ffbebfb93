import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { guardedSink } from '../../server/files/guarded-write.ts';
import { CsvTokenizer } from '../../lib/csv-tokenizer.ts';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';

/** One data row of an import file: its 1-based line (the header is line 1) and its cells. */
export interface FileRow {
  line: number;
  cells: unknown[];
}

export type FileFormat = 'csv' | 'xlsx';
export type TextEncoding = 'utf8' | 'gbk';

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** XLSX is a zip: tell the formats apart by the file's first bytes, not by what the client claims. */
export async function sniffFormat(file: string): Promise<FileFormat> {
  const fd = await fs.promises.open(file, 'r');
  try {
    const buf = Buffer.alloc(4);
    await fd.read(buf, 0, 4, 0);
    return buf.equals(ZIP_MAGIC) ? 'xlsx' : 'csv';
  } finally {
    await fd.close();
  }
}

/**
 * UTF-8 (with or without BOM) or GBK, decided from the first megabyte: real GBK text with Chinese in it is
 * practically never valid UTF-8. A character cut at the sample's end does not count against UTF-8.
 */
export async function sniffEncoding(file: string): Promise<TextEncoding> {
  const fd = await fs.promises.open(file, 'r');
  try {
    const buf = Buffer.alloc(1 << 20);
    const { bytesRead } = await fd.read(buf, 0, buf.length, 0);
    const sample = buf.subarray(0, bytesRead);
    if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf8';
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: bytesRead === buf.length });
      return 'utf8';
    } catch {
      return 'gbk';
    }
  } finally {
    await fd.close();
  }
}

/** Counts newline bytes: a quick estimate of rows for the progress bar before parsing starts. */
export async function countLines(file: string): Promise<number> {
  let n = 0;
  let last = 10;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    let i = -1;
    while ((i = chunk.indexOf(10, i + 1)) !== -1) n++;
    last = chunk[chunk.length - 1];
  }
  return last === 10 ? n : n + 1;
}

/** Rows of a CSV file, decoded, with the header as the first row (line 1). */
export async function* readCsv(file: string, encoding: TextEncoding): AsyncGenerator<FileRow> {
  const decoder = encoding === 'gbk' ? iconv.getDecoder('gbk') : new TextDecoder('utf-8');
  const decode = (chunk?: Buffer): string =>
    decoder instanceof TextDecoder ? decoder.decode(chunk, { stream: chunk !== undefined }) : chunk ? decoder.write(chunk) : (decoder.end() ?? '');
  const tokenizer = new CsvTokenizer();
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    for (const rec of tokenizer.push(decode(chunk))) yield rec;
  }
  for (const rec of tokenizer.push(decode())) yield rec;
  for (const rec of tokenizer.end()) yield rec;
}

/** Rows of the first worksheet of an XLSX file, streamed (a million rows never sit in memory at once). */
export async function* readXlsx(file: string): AsyncGenerator<FileRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    entries: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    worksheets: 'emit',
  });
  for await (const sheet of reader) {
    for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
      const values = Array.isArray(row.values) ? row.values.slice(1) : [];
      yield { line: row.number, cells: values.map(cellValue) };
    }
    return; // first worksheet only
  }
}

function cellValue(v: unknown): unknown {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v;
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; text?: unknown; result?: unknown };
    if (o.richText) return o.richText.map((t) => t.text).join('');
    if ('result' in o) return cellValue(o.result);
    if ('text' in o) return String(o.text);
  }
  return v;
}

/**
 * Streams a request body into a file, returning its size and SHA-256. A failed write (a full disk) rejects and removes
 * the partial file; it used to leave the request hanging for ever (found by `npm run faults` disk-full: the write
 * stream's 'close' came before the code waited for it). Each write has a deadline (FILE_WRITE_TIMEOUT_MS): a stalled
 * disk answers 503 STORAGE_SLOW (guarded-write.ts).
 */
export async function saveStream(stream: NodeJS.ReadableStream, file: string, hash: import('node:crypto').Hash): Promise<number> {
  let size = 0;
  try {
    await pipeline(
      stream as NodeJS.ReadableStream & AsyncIterable<Buffer>,
      async function* (source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
        for await (const chunk of source) {
          size += chunk.length;
          hash.update(chunk);
          yield chunk;
        }
      },
      guardedSink(file),
    );
  } catch (err) {
    await fs.promises.unlink(file).catch(() => {});
    throw err;
  }
  return size;
}
