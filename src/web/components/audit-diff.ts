/** One changed field of an audit entry. */
export interface Change {
  field: string;
  before: unknown;
  after: unknown;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Fields that differ between `before` and `after` (a create has no before, a delete no after). */
export function diffEntries(before: Record<string, unknown> | null, after: Record<string, unknown> | null): Change[] {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const out: Change[] = [];
  for (const field of keys) {
    const b = before?.[field];
    const a = after?.[field];
    if (!same(a, b)) out.push({ field, before: b, after: a });
  }
  return out;
}

/** A value as short text for the change table. */
export function showValue(v: unknown): string {
  if (v === undefined || v === null || v === '') return '—';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}
