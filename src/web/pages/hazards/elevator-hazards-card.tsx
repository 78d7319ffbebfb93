import { Card, List, Space, Spin, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { listHazards } from '../../api/hazards.api.ts';
import { useSession } from '../../auth/auth-context.tsx';
import { useAsync } from '../../components/use-async.ts';
import { t } from '../../i18n.ts';
import { DeadlineCell, HazardStatusTag, SeverityTag } from './hazard-bits.tsx';

/** 隐患 on the elevator page: its open hazards (deadline first), each opening in 隐患整治; 登记隐患 for regulators. */
export function ElevatorHazardsCard({ code }: { code: string }) {
  const { can } = useSession();
  const open = useAsync(() => listHazards({ registrationCode: code, open: true, pageSize: 10 }), [code]);
  const d = open.data;
  const q = encodeURIComponent(code);
  return (
    <Card
      size="small"
      title={t('web.hazards.elevator.title')}
      extra={can('hazards.supervise') && <Link to={`/hazards?registrationCode=${q}&raise=${q}`}>{t('web.hazards.elevator.raise')}</Link>}
      style={{ marginBottom: 16 }}
      data-testid="elevator-hazards"
    >
      {open.loading && !d && <Spin size="small" />}
      {open.error && <Typography.Text type="danger">{open.error.message}</Typography.Text>}
      {d && !d.items.length && <Typography.Text type="secondary">{t('web.hazards.elevator.none')}</Typography.Text>}
      {d && d.items.length > 0 && (
        <List
          size="small"
          dataSource={d.items}
          renderItem={(h) => (
            <List.Item key={h.id} data-hazard-id={h.id} style={{ paddingInline: 0 }}>
              <div style={{ width: '100%' }}>
                <Space size={4} wrap>
                  <SeverityTag severity={h.severity} />
                  <Link to={`/hazards?registrationCode=${q}&view=all&id=${h.id}`}>{h.item}</Link>
                  <HazardStatusTag status={h.status} />
                </Space>
                <div style={{ fontSize: 12 }}>
                  <DeadlineCell h={h} />
                </div>
              </div>
            </List.Item>
          )}
        />
      )}
      <Link to={`/hazards?registrationCode=${q}&view=all`} style={{ display: 'block', marginTop: 8 }}>
        {t('web.hazards.elevator.all')}
        {d ? ` (${d.total})` : ''}
      </Link>
    </Card>
  );
}
