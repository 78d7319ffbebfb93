import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router-dom';

/** The public pages stay free of the admin bundle (antd, charts): each side is its own chunk. */
const PublicLookupPage = lazy(() => import('./pages/public/public-lookup-page.tsx'));
const PublicElevatorPage = lazy(() => import('./pages/public/public-elevator-page.tsx'));
const PublicGradesPage = lazy(() => import('./pages/public/public-grades-page.tsx'));
const PublicReleasesPage = lazy(() => import('./pages/public/public-releases-page.tsx'));
const PublicCreditPage = lazy(() => import('./pages/public/public-credit-page.tsx'));
const PublicTrackingPage = lazy(() => import('./pages/public/public-tracking-page.tsx'));
const AdminApp = lazy(() => import('./admin-app.tsx'));

export function AppRoutes() {
  return (
    <Suspense fallback={null}>
      <Routes>
        <Route path="/e" element={<PublicLookupPage />} />
        <Route path="/e/:code" element={<PublicElevatorPage />} />
        <Route path="/public/maintenance-grades" element={<PublicGradesPage />} />
        <Route path="/public/releases" element={<PublicReleasesPage />} />
        <Route path="/public/credit" element={<PublicCreditPage />} />
        <Route path="/public/reports" element={<PublicTrackingPage />} />
        <Route path="/public/reports/:trackingCode" element={<PublicTrackingPage />} />
        <Route path="/*" element={<AdminApp />} />
      </Routes>
    </Suspense>
  );
}
