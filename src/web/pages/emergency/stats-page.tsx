import { DownloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, DatePicker, Empty, Row, Space, Statistic, Table, Typography, type TableColumnsType } from 'antd';
import { LineChart } from 'echarts/charts';
import * as echarts from 'echarts/core';
import { useMemo, useState } from 'react';
import { downloadEmergencyReport, getEmergencyReport } from '../../api/emergency.api.ts';
import type { RankedOrg, StatsQuery } from '../../api/emergency.types.ts';
import type { ApiError } from '../../api/http.ts';
import { EChart } from '../../components/echart.tsx';
import { dayjs, DISPLAY_TZ } from '../../components/format.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { RegionSelect } from '../../components/region-select.tsx';
import { useAsync } from '../../components/use-async.ts';
import { t } from '../../i18n.ts';
import { causeOption, formatMinutes, formatRate, histogramOption, hourOption, monthOption, quarterOf, regionOption } from './stats-options.ts';
import './emergency.css';

echarts.use([LineChart]);

/** `/emergency/stats` 救援统计: KPIs for a region and period (default: this quarter), charts, rankings, CSV. */
export default function StatsPage() {
  const { message } = App.useApp();
  const [query, setQuery] = useState<StatsQuery>(() => quarterOf(dayjs().tz(DISPLAY_TZ).format('YYYY-MM-DD')));
  const key = JSON.stringify(query);
  const report = useAsync(() => getEmergencyReport(query), [key]);
  const [exporting, setExporting] = useState(false);
  const r = report.data;
  const s = r?.summary;

  const charts = useMemo(
    () => (r ? { region: regionOption(r), cause: causeOption(r.summary.byCause), hour: hourOption(r.byHour), month: monthOption(r.byMonth), hist: histogramOption(r.arrivalHistogram) } : undefined),
    [r],
  );

  const exportCsv = async () => {
    setExporting(true);
    try {
      await downloadEmergencyReport(query, `${t('web.emergency.stats.fileName')}_${query.from ?? ''}_${query.to ?? ''}`);
    } catch (e) {
      message.error((e as ApiError).message);
    } finally {
      setExporting(false);
    }
  };

  const kpis: { key: string; title: string; value: string | number; suffix?: string; color?: string }[] = s
    ? [
        { key: 'incidents', title: t('web.emergency.stats.incidents'), value: s.incidents, suffix: t('web.emergency.stats.count') },
        { key: 'trapped', title: t('web.emergency.stats.trappedIncidents'), value: s.trappedIncidents, suffix: t('web.emergency.stats.count') },
        { key: 'rescued', title: t('web.emergency.stats.peopleRescued'), value: s.peopleRescued, suffix: t('web.emergency.stats.people') },
        { key: 'response', title: t('web.emergency.stats.responseRate'), value: formatRate(s.responseRate3min), color: '#389e0d' },
        { key: 'arrival', title: t('web.emergency.stats.arrivalRate'), value: formatRate(s.arrivalRate30min), color: '#389e0d' },
        { key: 'avgArrival', title: t('web.emergency.stats.avgArrival'), value: formatMinutes(s.avgArrivalMinutes), suffix: t('web.emergency.stats.minutes') },
        { key: 'avgRescue', title: t('web.emergency.stats.avgRescue'), value: formatMinutes(s.avgRescueMinutes), suffix: t('web.emergency.stats.minutes') },
      ]
    : [];
  const range: [ReturnType<typeof dayjs>, ReturnType<typeof dayjs>] | null = query.from && query.to ? [dayjs(query.from), dayjs(query.to)] : null;

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <PageHeader
          title={t('web.emergency.stats.title')}
          extra={
            <Space wrap>
              <RegionSelect value={query.regionCode} onChange={(regionCode) => setQuery((q) => ({ ...q, regionCode }))} placeholder={t('web.emergency.stats.region')} />
              <DatePicker.RangePicker
                value={range}
                allowClear={false}
                onChange={(v) => v?.[0] && v[1] && setQuery((q) => ({ ...q, from: v[0]!.format('YYYY-MM-DD'), to: v[1]!.format('YYYY-MM-DD') }))}
              />
              <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportCsv()}>
                {t('web.emergency.stats.export')}
              </Button>
            </Space>
          }
        />
        {report.error && <Alert type="error" showIcon title={report.error.message} style={{ marginBottom: 12 }} />}
        <div className="ls-kpi" data-testid="emergency-kpis">
          {kpis.map((k) => (
            <Statistic key={k.key} title={k.title} value={k.value} suffix={k.suffix} loading={report.loading && !r} styles={{ content: k.color ? { color: k.color } : undefined }} />
          ))}
        </div>
        {r && (
          <Typography.Text type="secondary">
            {t('web.emergency.stats.escalations', { n: r.escalations.incidents, d: r.escalations.breachedDispatch, a: r.escalations.breachedAccept, r: r.escalations.breachedArrive })}
          </Typography.Text>
        )}
      </Card>
      {r && s && s.incidents === 0 ? (
        <Card>
          <Empty description={t('web.emergency.stats.empty')} />
        </Card>
      ) : (
        charts && (
          <>
            <Row gutter={[16, 16]}>
              <Col xs={24} xl={14}>
                <Card size="small" title={t('web.emergency.stats.byRegion')}>
                  <EChart option={charts.region} height={320} />
                </Card>
              </Col>
              <Col xs={24} xl={10}>
                <Card size="small" title={t('web.emergency.stats.byCause')}>
                  <EChart option={charts.cause} height={320} />
                </Card>
              </Col>
              <Col xs={24} xl={14}>
                <Card size="small" title={t('web.emergency.stats.byHour')}>
                  <EChart option={charts.hour} height={300} />
                </Card>
              </Col>
              <Col xs={24} xl={10}>
                <Card size="small" title={t('web.emergency.stats.histogram')}>
                  <EChart option={charts.hist} height={300} />
                </Card>
              </Col>
              <Col xs={24}>
                <Card size="small" title={t('web.emergency.stats.byMonth')}>
                  <EChart option={charts.month} height={260} />
                </Card>
              </Col>
            </Row>
            <Row gutter={[16, 16]}>
              <Col xs={24} xl={12}>
                <Card size="small" title={t('web.emergency.stats.byMaintenance')}>
                  <Ranking rows={r!.byMaintenance} testId="rank-maintenance" />
                </Card>
              </Col>
              <Col xs={24} xl={12}>
                <Card size="small" title={t('web.emergency.stats.byUseUnit')}>
                  <Ranking rows={r!.byUseUnit} testId="rank-use-unit" />
                </Card>
              </Col>
            </Row>
          </>
        )
      )}
    </Space>
  );
}

function Ranking({ rows, testId }: { rows: RankedOrg[]; testId: string }) {
  const columns: TableColumnsType<RankedOrg> = [
    { key: 'rank', title: t('web.emergency.stats.rank'), width: 60, render: (_: unknown, _r, i) => i + 1 },
    { key: 'name', title: t('web.emergency.stats.name'), dataIndex: 'name', ellipsis: true },
    { key: 'trapped', title: t('web.emergency.stats.rankTrapped'), dataIndex: 'trappedIncidents', width: 90, align: 'right' },
    { key: 'elevators', title: t('web.emergency.stats.elevators'), dataIndex: 'elevators', width: 90, align: 'right' },
    { key: 'per100', title: t('web.emergency.stats.per100'), width: 100, align: 'right', render: (_: unknown, r) => (r.per100 === null ? t('web.common.none') : r.per100.toFixed(2)) },
  ];
  return <Table<RankedOrg> data-testid={testId} rowKey="orgId" size="small" columns={columns} dataSource={rows} pagination={rows.length > 10 ? { pageSize: 10, showSizeChanger: false } : false} />;
}
