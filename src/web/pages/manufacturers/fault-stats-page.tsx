import { Alert, Card, DatePicker, Empty, Space, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { faultStats } from '../../api/manufacturers.api.ts';
import { useSession } from '../../auth/auth-context.tsx';
import { EChart } from '../../components/echart.tsx';
import { dayjs } from '../../components/format.ts';
import { OrgSelect } from '../../components/org-select.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { useAsync } from '../../components/use-async.ts';
import { t } from '../../i18n.ts';
import { chartSeries, monthOf } from './manufacturers-logic.ts';

/** `/manufacturers/faults` 故障统计: faults per 100 elevators per month by model and fault code, from IoT data. */
export default function FaultStatsPage() {
  const { can } = useSession();
  const own = can('manufacturer.manage');
  const [org, setOrg] = useState<number>();
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs(`${monthOf(new Date(), -5)}-01`), dayjs(`${monthOf(new Date())}-01`)]);
  const from = range[0].format('YYYY-MM');
  const to = range[1].format('YYYY-MM');
  const stats = useAsync(() => (own || org ? faultStats({ from, to, manufacturerOrgId: org }) : Promise.resolve(undefined)), [from, to, org, own]);
  const option = useMemo(() => {
    if (!stats.data) return undefined;
    const { months, series } = chartSeries(stats.data, 6, t('web.manufacturers.faults.other'));
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 40, bottom: 32 },
      xAxis: { type: 'category', data: months },
      yAxis: { type: 'value', name: t('web.manufacturers.faults.per100') },
      series: series.map((s) => ({ type: 'bar', stack: 'codes', name: s.name, data: s.data })),
    };
  }, [stats.data]);
  return (
    <Card>
      <PageHeader title={t('web.manufacturers.faults.title')} />
      <Typography.Paragraph type="secondary">{t('web.manufacturers.faults.intro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        {!own && <OrgSelect style={{ width: 260 }} placeholder={t('web.manufacturers.field.manufacturer')} value={org} onChange={setOrg} />}
        <DatePicker.RangePicker picker="month" allowClear={false} value={range} onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])} />
      </Space>
      {stats.error && <Alert type="error" showIcon title={stats.error.message} style={{ marginBottom: 12 }} />}
      {!own && !org && <Empty description={t('web.manufacturers.faults.pick')} />}
      {option && <EChart option={option} height={320} />}
      {stats.data && (
        <Table data-testid="fault-model-table" rowKey="model" size="small" pagination={false} dataSource={stats.data.byModel} style={{ marginTop: 12 }} columns={[
          { key: 'model', title: t('web.manufacturers.field.model'), render: (_: unknown, m: { model: string }) => m.model || t('web.manufacturers.noModel') },
          { key: 'elevators', title: t('web.manufacturers.faults.elevators'), dataIndex: 'elevators', width: 120 },
          { key: 'faults', title: t('web.manufacturers.faults.faults'), dataIndex: 'faults', width: 120 },
          { key: 'rate', title: t('web.manufacturers.faults.rate'), dataIndex: 'per100PerMonth', width: 180 },
        ]} />
      )}
    </Card>
  );
}
