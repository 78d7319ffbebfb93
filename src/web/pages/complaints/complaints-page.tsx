import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, Input, Select, Space, Statistic, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { getComplaintSummary, listComplaints } from '../../api/complaints.api.ts';
import type { Complaint, ComplaintCategory, ComplaintChannel, ComplaintStatus } from '../../api/complaints.types.ts';
import { COMPLAINT_CATEGORIES, COMPLAINT_CHANNELS, COMPLAINT_STATUSES } from '../../api/complaints.types.ts';
import { useSession } from '../../auth/auth-context.tsx';
import { formatDateTime } from '../../components/format.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { RegionSelect } from '../../components/region-select.tsx';
import { useAsync } from '../../components/use-async.ts';
import { t } from '../../i18n.ts';
import { CategoryTag, ClockCell, ComplaintStatusTag } from './complaint-bits.tsx';
import { ComplaintDrawer } from './complaint-drawer.tsx';
import { filtersFromParams, paramsFromFilters, queryOf, type ComplaintFilters } from './complaints-logic.ts';

/**
 * `/complaints` 投诉举报: complaints in the regulator's region, filters in the URL, overdue rows in red, the summary
 * on top and a drawer per complaint (`?id=`) with its timeline, actions, evidence and reward.
 */
export default function ComplaintsPage() {
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => filtersFromParams(params), [params]);
  const [codeText, setCodeText] = useState(filters.trackingCode ?? '');
  useEffect(() => setCodeText(filters.trackingCode ?? ''), [filters.trackingCode]);
  const [tick, setTick] = useState(0);
  const query = queryOf(filters);
  const list = useAsync(() => listComplaints(query), [JSON.stringify(query), tick]);
  const summary = useAsync(() => getComplaintSummary(filters.regionCode), [filters.regionCode, tick]);
  const openId = Number(params.get('id')) || undefined;

  const update = (patch: Partial<ComplaintFilters>) => setParams(paramsFromFilters({ ...filters, page: 1, ...patch }, params), { replace: true });
  const setId = (id?: number) => {
    const next = new URLSearchParams(params);
    if (id) next.set('id', String(id));
    else next.delete('id');
    setParams(next, { replace: !id });
  };

  const columns: TableColumnsType<Complaint> = [
    {
      key: 'code',
      title: t('web.complaints.field.trackingCode'),
      width: 150,
      render: (_: unknown, c) => (
        <div>
          <Typography.Text code>{c.trackingCode}</Typography.Text>
          <div style={{ fontSize: 12 }}>{formatDateTime(c.receivedAt)}</div>
        </div>
      ),
    },
    {
      key: 'what',
      title: t('web.complaints.field.description'),
      render: (_: unknown, c) => (
        <div>
          <Space size={4} wrap>
            <CategoryTag category={c.category} />
            {c.overdue && <Tag color="red">{t('web.complaints.overdueTag')}</Tag>}
            {c.repeats > 0 && <Tag color="purple">{t('web.complaints.repeatTag', { n: c.repeats })}</Tag>}
          </Space>
          <Typography.Paragraph ellipsis={{ rows: 2, tooltip: c.description }} style={{ margin: 0, fontSize: 12 }}>
            {c.description}
          </Typography.Paragraph>
        </div>
      ),
    },
    {
      key: 'where',
      title: t('web.complaints.field.elevator'),
      width: 220,
      render: (_: unknown, c) =>
        c.elevator ? (
          <div>
            <Link to={`/elevators/${c.elevator.registrationCode}`}>{c.elevator.registrationCode}</Link>
            <Typography.Text type="secondary" ellipsis={{ tooltip: c.elevator.address }} style={{ display: 'block', fontSize: 12, maxWidth: 220 }}>
              {c.elevator.address}
            </Typography.Text>
          </div>
        ) : (
          <Typography.Text style={{ fontSize: 12 }}>{c.address}</Typography.Text>
        ),
    },
    { key: 'channel', title: t('web.complaints.field.channel'), width: 110, render: (_: unknown, c) => t(`web.complaints.channel.${c.channel}`) },
    { key: 'regulator', title: t('web.complaints.field.regulator'), width: 160, ellipsis: true, render: (_: unknown, c) => c.regulator?.name ?? c.regionName },
    { key: 'ack', title: t('web.complaints.field.ackDue'), width: 150, render: (_: unknown, c) => <ClockCell clock={c.acknowledge} /> },
    { key: 'outcome', title: t('web.complaints.field.outcomeDue'), width: 150, render: (_: unknown, c) => <ClockCell clock={c.outcome} /> },
    { key: 'status', title: t('web.complaints.field.status'), width: 110, render: (_: unknown, c) => <ComplaintStatusTag status={c.status} /> },
    {
      key: 'actions',
      title: t('web.common.actions'),
      width: 80,
      fixed: 'right',
      render: (_: unknown, c) => (
        <Button size="small" type="link" onClick={() => setId(c.id)}>
          {t('web.complaints.detailButton')}
        </Button>
      ),
    },
  ];

  const s = summary.data;
  return (
    <Card>
      <PageHeader
        title={t('web.complaints.title')}
        extra={
          can('complaints.create') && (
            <Link to="/complaints/new">
              <Button type="primary" icon={<PlusOutlined />}>
                {t('web.complaints.menu.new')}
              </Button>
            </Link>
          )
        }
      />
      <Typography.Paragraph type="secondary">{t('web.complaints.intro')}</Typography.Paragraph>
      {s && (
        <Space size="large" wrap style={{ marginBottom: 12 }} data-testid="complaint-summary">
          <Statistic title={t('web.complaints.summary.open')} value={s.open} />
          <Statistic title={t('web.complaints.summary.overdue')} value={s.overdue} valueStyle={s.overdue ? { color: '#cf1322' } : undefined} />
          <Statistic title={t('web.complaints.summary.confirmed')} value={s.confirmed} />
          <Statistic title={t('web.complaints.summary.unfounded')} value={s.unfounded} />
        </Space>
      )}
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search allowClear style={{ width: 200 }} placeholder={t('web.complaints.filter.tracking')} value={codeText} onChange={(e) => setCodeText(e.target.value)} onSearch={(v) => update({ trackingCode: v.trim() || undefined })} />
        <Select<ComplaintStatus> allowClear style={{ width: 130 }} placeholder={t('web.complaints.filter.status')} value={filters.status} options={COMPLAINT_STATUSES.map((v) => ({ value: v, label: t(`web.complaints.status.${v}`) }))} onChange={(status) => update({ status })} />
        <Select<ComplaintCategory> allowClear style={{ width: 190 }} placeholder={t('web.complaints.filter.category')} value={filters.category} options={COMPLAINT_CATEGORIES.map((v) => ({ value: v, label: t(`web.complaints.category.${v}`) }))} onChange={(category) => update({ category })} />
        <Select<ComplaintChannel> allowClear style={{ width: 140 }} placeholder={t('web.complaints.filter.channel')} value={filters.channel} options={COMPLAINT_CHANNELS.map((v) => ({ value: v, label: t(`web.complaints.channel.${v}`) }))} onChange={(channel) => update({ channel })} />
        <RegionSelect value={filters.regionCode} onChange={(regionCode) => update({ regionCode })} />
        <Checkbox checked={!!filters.overdue} onChange={(e) => update({ overdue: e.target.checked || undefined })}>
          {t('web.complaints.filter.overdue')}
        </Checkbox>
        <Checkbox checked={!!filters.mine} onChange={(e) => update({ mine: e.target.checked || undefined })}>
          {t('web.complaints.filter.mine')}
        </Checkbox>
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 12 }} />}
      <Table<Complaint>
        data-testid="complaint-table"
        rowKey="id"
        size="small"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 1200 }}
        onRow={(c) => ({ 'data-complaint-id': c.id, 'data-status': c.status, 'data-overdue': String(c.overdue), style: c.overdue ? { background: '#fff1f0' } : undefined, onClick: () => setId(c.id) }) as React.HTMLAttributes<HTMLElement>}
        pagination={{
          current: filters.page,
          pageSize: filters.pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total: number) => t('web.common.total', { total }),
          onChange: (page: number, pageSize: number) => update({ page: pageSize !== filters.pageSize ? 1 : page, pageSize }),
        }}
      />
      <ComplaintDrawer complaintId={openId} onClose={() => setId()} onChanged={() => setTick((n) => n + 1)} />
    </Card>
  );
}
