import type { PGlite } from '@electric-sql/pglite';

/**
 * Bulk transfer for the embedded engine (PGlite) through its `/dev/blob` device: `COPY (SELECT …) TO` hands a whole
 * result back as one text blob and `COPY … FROM` takes one, instead of a protocol message per row parsed twice (by
 * PGlite's node-postgres adapter, then by pg). For a province's million schedules that is most of the reading time.
 *
 * COPY takes no bind parameters: callers inline integers and validated dates only. The statement runs on the
 * engine's one session, so the caller must hold the pool's (only) connection — a Kysely transaction — while it runs.
 */

/** The result of `select` in COPY's text format (one line per row, fields tab-separated). */
export async function copyOutText(lite: PGlite, select: string): Promise<string> {
  const res = await lite.query(`COPY (${select}) TO '/dev/blob'`);
  return res.blob ? await res.blob.text() : '';
}

/** Rows of `select` as arrays of text fields (null for SQL NULL), in COPY's text format. */
export async function copyOut(lite: PGlite, select: string): Promise<(string | null)[][]> {
  const text = await copyOutText(lite, select);
  const rows: (string | null)[][] = [];
  let start = 0;
  for (;;) {
    const end = text.indexOf('\n', start);
    if (end < 0) break;
    const fields: (string | null)[] = text.slice(start, end).split('\t');
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i]!;
      if (f === '\\N') fields[i] = null;
      else if (f.includes('\\')) fields[i] = unescape(f);
    }
    rows.push(fields);
    start = end + 1;
  }
  return rows;
}

/**
 * Reads COPY text output field by field, in order, without an array per row or a string per integer or enumerated
 * value (a million rows' worth of those was most of the reading time, in the garbage collector). Each read consumes
 * the field and the tab or newline after it.
 */
export class CopyReader {
  private p = 0;
  constructor(private readonly text: string) {}

  /** Whether a row is left to read. */
  get more(): boolean {
    return this.p < this.text.length;
  }

  private end(): number {
    const t = this.text;
    let e = this.p;
    for (let c = t.charCodeAt(e); c !== 9 && c !== 10 && e < t.length; c = t.charCodeAt(++e));
    return e;
  }

  private isNull(): boolean {
    const t = this.text;
    if (t.charCodeAt(this.p) !== 92 || t.charCodeAt(this.p + 1) !== 78) return false; // \N
    const c = t.charCodeAt(this.p + 2);
    if (c !== 9 && c !== 10 && this.p + 2 < t.length) return false;
    this.p += 3;
    return true;
  }

  str(): string | null {
    if (this.isNull()) return null;
    const e = this.end();
    const f = this.text.slice(this.p, e);
    this.p = e + 1;
    return f.includes('\\') ? unescape(f) : f;
  }

  /** An integer field (ids, epoch milliseconds: exact below 2^53 / 10). */
  int(): number | null {
    if (this.isNull()) return null;
    const t = this.text;
    let e = this.p;
    const neg = t.charCodeAt(e) === 45;
    if (neg) e++;
    let n = 0;
    for (let c = t.charCodeAt(e); c >= 48 && c <= 57; c = t.charCodeAt(++e)) n = n * 10 + c - 48;
    const c = t.charCodeAt(e);
    if (c !== 9 && c !== 10 && e < t.length) throw new Error(`not an integer at ${this.p}: ${t.slice(this.p, this.end())}`);
    this.p = e + 1;
    return neg ? -n : n;
  }

  /** A field expected to be one of `values` (returned as that very string); any other text is returned as read. */
  oneOf<T extends string>(values: readonly T[]): T | null {
    if (this.isNull()) return null;
    const t = this.text;
    for (const v of values) {
      if (!t.startsWith(v, this.p)) continue;
      const c = t.charCodeAt(this.p + v.length);
      if (c === 9 || c === 10 || this.p + v.length >= t.length) {
        this.p += v.length + 1;
        return v;
      }
    }
    return this.str() as T;
  }
}

const ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };
const unescape = (f: string) => f.replace(/\\(.)/g, (_, c: string) => ESCAPES[c] ?? c);
const escape = (v: string) => v.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));

/** Appends `rows` to `table (columns)` with one COPY; null is SQL NULL. Throws the engine's error (code 23505 …). */
export async function copyIn(lite: PGlite, table: string, columns: string[], rows: (string | number | null)[][]): Promise<void> {
  if (!rows.length) return;
  const lines: string[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) lines[i] = rows[i]!.map((v) => (v === null ? '\\N' : typeof v === 'number' ? String(v) : escape(v))).join('\t');
  await lite.query(`COPY ${table} (${columns.join(', ')}) FROM '/dev/blob'`, [], { blob: new Blob([`${lines.join('\n')}\n`]) });
}

/** A compiled query with its parameters written in, for COPY; only integers are accepted (anything else throws). */
export function inline(q: { sql: string; parameters: readonly unknown[] }): string {
  return q.sql.replace(/\$(\d+)/g, (_, n: string) => {
    const v = q.parameters[Number(n) - 1];
    if (typeof v !== 'number' || !Number.isInteger(v)) throw new Error(`not an integer: ${String(v)}`);
    return String(v);
  });
}
