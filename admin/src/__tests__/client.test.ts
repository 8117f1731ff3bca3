import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, inList, list, onUnauthorized, rpc } from '../api/client';
import { plainError } from '../api/errors';
import { getSession, setSession } from '../api/session';

function mockFetch(status: number, body: unknown, headers: Record<string, string> = {}) {
  const fn = vi.fn(async (_url: string, _init?: RequestInit) =>
    new Response(body === undefined ? null : JSON.stringify(body), {
      status,
      headers: { 'Content-Type': 'application/json', ...headers },
    }),
  );
  vi.stubGlobal('fetch', fn);
  return fn;
}

afterEach(() => {
  vi.unstubAllGlobals();
  onUnauthorized(null);
});

/** The path and query of a request postgrest-js made (it sends absolute URLs on this origin). */
function pathOf(url: string): string {
  const u = new URL(url);
  expect(u.origin).toBe(window.location.origin);
  return decodeURIComponent(u.pathname + u.search);
}

describe('the API client (@supabase/postgrest-js)', () => {
  it('pages with offset/limit, asks for an exact count, sends the token and reads the total', async () => {
    setSession({ token: 'tok', userId: 'u', role: 'owner', email: 'o@x', expiresAt: Date.now() + 60000 });
    const f = mockFetch(206, [{ id: 1 }, { id: 2 }], { 'Content-Range': '4-5/7' });
    const page = await list<{ id: number }>('venue_bookings', { venue_id: 'eq.1' }, { page: 2, perPage: 2 });
    expect(page).toEqual({ rows: [{ id: 1 }, { id: 2 }], total: 7, from: 4, to: 5 });
    const [url, init] = f.mock.calls[0];
    expect(pathOf(url)).toBe('/api/venue_bookings?select=*&venue_id=eq.1&offset=4&limit=2');
    const h = new Headers(init!.headers);
    expect(h.get('Prefer')).toBe('count=exact');
    expect(h.get('Authorization')).toBe('Bearer tok');
  });

  it('encodes PostgREST filters, orders and lists, and drops empty ones', async () => {
    const f = mockFetch(200, []);
    await list('court_slots', {
      select: 'booking_id',
      court_id: 'eq.3',
      status: '',
      x: undefined,
      start_at: ['gte.2026-03-22T23:00:00.000Z', 'lt.2026-03-29T22:00:00.000Z'],
      id: inList([1, 2, 3]),
      order: 'start_at.asc,id.desc.nullslast',
    });
    expect(pathOf(f.mock.calls[0][0])).toBe(
      '/api/court_slots?select=booking_id&court_id=eq.3&start_at=gte.2026-03-22T23:00:00.000Z' +
        '&start_at=lt.2026-03-29T22:00:00.000Z&id=in.(1,2,3)&order=start_at.asc,id.desc.nullslast',
    );
    expect(inList(['a,b', 'c'])).toBe('in.("a,b",c)');
    const page = await list('courts');
    expect(page).toEqual({ rows: [], total: null, from: null, to: null });
  });

  it('refuses a filter it cannot express rather than sending something else', async () => {
    mockFetch(200, []);
    await expect(list('courts', { and: '(a.eq.1,b.eq.2)' })).rejects.toThrow(/one filter per condition/);
    await expect(list('courts', { venue_id: '3' })).rejects.toThrow(/operator.value/);
  });

  it('posts RPC arguments as JSON', async () => {
    const f = mockFetch(200, { blocked: 2, skipped: [] });
    const r = await rpc('block_slots', { slot_ids: [1, 2], reason: 'x' });
    expect(r).toEqual({ blocked: 2, skipped: [] });
    const [url, init] = f.mock.calls[0];
    expect(pathOf(url)).toBe('/api/rpc/block_slots');
    expect(init!.method).toBe('POST');
    expect(JSON.parse(init!.body as string)).toEqual({ slot_ids: [1, 2], reason: 'x' });
  });

  it('maps error bodies to ApiError with the stable code', async () => {
    mockFetch(409, { code: 'slot_unavailable', details: '101,102', hint: null, message: 'slots are not available' });
    const err = (await rpc('hold_slots', { slot_ids: [101, 102] }).catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(409);
    expect(err.code).toBe('slot_unavailable');
    expect(err.slotIds).toEqual([101, 102]);
    expect(plainError(err)).toBe('Some of those slots are already held, booked or blocked. Slot ids: 101, 102.');
  });

  it('words errors plainly', () => {
    expect(plainError(new ApiError(404, { code: 'not_found', message: 'no such venue' }))).toBe(
      'Not found: it does not exist, or it is not yours.',
    );
    expect(plainError(new ApiError(400, { code: 'invalid_input', message: 'bad time zone' }))).toBe(
      'Some of the information is not valid. Bad time zone.',
    );
    expect(plainError(new ApiError(409, { code: 'not_cancellable', message: 'x' }))).toMatch(/cannot be cancelled/);
    expect(plainError(new ApiError(429, { code: 'rate_limited' }))).toMatch(/Too many requests/);
    expect(plainError(new ApiError(500, { code: 'XX000', message: 'boom' }))).toBe('Something went wrong. Try again.');
    expect(plainError(new ApiError(0, { code: 'network_error' }))).toMatch(/cannot be reached/);
  });

  it('ends the session on 401 and on an expired token', async () => {
    const handler = vi.fn();
    onUnauthorized(handler);
    setSession({ token: 'tok', userId: 'u', role: 'owner', email: 'o@x', expiresAt: Date.now() + 60000 });
    mockFetch(401, { code: 'PGRST303', message: 'JWT expired', details: null, hint: null });
    await expect(list('my_venues')).rejects.toMatchObject({ status: 401 });
    expect(handler).toHaveBeenCalledTimes(1);
    expect(getSession()).toBeNull();

    setSession({ token: 'tok', userId: 'u', role: 'owner', email: 'o@x', expiresAt: Date.now() - 1000 });
    const f = mockFetch(200, []);
    await expect(list('my_venues')).rejects.toMatchObject({ code: 'session_expired' });
    expect(f).not.toHaveBeenCalled();
    expect(handler).toHaveBeenCalledTimes(2);
  });

  it('turns a failed fetch into a network error', async () => {
    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('Failed to fetch')));
    await expect(list('courts')).rejects.toMatchObject({ code: 'network_error', status: 0 });
  });
});
