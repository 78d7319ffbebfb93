import type { PGlite } from '@electric-sql/pglite';

/**
 * Bulk transfer for the embedded engine (PGlite) through its `/dev/blob` device: `COPY (SELECT …) TO` hands a whole
 * result back as one text blob and `COPY … FROM` takes one, instead of a protocol message per row parsed twice (by
 * PGlite's node-postgres adapter, then by pg). For a province's million schedules that is most of the reading time.
 *
 * COPY takes no bind parameters: callers inline integers and validated dates only. The statement runs on the
 * engine's one session, so the caller must hold the pool's (only) connection — a Kysely transaction — while it runs.
 */

/** Rows of `select` as arrays of text fields (null for SQL NULL), in COPY's text format. */
export async function copyOut(lite: PGlite, select: string): Promise<(string | null)[][]> {
  const res = await lite.query(`COPY (${select}) TO '/dev/blob'`);
  const text = res.blob ? await res.blob.text() : '';
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
