import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { getPublicReport } from '../../api/complaints.api.ts';
import type { ComplaintClock, PublicReportStatus } from '../../api/complaints.types.ts';
import type { ApiError } from '../../api/http.ts';
import { t } from '../../i18n.ts';
import { countdown, isTrackingCode, rewardText } from '../complaints/complaints-logic.ts';
import { shanghaiTime } from './public-report.tsx';
import { PublicShell } from './public-shell.tsx';
import './public-complaints.css';

/** Seconds since `since` (ms), refreshed every second while the page is open, so countdowns run without a request. */
function useElapsed(since: number | undefined): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return since === undefined ? 0 : Math.max(0, Math.floor((now - since) / 1000));
}

function Countdown({ clock, elapsed, testId }: { clock: ComplaintClock; elapsed: number; testId: string }) {
  const c = countdown(clock, elapsed, shanghaiTime);
  return (
    <span className={`pub-countdown pub-tone-${c.tone}`} data-testid={testId} data-tone={c.tone}>
      {c.text}
    </span>
  );
}

function Status({ r, fetchedAt }: { r: PublicReportStatus; fetchedAt: number }) {
  const elapsed = useElapsed(fetchedAt);
  return (
    <section className="pub-card" data-testid="tracking-status" data-status={r.status}>
      <div className="pub-status-line">
        <span className="pub-status">{t(`web.complaints.status.${r.status}`)}</span>
        <span className="pub-category">{t(`web.complaints.category.${r.category}`)}</span>
      </div>
      <dl className="pub-list">
        <div className="pub-row">
          <dt>{t('web.complaints.public.trackingCode')}</dt>
          <dd>{r.trackingCode}</dd>
        </div>
        <div className="pub-row">
          <dt>{t('web.complaints.public.receivedAt')}</dt>
          <dd>{shanghaiTime(r.receivedAt)}</dd>
        </div>
        <div className="pub-row">
          <dt>{t('web.complaints.public.handledBy')}</dt>
          <dd>{r.handledBy ?? t('web.public.noRecord')}</dd>
        </div>
        <div className="pub-row">
          <dt>{t('web.complaints.public.ackDue')}</dt>
          <dd>
            {shanghaiTime(r.acknowledge.dueAt)}
            <br />
            <Countdown clock={r.acknowledge} elapsed={elapsed} testId="ack-countdown" />
          </dd>
        </div>
        <div className="pub-row">
          <dt>{t('web.complaints.public.outcomeDue')}</dt>
          <dd>
            {shanghaiTime(r.outcome.dueAt)}
            {r.outcome.extended && ` (${t('web.complaints.public.extended')})`}
            <br />
            <Countdown clock={r.outcome} elapsed={elapsed} testId="outcome-countdown" />
          </dd>
        </div>
        <div className="pub-row">
          <dt>{t('web.complaints.public.result')}</dt>
          <dd data-testid="tracking-result">
            {r.result ? (
              <>
                <strong>{t(`web.complaints.result.${r.result}`)}</strong>
                {r.resultText && <p className="pub-result">{r.resultText}</p>}
              </>
            ) : (
              <span className="pub-none">{t('web.complaints.public.notYet')}</span>
            )}
          </dd>
        </div>
        {r.result === 'confirmed' && (
          <div className="pub-row">
            <dt>{t('web.complaints.public.reward')}</dt>
            <dd data-testid="tracking-reward">{rewardText(r.reward)}</dd>
          </div>
        )}
      </dl>
      {r.linked && <p className="pub-hint">{t('web.complaints.public.linked')}</p>}
    </section>
  );
}

/**
 * `/public/reports` and `/public/reports/:trackingCode`: the reporter types the tracking code and sees the status,
 * both deadlines with live countdowns and the outcome. Mobile first, no login, no antd.
 */
export default function PublicTrackingPage() {
  const { trackingCode = '' } = useParams();
  const navigate = useNavigate();
  const [typed, setTyped] = useState(trackingCode);
  const [result, setResult] = useState<{ r: PublicReportStatus; at: number }>();
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    setTyped(trackingCode);
    setResult(undefined);
    setError(undefined);
    if (!trackingCode) return;
    let live = true;
    setLoading(true);
    getPublicReport(trackingCode).then(
      (r) => live && setResult({ r, at: Date.now() }),
      (e: ApiError) => live && setError(e.message),
    ).finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [trackingCode]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!isTrackingCode(typed)) return setError(t('web.complaints.public.invalidCode'));
    navigate(`/public/reports/${typed.trim().toUpperCase()}`);
  };

  return (
    <PublicShell>
      <section className="pub-card">
        <h1 className="pub-title">{t('web.complaints.public.trackTitle')}</h1>
        <p className="pub-intro">{t('web.complaints.public.trackIntro')}</p>
        <form className="pub-form" onSubmit={submit}>
          <input
            className="pub-input"
            aria-label={t('web.complaints.public.trackingCode')}
            placeholder={t('web.complaints.public.trackPlaceholder')}
            autoCapitalize="characters"
            autoComplete="off"
            maxLength={14}
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
          />
          <button className="pub-button" type="submit">
            {t('web.complaints.public.trackSubmit')}
          </button>
        </form>
      </section>
      {loading && <p className="pub-loading">{t('web.complaints.public.loading')}</p>}
      {error && (
        <section className="pub-card pub-notfound" role="alert">
          {error}
        </section>
      )}
      {result && <Status r={result.r} fetchedAt={result.at} />}
      <Link className="pub-again" to="/e">
        {t('web.public.again')}
      </Link>
    </PublicShell>
  );
}
