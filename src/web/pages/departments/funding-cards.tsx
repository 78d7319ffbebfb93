import { Alert, Card, Col, Row, Statistic, Table, type TableColumnsType } from 'antd';
import { Link } from 'react-router-dom';
import { getFunding } from '../../api/cockpit.api.ts';
import type { Funding } from '../../api/cockpit.types.ts';
import { getInsuranceCoverage } from '../../api/insurance.api.ts';
import type { InsuranceCoverageRow } from '../../api/insurance.types.ts';
import { useAsync } from '../../components/use-async.ts';
import { t } from '../../i18n.ts';
import { href } from '../cockpit/cockpit-links.ts';

const yuan = { precision: 2, suffix: t('web.cockpit.yuan') };

/** 资金来源: renovation funding plans by source; the housing department watches the maintenance fund's share. */
export function FundingSourcesCard({ regionCode }: { regionCode?: string }) {
  const { data, error } = useAsync(() => getFunding(regionCode), [regionCode]);
  return (
    <Card size="small" title={t('web.departments.funding.sourcesTitle')} data-testid="funding-sources" loading={!data && !error}>
      {error && <Alert type="error" showIcon title={error.message} />}
      <Row gutter={[12, 12]}>
        {data?.renovation.bySource.map((s) => (
          <Col xs={12} md={8} key={s.source}>
            <Link to={href('/renovation/projects', { regionCode })}>
              <Statistic title={`${t(`web.departments.funding.source.${s.source}`)}（${t('web.departments.funding.projects', { n: s.projects })}）`} value={s.amount} {...yuan} />
            </Link>
          </Col>
        ))}
      </Row>
    </Card>
  );
}

type SubsidyRow = { key: string; status: string; renovation: number; addon: number | null; addonAmount: number | null };

function subsidyRows(f: Funding): SubsidyRow[] {
  return f.renovation.bySubsidyStatus.map((r) => {
    const a = f.addon?.bySubsidyStatus.find((x) => x.status === r.status);
    return { key: r.status, status: r.status, renovation: r.projects, addon: a ? a.projects : null, addonAmount: a ? a.amount : null };
  });
}

/** 补贴资金: renovation subsidies requested, approved and disbursed; projects of both kinds by subsidy state. */
export function SubsidiesCard({ regionCode }: { regionCode?: string }) {
  const { data, error } = useAsync(() => getFunding(regionCode), [regionCode]);
  const columns: TableColumnsType<SubsidyRow> = [
    { key: 'status', title: t('web.departments.funding.state'), render: (_: unknown, r) => t(`web.departments.funding.subsidy.${r.status as 'none'}`) },
    { key: 'renovation', title: t('web.departments.funding.renovation'), align: 'right', render: (_: unknown, r) => <Link to={href('/renovation/projects', { regionCode })}>{r.renovation}</Link> },
    { key: 'addon', title: t('web.departments.funding.addon'), align: 'right', render: (_: unknown, r) => r.addon ?? '—' },
    { key: 'addonAmount', title: t('web.departments.funding.addonAmount'), align: 'right', render: (_: unknown, r) => (r.addonAmount === null ? '—' : r.addonAmount.toLocaleString('zh-CN', { minimumFractionDigits: 2 })) },
  ];
  return (
    <Card size="small" title={t('web.departments.funding.subsidiesTitle')} data-testid="subsidies" loading={!data && !error}>
      {error && <Alert type="error" showIcon title={error.message} />}
      {data && (
        <>
          <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
            {(['subsidyRequested', 'subsidyApproved', 'subsidyDisbursed'] as const).map((k) => (
              <Col xs={24} md={8} key={k}>
                <Link to={href('/renovation/progress', { regionCode })}>
                  <Statistic title={t(`web.departments.funding.${k}`)} value={data.renovation[k]} {...yuan} />
                </Link>
              </Col>
            ))}
          </Row>
          <Table<SubsidyRow> size="small" pagination={false} columns={columns} dataSource={subsidyRows(data)} />
        </>
      )}
    </Card>
  );
}

/** 各地区投保覆盖率: the insurance module's coverage by region (lapsed policies counted). */
export function CoverageByRegionCard({ regionCode }: { regionCode?: string }) {
  const { data, error } = useAsync(() => getInsuranceCoverage(regionCode), [regionCode]);
  const columns: TableColumnsType<InsuranceCoverageRow> = [
    { key: 'name', title: t('web.departments.coverage.region'), render: (_: unknown, r) => <Link to={href('/insurance/coverage', { regionCode: r.regionCode })}>{r.name}</Link> },
    { key: 'inUse', title: t('web.departments.coverage.inUse'), dataIndex: 'inUse', align: 'right' },
    { key: 'insured', title: t('web.departments.coverage.insured'), dataIndex: 'insured', align: 'right' },
    { key: 'rate', title: t('web.departments.coverage.rate'), align: 'right', render: (_: unknown, r) => (r.rate === null ? '—' : `${(r.rate * 100).toFixed(1)}%`) },
    { key: 'lapsed', title: t('web.departments.coverage.lapsed'), dataIndex: 'lapsed', align: 'right' },
  ];
  return (
    <Card size="small" title={t('web.departments.coverage.title')} data-testid="coverage-by-region">
      {error && <Alert type="error" showIcon title={error.message} />}
      <Table<InsuranceCoverageRow> size="small" rowKey="regionCode" loading={!data && !error} pagination={false} columns={columns} dataSource={data?.byRegion ?? []} />
    </Card>
  );
}
