import { Alert, Button, Card, Input, Select, Space, Table, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { listProjects } from '../../api/renovation.api.ts';
import { KINDS, PROJECT_STATUSES, type ProjectListItem } from '../../api/renovation.types.ts';
import { useSession } from '../../auth/auth-context.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { RegionSelect } from '../../components/region-select.tsx';
import { useAsync } from '../../components/use-async.ts';
import { formatDateTime } from '../../components/format.ts';
import { t } from '../../i18n.ts';
import { CreateProjectModal } from './create-project-modal.tsx';
import { money } from './renovation-logic.ts';
import { KindTag, ProjectStatusTag, SubsidyTag } from './renovation-tags.tsx';
import { oneOfFromUrl, regionFromUrl } from '../../components/url-filters.ts';

/** `/renovation/projects` 改造项目: projects in scope (server paging), filters, and 新建项目 for those who run them. */
export default function ProjectsPage() {
  const { can } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [filters, setFilters] = useState<{ regionCode?: string; kind?: string; status?: string; q?: string }>(() => ({ regionCode: regionFromUrl(params), status: oneOfFromUrl(params, 'status', PROJECT_STATUSES), kind: oneOfFromUrl(params, 'kind', KINDS) }));
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [creating, setCreating] = useState(false);
  const list = useAsync(() => listProjects({ ...filters, ...page }), [filters.regionCode, filters.kind, filters.status, filters.q, page.page, page.pageSize]);
  const filter = (patch: typeof filters) => {
    setFilters((f) => ({ ...f, ...patch }));
    setPage((p) => ({ ...p, page: 1 }));
  };
  const columns: TableColumnsType<ProjectListItem> = [
    { key: 'id', title: t('web.renovation.field.id'), width: 70, dataIndex: 'id' },
    { key: 'title', title: t('web.renovation.field.title'), ellipsis: true, render: (_: unknown, p) => <Link to={`/renovation/projects/${p.id}`}>{p.title}</Link> },
    { key: 'kind', title: t('web.renovation.field.kind'), width: 150, render: (_: unknown, p) => <KindTag kind={p.kind} /> },
    { key: 'status', title: t('web.renovation.field.status'), width: 110, render: (_: unknown, p) => <ProjectStatusTag status={p.status} /> },
    { key: 'subsidy', title: t('web.renovation.field.subsidyStatus'), width: 90, render: (_: unknown, p) => <SubsidyTag status={p.subsidyStatus} /> },
    { key: 'where', title: t('web.renovation.field.compound'), width: 220, ellipsis: true, render: (_: unknown, p) => [p.regionName, p.compound ?? p.useUnitName].filter(Boolean).join(' · ') },
    { key: 'elevators', title: t('web.renovation.field.elevatorCount'), width: 70, align: 'right', dataIndex: 'elevatorCount' },
    { key: 'budget', title: t('web.renovation.field.budget'), width: 140, align: 'right', render: (_: unknown, p) => money(p.budget) },
    { key: 'updatedAt', title: t('web.renovation.field.updatedAt'), width: 160, render: (_: unknown, p) => formatDateTime(p.updatedAt) },
  ];
  return (
    <Card>
      <PageHeader
        title={t('web.renovation.list.title')}
        extra={
          can('renovation.manage') ? (
            <Button type="primary" onClick={() => setCreating(true)}>
              {t('web.renovation.list.create')}
            </Button>
          ) : null
        }
      />
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search allowClear style={{ width: 260 }} placeholder={t('web.renovation.list.searchPlaceholder')} onSearch={(v) => filter({ q: v.trim() || undefined })} />
        <RegionSelect value={filters.regionCode} onChange={(v) => filter({ regionCode: v })} />
        <Select
          allowClear
          style={{ width: 170 }}
          placeholder={t('web.renovation.field.kind')}
          value={filters.kind}
          onChange={(v) => filter({ kind: v })}
          options={KINDS.map((k) => ({ value: k, label: t(`web.renovation.kind.${k}`) }))}
        />
        <Select
          allowClear
          style={{ width: 140 }}
          placeholder={t('web.renovation.field.status')}
          value={filters.status}
          onChange={(v) => filter({ status: v })}
          options={PROJECT_STATUSES.map((s) => ({ value: s, label: t(`web.renovation.status.${s}`) }))}
        />
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 12 }} />}
      <Table<ProjectListItem>
        data-testid="renovation-project-table"
        rowKey="id"
        size="small"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 1100 }}
        pagination={{ current: page.page, pageSize: page.pageSize, total: list.data?.total ?? 0, showSizeChanger: true, showTotal: (total) => t('web.common.total', { total }) }}
        onChange={(p) => setPage({ page: p.pageSize !== page.pageSize ? 1 : (p.current ?? 1), pageSize: p.pageSize ?? page.pageSize })}
      />
      <CreateProjectModal open={creating} onClose={() => setCreating(false)} onCreated={(id) => navigate(`/renovation/projects/${id}`)} />
    </Card>
  );
}
