import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Input, Select, Space, Table, Tag, Tooltip, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { listOrgs, type OrgQuery } from '../../api/orgs.api.ts';
import type { Org } from '../../api/types.ts';
import { useSession } from '../../auth/auth-context.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { RegionSelect } from '../../components/region-select.tsx';
import { useAsync } from '../../components/use-async.ts';
import { enumLabel, enumOptions, t } from '../../i18n.ts';
import { OrgFormModal } from './org-form-modal.tsx';

function licences(org: Org) {
  if (org.licences.length === 0) return t('web.common.none');
  const expired = org.licences.filter((l) => l.expired).length;
  const detail = org.licences.map((l) => `${l.kind} ${l.number}${l.expiresOn ? ` (${l.expiresOn})` : ''}`).join('\n');
  return (
    <Tooltip title={<div style={{ whiteSpace: 'pre-line' }}>{detail}</div>}>
      <Space size={4}>
        <Tag>{t('web.orgs.licenceCount', { n: org.licences.length })}</Tag>
        {expired > 0 && <Tag color="red">{t('web.orgs.licenceExpired', { n: expired })}</Tag>}
      </Space>
    </Tooltip>
  );
}

/** `/orgs`: organisations by type and region, with create/edit for orgs.write. */
export default function OrgsPage() {
  const { can } = useSession();
  const [query, setQuery] = useState<OrgQuery>({ page: 1, pageSize: 20 });
  const [editing, setEditing] = useState<{ org?: Org } | null>(null);
  const list = useAsync(() => listOrgs(query), [JSON.stringify(query)]);
  const patch = (p: Partial<OrgQuery>) => setQuery((q) => ({ ...q, ...p, page: 1 }));

  const columns: TableColumnsType<Org> = [
    { key: 'name', title: t('web.orgs.name'), dataIndex: 'name', width: 280, ellipsis: true },
    { key: 'creditCode', title: t('web.orgs.creditCode'), dataIndex: 'creditCode', width: 190 },
    { key: 'type', title: t('web.orgs.type'), dataIndex: 'type', width: 150, render: (v: string) => enumLabel('orgType', v) },
    { key: 'region', title: t('web.orgs.region'), dataIndex: 'regionName', width: 200, ellipsis: true },
    { key: 'contact', title: t('web.orgs.contactName'), width: 170, render: (_: unknown, o) => [o.contactName, o.contactPhone].filter(Boolean).join(' ') },
    { key: 'hotline', title: t('web.orgs.hotline'), dataIndex: 'hotline', width: 130 },
    { key: 'licences', title: t('web.orgs.licences'), width: 170, render: (_: unknown, o) => licences(o) },
    {
      key: 'active',
      title: t('web.orgs.active'),
      dataIndex: 'active',
      width: 70,
      render: (a: boolean) => <Tag color={a ? 'green' : 'default'}>{a ? t('web.common.active') : t('web.common.inactive')}</Tag>,
    },
    ...(can('orgs.write')
      ? [{ key: 'actions', title: t('web.common.actions'), width: 80, render: (_: unknown, o: Org) => <Button type="link" size="small" onClick={() => setEditing({ org: o })}>{t('web.common.edit')}</Button> }]
      : []),
  ];

  return (
    <Card>
      <PageHeader
        title={t('web.orgs.title')}
        extra={can('orgs.write') && <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})}>{t('web.orgs.create')}</Button>}
      />
      <Space wrap style={{ marginBottom: 12 }}>
        <Select allowClear placeholder={t('web.orgs.typePlaceholder')} style={{ width: 180 }} options={enumOptions('orgType')} onChange={(type?: string) => patch({ type })} />
        <RegionSelect value={query.regionCode} onChange={(regionCode) => patch({ regionCode })} />
        <Input.Search allowClear placeholder={t('web.orgs.searchPlaceholder')} style={{ width: 280 }} onSearch={(q) => patch({ q: q.trim() || undefined })} enterButton={t('web.common.search')} />
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 12 }} />}
      <Table<Org>
        rowKey="id"
        size="middle"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 1400 }}
        pagination={{ current: query.page, pageSize: query.pageSize, total: list.data?.total ?? 0, showSizeChanger: true, showTotal: (total) => t('web.common.total', { total }) }}
        onChange={(p) => setQuery((q) => ({ ...q, page: p.current ?? 1, pageSize: p.pageSize ?? 20 }))}
      />
      <OrgFormModal open={editing !== null} org={editing?.org} onClose={() => setEditing(null)} onSaved={list.reload} />
    </Card>
  );
}
