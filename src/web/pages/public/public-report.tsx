import { useState, type FormEvent } from 'react';
import type { ApiError } from '../../api/http.ts';
import { reportPublicIncident } from '../../api/public.api.ts';
import type { PublicReportResult } from '../../api/types.ts';
import { t } from '../../i18n.ts';
import { EMERGENCY_PHONE } from './public-shell.tsx';

type Kind = 'trapped' | 'fault';

/** The same rule the server applies to a phone number (digits, +, -, spaces, brackets; 5–20 characters). */
export function isPhone(v: string): boolean {
  return /^[\d+\-\s()]{5,20}$/.test(v.trim());
}

/** A time in Shanghai as 2026-12-01 13:05:22, without a date library (the public page stays light). */
export function shanghaiTime(iso: string): string {
  const parts = new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const p = Object.fromEntries(parts.map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/**
 * 我被困了 / 报告故障 on an elevator's public page: one tap, an optional phone number (and how many are trapped),
 * then the acknowledgement with the incident number — the report is in the 96333 dispatcher's queue.
 */
export function PublicReport({ code }: { code: string }) {
  const [kind, setKind] = useState<Kind>();
  const [phone, setPhone] = useState('');
  const [count, setCount] = useState(1);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string>();
  const [result, setResult] = useState<PublicReportResult & { kind: Kind }>();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!kind) return;
    if (phone.trim() && !isPhone(phone)) {
      setError(t('web.emergency.public.invalidPhone'));
      return;
    }
    setSending(true);
    setError(undefined);
    try {
      const r = await reportPublicIncident({ code, type: kind, ...(kind === 'trapped' ? { trapped: count } : {}), ...(phone.trim() ? { callerPhone: phone.trim() } : {}) });
      setResult({ ...r, kind });
    } catch (err) {
      setError((err as ApiError).message);
    } finally {
      setSending(false);
    }
  };

  if (result) {
    return (
      <section className="pub-card pub-ack" role="status" data-testid="public-ack">
        <p className="pub-ack-title">{t('web.emergency.public.received')}</p>
        <dl className="pub-list">
          <div className="pub-row">
            <dt>{t('web.emergency.public.number')}</dt>
            <dd className="pub-ack-number">#{result.id}</dd>
          </div>
          <div className="pub-row">
            <dt>{t('web.emergency.public.receivedAt')}</dt>
            <dd>{shanghaiTime(result.receivedAt)}</dd>
          </div>
        </dl>
        {result.merged && <p className="pub-ack-note">{t('web.emergency.public.mergedNote')}</p>}
        <p className="pub-ack-advice">{result.kind === 'trapped' ? t('web.emergency.public.trappedAdvice') : t('web.emergency.public.faultAdvice')}</p>
        <a className="pub-call" href={`tel:${EMERGENCY_PHONE}`}>
          {t('web.emergency.public.orCall')}
        </a>
      </section>
    );
  }

  if (!kind) {
    return (
      <div className="pub-report-buttons">
        <button type="button" className="pub-report pub-report-trapped" onClick={() => setKind('trapped')}>
          {t('web.emergency.public.trappedButton')}
        </button>
        <button type="button" className="pub-report pub-report-fault" onClick={() => setKind('fault')}>
          {t('web.emergency.public.faultButton')}
        </button>
      </div>
    );
  }

  return (
    <section className="pub-card">
      <h2 className="pub-title">{kind === 'trapped' ? t('web.emergency.public.trappedTitle') : t('web.emergency.public.faultTitle')}</h2>
      <form className="pub-form" onSubmit={(e) => void submit(e)}>
        {kind === 'trapped' && (
          <label className="pub-field">
            <span>{t('web.emergency.public.count')}</span>
            <span className="pub-stepper">
              <button type="button" aria-label="-" onClick={() => setCount((n) => Math.max(1, n - 1))}>
                −
              </button>
              <output aria-live="polite">{count}</output>
              <button type="button" aria-label="+" onClick={() => setCount((n) => Math.min(100, n + 1))}>
                +
              </button>
            </span>
          </label>
        )}
        <label className="pub-field">
          <span>{t('web.emergency.public.phone')}</span>
          <input className="pub-input" type="tel" inputMode="tel" autoComplete="tel" maxLength={20} value={phone} onChange={(e) => setPhone(e.target.value)} />
        </label>
        {error && (
          <p className="pub-error" role="alert">
            {error}
          </p>
        )}
        <button className={`pub-button ${kind === 'trapped' ? 'pub-button-danger' : ''}`} type="submit" disabled={sending}>
          {sending ? t('web.emergency.public.sending') : kind === 'trapped' ? t('web.emergency.public.submitTrapped') : t('web.emergency.public.submitFault')}
        </button>
        <button type="button" className="pub-link-button" onClick={() => setKind(undefined)} disabled={sending}>
          {t('web.emergency.public.back')}
        </button>
      </form>
    </section>
  );
}
