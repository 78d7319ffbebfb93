import { Alert, Card, Radio, Select, Space, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { getOldSummary, listOldElevators } from '../../api/risk.api.ts';
import type { OldElevator, OldTier } from '../../api/risk.types.ts';
import { OLD_TIERS } from '../../api/risk.types.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { RegionSelect } from '../../components/region-select.tsx';
import { useAsync } from '../../components/use-async.ts';
import { useRegions } from '../../components/use-reference.ts';
import { enumLabel, enumOptions, t } from '../../i18n.ts';
import { todayShanghai } from '../maintenance/maintenance-logic.ts';
import { OldDistribution, OldTotals } from './old-summary.tsx';
import { GradeTag, useInputLabels } from './risk-bits.tsx';
import { oldFiltersFromParams, toParams, type OldFilters } from './risk-filters.ts';
import { overspeedText, tierKey, tierLabel, yearsSince } from './risk-logic.ts';

/**
 * `/risk/old-elevators` 老旧电梯: the notice's tiers as tabs (15 / 20 years, overspeed retrofit) with their counts, the
 * distribution by city/county and place type (chart and table; a click narrows the list), and the list of the tier
 * sorted by age or risk, each row linking to the elevator. Filters live in the URL.
 */
export default function OldElevatorsPage() {
  const [params, setParams] = useSearchParams();
  const f = useMemo(() => oldFiltersFromParams(params), [params]);
  const regions = useRegions();
  const labels = useInputLabels();
  const today = todayShanghai();
  const summary = useAsync(() => getOldSummary(f.regionCode), [f.regionCode]);
  const list = useAsync(() => listOldElevators(f), [JSON.stringify(f)]);
  const update = (patch: Partial<OldFilters>) => setParams(toParams({ ...f, page: 1, ...patch }, params), { replace: true });
  const regionName = (code: string) => regions?.find((r) => r.code === code)?.name ?? code;
  const dateCol = f.tier === 'overspeed' ? 'manufactureDate' : 'registrationDate';

  const columns: TableColumnsType<OldElevator> = [
    {
      key: 'code',
      title: t('web.risk.old.col.registrationCode'),
      width: 220,
      render: (_: unknown, e) => (
        <div>
          <Link to={`/elevators/${e.registrationCode}`}>{e.registrationCode}</Link>
          <Typography.Text type="secondary" ellipsis={{ tooltip: e.address }} style={{ display: 'block', fontSize: 12, maxWidth: 220 }}>
            {e.address}
          </Typography.Text>
        </div>
      ),
    },
    { key: 'region', title: t('web.risk.old.col.region'), width: 110, render: (_: unknown, e) => regionName(e.regionCode) },
    { key: 'category', title: t('web.risk.old.col.category'), width: 150, ellipsis: true, render: (_: unknown, e) => labels.category(e.category) },
    { key: 'placeType', title: t('web.risk.old.col.placeType'), width: 90, render: (_: unknown, e) => enumLabel('placeType', e.placeType) },
    { key: 'useUnit', title: t('web.risk.old.col.useUnit'), width: 180, ellipsis: true, render: (_: unknown, e) => e.useUnit ?? t('web.common.none') },
    { key: 'registrationDate', title: t('web.risk.old.col.registrationDate'), width: 110, render: (_: unknown, e) => e.registrationDate ?? t('web.common.none') },
    { key: 'manufactureDate', title: t('web.risk.old.col.manufactureDate'), width: 110, render: (_: unknown, e) => e.manufactureDate ?? t('web.common.none') },
    {
      key: 'years',
      title: t('web.risk.old.col.yearsInUse'),
      width: 80,
      align: 'right',
      render: (_: unknown, e) => {
        const y = yearsSince(e[dateCol], today);
        return y === null ? t('web.common.none') : t('web.risk.old.years', { n: y.toFixed(1) });
      },
    },
    {
      key: 'overspeed',
      title: t('web.risk.old.col.overspeed'),
      width: 100,
      render: (_: unknown, e) => <Tag color={e.ascendingOverspeedProtection === true ? 'green' : e.ascendingOverspeedProtection === false ? 'red' : 'default'}>{overspeedText(e.ascendingOverspeedProtection)}</Tag>,
    },
    {
      key: 'tiers',
      title: t('web.risk.old.col.tiers'),
      width: 200,
      render: (_: unknown, e) => (
        <Space size={2} wrap>
          {e.tiers.map((tier) => (
            <Tag key={tier} color={tier === '20' ? 'red' : tier === '15' ? 'gold' : 'purple'}>
              {t(`web.risk.tierShort.${tier}`)}
            </Tag>
          ))}
        </Space>
      ),
    },
    {
      key: 'risk',
      title: t('web.risk.old.col.risk'),
      width: 130,
      render: (_: unknown, e) =>
        e.riskScore === null ? (
          <Typography.Text type="secondary">{t('web.risk.old.notScored')}</Typography.Text>
        ) : (
          <Space size={4}>
            <Typography.Text strong>{e.riskScore.toFixed(1)}</Typography.Text>
            <GradeTag grade={e.riskGrade} />
          </Space>
        ),
    },
  ];

  const counts = summary.data?.totals;
  return (
    <Card>
      <PageHeader title={t('web.risk.old.title')} extra={<RegionSelect value={f.regionCode} onChange={(regionCode) => update({ regionCode })} style={{ width: 240 }} />} />
      <Typography.Paragraph type="secondary">{t('web.risk.old.intro')}</Typography.Paragraph>
      {summary.error && <Alert type="error" showIcon title={summary.error.message} style={{ marginBottom: 12 }} />}
      <OldTotals summary={summary.data} loading={summary.loading} />
      <OldDistribution summary={summary.data} onRegion={(regionCode) => update({ regionCode })} onPlace={(placeType) => update({ placeType })} />
      <Tabs
        activeKey={f.tier}
        onChange={(tier) => update({ tier: tier as OldTier })}
        items={OLD_TIERS.map((tier) => ({ key: tier, label: counts ? `${tierLabel(tier)}（${counts[tierKey(tier)]}）` : tierLabel(tier) }))}
      />
      <Typography.Paragraph type="secondary" data-testid="tier-hint">
        {t(`web.risk.tierHint.${f.tier}`)}
      </Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <Radio.Group
          optionType="button"
          value={f.sort}
          onChange={(e) => update({ sort: e.target.value as 'age' | 'risk' })}
          options={[
            { value: 'age', label: t('web.risk.old.sortAge') },
            { value: 'risk', label: t('web.risk.old.sortRisk') },
          ]}
        />
        <Select allowClear style={{ width: 140 }} placeholder={t('web.risk.old.placeType')} value={f.placeType} options={enumOptions('placeType')} onChange={(placeType?: string) => update({ placeType })} />
        {f.useUnitId && (
          <Tag closable onClose={() => update({ useUnitId: undefined })}>
            {t('web.risk.old.useUnitFilter', { id: f.useUnitId })}
          </Tag>
        )}
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 12 }} />}
      <Table<OldElevator>
        data-testid="old-elevator-table"
        rowKey="registrationCode"
        size="small"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 1500 }}
        onRow={(e) => ({ 'data-code': e.registrationCode }) as React.HTMLAttributes<HTMLElement>}
        pagination={{
          current: f.page,
          pageSize: f.pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => t('web.common.total', { total }),
          onChange: (page, pageSize) => update({ page: pageSize !== f.pageSize ? 1 : page, pageSize }),
        }}
      />
    </Card>
  );
}
