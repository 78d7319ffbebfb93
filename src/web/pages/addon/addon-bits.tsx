import { Card, Descriptions, Progress, Space, Table, Tag, Typography } from 'antd';
import type { AddonProject, AddonStatus, SubsidyCalc, SubsidyStatus } from '../../api/addon.types.ts';
import { t } from '../../i18n.ts';
import { percent, ratioText } from './addon-logic.ts';

const STATUS_COLOR: Partial<Record<AddonStatus, string>> = { review: 'orange', approved: 'blue', construction: 'geekblue', accepted: 'cyan', in_service: 'green', cancelled: 'default' };

export function StatusTag({ status }: { status: AddonStatus }) {
  return <Tag color={STATUS_COLOR[status] ?? 'processing'}>{t(`web.addon.status.${status}`)}</Tag>;
}

const SUBSIDY_COLOR: Record<SubsidyStatus, string> = { none: 'default', applied: 'orange', approved: 'blue', rejected: 'red', disbursed: 'green' };
export function SubsidyTag({ status }: { status: SubsidyStatus }) {
  return <Tag color={SUBSIDY_COLOR[status]}>{t(`web.addon.subsidyStatus.${status}`)}</Tag>;
}

export const yuan = (n: number) => t('web.addon.yuan', { n: n.toLocaleString('zh-CN', { maximumFractionDigits: 2 }) });

/** The consent tally against the city's thresholds: four tests, each by headcount or by area. */
export function TallyCard({ p }: { p: AddonProject }) {
  const { tally: x, rules } = p;
  const row = (key: string, label: string, part: number, whole: number, need: string, ok: boolean, unit: string) => ({ key, label, value: `${part}${unit} / ${whole}${unit}`, pct: whole ? (part / whole) * 100 : 0, text: percent(part, whole), need, ok });
  const rows = [
    row('ph', t('web.addon.tally.participationHeadcount'), x.participants, x.households, ratioText(rules.participation), x.participationByHeadcount, t('web.addon.tally.households')),
    row('pa', t('web.addon.tally.participationArea'), x.participantArea, x.totalArea, ratioText(rules.participation), x.participationByArea, ' m²'),
    row('ah', t('web.addon.tally.approvalHeadcount'), x.consenting, x.participants, ratioText(rules.approval), x.approvalByHeadcount, t('web.addon.tally.households')),
    row('aa', t('web.addon.tally.approvalArea'), x.consentingArea, x.participantArea, ratioText(rules.approval), x.approvalByArea, ' m²'),
  ];
  return (
    <Card size="small" title={t('web.addon.tally.title')} extra={x.reached ? <Tag color="green">{t('web.addon.tally.reached')}</Tag> : <Tag color="red">{t('web.addon.tally.notReached')}</Tag>} data-testid="addon-tally">
      <Table
        size="small"
        pagination={false}
        rowKey="key"
        dataSource={rows}
        columns={[
          { key: 'label', title: t('web.addon.tally.test'), dataIndex: 'label' },
          { key: 'value', title: t('web.addon.tally.value'), dataIndex: 'value', width: 200 },
          { key: 'pct', title: t('web.addon.tally.share'), width: 200, render: (_: unknown, r) => <Progress percent={Math.round(r.pct * 10) / 10} size="small" status={r.ok ? 'success' : 'exception'} format={() => r.text} /> },
          { key: 'need', title: t('web.addon.tally.threshold'), width: 100, render: (_: unknown, r) => `≥ ${r.need}` },
          { key: 'ok', title: t('web.addon.tally.result'), width: 90, render: (_: unknown, r) => (r.ok ? <Tag color="green">{t('web.addon.tally.pass')}</Tag> : <Tag color="red">{t('web.addon.tally.fail')}</Tag>) },
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
        {t('web.addon.tally.rule', { participation: ratioText(rules.participation), approval: ratioText(rules.approval) })}
      </Typography.Paragraph>
    </Card>
  );
}

/** Storeys bracket minus the non-signing households: the applied-for amount, or a preview from today's signatures. */
export function SubsidyCalcView({ calc, brackets }: { calc: SubsidyCalc; brackets: { minStoreys: number; amount: number }[] }) {
  return (
    <Space direction="vertical" size={4} style={{ width: '100%' }} data-testid="addon-subsidy-calc">
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t('web.addon.subsidy.base', { storeys: calc.storeys })}>{yuan(calc.base)}</Descriptions.Item>
        <Descriptions.Item label={t('web.addon.subsidy.deduction', { n: calc.nonSigning, per: calc.deductionPer })}>− {yuan(calc.deduction)}</Descriptions.Item>
        <Descriptions.Item label={t('web.addon.subsidy.amount')}>
          <Typography.Text strong>{yuan(calc.amount)}</Typography.Text>
        </Descriptions.Item>
      </Descriptions>
      <Typography.Text type="secondary">{t('web.addon.subsidy.brackets', { list: brackets.map((b) => t('web.addon.subsidy.bracket', { storeys: b.minStoreys, amount: b.amount / 10_000 })).join('；') })}</Typography.Text>
    </Space>
  );
}
