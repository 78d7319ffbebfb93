import { Alert, Card, Empty, Spin, Typography } from 'antd';
import { EffectScatterChart, ScatterChart } from 'echarts/charts';
import { GeoComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import type { ECElementEvent } from 'echarts/core';
import { useEffect, useMemo, useState } from 'react';
import type { BoardItem } from '../../api/emergency.types.ts';
import type { ApiError } from '../../api/http.ts';
import { getGeo } from '../../api/iot.api.ts';
import type { GeoCollection } from '../../api/iot.types.ts';
import { EChart } from '../../components/echart.tsx';
import { t } from '../../i18n.ts';
import { rowUrgency } from './clock.ts';
import { incidentMapOption, mapPoints, mapScope } from './incident-map-option.ts';

echarts.use([GeoComponent, ScatterChart, EffectScatterChart, TooltipComponent]);

const registered = new Set<string>();

/** The open incidents on the outline of the viewer's area (no tiles), coloured by urgency; a click opens one. */
export function IncidentMap({ items, nowMs, regionCode, onOpen }: { items: BoardItem[]; nowMs: number; regionCode?: string; onOpen: (id: number) => void }) {
  const { city } = mapScope(regionCode);
  const [geo, setGeo] = useState<{ data?: GeoCollection; error?: ApiError }>();

  useEffect(() => {
    let live = true;
    getGeo(city).then(
      (data) => live && setGeo({ data }),
      (error: ApiError) => live && setGeo({ error }),
    );
    return () => {
      live = false;
    };
  }, [city]);

  // The points change colour as the clocks run down; the chart is only redrawn when a colour (or a point) changes.
  const { points, missing } = mapPoints(items, (i) => rowUrgency(i, nowMs));
  const signature = points.map((p) => `${p.id}:${p.urgency}:${p.label}`).join('|');
  const mapName = `liftsafe-emergency-${city ?? 'province'}`;
  const option = useMemo(() => {
    const data = geo?.data;
    if (!data || !data.features.length) return undefined;
    if (!registered.has(mapName)) {
      echarts.registerMap(mapName, data as unknown as Parameters<typeof echarts.registerMap>[1]);
      registered.add(mapName);
    }
    return incidentMapOption(mapName, data, points);
    // `signature` stands for `points`.
  }, [geo, mapName, signature]);

  const onClick = (e: ECElementEvent) => {
    const id = Number(e.name);
    if (e.componentType === 'series' && Number.isInteger(id)) onOpen(id);
  };

  return (
    <Card size="small" title={t('web.emergency.board.mapTitle')} extra={<Typography.Text type="secondary">{t('web.emergency.board.mapHint')}</Typography.Text>} data-testid="incident-map">
      {geo?.error && <Alert type="error" showIcon title={geo.error.message} style={{ marginBottom: 8 }} />}
      {option ? (
        <EChart option={option} height={440} onClick={onClick} />
      ) : !geo ? (
        <div style={{ height: 440, display: 'grid', placeItems: 'center' }}>
          <Spin />
        </div>
      ) : (
        <Empty style={{ height: 440, paddingTop: 140 }} description={t('web.emergency.board.mapNoGeo')} />
      )}
      {missing > 0 && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('web.emergency.board.mapNoPoint', { n: missing })}
        </Typography.Text>
      )}
    </Card>
  );
}
