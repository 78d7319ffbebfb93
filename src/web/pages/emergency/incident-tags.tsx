import { Tag, Typography } from 'antd';
import type { Clock, IncidentStatus, IncidentType, Urgency } from '../../api/emergency.types.ts';
import { enumLabel, t } from '../../i18n.ts';
import { countdown, secondsLeft, URGENCY_COLORS, URGENCY_TAG, urgencyOf } from './clock.ts';
import { tierLabel } from './timeline.ts';

const STATUS_COLORS: Record<IncidentStatus, string> = {
  received: 'volcano',
  dispatched: 'orange',
  accepted: 'gold',
  en_route: 'blue',
  arrived: 'cyan',
  rescued: 'green',
  closed: 'default',
  cancelled: 'default',
};

const TYPE_COLORS: Record<IncidentType, string> = { trapped: 'red', fault: 'orange', inquiry: 'blue', complaint: 'purple' };
const TIER_COLORS: Record<number, string> = { 1: 'blue', 2: 'purple', 3: 'magenta' };

export function IncidentStatusTag({ status }: { status: IncidentStatus }) {
  return <Tag color={STATUS_COLORS[status] ?? 'default'}>{enumLabel('incidentStatus', status)}</Tag>;
}

export function IncidentTypeTag({ type }: { type: IncidentType }) {
  return <Tag color={TYPE_COLORS[type] ?? 'default'}>{enumLabel('incidentType', type)}</Tag>;
}

export function TierTag({ tier }: { tier: number | null }) {
  if (tier === null) return null;
  return <Tag color={TIER_COLORS[tier] ?? 'default'}>{tierLabel(tier)}</Tag>;
}

export function UrgencyTag({ urgency }: { urgency: Urgency }) {
  return (
    <Tag color={URGENCY_TAG[urgency]} data-urgency={urgency}>
      {enumLabel('urgency', urgency)}
    </Tag>
  );
}

/** Channels that reported the incident (电话, 扫码, 物联网 …). */
export function ChannelTags({ channels }: { channels: string[] }) {
  return (
    <>
      {channels.map((c) => (
        <Tag key={c} bordered={false}>
          {enumLabel('incidentSource', c)}
        </Tag>
      ))}
    </>
  );
}

/** One legal clock ticking: 剩余 02:15 (coloured by urgency) or 超时 01:05 in red. */
export function Countdown({ clock, nowMs, compact = false }: { clock: Clock | undefined; nowMs: number; compact?: boolean }) {
  if (!clock) return <Typography.Text type="secondary">{t('web.emergency.clock.none')}</Typography.Text>;
  const left = secondsLeft(clock.dueAt, nowMs);
  const urgency = urgencyOf(left, clock.legSeconds);
  const c = countdown(left);
  const text = c.overdue ? t('web.emergency.clock.over', { time: c.text }) : compact ? c.text : t('web.emergency.clock.left', { time: c.text });
  return (
    <span
      className="ls-countdown"
      data-testid="countdown"
      data-kind={clock.kind}
      data-urgency={urgency}
      style={{ color: urgency === 'normal' ? undefined : URGENCY_COLORS[urgency], fontWeight: urgency === 'normal' ? 500 : 700 }}
    >
      {text}
    </span>
  );
}
