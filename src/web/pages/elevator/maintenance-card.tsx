import { Card, Descriptions, Space, Spin, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { getPlan, listRecords } from '../../api/maintenance.api.ts';
import { formatDateTime } from '../../components/format.ts';
import { useAsync } from '../../components/use-async.ts';
import { enumLabel, t } from '../../i18n.ts';
import { NextDueList } from '../maintenance/maintenance-bits.tsx';
import { daysBetween, todayShanghai } from '../maintenance/maintenance-logic.ts';

/** 维保: the elevator's latest visit (days since, flags), next due date per cycle, and a link to its records. */
export function MaintenanceCard({ code }: { code: string }) {
  const data = useAsync(async () => {
    const [records, plan] = await Promise.all([listRecords({ registrationCode: code, pageSize: 1 }), getPlan(code).catch(() => undefined)]);
    return { last: records.items[0], total: records.total, plan: plan?.items[0], today: plan?.today ?? todayShanghai() };
  }, [code]);
  const d = data.data;
  const overdueDays = d?.plan ? daysBetween(d.plan.nextDue.half_month, d.today) : 0;
  return (
    <Card size="small" title={t('web.maintenance.elevator.title')} style={{ marginBottom: 16 }} data-testid="elevator-maintenance">
      {data.loading && !d && <Spin size="small" />}
      {data.error && <Typography.Text type="danger">{data.error.message}</Typography.Text>}
      {d && (
        <>
          <Descriptions size="small" column={1}>
            <Descriptions.Item label={t('web.maintenance.elevator.lastVisit')}>
              {d.last ? (
                <Space size={4} wrap data-testid="last-visit">
                  <Link to={`/maintenance/records?registrationCode=${code}&id=${d.last.id}`}>{formatDateTime(d.last.startedAt)}</Link>
                  <Tag color="blue">{enumLabel('maintenanceCycle', d.last.cycle)}</Tag>
                  {d.last.flagCount > 0 && <Tag color="orange">{t('web.maintenance.records.flagCount', { n: d.last.flagCount })}</Tag>}
                </Space>
              ) : (
                <Typography.Text type="secondary">{t('web.maintenance.elevator.none')}</Typography.Text>
              )}
            </Descriptions.Item>
            {d.last && (
              <Descriptions.Item label={t('web.maintenance.elevator.daysSince')}>
                <span data-testid="days-since">{t('web.maintenance.days', { n: daysBetween(d.last.startedAt, d.today) })}</span>
              </Descriptions.Item>
            )}
            {d.plan && (
              <Descriptions.Item label={t('web.maintenance.elevator.nextDue')}>
                <div>
                  <NextDueList nextDue={d.plan.nextDue} testId="next-due" />
                  {overdueDays > 0 && (
                    <Typography.Text type="danger" strong style={{ display: 'block' }}>
                      {t('web.maintenance.elevator.overdue', { n: overdueDays })}
                    </Typography.Text>
                  )}
                </div>
              </Descriptions.Item>
            )}
          </Descriptions>
          {d.total > 0 && <Link to={`/maintenance/records?registrationCode=${code}`}>{t('web.maintenance.elevator.records')}</Link>}
        </>
      )}
    </Card>
  );
}
