import { ArrowDownOutlined, ArrowUpOutlined, PauseOutlined } from '@ant-design/icons';
import { Badge, Card, Descriptions, Empty, Skeleton, Space, Tag, Tooltip, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import type { ApiError } from '../../api/http.ts';
import { getLive } from '../../api/iot.api.ts';
import type { Live } from '../../api/iot.types.ts';
import { formatDateTimeSec } from '../../components/format.ts';
import { enumLabel, t } from '../../i18n.ts';
import { IotStreamProvider, useIotEvents, useStreamReopened } from '../iot/iot-stream.tsx';
import { faultLabel } from '../iot/iot-tags.tsx';
import { protocolLabel, useIotMeta } from '../iot/use-iot-meta.ts';
import '../iot/iot.css';

const none = () => t('web.live.unknown');
const yesNo = (v: boolean | null, yes: string, no: string) => (v === null ? none() : v ? yes : no);
const num = (v: number, digits = 0) => v.toLocaleString('zh-CN', { maximumFractionDigits: digits });

function DirectionIcon({ direction }: { direction: Live['direction'] }) {
  const label = direction ? enumLabel('direction', direction) : none();
  const icon = direction === 'up' ? <ArrowUpOutlined /> : direction === 'down' ? <ArrowDownOutlined /> : direction === 'stop' ? <PauseOutlined /> : null;
  return (
    <Tooltip title={label}>
      <span className="ls-live-direction" aria-label={label} data-direction={direction ?? ''} style={{ color: direction === 'stop' ? '#8c8c8c' : '#1677ff' }}>
        {icon ?? none()}
      </span>
    </Tooltip>
  );
}

/** 实时状态 of one elevator: GET …/live, then the stream's `live` events for it. */
export function LiveStatusCard({ code }: { code: string }) {
  return (
    <IotStreamProvider elevator={code}>
      <LiveStatus code={code} />
    </IotStreamProvider>
  );
}

function LiveStatus({ code }: { code: string }) {
  const meta = useIotMeta();
  const [live, setLive] = useState<Live>();
  const [error, setError] = useState<ApiError>();
  const call = useRef(0);

  const load = useCallback(() => {
    const n = ++call.current;
    getLive(code).then(
      (l) => {
        if (n !== call.current) return;
        setLive(l);
        setError(undefined);
      },
      (e: ApiError) => n === call.current && setError(e),
    );
  }, [code]);

  useEffect(() => {
    setLive(undefined);
    load();
  }, [load]);
  useStreamReopened(load);
  useIotEvents((e) => {
    if (e.type === 'live' && e.data.registrationCode === code) {
      const { registrationCode: _code, ...next } = e.data;
      setLive(next);
    } else if (e.type === 'alarm' && e.data.alarm.registrationCode === code) load();
  });

  // No such elevator for the IoT module (or not in the user's scope): nothing to show.
  if (error?.status === 404) return null;

  const title = (
    <Space>
      {t('web.live.title')}
      {live?.device && <Badge status={live.online ? 'success' : 'default'} text={live.online ? t('web.live.online') : t('web.live.offline')} />}
    </Space>
  );
  const extra = <Link to={`/alarms?registrationCode=${code}`}>{t('web.live.alarms')}</Link>;

  return (
    <Card size="small" title={title} extra={extra} style={{ marginBottom: 16 }} data-testid="live-status">
      {error && <Typography.Text type="danger">{error.message}</Typography.Text>}
      {!live && !error && <Skeleton active paragraph={{ rows: 4 }} />}
      {live && !live.device && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('web.live.noDevice')} />}
      {live?.device && (
        <>
          <Space align="center" size={16} style={{ marginBottom: 12 }}>
            <span className="ls-live-floor" aria-label={t('web.live.floor')} data-testid="live-floor">
              {live.floor ?? none()}
            </span>
            <DirectionIcon direction={live.direction} />
          </Space>
          <Descriptions
            size="small"
            column={1}
            items={[
              { key: 'door', label: t('web.live.door'), children: yesNo(live.doorOpen, t('web.live.doorOpen'), t('web.live.doorClosed')) },
              { key: 'occupied', label: t('web.live.occupied'), children: yesNo(live.occupied, t('web.live.occupiedYes'), t('web.live.occupiedNo')) },
              { key: 'mode', label: t('web.live.mode'), children: live.mode ? enumLabel('mode', live.mode) : none() },
              { key: 'zone', label: t('web.live.inDoorZone'), children: yesNo(live.inDoorZone, t('web.live.inZone'), t('web.live.outOfZone')) },
              ...(live.speed !== null ? [{ key: 'speed', label: t('web.live.speed'), children: t('web.live.speedValue', { v: live.speed }) }] : []),
              { key: 'lastSeen', label: t('web.live.lastSeen'), children: live.lastSeen ? formatDateTimeSec(live.lastSeen) : none() },
              {
                key: 'faults',
                label: t('web.live.activeFaults'),
                children: live.activeFaults.length ? (
                  <Space size={[0, 4]} wrap>
                    {live.activeFaults.map((f) => (
                      <Tooltip key={f.type} title={t('web.live.since', { time: formatDateTimeSec(f.since) })}>
                        <Tag color="red">{faultLabel(f.type)}</Tag>
                      </Tooltip>
                    ))}
                  </Space>
                ) : (
                  t('web.live.noFaults')
                ),
              },
              { key: 'runs', label: t('web.live.runs'), children: num(live.counters.runs) },
              { key: 'runHours', label: t('web.live.runHours'), children: t('web.live.runHoursValue', { n: num(live.counters.runHours, 1) }) },
              { key: 'distance', label: t('web.live.distance'), children: t('web.live.distanceValue', { n: num(live.counters.distanceKm, 1) }) },
              { key: 'doorCycles', label: t('web.live.doorCycles'), children: num(live.counters.doorCycles) },
            ]}
          />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('web.live.device', { deviceId: live.device.deviceId, protocol: protocolLabel(meta, live.device.protocol) })}
          </Typography.Text>
        </>
      )}
    </Card>
  );
}
