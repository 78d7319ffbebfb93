import { Card, Col, Row, Statistic, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { getOldSummary } from '../../api/risk.api.ts';
import { OLD_TIERS } from '../../api/risk.types.ts';
import { useAsync } from '../../components/use-async.ts';
import { t } from '../../i18n.ts';
import { TIER_HEX } from './old-summary-options.ts';
import { share, tierKey } from './risk-logic.ts';
import { toParams } from './risk-filters.ts';

/** 老旧电梯 on the dashboard: each tier's count and share of the stock, linking to its list. */
export function OldElevatorStats({ regionCode }: { regionCode?: string }) {
  const summary = useAsync(() => getOldSummary(regionCode), [regionCode]);
  const s = summary.data?.totals;
  const unit = t('web.dashboard.unit');
  return (
    <Card size="small" title={t('web.risk.dashboard.title')} extra={<Link to={`/risk/old-elevators?${toParams({ regionCode })}`}>{t('web.risk.dashboard.more')}</Link>} style={{ marginBottom: 16 }} data-testid="dashboard-old-elevators">
      {summary.error && <Typography.Text type="danger">{summary.error.message}</Typography.Text>}
      <Row gutter={[16, 8]}>
        {OLD_TIERS.map((tier) => (
          <Col xs={24} md={8} key={tier}>
            <Link to={`/risk/old-elevators?${toParams({ tier, regionCode })}`}>
              <Statistic
                title={t(`web.risk.tier.${tier}`)}
                value={s?.[tierKey(tier)] ?? 0}
                loading={summary.loading && !s}
                suffix={
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {unit} {t('web.risk.old.share', { p: share(s?.[tierKey(tier)] ?? 0, s?.inUse ?? 0) })}
                  </Typography.Text>
                }
                styles={{ content: { color: TIER_HEX[tier] } }}
              />
            </Link>
          </Col>
        ))}
      </Row>
    </Card>
  );
}
