import { Card, Col, Row, Space, Statistic, Tag, Tooltip, Typography } from 'antd';
import type { Hazard, HazardSeverity, HazardSource, HazardStatus, Remedy } from '../../api/hazards.types.ts';
import { HAZARD_SOURCES } from '../../api/hazards.types.ts';
import type { HazardSummary } from '../../api/hazards.types.ts';
import { t } from '../../i18n.ts';
import { STATUS_COLORS, summaryTotals } from './hazards-logic.ts';

export const sourceLabel = (s: HazardSource) => t(`web.hazards.source.${s}`);
export const statusLabel = (s: HazardStatus) => t(`web.hazards.status.${s}`);
export const remedyLabel = (r: Remedy) => t(`web.hazards.remedy.${r}`);
export const severityLabel = (s: HazardSeverity) => t(`web.hazards.severity.${s}`);

export const HazardStatusTag = ({ status }: { status: HazardStatus }) => (
  <Tag color={STATUS_COLORS[status]} data-status={status}>
    {statusLabel(status)}
  </Tag>
);
export const SourceTag = ({ source }: { source: HazardSource }) => <Tag color="geekblue">{sourceLabel(source)}</Tag>;
export const RemedyTag = ({ remedy }: { remedy: Remedy }) => <Tag color={remedy === 'repair' ? 'default' : 'purple'}>{remedyLabel(remedy)}</Tag>;
export const SeverityTag = ({ severity }: { severity: HazardSeverity }) => <Tag color={severity === 'serious' ? 'red' : 'orange'}>{severityLabel(severity)}</Tag>;

/** The deadline with days overdue in red and the 已上报 badge once escalated to the regulator. */
export function DeadlineCell({ h }: { h: Pick<Hazard, 'deadline' | 'overdueDays' | 'escalated'> }) {
  return (
    <div>
      <div>{h.deadline}</div>
      {h.overdueDays > 0 && (
        <Typography.Text type="danger" data-testid="overdue-days">
          {t('web.hazards.overdueDays', { n: h.overdueDays })}
        </Typography.Text>
      )}
      {h.escalated && (
        <Tooltip title={t('web.hazards.escalatedHint')}>
          <Tag color="red" style={{ marginLeft: 4 }}>
            {t('web.hazards.escalated')}
          </Tag>
        </Tooltip>
      )}
    </div>
  );
}

/**
 * 按来源: open, overdue and verified/closed counts per source (a card per source, every source shown even at 0);
 * clicking a card filters the list by that source.
 */
export function SummaryStrip({ summary, active, onPick }: { summary?: HazardSummary; active?: HazardSource; onPick: (s: HazardSource | undefined) => void }) {
  const bySource = new Map((summary?.bySource ?? []).map((r) => [r.source, r]));
  const totals = summaryTotals(summary?.bySource ?? []);
  const cell = (key: string, title: string, r: { open: number; overdue: number; closed: number }, selected: boolean, onClick: () => void) => (
    <Col xs={12} sm={8} lg={4} key={key}>
      <Card size="small" hoverable onClick={onClick} data-testid={`summary-${key}`} style={{ borderColor: selected ? '#1677ff' : undefined, height: '100%' }}>
        <Typography.Text strong>{title}</Typography.Text>
        <Space size={16} style={{ display: 'flex', marginTop: 4 }}>
          <Statistic title={t('web.hazards.summary.open')} value={r.open} styles={{ content: { fontSize: 18 } }} />
          <Statistic title={t('web.hazards.summary.overdue')} value={r.overdue} styles={{ content: { fontSize: 18, color: r.overdue ? '#cf1322' : undefined } }} />
          <Statistic title={t('web.hazards.summary.closed')} value={r.closed} styles={{ content: { fontSize: 18, color: '#8c8c8c' } }} />
        </Space>
      </Card>
    </Col>
  );
  return (
    <div data-testid="hazard-summary" style={{ marginBottom: 12 }}>
      <Row gutter={[8, 8]}>
        {cell('all', t('web.hazards.summary.total'), totals, active === undefined, () => onPick(undefined))}
        {HAZARD_SOURCES.map((s) => cell(s, sourceLabel(s), bySource.get(s) ?? { open: 0, overdue: 0, closed: 0 }, active === s, () => onPick(active === s ? undefined : s)))}
      </Row>
      {!!summary?.byRemedy.length && (
        <Space size={4} wrap style={{ marginTop: 8 }}>
          <Typography.Text type="secondary">{t('web.hazards.summary.byRemedy')}：</Typography.Text>
          {summary.byRemedy.map((r) => (
            <Tag key={r.remedy}>
              {remedyLabel(r.remedy as Remedy)} {r.open}
            </Tag>
          ))}
        </Space>
      )}
    </div>
  );
}
