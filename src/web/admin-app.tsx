import { App as AntApp, ConfigProvider, Spin } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import { lazy, Suspense, type ReactNode } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import type { Permission } from './api/types.ts';
import { RequireAuth } from './auth/require-auth.tsx';
import { RequirePermission } from './auth/require-permission.tsx';
import './components/format.ts';
import { AppLayout } from './layout/app-layout.tsx';
import { HomePage } from './pages/home-page.tsx';
import { NotFoundPage } from './pages/not-found-page.tsx';

/** People who ask their system for less motion get dialogs and drawers without animation (also what browser tests use). */
const REDUCED_MOTION = typeof window !== 'undefined' && typeof window.matchMedia === 'function' && window.matchMedia('(prefers-reduced-motion: reduce)').matches;

const LoginPage = lazy(() => import('./pages/login/login-page.tsx'));
const DashboardPage = lazy(() => import('./pages/dashboard/dashboard-page.tsx'));
const RegistryPage = lazy(() => import('./pages/registry/registry-page.tsx'));
const ElevatorPage = lazy(() => import('./pages/elevator/elevator-page.tsx'));
const LabelPage = lazy(() => import('./pages/elevator/label-page.tsx'));
const ImportsPage = lazy(() => import('./pages/imports/imports-page.tsx'));
const OrgsPage = lazy(() => import('./pages/orgs/orgs-page.tsx'));
const UsersPage = lazy(() => import('./pages/users/users-page.tsx'));
const AuditPage = lazy(() => import('./pages/audit/audit-page.tsx'));
const MonitorPage = lazy(() => import('./pages/iot/monitor-page.tsx'));
const RulesPage = lazy(() => import('./pages/iot/rules-page.tsx'));
const AlarmsPage = lazy(() => import('./pages/alarms/alarms-page.tsx'));
const DevicesPage = lazy(() => import('./pages/devices/devices-page.tsx'));
const FaultsPage = lazy(() => import('./pages/faults/faults-page.tsx'));
const EmergencyBoardPage = lazy(() => import('./pages/emergency/board-page.tsx'));
const EmergencyTasksPage = lazy(() => import('./pages/emergency/tasks-page.tsx'));
const IncidentsPage = lazy(() => import('./pages/emergency/incidents-page.tsx'));
const EmergencyStatsPage = lazy(() => import('./pages/emergency/stats-page.tsx'));
const CoveragePage = lazy(() => import('./pages/emergency/coverage-page.tsx'));
const EmergencyImportPage = lazy(() => import('./pages/emergency/import-page.tsx'));
const SlaPage = lazy(() => import('./pages/emergency/sla-page.tsx'));
const InspectionReportsPage = lazy(() => import('./pages/inspection/reports-page.tsx'));
const InspectionOverduePage = lazy(() => import('./pages/inspection/overdue-page.tsx'));
const InspectionCompliancePage = lazy(() => import('./pages/inspection/compliance-page.tsx'));
const InspectionDefectsPage = lazy(() => import('./pages/inspection/defects-page.tsx'));
const InspectionFlagsPage = lazy(() => import('./pages/inspection/flags-page.tsx'));
const InspectionPlansPage = lazy(() => import('./pages/inspection/plans-page.tsx'));
const InspectorsPage = lazy(() => import('./pages/inspection/inspectors-page.tsx'));
const PostponementsPage = lazy(() => import('./pages/inspection/postponements-page.tsx'));
const HazardsPage = lazy(() => import('./pages/hazards/hazards-page.tsx'));
const OldElevatorsPage = lazy(() => import('./pages/risk/old-elevators-page.tsx'));
const RiskRankingPage = lazy(() => import('./pages/risk/ranking-page.tsx'));
const RiskModelPage = lazy(() => import('./pages/risk/model-page.tsx'));
const MaintenanceVisitPage = lazy(() => import('./pages/maintenance/visit-page.tsx'));
const MaintenanceRecordsPage = lazy(() => import('./pages/maintenance/records-page.tsx'));
const MaintenanceFlagsPage = lazy(() => import('./pages/maintenance/flags-page.tsx'));
const MaintenanceOverduePage = lazy(() => import('./pages/maintenance/overdue-page.tsx'));
const MaintenanceContractsPage = lazy(() => import('./pages/maintenance/contracts-page.tsx'));
const MaintenanceWorkersPage = lazy(() => import('./pages/maintenance/workers-page.tsx'));
const MaintenanceGradesPage = lazy(() => import('./pages/maintenance/grades-page.tsx'));
const RenovationProjectsPage = lazy(() => import('./pages/renovation/projects-page.tsx'));
const RenovationProjectPage = lazy(() => import('./pages/renovation/project-page.tsx'));
const RenovationProgressPage = lazy(() => import('./pages/renovation/progress-page.tsx'));
const RenovationWhatIfPage = lazy(() => import('./pages/renovation/what-if-page.tsx'));
const AddonProjectsPage = lazy(() => import('./pages/addon/projects-page.tsx'));
const AddonProjectPage = lazy(() => import('./pages/addon/project-page.tsx'));
const AddonProgressPage = lazy(() => import('./pages/addon/progress-page.tsx'));
const InsuranceProductsPage = lazy(() => import('./pages/insurance/products-page.tsx'));
const InsurancePoliciesPage = lazy(() => import('./pages/insurance/policies-page.tsx'));
const InsuranceClaimsPage = lazy(() => import('./pages/insurance/claims-page.tsx'));
const InsuranceCoveragePage = lazy(() => import('./pages/insurance/coverage-page.tsx'));
const PublicationsPage = lazy(() => import('./pages/publication/publications-page.tsx'));
const RuleSettingsPage = lazy(() => import('./pages/settings/rules-page.tsx'));
const CreditListPage = lazy(() => import('./pages/credit/credit-list-page.tsx'));
const CreditFilePage = lazy(() => import('./pages/credit/credit-file-page.tsx'));
const MyCreditPage = lazy(() => import('./pages/credit/my-credit-page.tsx'));
const ChecksPage = lazy(() => import('./pages/enforcement/checks-page.tsx'));
const ActionsPage = lazy(() => import('./pages/enforcement/actions-page.tsx'));
const CampaignsPage = lazy(() => import('./pages/enforcement/campaigns-page.tsx'));
const CampaignPage = lazy(() => import('./pages/enforcement/campaign-page.tsx'));
const PeoplePage = lazy(() => import('./pages/personnel/people-page.tsx'));
const DetectionsPage = lazy(() => import('./pages/personnel/detections-page.tsx'));
const RiskListPage = lazy(() => import('./pages/manufacturers/risk-list-page.tsx'));
const FaultStatsPage = lazy(() => import('./pages/manufacturers/fault-stats-page.tsx'));
const AdvicePage = lazy(() => import('./pages/manufacturers/advice-page.tsx'));
const ComplaintsPage = lazy(() => import('./pages/complaints/complaints-page.tsx'));
const NewComplaintPage = lazy(() => import('./pages/complaints/new-complaint-page.tsx'));
const CockpitPage = lazy(() => import('./pages/cockpit/cockpit-page.tsx'));
const DepartmentPage = lazy(() => import('./pages/departments/department-page.tsx'));

const guard = (anyOf: Permission[], page: ReactNode) => <RequirePermission anyOf={anyOf}>{page}</RequirePermission>;

/** Everything behind the login, in Chinese (antd zh_CN). */
export default function AdminApp() {
  return (
    <ConfigProvider locale={zhCN} theme={{ token: { colorPrimary: '#1677ff', motion: !REDUCED_MOTION } }}>
      <AntApp>
        <Suspense fallback={<Spin size="large" fullscreen />}>
          <Routes>
            <Route path="/login" element={<LoginPage />} />
            <Route element={<RequireAuth />}>
              <Route path="/elevators/:code/label" element={guard(['registry.read'], <LabelPage />)} />
              <Route element={<AppLayout />}>
                <Route index element={<HomePage dashboard={guard(['registry.stats'], <DashboardPage />)} />} />
                <Route path="/cockpit" element={guard(['cockpit.read'], <CockpitPage />)} />
                <Route path="/department" element={guard(['registry.stats', 'renovation.read', 'insurance.read'], <DepartmentPage />)} />
                <Route path="/elevators" element={guard(['registry.read'], <RegistryPage />)} />
                <Route path="/elevators/:code" element={guard(['registry.read'], <ElevatorPage />)} />
                <Route path="/imports" element={guard(['registry.import'], <ImportsPage />)} />
                <Route path="/iot" element={guard(['iot.read'], <MonitorPage />)} />
                <Route path="/iot/rules" element={guard(['iot.rules'], <RulesPage />)} />
                <Route path="/alarms" element={guard(['iot.read'], <AlarmsPage />)} />
                <Route path="/devices" element={guard(['devices.manage'], <DevicesPage />)} />
                <Route path="/faults" element={guard(['faults.read'], <FaultsPage />)} />
                <Route path="/emergency" element={guard(['emergency.read'], <EmergencyBoardPage />)} />
                <Route path="/emergency/tasks" element={guard(['emergency.respond'], <EmergencyTasksPage />)} />
                <Route path="/emergency/incidents" element={guard(['emergency.read'], <IncidentsPage />)} />
                <Route path="/emergency/stats" element={guard(['emergency.read'], <EmergencyStatsPage />)} />
                <Route path="/emergency/coverage" element={guard(['emergency.read'], <CoveragePage />)} />
                <Route path="/emergency/import" element={guard(['emergency.import'], <EmergencyImportPage />)} />
                <Route path="/emergency/sla" element={guard(['emergency.read'], <SlaPage />)} />
                <Route path="/inspection" element={<Navigate to="/inspection/reports" replace />} />
                <Route path="/inspection/reports" element={guard(['inspection.read'], <InspectionReportsPage />)} />
                <Route path="/inspection/overdue" element={guard(['inspection.read'], <InspectionOverduePage />)} />
                <Route path="/inspection/compliance" element={guard(['inspection.read'], <InspectionCompliancePage />)} />
                <Route path="/inspection/defects" element={guard(['inspection.read'], <InspectionDefectsPage />)} />
                <Route path="/inspection/flags" element={guard(['inspection.review'], <InspectionFlagsPage />)} />
                <Route path="/inspection/plans" element={guard(['inspection.plan', 'inspection.review'], <InspectionPlansPage />)} />
                <Route path="/inspection/inspectors" element={guard(['inspection.submit', 'inspection.review'], <InspectorsPage />)} />
                <Route path="/inspection/postponements" element={guard(['inspection.review'], <PostponementsPage />)} />
                <Route path="/hazards" element={guard(['hazards.read'], <HazardsPage />)} />
                <Route path="/risk" element={<Navigate to="/risk/old-elevators" replace />} />
                <Route path="/risk/old-elevators" element={guard(['risk.read'], <OldElevatorsPage />)} />
                <Route path="/risk/ranking" element={guard(['risk.read'], <RiskRankingPage />)} />
                <Route path="/risk/model" element={guard(['risk.read'], <RiskModelPage />)} />
                <Route path="/maintenance" element={<Navigate to="/maintenance/records" replace />} />
                <Route path="/maintenance/visit" element={guard(['maintenance.record'], <MaintenanceVisitPage />)} />
                <Route path="/maintenance/records" element={guard(['maintenance.read'], <MaintenanceRecordsPage />)} />
                <Route path="/maintenance/flags" element={guard(['maintenance.review'], <MaintenanceFlagsPage />)} />
                <Route path="/maintenance/overdue" element={guard(['maintenance.read'], <MaintenanceOverduePage />)} />
                <Route path="/maintenance/contracts" element={guard(['maintenance.read'], <MaintenanceContractsPage />)} />
                <Route path="/maintenance/workers" element={guard(['maintenance.record'], <MaintenanceWorkersPage />)} />
                <Route path="/maintenance/grades" element={guard(['maintenance.read'], <MaintenanceGradesPage />)} />
                <Route path="/renovation" element={<Navigate to="/renovation/projects" replace />} />
                <Route path="/renovation/projects" element={guard(['renovation.read'], <RenovationProjectsPage />)} />
                <Route path="/renovation/projects/:id" element={guard(['renovation.read'], <RenovationProjectPage />)} />
                <Route path="/renovation/progress" element={guard(['renovation.read'], <RenovationProgressPage />)} />
                <Route path="/renovation/what-if" element={guard(['renovation.read'], <RenovationWhatIfPage />)} />
                <Route path="/addon" element={guard(['addon.read'], <AddonProjectsPage />)} />
                <Route path="/addon/progress" element={guard(['addon.read'], <AddonProgressPage />)} />
                <Route path="/addon/:id" element={guard(['addon.read'], <AddonProjectPage />)} />
                <Route path="/insurance" element={<Navigate to="/insurance/policies" replace />} />
                <Route path="/insurance/products" element={guard(['insurance.read'], <InsuranceProductsPage />)} />
                <Route path="/insurance/policies" element={guard(['insurance.read'], <InsurancePoliciesPage />)} />
                <Route path="/insurance/claims" element={guard(['insurance.read'], <InsuranceClaimsPage />)} />
                <Route path="/insurance/coverage" element={guard(['insurance.read'], <InsuranceCoveragePage />)} />
                <Route path="/publications" element={guard(['publication.prepare'], <PublicationsPage />)} />
                <Route path="/settings/rules" element={guard(['settings.rules', 'addon.approve', 'renovation.approve'], <RuleSettingsPage />)} />
                <Route path="/credit" element={guard(['credit.read'], <CreditListPage />)} />
                <Route path="/credit/me" element={guard(['credit.own'], <MyCreditPage />)} />
                <Route path="/credit/orgs/:creditCode" element={guard(['credit.read', 'credit.own'], <CreditFilePage />)} />
                <Route path="/enforcement" element={<Navigate to="/enforcement/actions" replace />} />
                <Route path="/enforcement/checks" element={guard(['enforcement.read'], <ChecksPage />)} />
                <Route path="/enforcement/actions" element={guard(['enforcement.read'], <ActionsPage />)} />
                <Route path="/enforcement/campaigns" element={guard(['enforcement.read'], <CampaignsPage />)} />
                <Route path="/enforcement/campaigns/:id" element={guard(['enforcement.read'], <CampaignPage />)} />
                <Route path="/personnel/people" element={guard(['personnel.read'], <PeoplePage />)} />
                <Route path="/personnel/detections" element={guard(['personnel.review'], <DetectionsPage />)} />
                <Route path="/manufacturers/risks" element={guard(['manufacturer.read'], <RiskListPage />)} />
                <Route path="/manufacturers/faults" element={guard(['manufacturer.read'], <FaultStatsPage />)} />
                <Route path="/manufacturers/advice" element={guard(['advice.read'], <AdvicePage />)} />
                <Route path="/complaints" element={guard(['complaints.read'], <ComplaintsPage />)} />
                <Route path="/complaints/new" element={guard(['complaints.create'], <NewComplaintPage />)} />
                <Route path="/orgs" element={guard(['orgs.read', 'orgs.write'], <OrgsPage />)} />
                <Route path="/users" element={guard(['users.manage'], <UsersPage />)} />
                <Route path="/audit" element={guard(['audit.read'], <AuditPage />)} />
                <Route path="*" element={<NotFoundPage />} />
              </Route>
            </Route>
          </Routes>
        </Suspense>
      </AntApp>
    </ConfigProvider>
  );
}
