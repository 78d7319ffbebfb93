import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { isLookupCode } from '../../api/public.api.ts';
import { t } from '../../i18n.ts';
import { PublicShell, TrappedCall } from './public-shell.tsx';

/** `/e`: type the 注册代码 or 救援识别码 from the sticker in the car. */
export default function PublicLookupPage() {
  const navigate = useNavigate();
  const [code, setCode] = useState('');
  const [invalid, setInvalid] = useState(false);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const value = code.replace(/\s+/g, '');
    if (!isLookupCode(value)) {
      setInvalid(true);
      return;
    }
    navigate(`/e/${value}`);
  };

  return (
    <PublicShell>
      <TrappedCall />
      <section className="pub-card">
        <h1 className="pub-title">{t('web.public.title')}</h1>
        <p className="pub-intro">{t('web.public.intro')}</p>
        <form onSubmit={submit} className="pub-form">
          <input
            className="pub-input"
            inputMode="numeric"
            autoComplete="off"
            maxLength={24}
            aria-label={t('web.public.placeholder')}
            placeholder={t('web.public.placeholder')}
            value={code}
            onChange={(e) => {
              setCode(e.target.value);
              setInvalid(false);
            }}
          />
          {invalid && <p className="pub-error" role="alert">{t('web.public.invalid')}</p>}
          <button className="pub-button" type="submit">
            {t('web.public.submit')}
          </button>
        </form>
      </section>
    </PublicShell>
  );
}
