import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { submitPublicReport } from '../../api/complaints.api.ts';
import type { ComplaintCategory } from '../../api/complaints.types.ts';
import { COMPLAINT_CATEGORIES } from '../../api/complaints.types.ts';
import type { ApiError } from '../../api/http.ts';
import { t } from '../../i18n.ts';
import { isContact } from '../complaints/complaints-logic.ts';
import './public-complaints.css';

/**
 * 投诉举报 on an elevator's public page: a category, what was seen, an optional contact (without one the report is
 * anonymous), then the tracking code to keep and a link to the tracking page. No antd: the QR page stays light.
 */
export function PublicComplaintForm({ code }: { code: string }) {
  const [open, setOpen] = useState(false);
  const [category, setCategory] = useState<ComplaintCategory>('unsafe');
  const [description, setDescription] = useState('');
  const [contact, setContact] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string>();
  const [trackingCode, setTrackingCode] = useState<string>();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (description.trim().length < 5) return setError(t('web.complaints.public.tooShort'));
    if (!isContact(contact)) return setError(t('web.complaints.public.invalidContact'));
    setSending(true);
    setError(undefined);
    try {
      const r = await submitPublicReport({ code, category, description: description.trim(), ...(contact.trim() ? { contact: contact.trim() } : {}) });
      setTrackingCode(r.trackingCode);
    } catch (err) {
      const api = err as ApiError;
      setError(api.fields?.[0]?.message ?? api.message);
    } finally {
      setSending(false);
    }
  };

  if (trackingCode) {
    return (
      <section className="pub-card pub-ack" role="status" data-testid="complaint-ack">
        <p className="pub-ack-title">{t('web.complaints.public.received')}</p>
        <dl className="pub-list">
          <div className="pub-row">
            <dt>{t('web.complaints.public.trackingCode')}</dt>
            <dd className="pub-ack-number" data-testid="tracking-code">
              {trackingCode}
            </dd>
          </div>
        </dl>
        <p className="pub-ack-advice">{t('web.complaints.public.keepCode')}</p>
        <Link className="pub-button pub-link" to={`/public/reports/${trackingCode}`}>
          {t('web.complaints.public.track')}
        </Link>
      </section>
    );
  }

  if (!open) {
    return (
      <button type="button" className="pub-complaint-open" onClick={() => setOpen(true)}>
        {t('web.complaints.public.button')}
      </button>
    );
  }

  return (
    <section className="pub-card" data-testid="complaint-form">
      <h2 className="pub-title">{t('web.complaints.public.title')}</h2>
      <p className="pub-hint">{t('web.complaints.public.intro')}</p>
      <form className="pub-form" onSubmit={(e) => void submit(e)}>
        <fieldset className="pub-field pub-choices">
          <legend>{t('web.complaints.public.category')}</legend>
          {COMPLAINT_CATEGORIES.map((c) => (
            <label key={c} className={`pub-choice ${category === c ? 'pub-choice-on' : ''}`}>
              <input type="radio" name="category" value={c} checked={category === c} onChange={() => setCategory(c)} />
              {t(`web.complaints.category.${c}`)}
            </label>
          ))}
        </fieldset>
        <label className="pub-field">
          <span>{t('web.complaints.public.description')}</span>
          <textarea className="pub-input pub-textarea" rows={4} maxLength={1000} placeholder={t('web.complaints.public.descriptionHint')} value={description} onChange={(e) => setDescription(e.target.value)} />
        </label>
        <label className="pub-field">
          <span>{t('web.complaints.public.contact')}</span>
          <input className="pub-input" type="text" inputMode="tel" autoComplete="tel" maxLength={50} value={contact} onChange={(e) => setContact(e.target.value)} />
        </label>
        <p className="pub-hint">{t('web.complaints.public.anonymousNote')}</p>
        {error && (
          <p className="pub-error" role="alert">
            {error}
          </p>
        )}
        <button className="pub-button" type="submit" disabled={sending}>
          {sending ? t('web.complaints.public.sending') : t('web.complaints.public.submit')}
        </button>
        <button type="button" className="pub-link-button" onClick={() => setOpen(false)} disabled={sending}>
          {t('web.complaints.public.back')}
        </button>
      </form>
    </section>
  );
}
