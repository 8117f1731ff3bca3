import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { list, logoutSession, onRefreshed, onUnauthorized, refreshSession, rpc } from '../api/client';
import { getSession, setSession, type Session } from '../api/session';
import { AuthProvider, REVOKED, refreshDelay, useAuth } from '../auth';

type Answer = { status: number; body?: unknown };

/** fetch answering from a list, one answer per call (the last one repeats); records calls. */
function mockFetch(...answers: Answer[]) {
  const fn = vi.fn(async (_url: string | URL | Request, _init?: RequestInit) => {
    const a = answers.length > 1 ? answers.shift()! : answers[0];
    return new Response(a.body === undefined ? null : JSON.stringify(a.body), {
      status: a.status,
      headers: { 'Content-Type': 'application/json' },
    });
  });
  vi.stubGlobal('fetch', fn);
  return fn;
}

function pathOf(url: string | URL | Request): string {
  return new URL(String(url), window.location.origin).pathname;
}

function authOf(init?: RequestInit): string | null {
  return new Headers(init?.headers).get('Authorization');
}

const base: Session = { token: 'old', userId: 'u', role: 'owner', email: 'o@x', expiresAt: Date.now() + 3600_000, refreshToken: 'r1' };
const pair = (n: number) => ({ token: `t${n}`, expires_at: new Date(Date.now() + 3600_000).toISOString(), refresh_token: `r${n + 1}` });

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  onUnauthorized(null);
  onRefreshed(null);
  sessionStorage.clear();
});

describe('refresh tokens in the API client', () => {
  it('exchanges the refresh token without the access token and stores the new pair at once', async () => {
    setSession(base);
    const f = mockFetch({ status: 200, body: pair(2) });
    const seen = vi.fn();
    onRefreshed(seen);
    const next = await refreshSession();
    const [url, init] = f.mock.calls[0];
    expect(pathOf(url)).toBe('/api/rpc/refresh_session');
    expect(authOf(init)).toBeNull();
    expect(JSON.parse(init!.body as string)).toEqual({ refresh_token: 'r1' });
    expect(next).toMatchObject({ token: 't2', refreshToken: 'r3' });
    expect(getSession()).toMatchObject({ token: 't2', refreshToken: 'r3', email: 'o@x' });
    expect(seen).toHaveBeenCalledWith(expect.objectContaining({ token: 't2' }));
  });

  it('sends one refresh for callers at once (a spent refresh token would revoke the session)', async () => {
    setSession(base);
    const f = mockFetch({ status: 200, body: pair(2) });
    const [a, b, c] = await Promise.all([refreshSession(), refreshSession(), refreshSession()]);
    expect(f).toHaveBeenCalledTimes(1);
    expect(a).toBe(b);
    expect(b).toBe(c);
  });

  it('a refused refresh ends the session as revoked', async () => {
    setSession(base);
    const handler = vi.fn();
    onUnauthorized(handler);
    mockFetch({ status: 401, body: { code: 'session_revoked', message: 'x', details: null, hint: null } });
    expect(await refreshSession()).toBeNull();
    expect(getSession()).toBeNull();
    expect(handler).toHaveBeenCalledWith('session_revoked');
  });

  it('an unreachable API keeps the session', async () => {
    setSession(base);
    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('Failed to fetch')));
    await expect(refreshSession()).rejects.toMatchObject({ code: 'network_error' });
    expect(getSession()).toMatchObject({ refreshToken: 'r1' });
  });

  it('refreshes a lapsed access token before sending a request with the new one', async () => {
    setSession({ ...base, expiresAt: Date.now() - 1000 });
    const f = mockFetch({ status: 200, body: pair(2) }, { status: 200, body: [] });
    await list('my_venues');
    expect(f.mock.calls.map(([u]) => pathOf(u))).toEqual(['/api/rpc/refresh_session', '/api/my_venues']);
    expect(authOf(f.mock.calls[1][1])).toBe('Bearer t2');
  });

  it('a "JWT expired" answer is refreshed once and sent again', async () => {
    setSession(base);
    const f = mockFetch(
      { status: 401, body: { code: 'PGRST303', message: 'JWT expired', details: null, hint: null } },
      { status: 200, body: pair(2) },
      { status: 200, body: { ok: true } },
    );
    expect(await rpc('block_slots', { slot_ids: [1] })).toEqual({ ok: true });
    expect(f.mock.calls.map(([u]) => pathOf(u))).toEqual(['/api/rpc/block_slots', '/api/rpc/refresh_session', '/api/rpc/block_slots']);
    expect(authOf(f.mock.calls[2][1])).toBe('Bearer t2');
  });

  it('session_revoked from the API ends the session with that reason', async () => {
    setSession(base);
    const handler = vi.fn();
    onUnauthorized(handler);
    mockFetch({ status: 401, body: { code: 'session_revoked', message: 'ended', details: null, hint: null } });
    await expect(list('my_venues')).rejects.toMatchObject({ status: 401, code: 'session_revoked' });
    expect(handler).toHaveBeenCalledWith('session_revoked');
    expect(getSession()).toBeNull();
  });

  it('logout revokes the session in the API, then forgets it (even offline)', async () => {
    setSession(base);
    const f = mockFetch({ status: 200, body: { ok: true } });
    await logoutSession();
    expect(pathOf(f.mock.calls[0][0])).toBe('/api/rpc/logout');
    expect(authOf(f.mock.calls[0][1])).toBe('Bearer old');
    expect(getSession()).toBeNull();

    setSession(base);
    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('Failed to fetch')));
    await logoutSession();
    expect(getSession()).toBeNull();
  });

  it('schedules the refresh a minute before expiry, or a tenth of a short life', () => {
    const now = 1_000_000;
    expect(refreshDelay({ ...base, expiresAt: now + 3600_000 }, now)).toBe(3540_000);
    expect(refreshDelay({ ...base, expiresAt: now + 300_000 }, now)).toBe(270_000);
    expect(refreshDelay({ ...base, expiresAt: now - 5 }, now)).toBe(0);
  });
});

function Who() {
  const { session, reason, signOut } = useAuth();
  return (
    <div>
      <p data-testid="token">{session?.token ?? 'none'}</p>
      <p data-testid="reason">{reason ?? ''}</p>
      <button type="button" onClick={() => void signOut()}>
        Log out
      </button>
    </div>
  );
}

describe('<AuthProvider>', () => {
  it('refreshes silently before the token lapses, then shows "logged out" after a revocation', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const start = Date.now();
    setSession({ ...base, expiresAt: start + 600_000 });
    const f = mockFetch({ status: 200, body: { ...pair(2), expires_at: new Date(start + 1200_000).toISOString() } });
    render(
      <AuthProvider>
        <Who />
      </AuthProvider>,
    );
    expect(screen.getByTestId('token').textContent).toBe('old');
    await act(async () => {
      await vi.advanceTimersByTimeAsync(539_000);
    });
    expect(f).not.toHaveBeenCalled();
    await act(async () => {
      await vi.advanceTimersByTimeAsync(2_000);
    });
    expect(f).toHaveBeenCalledTimes(1);
    expect(screen.getByTestId('token').textContent).toBe('t2');

    // The next refresh is refused: the session was revoked elsewhere.
    mockFetch({ status: 401, body: { code: 'session_revoked', message: 'x', details: null, hint: null } });
    await act(async () => {
      await vi.advanceTimersByTimeAsync(600_000);
    });
    expect(screen.getByTestId('token').textContent).toBe('none');
    expect(screen.getByTestId('reason').textContent).toBe(REVOKED);
  });

  it('the Log out button revokes the session in the API', async () => {
    setSession(base);
    const f = mockFetch({ status: 200, body: { ok: true } });
    render(
      <AuthProvider>
        <Who />
      </AuthProvider>,
    );
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Log out' }));
    });
    expect(pathOf(f.mock.calls[0][0])).toBe('/api/rpc/logout');
    expect(screen.getByTestId('token').textContent).toBe('none');
    expect(screen.getByTestId('reason').textContent).toBe('');
  });
});
