import { Card, Col, Row, Segmented, Statistic, Table, Typography } from 'antd';
import type { ECElementEvent } from 'echarts/core';
import { useMemo, useState } from 'react';
import type { OldSummary } from '../../api/risk.types.ts';
import { EChart } from '../../components/echart.tsx';
import { enumLabel, t } from '../../i18n.ts';
import { tierBarOption, type SummaryRow } from './old-summary-options.ts';
import { share } from './risk-logic.ts';

/** The stock and the three tiers' counts, then their distribution by city/county or place type as a chart and a table. */
export function OldTotals({ summary, loading }: { summary?: OldSummary; loading: boolean }) {
  const s = summary?.totals;
  const stock = s?.inUse ?? 0;
  const unit = t('web.dashboard.unit');
  return (
    <Row gutter={[16, 16]} style={{ marginBottom: 16 }} data-testid="old-totals">
      <Col xs={12} md={5}>
        <Statistic title={t('web.risk.old.inUse')} value={stock} loading={loading && !s} suffix={unit} />
      </Col>
      {(['tier15', 'tier20', 'overspeed'] as const).map((k) => (
        <Col xs={12} md={5} key={k}>
          <Statistic
            title={t(`web.risk.tierShort.${k === 'tier15' ? '15' : k === 'tier20' ? '20' : 'overspeed'}`)}
            value={s?.[k] ?? 0}
            loading={loading && !s}
            suffix={
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {unit} {t('web.risk.old.share', { p: share(s?.[k] ?? 0, stock) })}
              </Typography.Text>
            }
          />
        </Col>
      ))}
      <Col xs={12} md={4}>
        <Statistic title={t('web.risk.old.noDate')} value={s?.noRegistrationDate ?? 0} loading={loading && !s} suffix={unit} styles={{ content: { color: '#8c8c8c' } }} />
      </Col>
    </Row>
  );
}

type By = 'region' | 'place';

export function OldDistribution({ summary, onRegion, onPlace }: { summary?: OldSummary; onRegion: (code: string) => void; onPlace: (placeType: string) => void }) {
  const [by, setBy] = useState<By>('region');
  const rows: SummaryRow[] = useMemo(
    () =>
      by === 'region'
        ? (summary?.byRegion ?? []).map((r) => ({ ...r, key: r.regionCode, label: r.name }))
        : (summary?.byPlaceType ?? []).map((r) => ({ ...r, key: r.placeType, label: enumLabel('placeType', r.placeType) })),
    [summary, by],
  );
  const option = useMemo(() => tierBarOption(rows, t('web.dashboard.unit')), [rows]);
  const pick = (key: string) => (by === 'region' ? onRegion(key) : onPlace(key));
  return (
    <Card
      size="small"
      style={{ marginBottom: 16 }}
      title={
        <Segmented<By>
          value={by}
          onChange={setBy}
          options={[
            { value: 'region', label: t('web.risk.old.byRegion') },
            { value: 'place', label: t('web.risk.old.byPlaceType') },
          ]}
        />
      }
      extra={<Typography.Text type="secondary">{t('web.risk.old.clickHint')}</Typography.Text>}
    >
      <Row gutter={16}>
        <Col xs={24} xl={14}>
          <EChart option={option} height={300} onClick={(e: ECElementEvent) => (e.data as { key?: string } | undefined)?.key && pick((e.data as { key: string }).key)} />
        </Col>
        <Col xs={24} xl={10}>
          <Table<SummaryRow>
            data-testid={`old-summary-${by}`}
            size="small"
            rowKey="key"
            dataSource={rows}
            pagination={false}
            scroll={{ y: 260 }}
            columns={[
              {
                key: 'label',
                title: by === 'region' ? t('web.risk.old.col.region') : t('web.risk.old.col.placeType'),
                render: (_: unknown, r) => (
                  <Typography.Link onClick={() => pick(r.key)}>{r.label}</Typography.Link>
                ),
              },
              { key: 'tier15', title: t('web.risk.tierShort.15'), dataIndex: 'tier15', align: 'right', sorter: (a, b) => a.tier15 - b.tier15 },
              { key: 'tier20', title: t('web.risk.tierShort.20'), dataIndex: 'tier20', align: 'right', sorter: (a, b) => a.tier20 - b.tier20 },
              { key: 'overspeed', title: t('web.risk.tierShort.overspeed'), dataIndex: 'overspeed', align: 'right', sorter: (a, b) => a.overspeed - b.overspeed },
            ]}
          />
        </Col>
      </Row>
    </Card>
  );
}
