import { Badge } from 'antd';
import { t } from '../../i18n.ts';
import { useStreamState } from './iot-stream.tsx';

/** 实时推送中 / 正在重连 as a small status dot. */
export function StreamBadge() {
  const state = useStreamState();
  if (!state) return null;
  const [status, text] =
    state === 'open'
      ? (['processing', t('web.iot.streamOpen')] as const)
      : state === 'retrying'
        ? (['warning', t('web.iot.streamRetrying')] as const)
        : state === 'closed'
          ? (['error', t('web.iot.streamClosed')] as const)
          : (['default', t('web.iot.streamConnecting')] as const);
  return <Badge status={status} text={text} data-testid="stream-state" data-state={state} />;
}
