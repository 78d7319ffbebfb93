import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Space, Table } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import { useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { exportElevators, getFacets, listElevators, type ElevatorFilters, type ElevatorSort } from '../../api/elevators.api.ts';
import type { ApiError } from '../../api/http.ts';
import type { ElevatorListItem } from '../../api/types.ts';
import { useSession } from '../../auth/auth-context.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { useAsync } from '../../components/use-async.ts';
import { t } from '../../i18n.ts';
import { ElevatorFormDrawer } from '../elevator/elevator-form-drawer.tsx';
import { FacetSummary } from './facet-summary.tsx';
import { FilterBar } from './filter-bar.tsx';
import { registryColumns } from './registry-columns.tsx';
import { DEFAULT_QUERY, filtersOf, listQueryOf, PAGE_SIZES, parseRegistryQuery, toSearchParams, withFilters, type RegistryQuery } from './registry-query.ts';

/** `/elevators`: the registry with filters in the URL, server-side paging and sorting, facets and export. */
export default function RegistryPage() {
  const { can } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const query = useMemo(() => parseRegistryQuery(params), [params]);
  const filters = useMemo(() => filtersOf(query), [query]);
  const key = toSearchParams(query).toString();
  const list = useAsync(() => listElevators(listQueryOf(query)), [key]);
  const facets = useAsync(() => getFacets(filters), [toSearchParams({ ...DEFAULT_QUERY, ...filters }).toString()]);
  const [exporting, setExporting] = useState<'csv' | 'xlsx'>();
  const [creating, setCreating] = useState(false);

  const go = (next: RegistryQuery) => setParams(toSearchParams(next));
  const changeFilters = (patch: Partial<ElevatorFilters>) => go(withFilters(query, patch));

  const onTableChange = (page: number, pageSize: number, sorter: SorterResult<ElevatorListItem>) => {
    const sort = sorter.order ? (sorter.columnKey as ElevatorSort) : DEFAULT_QUERY.sort;
    const order = sorter.order === 'descend' ? 'desc' : 'asc';
    const sortChanged = sort !== query.sort || order !== query.order || pageSize !== query.pageSize;
    go({ ...query, sort, order, pageSize, page: sortChanged ? 1 : page });
  };

  const runExport = async (format: 'csv' | 'xlsx') => {
    setExporting(format);
    try {
      await exportElevators(format, filters, t('web.registry.exportFileName'));
    } catch (e) {
      message.error((e as ApiError).message);
    } finally {
      setExporting(undefined);
    }
  };

  const extra = (
    <Space>
      {can('registry.export') && (
        <>
          <Button icon={<DownloadOutlined />} loading={exporting === 'csv'} onClick={() => void runExport('csv')}>
            {t('web.registry.exportCsv')}
          </Button>
          <Button icon={<DownloadOutlined />} loading={exporting === 'xlsx'} onClick={() => void runExport('xlsx')}>
            {t('web.registry.exportXlsx')}
          </Button>
        </>
      )}
      {can('registry.write') && (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {t('web.registry.create')}
        </Button>
      )}
    </Space>
  );

  return (
    <Card>
      <PageHeader title={t('web.registry.title')} extra={extra} />
      <FilterBar filters={filters} onChange={changeFilters} onReset={() => go(DEFAULT_QUERY)} />
      <FacetSummary facets={facets.data} />
      {list.error && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 12 }} />}
      <Table<ElevatorListItem>
        rowKey="registrationCode"
        size="middle"
        loading={list.loading}
        columns={registryColumns(query)}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 1500 }}
        pagination={{
          current: query.page,
          pageSize: query.pageSize,
          total: list.data?.total ?? 0,
          pageSizeOptions: PAGE_SIZES,
          showSizeChanger: true,
          showTotal: (total) => t(list.data?.totalCapped ? 'web.common.totalCapped' : 'web.common.total', { total }),
        }}
        onChange={(p, _f, sorter) =>
          onTableChange(p.current ?? 1, p.pageSize ?? query.pageSize, (Array.isArray(sorter) ? sorter[0] : sorter) ?? {})
        }
      />
      <ElevatorFormDrawer
        open={creating}
        onClose={() => setCreating(false)}
        onSaved={(e) => navigate(`/elevators/${e.registrationCode}`)}
      />
    </Card>
  );
}
