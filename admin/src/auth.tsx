import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { onUnauthorized, rpc } from './api/client';
import { clearSession, getSession, jwtExpiry, setSession, type Role, type Session } from './api/session';

interface LoginAnswer {
  user_id: string;
  role: Role;
  token: string;
  expires_at?: string | null;
}

interface AuthState {
  session: Session | null;
  /** why the user is on the login page again, if not by choice */
  reason: string | null;
  login: (email: string, password: string) => Promise<Session>;
  logout: (reason?: string | null) => void;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [session, setState] = useState<Session | null>(() => {
    const s = getSession();
    if (s && s.expiresAt && s.expiresAt <= Date.now()) {
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

  useEffect(() => {
    onUnauthorized(() => logout('Your session has ended. Please log in again.'));
    return () => onUnauthorized(null);
  }, [logout]);

  // Back to the login page when the token expires while the panel is open.
  useEffect(() => {
    if (!session?.expiresAt) return;
    const ms = session.expiresAt - Date.now();
    const t = window.setTimeout(() => logout('Your session has ended. Please log in again.'), Math.max(0, Math.min(ms, 2 ** 31 - 1)));
    return () => window.clearTimeout(t);
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
    };
    if (s.role !== 'owner' && s.role !== 'admin') {
      throw new Error('This panel is for venue owners and platform staff; players use the app.');
    }
    setSession(s);
    setState(s);
    setReason(null);
    return s;
  }, []);

  const value = useMemo(() => ({ session, reason, login, logout }), [session, reason, login, logout]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}
