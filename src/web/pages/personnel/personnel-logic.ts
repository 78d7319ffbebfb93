import type { Certificate, Detection, DetectionKind } from '../../api/personnel.types.ts';
import { t } from '../../i18n.ts';

export const DETECTION_KINDS: DetectionKind[] = ['multi_employer', 'never_seen', 'manager_overload', 'expired_in_use'];
export const CERT_KINDS = ['A', 'T', 'inspector'] as const;
export const ROLES = ['safety_manager', 'maintenance_worker', 'inspector', 'other'] as const;

/** Tag colour of a certificate by its state: expired red, expiring within 90 days orange. */
export function certColor(state: Certificate['state']): string {
  return { expired: 'red', expiring: 'orange', valid: 'green', unknown: 'default' }[state];
}

type Org = { id: number; name: string };

/** The evidence of a finding as lines of text for people (organisations, periods, record ids, dates). */
export function evidenceLines(d: Pick<Detection, 'kind' | 'evidence'>): string[] {
  const e = d.evidence as Record<string, any>;
  const open = (to: string | null) => to ?? t('web.personnel.evidence.now');
  switch (d.kind) {
    case 'multi_employer':
      if (e.basis === 'records')
        return (e.uses as { org: Org; source: string; count: number; first: string; last: string; ids: number[] }[]).map((u) =>
          t('web.personnel.evidence.use', { org: u.org.name, source: t(`web.personnel.evidence.source.${u.source === 'inspection' ? 'inspection' : 'maintenance'}`), count: u.count, first: u.first, last: u.last, ids: u.ids.join('、') }),
        );
      return [
        ...(e.employments as { org: Org; from: string; to: string | null }[]).map((x) => t('web.personnel.evidence.employment', { org: x.org.name, from: x.from, to: open(x.to) })),
        t('web.personnel.evidence.overlap', { from: e.overlap.from, to: open(e.overlap.to) }),
      ];
    case 'never_seen':
      return [
        t('web.personnel.evidence.registration', { org: e.registration.org.name, certificate: e.registration.certificateNo, from: e.registration.employedFrom }),
        e.lastSeen ? t('web.personnel.evidence.lastSeen', { date: e.lastSeen }) : t('web.personnel.evidence.neverSeen'),
        t('web.personnel.evidence.window', { from: e.windowFrom, months: e.months }),
      ];
    case 'manager_overload':
      return [
        t('web.personnel.evidence.load', { count: e.count, cap: e.cap }),
        ...(e.useUnits as (Org & { count: number })[]).map((u) => t('web.personnel.evidence.useUnit', { org: u.name, count: u.count })),
        t('web.personnel.evidence.elevators', { codes: (e.registrationCodes as string[]).join('、') }),
      ];
    case 'expired_in_use':
      return [
        e.certificate ? t('web.personnel.evidence.expired', { certificate: e.certificate.number, date: e.certificate.expiresOn ?? '—' }) : t('web.personnel.evidence.noCertificate'),
        e.source === 'safety_manager'
          ? t('web.personnel.evidence.elevators', { codes: (e.registrationCodes as string[]).join('、') })
          : t('web.personnel.evidence.records', { source: t(`web.personnel.evidence.source.${e.source === 'inspection' ? 'inspection' : 'maintenance'}`), count: e.count, first: e.first, last: e.last, ids: (e.ids as number[]).join('、') }),
      ];
  }
}
