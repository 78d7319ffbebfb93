import { CsvTokenizer } from './csv-tokenizer.ts';

/** A whole small CSV (vendored reference files) as objects keyed by the header row. */
export function parseSimpleCsv(text: string): Record<string, string>[] {
  const t = new CsvTokenizer();
  const [header, ...body] = [...t.push(text), ...t.end()].map((r) => r.cells);
  if (!header) return [];
  return body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

/** One CSV cell, quoted when it holds a quote, comma or line break. */
export function csvCell(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV line (CRLF, as Excel writes). */
export function csvLine(cells: readonly string[]): string {
  return cells.map(csvCell).join(',') + '\r\n';
}
