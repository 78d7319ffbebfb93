import { Alert, Card, Col, Row, Typography } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { useSession } from '../../auth/auth-context.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { RegionSelect } from '../../components/region-select.tsx';
import { regionFromUrl } from '../../components/url-filters.ts';
import { t } from '../../i18n.ts';
import { PANELS } from '../cockpit/panels.tsx';
import { NotFoundPage } from '../not-found-page.tsx';
import { DEPARTMENT_VIEWS, isDepartment, type Extra } from './department-views.ts';
import { CoverageByRegionCard, FundingSourcesCard, SubsidiesCard } from './funding-cards.tsx';

const EXTRAS: Record<Extra, (p: { regionCode?: string }) => React.ReactNode> = {
  fundingSources: (p) => <FundingSourcesCard {...p} />,
  subsidies: (p) => <SubsidiesCard {...p} />,
  coverageByRegion: (p) => <CoverageByRegionCard {...p} />,
};

/**
 * `/department` 本部门概览: the read-only dashboard of an education, housing, transport, finance or financial
 * regulator user — the cockpit's panels read with the department's scope, plus its own funding or coverage cards.
 */
export default function DepartmentPage() {
  const { me, can } = useSession();
  const [params, setParams] = useSearchParams();
  if (!isDepartment(me.orgType)) return <NotFoundPage />;
  const view = DEPARTMENT_VIEWS[me.orgType];
  const regionCode = regionFromUrl(params);
  const region = regionCode && /^\d{6}$/.test(regionCode) ? regionCode : undefined;
  return (
    <>
      <Card size="small" style={{ marginBottom: 12 }}>
        <PageHeader
          title={t(`web.departments.title.${me.orgType}`)}
          extra={<RegionSelect value={region} onChange={(code) => setParams(code ? { regionCode: code } : {})} style={{ width: 240 }} />}
        />
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }} data-testid="department-scope">
          {t(`web.departments.scope.${me.orgType}`, { org: me.orgName })}
        </Typography.Paragraph>
      </Card>
      <Alert type="info" showIcon title={t('web.departments.readOnly')} style={{ marginBottom: 12 }} />
      <Row gutter={[12, 12]}>
        {view.panels
          .map((k) => PANELS[k])
          .filter((p) => can(p.permission))
          .map((p) => (
            <Col xs={24} md={12} xl={8} key={p.key}>
              {p.render({ regionCode: region, refresh: 0 })}
            </Col>
          ))}
        {view.extras.map((x) => (
          <Col xs={24} xl={x === 'fundingSources' ? 12 : 24} key={x}>
            {EXTRAS[x]({ regionCode: region })}
          </Col>
        ))}
      </Row>
    </>
  );
}
