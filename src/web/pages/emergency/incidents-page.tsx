import { Alert, Button, Card, DatePicker, Input, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { listIncidents } from '../../api/emergency.api.ts';
import type { IncidentListItem } from '../../api/emergency.types.ts';
import { dayjs, formatDateTime } from '../../components/format.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { RegionSelect } from '../../components/region-select.tsx';
import { useAsync } from '../../components/use-async.ts';
import { enumLabel, enumOptions, t } from '../../i18n.ts';
import { IncidentDrawer } from './incident-drawer.tsx';
import { IncidentStatusTag, IncidentTypeTag, TierTag } from './incident-tags.tsx';
import { incidentSearchParams, PAGE_SIZES, parseIncidentQuery, type ListQuery } from './incidents-query.ts';

/** `/emergency/incidents` 救援事件: every incident in scope, searchable (filters in the URL), each opening the drawer. */
export default function IncidentsPage() {
  const [params, setParams] = useSearchParams();
  const query = useMemo(() => parseIncidentQuery(params), [params]);
  const openId = Number(params.get('id')) || undefined;
  const key = incidentSearchParams(query).toString();
  const list = useAsync(() => listIncidents(query), [key]);
  const [code, setCode] = useState(query.registrationCode ?? '');
  useEffect(() => setCode(query.registrationCode ?? ''), [query.registrationCode]);

  const go = (next: Partial<ListQuery>, id?: number) => setParams(incidentSearchParams(next, id));
  const filter = (patch: Partial<ListQuery>) => go({ ...query, ...patch, page: 1 });
  const open = (id: number | undefined) => go(query, id);

  const columns: TableColumnsType<IncidentListItem> = [
    {
      key: 'id',
      title: t('web.emergency.list.id'),
      width: 80,
      render: (_: unknown, i) => (
        <Button type="link" size="small" style={{ padding: 0 }} onClick={() => open(i.id)}>
          #{i.id}
        </Button>
      ),
    },
    { key: 'receivedAt', title: t('web.emergency.list.receivedAt'), width: 150, render: (_: unknown, i) => formatDateTime(i.receivedAt) },
    {
      key: 'type',
      title: t('web.emergency.list.type'),
      width: 130,
      render: (_: unknown, i) => (
        <Space size={2} wrap>
          <IncidentTypeTag type={i.type} />
          {i.trapped ? <Typography.Text type="secondary">{t('web.emergency.board.trappedPeople', { n: i.trapped })}</Typography.Text> : null}
        </Space>
      ),
    },
    { key: 'source', title: t('web.emergency.list.source'), width: 80, render: (_: unknown, i) => enumLabel('incidentSource', i.source) },
    {
      key: 'elevator',
      title: t('web.emergency.list.elevator'),
      render: (_: unknown, i) => (
        <div style={{ minWidth: 0 }}>
          <Link to={`/elevators/${i.registrationCode}`}>{i.registrationCode}</Link>
          <Typography.Text type="secondary" ellipsis={{ tooltip: i.address }} style={{ display: 'block', fontSize: 12, maxWidth: 360 }}>
            {i.address}
          </Typography.Text>
        </div>
      ),
    },
    { key: 'status', title: t('web.emergency.list.statusCol'), width: 90, render: (_: unknown, i) => <IncidentStatusTag status={i.status} /> },
    {
      key: 'tier',
      title: t('web.emergency.list.tier'),
      width: 220,
      render: (_: unknown, i) => (
        <div>
          <TierTag tier={i.tier} />
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
            {i.assignedOrg?.name ?? ''}
          </Typography.Text>
        </div>
      ),
    },
    { key: 'cause', title: t('web.emergency.list.cause'), width: 110, render: (_: unknown, i) => (i.cause ? enumLabel('cause', i.cause) : '') },
    {
      key: 'flags',
      title: t('web.emergency.list.flags'),
      width: 130,
      render: (_: unknown, i) => (
        <Space size={2} wrap>
          {i.breaches.map((b) => (
            <Tag key={b} color="red">
              {enumLabel('slaLeg', b)}
            </Tag>
          ))}
          {i.repeatOf !== null && <Tag color="magenta">{t('web.emergency.list.repeat')}</Tag>}
        </Space>
      ),
    },
  ];

  const range: [Dayjs, Dayjs] | null = query.from && query.to ? [dayjs(query.from), dayjs(query.to)] : null;
  return (
    <Card>
      <PageHeader title={t('web.emergency.list.title')} />
      <Space wrap size={[8, 8]} style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          style={{ width: 280 }}
          placeholder={t('web.emergency.list.codePlaceholder')}
          value={code}
          onChange={(e) => setCode(e.target.value)}
          onSearch={(v) => filter({ registrationCode: v.trim() || undefined })}
          enterButton={t('web.common.search')}
        />
        <Select
          allowClear
          placeholder={t('web.emergency.list.status')}
          style={{ width: 110 }}
          value={query.status}
          options={[
            { value: 'open', label: t('web.emergency.list.statusOpen') },
            { value: 'closed', label: t('web.emergency.list.statusClosed') },
          ]}
          onChange={(status?: 'open' | 'closed') => filter({ status })}
        />
        <Select allowClear placeholder={t('web.emergency.list.type')} style={{ width: 110 }} value={query.type} options={enumOptions('incidentType')} onChange={(type?: ListQuery['type']) => filter({ type })} />
        <Select allowClear placeholder={t('web.emergency.list.source')} style={{ width: 120 }} value={query.source} options={enumOptions('incidentSource')} onChange={(source?: ListQuery['source']) => filter({ source })} />
        <DatePicker.RangePicker
          value={range}
          placeholder={[t('web.emergency.list.range'), t('web.emergency.list.range')]}
          onChange={(v) => filter({ from: v?.[0]?.format('YYYY-MM-DD'), to: v?.[1]?.format('YYYY-MM-DD') })}
        />
        <RegionSelect value={query.regionCode} onChange={(regionCode) => filter({ regionCode })} placeholder={t('web.emergency.list.region')} />
        <Button onClick={() => go({ page: 1, pageSize: query.pageSize })}>{t('web.common.reset')}</Button>
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 12 }} />}
      <Table<IncidentListItem>
        data-testid="incident-table"
        rowKey="id"
        size="middle"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 1300 }}
        onRow={(i) => ({ 'data-incident-id': i.id }) as React.HTMLAttributes<HTMLElement>}
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
      <IncidentDrawer incidentId={openId} onClose={() => open(undefined)} onChanged={list.reload} />
    </Card>
  );
}
