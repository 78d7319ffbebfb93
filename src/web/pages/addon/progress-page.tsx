import { Alert, Card, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { getAddonProgress } from '../../api/addon.api.ts';
import type { AddonProgress, AddonStatus } from '../../api/addon.types.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { RegionSelect } from '../../components/region-select.tsx';
import { useAsync } from '../../components/use-async.ts';
import { t } from '../../i18n.ts';
import { regionFromUrl } from '../../components/url-filters.ts';

type Row = AddonProgress['rows'][number];

/** `/addon/progress` 加装进度: projects by region and stage, with use registrations overdue. */
export default function AddonProgressPage() {
  const [params] = useSearchParams();
  const [regionCode, setRegion] = useState<string | undefined>(() => regionFromUrl(params));
  const data = useAsync(() => getAddonProgress(regionCode), [regionCode]);
  const statuses = (data.data?.statuses ?? []) as AddonStatus[];
  const columns: TableColumnsType<Row> = [
    { key: 'name', title: t('web.addon.field.region'), dataIndex: 'name', fixed: 'left', width: 140 },
    { key: 'total', title: t('web.addon.progress.total'), dataIndex: 'total', width: 80, align: 'right' },
    ...statuses.map((s) => ({ key: s, title: t(`web.addon.status.${s}`), width: 90, align: 'right' as const, render: (_: unknown, r: Row) => r.byStatus[s] ?? 0 })),
    { key: 'overdue', title: t('web.addon.progress.overdue'), width: 100, align: 'right', render: (_: unknown, r) => (r.overdue ? <Typography.Text type="danger" strong>{r.overdue}</Typography.Text> : 0) },
  ];
  return (
    <Card>
      <PageHeader title={t('web.addon.progress.title')} />
      <Typography.Paragraph type="secondary">{t('web.addon.progress.intro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <RegionSelect value={regionCode} onChange={setRegion} />
      </Space>
      {data.error && <Alert type="error" showIcon title={data.error.message} style={{ marginBottom: 12 }} />}
      <Table<Row> data-testid="addon-progress-table" rowKey="regionCode" size="small" loading={data.loading} columns={columns} dataSource={data.data?.rows ?? []} scroll={{ x: 1400 }} pagination={false} />
    </Card>
  );
}
