import { enumLabel, t } from '../../i18n.ts';

type Detail = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : undefined);

/** "级别 一般 → 严重", when both ends are known. */
function raised(d: Detail): string | undefined {
  const from = str(d.from);
  const to = str(d.to);
  return from && to ? t('web.alarms.hSeverity', { from: enumLabel('severity', from), to: enumLabel('severity', to) }) : undefined;
}

/**
 * One line of text for an alarm history entry's `detail` (a JSON object whose fields depend on the kind: the
 * comment, the clear reason, the assignee, the repeat count…). Unknown fields are left out; text is shown as is.
 */
export function historyDetail(kind: string, detail: unknown): string | undefined {
  if (detail === null || detail === undefined || detail === '') return undefined;
  if (typeof detail === 'string') return detail;
  if (typeof detail !== 'object' || Array.isArray(detail)) return undefined;
  const d = detail as Detail;
  const parts: (string | undefined)[] = [];
  switch (kind) {
    case 'acknowledged':
      parts.push(str(d.comment));
      break;
    case 'commented':
      parts.push(str(d.text));
      break;
    case 'cleared':
      if (str(d.reason)) parts.push(t('web.alarms.hReason', { reason: str(d.reason)! }));
      break;
    case 'assigned':
      if (str(d.name) ?? str(d.userId)) parts.push(t('web.alarms.hAssigned', { name: (str(d.name) ?? str(d.userId))! }));
      break;
    case 'severity_raised':
      if (str(d.count)) parts.push(t('web.alarms.hRepeat', { count: str(d.count)! }));
      parts.push(raised(d));
      break;
    case 'escalated':
      if (str(d.unacknowledgedSeconds)) parts.push(t('web.alarms.hUnacked', { minutes: Math.round(Number(d.unacknowledgedSeconds) / 60) }));
      parts.push(raised(d));
      break;
    case 'opened':
    case 'repeated':
      if (str(d.source)) parts.push(enumLabel('alarmSource', str(d.source)!));
      if (str(d.vendorCode)) parts.push(t('web.alarms.hVendorCode', { code: str(d.vendorCode)! }));
      if (d.inferred === true) parts.push(t('web.alarms.hInferred'));
      if (str(d.floor)) parts.push(t('web.alarms.hFloor', { floor: str(d.floor)! }));
      if (str(d.lastSeen)) parts.push(t('web.alarms.hLastSeen'));
      break;
    default:
      parts.push(str(d.text) ?? str(d.comment) ?? str(d.reason));
  }
  const out = parts.filter(Boolean).join(' · ');
  return out || undefined;
}
