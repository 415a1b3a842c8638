import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { onUnauthorized } from '../api/client';
import * as api from '../api/endpoints';
import type { User } from '../api/types';

export type AuthStatus = 'checking' | 'signedOut' | 'signedIn';

export interface Auth {
  status: AuthStatus;
  user: User | null;
  /** True when the session ended under the user (a 401 while signed in). */
  expired: boolean;
  /** A message for the login page (e.g. "password changed, sign in again"). */
  notice: string | null;
  /** Forgets the session locally (the server already ended it), with a notice for the login page. */
  endSession: (notice: string) => void;
  login: (username: string, password: string) => Promise<void>;
  logout: () => Promise<void>;
}

const AuthContext = createContext<Auth | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(null);
  const [status, setStatus] = useState<AuthStatus>('checking');
  const [expired, setExpired] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const userRef = useRef<User | null>(null);
  userRef.current = user;

  useEffect(() => {
    onUnauthorized(() => {
      if (userRef.current) setExpired(true);
      setUser(null);
      setStatus('signedOut');
    });
    let live = true;
    api
      .me(true)
      .then((u) => {
        if (!live) return;
        setUser(u);
        setStatus('signedIn');
      })
      .catch(() => {
        if (!live) return;
        setUser(null);
        setStatus('signedOut');
      });
    return () => {
      live = false;
      onUnauthorized(null);
    };
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    await api.login(username, password);
    const u = await api.me(true);
    setExpired(false);
    setNotice(null);
    setUser(u);
    setStatus('signedIn');
  }, []);

  const logout = useCallback(async () => {
    try {
      await api.logout();
    } catch {
      // the session is dropped locally whatever the server answered
    }
    setExpired(false);
    setUser(null);
    setStatus('signedOut');
  }, []);

  const endSession = useCallback((message: string) => {
    setExpired(false);
    setNotice(message);
    setUser(null);
    setStatus('signedOut');
  }, []);

  const value = useMemo<Auth>(
    () => ({ status, user, expired, notice, login, logout, endSession }),
    [status, user, expired, notice, login, logout, endSession],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}

/** The signed-in user; only for components rendered inside the signed-in layout. */
export function useUser(): User {
  const { user } = useAuth();
  if (!user) throw new Error('useUser without a signed-in user');
  return user;
}
