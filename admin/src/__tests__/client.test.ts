import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, buildQuery, inList, list, onUnauthorized, parseContentRange, rangeHeader, rpc } from '../api/client';
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

describe('Content-Range and Range', () => {
  it('parses PostgREST Content-Range values', () => {
    expect(parseContentRange('0-24/230')).toEqual({ from: 0, to: 24, total: 230 });
    expect(parseContentRange('25-49/*')).toEqual({ from: 25, to: 49, total: null });
    expect(parseContentRange('*/0')).toEqual({ from: null, to: null, total: 0 });
    expect(parseContentRange('*/*')).toEqual({ from: null, to: null, total: null });
    expect(parseContentRange('items 0-9/10')).toEqual({ from: 0, to: 9, total: 10 });
    expect(parseContentRange(null)).toEqual({ from: null, to: null, total: null });
    expect(parseContentRange('garbage')).toEqual({ from: null, to: null, total: null });
  });
  it('makes Range headers for pages', () => {
    expect(rangeHeader(0, 25)).toBe('0-24');
    expect(rangeHeader(2, 10)).toBe('20-29');
  });
});

describe('query strings', () => {
  it('encodes PostgREST filters and drops empty ones', () => {
    expect(buildQuery({ venue_id: 'eq.3', status: '', order: 'start_at.asc', x: undefined })).toBe('?venue_id=eq.3&order=start_at.asc');
    expect(buildQuery({ and: '(start_at.gte.2026-03-22T23:00:00.000Z,start_at.lt.2026-03-29T22:00:00.000Z)' })).toBe(
      '?and=(start_at.gte.2026-03-22T23%3A00%3A00.000Z%2Cstart_at.lt.2026-03-29T22%3A00%3A00.000Z)',
    );
    expect(buildQuery({ id: inList([1, 2, 3]) })).toBe('?id=in.(1%2C2%2C3)');
    expect(inList(['a,b', 'c'])).toBe('in.("a,b",c)');
    expect(buildQuery({})).toBe('');
  });
});

describe('requests', () => {
  it('sends Range, Prefer: count=exact and the token; reads the total', async () => {
    setSession({ token: 'tok', userId: 'u', role: 'owner', email: 'o@x', expiresAt: Date.now() + 60000 });
    const f = mockFetch(206, [{ id: 1 }, { id: 2 }], { 'Content-Range': '0-1/7' });
    const page = await list<{ id: number }>('venue_bookings', { venue_id: 'eq.1' }, { page: 0, perPage: 2 });
    expect(page).toEqual({ rows: [{ id: 1 }, { id: 2 }], total: 7, from: 0, to: 1 });
    const [url, init] = f.mock.calls[0];
    expect(url).toBe('/api/venue_bookings?venue_id=eq.1');
    const h = init!.headers as Record<string, string>;
    expect(h.Range).toBe('0-1');
    expect(h.Prefer).toBe('count=exact');
    expect(h.Authorization).toBe('Bearer tok');
  });

  it('posts RPC arguments as JSON', async () => {
    const f = mockFetch(200, { blocked: 2, skipped: [] });
    const r = await rpc('block_slots', { slot_ids: [1, 2], reason: 'x' });
    expect(r).toEqual({ blocked: 2, skipped: [] });
    const [url, init] = f.mock.calls[0];
    expect(url).toBe('/api/rpc/block_slots');
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
