// A small PostgREST client: JSON over fetch, Range/Content-Range paging, PostgREST
// filters, and errors turned into ApiError with the API's stable code.
import { clearSession, getSession } from './session';

export const API_BASE = '/api';
export const PAYMENTS_BASE = '/payments';

export interface ApiErrorBody {
  code?: string;
  message?: string;
  details?: string | null;
  hint?: string | null;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: string | null;
  readonly hint: string | null;

  constructor(status: number, body: ApiErrorBody) {
    super(body.message || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code || `http_${status}`;
    this.details = body.details ?? null;
    this.hint = body.hint ?? null;
  }

  /** Slot ids listed in `details` of a slot_unavailable error ("101,102"). */
  get slotIds(): number[] {
    if (!this.details) return [];
    return this.details
      .split(',')
      .map((s) => Number(s.trim()))
      .filter((n) => Number.isInteger(n) && n > 0);
  }
}

/** The session ended (401 from the API, or the token expired): the app goes to login. */
let unauthorizedHandler: (() => void) | null = null;
export function onUnauthorized(handler: (() => void) | null): void {
  unauthorizedHandler = handler;
}

/** Parse a Content-Range header: "0-24/230", "*\/0", "0-24/*". */
export interface ContentRange {
  from: number | null;
  to: number | null;
  total: number | null;
}
export function parseContentRange(header: string | null | undefined): ContentRange {
  const empty: ContentRange = { from: null, to: null, total: null };
  if (!header) return empty;
  const m = /^\s*(?:[a-z]+\s+)?(\*|(\d+)-(\d+))\/(\*|\d+)\s*$/i.exec(header);
  if (!m) return empty;
  return {
    from: m[2] !== undefined ? Number(m[2]) : null,
    to: m[3] !== undefined ? Number(m[3]) : null,
    total: m[4] === '*' ? null : Number(m[4]),
  };
}

/** A Range header value for page `page` (0-based) of `perPage` rows. */
export function rangeHeader(page: number, perPage: number): string {
  const from = page * perPage;
  return `${from}-${from + perPage - 1}`;
}

export type FilterValue = string | number | boolean | null | undefined;
/** Query parameters: `{ status: 'eq.pending', order: 'start_at.asc' }`; empty values are dropped. */
export type Query = Record<string, FilterValue | FilterValue[]>;

export function buildQuery(query: Query | undefined): string {
  if (!query) return '';
  const parts: string[] = [];
  for (const [key, raw] of Object.entries(query)) {
    const values = Array.isArray(raw) ? raw : [raw];
    for (const v of values) {
      if (v === undefined || v === null || v === '') continue;
      parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(v))}`);
    }
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

/** Quote a value for use inside in.(...), or=(...), and=(...) lists. */
export function pgrstQuote(value: string | number): string {
  const s = String(value);
  return /[,.:()"\\\s]/.test(s) ? `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"` : s;
}

export function inList(values: (string | number)[]): string {
  return `in.(${values.map(pgrstQuote).join(',')})`;
}

interface RequestOptions {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Do not send the token (login). */
  anonymous?: boolean;
}

async function readBody(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export async function request(url: string, opts: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json', ...opts.headers };
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  const session = opts.anonymous ? null : getSession();
  if (session) {
    if (session.expiresAt && session.expiresAt <= Date.now()) {
      clearSession();
      unauthorizedHandler?.();
      throw new ApiError(401, { code: 'session_expired', message: 'Session expired' });
    }
    headers.Authorization = `Bearer ${session.token}`;
  }
  let res: Response;
  try {
    res = await fetch(url, {
      method: opts.method ?? 'GET',
      headers,
      body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
      signal: opts.signal,
    });
  } catch (e) {
    if ((e as Error)?.name === 'AbortError') throw e;
    throw new ApiError(0, { code: 'network_error', message: (e as Error)?.message || 'Network error' });
  }
  if (!res.ok) {
    const body = await readBody(res);
    const err = new ApiError(
      res.status,
      body && typeof body === 'object' ? (body as ApiErrorBody) : { message: String(body ?? '') },
    );
    if (res.status === 401 && session) {
      clearSession();
      unauthorizedHandler?.();
    }
    throw err;
  }
  return res;
}

export interface Page<T> {
  rows: T[];
  total: number | null;
  from: number | null;
  to: number | null;
}

/** GET /<view> with filters; with `page`, sends Range and asks for an exact count. */
export async function list<T>(
  view: string,
  query?: Query,
  opts: { page?: number; perPage?: number; signal?: AbortSignal } = {},
): Promise<Page<T>> {
  const headers: Record<string, string> = {};
  if (opts.page !== undefined) {
    headers.Range = rangeHeader(opts.page, opts.perPage ?? 25);
    headers.Prefer = 'count=exact';
  }
  const res = await request(`${API_BASE}/${view}${buildQuery(query)}`, { headers, signal: opts.signal });
  const rows = ((await readBody(res)) as T[] | null) ?? [];
  const cr = parseContentRange(res.headers.get('Content-Range'));
  return { rows, total: cr.total, from: cr.from, to: cr.to };
}

/** GET /<view> returning exactly one row, or ApiError not_found when there is none. */
export async function getOne<T>(view: string, query: Query, signal?: AbortSignal): Promise<T> {
  const { rows } = await list<T>(view, query, { signal });
  if (rows.length === 0) throw new ApiError(404, { code: 'not_found', message: 'Not found' });
  return rows[0];
}

/** POST /rpc/<fn> with named arguments. */
export async function rpc<T>(fn: string, args: Record<string, unknown> = {}, opts: RequestOptions = {}): Promise<T> {
  const res = await request(`${API_BASE}/rpc/${fn}`, { ...opts, method: 'POST', body: args });
  return (await readBody(res)) as T;
}

/** POST to the webhook service (/payments/...). */
export async function payments<T>(path: string, body: unknown): Promise<T> {
  const res = await request(`${PAYMENTS_BASE}/${path.replace(/^\//, '')}`, { method: 'POST', body });
  return (await readBody(res)) as T;
}
