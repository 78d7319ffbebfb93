import { useCallback, useEffect, useMemo, useState } from 'react';
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { Result, Spin } from 'antd';
import { getMe, logout } from '../api/auth.api.ts';
import { ApiError, getToken, loginPath, setUnauthorizedHandler } from '../api/http.ts';
import type { Me, Permission } from '../api/types.ts';
import { SessionContext, type Session } from './auth-context.tsx';

/** Loads /api/auth/me for the protected routes; without a token (or on any 401) goes to /login. */
export function RequireAuth() {
  const location = useLocation();
  const navigate = useNavigate();
  const [me, setMe] = useState<Me>();
  const [error, setError] = useState<ApiError>();
  const hasToken = Boolean(getToken());
  const next = location.pathname + location.search;

  useEffect(() => {
    setUnauthorizedHandler((code) => navigate(loginPath(code, window.location.pathname + window.location.search), { replace: true }));
  }, [navigate]);

  useEffect(() => {
    if (!hasToken) return;
    getMe().then(setMe, (e: ApiError) => e.status !== 401 && setError(e));
  }, [hasToken]);

  const signOut = useCallback(async () => {
    await logout().catch(() => undefined);
    navigate('/login', { replace: true });
  }, [navigate]);

  const session = useMemo<Session | null>(() => {
    if (!me) return null;
    const perms = new Set(me.permissions);
    return { me, can: (p: Permission) => perms.has(p), signOut };
  }, [me, signOut]);

  if (!hasToken) return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  if (error) return <Result status="error" title={error.message} />;
  if (!session) return <Spin size="large" fullscreen />;
  return (
    <SessionContext.Provider value={session}>
      <Outlet />
    </SessionContext.Provider>
  );
}
