import type { ReleaseContent } from '../../api/publication.types.ts';
import { t } from '../../i18n.ts';

/** 0.6667 → 66.67%; null → —. */
export function percent(v: number | null): string {
  return v === null ? '—' : `${Math.round(v * 10_000) / 100}%`;
}

const cell = { padding: '4px 6px', borderBottom: '1px solid #f0f0f0' } as const;
const num = { ...cell, textAlign: 'right' } as const;
const table = { width: '100%', borderCollapse: 'collapse', fontSize: 14, marginBottom: 16 } as const;

/**
 * The figures of a release as plain tables: the same markup on the public page (no antd there) and in the
 * regulator's review, so the reviewer sees exactly what the public will.
 */
export function ReleaseFigures({ content }: { content: ReleaseContent }) {
  const e = content.emergency;
  const i = content.inspection;
  const m = content.maintenance;
  return (
    <div data-testid="release-figures">
      <p style={{ color: '#666', fontSize: 13 }}>{t('web.publication.figures.computedAt', { at: content.computedAt.slice(0, 16).replace('T', ' '), from: content.from, to: content.to })}</p>
      <h3>{t('web.publication.figures.emergency')}</h3>
      <table style={table} data-testid="release-emergency">
        <thead>
          <tr>
            <th style={cell}>{t('web.publication.figures.region')}</th>
            <th style={num}>{t('web.publication.figures.incidents')}</th>
            <th style={num}>{t('web.publication.figures.trapped')}</th>
            <th style={num}>{t('web.publication.figures.rescued')}</th>
            <th style={num}>{t('web.publication.figures.response3')}</th>
            <th style={num}>{t('web.publication.figures.arrival30')}</th>
            <th style={num}>{t('web.publication.figures.avgArrival')}</th>
          </tr>
        </thead>
        <tbody>
          {[{ ...e.summary, regionCode: 'total', name: t('web.publication.figures.total') }, ...e.byRegion].map((r) => (
            <tr key={r.regionCode}>
              <td style={cell}>{r.name}</td>
              <td style={num}>{r.incidents}</td>
              <td style={num}>{r.trappedIncidents}</td>
              <td style={num}>{r.peopleRescued}</td>
              <td style={num}>{percent(r.responseRate3min)}</td>
              <td style={num}>{percent(r.arrivalRate30min)}</td>
              <td style={num}>{r.avgArrivalMinutes ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{t('web.publication.figures.inspection')}</h3>
      <table style={table} data-testid="release-inspection">
        <thead>
          <tr>
            <th style={cell}>{t('web.publication.figures.region')}</th>
            <th style={num}>{t('web.publication.figures.inUse')}</th>
            <th style={num}>{t('web.publication.figures.covered')}</th>
            <th style={num}>{t('web.publication.figures.coverage')}</th>
          </tr>
        </thead>
        <tbody>
          {[{ ...i, regionCode: 'total', name: t('web.publication.figures.total') }, ...i.byRegion].map((r) => (
            <tr key={r.regionCode}>
              <td style={cell}>{r.name}</td>
              <td style={num}>{r.inUse}</td>
              <td style={num}>{r.covered}</td>
              <td style={num}>{percent(r.coverage)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{t('web.publication.figures.maintenance', { period: m.gradePeriod })}</h3>
      <p>{t('web.publication.figures.gradeCount', m.grades)}</p>
      {m.companies.length === 0 ? (
        <p>{t('web.publication.figures.none')}</p>
      ) : (
        <table style={table} data-testid="release-maintenance">
          <thead>
            <tr>
              <th style={cell}>{t('web.publication.figures.company')}</th>
              <th style={cell}>{t('web.publication.figures.grade')}</th>
              <th style={num}>{t('web.publication.figures.score')}</th>
            </tr>
          </thead>
          <tbody>
            {m.companies.map((c, n) => (
              <tr key={`${c.name}-${n}`}>
                <td style={cell}>{c.name}</td>
                <td style={cell}>{c.grade}</td>
                <td style={num}>{c.score.toFixed(1)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
