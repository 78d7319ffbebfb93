import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Spin, Typography } from 'antd';
import { MapChart } from 'echarts/charts';
import { TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import type { ECElementEvent } from 'echarts/core';
import { useEffect, useMemo, useState } from 'react';
import type { ApiError } from '../../api/http.ts';
import { getGeo, getIotMap } from '../../api/iot.api.ts';
import type { GeoCollection, MapRegion } from '../../api/iot.types.ts';
import { EChart } from '../../components/echart.tsx';
import { t } from '../../i18n.ts';
import { mapOption } from './map-option.ts';

echarts.use([MapChart, VisualMapComponent, TooltipComponent]);

const REFRESH_MS = 10_000;
const registered = new Set<string>();

/** Registers a GeoJSON outline once under `name` (served by the platform: no tiles, no internet). */
function ensureMap(name: string, geo: GeoCollection): void {
  if (registered.has(name)) return;
  echarts.registerMap(name, geo as unknown as Parameters<typeof echarts.registerMap>[1]);
  registered.add(name);
}

/** The map and outline APIs' `city` parameter: the city's six-digit code (`370100`). */
const cityParam = (code: string) => code.slice(0, 4).padEnd(6, '0');

/** Online-rate map of the province's cities; clicking a city shows its counties (and back). Refreshed every 10 s. */
export function RegionMap() {
  const [city, setCity] = useState<{ code: string; name: string }>();
  const key = city ? cityParam(city.code) : 'province';
  // Outline and figures are kept with the level they belong to: a stale one must never be drawn as the other.
  const [geo, setGeo] = useState<{ key: string; data?: GeoCollection; error?: ApiError }>();
  const [stats, setStats] = useState<{ key: string; items: MapRegion[] }>();
  const [statsError, setStatsError] = useState<ApiError>();

  useEffect(() => {
    let live = true;
    getGeo(city && cityParam(city.code)).then(
      (data) => live && setGeo({ key, data }),
      (error: ApiError) => live && setGeo({ key, error }),
    );
    return () => {
      live = false;
    };
  }, [city, key]);

  useEffect(() => {
    let live = true;
    const load = () =>
      getIotMap(city ? 'county' : 'city', city && cityParam(city.code)).then(
        (r) => {
          if (!live) return;
          setStats({ key, items: r.items });
          setStatsError(undefined);
        },
        (e: ApiError) => live && setStatsError(e),
      );
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [city, key]);

  const mapName = `liftsafe-${key}`;
  const current = geo?.key === key ? geo : undefined;
  const geoData = current?.data;
  const geoLoading = !current;
  const option = useMemo(() => {
    if (!geoData || geoData.features.length === 0) return undefined;
    ensureMap(mapName, geoData);
    return mapOption(mapName, geoData, stats?.key === key ? stats.items : []);
  }, [geoData, mapName, stats, key]);

  const onClick = (e: ECElementEvent) => {
    if (city || !geoData) return;
    const feature = geoData.features.find((f) => String(f.properties.code) === e.name);
    if (feature) setCity({ code: String(feature.properties.code), name: String(feature.properties.name) });
  };

  const error = current?.error ?? statsError;
  return (
    <Card
      size="small"
      title={city ? t('web.iot.mapCity', { name: city.name }) : t('web.iot.mapProvince')}
      extra={
        city ? (
          <Button size="small" icon={<ArrowLeftOutlined />} onClick={() => setCity(undefined)}>
            {t('web.iot.mapBack')}
          </Button>
        ) : (
          <Typography.Text type="secondary">{t('web.iot.mapHint')}</Typography.Text>
        )
      }
    >
      {error && <Alert type="error" showIcon title={error.message} style={{ marginBottom: 8 }} />}
      {option ? (
        <EChart option={option} height={480} onClick={city ? undefined : onClick} />
      ) : geoLoading ? (
        <div style={{ height: 480, display: 'grid', placeItems: 'center' }}>
          <Spin />
        </div>
      ) : (
        <Empty style={{ height: 480, paddingTop: 160 }} description={t('web.iot.mapNoGeo')} />
      )}
    </Card>
  );
}
