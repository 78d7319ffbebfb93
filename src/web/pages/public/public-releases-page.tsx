import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import type { ApiError } from '../../api/http.ts';
import { getPublicRelease, listPublicReleases } from '../../api/publication.api.ts';
import type { PublicRelease, ReleaseMeta } from '../../api/publication.types.ts';
import type { Page } from '../../api/common.types.ts';
import { t } from '../../i18n.ts';
import { ReleaseFigures } from '../publication/release-figures.tsx';
import { PublicShell } from './public-shell.tsx';

/** `/public/releases`: the statistics regulators have published (no login); `?id=` shows one release. */
export default function PublicReleasesPage() {
  const [params] = useSearchParams();
  const id = Number(params.get('id')) || undefined;
  const [list, setList] = useState<Page<ReleaseMeta>>();
  const [one, setOne] = useState<PublicRelease>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    let live = true;
    setError(undefined);
    setOne(undefined);
    const fail = (e: ApiError) => live && setError(e.message);
    if (id) getPublicRelease(id).then((r) => live && setOne(r), fail);
    else listPublicReleases({ pageSize: 100 }).then((r) => live && setList(r), fail);
    return () => {
      live = false;
    };
  }, [id]);
  const versionOf = (releaseId: number | null) => list?.items.find((i) => i.id === releaseId)?.version ?? '';
  return (
    <PublicShell>
      <section className="pub-card">
        <h1 className="pub-title">{t('web.publication.public.title')}</h1>
        {error && <p className="pub-error" role="alert">{error}</p>}
        {!id && (
          <>
            <p className="pub-intro">{t('web.publication.public.intro')}</p>
            {!list && !error && <p>{t('web.publication.public.loading')}</p>}
            {list && list.items.length === 0 && <p>{t('web.publication.public.empty')}</p>}
            {list && list.items.length > 0 && (
              <ul data-testid="public-releases" style={{ listStyle: 'none', padding: 0 }}>
                {list.items.map((r) => (
                  <li key={r.id} style={{ padding: '8px 0', borderBottom: '1px solid #f0f0f0' }}>
                    <Link to={`/public/releases?id=${r.id}`}>
                      {r.regionName} {r.period} · {t('web.publication.version')} {r.version}
                    </Link>
                    <span style={{ color: '#888', marginLeft: 8, fontSize: 13 }}>
                      {r.status === 'superseded' ? t('web.publication.supersededBy', { version: versionOf(r.supersededBy) }) : (r.publishedAt ?? '').slice(0, 10)}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
        {id && !one && !error && <p>{t('web.publication.public.loading')}</p>}
        {one && (
          <article data-testid="public-release">
            <h2 style={{ fontSize: 18 }}>
              {one.regionName} {one.period} · {t('web.publication.version')} {one.version}
            </h2>
            {one.status === 'superseded' && one.supersededBy && (
              <p className="pub-error" role="status">
                <Link to={`/public/releases?id=${one.supersededBy}`}>{t('web.publication.public.superseded')}</Link>
              </p>
            )}
            {one.correctionNote && <p>{t('web.publication.public.correction', { note: one.correctionNote })}</p>}
            <p style={{ color: '#888', fontSize: 12 }}>
              {t('web.publication.publishedAt')} {(one.publishedAt ?? '').slice(0, 10)} · {t('web.publication.hash')} <code style={{ wordBreak: 'break-all' }}>{one.contentSha256}</code>
            </p>
            <ReleaseFigures content={one.content} />
          </article>
        )}
        {id && (
          <p>
            <Link to="/public/releases">{t('web.publication.public.back')}</Link>
          </p>
        )}
        <p>
          <Link to="/public/credit">{t('web.publication.public.credit.link')}</Link>
        </p>
      </section>
    </PublicShell>
  );
}
