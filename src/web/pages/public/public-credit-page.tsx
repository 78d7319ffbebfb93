import { useEffect, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import type { ApiError } from '../../api/http.ts';
import { getPublicCredit, type PublicCreditFile } from '../../api/publication.api.ts';
import { t, type MessageKey } from '../../i18n.ts';
import { PublicShell } from './public-shell.tsx';

const CREDIT_CODE = /^[0-9A-HJ-NPQRTUWXY]{18}$/;
const GRADE_COLORS: Record<string, string> = { A: '#389e0d', B: '#0958d9', C: '#d48806', D: '#cf1322' };

/** `/public/credit?code=`: an organisation's credit grade and its published credit events (no login). */
export default function PublicCreditPage() {
  const [params, setParams] = useSearchParams();
  const code = (params.get('code') ?? '').toUpperCase();
  const [text, setText] = useState(code);
  const [file, setFile] = useState<PublicCreditFile>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    let live = true;
    setFile(undefined);
    setError(undefined);
    if (!code) return;
    if (!CREDIT_CODE.test(code)) {
      setError(t('web.publication.public.credit.invalid'));
      return;
    }
    getPublicCredit(code).then(
      (f) => live && setFile(f),
      (e: ApiError) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [code]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setParams({ code: text.trim().toUpperCase() });
  };
  return (
    <PublicShell>
      <section className="pub-card">
        <h1 className="pub-title">{t('web.publication.public.credit.title')}</h1>
        <p className="pub-intro">{t('web.publication.public.credit.intro')}</p>
        <form onSubmit={submit} style={{ display: 'flex', gap: 8 }}>
          <input className="pub-input" value={text} onChange={(e) => setText(e.target.value)} placeholder={t('web.publication.public.credit.placeholder')} maxLength={18} aria-label={t('web.publication.public.credit.placeholder')} style={{ flex: 1 }} />
          <button className="pub-button" type="submit">
            {t('web.publication.public.credit.submit')}
          </button>
        </form>
        {error && (
          <p className="pub-error" role="alert">
            {error}
          </p>
        )}
        {file && (
          <article data-testid="public-credit">
            <h2 style={{ fontSize: 18 }}>{file.name}</h2>
            <p>
              {t('web.publication.public.credit.grade')}{' '}
              <strong style={{ color: GRADE_COLORS[file.grade], fontSize: 22 }}>{file.grade}</strong> · {t('web.publication.public.credit.score')} {file.score}
            </p>
            <h3>{t('web.publication.public.credit.events')}</h3>
            {file.events.length === 0 ? (
              <p>{t('web.publication.public.credit.none')}</p>
            ) : (
              <ul style={{ listStyle: 'none', padding: 0 }}>
                {file.events.map((ev, i) => (
                  <li key={i} style={{ padding: '6px 0', borderBottom: '1px solid #f0f0f0' }}>
                    <strong>{t(`web.credit.kind.${ev.kind}` as MessageKey)}</strong> {ev.occurredOn} · {t('web.publication.public.credit.points', { points: ev.points })}
                    <div>{ev.summary}</div>
                  </li>
                ))}
              </ul>
            )}
          </article>
        )}
        <p>
          <Link to="/public/releases">{t('web.publication.public.title')}</Link>
        </p>
      </section>
    </PublicShell>
  );
}
