import type { FormInstance } from 'antd';
import type { ApiError, FieldError } from '../api/http.ts';

/** `licences.0.number` or `licences[0].number` → ['licences', 0, 'number'] (an antd name path). */
export function fieldPath(field: string): (string | number)[] {
  return field
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter(Boolean)
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/**
 * Shows the server's `details.fields` on the matching form items; returns the problems whose field is
 * not on the form, so the caller can list them above it.
 */
export function applyServerErrors(form: FormInstance, error: ApiError, aliases: Record<string, string> = {}): FieldError[] {
  const unmatched: FieldError[] = [];
  const registered = new Set(form.getFieldsError().map((e) => e.name.join('.')));
  const byName = new Map<string, string[]>();
  for (const f of error.fields) {
    const key = fieldPath(aliases[f.field] ?? f.field).join('.');
    if (!registered.has(key)) {
      unmatched.push(f);
      continue;
    }
    byName.set(key, [...(byName.get(key) ?? []), f.message]);
  }
  form.setFields([...byName].map(([key, errors]) => ({ name: fieldPath(key), errors })));
  return unmatched;
}
