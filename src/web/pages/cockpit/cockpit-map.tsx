import { Alert, Button, Card, Empty, Segmented, Space, Spin, Typography } from 'antd';
import { MapChart } from 'echarts/charts';
import { TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import type { ECElementEvent } from 'echarts/core';
import { useMemo } from 'react';
import { getCockpitMap } from '../../api/cockpit.api.ts';
import type { MapMetric } from '../../api/cockpit.types.ts';
import { getGeo } from '../../api/iot.api.ts';
import type { GeoCollection } from '../../api/iot.types.ts';
import { EChart } from '../../components/echart.tsx';
import { useAsync } from '../../components/use-async.ts';
import { t } from '../../i18n.ts';
import { cockpitMapOption } from './cockpit-map-option.ts';

echarts.use([MapChart, VisualMapComponent, TooltipComponent]);

export const MAP_METRICS: MapMetric[] = ['elevators', 'inspectionOverdue', 'activeAlarms', 'openHazards', 'riskGrade4', 'incidentsThisMonth'];

const registered = new Set<string>();
function ensureMap(name: string, geo: GeoCollection): void {
  if (registered.has(name)) return;
  echarts.registerMap(name, geo as unknown as Parameters<typeof echarts.registerMap>[1]);
  registered.add(name);
}

interface Props {
  regionCode?: string;
  metric: MapMetric;
  onMetric: (m: MapMetric) => void;
  /** A city (on the province map) or a county (on a city's map) was clicked. */
  onRegion: (code: string) => void;
  refresh: number;
}

/** 监管驾驶舱 map: the province's cities, or a city's counties, coloured by one metric; a click narrows the cockpit. */
export function CockpitMap({ regionCode, metric, onMetric, onRegion, refresh }: Props) {
  const figures = useAsync(() => getCockpitMap(metric, regionCode), [metric, regionCode, refresh]);
  const city = figures.data?.cityCode ?? undefined;
  // The outline is kept with the city it belongs to: a stale one must never be registered under the new name.
  const geo = useAsync(() => getGeo(city).then((data) => ({ city, data })), [city]);
  const label = t(`web.cockpit.metric.${metric}`);
  const mapName = `cockpit-${city ?? 'province'}`;
  const outline = geo.data && geo.data.city === city ? geo.data.data : undefined;
  const option = useMemo(() => {
    if (!outline || outline.features.length === 0 || !figures.data) return undefined;
    ensureMap(mapName, outline);
    return cockpitMapOption(mapName, outline, figures.data, label);
  }, [outline, figures.data, mapName, label]);
  const onClick = (e: ECElementEvent) => {
    if (e.name && /^\d{6}/.test(e.name)) onRegion(e.name.slice(0, 6));
  };
  const error = figures.error ?? geo.error;
  return (
    <Card
      size="small"
      title={t('web.cockpit.mapTitle', { metric: label })}
      extra={<Typography.Text type="secondary">{t(city ? 'web.cockpit.mapCountyHint' : 'web.cockpit.mapCityHint')}</Typography.Text>}
      data-testid="cockpit-map"
    >
      <Segmented<MapMetric> block size="small" value={metric} onChange={onMetric} options={MAP_METRICS.map((m) => ({ value: m, label: t(`web.cockpit.metric.${m}`) }))} style={{ marginBottom: 8 }} />
      {error && <Alert type="error" showIcon title={error.message} style={{ marginBottom: 8 }} />}
      {option ? (
        <EChart option={option} height={460} onClick={onClick} />
      ) : !outline || figures.loading ? (
        <div style={{ height: 460, display: 'grid', placeItems: 'center' }}>
          <Spin />
        </div>
      ) : (
        <Empty style={{ height: 460, paddingTop: 160 }} description={t('web.cockpit.mapNoGeo')} />
      )}
      {figures.data && (
        <Space wrap size={[4, 4]} style={{ marginTop: 8 }} data-testid="map-regions">
          {[...figures.data.items]
            .filter((i) => i.value > 0)
            .sort((a, b) => b.value - a.value)
            .map((i) => (
              <Button key={i.regionCode} size="small" data-testid={`region-${i.regionCode}`} onClick={() => onRegion(i.regionCode)}>
                {i.name} {i.value}
              </Button>
            ))}
        </Space>
      )}
    </Card>
  );
}
