import { Alert, Card, Col, Progress, Row, Space, Statistic, Table, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { getCompliance } from '../../api/inspection.api.ts';
import type { Compliance } from '../../api/inspection.types.ts';
import { EChart } from '../../components/echart.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { RegionSelect } from '../../components/region-select.tsx';
import { useAsync } from '../../components/use-async.ts';
import { t } from '../../i18n.ts';
import { formatPct, regionBarOption } from './compliance-options.ts';
import { regionFromUrl } from '../../components/url-filters.ts';

type RegionRow = Compliance['byRegion'][number];
type AgencyRow = Compliance['byAgency'][number];

/** `/inspection/compliance` 检验概况: coverage by region (table and bar chart), agencies' volume and flag rates, this month's plan status. */
export default function CompliancePage() {
  const [params] = useSearchParams();
  const [regionCode, setRegion] = useState<string | undefined>(() => regionFromUrl(params));
  const data = useAsync(() => getCompliance(regionCode), [regionCode]);
  const c = data.data;
  const option = useMemo(
    () => regionBarOption(c?.byRegion ?? [], { overdue: t('web.inspection.compliance.overdue'), soon: t('web.inspection.compliance.dueIn30Days'), onTime: t('web.inspection.compliance.onTime') }),
    [c],
  );
  const totals = (c?.byRegion ?? []).reduce((a, r) => ({ scheduled: a.scheduled + r.scheduled, overdue: a.overdue + r.overdue, soon: a.soon + r.dueIn30Days }), { scheduled: 0, overdue: 0, soon: 0 });

  const regionColumns: TableColumnsType<RegionRow> = [
    { key: 'name', title: t('web.inspection.compliance.region'), render: (_: unknown, r) => (r.regionCode.length === 6 && !r.regionCode.endsWith('00') ? r.name : <a onClick={() => setRegion(r.regionCode.padEnd(6, '0'))}>{r.name}</a>) },
    { key: 'scheduled', title: t('web.inspection.compliance.scheduled'), dataIndex: 'scheduled', width: 110, align: 'right' },
    { key: 'overdue', title: t('web.inspection.compliance.overdue'), dataIndex: 'overdue', width: 110, align: 'right', render: (v: number) => (v > 0 ? <Typography.Text type="danger">{v}</Typography.Text> : v) },
    { key: 'dueIn30Days', title: t('web.inspection.compliance.dueIn30Days'), dataIndex: 'dueIn30Days', width: 120, align: 'right' },
    {
      key: 'overdueRate',
      title: t('web.inspection.compliance.overdueRate'),
      width: 200,
      render: (_: unknown, r) => (
        <Space>
          <Progress percent={r.overdueRate === null ? 0 : Math.round(r.overdueRate * 1000) / 10} size="small" showInfo={false} style={{ width: 90 }} status={r.overdueRate !== null && r.overdueRate > 0.02 ? 'exception' : 'success'} />
          <span>{formatPct(r.overdueRate)}</span>
        </Space>
      ),
    },
  ];
  const agencyColumns: TableColumnsType<AgencyRow> = [
    { key: 'name', title: t('web.inspection.compliance.agency'), dataIndex: 'name', ellipsis: true },
    { key: 'reports', title: t('web.inspection.compliance.reports'), dataIndex: 'reports', width: 100, align: 'right' },
    { key: 'failed', title: t('web.inspection.compliance.failed'), dataIndex: 'failed', width: 100, align: 'right' },
    { key: 'flagged', title: t('web.inspection.compliance.flagged'), dataIndex: 'flagged', width: 110, align: 'right' },
    { key: 'flagRate', title: t('web.inspection.compliance.flagRate'), width: 110, align: 'right', render: (_: unknown, r) => <Typography.Text type={r.flagRate !== null && r.flagRate > 0.05 ? 'danger' : undefined}>{formatPct(r.flagRate)}</Typography.Text> },
    { key: 'lateReports', title: t('web.inspection.compliance.lateReports'), dataIndex: 'lateReports', width: 120, align: 'right' },
  ];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <PageHeader title={t('web.inspection.compliance.title')} extra={<RegionSelect value={regionCode} onChange={setRegion} />} />
        {data.error && <Alert type="error" showIcon title={data.error.message} style={{ marginBottom: 12 }} />}
        <Row gutter={16} style={{ marginBottom: 16 }}>
          <Col xs={12} md={4}><Statistic title={t('web.inspection.compliance.scheduled')} value={totals.scheduled} loading={data.loading && !c} /></Col>
          <Col xs={12} md={4}><Statistic title={t('web.inspection.compliance.overdue')} value={totals.overdue} loading={data.loading && !c} styles={{ content: { color: totals.overdue ? '#cf1322' : undefined } }} /></Col>
          <Col xs={12} md={4}><Statistic title={t('web.inspection.compliance.dueIn30Days')} value={totals.soon} loading={data.loading && !c} /></Col>
          <Col xs={12} md={4}><Statistic title={t('web.inspection.compliance.monthDue', { month: c?.month.month ?? '' })} value={c?.month.due ?? 0} loading={data.loading && !c} /></Col>
          <Col xs={12} md={4}><Statistic title={t('web.inspection.compliance.monthPlanned')} value={c?.month.planned ?? 0} loading={data.loading && !c} /></Col>
          <Col xs={12} md={4}><Statistic title={t('web.inspection.compliance.monthUnplanned')} value={c?.month.unplanned ?? 0} loading={data.loading && !c} styles={{ content: { color: c?.month.unplanned ? '#d46b08' : undefined } }} /></Col>
        </Row>
        <EChart option={option} height={280} />
        <Table<RegionRow> data-testid="compliance-region-table" rowKey="regionCode" size="small" loading={data.loading} columns={regionColumns} dataSource={c?.byRegion ?? []} pagination={false} scroll={{ x: 700 }} />
      </Card>
      <Card title={t('web.inspection.compliance.byAgency')}>
        <Typography.Paragraph type="secondary">{t('web.inspection.compliance.agencyIntro')}</Typography.Paragraph>
        <Table<AgencyRow> data-testid="compliance-agency-table" rowKey="agencyId" size="small" loading={data.loading} columns={agencyColumns} dataSource={c?.byAgency ?? []} pagination={false} scroll={{ x: 700 }} />
      </Card>
    </Space>
  );
}
