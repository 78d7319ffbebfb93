import { Alert, Card, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { listMaintenanceOverdue } from '../../api/maintenance.api.ts';
import type { MaintenanceOverdueItem } from '../../api/maintenance.types.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { RegionSelect } from '../../components/region-select.tsx';
import { useAsync } from '../../components/use-async.ts';
import { t } from '../../i18n.ts';
import { regionFromUrl } from '../../components/url-filters.ts';

/** `/maintenance/overdue` 超期维保: in-use elevators past their half-month due date (or never maintained on record). */
export default function MaintenanceOverduePage() {
  const [params] = useSearchParams();
  const [regionCode, setRegion] = useState<string | undefined>(() => regionFromUrl(params));
  const [page, setPage] = useState({ page: 1, pageSize: 50 });
  const list = useAsync(() => listMaintenanceOverdue({ regionCode, ...page }), [regionCode, page.page, page.pageSize]);
  const columns: TableColumnsType<MaintenanceOverdueItem> = [
    { key: 'registrationCode', title: t('web.maintenance.field.registrationCode'), width: 200, render: (_: unknown, r) => <Link to={`/elevators/${r.registrationCode}`}>{r.registrationCode}</Link> },
    { key: 'address', title: t('web.maintenance.field.address'), dataIndex: 'address', ellipsis: true },
    { key: 'company', title: t('web.maintenance.field.company'), dataIndex: 'company', width: 240, ellipsis: true, render: (v: string | null) => v ?? t('web.common.none') },
    { key: 'lastDate', title: t('web.maintenance.field.lastDate'), width: 120, render: (_: unknown, r) => r.lastDate ?? <Typography.Text type="secondary">{t('web.maintenance.never')}</Typography.Text> },
    { key: 'nextDue', title: t('web.maintenance.field.nextDue'), dataIndex: 'nextDue', width: 110, render: (v: string | null) => v ?? t('web.common.none') },
    {
      key: 'daysSince',
      title: t('web.maintenance.field.daysSince'),
      width: 100,
      align: 'right',
      render: (_: unknown, r) => (r.daysSince === null ? t('web.common.none') : <Typography.Text type="danger" strong>{t('web.maintenance.days', { n: r.daysSince })}</Typography.Text>),
    },
  ];
  return (
    <Card>
      <PageHeader title={t('web.maintenance.overdue.title')} />
      <Typography.Paragraph type="secondary">{t('web.maintenance.overdue.intro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <RegionSelect value={regionCode} onChange={(v) => { setRegion(v); setPage((p) => ({ ...p, page: 1 })); }} />
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 12 }} />}
      <Table<MaintenanceOverdueItem>
        data-testid="maintenance-overdue-table"
        rowKey="registrationCode"
        size="small"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 1000 }}
        pagination={{ current: page.page, pageSize: page.pageSize, total: list.data?.total ?? 0, showSizeChanger: true, pageSizeOptions: ['50', '100', '200'], showTotal: (total) => t('web.common.total', { total }) }}
        onChange={(p) => setPage({ page: p.pageSize !== page.pageSize ? 1 : (p.current ?? 1), pageSize: p.pageSize ?? page.pageSize })}
      />
    </Card>
  );
}
