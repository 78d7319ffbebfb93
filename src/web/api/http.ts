import { t } from '../i18n.ts';

const TOKEN_KEY = 'liftsafe.token';

/** One field problem as the server reports it in `details.fields`. */
export interface FieldError {
  field: string;
  message: string;
}

/** A failed API call: the server's stable code and its Chinese message for people. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: { fields?: FieldError[] } & Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get fields(): FieldError[] {
    return this.details?.fields ?? [];
  }
}

export function getToken(): string | null {
  return localStorage.getItem(TOKEN_KEY);
}

export function setToken(token: string | null): void {
  if (token) localStorage.setItem(TOKEN_KEY, token);
  else localStorage.removeItem(TOKEN_KEY);
}

/** 401 codes the login page explains (session ended by time): the others need no explanation. */
export const SESSION_END_CODES = ['SESSION_EXPIRED', 'SESSION_IDLE'] as const;

/** `/login?next=…[&reason=CODE]`: where a 401 sends the user. */
export function loginPath(code: string | undefined, current: string): string {
  const reason = (SESSION_END_CODES as readonly string[]).includes(code ?? '') ? `&reason=${code}` : '';
  return `/login?next=${encodeURIComponent(current)}${reason}`;
}

let onUnauthorized: (code?: string) => void = (code) => {
  if (window.location.pathname.startsWith('/login')) return;
  window.location.assign(loginPath(code, window.location.pathname + window.location.search));
};

/** Replaces what happens on a 401 (default: go to /login, coming back afterwards, saying why the session ended). */
export function setUnauthorizedHandler(handler: (code?: string) => void): void {
  onUnauthorized = handler;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

/** `?a=1&b=x` from the defined, non-empty values. */
export function toQueryString(query?: Query): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}

export interface RequestOptions {
  method?: string;
  query?: Query;
  /** JSON-encoded unless it is already a Blob/File (sent raw). */
  body?: unknown;
  headers?: Record<string, string>;
  /** Public endpoints: no token, and a 401 is an ordinary error. */
  anonymous?: boolean;
  /** Aborts the request (and, for a stream, the body being read). */
  signal?: AbortSignal;
}

async function errorFrom(res: Response): Promise<ApiError> {
  try {
    const body = (await res.json()) as { error?: { code?: string; message?: string; details?: ApiError['details'] } };
    if (body.error?.message) return new ApiError(res.status, body.error.code ?? 'ERROR', body.error.message, body.error.details);
  } catch {
    // Not JSON (a proxy page, an empty body): fall through to a generic message.
  }
  return new ApiError(res.status, 'HTTP_' + res.status, t('web.common.unknownError', { status: res.status }));
}

/** Calls the API and returns the raw response once it is known to be OK; throws ApiError otherwise. */
export async function send(path: string, opts: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json', ...opts.headers };
  const token = opts.anonymous ? null : getToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  let body: BodyInit | undefined;
  if (opts.body instanceof Blob) body = opts.body;
  else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  let res: Response;
  try {
    res = await fetch(path + toQueryString(opts.query), { method: opts.method ?? 'GET', headers, body, signal: opts.signal });
  } catch {
    throw new ApiError(0, 'NETWORK', t('web.common.networkError'));
  }
  if (res.ok) return res;
  const error = await errorFrom(res);
  if (res.status === 401 && !opts.anonymous) {
    setToken(null);
    onUnauthorized(error.code);
  }
  throw error;
}

/** JSON request → typed response (204 → undefined). */
export async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const res = await send(path, opts);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

/** File name from `Content-Disposition` (RFC 5987 `filename*` first), or the fallback. */
export function fileNameFrom(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const star = /filename\*=(?:UTF-8'')?([^;]+)/i.exec(disposition);
  if (star) return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''));
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  return plain ? plain[1] : fallback;
}

/** Downloads an authenticated file: fetch with the bearer header, then save the blob. */
export async function download(path: string, query: Query, fallbackName: string): Promise<void> {
  const res = await send(path, { query, headers: { Accept: '*/*' } });
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileNameFrom(res.headers.get('Content-Disposition'), fallbackName);
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
