// The login session: the access token and the refresh token from api.login, kept in
// sessionStorage (per tab, gone when the tab closes). Nothing else is stored. The
// refresh token is single use: every refresh_session answers a new one, stored at once.
export type Role = 'player' | 'owner' | 'admin';

export interface Session {
  token: string;
  userId: string;
  role: Role;
  email: string;
  /** epoch ms; 0 when unknown */
  expiresAt: number;
  /** the session's current refresh token (absent for a session from before 0.2) */
  refreshToken?: string;
}

const KEY = 'courtbook.admin.session';

/** The `exp` claim of a JWT in epoch ms, or 0. Only read for scheduling; the API checks it. */
export function jwtExpiry(token: string): number {
  try {
    const part = token.split('.')[1];
    const json = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
    const exp = JSON.parse(json).exp;
    return typeof exp === 'number' ? exp * 1000 : 0;
  } catch {
    return 0;
  }
}

export function getSession(): Session | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as Session;
    return s && typeof s.token === 'string' ? s : null;
  } catch {
    return null;
  }
}

export function setSession(s: Session): void {
  sessionStorage.setItem(KEY, JSON.stringify(s));
}

export function clearSession(): void {
  sessionStorage.removeItem(KEY);
}
