import { Alert, Card, Descriptions, Drawer, Empty, Skeleton, Space, Table, Tag, Timeline, Typography, type TableColumnsType } from 'antd';
import { useMemo } from 'react';
import { Link } from 'react-router-dom';
import { getIncident } from '../../api/emergency.api.ts';
import type { IncidentDetail, IncidentDispatch, TimelineEntry } from '../../api/emergency.types.ts';
import { formatDateTimeSec } from '../../components/format.ts';
import { useAsync } from '../../components/use-async.ts';
import { enumLabel, t } from '../../i18n.ts';
import { offsetFromClocks, rowUrgency } from './clock.ts';
import { useIncidentChanges } from './emergency-stream.tsx';
import { IncidentActions } from './incident-actions.tsx';
import { ChannelTags, Countdown, IncidentStatusTag, IncidentTypeTag, TierTag, UrgencyTag } from './incident-tags.tsx';
import { actorLabel, EVENT_COLORS, eventDetail, tierLabel } from './timeline.ts';
import { useNow } from './use-now.ts';

interface Props {
  incidentId: number | undefined;
  onClose: () => void;
  /** The incident after an action here (to update the list behind). */
  onChanged?: (detail: IncidentDetail) => void;
}

/** One incident: facts, the elevator and whom to phone, running clocks, dispatches, timeline, and the actions. */
export function IncidentDrawer({ incidentId, onClose, onChanged }: Props) {
  return (
    <Drawer
      open={incidentId !== undefined}
      onClose={onClose}
      size={640}
      title={incidentId !== undefined ? t('web.emergency.drawer.title', { id: incidentId }) : undefined}
      destroyOnHidden
    >
      {incidentId !== undefined && <IncidentView incidentId={incidentId} onChanged={onChanged} />}
    </Drawer>
  );
}

/** A phone number as a tap-to-call link (a masked one, as non-dispatchers see callers', as text). */
export function Phone({ phone }: { phone: string | null | undefined }) {
  if (!phone) return <Typography.Text type="secondary">{t('web.common.none')}</Typography.Text>;
  if (phone.includes('*')) return <span>{phone}</span>;
  return <a href={`tel:${phone}`}>{phone}</a>;
}

export function IncidentView({ incidentId, onChanged }: { incidentId: number; onChanged?: (detail: IncidentDetail) => void }) {
  const detail = useAsync(() => getIncident(incidentId), [incidentId]);
  useIncidentChanges((c) => {
    if (!c || c.incidentId === incidentId) detail.reload();
  });
  const d = detail.data?.id === incidentId ? detail.data : undefined;
  const offset = useMemo(() => (d ? offsetFromClocks(d.clocks, Date.now()) : 0), [d]);
  const now = useNow(offset);

  if (detail.error && !d) return <Alert type="error" showIcon title={detail.error.message} />;
  if (!d) return <Skeleton active paragraph={{ rows: 10 }} />;

  const done = (next: IncidentDetail) => {
    detail.reload();
    onChanged?.(next);
  };
  const open = d.status !== 'closed' && d.status !== 'cancelled';
  const time = (v: string | null) => (v ? formatDateTimeSec(v) : null);
  const facts = [
    { key: 'type', label: t('web.emergency.drawer.type'), children: <IncidentTypeTag type={d.type} /> },
    { key: 'status', label: t('web.emergency.drawer.status'), children: <IncidentStatusTag status={d.status} /> },
    { key: 'channels', label: t('web.emergency.drawer.channels'), children: <ChannelTags channels={d.channels} /> },
    { key: 'tier', label: t('web.emergency.drawer.tier'), children: d.tier ? tierLabel(d.tier) : t('web.common.none') },
    { key: 'assignedOrg', label: t('web.emergency.drawer.assignedOrg'), children: d.assignedOrg?.name ?? t('web.emergency.board.noOrg') },
    { key: 'trapped', label: t('web.emergency.drawer.trapped'), children: d.trapped ?? t('web.common.none') },
    { key: 'injured', label: t('web.emergency.drawer.injured'), children: d.injured ?? t('web.common.none') },
    ...(d.rescued !== null ? [{ key: 'rescued', label: t('web.emergency.drawer.rescued'), children: d.rescued }] : []),
    { key: 'callerPhone', label: t('web.emergency.drawer.callerPhone'), children: <Phone phone={d.callerPhone} /> },
    ...(d.description ? [{ key: 'description', label: t('web.emergency.drawer.description'), children: d.description }] : []),
    { key: 'receivedAt', label: t('web.emergency.drawer.receivedAt'), children: time(d.receivedAt) },
    ...(
      [
        ['dispatchedAt', d.dispatchedAt],
        ['acceptedAt', d.acceptedAt],
        ['departedAt', d.departedAt],
        ['arrivedAt', d.arrivedAt],
        ['rescuedAt', d.rescuedAt],
        ['closedAt', d.closedAt],
        ['cancelledAt', d.cancelledAt],
      ] as const
    )
      .filter(([, v]) => v)
      .map(([k, v]) => ({ key: k, label: t(`web.emergency.drawer.${k}`), children: time(v) })),
    ...(d.cause ? [{ key: 'cause', label: t('web.emergency.drawer.cause'), children: enumLabel('cause', d.cause) }] : []),
    ...(d.remarks ? [{ key: 'remarks', label: t('web.emergency.drawer.remarks'), children: d.remarks }] : []),
    ...(d.breaches.length
      ? [{ key: 'breaches', label: t('web.emergency.drawer.breaches'), children: d.breaches.map((b) => <Tag key={b} color="red">{enumLabel('slaLeg', b)}</Tag>) }]
      : []),
    ...(d.escalations ? [{ key: 'escalations', label: t('web.emergency.drawer.escalations'), children: d.escalations }] : []),
    {
      key: 'repeat',
      label: t('web.emergency.drawer.repeat'),
      children: d.repeatCount30d ? <Typography.Text type="danger">{t('web.emergency.drawer.repeatValue', { n: d.repeatCount30d })}</Typography.Text> : t('web.emergency.drawer.repeatValue', { n: 0 }),
    },
    ...(d.alarmId ? [{ key: 'alarm', label: t('web.emergency.drawer.alarm'), children: <Link to={`/alarms?id=${d.alarmId}`}>#{d.alarmId}</Link> }] : []),
  ];
  const e = d.elevator;
  const elevator = [
    { key: 'registrationCode', label: t('web.emergency.drawer.registrationCode'), children: <Link to={`/elevators/${e.registrationCode}`}>{e.registrationCode}</Link> },
    { key: 'rescueCode', label: t('web.emergency.drawer.rescueCode'), children: d.rescueCode ?? t('web.common.none') },
    { key: 'address', label: t('web.emergency.drawer.address'), children: e.address },
    ...(e.placeName ? [{ key: 'placeName', label: t('web.emergency.drawer.placeName'), children: e.placeName }] : []),
    {
      key: 'useUnit',
      label: t('web.emergency.drawer.useUnit'),
      children: e.useUnit ? (
        <Space wrap>
          {e.useUnit.name}
          <Phone phone={e.useUnit.phone} />
        </Space>
      ) : (
        t('web.common.none')
      ),
    },
    {
      key: 'maintenance',
      label: t('web.emergency.drawer.maintenance'),
      children: e.maintenance ? (
        <Space wrap>
          {e.maintenance.name}
          <Phone phone={e.maintenance.phone} />
        </Space>
      ) : (
        t('web.common.none')
      ),
    },
  ];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="incident-drawer" data-incident-id={d.id} data-status={d.status}>
      <Space wrap>
        <IncidentTypeTag type={d.type} />
        <IncidentStatusTag status={d.status} />
        <TierTag tier={d.tier} />
        {open && <UrgencyTag urgency={rowUrgency(d, now)} />}
        <Typography.Text strong style={{ fontSize: 16 }}>
          {e.placeName ?? e.address}
        </Typography.Text>
      </Space>
      {(open || d.allowedActions.length > 0) && <IncidentActions incident={d} onDone={done} />}
      {open && (
        <Card size="small" title={t('web.emergency.drawer.clocks')}>
          {d.clocks.length ? (
            <Space orientation="vertical" style={{ width: '100%' }}>
              {d.clocks.map((c) => (
                <div key={c.kind} className="ls-clock-row">
                  <Typography.Text>{enumLabel('slaLeg', c.kind)}</Typography.Text>
                  <Countdown clock={c} nowMs={now} />
                  <Typography.Text type="secondary">{formatDateTimeSec(c.dueAt)}</Typography.Text>
                </div>
              ))}
            </Space>
          ) : (
            <Typography.Text type="secondary">{t('web.emergency.drawer.noClocks')}</Typography.Text>
          )}
        </Card>
      )}
      <Descriptions size="small" column={1} bordered title={t('web.emergency.drawer.facts')} items={facts} />
      <Descriptions size="small" column={1} bordered title={t('web.emergency.drawer.elevatorTitle')} items={elevator} data-testid="incident-elevator" />
      <div>
        <Typography.Title level={5}>{t('web.emergency.drawer.dispatches')}</Typography.Title>
        <Dispatches rows={d.dispatches} />
      </div>
      <div>
        <Typography.Title level={5}>{t('web.emergency.drawer.timeline')}</Typography.Title>
        <IncidentTimeline entries={d.timeline} />
      </div>
    </Space>
  );
}

function Dispatches({ rows }: { rows: IncidentDispatch[] }) {
  if (!rows.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('web.emergency.drawer.noDispatch')} />;
  const columns: TableColumnsType<IncidentDispatch> = [
    { key: 'tier', title: t('web.emergency.drawer.tier'), width: 130, render: (_: unknown, r) => <TierTag tier={r.tier} /> },
    {
      key: 'org',
      title: t('web.emergency.drawer.assignedOrg'),
      render: (_: unknown, r) => (
        <div>
          <div>{r.orgName}</div>
          <Phone phone={r.phone} />
          {r.distanceKm !== null && <Typography.Text type="secondary">{` · ${t('web.emergency.drawer.km', { km: r.distanceKm.toFixed(1) })}`}</Typography.Text>}
        </div>
      ),
    },
    {
      key: 'reason',
      title: t('web.emergency.drawer.reason'),
      width: 140,
      render: (_: unknown, r) => (
        <div>
          <div>{enumLabel('dispatchReason', r.reason)}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatDateTimeSec(r.dispatchedAt)}
          </Typography.Text>
        </div>
      ),
    },
    {
      key: 'outcome',
      title: t('web.emergency.drawer.outcome'),
      width: 110,
      render: (_: unknown, r) =>
        r.declinedAt ? (
          <Tag color="orange">{t('web.emergency.drawer.declined')}</Tag>
        ) : r.acceptedAt ? (
          <Tag color="green">{t('web.emergency.drawer.accepted')}</Tag>
        ) : r.endedAt ? (
          <Tag>{t('web.emergency.drawer.ended')}</Tag>
        ) : (
          <Tag color="processing">{t('web.emergency.drawer.pending')}</Tag>
        ),
    },
  ];
  return <Table<IncidentDispatch> rowKey="id" size="small" columns={columns} dataSource={rows} pagination={false} />;
}

export function IncidentTimeline({ entries }: { entries: TimelineEntry[] }) {
  if (!entries.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('web.emergency.drawer.noTimeline')} />;
  const sorted = [...entries].sort((a, b) => Date.parse(b.at) - Date.parse(a.at) || b.id - a.id);
  return (
    <Timeline
      data-testid="incident-timeline"
      items={sorted.map((h) => {
        const text = eventDetail(h.kind, h.detail);
        return {
          key: h.id,
          color: EVENT_COLORS[h.kind] ?? 'blue',
          content: (
            <div data-kind={h.kind}>
              <Typography.Text type="secondary">{formatDateTimeSec(h.at)}</Typography.Text>
              <div>
                <Typography.Text strong>{enumLabel('incidentEvent', h.kind)}</Typography.Text>
                {h.actor && <Typography.Text type="secondary">{` · ${actorLabel(h.actor)}`}</Typography.Text>}
              </div>
              {text && <div style={{ whiteSpace: 'pre-wrap' }}>{text}</div>}
            </div>
          ),
        };
      })}
    />
  );
}
