import { Alert, Button, Card, Descriptions, Space, Statistic, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { LineChart } from 'echarts/charts';
import { MarkLineComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { useMemo } from 'react';
import type { CreditEvent, CreditFile } from '../../api/credit.types.ts';
import { EChart } from '../../components/echart.tsx';
import { enumLabel, t, type MessageKey } from '../../i18n.ts';
import { GRADE_COLOR, historyOption, pointsText } from './credit-logic.ts';

// The shared chart host registers bars and pies; the score history is a line with grade boundaries.
echarts.use([LineChart, MarkLineComponent]);

/** One credit file: score, grade, the score's history as a chart and the events (publish for regulators). */
export function CreditFileView({ file, onPublish }: { file: CreditFile; onPublish?: (e: CreditEvent) => void }) {
  const option = useMemo(() => historyOption(file.history), [file.history]);
  const columns: TableColumnsType<CreditEvent> = [
    { key: 'occurredOn', title: t('web.credit.event.occurredOn'), dataIndex: 'occurredOn', width: 110 },
    { key: 'kind', title: t('web.credit.event.kind'), width: 120, render: (_: unknown, e) => <Tag>{t(`web.credit.kind.${e.kind}` as MessageKey)}</Tag> },
    {
      key: 'summary',
      title: t('web.credit.event.summary'),
      render: (_: unknown, e) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text delete={e.revoked}>{e.summary}</Typography.Text>
          {e.evidence.text && <Typography.Text type="secondary">{e.evidence.text}</Typography.Text>}
          {e.revoked && <Typography.Text type="danger">{t('web.credit.event.revoked', { reason: e.revokedReason ?? '' })}</Typography.Text>}
        </Space>
      ),
    },
    { key: 'points', title: t('web.credit.event.points'), width: 80, align: 'right', render: (_: unknown, e) => <Typography.Text type={e.points < 0 ? 'danger' : undefined}>{pointsText(e.points)}</Typography.Text> },
    { key: 'counts', title: t('web.credit.event.counts'), width: 120, render: (_: unknown, e) => (e.counts ? t('web.credit.event.until', { date: e.expiresOn }) : <Typography.Text type="secondary">{t('web.credit.event.notCounted')}</Typography.Text>) },
    {
      key: 'published',
      title: t('web.credit.event.published'),
      width: 100,
      render: (_: unknown, e) =>
        e.published ? <Tag color="blue">{t('web.credit.event.isPublished')}</Tag> : onPublish && !e.revoked && ['penalty', 'exposure', 'listed_supervision', 'warning', 'commendation'].includes(e.kind) ? (
          <Button size="small" onClick={() => onPublish(e)}>{t('web.credit.event.publish')}</Button>
        ) : null,
    },
  ];
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Card size="small">
        <Space size={48} wrap>
          <Statistic title={t('web.credit.file.score')} value={file.score} data-testid="credit-score" />
          <Statistic title={t('web.credit.file.grade')} valueRender={() => <Tag color={GRADE_COLOR[file.grade]} data-testid="credit-grade" style={{ fontSize: 20, padding: '4px 12px' }}>{file.grade}</Tag>} />
          <Descriptions size="small" column={1} items={[
            { key: 'name', label: t('web.credit.file.org'), children: file.name },
            { key: 'code', label: t('web.credit.file.creditCode'), children: file.creditCode ?? '—' },
            { key: 'type', label: t('web.credit.file.type'), children: enumLabel('orgType', file.type) },
          ]} />
        </Space>
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>{t('web.credit.file.rule')}</Typography.Paragraph>
      </Card>
      {file.history.length > 0 ? (
        <Card size="small" title={t('web.credit.file.history')} data-testid="credit-history">
          <EChart option={option} height={240} />
        </Card>
      ) : (
        <Alert type="success" showIcon title={t('web.credit.file.clean')} />
      )}
      <Table<CreditEvent> data-testid="credit-events" rowKey="id" size="small" columns={columns} dataSource={file.events} pagination={{ pageSize: 20, hideOnSinglePage: true }} />
    </Space>
  );
}
