import { Empty, List, Space, Tag, Typography } from 'antd';
import type { Conclusion, DefectSeverity, DefectStatus, FlagStatus, InspectionBlock, ReportFlag } from '../../api/inspection.types.ts';
import { enumLabel, t } from '../../i18n.ts';
import { evidenceLines } from './report-form-values.ts';

const CONCLUSION_COLORS: Record<Conclusion, string> = { pass: 'green', pass_after_reinspection: 'cyan', fail: 'red', fail_after_reinspection: 'volcano', pending: 'default' };
const DEFECT_COLORS: Record<DefectStatus, string> = { open: 'red', fixed: 'orange', verified: 'blue', closed: 'default' };
const FLAG_COLORS: Record<FlagStatus, string> = { open: 'orange', upheld: 'red', dismissed: 'default' };

export const ConclusionTag = ({ conclusion }: { conclusion: string }) => <Tag color={CONCLUSION_COLORS[conclusion as Conclusion] ?? 'default'}>{enumLabel('conclusion', conclusion)}</Tag>;
export const DefectStatusTag = ({ status }: { status: string }) => <Tag color={DEFECT_COLORS[status as DefectStatus] ?? 'default'}>{enumLabel('defectStatus', status)}</Tag>;
export const SeverityTag = ({ severity }: { severity: DefectSeverity }) => <Tag color={severity === 'serious' ? 'red' : 'gold'}>{enumLabel('defectSeverity', severity)}</Tag>;
export const FlagStatusTag = ({ status }: { status: string }) => <Tag color={FLAG_COLORS[status as FlagStatus] ?? 'default'}>{enumLabel('flagStatus', status)}</Tag>;

/** Overdue days in red, or nothing when not overdue. */
export function OverdueDays({ days }: { days: number }) {
  if (days <= 0) return <Typography.Text type="success">{t('web.inspection.due.notOverdue')}</Typography.Text>;
  return (
    <Typography.Text type="danger" strong data-testid="overdue-days">
      {t('web.inspection.due.overdueDays', { n: days })}
    </Typography.Text>
  );
}

/** The next due date and type, overdue days in red. */
export function DueText({ block }: { block: InspectionBlock }) {
  if (!block.nextDueDate) return <Typography.Text type="secondary">{t('web.inspection.due.none')}</Typography.Text>;
  return (
    <Space size={6} wrap>
      <span data-testid="due-date">{block.nextDueDate}</span>
      {block.nextType && <Tag>{enumLabel('dueType', block.nextType)}</Tag>}
      {block.overdueDays > 0 && <OverdueDays days={block.overdueDays} />}
    </Space>
  );
}

/** A flag's evidence as lines. */
export function Evidence({ evidence }: { evidence: unknown }) {
  const lines = evidenceLines(evidence);
  if (!lines.length) return null;
  return (
    <div className="ls-evidence" style={{ fontSize: 12 }}>
      {lines.map((l, i) => (
        <div key={i}>
          {l.key && <Typography.Text type="secondary">{l.key}：</Typography.Text>}
          <Typography.Text style={{ fontSize: 12 }}>{l.value}</Typography.Text>
        </div>
      ))}
    </div>
  );
}

/** Quality flags of a report, each with its evidence and (once reviewed) the outcome. */
export function FlagList({ flags, testId }: { flags: (Pick<ReportFlag, 'code' | 'message'> & Partial<ReportFlag>)[]; testId?: string }) {
  if (!flags.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('web.inspection.detail.noFlags')} />;
  return (
    <List
      data-testid={testId}
      size="small"
      dataSource={flags}
      renderItem={(f) => (
        <List.Item>
          <List.Item.Meta
            title={
              <Space wrap>
                <Tag color="orange">{enumLabel('flagCode', f.code)}</Tag>
                {f.status && <FlagStatusTag status={f.status} />}
                <span>{f.message}</span>
              </Space>
            }
            description={
              <>
                <Evidence evidence={f.evidence} />
                {f.outcome && <div>{t('web.inspection.flags.outcome')}：{f.outcome}</div>}
              </>
            }
          />
        </List.Item>
      )}
    />
  );
}
