import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { logoutSession, onRefreshed, onUnauthorized, refreshSession, rpc } from './api/client';
import { clearSession, getSession, jwtExpiry, setSession, type Role, type Session } from './api/session';

interface LoginAnswer {
  user_id: string;
  role: Role;
  token: string;
  expires_at?: string | null;
  refresh_token?: string | null;
}

interface AuthState {
  session: Session | null;
  /** why the user is on the login page again, if not by choice */
  reason: string | null;
  login: (email: string, password: string) => Promise<Session>;
  /** The tab forgets the session (after the API ended it); `reason` is shown on the login page. */
  logout: (reason?: string | null) => void;
  /** The user logs out: the session is revoked in the API (api.logout), then forgotten. */
  signOut: () => Promise<void>;
}

export const ENDED = 'Your session has ended. Please log in again.';
export const REVOKED =
  'You have been logged out: this session was ended elsewhere (a logout on another device, a password change, or a revocation). Please log in again.';

/** When to refresh a token silently: a minute before it lapses (a tenth of its life if shorter). */
export function refreshDelay(session: Session, now = Date.now()): number {
  const left = session.expiresAt - now;
  return Math.max(0, left - Math.min(60_000, Math.max(5_000, left / 10)));
}

/** After a refresh that could not reach the API, try again this much later. */
const RETRY_MS = 15_000;

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [session, setState] = useState<Session | null>(() => {
    const s = getSession();
    if (s && s.expiresAt && s.expiresAt <= Date.now() && !s.refreshToken) {
      clearSession();
      return null;
    }
    return s;
  });
  const [reason, setReason] = useState<string | null>(null);

  const logout = useCallback((why: string | null = null) => {
    clearSession();
    setState(null);
    setReason(why);
  }, []);

  const signOut = useCallback(async () => {
    await logoutSession();
    logout(null);
  }, [logout]);

  useEffect(() => {
    onUnauthorized((code) => logout(code === 'session_revoked' ? REVOKED : ENDED));
    onRefreshed((s) => setState(s));
    return () => {
      onUnauthorized(null);
      onRefreshed(null);
    };
  }, [logout]);

  // A silent refresh before the token lapses; without a refresh token (a session from
  // before 0.2), back to the login page when it lapses.
  useEffect(() => {
    if (!session?.expiresAt) return;
    let timer = 0;
    const schedule = (ms: number, run: () => void) => {
      timer = window.setTimeout(run, Math.max(0, Math.min(ms, 2 ** 31 - 1)));
    };
    const attempt = () => {
      refreshSession().catch(() => {
        // The API could not be reached: try again while the token lasts.
        if (session.expiresAt - Date.now() > RETRY_MS) schedule(RETRY_MS, attempt);
        else schedule(session.expiresAt - Date.now(), () => logout(ENDED));
      });
    };
    if (session.refreshToken) schedule(refreshDelay(session), attempt);
    else schedule(session.expiresAt - Date.now(), () => logout(ENDED));
    return () => window.clearTimeout(timer);
  }, [session, logout]);

  const login = useCallback(async (email: string, password: string) => {
    const answer = await rpc<LoginAnswer>('login', { email, password }, { anonymous: true });
    const parsed = answer.expires_at ? Date.parse(answer.expires_at) : NaN;
    const s: Session = {
      token: answer.token,
      userId: answer.user_id,
      role: answer.role,
      email,
      expiresAt: Number.isFinite(parsed) ? parsed : jwtExpiry(answer.token),
      ...(answer.refresh_token ? { refreshToken: answer.refresh_token } : {}),
    };
    if (s.role !== 'owner' && s.role !== 'admin') {
      throw new Error('This panel is for venue owners and platform staff; players use the app.');
    }
    setSession(s);
    setState(s);
    setReason(null);
    return s;
  }, []);

  const value = useMemo(() => ({ session, reason, login, logout, signOut }), [session, reason, login, logout, signOut]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}
