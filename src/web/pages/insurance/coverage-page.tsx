import { Alert, Card, Space, Statistic, Table, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { getInsuranceCoverage } from '../../api/insurance.api.ts';
import type { InsuranceCoverageRow } from '../../api/insurance.types.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { RegionSelect } from '../../components/region-select.tsx';
import { useAsync } from '../../components/use-async.ts';
import { t } from '../../i18n.ts';
import { rateText } from './insurance-logic.ts';
import { regionFromUrl } from '../../components/url-filters.ts';

/** `/insurance/coverage` 投保覆盖率: in-use elevators with a policy in force over all in-use ones, by region; lapsed policies counted. */
export default function InsuranceCoveragePage() {
  const [params] = useSearchParams();
  const [regionCode, setRegion] = useState<string | undefined>(() => regionFromUrl(params));
  const data = useAsync(() => getInsuranceCoverage(regionCode), [regionCode]);
  const columns: TableColumnsType<InsuranceCoverageRow> = [
    { key: 'name', title: t('web.insurance.field.region'), dataIndex: 'name' },
    { key: 'inUse', title: t('web.insurance.coverage.inUse'), dataIndex: 'inUse', align: 'right' },
    { key: 'insured', title: t('web.insurance.coverage.insured'), dataIndex: 'insured', align: 'right' },
    { key: 'rate', title: t('web.insurance.coverage.rate'), align: 'right', render: (_: unknown, r) => rateText(r.rate) },
    { key: 'lapsed', title: t('web.insurance.coverage.lapsed'), align: 'right', render: (_: unknown, r) => (r.lapsed ? <Typography.Text type="danger">{r.lapsed}</Typography.Text> : 0) },
  ];
  const s = data.data?.summary;
  return (
    <Card>
      <PageHeader title={t('web.insurance.coverage.title')} />
      <Typography.Paragraph type="secondary">{t('web.insurance.coverage.intro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <RegionSelect value={regionCode} onChange={setRegion} />
      </Space>
      {data.error && <Alert type="error" showIcon title={data.error.message} style={{ marginBottom: 12 }} />}
      {s && (
        <Space size={48} style={{ marginBottom: 16 }} data-testid="insurance-coverage-summary">
          <Statistic title={t('web.insurance.coverage.inUse')} value={s.inUse} />
          <Statistic title={t('web.insurance.coverage.insured')} value={s.insured} />
          <Statistic title={t('web.insurance.coverage.rate')} value={rateText(s.rate)} />
          <Statistic title={t('web.insurance.coverage.lapsed')} value={s.lapsed} />
        </Space>
      )}
      <Table<InsuranceCoverageRow> data-testid="insurance-coverage-table" rowKey="regionCode" size="small" loading={data.loading} columns={columns} dataSource={data.data?.byRegion ?? []} pagination={false} />
    </Card>
  );
}
