import { Tag, Tooltip, Typography } from 'antd';
import type { DeviceHealth } from '../../api/iot.types.ts';
import { formatDateTimeSec } from '../../components/format.ts';
import { t, type MessageKey } from '../../i18n.ts';

const REASONS: { key: keyof DeviceHealth; label: MessageKey }[] = [
  { key: 'malformed', label: 'web.devices.health.malformed' },
  { key: 'invalid', label: 'web.devices.health.invalid' },
  { key: 'unknownEvent', label: 'web.devices.health.unknownEvent' },
  { key: 'oversized', label: 'web.devices.health.oversized' },
  { key: 'futureTime', label: 'web.devices.health.futureTime' },
  { key: 'floodDropped', label: 'web.devices.health.floodDropped' },
  { key: 'spoofed', label: 'web.devices.health.spoofed' },
];

/** Messages dropped for any reason. */
export function badTraffic(h: DeviceHealth): number {
  return REASONS.reduce((sum, r) => sum + (Number(h[r.key]) || 0), 0);
}

/** The dropped-message count, with the per-reason counts and the last error in a tooltip. */
export function DeviceHealthCell({ health }: { health: DeviceHealth }) {
  const bad = badTraffic(health);
  const detail = (
    <div data-testid="device-health-detail">
      <div>{t('web.devices.accepted', { n: health.accepted })}</div>
      {REASONS.map((r) => (
        <div key={r.key}>
          {t(r.label)}：{Number(health[r.key]) || 0}
        </div>
      ))}
      {health.lastError && (
        <div style={{ marginTop: 4 }}>
          {t('web.devices.health.lastError')}：{health.lastError}
          {health.lastErrorAt && <div>{t('web.devices.health.lastErrorAt', { time: formatDateTimeSec(health.lastErrorAt) })}</div>}
        </div>
      )}
    </div>
  );
  return (
    <Tooltip title={detail}>
      {bad > 0 ? <Tag color="red">{bad}</Tag> : <Typography.Text type="secondary">{t('web.devices.health.none')}</Typography.Text>}
    </Tooltip>
  );
}
