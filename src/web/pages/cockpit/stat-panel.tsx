import { Alert, Card, Col, Row, Statistic, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { getPanel } from '../../api/cockpit.api.ts';
import type { PanelKey } from '../../api/cockpit.types.ts';
import { useSession } from '../../auth/auth-context.tsx';
import { useAsync } from '../../components/use-async.ts';
import { t } from '../../i18n.ts';
import { PANEL_STATS, type Stat } from './cockpit-links.ts';

const WARN = '#cf1322';

function StatItem({ stat, linked }: { stat: Stat; linked: boolean }) {
  const shown =
    stat.format === 'rate'
      ? { value: Math.round(stat.value * 1000) / 10, precision: 1, suffix: '%' }
      : stat.format === 'money'
        ? { value: stat.value, precision: 2, suffix: t('web.cockpit.yuan') }
        : { value: stat.value };
  const statistic = (
    <Statistic
      title={t(`web.cockpit.stat.${stat.key}`)}
      {...shown}
      styles={{ content: { fontSize: 22, color: stat.warn && stat.value > 0 ? WARN : undefined } }}
    />
  );
  return linked && stat.to ? (
    <Link to={stat.to} data-testid={`stat-${stat.key}`} title={t('web.cockpit.drillHint')}>
      {statistic}
    </Link>
  ) : (
    <div data-testid={`stat-${stat.key}`}>{statistic}</div>
  );
}

/**
 * One panel of figures from GET /api/cockpit/<panel>: every number links to its list (with the same region and
 * filters) when the user may open that list. `refresh` changes when live data moved (SSE), to read it again.
 */
export function StatPanel({ panel, regionCode, refresh = 0 }: { panel: PanelKey; regionCode?: string; refresh?: number }) {
  const { can } = useSession();
  const { data, error } = useAsync(() => getPanel(panel, regionCode), [panel, regionCode, refresh]);
  const stats = data ? (PANEL_STATS[panel] as (d: typeof data, r?: string) => Stat[])(data, regionCode) : [];
  return (
    <Card size="small" title={t(`web.cockpit.panel.${panel}`)} data-testid={`panel-${panel}`} loading={!data && !error} style={{ height: '100%' }}>
      {error && <Alert type="error" showIcon title={error.message} />}
      <Row gutter={[12, 12]}>
        {stats.map((s) => (
          <Col xs={12} sm={8} md={12} xxl={8} key={s.key}>
            <StatItem stat={s} linked={!s.linkPermission || can(s.linkPermission)} />
          </Col>
        ))}
      </Row>
      {panel === 'old-elevators' && data && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('web.cockpit.gradeNote')}</Typography.Text>}
    </Card>
  );
}
