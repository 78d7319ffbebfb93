import { ArrowLeftOutlined, EditOutlined, PrinterOutlined, SwapOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Row, Skeleton, Space, Tabs } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { getElevator } from '../../api/elevators.api.ts';
import { useSession } from '../../auth/auth-context.tsx';
import { AuditList } from '../../components/audit-list.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { StatusTag } from '../../components/status-tag.tsx';
import { useAsync } from '../../components/use-async.ts';
import { t } from '../../i18n.ts';
import { ElevatorDescriptions } from './elevator-descriptions.tsx';
import { ElevatorFormDrawer } from './elevator-form-drawer.tsx';
import { InspectionCard } from './inspection-card.tsx';
import { LiveStatusCard } from './live-status-card.tsx';
import { MaintenanceCard } from './maintenance-card.tsx';
import { ElevatorHazardsCard } from '../hazards/elevator-hazards-card.tsx';
import { RiskCard } from '../risk/risk-card.tsx';
import { StatusHistory } from './status-history.tsx';
import { StatusModal } from './status-modal.tsx';

/** `/elevators/:code`: the full record, live state (IoT), status history, edit, status change, QR label and audit trail. */
export default function ElevatorPage() {
  const { code = '' } = useParams();
  const { can } = useSession();
  const navigate = useNavigate();
  const loaded = useAsync(() => getElevator(code), [code]);
  const [editing, setEditing] = useState(false);
  const [changing, setChanging] = useState(false);
  const auditFilter = useMemo(() => ({ entityType: 'elevator', entityId: code }), [code]);

  const elevator = loaded.data?.registrationCode === code ? loaded.data : undefined;
  const refresh = loaded.reload;

  if (loaded.error && !elevator) {
    return (
      <Card>
        <Alert type="error" showIcon title={loaded.error.message} action={<Link to="/elevators">{t('web.elevator.back')}</Link>} />
      </Card>
    );
  }
  if (!elevator) return <Card><Skeleton active paragraph={{ rows: 12 }} /></Card>;

  const extra = (
    <Space wrap>
      {can('registry.write') && (
        <>
          <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
            {t('web.elevator.edit')}
          </Button>
          <Button icon={<SwapOutlined />} onClick={() => setChanging(true)}>
            {t('web.elevator.changeStatus')}
          </Button>
        </>
      )}
      <Button icon={<PrinterOutlined />} onClick={() => navigate(`/elevators/${code}/label`)}>
        {t('web.elevator.printLabel')}
      </Button>
    </Space>
  );

  const tabs = [
    { key: 'record', label: t('web.elevator.title'), children: <ElevatorDescriptions e={elevator} /> },
    ...(can('audit.read') ? [{ key: 'audit', label: t('web.elevator.auditLog'), children: <AuditList filter={auditFilter} /> }] : []),
  ];

  return (
    <>
      <Card>
        <PageHeader
          title={
            <Space>
              <Link to="/elevators" aria-label={t('web.elevator.back')}>
                <ArrowLeftOutlined />
              </Link>
              {elevator.registrationCode}
              <StatusTag status={elevator.status} />
            </Space>
          }
          extra={extra}
        />
        <Row gutter={24}>
          <Col xs={24} xl={18}>
            <Tabs items={tabs} />
          </Col>
          <Col xs={24} xl={6}>
            {can('risk.read') && <RiskCard code={elevator.registrationCode} />}
            {can('hazards.read') && <ElevatorHazardsCard code={elevator.registrationCode} />}
            {can('inspection.read') && elevator.inspection && <InspectionCard block={elevator.inspection} />}
            {can('maintenance.read') && <MaintenanceCard code={elevator.registrationCode} />}
            {can('iot.read') && <LiveStatusCard code={elevator.registrationCode} />}
            <Card size="small" title={t('web.elevator.statusHistory')}>
              <StatusHistory history={elevator.statusHistory ?? []} />
            </Card>
          </Col>
        </Row>
      </Card>
      <ElevatorFormDrawer open={editing} elevator={elevator} onClose={() => setEditing(false)} onSaved={refresh} onReload={refresh} />
      <StatusModal elevator={elevator} open={changing} onClose={() => setChanging(false)} onChanged={refresh} />
    </>
  );
}
