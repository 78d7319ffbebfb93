import { Tag } from 'antd';
import type { Alarm } from '../../api/iot.types.ts';
import { enumLabel, t } from '../../i18n.ts';

/** Severity colours, most urgent first: red, orange, gold, blue. */
export const SEVERITY_COLORS: Record<string, string> = {
  critical: '#cf1322',
  major: '#d4380d',
  minor: '#d48806',
  warning: '#1677ff',
};

const SEVERITY_TAG: Record<string, string> = { critical: 'red', major: 'volcano', minor: 'gold', warning: 'blue' };

/** 紧急 / 严重 / 一般 / 提示 as a coloured tag. */
export function SeverityTag({ severity }: { severity: string | null | undefined }) {
  if (!severity) return null;
  return <Tag color={SEVERITY_TAG[severity] ?? 'default'}>{enumLabel('severity', severity)}</Tag>;
}

/** The Chinese name of a fault type; a controller code without a canonical type shows as that code. */
export function faultLabel(type: string | null | undefined, vendorCode?: string | null): string {
  if (type) return enumLabel('faultType', type);
  return vendorCode ?? t('web.faults.unclassified');
}

/** 已解除 / 已确认 / 已升级 tags of an alarm (nothing for a fresh, unacknowledged one). */
export function AlarmStateTags({ alarm }: { alarm: Pick<Alarm, 'status' | 'acknowledged' | 'escalated'> }) {
  return (
    <>
      {alarm.status === 'cleared' && <Tag color="default">{t('web.iot.cleared')}</Tag>}
      {alarm.status !== 'cleared' && alarm.acknowledged && <Tag color="green">{t('web.iot.acknowledged')}</Tag>}
      {alarm.escalated && alarm.status !== 'cleared' && <Tag color="magenta">{t('web.iot.escalated')}</Tag>}
    </>
  );
}
