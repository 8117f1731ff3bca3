// The API client: PostgREST requests through @supabase/postgrest-js (the client the
// mobile apps use), the webhook service's /payments through fetch, and every error
// turned into ApiError with the API's stable code.
import { PostgrestClient } from '@supabase/postgrest-js';
import { clearSession, getSession, jwtExpiry, setSession, type Session } from './session';

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

/**
 * The session ended (401 from the API, a refresh refused, or the token expired): the app
 * goes to login. The handler gets the code: `session_revoked` when the API revoked the
 * session (logged out elsewhere, password changed or reset, a stolen refresh token used).
 */
let unauthorizedHandler: ((code: string) => void) | null = null;
export function onUnauthorized(handler: ((code: string) => void) | null): void {
  unauthorizedHandler = handler;
}

/** Told of every new token pair (a silent refresh), so the app can reschedule the next one. */
let refreshedHandler: ((session: Session) => void) | null = null;
export function onRefreshed(handler: ((session: Session) => void) | null): void {
  refreshedHandler = handler;
}

function endSession(code: string): void {
  clearSession();
  unauthorizedHandler?.(code);
}

/** A token this close to its expiry is refreshed before it is sent. */
const EXPIRY_MARGIN_MS = 10_000;

let refreshing: Promise<Session | null> | null = null;

/**
 * Exchanges the session's refresh token for a new pair (api.refresh_session), once at a
 * time: concurrent callers share one request, since a refresh token is single use and
 * presenting a spent one revokes the session. Resolves to the new session; to null when
 * the API refused (the session is over: it is cleared and the app told); rejects with
 * ApiError network_error when the API could not be reached (the session is kept).
 */
export function refreshSession(): Promise<Session | null> {
  refreshing ??= (async () => {
    const current = getSession();
    if (!current?.refreshToken) return null;
    let res: Response;
    try {
      res = await fetch(`${API_BASE}/rpc/refresh_session`, {
        method: 'POST',
        headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
        body: JSON.stringify({ refresh_token: current.refreshToken }),
      });
    } catch (e) {
      throw new ApiError(0, { code: 'network_error', message: (e as Error)?.message || 'Network error' });
    }
    const body = (await readBody(res)) as { token?: string; expires_at?: string; refresh_token?: string; code?: string } | null;
    if (res.ok && body?.token && body.refresh_token) {
      const parsed = body.expires_at ? Date.parse(body.expires_at) : NaN;
      const next: Session = {
        ...current,
        token: body.token,
        refreshToken: body.refresh_token,
        expiresAt: Number.isFinite(parsed) ? parsed : jwtExpiry(body.token),
      };
      setSession(next);
      refreshedHandler?.(next);
      return next;
    }
    if (res.status >= 500 || res.status === 429 || res.status === 0) {
      throw new ApiError(res.status, body && typeof body === 'object' ? body : {});
    }
    endSession(body?.code || 'session_revoked');
    return null;
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

/**
 * Logs out where it counts: api.logout revokes this session in the database (its tokens
 * get session_revoked from then on), then the tab forgets it. The local session goes
 * even when the API cannot be reached.
 */
export async function logoutSession(): Promise<void> {
  const session = getSession();
  clearSession();
  if (!session) return;
  try {
    await fetch(`${API_BASE}/rpc/logout`, {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json', Authorization: `Bearer ${session.token}` },
      body: '{}',
    });
  } catch {
    // offline: the access token lapses on its own; the refresh token is forgotten
  }
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

/**
 * The caller's session with a token that is still good: one about to lapse is refreshed
 * first; without a refresh token (or when the refresh is refused) ApiError
 * session_expired, and the app goes to login.
 */
async function liveSession(anonymous: boolean | undefined): Promise<Session | null> {
  const session = anonymous ? null : getSession();
  if (!session || !session.expiresAt || session.expiresAt > Date.now() + EXPIRY_MARGIN_MS) return session;
  if (session.refreshToken) {
    const next = await refreshSession();
    if (next) return next;
    throw new ApiError(401, { code: 'session_revoked', message: 'Session ended' });
  }
  if (session.expiresAt > Date.now()) return session;
  endSession('session_expired');
  throw new ApiError(401, { code: 'session_expired', message: 'Session expired' });
}

/** A 401 answered to a signed-in request ends the session. */
function endSessionOn401(status: number, hadSession: boolean, code: string | undefined): void {
  if (status === 401 && hadSession) endSession(code || 'session_expired');
}

/** PostgREST's "JWT expired" (a clock ahead of ours): worth one refresh and a retry. */
function expiredToken(status: number, code: string | undefined): boolean {
  return status === 401 && code === 'PGRST303' && Boolean(getSession()?.refreshToken);
}

/** fetch for the webhook service (not PostgREST): JSON in and out, the token, ApiError on failure. */
export async function request(url: string, opts: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json', ...opts.headers };
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  const session = await liveSession(opts.anonymous);
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
    endSessionOn401(res.status, session !== null, (body as ApiErrorBody | null)?.code);
    throw new ApiError(res.status, body && typeof body === 'object' ? (body as ApiErrorBody) : { message: String(body ?? '') });
  }
  return res;
}

/** A PostgREST client for one request: the API at /api of this origin, with the caller's token. */
async function postgrest(anonymous?: boolean): Promise<{ db: PostgrestClient; signedIn: boolean }> {
  const session = await liveSession(anonymous);
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
  endSessionOn401(answer.status, signedIn, answer.error.code);
  throw new ApiError(answer.status, answer.error);
}

/**
 * One PostgREST request with the caller's token; a "JWT expired" answer (our clock behind
 * the API's) is refreshed once and sent again.
 */
async function send<A extends PostgrestAnswer>(
  anonymous: boolean | undefined,
  signal: AbortSignal | undefined,
  make: (db: PostgrestClient) => PromiseLike<A>,
): Promise<A> {
  for (let attempt = 0; ; attempt++) {
    const { db, signedIn } = await postgrest(anonymous);
    const answer = await make(db);
    if (attempt === 0 && signedIn && answer.error && expiredToken(answer.status, answer.error.code) && !signal?.aborted) {
      const next = await refreshSession().catch(() => null);
      if (next) continue;
    }
    raiseFor(answer, signedIn, signal);
    return answer;
  }
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
  const select = typeof query?.select === 'string' && query.select ? query.select : '*';
  const first = opts.page !== undefined ? opts.page * (opts.perPage ?? 25) : null;
  const answer = await send(false, opts.signal, (db) => {
    const read = db.from(view).select(select, opts.page !== undefined ? { count: 'exact' } : undefined);
    let b = applyQuery(read as unknown as ReadBuilder, query);
    if (first !== null) b = b.range(first, first + (opts.perPage ?? 25) - 1);
    if (opts.signal) b = b.abortSignal(opts.signal);
    return b;
  });
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
  const answer = await send(opts.anonymous, opts.signal, (db) => {
    let b = db.rpc(fn, args);
    if (opts.signal) b = b.abortSignal(opts.signal);
    return b as unknown as PromiseLike<PostgrestAnswer & { data: unknown }>;
  });
  return answer.data as T;
}

/** POST to the webhook service (/payments/...). */
export async function payments<T>(path: string, body: unknown): Promise<T> {
  const res = await request(`${PAYMENTS_BASE}/${path.replace(/^\//, '')}`, { method: 'POST', body });
  return (await readBody(res)) as T;
}
