import { Alert, Card, Empty, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import type { ApiError } from '../../api/http.ts';
import { listAlarms } from '../../api/iot.api.ts';
import type { Alarm } from '../../api/iot.types.ts';
import { formatDateTimeSec } from '../../components/format.ts';
import { enumLabel, t } from '../../i18n.ts';
import { applyAlarmEvent, mergeFeed } from './alarm-feed.ts';
import { useIotEvents, useStreamReopened } from './iot-stream.tsx';
import { AlarmStateTags, faultLabel, SEVERITY_COLORS, SeverityTag } from './iot-tags.tsx';
import './iot.css';

interface Props {
  /** Only this elevator's alarms (the elevator page); all the user may see otherwise. */
  registrationCode?: string;
  limit?: number;
}

/**
 * The live alarm feed: the active alarms, newest first, then every `alarm` event of the stream as it comes
 * (new alarms added, known ones updated in place) without a reload.
 */
export function LiveAlarmFeed({ registrationCode, limit = 50 }: Props) {
  const [items, setItems] = useState<Alarm[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [fresh, setFresh] = useState<ReadonlySet<number>>(new Set());
  const call = useRef(0);

  const load = useCallback(() => {
    const id = ++call.current;
    listAlarms({ status: 'active', registrationCode, page: 1, pageSize: limit }).then(
      (page) => {
        if (id !== call.current) return;
        setItems((current) => mergeFeed(current, page.items, limit));
        setError(undefined);
        setLoaded(true);
      },
      (e: ApiError) => {
        if (id !== call.current) return;
        setError(e);
        setLoaded(true);
      },
    );
  }, [registrationCode, limit]);

  useEffect(load, [load]);
  useStreamReopened(load);
  useIotEvents((event) => {
    if (event.type !== 'alarm') return;
    const { alarm, action } = event.data;
    if (registrationCode && alarm.registrationCode !== registrationCode) return;
    setItems((current) => applyAlarmEvent(current, event.data, limit));
    if (action === 'opened' || action === 'updated' || action === 'escalated') setFresh((s) => new Set(s).add(alarm.id));
  });

  return (
    <Card
      size="small"
      title={t('web.iot.feedTitle')}
      extra={<Link to={registrationCode ? `/alarms?registrationCode=${registrationCode}` : '/alarms'}>{t('web.iot.feedAll')}</Link>}
    >
      {error && <Alert type="error" showIcon title={error.message} style={{ marginBottom: 8 }} />}
      <div className="ls-feed" data-testid="live-alarm-feed" aria-live="polite">
        {items.map((a) => (
          <FeedRow key={a.id} alarm={a} fresh={fresh.has(a.id)} />
        ))}
        {loaded && items.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('web.iot.feedEmpty')} />}
      </div>
    </Card>
  );
}

function FeedRow({ alarm, fresh }: { alarm: Alarm; fresh: boolean }) {
  const classes = ['ls-feed-row', alarm.status === 'cleared' ? 'is-cleared' : '', fresh ? 'is-new' : ''].filter(Boolean).join(' ');
  return (
    <div className={classes} data-alarm-id={alarm.id} data-severity={alarm.severity} style={{ borderLeftColor: SEVERITY_COLORS[alarm.severity] }}>
      <div className="ls-feed-head">
        <span>
          <SeverityTag severity={alarm.severity} />
          <Link to={`/alarms?id=${alarm.id}`} className="ls-feed-type" style={{ color: SEVERITY_COLORS[alarm.severity] }}>
            {faultLabel(alarm.type, alarm.vendorCode)}
          </Link>
          {/* Raised by the platform's own rule (an entrapment inferred from the status, a silent terminal), not reported. */}
          {alarm.source === 'rule' && <Tag>{enumLabel('alarmSource', alarm.source)}</Tag>}
          {alarm.occurrences > 1 && <Tag>{t('web.iot.occurrences', { n: alarm.occurrences })}</Tag>}
          <AlarmStateTags alarm={alarm} />
        </span>
        <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }}>
          <time dateTime={alarm.lastAt}>{formatDateTimeSec(alarm.lastAt)}</time>
        </Typography.Text>
      </div>
      <div className="ls-feed-where">
        <Space size={8}>
          <Link to={`/elevators/${alarm.registrationCode}`}>{alarm.registrationCode}</Link>
          <Typography.Text type="secondary">{alarm.address}</Typography.Text>
        </Space>
      </div>
    </div>
  );
}
