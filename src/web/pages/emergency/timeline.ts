import { enumLabel, t } from '../../i18n.ts';

/** Who did it, for people: the platform's own actors (`system:sla`, `system:iot`, `public:qr`) get Chinese names. */
export function actorLabel(actor: string | null | undefined): string {
  if (!actor) return '';
  if (actor === 'system:sla') return t('web.emergency.actor.sla');
  if (actor === 'system:iot') return t('web.emergency.actor.iot');
  if (actor === 'public:qr') return t('web.emergency.actor.qr');
  if (actor.startsWith('system:')) return t('web.emergency.actor.system');
  return actor;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v : undefined);

/** The tier's Chinese name (一级：维保单位 …). */
export function tierLabel(tier: number | null | undefined): string {
  return tier === null || tier === undefined ? '' : enumLabel('tier', String(tier));
}

/** 派单, or 升级派单 when someone is already called out (dispatching again goes to the next tier). */
export function actionLabel(action: string, escalation: boolean): string {
  return action === 'dispatch' && escalation ? enumLabel('incidentEvent', 'escalated') : enumLabel('incidentAction', action);
}

/** Why a tier was passed over without a call-out (no maintenance company, no rescue station on the platform). */
function skippedText(skipped: unknown): string | undefined {
  if (!Array.isArray(skipped) || !skipped.length) return undefined;
  const parts = skipped
    .map((s: { tier?: unknown; why?: unknown }) => {
      const tier = num(s?.tier);
      if (tier === undefined) return undefined;
      return t('web.emergency.timeline.skippedTier', { tier: tierLabel(tier), why: s?.why === 'no_maintenance_company' ? t('web.emergency.timeline.noMaintenance') : t('web.emergency.timeline.noStation') });
    })
    .filter(Boolean);
  return parts.length ? parts.join('；') : undefined;
}

/**
 * One line describing a timeline entry's detail (who was called out, how many rescued, the cause…), or '' when
 * the kind says it all. Unknown details are left out rather than shown raw.
 */
export function eventDetail(kind: string, detail: Record<string, unknown> | null | undefined): string {
  if (!detail) return '';
  const parts: (string | undefined)[] = [];
  const note = str(detail.note);
  switch (kind) {
    case 'received':
    case 'merged': {
      const source = str(detail.source);
      if (source) parts.push(enumLabel('incidentSource', source));
      const type = str(detail.type);
      if (type) parts.push(enumLabel('incidentType', type));
      const trapped = num(detail.trapped);
      if (trapped) parts.push(t('web.emergency.timeline.trapped', { n: trapped }));
      const phone = str(detail.callerPhone);
      if (phone) parts.push(t('web.emergency.timeline.caller', { phone }));
      if (num(detail.alarmId)) parts.push(t('web.emergency.timeline.alarm', { id: num(detail.alarmId)! }));
      if (detail.upgraded === true) parts.push(t('web.emergency.timeline.upgraded'));
      if (num(detail.repeatOf)) parts.push(t('web.emergency.timeline.repeatOf', { id: num(detail.repeatOf)! }));
      break;
    }
    case 'dispatched':
    case 'escalated': {
      const tier = num(detail.tier);
      if (tier !== undefined) parts.push(tierLabel(tier));
      parts.push(str(detail.orgName), str(detail.phone));
      const km = num(detail.distanceKm);
      if (km !== undefined) parts.push(t('web.emergency.timeline.distance', { km: km.toFixed(1) }));
      const reason = str(detail.reason);
      if (reason) parts.push(enumLabel('dispatchReason', reason));
      parts.push(skippedText(detail.skipped));
      break;
    }
    case 'declined':
      break;
    case 'rescued': {
      const rescued = num(detail.rescued);
      if (rescued !== undefined) parts.push(t('web.emergency.timeline.rescued', { n: rescued }));
      const injured = num(detail.injured);
      if (injured) parts.push(t('web.emergency.timeline.injured', { n: injured }));
      break;
    }
    case 'closed': {
      const cause = str(detail.cause);
      if (cause) parts.push(t('web.emergency.timeline.cause', { cause: enumLabel('cause', cause) }));
      const rescued = num(detail.rescued);
      if (rescued !== undefined) parts.push(t('web.emergency.timeline.rescued', { n: rescued }));
      const injured = num(detail.injured);
      if (injured) parts.push(t('web.emergency.timeline.injured', { n: injured }));
      break;
    }
    case 'sla_breach': {
      const leg = str(detail.leg);
      if (leg) parts.push(t('web.emergency.timeline.breach', { leg: enumLabel('slaLeg', leg) }));
      const tier = num(detail.tier);
      if (tier !== undefined) parts.push(tierLabel(tier));
      break;
    }
    case 'device_cleared':
      if (num(detail.alarmId)) parts.push(t('web.emergency.timeline.alarm', { id: num(detail.alarmId)! }));
      break;
    default:
      break;
  }
  if (note) parts.push(t('web.emergency.timeline.note', { note }));
  return parts.filter(Boolean).join(' · ');
}

/** Timeline dot colours by kind. */
export const EVENT_COLORS: Record<string, string> = {
  received: 'blue',
  merged: 'blue',
  dispatched: 'blue',
  escalated: 'orange',
  accepted: 'green',
  declined: 'orange',
  departed: 'green',
  arrived: 'green',
  rescued: 'green',
  closed: 'gray',
  cancelled: 'gray',
  sla_breach: 'red',
  device_cleared: 'green',
};
