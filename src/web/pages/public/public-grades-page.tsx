import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { ApiError } from '../../api/http.ts';
import { getPublicGrades } from '../../api/maintenance.api.ts';
import type { PublicGrades } from '../../api/maintenance.types.ts';
import { t } from '../../i18n.ts';
import { lastMonth, todayShanghai } from '../maintenance/maintenance-logic.ts';
import { PublicShell } from './public-shell.tsx';

const GRADE_COLORS: Record<string, string> = { A: '#389e0d', B: '#0958d9', C: '#d48806', D: '#cf1322' };

/** `/public/maintenance-grades`: the published monthly grades of maintenance companies (no login, no antd). */
export default function PublicGradesPage() {
  const [params, setParams] = useSearchParams();
  const period = /^\d{4}-\d{2}$/.test(params.get('period') ?? '') ? params.get('period')! : lastMonth(todayShanghai());
  const [data, setData] = useState<PublicGrades>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    let live = true;
    setData(undefined);
    setError(undefined);
    getPublicGrades({ period }).then(
      (d) => live && setData(d),
      (e: ApiError) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [period]);
  return (
    <PublicShell>
      <section className="pub-card">
        <h1 className="pub-title">{t('web.maintenance.publicGrades.title')}</h1>
        <p className="pub-intro">{t('web.maintenance.publicGrades.intro', { period })}</p>
        <label style={{ display: 'block', margin: '8px 0' }}>
          {t('web.maintenance.publicGrades.period')}{' '}
          <input type="month" value={period} max={todayShanghai().slice(0, 7)} onChange={(e) => e.target.value && setParams({ period: e.target.value })} />
        </label>
        {error && <p className="pub-error" role="alert">{error}</p>}
        {!data && !error && <p>{t('web.maintenance.publicGrades.loading')}</p>}
        {data && data.items.length === 0 && <p>{t('web.maintenance.publicGrades.empty')}</p>}
        {data && data.items.length > 0 && (
          <table data-testid="public-grades" style={{ width: '100%', borderCollapse: 'collapse', fontSize: 14 }}>
            <thead>
              <tr style={{ textAlign: 'left', borderBottom: '1px solid #ddd' }}>
                <th>{t('web.maintenance.publicGrades.rank')}</th>
                <th>{t('web.maintenance.publicGrades.name')}</th>
                <th>{t('web.maintenance.publicGrades.grade')}</th>
                <th style={{ textAlign: 'right' }}>{t('web.maintenance.publicGrades.score')}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((i, n) => (
                <tr key={`${i.name}-${n}`} style={{ borderBottom: '1px solid #f0f0f0' }}>
                  <td>{n + 1}</td>
                  <td>{i.name}</td>
                  <td style={{ color: GRADE_COLORS[i.grade] ?? undefined, fontWeight: 700 }}>{i.grade}</td>
                  <td style={{ textAlign: 'right' }}>{i.score.toFixed(1)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </PublicShell>
  );
}
