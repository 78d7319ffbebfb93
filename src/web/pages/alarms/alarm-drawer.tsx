import { Alert, App, Button, Descriptions, Drawer, Empty, Form, Input, Skeleton, Space, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { ApiError } from '../../api/http.ts';
import { commentAlarm, getAlarm } from '../../api/iot.api.ts';
import type { Alarm, AlarmHistoryEntry } from '../../api/iot.types.ts';
import { useSession } from '../../auth/auth-context.tsx';
import { formatDateTimeSec } from '../../components/format.ts';
import { useAsync } from '../../components/use-async.ts';
import { enumLabel, t } from '../../i18n.ts';
import { useIotEvents } from '../iot/iot-stream.tsx';
import { AlarmStateTags, faultLabel, SeverityTag } from '../iot/iot-tags.tsx';
import { AlarmActionModal, type AlarmActionKind } from './alarm-action-modal.tsx';
import { historyDetail } from './history-detail.ts';

const HISTORY_COLORS: Record<string, string> = {
  opened: 'red',
  repeated: 'orange',
  severity_raised: 'red',
  escalated: 'red',
  acknowledged: 'green',
  assigned: 'blue',
  commented: 'gray',
  cleared: 'green',
};

interface Props {
  alarmId: number | undefined;
  onClose: () => void;
  /** The alarm after an action here (to update the list behind). */
  onChanged?: (alarm: Alarm) => void;
}

/** One alarm: its facts, history timeline and, with iot.operate, 确认 / 解除 / 指派 / 评论. */
export function AlarmDrawer({ alarmId, onClose, onChanged }: Props) {
  return (
    <Drawer open={alarmId !== undefined} onClose={onClose} size={560} title={t('web.alarms.detailTitle')} destroyOnHidden>
      {alarmId !== undefined && <AlarmDetailView alarmId={alarmId} onChanged={onChanged} />}
    </Drawer>
  );
}

function AlarmDetailView({ alarmId, onChanged }: { alarmId: number; onChanged?: (alarm: Alarm) => void }) {
  const { can } = useSession();
  const { message } = App.useApp();
  const detail = useAsync(() => getAlarm(alarmId), [alarmId]);
  const [action, setAction] = useState<AlarmActionKind>();
  const [comment, setComment] = useState('');
  const [commentError, setCommentError] = useState<string>();
  const [sending, setSending] = useState(false);

  useIotEvents((e) => {
    if (e.type === 'alarm' && e.data.alarm.id === alarmId) detail.reload();
  });

  const changed = (alarm: Alarm) => {
    detail.reload();
    onChanged?.(alarm);
  };

  const send = async () => {
    if (!comment.trim()) {
      setCommentError(t('web.alarms.commentRequired'));
      return;
    }
    setSending(true);
    try {
      changed(await commentAlarm(alarmId, comment.trim()));
      setComment('');
      setCommentError(undefined);
      message.success(t('web.alarms.commentDone'));
    } catch (e) {
      message.error((e as ApiError).message);
    } finally {
      setSending(false);
    }
  };

  const a = detail.data?.id === alarmId ? detail.data : undefined;
  if (detail.error && !a) return <Alert type="error" showIcon title={detail.error.message} />;
  if (!a) return <Skeleton active paragraph={{ rows: 8 }} />;
  const active = a.status === 'active';
  const operate = can('iot.operate');

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="alarm-drawer" data-alarm-id={a.id}>
      <Space wrap>
        <SeverityTag severity={a.severity} />
        <Typography.Text strong style={{ fontSize: 16 }}>
          {faultLabel(a.type, a.vendorCode)}
        </Typography.Text>
        <Tag color={active ? 'red' : 'default'}>{enumLabel('alarmStatus', a.status)}</Tag>
        <AlarmStateTags alarm={{ ...a, status: 'active', escalated: a.escalated && active }} />
      </Space>
      <Descriptions
        size="small"
        column={1}
        bordered
        items={[
          { key: 'elevator', label: t('web.alarms.elevator'), children: <Link to={`/elevators/${a.registrationCode}`}>{a.registrationCode}</Link> },
          { key: 'address', label: t('web.alarms.address'), children: a.address },
          { key: 'openedAt', label: t('web.alarms.openedAt'), children: formatDateTimeSec(a.openedAt) },
          { key: 'lastAt', label: t('web.alarms.lastAt'), children: `${formatDateTimeSec(a.lastAt)}（${t('web.iot.occurrences', { n: a.occurrences })}）` },
          { key: 'source', label: t('web.alarms.source'), children: enumLabel('alarmSource', a.source) },
          ...(a.vendorCode ? [{ key: 'vendorCode', label: t('web.alarms.vendorCode'), children: a.vendorCode }] : []),
          { key: 'assignee', label: t('web.alarms.assignee'), children: a.assignee?.name ?? t('web.common.none') },
          ...(a.clearedAt ? [{ key: 'clearedAt', label: t('web.alarms.clearedAt'), children: formatDateTimeSec(a.clearedAt) }] : []),
          ...(a.clearReason ? [{ key: 'clearReason', label: t('web.alarms.clearReason'), children: a.clearReason }] : []),
        ]}
      />
      {operate ? (
        <Space wrap>
          {active && !a.acknowledged && (
            <Button type="primary" onClick={() => setAction('ack')}>
              {t('web.alarms.ack')}
            </Button>
          )}
          {active && (
            <Button danger onClick={() => setAction('clear')}>
              {t('web.alarms.clear')}
            </Button>
          )}
          {active && <Button onClick={() => setAction('assign')}>{t('web.alarms.assign')}</Button>}
        </Space>
      ) : (
        <Alert type="info" showIcon title={t('web.alarms.noPermission')} />
      )}
      <div>
        <Typography.Title level={5}>{t('web.alarms.history')}</Typography.Title>
        <History history={a.history} />
      </div>
      {operate && (
        <Form layout="vertical">
          <Form.Item label={t('web.alarms.comment')} validateStatus={commentError ? 'error' : undefined} help={commentError}>
            <Input.TextArea
              rows={3}
              maxLength={1000}
              value={comment}
              placeholder={t('web.alarms.commentPlaceholder')}
              onChange={(e) => {
                setComment(e.target.value);
                if (e.target.value.trim()) setCommentError(undefined);
              }}
            />
          </Form.Item>
          <Button loading={sending} onClick={() => void send()}>
            {t('web.alarms.commentSend')}
          </Button>
        </Form>
      )}
      <AlarmActionModal alarmId={a.id} kind={action} onClose={() => setAction(undefined)} onDone={changed} />
    </Space>
  );
}

function History({ history }: { history: AlarmHistoryEntry[] }) {
  if (history.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('web.alarms.noHistory')} />;
  const sorted = [...history].sort((x, y) => Date.parse(y.at) - Date.parse(x.at));
  return (
    <Timeline
      items={sorted.map((h, i) => ({
        key: `${h.at}-${i}`,
        color: HISTORY_COLORS[h.kind] ?? 'blue',
        content: (
          <div data-kind={h.kind}>
            <Typography.Text type="secondary">{formatDateTimeSec(h.at)}</Typography.Text>
            <div>
              <Typography.Text strong>{enumLabel('alarmHistory', h.kind)}</Typography.Text>
              {h.actor && <Typography.Text type="secondary">{` · ${h.actor}`}</Typography.Text>}
            </div>
            {historyDetail(h.kind, h.detail) && <div style={{ whiteSpace: 'pre-wrap' }}>{historyDetail(h.kind, h.detail)}</div>}
          </div>
        ),
      }))}
    />
  );
}
