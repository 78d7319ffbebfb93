import { Alert, Card, DatePicker, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { getGrades } from '../../api/maintenance.api.ts';
import type { CompanyGrade, GradeIndicator } from '../../api/maintenance.types.ts';
import { EChart } from '../../components/echart.tsx';
import { dayjs } from '../../components/format.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { RegionSelect } from '../../components/region-select.tsx';
import { useAsync } from '../../components/use-async.ts';
import { t, type MessageKey } from '../../i18n.ts';
import { gradesChartOption } from './grades-options.ts';
import { GradeTag } from './maintenance-bits.tsx';
import { lastMonth, todayShanghai } from './maintenance-logic.ts';

const IND_KEYS = ['onTime', 'recordQuality', 'entrapments', 'faults', 'rescue', 'inspection'];
const indicatorName = (key: string) => (IND_KEYS.includes(key) ? t(`web.maintenance.grades.ind.${key}` as MessageKey) : key);

/** `/maintenance/grades` 维保单位评级: a month's ranking with every indicator's basis, and a bar of the top 20. */
export default function MaintenanceGradesPage() {
  const [period, setPeriod] = useState(() => lastMonth(todayShanghai()));
  const [regionCode, setRegion] = useState<string>();
  const grades = useAsync(() => getGrades({ period, regionCode }), [period, regionCode]);
  const items = grades.data?.items ?? [];
  const option = useMemo(() => gradesChartOption(items), [items]);

  const columns: TableColumnsType<CompanyGrade> = [
    { key: 'rank', title: t('web.maintenance.grades.rank'), width: 60, render: (_: unknown, _r, i) => i + 1 },
    { key: 'name', title: t('web.maintenance.grades.name'), dataIndex: 'name', ellipsis: true },
    { key: 'score', title: t('web.maintenance.grades.score'), width: 90, align: 'right', render: (_: unknown, r) => r.score.toFixed(1) },
    { key: 'grade', title: t('web.maintenance.grades.grade'), width: 70, render: (_: unknown, r) => <GradeTag grade={r.grade} /> },
    {
      key: 'triggers',
      title: t('web.maintenance.grades.triggers'),
      render: (_: unknown, r) => (r.triggers.length ? r.triggers.map((x) => <Tag color="red" key={x}>{x}</Tag>) : null),
    },
  ];
  const indColumns: TableColumnsType<GradeIndicator> = [
    { key: 'key', title: t('web.maintenance.grades.indicator'), width: 120, render: (_: unknown, r) => indicatorName(r.key) },
    { key: 'value', title: t('web.maintenance.grades.value'), width: 90, align: 'right', render: (_: unknown, r) => (r.value === null ? <Typography.Text type="secondary">{t('web.maintenance.grades.noData')}</Typography.Text> : r.value) },
    { key: 'score', title: t('web.maintenance.grades.indicatorScore'), width: 90, align: 'right', dataIndex: 'score' },
    { key: 'weight', title: t('web.maintenance.grades.weight'), width: 80, align: 'right', dataIndex: 'weight' },
    { key: 'points', title: t('web.maintenance.grades.points'), width: 80, align: 'right', dataIndex: 'points' },
    { key: 'basis', title: t('web.maintenance.grades.basis'), dataIndex: 'basis' },
  ];

  return (
    <Card>
      <PageHeader title={t('web.maintenance.grades.title')} extra={<Link to={`/public/maintenance-grades?period=${period}`} target="_blank">{t('web.maintenance.grades.publicLink')}</Link>} />
      <Typography.Paragraph type="secondary">{t('web.maintenance.grades.intro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <DatePicker
          picker="month"
          allowClear={false}
          aria-label={t('web.maintenance.grades.period')}
          value={dayjs(`${period}-01`)}
          onChange={(d) => d && setPeriod(d.format('YYYY-MM'))}
        />
        <RegionSelect value={regionCode} onChange={setRegion} />
      </Space>
      {grades.error && <Alert type="error" showIcon title={grades.error.message} style={{ marginBottom: 12 }} />}
      {items.length > 1 && (
        <Card size="small" title={t('web.maintenance.grades.chart')} style={{ marginBottom: 12 }} data-testid="grades-chart">
          <EChart option={option} height={Math.max(200, Math.min(items.length, 20) * 24 + 40)} />
        </Card>
      )}
      <Table<CompanyGrade>
        data-testid="grades-table"
        rowKey="orgId"
        size="small"
        loading={grades.loading}
        columns={columns}
        dataSource={items}
        pagination={{ pageSize: 50, showTotal: (total) => t('web.common.total', { total }) }}
        expandable={{
          expandedRowRender: (r) => <Table<GradeIndicator> size="small" rowKey="key" pagination={false} columns={indColumns} dataSource={r.indicators} />,
        }}
      />
    </Card>
  );
}
