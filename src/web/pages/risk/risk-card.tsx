import { Card, Space, Spin, Statistic, Tooltip, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { getElevatorRisk } from '../../api/risk.api.ts';
import type { RiskScore } from '../../api/risk.types.ts';
import { formatDateTime } from '../../components/format.ts';
import { useAsync } from '../../components/use-async.ts';
import { t } from '../../i18n.ts';
import { GradeTag, useInputLabels } from './risk-bits.tsx';
import { FACTOR_HEX, factorInputText, factorLabel, GRADE_HEX, waterfall } from './risk-logic.ts';

/** 风险评分 on the elevator page: the score in its grade's colour and what each factor added to it. */
export function RiskCard({ code }: { code: string }) {
  const risk = useAsync(() => getElevatorRisk(code), [code]);
  const r = risk.data;
  return (
    <Card
      size="small"
      title={t('web.risk.card.title')}
      extra={<Link to="/risk/ranking">{t('web.risk.card.ranking')}</Link>}
      style={{ marginBottom: 16 }}
      data-testid="elevator-risk"
    >
      {risk.loading && !r && <Spin size="small" />}
      {risk.error && <Typography.Text type="secondary">{risk.error.message}</Typography.Text>}
      {r && <RiskBreakdown risk={r} />}
    </Card>
  );
}

/**
 * The score and a waterfall of the factors: each bar starts where the previous one ended, so the last ends at the
 * score; under each factor its raw input (26.4 年, 近 12 个月 6 次故障, 检验结论 不合格).
 */
export function RiskBreakdown({ risk }: { risk: RiskScore }) {
  const labels = useInputLabels();
  const { bars, end } = waterfall(risk.factors);
  const scale = Math.max(end, 1);
  return (
    <div>
      <Space align="center" size={12} wrap>
        <Statistic title={t('web.risk.card.score')} value={risk.score} precision={1} styles={{ content: { color: GRADE_HEX[risk.grade], fontWeight: 600 } }} data-testid="risk-score" />
        <div>
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
            {t('web.risk.card.grade')}
          </Typography.Text>
          <GradeTag grade={risk.grade} />
        </div>
      </Space>
      <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12, margin: '8px 0 4px' }}>
        {t('web.risk.card.breakdown')}
      </Typography.Text>
      <div data-testid="risk-factors">
        {bars.map((b) => (
          <div key={b.name} data-factor={b.name} style={{ marginBottom: 6 }}>
            <div style={{ display: 'flex', justifyContent: 'space-between', fontSize: 12, gap: 8 }}>
              <span>
                <Typography.Text strong style={{ fontSize: 12 }}>
                  {factorLabel(b.name)}
                </Typography.Text>{' '}
                <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid={`risk-input-${b.name}`}>
                  {factorInputText(b.name, b.value, labels)}
                </Typography.Text>
              </span>
              <span style={{ whiteSpace: 'nowrap' }}>{t('web.risk.card.points', { n: b.contribution })}</span>
            </div>
            <Tooltip title={`${factorLabel(b.name)} ${t('web.risk.card.points', { n: b.contribution })}`}>
              <div style={{ position: 'relative', height: 8, background: '#f0f0f0', borderRadius: 2 }}>
                <div
                  style={{
                    position: 'absolute',
                    left: `${(b.start / scale) * 100}%`,
                    width: `${(b.contribution / scale) * 100}%`,
                    minWidth: b.contribution > 0 ? 2 : 0,
                    top: 0,
                    bottom: 0,
                    background: FACTOR_HEX[b.name],
                    borderRadius: 2,
                  }}
                />
              </div>
            </Tooltip>
          </div>
        ))}
      </div>
      <div style={{ display: 'flex', justifyContent: 'space-between', fontSize: 12, borderTop: '1px solid #f0f0f0', paddingTop: 4 }}>
        <Typography.Text strong style={{ fontSize: 12 }} data-testid="risk-total">
          {t('web.risk.card.total', { n: end })}
        </Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('web.risk.card.model', { version: risk.modelVersion, at: formatDateTime(risk.computedAt) })}
        </Typography.Text>
      </div>
    </div>
  );
}
