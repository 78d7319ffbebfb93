import { Alert, Button, Card, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { listFlags, reviewFlag } from '../../api/inspection.api.ts';
import type { FlagItem, FlagStatus } from '../../api/inspection.types.ts';
import { useSession } from '../../auth/auth-context.tsx';
import { formatDateTime } from '../../components/format.ts';
import { FlagReviewModal } from '../../components/flag-review-modal.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { RegionSelect } from '../../components/region-select.tsx';
import { useAsync } from '../../components/use-async.ts';
import { enumLabel, enumOptions, t } from '../../i18n.ts';
import { Evidence, FlagStatusTag } from './inspection-bits.tsx';
import { ReportDrawer } from './report-drawer.tsx';

/** `/inspection/flags` 质量核查: quality flags on reports with their evidence; regulators record upheld / dismissed with an outcome. */
export default function FlagsPage() {
  const { can } = useSession();
  const [status, setStatus] = useState<FlagStatus | undefined>('open');
  const [code, setCode] = useState<string>();
  const [regionCode, setRegion] = useState<string>();
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [reviewing, setReviewing] = useState<FlagItem>();
  const [reportId, setReportId] = useState<number>();
  const list = useAsync(() => listFlags({ status, code, regionCode, ...page }), [status, code, regionCode, page.page, page.pageSize]);
  const filter = (fn: () => void) => {
    fn();
    setPage((p) => ({ ...p, page: 1 }));
  };

  const columns: TableColumnsType<FlagItem> = [
    { key: 'createdAt', title: t('web.inspection.flags.createdAt'), width: 140, render: (_: unknown, f) => formatDateTime(f.createdAt) },
    {
      key: 'report',
      title: t('web.inspection.field.reportNo'),
      width: 230,
      render: (_: unknown, f) => (
        <div>
          <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setReportId(f.reportId)}>
            {f.reportNo}
          </Button>
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
            {f.agency}
          </Typography.Text>
          <Link to={`/elevators/${f.registrationCode}`} style={{ fontSize: 12 }}>
            {f.registrationCode}
          </Link>
        </div>
      ),
    },
    {
      key: 'flag',
      title: t('web.inspection.flags.flag'),
      render: (_: unknown, f) => (
        <div>
          <Space size={4} wrap>
            <Tag color="orange">{enumLabel('flagCode', f.code)}</Tag>
            <span>{f.message}</span>
          </Space>
          <Evidence evidence={f.evidence} />
          {f.outcome && <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>{t('web.inspection.flags.outcome')}：{f.outcome}</Typography.Text>}
        </div>
      ),
    },
    { key: 'status', title: t('web.inspection.flags.status'), width: 90, render: (_: unknown, f) => <FlagStatusTag status={f.status} /> },
    {
      key: 'actions',
      title: t('web.common.actions'),
      width: 100,
      render: (_: unknown, f) =>
        can('inspection.review') && f.status === 'open' ? (
          <Button size="small" type="primary" onClick={() => setReviewing(f)}>
            {t('web.inspection.flags.review')}
          </Button>
        ) : null,
    },
  ];

  return (
    <Card>
      <PageHeader title={t('web.inspection.flags.title')} />
      <Typography.Paragraph type="secondary">{t('web.inspection.flags.intro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select allowClear style={{ width: 120 }} placeholder={t('web.inspection.flags.status')} value={status} options={enumOptions('flagStatus')} onChange={(v?: FlagStatus) => filter(() => setStatus(v))} />
        <Select allowClear style={{ width: 180 }} placeholder={t('web.inspection.flags.flag')} value={code} options={enumOptions('flagCode')} onChange={(v?: string) => filter(() => setCode(v))} />
        <RegionSelect value={regionCode} onChange={(v) => filter(() => setRegion(v))} />
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 12 }} />}
      <Table<FlagItem>
        data-testid="flag-table"
        rowKey="id"
        size="small"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 1000 }}
        pagination={{ current: page.page, pageSize: page.pageSize, total: list.data?.total ?? 0, showSizeChanger: true, showTotal: (total) => t('web.common.total', { total }) }}
        onChange={(p) => setPage({ page: p.pageSize !== page.pageSize ? 1 : (p.current ?? 1), pageSize: p.pageSize ?? page.pageSize })}
      />
      <ReviewModal
        flag={reviewing}
        onClose={() => setReviewing(undefined)}
        onDone={() => {
          setReviewing(undefined);
          list.reload();
        }}
      />
      <ReportDrawer reportId={reportId} onClose={() => setReportId(undefined)} />
    </Card>
  );
}

function ReviewModal({ flag, onClose, onDone }: { flag?: FlagItem; onClose: () => void; onDone: () => void }) {
  return (
    <FlagReviewModal
      flagId={flag?.id}
      title={t('web.inspection.flags.reviewTitle')}
      labels={{
        status: t('web.inspection.flags.status'),
        statusRequired: t('web.inspection.flags.statusRequired'),
        outcome: t('web.inspection.flags.outcome'),
        outcomeRequired: t('web.inspection.flags.outcomeRequired'),
        upheld: enumLabel('flagStatus', 'upheld'),
        dismissed: enumLabel('flagStatus', 'dismissed'),
      }}
      review={reviewFlag}
      onClose={onClose}
      onDone={onDone}
    >
      {flag && (
        <Typography.Paragraph>
          <Tag color="orange">{enumLabel('flagCode', flag.code)}</Tag>
          {flag.message}
        </Typography.Paragraph>
      )}
      {flag && <Evidence evidence={flag.evidence} />}
    </FlagReviewModal>
  );
}
