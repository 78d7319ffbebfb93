import { Breadcrumb, Card, Col, Row, Typography } from 'antd';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { MapMetric } from '../../api/cockpit.types.ts';
import { useSession } from '../../auth/auth-context.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { oneOfFromUrl } from '../../components/url-filters.ts';
import { useRegions } from '../../components/use-reference.ts';
import { t } from '../../i18n.ts';
import { CockpitMap, MAP_METRICS } from './cockpit-map.tsx';
import { useLiveRefresh } from './live-refresh.ts';
import { COCKPIT_PANELS } from './panels.tsx';

/**
 * `/cockpit` 监管驾驶舱: the map by city or county and the panels of every module for the user's region, or the city
 * or county clicked (kept in the URL, so a link or a reload shows the same view). Every number opens its list with
 * the same filters; alarms and incidents refresh when the live streams report a change.
 */
export default function CockpitPage() {
  const { me, can } = useSession();
  const regions = useRegions();
  const [params, setParams] = useSearchParams();
  const raw = params.get('regionCode') ?? '';
  const regionCode = /^\d{6}$/.test(raw) && raw !== me.regionCode ? raw : undefined;
  const metric = oneOfFromUrl(params, 'metric', MAP_METRICS) ?? 'elevators';
  const refresh = useLiveRefresh({ iot: can('iot.read'), emergency: can('emergency.read') });
  const go = (patch: { regionCode?: string; metric?: MapMetric }) => {
    const next = { regionCode, metric: metric === 'elevators' ? undefined : metric, ...patch };
    const out = new URLSearchParams();
    if (next.regionCode) out.set('regionCode', next.regionCode);
    if (next.metric && next.metric !== 'elevators') out.set('metric', next.metric);
    setParams(out);
  };

  // The way back up: the user's own region, then each level down to the one shown.
  const trail = useMemo(() => {
    const byCode = new Map((regions ?? []).map((r) => [r.code, r]));
    const out: { code?: string; name: string }[] = [];
    for (let r = regionCode ? byCode.get(regionCode) : undefined; r && r.code !== me.regionCode; r = r.parentCode ? byCode.get(r.parentCode) : undefined) out.unshift({ code: r.code, name: r.name });
    out.unshift({ name: byCode.get(me.regionCode)?.name ?? t('web.cockpit.allRegions') });
    return out;
  }, [regions, regionCode, me.regionCode]);

  const panels = COCKPIT_PANELS.filter((p) => can(p.permission));
  return (
    <>
      <Card size="small" style={{ marginBottom: 12 }}>
        <PageHeader title={t('web.cockpit.title')} />
        <Breadcrumb
          data-testid="cockpit-trail"
          items={trail.map((c, i) => ({
            title:
              i < trail.length - 1 ? (
                <Typography.Link onClick={() => go({ regionCode: c.code })}>{c.name}</Typography.Link>
              ) : (
                <Typography.Text strong>{c.name}</Typography.Text>
              ),
          }))}
        />
      </Card>
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={12}>
          <CockpitMap regionCode={regionCode} metric={metric} onMetric={(m) => go({ metric: m })} onRegion={(code) => go({ regionCode: code })} refresh={refresh} />
        </Col>
        {panels.map((p) => (
          <Col xs={24} md={12} xl={6} key={p.key}>
            {p.render({ regionCode, refresh })}
          </Col>
        ))}
      </Row>
    </>
  );
}
