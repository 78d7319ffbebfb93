import type { ReactNode } from 'react';
import { Navigate } from 'react-router-dom';
import { useSession } from '../auth/auth-context.tsx';
import { buildMenu, firstPath, homePath } from '../layout/build-menu.ts';
import { NotFoundPage } from './not-found-page.tsx';

/** `/`: a department's own dashboard, else the dashboard for users with statistics, else the first module they may open. */
export function HomePage({ dashboard }: { dashboard: ReactNode }) {
  const { me, can } = useSession();
  const groups = buildMenu(me.permissions, me.orgType);
  const home = homePath(groups);
  if (home) return <Navigate to={home} replace />;
  if (can('registry.stats')) return <>{dashboard}</>;
  const path = firstPath(groups);
  return path && path !== '/' ? <Navigate to={path} replace /> : <NotFoundPage />;
}
