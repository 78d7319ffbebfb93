import { Card, Col, Row } from 'antd';
import { PageHeader } from '../../components/page-header.tsx';
import { t } from '../../i18n.ts';
import { IotStreamProvider } from './iot-stream.tsx';
import { LiveAlarmFeed } from './live-alarm-feed.tsx';
import { RegionMap } from './region-map.tsx';
import { StreamBadge } from './stream-badge.tsx';
import { SummaryCards } from './summary-cards.tsx';

/** `/iot` 实时监测: summary cards, the province map by online rate and the live alarm feed, all pushed live. */
export default function MonitorPage() {
  return (
    <IotStreamProvider>
      <Card style={{ marginBottom: 16 }}>
        <PageHeader title={t('web.iot.title')} extra={<StreamBadge />} />
        <SummaryCards />
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <RegionMap />
        </Col>
        <Col xs={24} xl={10}>
          <LiveAlarmFeed />
        </Col>
      </Row>
    </IotStreamProvider>
  );
}
