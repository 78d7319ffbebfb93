import { Tag, Typography } from 'antd';
import type { ComplaintCategory, ComplaintClock, ComplaintStatus } from '../../api/complaints.types.ts';
import { formatDateTime } from '../../components/format.ts';
import { t } from '../../i18n.ts';
import { countdown, type Tone } from './complaints-logic.ts';

const STATUS_COLOR: Record<ComplaintStatus, string> = {
  received: 'orange',
  acknowledged: 'blue',
  investigating: 'processing',
  confirmed: 'red',
  unfounded: 'default',
  closed: 'green',
};

export function ComplaintStatusTag({ status }: { status: ComplaintStatus }) {
  return <Tag color={STATUS_COLOR[status]}>{t(`web.complaints.status.${status}`)}</Tag>;
}

export function CategoryTag({ category }: { category: ComplaintCategory }) {
  return <Tag>{t(`web.complaints.category.${category}`)}</Tag>;
}

const TONE_TYPE: Record<Tone, 'success' | 'warning' | 'danger' | undefined> = { ok: undefined, soon: 'warning', late: 'danger', done: 'success', doneLate: 'danger' };

/** A deadline with its countdown (red when late, orange under a day). */
export function ClockCell({ clock, testId }: { clock: ComplaintClock; testId?: string }) {
  const c = countdown(clock, 0, formatDateTime);
  return (
    <div data-testid={testId} data-tone={c.tone}>
      <div style={{ fontSize: 12 }}>{formatDateTime(clock.dueAt)}</div>
      <Typography.Text type={TONE_TYPE[c.tone]} strong={c.tone === 'late'} style={{ fontSize: 12 }}>
        {c.text}
      </Typography.Text>
    </div>
  );
}
