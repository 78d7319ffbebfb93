import { Alert, Card, Progress, Segmented, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { getRanking, getRiskModel } from '../../api/risk.api.ts';
import type { RankingItem } from '../../api/risk.types.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { RegionSelect } from '../../components/region-select.tsx';
import { useAsync } from '../../components/use-async.ts';
import { useRegions } from '../../components/use-reference.ts';
import { enumLabel, enumOptions, t } from '../../i18n.ts';
import { GradeTag } from './risk-bits.tsx';
import { rankingFiltersFromParams, toParams, type RankingFilters } from './risk-filters.ts';
import { FACTOR_HEX, factorLabel, GRADE_HEX, gradeLabel } from './risk-logic.ts';

const GRADES = [4, 3, 2, 1];

/**
 * `/risk/ranking` 风险排名: scores highest first in scope, with the counts by grade (a click filters), the three factors
 * that weigh most on each, region and place filters in the URL, and the model version linking to its parameters.
 */
export default function RankingPage() {
  const [params, setParams] = useSearchParams();
  const f = useMemo(() => rankingFiltersFromParams(params), [params]);
  const regions = useRegions();
  const ranking = useAsync(() => getRanking(f), [JSON.stringify(f)]);
  const model = useAsync(getRiskModel, []);
  const update = (patch: Partial<RankingFilters>) => setParams(toParams({ ...f, page: 1, ...patch }, params), { replace: true });
  const counts = new Map((ranking.data?.grades ?? []).map((g) => [g.grade, g.count]));
  const all = [...counts.values()].reduce((s, n) => s + n, 0);

  const columns: TableColumnsType<RankingItem> = [
    { key: 'rank', title: t('web.risk.ranking.rank'), width: 64, align: 'right', render: (_: unknown, _r, i) => (f.page - 1) * f.pageSize + i + 1 },
    {
      key: 'code',
      title: t('web.risk.old.col.registrationCode'),
      width: 240,
      render: (_: unknown, r) => (
        <div>
          <Link to={`/elevators/${r.registrationCode}`}>{r.registrationCode}</Link>
          <Typography.Text type="secondary" ellipsis={{ tooltip: r.address }} style={{ display: 'block', fontSize: 12, maxWidth: 240 }}>
            {r.address}
          </Typography.Text>
        </div>
      ),
    },
    { key: 'region', title: t('web.risk.old.col.region'), width: 110, render: (_: unknown, r) => regions?.find((x) => x.code === r.regionCode)?.name ?? r.regionCode },
    { key: 'placeType', title: t('web.risk.old.col.placeType'), width: 90, render: (_: unknown, r) => enumLabel('placeType', r.placeType) },
    {
      key: 'score',
      title: t('web.risk.ranking.score'),
      width: 170,
      render: (_: unknown, r) => (
        <Space size={8}>
          <Typography.Text strong style={{ width: 40, display: 'inline-block', textAlign: 'right' }}>
            {r.score.toFixed(1)}
          </Typography.Text>
          <Progress percent={r.score} showInfo={false} size={[90, 8]} strokeColor={GRADE_HEX[r.grade]} />
        </Space>
      ),
    },
    { key: 'grade', title: t('web.risk.ranking.grade'), width: 100, render: (_: unknown, r) => <GradeTag grade={r.grade} /> },
    {
      key: 'top',
      title: t('web.risk.ranking.topFactors'),
      render: (_: unknown, r) => (
        <Space size={2} wrap>
          {r.topFactors.map((x) => (
            <Tag key={x.name} color={FACTOR_HEX[x.name]} data-factor={x.name}>
              {t('web.risk.ranking.factorPoints', { name: factorLabel(x.name), n: x.contribution })}
            </Tag>
          ))}
        </Space>
      ),
    },
  ];

  return (
    <Card>
      <PageHeader
        title={t('web.risk.ranking.title')}
        extra={model.data && <Link to="/risk/model">{t('web.risk.ranking.model', { version: model.data.version })}</Link>}
      />
      <Typography.Paragraph type="secondary">{t('web.risk.ranking.intro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented<number>
          data-testid="grade-filter"
          value={f.grade ?? 0}
          onChange={(g) => update({ grade: g || undefined })}
          options={[
            { value: 0, label: t('web.risk.ranking.all', { n: all }) },
            ...GRADES.map((g) => ({
              value: g,
              label: <span style={{ color: GRADE_HEX[g] }}>{t('web.risk.ranking.gradeCount', { grade: gradeLabel(g), n: counts.get(g) ?? 0 })}</span>,
            })),
          ]}
        />
        <RegionSelect value={f.regionCode} onChange={(regionCode) => update({ regionCode })} />
        <Select allowClear style={{ width: 140 }} placeholder={t('web.risk.old.placeType')} value={f.placeType} options={enumOptions('placeType')} onChange={(placeType?: string) => update({ placeType })} />
      </Space>
      {ranking.error && <Alert type="error" showIcon title={ranking.error.message} style={{ marginBottom: 12 }} />}
      <Table<RankingItem>
        data-testid="ranking-table"
        rowKey="registrationCode"
        size="small"
        loading={ranking.loading}
        columns={columns}
        dataSource={ranking.data?.items ?? []}
        scroll={{ x: 1100 }}
        pagination={{
          current: f.page,
          pageSize: f.pageSize,
          total: ranking.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => t('web.common.total', { total }),
          onChange: (page, pageSize) => update({ page: pageSize !== f.pageSize ? 1 : page, pageSize }),
        }}
      />
    </Card>
  );
}
