import type { ReactNode } from 'react';
import { t } from '../../i18n.ts';
import './public.css';

/** 96333: the provincial elevator emergency line, used until a record says otherwise. */
export const EMERGENCY_PHONE = '96333';

/** The prominent tap-to-call emergency button. */
export function TrappedCall({ phone = EMERGENCY_PHONE }: { phone?: string }) {
  return (
    <a className="pub-trapped" href={`tel:${phone}`}>
      <span className="pub-trapped-main">{t('web.public.trapped', { phone })}</span>
      <span className="pub-trapped-sub">{t('web.public.trappedSub')}</span>
    </a>
  );
}

/** Mobile-first frame of the public pages: no admin layout, no login. */
export function PublicShell({ children }: { children: ReactNode }) {
  return (
    <div className="pub">
      <header className="pub-header">{t('web.public.brand')}</header>
      <main className="pub-main">{children}</main>
      <footer className="pub-footer">{t('web.public.footer')}</footer>
    </div>
  );
}
