import { UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, DatePicker, Input, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { listReports } from '../../api/inspection.api.ts';
import type { ReportListItem } from '../../api/inspection.types.ts';
import { getOrg } from '../../api/orgs.api.ts';
import { useSession } from '../../auth/auth-context.tsx';
import { dayjs } from '../../components/format.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { RegionSelect } from '../../components/region-select.tsx';
import { useAsync } from '../../components/use-async.ts';
import { enumLabel, enumOptions, t } from '../../i18n.ts';
import { ConclusionTag } from './inspection-bits.tsx';
import { ReportDrawer } from './report-drawer.tsx';
import { ReportUploadDrawer } from './report-upload-drawer.tsx';
import { PAGE_SIZES, parseReportQuery, reportSearchParams, type ReportListQuery } from './reports-query.ts';

/** `/inspection/reports` 检验报告: reports in scope, searchable (filters in the URL); inspectors upload reports here. */
export default function ReportsPage() {
  const { me, can } = useSession();
  const [params, setParams] = useSearchParams();
  const query = useMemo(() => parseReportQuery(params), [params]);
  const openId = Number(params.get('id')) || undefined;
  const key = reportSearchParams(query).toString();
  const list = useAsync(() => listReports(query), [key]);
  const [code, setCode] = useState(query.registrationCode ?? '');
  useEffect(() => setCode(query.registrationCode ?? ''), [query.registrationCode]);
  const [uploading, setUploading] = useState(false);
  const mayUpload = can('inspection.submit');
  const ownOrg = useAsync(() => (mayUpload && me.orgType === 'inspection' ? getOrg(me.orgId) : Promise.resolve(undefined)), [me.orgId, mayUpload]);

  const go = (next: Partial<ReportListQuery>, id?: number) => setParams(reportSearchParams(next, id));
  const filter = (patch: Partial<ReportListQuery>) => go({ ...query, ...patch, page: 1 });
  const open = (id: number | undefined) => go(query, id);

  const columns: TableColumnsType<ReportListItem> = [
    {
      key: 'reportNo',
      title: t('web.inspection.field.reportNo'),
      width: 200,
      render: (_: unknown, r) => (
        <Button type="link" size="small" style={{ padding: 0 }} onClick={() => open(r.id)}>
          {r.reportNo}
        </Button>
      ),
    },
    { key: 'date', title: t('web.inspection.field.date'), dataIndex: 'date', width: 110 },
    { key: 'type', title: t('web.inspection.field.type'), width: 100, render: (_: unknown, r) => enumLabel('reportType', r.type) },
    {
      key: 'elevator',
      title: t('web.inspection.field.registrationCode'),
      render: (_: unknown, r) => (
        <div style={{ minWidth: 0 }}>
          <Link to={`/elevators/${r.registrationCode}`}>{r.registrationCode}</Link>
          <Typography.Text type="secondary" ellipsis={{ tooltip: r.address }} style={{ display: 'block', fontSize: 12, maxWidth: 360 }}>
            {r.address}
          </Typography.Text>
        </div>
      ),
    },
    { key: 'agency', title: t('web.inspection.field.agency'), width: 240, ellipsis: true, render: (_: unknown, r) => r.agency.name },
    { key: 'conclusion', title: t('web.inspection.field.conclusion'), width: 100, render: (_: unknown, r) => <ConclusionTag conclusion={r.conclusion} /> },
    {
      key: 'marks',
      title: t('web.inspection.list.marks'),
      width: 170,
      render: (_: unknown, r) => (
        <Space size={2} wrap>
          {r.flagCount > 0 && <Tag color="orange">{t('web.inspection.list.flagCount', { n: r.flagCount })}</Tag>}
          {r.defectCount > 0 && <Tag color="red">{t('web.inspection.list.defectCount', { n: r.defectCount })}</Tag>}
        </Space>
      ),
    },
  ];

  const range: [Dayjs, Dayjs] | null = query.from && query.to ? [dayjs(query.from), dayjs(query.to)] : null;
  return (
    <Card>
      <PageHeader
        title={t('web.inspection.list.title')}
        extra={
          mayUpload && (
            <Button type="primary" icon={<UploadOutlined />} onClick={() => setUploading(true)}>
              {t('web.inspection.upload.title')}
            </Button>
          )
        }
      />
      <Space wrap size={[8, 8]} style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          style={{ width: 280 }}
          placeholder={t('web.inspection.list.codePlaceholder')}
          value={code}
          onChange={(e) => setCode(e.target.value)}
          onSearch={(v) => filter({ registrationCode: v.trim() || undefined })}
          enterButton={t('web.common.search')}
        />
        <Select allowClear placeholder={t('web.inspection.field.conclusion')} style={{ width: 130 }} value={query.conclusion} options={enumOptions('conclusion')} onChange={(conclusion?: ReportListQuery['conclusion']) => filter({ conclusion })} />
        <Select
          allowClear
          placeholder={t('web.inspection.list.flagged')}
          style={{ width: 130 }}
          value={query.flagged}
          options={[
            { value: 'true', label: t('web.inspection.list.flaggedYes') },
            { value: 'false', label: t('web.inspection.list.flaggedNo') },
          ]}
          onChange={(flagged?: 'true' | 'false') => filter({ flagged })}
        />
        <DatePicker.RangePicker value={range} onChange={(v) => filter({ from: v?.[0]?.format('YYYY-MM-DD'), to: v?.[1]?.format('YYYY-MM-DD') })} />
        <RegionSelect value={query.regionCode} onChange={(regionCode) => filter({ regionCode })} />
        <Button onClick={() => go({ page: 1, pageSize: query.pageSize })}>{t('web.common.reset')}</Button>
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 12 }} />}
      <Table<ReportListItem>
        data-testid="report-table"
        rowKey="id"
        size="middle"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 1200 }}
        pagination={{
          current: query.page,
          pageSize: query.pageSize,
          total: list.data?.total ?? 0,
          pageSizeOptions: PAGE_SIZES,
          showSizeChanger: true,
          showTotal: (total) => t('web.common.total', { total }),
        }}
        onChange={(p) => go({ ...query, page: p.pageSize !== query.pageSize ? 1 : (p.current ?? 1), pageSize: p.pageSize ?? query.pageSize })}
      />
      <ReportDrawer reportId={openId} onClose={() => open(undefined)} />
      {mayUpload && (
        <ReportUploadDrawer
          open={uploading}
          onClose={() => setUploading(false)}
          agencyCreditCode={ownOrg.data?.creditCode ?? undefined}
          agencyLocked={me.orgType === 'inspection' && Boolean(ownOrg.data?.creditCode)}
          onSubmitted={list.reload}
          onOpenReport={(id) => {
            setUploading(false);
            open(id);
          }}
        />
      )}
    </Card>
  );
}
