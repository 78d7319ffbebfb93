import { Empty, Timeline, Typography } from 'antd';
import type { StatusHistoryEntry } from '../../api/types.ts';
import { formatDateTime } from '../../components/format.ts';
import { enumLabel, t } from '../../i18n.ts';

const COLORS: Record<string, string> = { IN_USE: 'green', STOPPED: 'orange', SCRAPPED: 'red', CANCELLED: 'gray' };

/** Status changes, newest first. */
export function StatusHistory({ history }: { history: StatusHistoryEntry[] }) {
  if (history.length === 0) return <Empty description={t('web.elevator.noHistory')} image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  const sorted = [...history].sort((a, b) => b.at.localeCompare(a.at));
  return (
    <Timeline
      items={sorted.map((h, i) => ({
        key: `${h.at}-${i}`,
        color: COLORS[h.to] ?? 'blue',
        content: (
          <>
            <Typography.Text type="secondary">{formatDateTime(h.at)}</Typography.Text>
            <br />
            <Typography.Text strong>
              {h.from
                ? t('web.elevator.historyItem', { from: enumLabel('status', h.from), to: enumLabel('status', h.to) })
                : t('web.elevator.historyInitial', { to: enumLabel('status', h.to) })}
            </Typography.Text>
            <div>
              <Typography.Text type="secondary">{t('web.elevator.effectiveOn', { date: h.effectiveOn })}</Typography.Text>
            </div>
            {h.reason && <div>{h.reason}</div>}
          </>
        ),
      }))}
    />
  );
}
