import type { ReactNode } from 'react';
import { Navigate } from 'react-router-dom';
import { useSession } from '../auth/auth-context.tsx';
import { buildMenu, firstPath } from '../layout/build-menu.ts';
import { NotFoundPage } from './not-found-page.tsx';

/** `/`: the dashboard for users with statistics, otherwise the first module they may open. */
export function HomePage({ dashboard }: { dashboard: ReactNode }) {
  const { me, can } = useSession();
  if (can('registry.stats')) return <>{dashboard}</>;
  const path = firstPath(buildMenu(me.permissions));
  return path && path !== '/' ? <Navigate to={path} replace /> : <NotFoundPage />;
}
