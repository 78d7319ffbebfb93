import { EnvironmentOutlined, PhoneOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, List, Skeleton, Space, Tag, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { getIncident, listIncidents } from '../../api/emergency.api.ts';
import type { IncidentDetail, IncidentListItem } from '../../api/emergency.types.ts';
import { useSession } from '../../auth/auth-context.tsx';
import { formatDateTime } from '../../components/format.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { useAsync } from '../../components/use-async.ts';
import { enumLabel, t } from '../../i18n.ts';
import { offsetFromClocks, rowUrgency } from './clock.ts';
import { debounce, EmergencyStreamBadge, EmergencyStreamProvider, useIncidentChanges } from './emergency-stream.tsx';
import { IncidentActions } from './incident-actions.tsx';
import { IncidentDrawer } from './incident-drawer.tsx';
import { Countdown, IncidentStatusTag, IncidentTypeTag, TierTag } from './incident-tags.tsx';
import { tierLabel } from './timeline.ts';
import { useNow } from './use-now.ts';
import './emergency.css';

/** `/emergency/tasks` 我的救援任务: the call-outs dispatched to the rescuer's own organisation, big buttons for a phone. */
export default function TasksPage() {
  return (
    <EmergencyStreamProvider>
      <TasksView />
    </EmergencyStreamProvider>
  );
}

/** The open call-outs with their details (clocks and the actions allowed now), fetched together. */
async function loadOpen(): Promise<IncidentDetail[]> {
  const list = await listIncidents({ mine: true, status: 'open', pageSize: 50 });
  return Promise.all(list.items.map((i) => getIncident(i.id)));
}

function TasksView() {
  const { me } = useSession();
  const [params, setParams] = useSearchParams();
  const openId = Number(params.get('id')) || undefined;
  const tasks = useAsync(loadOpen, []);
  const recent = useAsync(() => listIncidents({ mine: true, status: 'closed', pageSize: 10 }), []);
  const reload = useRef(() => {});
  reload.current = () => {
    tasks.reload();
    recent.reload();
  };
  const [soon] = useState(() => debounce(() => reload.current(), 400));
  useIncidentChanges(() => soon.call());
  useEffect(() => () => soon.cancel(), [soon]);

  // Call-outs that went on to another organisation (declined, or escalated by a clock) are no longer this one's to act on.
  const all = tasks.data ?? [];
  const list = all.filter((d) => d.assignedOrg?.id === me.orgId);
  const handedOver = all.filter((d) => d.assignedOrg?.id !== me.orgId);
  const offset = useMemo(() => offsetFromClocks(all.flatMap((d) => d.clocks), Date.now()), [tasks.data]);
  const now = useNow(offset);
  const open = (id: number | undefined) => setParams(id === undefined ? {} : { id: String(id) });
  const changed = () => {
    tasks.reload();
    recent.reload();
  };

  return (
    <div className="ls-tasks">
      <Card>
        <PageHeader title={t('web.emergency.tasks.title')} extra={<EmergencyStreamBadge />} />
        {tasks.error && <Alert type="error" showIcon title={tasks.error.message} style={{ marginBottom: 12 }} />}
        {tasks.loading && !tasks.data ? (
          <Skeleton active />
        ) : list.length === 0 ? (
          <Empty description={t('web.emergency.tasks.empty')} />
        ) : (
          <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="task-list">
            {list.map((d) => (
              <TaskCard key={d.id} task={d} nowMs={now} onDone={changed} onOpen={() => open(d.id)} />
            ))}
          </Space>
        )}
      </Card>
      {handedOver.length > 0 && (
        <Card title={t('web.emergency.tasks.handedOver')} style={{ marginTop: 16 }}>
          <List<IncidentDetail>
            dataSource={handedOver}
            renderItem={(d) => (
              <List.Item key={d.id} onClick={() => open(d.id)} style={{ cursor: 'pointer' }}>
                <List.Item.Meta
                  title={
                    <Space wrap size={4}>
                      <span>#{d.id}</span>
                      <IncidentTypeTag type={d.type} />
                      <IncidentStatusTag status={d.status} />
                      <TierTag tier={d.tier} />
                    </Space>
                  }
                  description={`${d.assignedOrg?.name ?? ''} · ${d.address}`}
                />
              </List.Item>
            )}
          />
        </Card>
      )}
      <Card title={t('web.emergency.tasks.recent')} style={{ marginTop: 16 }}>
        <List<IncidentListItem>
          loading={recent.loading && !recent.data}
          dataSource={recent.data?.items ?? []}
          locale={{ emptyText: t('web.emergency.tasks.recentEmpty') }}
          renderItem={(i) => (
            <List.Item key={i.id} onClick={() => open(i.id)} style={{ cursor: 'pointer' }}>
              <List.Item.Meta
                title={
                  <Space wrap size={4}>
                    <span>#{i.id}</span>
                    <IncidentTypeTag type={i.type} />
                    <IncidentStatusTag status={i.status} />
                  </Space>
                }
                description={`${formatDateTime(i.receivedAt)} · ${i.address}`}
              />
            </List.Item>
          )}
        />
      </Card>
      <IncidentDrawer incidentId={openId} onClose={() => open(undefined)} onChanged={changed} />
    </div>
  );
}

function TaskCard({ task: d, nowMs, onDone, onOpen }: { task: IncidentDetail; nowMs: number; onDone: () => void; onOpen: () => void }) {
  const mine = d.dispatches.filter((x) => !x.endedAt).at(-1);
  return (
    <Card size="small" className={`ls-task-card ls-urgency-${rowUrgency(d, nowMs)}`} data-testid="task-card" data-incident-id={d.id} data-status={d.status}>
      <Space wrap size={4}>
        <Typography.Text strong>#{d.id}</Typography.Text>
        <IncidentTypeTag type={d.type} />
        <IncidentStatusTag status={d.status} />
        <TierTag tier={d.tier} />
        {d.trapped ? <Tag color="red">{t('web.emergency.tasks.trapped', { n: d.trapped })}</Tag> : null}
      </Space>
      <div className="ls-task-address">
        <EnvironmentOutlined /> {d.elevator.placeName ? `${d.elevator.placeName} · ` : ''}
        {d.address}
      </div>
      <Typography.Text type="secondary">{`${t('web.emergency.tasks.code')} ${d.registrationCode}${d.rescueCode ? ` · ${d.rescueCode}` : ''}`}</Typography.Text>
      {d.description && <Typography.Paragraph style={{ margin: '6px 0' }}>{d.description}</Typography.Paragraph>}
      {mine && (
        <div>
          <Typography.Text type="secondary">{t('web.emergency.tasks.callOut', { tier: tierLabel(mine.tier), time: formatDateTime(mine.dispatchedAt) })}</Typography.Text>
        </div>
      )}
      {d.clocks.length > 0 && (
        <Space wrap size={16} style={{ margin: '6px 0' }}>
          {d.clocks.map((c) => (
            <span key={c.kind}>
              <Typography.Text type="secondary">{enumLabel('slaLeg', c.kind)} </Typography.Text>
              <Countdown clock={c} nowMs={nowMs} />
            </span>
          ))}
        </Space>
      )}
      <Space wrap style={{ margin: '4px 0 10px' }}>
        {d.callerPhone && !d.callerPhone.includes('*') && (
          <Button href={`tel:${d.callerPhone}`} icon={<PhoneOutlined />}>
            {t('web.emergency.tasks.call')}
          </Button>
        )}
        <Button type="link" onClick={onOpen}>
          {t('web.emergency.tasks.detail')}
        </Button>
      </Space>
      <IncidentActions incident={d} onDone={onDone} large />
    </Card>
  );
}
