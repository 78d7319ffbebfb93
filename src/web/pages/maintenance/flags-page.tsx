import { Alert, Button, Card, Select, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { listMaintenanceFlags, reviewMaintenanceFlag } from '../../api/maintenance.api.ts';
import type { MaintenanceFlagItem, MaintenanceFlagStatus } from '../../api/maintenance.types.ts';
import { useSession } from '../../auth/auth-context.tsx';
import { formatDateTime } from '../../components/format.ts';
import { FlagReviewModal } from '../../components/flag-review-modal.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { RegionSelect } from '../../components/region-select.tsx';
import { useAsync } from '../../components/use-async.ts';
import { enumOptions, t } from '../../i18n.ts';
import { Evidence } from '../inspection/inspection-bits.tsx';
import { FlagCodeTag, MaintenanceFlagStatusTag } from './maintenance-bits.tsx';
import { RecordDrawer } from './records-page.tsx';
import { oneOfFromUrl, regionFromUrl } from '../../components/url-filters.ts';

const STATUSES: MaintenanceFlagStatus[] = ['open', 'upheld', 'dismissed'];

/** `/maintenance/flags` 核查提示: the platform's checks on maintenance records, with evidence; regulators record the outcome. */
export default function MaintenanceFlagsPage() {
  const { can } = useSession();
  const [params] = useSearchParams();
  const [status, setStatus] = useState<MaintenanceFlagStatus | undefined>(() => oneOfFromUrl(params, 'status', ['open', 'upheld', 'dismissed']) ?? 'open');
  const [code, setCode] = useState<string>();
  const [regionCode, setRegion] = useState<string | undefined>(() => regionFromUrl(params));
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [reviewing, setReviewing] = useState<MaintenanceFlagItem>();
  const [recordId, setRecordId] = useState<number>();
  const list = useAsync(() => listMaintenanceFlags({ status, code, regionCode, ...page }), [status, code, regionCode, page.page, page.pageSize]);
  const filter = (fn: () => void) => {
    fn();
    setPage((p) => ({ ...p, page: 1 }));
  };

  const columns: TableColumnsType<MaintenanceFlagItem> = [
    { key: 'createdAt', title: t('web.maintenance.field.createdAt'), width: 140, render: (_: unknown, f) => formatDateTime(f.createdAt) },
    {
      key: 'record',
      title: t('web.maintenance.flags.record'),
      width: 240,
      render: (_: unknown, f) => (
        <div>
          <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setRecordId(f.recordId)}>
            #{f.recordId}
          </Button>
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
            {f.company}
          </Typography.Text>
          <Link to={`/elevators/${f.registrationCode}`} style={{ fontSize: 12 }}>
            {f.registrationCode}
          </Link>
        </div>
      ),
    },
    {
      key: 'flag',
      title: t('web.maintenance.flags.flag'),
      render: (_: unknown, f) => (
        <div>
          <Space size={4} wrap>
            <FlagCodeTag code={f.code} />
            <span>{f.message}</span>
          </Space>
          <Evidence evidence={f.evidence} />
          {f.outcome && (
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
              {t('web.maintenance.field.outcome')}：{f.outcome}
            </Typography.Text>
          )}
        </div>
      ),
    },
    { key: 'status', title: t('web.maintenance.flags.status'), width: 90, render: (_: unknown, f) => <MaintenanceFlagStatusTag status={f.status} /> },
    {
      key: 'actions',
      title: t('web.common.actions'),
      width: 90,
      render: (_: unknown, f) =>
        can('maintenance.review') && f.status === 'open' ? (
          <Button size="small" type="primary" onClick={() => setReviewing(f)}>
            {t('web.maintenance.flags.review')}
          </Button>
        ) : null,
    },
  ];

  return (
    <Card>
      <PageHeader title={t('web.maintenance.flags.title')} />
      <Typography.Paragraph type="secondary">{t('web.maintenance.flags.intro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          style={{ width: 120 }}
          placeholder={t('web.maintenance.flags.status')}
          value={status}
          options={STATUSES.map((s) => ({ value: s, label: t(`web.maintenance.flagStatus.${s}`) }))}
          onChange={(v?: MaintenanceFlagStatus) => filter(() => setStatus(v))}
        />
        <Select allowClear style={{ width: 200 }} placeholder={t('web.maintenance.flags.flag')} value={code} options={enumOptions('maintenanceFlag')} onChange={(v?: string) => filter(() => setCode(v))} />
        <RegionSelect value={regionCode} onChange={(v) => filter(() => setRegion(v))} />
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 12 }} />}
      <Table<MaintenanceFlagItem>
        data-testid="maintenance-flag-table"
        rowKey="id"
        size="small"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 1000 }}
        onRow={(f) => ({ 'data-flag-code': f.code }) as React.HTMLAttributes<HTMLElement>}
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
      <RecordDrawer recordId={recordId} onClose={() => setRecordId(undefined)} />
    </Card>
  );
}

function ReviewModal({ flag, onClose, onDone }: { flag?: MaintenanceFlagItem; onClose: () => void; onDone: () => void }) {
  return (
    <FlagReviewModal
      flagId={flag?.id}
      title={t('web.maintenance.flags.reviewTitle')}
      labels={{
        status: t('web.maintenance.flags.status'),
        statusRequired: t('web.maintenance.flags.statusRequired'),
        outcome: t('web.maintenance.field.outcome'),
        outcomeRequired: t('web.maintenance.flags.outcomeRequired'),
        upheld: t('web.maintenance.flagStatus.upheld'),
        dismissed: t('web.maintenance.flagStatus.dismissed'),
      }}
      review={reviewMaintenanceFlag}
      onClose={onClose}
      onDone={onDone}
    >
      {flag && (
        <Typography.Paragraph>
          <FlagCodeTag code={flag.code} />
          {flag.message}
        </Typography.Paragraph>
      )}
      {flag && <Evidence evidence={flag.evidence} />}
    </FlagReviewModal>
  );
}
