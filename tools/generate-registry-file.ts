/**
 * Writes a synthetic Shandong elevator registry in the import template, for demos and import benchmarks:
 *
 *   npx tsx tools/generate-registry-file.ts --rows 1000000 --out /tmp/registry.csv
 *     [--encoding utf8|utf8bom|gbk] [--format csv|xlsx] [--seed 1] [--headers zh|en] [--today YYYY-MM-DD]
 *
 * The format defaults to the output file's extension (.xlsx) or CSV. Rows are streamed: memory stays flat.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { generateRows } from './demo/generate-province.ts';
import { writeRegistryFile, XLSX_MAX_ROWS, type RegistryFileOptions } from './demo/registry-file.ts';

function fail(message: string): never {
  console.error(`generate-registry-file: ${message}`);
  process.exit(2);
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) fail(`--${name} must be one of ${allowed.join(', ')}, got ${value}`);
  return value as T;
}

function readOptions(): RegistryFileOptions & { rows: number; seed: number; today?: string } {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string', default: '1000' },
      out: { type: 'string' },
      encoding: { type: 'string', default: 'utf8' },
      format: { type: 'string' },
      seed: { type: 'string', default: '1' },
      headers: { type: 'string', default: 'zh' },
      today: { type: 'string' },
    },
  });
  const rows = Number(values.rows);
  const seed = Number(values.seed);
  if (!values.out) fail('--out FILE is required');
  if (!Number.isInteger(rows) || rows < 0) fail(`--rows must be a non-negative integer, got ${values.rows}`);
  if (!Number.isInteger(seed)) fail(`--seed must be an integer, got ${values.seed}`);
  const format = oneOf('format', values.format ?? (values.out.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'csv'), ['csv', 'xlsx'] as const);
  const encoding = oneOf('encoding', values.encoding!, ['utf8', 'utf8bom', 'gbk'] as const);
  if (format === 'xlsx' && encoding !== 'utf8') fail('--encoding applies to CSV only (XLSX is always UTF-8 inside)');
  if (format === 'xlsx' && rows > XLSX_MAX_ROWS) fail(`an XLSX sheet holds at most ${XLSX_MAX_ROWS} data rows`);
  const headers = oneOf('headers', values.headers!, ['zh', 'en'] as const);
  return { rows, seed, today: values.today, out: values.out, format, encoding, headers };
}

const opts = readOptions();
try {
  const started = performance.now();
  const written = await writeRegistryFile(generateRows({ elevators: opts.rows, seed: opts.seed, today: opts.today }), opts);
  const seconds = (performance.now() - started) / 1000;
  const mb = fs.statSync(opts.out).size / 1e6;
  const kind = opts.format === 'xlsx' ? 'xlsx' : `csv, ${opts.encoding}`;
  console.log(`${written} rows → ${opts.out} (${kind}, ${mb.toFixed(1)} MB) in ${seconds.toFixed(1)} s: ${Math.round(written / seconds)} rows/s`);
} catch (err) {
  fail((err as Error).message);
}
