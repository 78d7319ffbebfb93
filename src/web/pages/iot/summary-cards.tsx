import { Alert, Card, Col, Row, Space, Statistic, Tag, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiError } from '../../api/http.ts';
import { getIotSummary } from '../../api/iot.api.ts';
import type { IotSummary, Severity } from '../../api/iot.types.ts';
import { enumLabel, t } from '../../i18n.ts';
import { useIotEvents, useStreamReopened } from './iot-stream.tsx';
import { SEVERITY_COLORS } from './iot-tags.tsx';

const SEVERITIES: Severity[] = ['critical', 'major', 'minor', 'warning'];
/** The per-severity counts come only from GET /api/iot/summary: reread this often, and soon after alarm events. */
const REFRESH_MS = 10_000;
const AFTER_ALARM_MS = 1_000;

/** "87.5%"; "—" with nothing monitored. */
export function rateText(online: number, monitored: number): string {
  return monitored > 0 ? `${((online / monitored) * 100).toFixed(1)}%` : t('web.common.none');
}

/** Monitored terminals, online rate, active alarms by severity and faults today; live from `summary` events. */
export function SummaryCards() {
  const [summary, setSummary] = useState<IotSummary>();
  const [error, setError] = useState<ApiError>();
  const soon = useRef<ReturnType<typeof setTimeout>>(undefined);

  const load = useCallback(() => {
    getIotSummary().then(
      (s) => {
        setSummary(s);
        setError(undefined);
      },
      (e: ApiError) => setError(e),
    );
  }, []);

  useEffect(() => {
    load();
    const timer = setInterval(load, REFRESH_MS);
    return () => {
      clearInterval(timer);
      clearTimeout(soon.current);
    };
  }, [load]);
  useStreamReopened(load);

  useIotEvents((event) => {
    if (event.type === 'summary') {
      const { monitored, online, activeAlarms, faultsToday, bySeverity } = event.data;
      setSummary((s) => (s ? { ...s, monitored, online, activeAlarms, faultsToday, bySeverity: bySeverity ?? s.bySeverity } : s));
    } else if (event.type === 'alarm') {
      clearTimeout(soon.current);
      soon.current = setTimeout(load, AFTER_ALARM_MS);
    }
  });

  const loading = !summary && !error;
  const s = summary;
  return (
    <>
      {error && <Alert type="error" showIcon title={error.message} style={{ marginBottom: 12 }} />}
      <Row gutter={[16, 16]} data-testid="iot-summary">
        <Col xs={12} lg={6}>
          <Card size="small">
            <Statistic title={t('web.iot.monitored')} value={s?.monitored ?? 0} loading={loading} suffix={t('web.iot.unitTerminals')} />
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Card size="small">
            <Statistic title={t('web.iot.onlineRate')} value={s ? rateText(s.online, s.monitored) : ''} loading={loading} />
            <Typography.Text type="secondary">
              {t('web.iot.online')} {s?.online ?? 0} {t('web.iot.unitTerminals')}
            </Typography.Text>
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Card size="small">
            <Statistic
              title={t('web.iot.activeAlarms')}
              value={s?.activeAlarms ?? 0}
              loading={loading}
              suffix={t('web.iot.unitAlarms')}
              styles={{ content: { color: s?.activeAlarms ? SEVERITY_COLORS.critical : undefined } }}
            />
            <Space size={0} wrap>
              {SEVERITIES.map((sev) => (
                <Tag key={sev} color={s?.bySeverity?.[sev] ? SEVERITY_COLORS[sev] : undefined} data-severity={sev}>
                  {enumLabel('severity', sev)} {s?.bySeverity?.[sev] ?? 0}
                </Tag>
              ))}
            </Space>
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Card size="small">
            <Statistic title={t('web.iot.faultsToday')} value={s?.faultsToday ?? 0} loading={loading} suffix={t('web.iot.unitFaults')} />
          </Card>
        </Col>
      </Row>
    </>
  );
}
