import { Card, Descriptions, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import type { InspectionBlock } from '../../api/inspection.types.ts';
import { enumLabel, t } from '../../i18n.ts';
import { ConclusionTag, OverdueDays } from '../inspection/inspection-bits.tsx';

/** 检验: the elevator's next due inspection (type, overdue days in red), why, and the last report (link to it). */
export function InspectionCard({ block }: { block: InspectionBlock }) {
  const last = block.lastReport;
  return (
    <Card size="small" title={t('web.inspection.elevator.title')} style={{ marginBottom: 16 }} data-testid="elevator-inspection">
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t('web.inspection.elevator.nextDueDate')}>
          <span data-testid="next-due-date">{block.nextDueDate ?? t('web.inspection.due.none')}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('web.inspection.elevator.nextType')}>{block.nextType ? <Tag>{enumLabel('dueType', block.nextType)}</Tag> : t('web.common.none')}</Descriptions.Item>
        <Descriptions.Item label={t('web.inspection.elevator.overdue')}>
          <OverdueDays days={block.overdueDays} />
        </Descriptions.Item>
      </Descriptions>
      {block.reason && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }} data-testid="due-reason">
          {block.reason}
        </Typography.Paragraph>
      )}
      <Typography.Text strong>{t('web.inspection.elevator.lastReport')}</Typography.Text>
      {last ? (
        <div data-testid="last-report">
          <Space size={4} wrap>
            <Link to={`/inspection/reports?id=${last.id}`}>{last.reportNo}</Link>
            <span>{last.date}</span>
            <span>{enumLabel('reportType', last.type)}</span>
            <ConclusionTag conclusion={last.conclusion} />
          </Space>
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
            {last.agency}
          </Typography.Text>
        </div>
      ) : (
        <Typography.Paragraph type="secondary">{t('web.inspection.elevator.noReport')}</Typography.Paragraph>
      )}
    </Card>
  );
}
