// The API client: PostgREST requests through @supabase/postgrest-js (the client the
// mobile apps use), the webhook service's /payments through fetch, and every error
// turned into ApiError with the API's stable code.
import { PostgrestClient } from '@supabase/postgrest-js';
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

export type FilterValue = string | number | boolean | null | undefined;
/**
 * PostgREST filters as `{ column: 'operator.value' }` (`{ status: 'eq.pending' }`; an array
 * for several conditions on one column: `{ start_at: ['gte.…', 'lt.…'] }`), plus `select`,
 * `order` (`'start_at.asc,id.desc'`) and `or` (`'(a.eq.1,b.eq.2)'`); empty values are dropped.
 */
export type Query = Record<string, FilterValue | FilterValue[]>;

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

/** The caller's session, or ApiError session_expired (and the app goes to login) when its token lapsed. */
function liveSession(anonymous: boolean | undefined) {
  const session = anonymous ? null : getSession();
  if (session && session.expiresAt && session.expiresAt <= Date.now()) {
    clearSession();
    unauthorizedHandler?.();
    throw new ApiError(401, { code: 'session_expired', message: 'Session expired' });
  }
  return session;
}

/** A 401 answered to a signed-in request ends the session. */
function endSessionOn401(status: number, hadSession: boolean): void {
  if (status === 401 && hadSession) {
    clearSession();
    unauthorizedHandler?.();
  }
}

/** fetch for the webhook service (not PostgREST): JSON in and out, the token, ApiError on failure. */
export async function request(url: string, opts: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json', ...opts.headers };
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  const session = liveSession(opts.anonymous);
  if (session) headers.Authorization = `Bearer ${session.token}`;
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
    endSessionOn401(res.status, session !== null);
    throw new ApiError(res.status, body && typeof body === 'object' ? (body as ApiErrorBody) : { message: String(body ?? '') });
  }
  return res;
}

/** A PostgREST client for one request: the API at /api of this origin, with the caller's token. */
function postgrest(anonymous?: boolean): { db: PostgrestClient; signedIn: boolean } {
  const session = liveSession(anonymous);
  const headers: Record<string, string> = session ? { Authorization: `Bearer ${session.token}` } : {};
  // Looked up at call time, so a test's stubbed fetch is the one used.
  const db = new PostgrestClient(new URL(API_BASE, window.location.origin).toString(), {
    headers,
    fetch: (input, init) => fetch(input, init),
  });
  return { db, signedIn: session !== null };
}

interface PostgrestAnswer {
  error: { message?: string; code?: string; details?: string | null; hint?: string | null } | null;
  status: number;
}

/** postgrest-js answers errors instead of throwing them: throw them as ApiError (or the abort). */
function raiseFor(answer: PostgrestAnswer, signedIn: boolean, signal?: AbortSignal): void {
  if (!answer.error) return;
  if (signal?.aborted) throw new DOMException('The request was aborted', 'AbortError');
  if (answer.status === 0) {
    // postgrest-js reports a fetch that failed as status 0, "<name>: <message>".
    throw new ApiError(0, { code: 'network_error', message: answer.error.message || 'Network error' });
  }
  endSessionOn401(answer.status, signedIn);
  throw new ApiError(answer.status, answer.error);
}

export interface Page<T> {
  rows: T[];
  total: number | null;
  from: number | null;
  to: number | null;
}

/** The part of postgrest-js's read builder used here (its generics describe typed schemas we do not generate). */
interface ReadBuilder extends PromiseLike<PostgrestAnswer & { data: unknown; count: number | null }> {
  filter(column: string, operator: string, value: unknown): ReadBuilder;
  order(column: string, options: { ascending: boolean; nullsFirst?: boolean }): ReadBuilder;
  or(filters: string): ReadBuilder;
  range(from: number, to: number): ReadBuilder;
  abortSignal(signal: AbortSignal): ReadBuilder;
}

/** Apply a Query's filters and order to a postgrest-js request. */
function applyQuery(builder: ReadBuilder, query: Query | undefined): ReadBuilder {
  let b = builder;
  for (const [key, raw] of Object.entries(query ?? {})) {
    if (key === 'select') continue;
    for (const v of Array.isArray(raw) ? raw : [raw]) {
      if (v === undefined || v === null || v === '') continue;
      const value = String(v);
      if (key === 'order') {
        for (const term of value.split(',')) {
          const [column, direction, nulls] = term.split('.');
          b = b.order(column, {
            ascending: direction !== 'desc',
            nullsFirst: nulls === undefined ? undefined : nulls === 'nullsfirst',
          });
        }
      } else if (key === 'or') {
        b = b.or(value.replace(/^\((.*)\)$/, '$1'));
      } else if (key === 'and' || key === 'not') {
        throw new TypeError(`Query: write "${key}" as one filter per condition ({ column: ['gte.…', 'lt.…'] })`);
      } else {
        const dot = value.indexOf('.');
        if (dot <= 0) throw new TypeError(`Query: "${key}" needs "operator.value", got "${value}"`);
        b = b.filter(key, value.slice(0, dot), value.slice(dot + 1));
      }
    }
  }
  return b;
}

/** GET /<view> with filters; with `page`, that page of `perPage` rows and the exact total. */
export async function list<T>(
  view: string,
  query?: Query,
  opts: { page?: number; perPage?: number; signal?: AbortSignal } = {},
): Promise<Page<T>> {
  const { db, signedIn } = postgrest();
  const select = typeof query?.select === 'string' && query.select ? query.select : '*';
  const read = db.from(view).select(select, opts.page !== undefined ? { count: 'exact' } : undefined);
  let b = applyQuery(read as unknown as ReadBuilder, query);
  let first: number | null = null;
  if (opts.page !== undefined) {
    const perPage = opts.perPage ?? 25;
    first = opts.page * perPage;
    b = b.range(first, first + perPage - 1);
  }
  if (opts.signal) b = b.abortSignal(opts.signal);
  const answer = await b;
  raiseFor(answer, signedIn, opts.signal);
  const rows = (answer.data ?? []) as T[];
  const from = rows.length ? (first ?? 0) : null;
  return { rows, total: answer.count, from, to: from === null ? null : from + rows.length - 1 };
}

/** GET /<view> returning exactly one row, or ApiError not_found when there is none. */
export async function getOne<T>(view: string, query: Query, signal?: AbortSignal): Promise<T> {
  const { rows } = await list<T>(view, query, { signal });
  if (rows.length === 0) throw new ApiError(404, { code: 'not_found', message: 'Not found' });
  return rows[0];
}

/** POST /rpc/<fn> with named arguments. */
export async function rpc<T>(fn: string, args: Record<string, unknown> = {}, opts: RequestOptions = {}): Promise<T> {
  const { db, signedIn } = postgrest(opts.anonymous);
  let b = db.rpc(fn, args);
  if (opts.signal) b = b.abortSignal(opts.signal);
  const answer = await b;
  raiseFor(answer, signedIn, opts.signal);
  return answer.data as T;
}

/** POST to the webhook service (/payments/...). */
export async function payments<T>(path: string, body: unknown): Promise<T> {
  const res = await request(`${PAYMENTS_BASE}/${path.replace(/^\//, '')}`, { method: 'POST', body });
  return (await readBody(res)) as T;
}
