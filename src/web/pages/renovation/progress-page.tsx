import { Alert, Card, Space, Table, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { getProgress } from '../../api/renovation.api.ts';
import { KINDS, PROJECT_STATUSES, type ProgressBlock } from '../../api/renovation.types.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { RegionSelect } from '../../components/region-select.tsx';
import { useAsync } from '../../components/use-async.ts';
import { t } from '../../i18n.ts';
import { money } from './renovation-logic.ts';
import { regionFromUrl } from '../../components/url-filters.ts';

/** `/renovation/progress` 进度看板: projects, elevators and money by city or county, kind and state. */
export default function ProgressPage() {
  const [params] = useSearchParams();
  const [regionCode, setRegion] = useState<string | undefined>(() => regionFromUrl(params));
  const data = useAsync(() => getProgress(regionCode), [regionCode]);
  const columns: TableColumnsType<ProgressBlock> = [
    { key: 'region', title: t('web.renovation.field.region'), dataIndex: 'regionName', width: 140, fixed: 'left' },
    { key: 'projects', title: t('web.renovation.progress.projects'), dataIndex: 'projects', width: 80, align: 'right' },
    { key: 'elevators', title: t('web.renovation.progress.elevators'), dataIndex: 'elevators', width: 90, align: 'right' },
    { key: 'budget', title: t('web.renovation.progress.budget'), width: 140, align: 'right', render: (_: unknown, r) => money(r.budget) },
    { key: 'requested', title: t('web.renovation.progress.requested'), width: 140, align: 'right', render: (_: unknown, r) => money(r.subsidyRequested) },
    { key: 'approved', title: t('web.renovation.progress.approved'), width: 140, align: 'right', render: (_: unknown, r) => money(r.subsidyApproved) },
    { key: 'disbursed', title: t('web.renovation.progress.disbursed'), width: 140, align: 'right', render: (_: unknown, r) => money(r.subsidyDisbursed) },
    {
      key: 'byKind',
      title: t('web.renovation.progress.byKind'),
      width: 300,
      render: (_: unknown, r) => (
        <Space size={4} wrap>
          {KINDS.filter((k) => r.byKind[k].projects).map((k) => (
            <Tag key={k}>
              {t(`web.renovation.kind.${k}`)} {r.byKind[k].projects} / {money(r.byKind[k].budget)}
            </Tag>
          ))}
        </Space>
      ),
    },
    {
      key: 'byStatus',
      title: t('web.renovation.progress.byStatus'),
      width: 320,
      render: (_: unknown, r) => (
        <Space size={4} wrap>
          {PROJECT_STATUSES.filter((s) => r.byStatus[s]).map((s) => (
            <Tag key={s}>
              {t(`web.renovation.status.${s}`)} {r.byStatus[s]}
            </Tag>
          ))}
        </Space>
      ),
    },
  ];
  const rows = data.data ? [...data.data.rows, { ...data.data.totals, regionCode: 'total', regionName: t('web.renovation.progress.totals') }] : [];
  return (
    <Card>
      <PageHeader title={t('web.renovation.progress.title')} extra={<RegionSelect value={regionCode} onChange={setRegion} />} />
      {data.error && <Alert type="error" showIcon title={data.error.message} style={{ marginBottom: 12 }} />}
      <Table<ProgressBlock>
        data-testid="renovation-progress-table"
        rowKey="regionCode"
        size="small"
        loading={data.loading}
        columns={columns}
        dataSource={data.data?.rows.length ? rows : []}
        scroll={{ x: 1500 }}
        pagination={false}
        locale={{ emptyText: t('web.renovation.progress.empty') }}
      />
    </Card>
  );
}
