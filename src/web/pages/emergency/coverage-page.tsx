import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Progress, Select, Space, Statistic, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { getCoverage, listGaps } from '../../api/emergency.api.ts';
import type { CoverageRow, Gap, GapItem } from '../../api/emergency.types.ts';
import { GAPS } from '../../api/emergency.types.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { RegionSelect } from '../../components/region-select.tsx';
import { useAsync } from '../../components/use-async.ts';
import { t, type MessageKey } from '../../i18n.ts';
import { formatRate } from './stats-options.ts';
import './emergency.css';

const GAP_LABELS: Record<Gap, MessageKey> = {
  no_rescue_code: 'web.emergency.coverage.noRescueCode',
  no_rescuer: 'web.emergency.coverage.noRescuer',
  no_hotline: 'web.emergency.coverage.noHotline',
};

/** One level up from a region code: county → its city, city → everywhere (undefined). */
export function parentRegion(code: string | undefined): string | undefined {
  if (!code || code.endsWith('0000')) return undefined;
  if (code.endsWith('00')) return undefined;
  return `${code.slice(0, 4)}00`;
}

/** `/emergency/coverage` 覆盖率: by city or county, the share of in-use passenger elevators 96333 can serve, and the gaps. */
export default function CoveragePage() {
  const [region, setRegion] = useState<string>();
  const [gap, setGap] = useState<Gap>();
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const coverage = useAsync(() => getCoverage(region), [region]);
  const gaps = useAsync(() => listGaps({ regionCode: region, gap, ...page }), [region, gap, page.page, page.pageSize]);
  const pick = (code: string | undefined) => {
    setRegion(code);
    setPage((p) => ({ ...p, page: 1 }));
  };

  const s = coverage.data?.summary;
  const columns: TableColumnsType<CoverageRow> = [
    {
      key: 'name',
      title: t('web.emergency.coverage.name'),
      render: (_: unknown, r) =>
        r.regionCode.endsWith('00') && !region?.endsWith('00') ? (
          <Button type="link" size="small" style={{ padding: 0 }} onClick={() => pick(r.regionCode)}>
            {r.name}
          </Button>
        ) : (
          r.name
        ),
    },
    { key: 'total', title: t('web.emergency.coverage.total'), dataIndex: 'total', width: 120, align: 'right' },
    { key: 'covered', title: t('web.emergency.coverage.covered'), dataIndex: 'covered', width: 100, align: 'right' },
    {
      key: 'rate',
      title: t('web.emergency.coverage.rate'),
      width: 200,
      render: (_: unknown, r) => (
        <Space>
          <Progress percent={r.rate === null ? 0 : Math.floor(r.rate * 1000) / 10} size="small" showInfo={false} style={{ width: 90 }} status={r.rate !== null && r.rate < 0.95 ? 'exception' : 'success'} />
          <span>{formatRate(r.rate)}</span>
        </Space>
      ),
    },
    { key: 'noRescueCode', title: t('web.emergency.coverage.noRescueCode'), dataIndex: 'noRescueCode', width: 120, align: 'right' },
    { key: 'noRescuer', title: t('web.emergency.coverage.noRescuer'), dataIndex: 'noRescuer', width: 110, align: 'right' },
    { key: 'noHotline', title: t('web.emergency.coverage.noHotline'), dataIndex: 'noHotline', width: 110, align: 'right' },
  ];
  const gapColumns: TableColumnsType<GapItem> = [
    { key: 'code', title: t('web.emergency.coverage.code'), width: 200, render: (_: unknown, g) => <Link to={`/elevators/${g.registrationCode}`}>{g.registrationCode}</Link> },
    { key: 'rescueCode', title: t('web.emergency.coverage.rescueCode'), dataIndex: 'rescueCode', width: 110, render: (v: string | null) => v ?? t('web.common.none') },
    { key: 'address', title: t('web.emergency.coverage.address'), dataIndex: 'address', ellipsis: true },
    { key: 'maintenance', title: t('web.emergency.coverage.maintenance'), dataIndex: 'maintenance', width: 240, ellipsis: true, render: (v: string | null) => v ?? t('web.common.none') },
    {
      key: 'gaps',
      title: t('web.emergency.coverage.gaps'),
      width: 260,
      render: (_: unknown, g) => (
        <Space size={2} wrap>
          {g.gaps.map((x) => (
            <Tag key={x} color="red">
              {t(GAP_LABELS[x])}
            </Tag>
          ))}
        </Space>
      ),
    },
  ];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <PageHeader
          title={t('web.emergency.coverage.title')}
          extra={
            <Space>
              {region && (
                <Button icon={<ArrowLeftOutlined />} onClick={() => pick(parentRegion(region))}>
                  {t('web.emergency.coverage.back')}
                </Button>
              )}
              <RegionSelect value={region} onChange={pick} placeholder={t('web.emergency.coverage.region')} />
            </Space>
          }
        />
        <Typography.Paragraph type="secondary">{t('web.emergency.coverage.intro')}</Typography.Paragraph>
        {coverage.error && <Alert type="error" showIcon title={coverage.error.message} style={{ marginBottom: 12 }} />}
        <div className="ls-kpi">
          <Statistic title={t('web.emergency.coverage.total')} value={s?.total ?? 0} loading={coverage.loading && !s} />
          <Statistic title={t('web.emergency.coverage.covered')} value={s?.covered ?? 0} loading={coverage.loading && !s} />
          <Statistic title={t('web.emergency.coverage.rate')} value={formatRate(s?.rate)} loading={coverage.loading && !s} styles={{ content: { color: s && s.rate !== null && s.rate < 0.95 ? '#cf1322' : '#389e0d' } }} />
          <Statistic title={t('web.emergency.coverage.noRescueCode')} value={s?.noRescueCode ?? 0} loading={coverage.loading && !s} />
          <Statistic title={t('web.emergency.coverage.noRescuer')} value={s?.noRescuer ?? 0} loading={coverage.loading && !s} />
          <Statistic title={t('web.emergency.coverage.noHotline')} value={s?.noHotline ?? 0} loading={coverage.loading && !s} />
        </div>
        <Table<CoverageRow>
          data-testid="coverage-table"
          rowKey="regionCode"
          size="small"
          loading={coverage.loading}
          columns={columns}
          dataSource={coverage.data?.byRegion ?? []}
          pagination={false}
          scroll={{ x: 900 }}
        />
      </Card>
      <Card
        title={t('web.emergency.coverage.gapsTitle')}
        extra={
          <Select<Gap>
            allowClear
            style={{ width: 180 }}
            placeholder={t('web.emergency.coverage.gapAll')}
            value={gap}
            options={GAPS.map((g) => ({ value: g, label: t(GAP_LABELS[g]) }))}
            onChange={(v) => {
              setGap(v);
              setPage((p) => ({ ...p, page: 1 }));
            }}
          />
        }
      >
        {gaps.error && <Alert type="error" showIcon title={gaps.error.message} style={{ marginBottom: 12 }} />}
        <Table<GapItem>
          data-testid="gap-table"
          rowKey="registrationCode"
          size="small"
          loading={gaps.loading}
          columns={gapColumns}
          dataSource={gaps.data?.items ?? []}
          scroll={{ x: 1000 }}
          pagination={{
            current: page.page,
            pageSize: page.pageSize,
            total: gaps.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: ['20', '50', '100'],
            showTotal: (total) => t('web.common.total', { total }),
          }}
          onChange={(p) => setPage({ page: p.pageSize !== page.pageSize ? 1 : (p.current ?? 1), pageSize: p.pageSize ?? page.pageSize })}
        />
      </Card>
    </Space>
  );
}
