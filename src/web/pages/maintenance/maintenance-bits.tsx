import { Empty, List, Space, Tag, Typography } from 'antd';
import type { Cycle, MaintenanceFlagStatus } from '../../api/maintenance.types.ts';
import { enumLabel, t } from '../../i18n.ts';
import { Evidence } from '../inspection/inspection-bits.tsx';
import { dueList } from './maintenance-logic.ts';

const FLAG_COLORS: Record<MaintenanceFlagStatus, string> = { open: 'orange', upheld: 'red', dismissed: 'default' };
const GRADE_COLORS: Record<string, string> = { A: 'green', B: 'blue', C: 'gold', D: 'red' };

export const MaintenanceFlagStatusTag = ({ status }: { status: string }) => (
  <Tag color={FLAG_COLORS[status as MaintenanceFlagStatus] ?? 'default'}>{t(`web.maintenance.flagStatus.${status as MaintenanceFlagStatus}`)}</Tag>
);
export const FlagCodeTag = ({ code }: { code: string }) => <Tag color="orange">{enumLabel('maintenanceFlag', code)}</Tag>;
export const CycleTag = ({ cycle }: { cycle: string }) => <Tag color="blue">{enumLabel('maintenanceCycle', cycle)}</Tag>;
export const GradeTag = ({ grade }: { grade: string }) => (
  <Tag color={GRADE_COLORS[grade] ?? 'default'} data-testid="grade-tag" style={{ fontWeight: 600 }}>
    {grade}
  </Tag>
);

/** Flags of a record, each with its evidence. */
export function MaintenanceFlagList({ flags, testId }: { flags: { code: string; message: string; status?: string; evidence?: unknown; outcome?: string | null }[]; testId?: string }) {
  if (!flags.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('web.maintenance.records.noFlags')} />;
  return (
    <List
      data-testid={testId}
      size="small"
      dataSource={flags}
      renderItem={(f) => (
        <List.Item data-flag-code={f.code}>
          <List.Item.Meta
            title={
              <Space wrap size={4}>
                <FlagCodeTag code={f.code} />
                {f.status && <MaintenanceFlagStatusTag status={f.status} />}
                <span style={{ fontWeight: 'normal' }}>{f.message}</span>
              </Space>
            }
            description={
              <>
                <Evidence evidence={f.evidence} />
                {f.outcome && (
                  <div>
                    {t('web.maintenance.field.outcome')}：{f.outcome}
                  </div>
                )}
              </>
            }
          />
        </List.Item>
      )}
    />
  );
}

/** Next due date per cycle. */
export function NextDueList({ nextDue, testId }: { nextDue?: Partial<Record<Cycle, string>>; testId?: string }) {
  const rows = dueList(nextDue);
  if (!rows.length) return <Typography.Text type="secondary">{t('web.common.none')}</Typography.Text>;
  return (
    <Space orientation="vertical" size={2} data-testid={testId}>
      {rows.map((r) => (
        <span key={r.cycle} data-cycle={r.cycle}>
          <CycleTag cycle={r.cycle} /> {r.date}
        </span>
      ))}
    </Space>
  );
}

/** Minutes between two ISO times. */
export function minutesBetween(from: string, to: string): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / 60_000);
}
