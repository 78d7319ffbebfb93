/**
 * Initial list filters from the URL, so a link (a cockpit number, a department dashboard) opens a list already
 * filtered. Unknown or malformed values are dropped; pages keep their own state after the first render.
 */
export function regionFromUrl(params: URLSearchParams): string | undefined {
  const v = params.get('regionCode') ?? '';
  return /^\d{2,6}$/.test(v) ? v : undefined;
}

/** `key` when it is one of `allowed`. */
export function oneOfFromUrl<T extends string>(params: URLSearchParams, key: string, allowed: readonly T[]): T | undefined {
  const v = params.get(key);
  return v !== null && (allowed as readonly string[]).includes(v) ? (v as T) : undefined;
}
