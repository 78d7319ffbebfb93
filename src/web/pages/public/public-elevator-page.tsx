import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import type { ApiError } from '../../api/http.ts';
import { getPublicElevator } from '../../api/public.api.ts';
import type { PublicElevator } from '../../api/types.ts';
import { t } from '../../i18n.ts';
import { PublicComplaintForm } from './public-complaint-form.tsx';
import { PublicReport } from './public-report.tsx';
import { PublicShell, TrappedCall } from './public-shell.tsx';

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="pub-row">
      <dt>{label}</dt>
      <dd>{children || <span className="pub-none">{t('web.public.noRecord')}</span>}</dd>
    </div>
  );
}

/** 按期维保 / 维保逾期 N 天; nothing when the elevator has no maintenance plan. */
export function maintenanceText(e: Pick<PublicElevator, 'maintenanceOverdueDays' | 'maintenanceNextDue'>): string | null {
  if (e.maintenanceOverdueDays === null) return null;
  return e.maintenanceOverdueDays > 0 ? t('web.public.maintenanceOverdue', { days: e.maintenanceOverdueDays }) : t('web.public.maintenanceOnTime', { date: e.maintenanceNextDue ?? '' });
}

/** 无 / N 项（其中重大隐患 M 项）: counts only. */
export function hazardText(e: Pick<PublicElevator, 'openHazards'>): string {
  const { total, serious } = e.openHazards;
  if (!total) return t('web.public.noHazards');
  return serious ? t('web.public.hazardsSerious', { total, serious }) : t('web.public.hazards', { total });
}

function Record({ e }: { e: PublicElevator }) {
  const inspection = e.lastInspection ? `${e.lastInspection.date} ${e.lastInspection.conclusion}` : null;
  return (
    <>
      <TrappedCall phone={e.emergencyPhone} />
      <PublicReport code={e.registrationCode} />
      <section className="pub-card">
        <div className="pub-status-line">
          <span className={`pub-status pub-status-${e.status.toLowerCase()}`}>{e.statusName}</span>
          <span className="pub-category">{e.categoryName}</span>
        </div>
        <p className="pub-address">
          {e.address.includes(e.regionName) ? e.address : `${e.regionName} ${e.address}`}
          {e.placeName && <span className="pub-place">{e.placeName}</span>}
        </p>
        <dl className="pub-list">
          <Row label={t('web.public.registrationCode')}>{e.registrationCode}</Row>
          <Row label={t('web.public.rescueCode')}>{e.rescueCode}</Row>
          <Row label={t('web.public.useUnit')}>{e.useUnitName}</Row>
          <Row label={t('web.public.maintenance')}>{e.maintenanceName}</Row>
          <Row label={t('web.public.maintenanceHotline')}>
            {e.maintenanceHotline && (
              <a className="pub-call" href={`tel:${e.maintenanceHotline}`}>
                {t('web.public.callHotline', { phone: e.maintenanceHotline })}
              </a>
            )}
          </Row>
        </dl>
      </section>
      <section className="pub-card">
        <dl className="pub-list">
          <Row label={t('web.public.lastInspection')}>{inspection}</Row>
          <Row label={t('web.public.nextInspectionDue')}>{e.nextInspectionDue}</Row>
          <Row label={t('web.public.lastMaintenance')}>{e.lastMaintenanceDate}</Row>
          <Row label={t('web.public.maintenanceRegularity')}>{maintenanceText(e)}</Row>
          <Row label={t('web.public.openHazards')}>{hazardText(e)}</Row>
        </dl>
        <Link className="pub-more" to="/public/releases">
          {t('web.public.releases')}
        </Link>
      </section>
      <PublicComplaintForm code={e.registrationCode} />
    </>
  );
}

/** `/e/:code`: the public safety record of one elevator (no login); unknown codes show the server's message. */
export default function PublicElevatorPage() {
  const { code = '' } = useParams();
  const [record, setRecord] = useState<PublicElevator>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    let live = true;
    setRecord(undefined);
    setError(undefined);
    getPublicElevator(code).then(
      (r) => live && setRecord(r),
      (e: ApiError) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [code]);

  return (
    <PublicShell>
      {!record && !error && <p className="pub-loading">{t('web.public.loading')}</p>}
      {error && (
        <>
          <TrappedCall />
          <section className="pub-card pub-notfound" role="alert">
            {error}
          </section>
        </>
      )}
      {record && <Record e={record} />}
      <Link className="pub-again" to="/e">
        {t('web.public.again')}
      </Link>
    </PublicShell>
  );
}
