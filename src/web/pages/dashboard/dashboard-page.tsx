import { Alert, Card, Col, Row, Statistic, Typography } from 'antd';
import type { ECElementEvent } from 'echarts/core';
import { useMemo } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { getFacets, type ElevatorFilters } from '../../api/elevators.api.ts';
import { useSession } from '../../auth/auth-context.tsx';
import { EChart } from '../../components/echart.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { RegionSelect } from '../../components/region-select.tsx';
import { useAsync } from '../../components/use-async.ts';
import { useRegions } from '../../components/use-reference.ts';
import { t } from '../../i18n.ts';
import { registryLink } from '../registry/registry-query.ts';
import { OldElevatorStats } from '../risk/old-elevator-stats.tsx';
import { ageFilter, barOption, pieOption } from './chart-options.ts';

const STATUS_COLORS: Record<string, string> = { IN_USE: '#389e0d', STOPPED: '#d48806', SCRAPPED: '#cf1322', CANCELLED: '#8c8c8c', UNREGISTERED: '#722ed1' };
const keyOf = (e: ECElementEvent) => (e.data as { key?: string } | undefined)?.key;

function ChartCard({ title, extra, children }: { title: string; extra?: string; children: React.ReactNode }) {
  return (
    <Card size="small" title={title} extra={extra && <Typography.Text type="secondary">{extra}</Typography.Text>}>
      {children}
    </Card>
  );
}

/** `/`: registry statistics for a region; bars and slices drill down into the registry. */
export default function DashboardPage() {
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const regionCode = /^\d{6}$/.test(params.get('regionCode') ?? '') ? params.get('regionCode')! : undefined;
  const { me, can } = useSession();
  const regions = useRegions();
  // A city regulator's whole scope is one city: show its counties even before a region is picked.
  const level = regions?.find((r) => r.code === (regionCode ?? me.regionCode))?.level ?? 1;
  const { data, error } = useAsync(() => getFacets({ regionCode }), [regionCode]);
  const unit = t('web.dashboard.unit');

  const drill = (filters: ElevatorFilters) => navigate(registryLink({ regionCode, ...filters }));
  const click = (toFilters: (key: string) => ElevatorFilters) => (e: ECElementEvent) => {
    const key = keyOf(e);
    if (key) drill(toFilters(key));
  };

  const options = useMemo(
    () =>
      data && {
        area: barOption(level === 1 ? data.byCity : data.byCounty, unit),
        category: pieOption(data.byCategory, unit),
        status: pieOption(data.byStatus, unit, STATUS_COLORS),
        placeType: pieOption(data.byPlaceType, unit),
        age: barOption(data.byAge, unit, '#13a8a8'),
      },
    [data, level, unit],
  );

  return (
    <>
      <Card style={{ marginBottom: 16 }}>
        <PageHeader
          title={t('web.dashboard.title')}
          extra={<RegionSelect value={regionCode} onChange={(code) => setParams(code ? { regionCode: code } : {})} style={{ width: 240 }} />}
        />
        {error && <Alert type="error" showIcon title={error.message} />}
        <Row gutter={[16, 16]}>
          <Col xs={12} md={4}>
            <Statistic title={t('web.dashboard.total')} value={data?.total ?? 0} loading={!data} suffix={unit} />
          </Col>
          {(data?.byStatus ?? []).map((b) => (
            <Col xs={12} md={4} key={b.key}>
              <Statistic title={b.label} value={b.count} suffix={unit} styles={{ content: { color: STATUS_COLORS[b.key] } }} />
            </Col>
          ))}
        </Row>
      </Card>
      {can('risk.read') && <OldElevatorStats regionCode={regionCode} />}
      {options && (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={16}>
            <ChartCard title={level === 1 ? t('web.dashboard.byCity') : t('web.dashboard.byCounty')} extra={t('web.dashboard.clickHint')}>
              <EChart option={options.area} height={340} onClick={click((key) => ({ regionCode: key }))} />
            </ChartCard>
          </Col>
          <Col xs={24} xl={8}>
            <ChartCard title={t('web.dashboard.byCategory')}>
              <EChart option={options.category} height={340} onClick={click((category) => ({ category }))} />
            </ChartCard>
          </Col>
          <Col xs={24} md={12} xl={8}>
            <ChartCard title={t('web.dashboard.byStatus')}>
              <EChart option={options.status} onClick={click((status) => ({ status }))} />
            </ChartCard>
          </Col>
          <Col xs={24} md={12} xl={8}>
            <ChartCard title={t('web.dashboard.byPlaceType')}>
              <EChart option={options.placeType} onClick={click((placeType) => ({ placeType }))} />
            </ChartCard>
          </Col>
          <Col xs={24} xl={8}>
            <ChartCard title={t('web.dashboard.byAge')}>
              <EChart option={options.age} onClick={click(ageFilter)} />
            </ChartCard>
          </Col>
        </Row>
      )}
    </>
  );
}
